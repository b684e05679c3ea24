"""Every export format behind one call: ``write_export(store, fmt, out)``.

``FORMATS`` maps a format name to its :class:`ExportFormat`. ``out`` is a path or, for
the single-file formats, an open text stream (stdout). ``csv`` writes several tables, so
it needs a path: a folder, or a zip when the path ends in ``.zip``.

========== ============================================= ===========================
format     what                                          out
========== ============================================= ===========================
json       everything, documented schema (docs/export.md) file or stream
csv        articles, entities, events, claims,           folder or .zip
           contradictions, mentions tables
timelinejs TimelineJS 3 JSON of the dated events          file or stream
graphml    entity/event graph for Gephi, Cytoscape        file or stream
html       the self-contained HTML report                 file or stream
md         a Markdown report                              file or stream
========== ============================================= ===========================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from storyline.errors import ConfigError
from storyline.store.base import Store


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    description: str
    suffix: str  # the usual file name ending ("" for a folder)
    counted: str  # what the returned count counts
    write: Callable[[Store, IO[str], str], int] | None = None  # single-file formats


@dataclass(frozen=True, slots=True)
class ExportResult:
    format: str
    count: int
    counted: str
    path: Path | None  # None when written to a stream

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "output"
        return f"wrote {self.count} {self.counted} to {where}"


def _json(store: Store, out: IO[str], title: str) -> int:
    from storyline.views.export import write_json

    return write_json(store, out)


def _timelinejs(store: Store, out: IO[str], title: str) -> int:
    from storyline.views.export_formats.timelinejs import write_timelinejs

    return write_timelinejs(store, out, title=title)


def _graphml(store: Store, out: IO[str], title: str) -> int:
    from storyline.views.export_formats.graphml import write_graphml

    return write_graphml(store, out)


def _html(store: Store, out: IO[str], title: str) -> int:
    from storyline.views.report import render_report

    out.write(render_report(store, title=title))
    return store.count_articles()


def _markdown(store: Store, out: IO[str], title: str) -> int:
    from storyline.views.export_formats.markdown import write_markdown

    return write_markdown(store, out, title=title)


FORMATS: dict[str, ExportFormat] = {
    spec.name: spec
    for spec in (
        ExportFormat("json", "everything, in the documented schema", ".json", "article(s)", _json),
        ExportFormat("csv", "one CSV table per record kind (folder or .zip)", "", "row(s)"),
        ExportFormat("timelinejs", "TimelineJS 3 JSON of the dated events", ".json",
                     "event(s)", _timelinejs),
        ExportFormat("graphml", "entity/event graph (Gephi, Cytoscape)", ".graphml",
                     "node(s)", _graphml),
        ExportFormat("html", "the self-contained HTML report", ".html", "article(s)", _html),
        ExportFormat("md", "a Markdown report", ".md", "article(s)", _markdown),
    )
}

DEFAULT_TITLE = "storyline report"


def write_export(
    store: Store, fmt: str, out: str | Path | IO[str], *, title: str = DEFAULT_TITLE
) -> ExportResult:
    """Write ``store`` in format ``fmt`` to ``out`` (a path, or a text stream).

    Raises :class:`~storyline.errors.ConfigError` for an unknown format, or for ``csv``
    given a stream.
    """
    spec = FORMATS.get(fmt)
    if spec is None:
        raise ConfigError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if spec.write is None:
        if not isinstance(out, (str, Path)):
            raise ConfigError("the csv export writes several files: give a folder or a .zip path")
        from storyline.views.export_formats.tables import write_csv

        counts = write_csv(store, out)
        return ExportResult(fmt, sum(counts.values()), spec.counted, Path(out))
    if isinstance(out, (str, Path)):
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            count = spec.write(store, handle, title)
        return ExportResult(fmt, count, spec.counted, path)
    return ExportResult(fmt, spec.write(store, out, title), spec.counted, None)


__all__ = ["DEFAULT_TITLE", "FORMATS", "ExportFormat", "ExportResult", "write_export"]
