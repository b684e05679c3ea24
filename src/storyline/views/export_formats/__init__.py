"""One module per export format; :mod:`storyline.views.exports` dispatches to them."""
