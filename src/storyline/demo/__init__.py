"""The bundled demo: a small corpus about one developing story, written for storyline.

``storyline demo`` ingests it into a fresh store, prints what it found and writes
the HTML report. The corpus doubles as a test fixture (see ``corpus/EXPECTED.json``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.views.report import write_report
from storyline.views.summary import StoreSummary, summarize
from storyline.views.timeline import display_date

# Files in the corpus folder that describe the corpus rather than belong to it.
NOT_ARTICLES = {"README.md", "EXPECTED.json"}


def corpus_dir() -> Path:
    return Path(str(resources.files("storyline.demo").joinpath("corpus")))


def corpus_files() -> list[Path]:
    return sorted(
        path
        for path in corpus_dir().rglob("*")
        if path.is_file() and path.name not in NOT_ARTICLES and not path.name.startswith(".")
    )


def _line(text: str | None, width: int) -> str:
    """Untrusted text as one terminal line of at most ``width`` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_summary(summary: StoreSummary) -> list[str]:
    lines = [
        f"{len(summary.articles)} articles from {len(summary.outlets)} outlets, "
        f"{summary.independent_sources} independent sources, {len(summary.groups)} copy group(s), "
        f"{len(summary.failures)} failure(s)",
    ]
    if summary.first_date:
        lines.append(f"dated articles span {summary.first_date} to {summary.last_date}")
    lines.append("")
    lines.append("Articles (date · how it was found · outlet · title):")
    for a in summary.chronological():
        inferred = summary.inferred_dates.get(a.id)
        when, how = a.published or "undated   ", a.published_source
        if a.published is None and inferred is not None:
            when, how = "≈" + (inferred["value"] or inferred["earliest"]), "inferred"
        outlet = a.outlet or "?"
        if a.original_outlet and a.original_outlet != a.outlet:
            outlet += f" (from {a.original_outlet})"
        lines.append(
            f"  {when:11} {how:8}  {outlet[:34]:34}  "
            f"{(a.title or '(untitled)')[:60]}"
        )
    lines.append("")
    lines.append("How dates were found: " + ", ".join(f"{n} {k}" for k, n in summary.date_sources))
    lines.append("Outlets: " + ", ".join(f"{k} ({n})" for k, n in summary.outlets))
    if summary.groups:
        lines.append("")
        lines.append("Copy groups (counted as one source each):")
        for group in summary.groups:
            original = summary.by_id.get(group.original_id)
            lines.append(
                f"  {group.id}: original {original.outlet if original else '?'} "
                f"“{(original.title if original else '') or '(untitled)'}”"
            )
            for member in group.member_ids:
                if member == group.original_id or member not in summary.by_id:
                    continue
                copy = summary.by_id[member]
                lines.append(f"      {copy.relation:8} {copy.outlet or '?'} “{copy.title or '(untitled)'}”")
    if summary.inferred_dates:
        lines.append("")
        lines.append("Dates inferred for undated articles (from the dated ones):")
        for article_id, dating in summary.inferred_dates.items():
            article = summary.by_id.get(article_id)
            when = dating["value"] or f"{dating['earliest']} … {dating['latest']}"
            reason = dating["reasons"][0]["detail"] if dating["reasons"] else ""
            title = (article.title if article else None) or "(untitled)"
            lines.append(f"  {when:24} {_line(title, 50)}")
            lines.append(f"  {'':24} because {_line(reason, 90)}")
    if summary.timeline:
        lines.append("")
        lines.append("Timeline (events reported by the most independent sources):")
        for entry in summary.timeline:
            when = display_date(entry["date"]) + (
                f"…{display_date(entry['end_date'])}" if entry.get("end_date") else "")
            lines.append(
                f"  {when:24} {entry['event_type']:10} {entry['status']:10} "
                f"[{entry['independent_source_count']} src] {_line(entry['summary'], 70)}"
            )
    if summary.claims:
        lines.append("")
        lines.append("Best-sourced claims (independent/raw sources; copies count once):")
        for claim in summary.claims[:8]:
            counts = f"{claim['independent_source_count']}/{claim['raw_source_count']}"
            speaker = _line(claim["speaker"] or "?", 24)
            lines.append(f"  {counts:>5} {claim['stance']:7} {speaker:24} {_line(claim['content'], 70)}")
    if summary.contradictions:
        lines.append("")
        lines.append("Contradictions and evolving numbers:")
        for item in summary.contradictions[:6]:
            lines.append(f"  {item['kind']:18} {_line(item['detail'], 100)}")
    if summary.failures:
        lines.append("")
        lines.append("Failures:")
        for stored in summary.failures:
            f = stored.failure
            lines.append(f"  {f.source}: {f.stage} {f.code} {f.reason}")
    return lines


def run_demo(db: str | Path, report_path: str | Path, echo: Callable[[str], None] = print) -> StoreSummary:
    """Ingest the demo corpus into a fresh store at ``db`` and write the report."""
    db_path = Path(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    store = open_store(str(db_path))
    try:
        files = [str(path) for path in corpus_files()]
        echo(f"storyline demo: ingesting {len(files)} files of the bundled corpus into {db_path}")
        report = ingest(files, store)
        echo(f"ingested {report.added} articles in {report.seconds:.1f}s")
        analysis = analyze_pending(store)
        echo(f"language layer: {analysis.analyzed} articles analysed ({analysis.describe()})")
        fusion = fuse(store)
        echo(
            "cross-article picture: "
            + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in fusion.counts.items())
        )
        echo("")
        summary = summarize(store)
        for line in format_summary(summary):
            echo(line)
        path = write_report(store, report_path, title="storyline demo: the bundled story")
        echo("")
        echo(f"HTML report: {path.resolve()}  (opens offline in any browser)")
        echo(f"Web interface: storyline serve --db {db_path}  (then open http://127.0.0.1:8000)")
        return summary
    finally:
        store.close()


__all__ = ["corpus_dir", "corpus_files", "format_summary", "run_demo"]
