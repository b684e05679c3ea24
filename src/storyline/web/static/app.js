// storyline: small enhancements shared by every page (no inline handlers; CSP script-src 'self').
"use strict";
(function () {
  function filterClaims() {
    var stance = document.getElementById("f-stance");
    var conflicts = document.getElementById("f-conflicts");
    if (!stance) return;
    var rows = document.querySelectorAll("#claims-section table.claims tbody tr");
    rows.forEach(function (row) {
      var ok = (!stance.value || row.dataset.stance === stance.value) &&
        (!conflicts.checked || row.querySelector("a.conflict") !== null);
      row.hidden = !ok;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var stance = document.getElementById("f-stance");
    if (stance) {
      stance.addEventListener("change", filterClaims);
      document.getElementById("f-conflicts").addEventListener("change", filterClaims);
    }
  });
})();
