// storyline "bring articles": send the form with fetch, then poll the job until it is done.
"use strict";
(function () {
  var STEPS = { queued: 0, ingesting: 1, analyzing: 2, fusing: 3, done: 4, failed: 4 };

  function item(list, text, href) {
    var li = document.createElement("li");
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      li.appendChild(a);
    } else {
      li.textContent = text;
    }
    list.appendChild(li);
  }

  function show(job) {
    var state = document.getElementById("ingest-state");
    state.textContent = job.state + " · " + job.documents_seen + " document(s) read, " + job.added +
      " new, " + job.unchanged + " already stored, " + job.failed + " failed" +
      (job.analyzed ? ", " + job.analyzed + " analysed" : "") + (job.error ? " · " + job.error : "");
    state.dataset.state = job.state;
    document.getElementById("ingest-bar").value = STEPS[job.state] || 0;
    if (!job.done) return;
    var added = document.getElementById("ingest-added");
    var failures = document.getElementById("ingest-failures");
    added.textContent = "";
    failures.textContent = "";
    job.added_articles.forEach(function (a) {
      item(added, a.title || "(untitled) " + a.id, "/articles/" + encodeURIComponent(a.id));
    });
    if (job.added_articles.length) item(added, "back to the stories", "/");
    job.failures.forEach(function (f) { item(failures, f.source + ": [" + f.stage + " " + f.code + "] " + f.reason); });
  }

  function poll(url, button) {
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (job) {
      show(job);
      if (job.done) { button.disabled = false; return; }
      window.setTimeout(function () { poll(url, button); }, 700);
    }).catch(function (error) {
      document.getElementById("ingest-state").textContent = "lost contact: " + error;
      button.disabled = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("ingest-form");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = document.getElementById("ingest-submit");
      var panel = document.getElementById("ingest-progress");
      button.disabled = true;
      panel.hidden = false;
      document.getElementById("ingest-state").textContent = "sending…";
      fetch("/api/ingest", { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (r) {
          return r.json().then(function (body) { return { ok: r.ok, body: body }; });
        })
        .then(function (answer) {
          if (!answer.ok) {
            var detail = answer.body.detail;
            document.getElementById("ingest-state").textContent =
              "refused: " + (typeof detail === "string" ? detail : JSON.stringify(detail));
            button.disabled = false;
            return;
          }
          show(answer.body);
          poll("/api/ingest/" + encodeURIComponent(answer.body.id), button);
        })
        .catch(function (error) {
          document.getElementById("ingest-state").textContent = "failed: " + error;
          button.disabled = false;
        });
    });
  });
})();
