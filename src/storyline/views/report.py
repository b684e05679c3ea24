"""The self-contained HTML report: one file, inline CSS, no scripts, opens offline.

Article content is untrusted: the template autoescapes every value.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from storyline import __version__
from storyline.store.base import Store
from storyline.views.summary import summarize


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("storyline", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(store: Store, *, title: str = "storyline report") -> str:
    summary = summarize(store)
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        summary=summary,
        version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(store: Store, path: str | Path, *, title: str = "storyline report") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(store, title=title), encoding="utf-8")
    return path


__all__ = ["render_report", "write_report"]
