"""The ``storyline`` command line: a thin click layer over the library.

Every command takes ``--db`` (default ``./storyline.db``); nothing is computed here
that the library does not already offer.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click

from storyline import __version__
from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import StorylineError
from storyline.store import DEFAULT_DB, open_store
from storyline.store.base import Store

F = Callable[..., Any]

# Mirrors storyline.views.exports.FORMATS without importing the writers at start-up.
EXPORT_FORMATS = ("json", "csv", "timelinejs", "graphml", "html", "md")

# Mirrors storyline.evaluation.TASKS without importing the evaluation modules at start-up.
EVALUATIONS = (
    "timex", "entities", "attribution", "events", "html",
    "coref", "event-coref", "stories", "dating", "timeline",
)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        default=DEFAULT_DB,
        show_default=True,
        envvar="STORYLINE_DB",
        help="Store to use: a SQLite file (created if missing) or a postgresql:// URL. "
        "Also read from STORYLINE_DB.",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(func)


def with_store(func: F) -> F:
    """Open the store named by --db, pass it as ``store``, close it, translate errors."""

    @db_option
    @functools.wraps(func)
    def wrapper(db: str, **kwargs: Any) -> Any:
        try:
            store = open_store(db)
        except StorylineError as exc:
            raise click.ClickException(str(exc)) from exc
        try:
            return func(store=store, **kwargs)
        except StorylineError as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            store.close()

    return wrapper


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def cli() -> None:
    """storyline: turn a pile of news articles about a developing story into a
    sourced, dated, deduplicated picture of it.

    Start with `storyline demo`, or `storyline ingest FOLDER` then
    `storyline timeline`, `storyline claims`, `storyline brief`,
    `storyline serve` (the web interface) or `storyline report`.
    """


# --------------------------------------------------------------------------- ingest
@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@with_store
@json_option
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_LIMITS.max_bytes,
    show_default=True,
    help="Largest document (file, download, archive record) accepted, in bytes.",
)
@click.option(
    "--timeout",
    type=float,
    default=DEFAULT_LIMITS.url_timeout_s,
    show_default=True,
    help="Seconds allowed per URL download.",
)
@click.option(
    "--max-redirects",
    type=int,
    default=DEFAULT_LIMITS.max_redirects,
    show_default=True,
    help="Redirects followed per URL.",
)
@click.option(
    "--analyze/--no-analyze",
    default=True,
    show_default=True,
    help="Run the language layer (entities, dates, quantities, claims, events) after ingest.",
)
@click.option("--workers", type=int, default=1, show_default=True, help="Processes for the language layer.")
def ingest(
    store: Store,
    inputs: tuple[str, ...],
    as_json: bool,
    quiet: bool,
    max_bytes: int,
    timeout: float,
    max_redirects: int,
    analyze: bool,
    workers: int,
) -> None:
    """Ingest files, folders (recursive), globs, URLs and feeds.

    Plain text/Markdown, HTML, RSS/Atom, JSON/JSON Lines and WARC(.gz) are detected
    from their content. Bad inputs are recorded (see `storyline failures`) and the
    run goes on; the exit status is non-zero only when nothing could be ingested.
    Re-ingesting content already stored is a no-op.
    """
    from storyline.runners.local import ingest as run_ingest

    limits = IngestLimits(max_bytes=max_bytes, url_timeout_s=timeout, max_redirects=max_redirects)
    with _progress(disabled=quiet or as_json) as progress:
        report = run_ingest(inputs, store, limits, progress=progress)
    analysis = _analyze(store, workers, quiet or as_json) if analyze and report.ok else None
    fusion = _fuse(store) if analysis is not None else None
    if as_json:
        data = report.to_dict()
        if analysis is not None:
            data["language"] = analysis.to_dict()
        if fusion is not None:
            data["fusion"] = fusion.to_dict()
        echo_json(data)
    else:
        click.echo(
            f"ingested {report.added} new article(s), {report.unchanged} already stored, "
            f"{report.failed} failure(s), {report.copies} attached to copy groups "
            f"in {report.seconds:.1f}s → {store.location}"
        )
        for failure in report.failures[:10]:
            click.echo(f"  failed: {failure.source} [{failure.stage} {failure.code}] {failure.reason}")
        if report.failed > 10:
            click.echo(f"  … see `storyline failures --db {store.location}` for all of them")
        if analysis is not None:
            _echo_analysis(analysis)
        if fusion is not None:
            _echo_fusion(fusion)
    if not report.ok:
        raise SystemExit(1)


def _analyze(store: Store, workers: int, quiet: bool) -> Any:
    from storyline.runners.language import analyze_pending

    def progress(report: Any) -> None:
        if not quiet and report.analyzed % 200 == 0:
            click.echo(f"… language layer: {report.analyzed} article(s) analysed", err=True)

    return analyze_pending(store, processes=workers, progress=progress)


def _echo_analysis(analysis: Any) -> None:
    facts = analysis.describe()
    click.echo(f"language layer: {analysis.analyzed} article(s) analysed"
               + (f", {analysis.failed} failed" if analysis.failed else "")
               + (f" ({facts})" if facts else ""))


def _fuse(store: Store, rebuild: bool = False) -> Any:
    from storyline.runners.fusion import fuse as run_fusion

    return run_fusion(store, rebuild=rebuild)


def _echo_fusion(fusion: Any) -> None:
    parts = ", ".join(f"{n} {kind}" for kind, n in fusion.counts.items())
    click.echo(f"cross-article picture over {fusion.articles} article(s): {parts}")


@cli.command()
@with_store
@json_option
@click.option("--rebuild", is_flag=True, help="Recompute the whole picture instead of adding new articles.")
def fuse(store: Store, as_json: bool, rebuild: bool) -> None:
    """Update the cross-article picture: entities, stories, events, claims (run by ingest too)."""
    fusion = _fuse(store, rebuild=rebuild)
    if as_json:
        echo_json(fusion.to_dict())
    else:
        _echo_fusion(fusion)


@cli.command()
@with_store
@json_option
@click.option("--limit", type=int, default=50, show_default=True, help="How many to list (0: all).")
@click.option("--type", "label", default=None, help="Only this type (PERSON, ORG, GPE, LOC, NORP, FAC).")
def entities(store: Store, as_json: bool, limit: int, label: str | None) -> None:
    """People, organisations and places across articles, with every spelling seen."""
    found = [e for e in store.fused("entity") if label is None or e.get("label") == label.upper()]
    found = found[:limit] if limit else found
    if as_json:
        echo_json(found)
        return
    for entity in found:
        aliases = [a for a in entity.get("aliases", []) if a != entity.get("name")]
        roles = ", ".join(entity.get("roles", [])[:3])
        click.echo(
            f"{entity['id'][:40]:40}  {entity.get('label', ''):6} {entity.get('mention_count', 0):4} "
            f"{entity.get('name')}" + (f"  (also: {', '.join(aliases)})" if aliases else "")
            + (f"  [{roles}]" if roles else "")
        )
    click.echo(f"{len(found)} entit{'y' if len(found) == 1 else 'ies'}")


@cli.command()
@with_store
@json_option
def stories(store: Store, as_json: bool) -> None:
    """Stories: articles grouped by the developing event or thread they report."""
    found = store.fused("story")
    if as_json:
        echo_json(found)
        return
    for story in found:
        span = f"{story.get('first_date') or '?'} … {story.get('last_date') or '?'}"
        click.echo(f"{story['id']}  {len(story['article_ids']):4} article(s)  {span:24}  {story['title']}")
    click.echo(f"{len(found)} stor{'y' if len(found) == 1 else 'ies'}")


def _iso_date(ctx: Any, param: Any, value: str | None) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@cli.command()
@with_store
@json_option
@click.option("--story", "story_id", default=None, help="Only events of this story (see `storyline stories`).")
@click.option("--entity", default=None, help="Only events involving this name (any spelling).")
@click.option("--from", "from_date", callback=_iso_date, default=None, help="Start date, YYYY-MM-DD.")
@click.option("--to", "to_date", callback=_iso_date, default=None, help="End date, YYYY-MM-DD.")
@click.option("--undated/--no-undated", default=False, show_default=True, help="Also list events with no date.")
def timeline(store: Store, as_json: bool, story_id: str | None, entity: str | None,
             from_date: Any, to_date: Any, undated: bool) -> None:
    """What happened when: fused events in date order, with status, participants and sources."""
    from storyline.api import timeline as store_timeline
    from storyline.views.timeline import display_date

    entries = store_timeline(
        store, story=story_id, entity=entity, from_date=from_date, to_date=to_date,
        include_undated=undated,
    )
    if as_json:
        echo_json(entries)
        return
    for entry in entries:
        when = display_date(entry["date"])
        if entry["end_date"]:
            when += f"…{display_date(entry['end_date'])}"
        if entry.get("approximate"):
            when = "~" + when  # the article was dated only to a window
        sources = f"{entry['independent_source_count']} source(s), {len(entry['sources'])} article(s)"
        click.echo(f"{when:24} {entry['event_type']:12} {entry['status']:12} {entry['summary'][:110]}")
        participants = entry["participants"]
        if participants:
            click.secho(f"{'':24} with {', '.join(participants[:4])} · {sources}", dim=True)
        else:
            click.secho(f"{'':24} {sources}", dim=True)
    click.echo(f"{len(entries)} event(s)")


@cli.command()
@with_store
@json_option
@click.option("--stance", type=click.Choice(["assert", "accuse", "deny", "predict", "pledge", "report"]), default=None)
@click.option("--contradictions", "only_contradictions", is_flag=True, help="List contradictions and number evolutions instead.")
@click.option("--limit", type=int, default=50, show_default=True, help="How many to list (0: all).")
def claims(store: Store, as_json: bool, stance: str | None, only_contradictions: bool, limit: int) -> None:
    """Who claimed what, with raw and independent source counts (copies count once)."""
    if only_contradictions:
        found = store.fused("contradiction")
        found = found[:limit] if limit else found
        if as_json:
            echo_json(found)
            return
        for item in found:
            click.echo(f"{item['kind']:18} {item['detail'][:160]}")
        click.echo(f"{len(found)} contradiction(s)")
        return
    from storyline.api import claims as store_claims

    found = store_claims(store, stance=stance)
    found = found[:limit] if limit else found
    if as_json:
        echo_json(found)
        return
    for claim in found:
        counts = f"{claim['independent_source_count']}/{claim['raw_source_count']}"
        marker = " ⚠" if claim.get("contradicts") else ""
        speaker = " ".join((claim["speaker"] or "?").split())[:28]
        content = " ".join(claim["content"].split())[:100]
        click.echo(f"{counts:>5} {claim['stance']:7} {speaker:28} {content}{marker}")
    click.echo(f"{len(found)} claim(s); counts are independent/raw sources; ⚠ marks a contradiction")


@cli.command()
@with_store
@json_option
@click.option("--workers", type=int, default=1, show_default=True, help="Processes for spaCy.")
def analyze(store: Store, as_json: bool, workers: int) -> None:
    """Run the language layer over stored articles not analysed yet (a no-op when none)."""
    analysis = _analyze(store, workers, as_json)
    if as_json:
        echo_json(analysis.to_dict())
    else:
        _echo_analysis(analysis)


class _progress:
    """A rich progress line on stderr while ingesting (plain periodic lines when not a TTY)."""

    def __init__(self, disabled: bool) -> None:
        self.disabled = disabled
        self._progress: Any = None
        self._task: Any = None
        self._seen = 0

    def __enter__(self) -> Callable[[Any, str], None] | None:
        if self.disabled:
            return None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeElapsedColumn(),
                TextColumn("[dim]{task.fields[current]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("ingest", counts="starting", current="")
        return self.update

    def update(self, report: Any, source: str) -> None:
        self._seen += 1
        counts = f"{report.added} new · {report.unchanged} known · {report.failed} failed"
        if self._progress is not None:
            self._progress.update(self._task, counts=counts, current=source[-60:])
        elif self._seen % 500 == 0:
            click.echo(f"… {self._seen} documents: {counts}", err=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


# --------------------------------------------------------------------------- reads
@cli.command()
@with_store
@json_option
@click.option("--limit", type=int, default=50, show_default=True, help="How many to list (0: all).")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
def articles(store: Store, as_json: bool, limit: int, offset: int) -> None:
    """List stored articles: id, date (and how it was found), outlet, provenance, title."""
    from storyline.views.export import article_record

    rows = list(store.iter_articles(limit=limit or None, offset=offset))
    if as_json:
        records = [article_record(store, row) for row in rows]
        for record in records:
            record.pop("text")
        echo_json(records)
        return
    total = store.count_articles()
    for row in rows:
        a = row.article
        date = a.published.value.isoformat() if a.published.value else "----------"
        prov = "original" if row.copy_of is None else f"{row.relation.value} of {row.copy_of}"
        click.echo(
            f"{a.id}  {date} ({a.published.source.value:8})  {(a.outlet or '?')[:22]:22}  "
            f"{prov:28}  {(a.title or '(untitled)')[:70]}"
        )
    click.echo(f"{len(rows)} of {total} article(s)")


@cli.command()
@click.argument("article_id")
@with_store
@json_option
@click.option("--raw", is_flag=True, help="Print the raw bytes as received instead.")
def show(store: Store, article_id: str, as_json: bool, raw: bool) -> None:
    """Show one article (an id or a unique id prefix): metadata, provenance, text, junk removed."""
    from storyline.views.export import article_record

    stored = store.get_article(article_id)
    if stored is None:
        raise click.ClickException(f"no article with id {article_id!r} (see `storyline articles`)")
    if raw:
        data = store.raw_bytes(stored.article.raw_sha256) or b""
        sys.stdout.buffer.write(data)
        return
    record = article_record(store, stored)
    record["copy_links"] = [
        {"article_id": a, "other_id": b, "relation": rel.value, "similarity": sim}
        for a, b, rel, sim in store.copy_links_of(stored.article.id)
    ]
    facts = store.extractions_of(stored.article.id)
    for kind in FACT_LISTS:
        record[FACT_LISTS[kind]] = [
            {k: v for k, v in fact.items() if k != "kind"} for fact in facts if fact["kind"] == kind
        ]
    if as_json:
        echo_json(record)
        return
    a = stored.article
    click.secho(a.title or "(untitled)", bold=True)
    published = a.published.value.isoformat() if a.published.value else "unknown"
    fields = [
        ("id", a.id),
        ("source", ", ".join(record["sources"])),
        ("published", f"{published} (found by: {a.published.source.value}"
         + (f", from {a.published.evidence!r})" if a.published.evidence else ")")),
        ("outlet", f"{a.outlet or '?'} (from {a.outlet_source or '-'})"),
        ("original outlet", a.original_outlet or "-"),
        ("byline", a.byline or "-"),
        ("language", a.language or "-"),
        ("group", f"{stored.group_id} ({stored.relation.value}"
         + (f" of {stored.copy_of})" if stored.copy_of else ")")),
    ]
    for name, value in fields:
        click.echo(f"{name:>16}: {value}")
    for link in record["copy_links"]:
        click.echo(f"{'link':>16}: {link['article_id']} {link['relation']} "
                   f"{link['other_id']} ({link['similarity']:.2f})")
    click.echo()
    if facts:
        from storyline.views.marking import choose_marks, mark_text

        colours = {"time_expression": "cyan", "quantity": "magenta", "mention": "green", "event_mention": "yellow"}
        click.echo(mark_text(a.text, choose_marks(facts), lambda span, kind: click.style(span, fg=colours[kind], bold=True)))
        _echo_claims(record["attributions"])
    else:
        click.echo(a.text)
        click.secho("(not analysed yet: run `storyline analyze`)", dim=True)
    if a.boilerplate_removed:
        click.echo()
        click.secho(f"removed as boilerplate ({len(a.boilerplate_removed)} lines):", dim=True)
        for line in a.boilerplate_removed:
            click.secho(f"  [{line.reason}] {line.text[:100]}", dim=True)


FACT_LISTS = {
    "mention": "mentions",
    "time_expression": "time_expressions",
    "quantity": "quantities",
    "attribution": "attributions",
    "event_mention": "event_mentions",
}


def _echo_claims(attributions: list[dict[str, Any]]) -> None:
    if not attributions:
        return
    click.echo()
    click.secho(f"who said what ({len(attributions)}):", bold=True)
    for claim in attributions:
        speaker = claim.get("speaker") or "?"
        cue = claim.get("cue")
        cue_text = cue.get("text") if isinstance(cue, dict) else cue
        content = claim.get("content")
        content_text = content.get("text") if isinstance(content, dict) else content
        channel = f" [via {claim['channel']}]" if claim.get("channel") else ""
        click.echo(f"  {claim.get('stance', '?'):7} {speaker} — {cue_text}{channel}: {str(content_text)[:160]}")


@cli.command()
@with_store
@json_option
def failures(store: Store, as_json: bool) -> None:
    """List inputs that could not be ingested, with the stage and the reason."""
    from storyline.views.export import failure_records

    records = failure_records(store)
    if as_json:
        echo_json(records)
        return
    for r in records:
        times = f" (×{r['count']})" if r["count"] > 1 else ""
        click.echo(f"{r['source']}\n    {r['stage']} {r['code']}: {r['reason']}{times}")
    click.echo(f"{len(records)} failure(s)")


@cli.command()
@with_store
@json_option
def groups(store: Store, as_json: bool) -> None:
    """List duplicate/copy groups: the most likely original and its copies."""
    found = store.groups(min_size=2)
    if as_json:
        echo_json([{"id": g.id, "original_id": g.original_id, "members": list(g.member_ids)} for g in found])
        return
    for group in found:
        click.secho(f"{group.id}  ({len(group.member_ids)} articles, one source)", bold=True)
        for member_id in sorted(group.member_ids, key=lambda m: m != group.original_id):
            stored = store.get_article(member_id)
            if stored is None:
                continue
            label = "original" if member_id == group.original_id else stored.relation.value
            click.echo(f"  {label:9} {member_id}  {(stored.article.outlet or '?')[:20]:20}  "
                       f"{(stored.article.title or '(untitled)')[:60]}")
    click.echo(f"{len(found)} group(s) with copies; {store.count_articles()} article(s)")


@cli.command()
@click.argument("query")
@with_store
@json_option
@click.option("--limit", type=int, default=20, show_default=True)
def search(store: Store, query: str, as_json: bool, limit: int) -> None:
    """Full-text search over article titles and texts (all words must match)."""
    hits = store.search(query, limit=limit)
    if as_json:
        echo_json([{"id": h.article_id, "title": h.title, "snippet": h.snippet, "score": h.score} for h in hits])
        return
    for hit in hits:
        click.echo(f"{hit.article_id}  {hit.title or '(untitled)'}\n    {hit.snippet}")
    click.echo(f"{len(hits)} hit(s)")


# --------------------------------------------------------------------------- outputs
@cli.command()
@with_store
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True,
              help="json (docs/export.md), csv (a folder of tables, or a .zip), timelinejs, graphml, html, md.")
@click.option("--out", type=click.Path(path_type=Path), help="File (a folder for csv) to write; default: stdout.")
@click.option("--title", default=None, help="Title for the html, md and timelinejs formats.")
def export(store: Store, fmt: str, out: Path | None, title: str | None) -> None:
    """Export everything the store knows (formats in docs/export.md and docs/export-formats.md)."""
    from storyline.views.exports import write_export

    options = {"title": title} if title else {}
    result = write_export(store, fmt, out if out is not None else sys.stdout, **options)
    if out is not None:
        click.echo(str(result), err=True)


@cli.command()
@with_store
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("storyline-report.html"), show_default=True)
@click.option("--title", default="storyline report", show_default=True)
def report(store: Store, out: Path, title: str) -> None:
    """Write a self-contained HTML report (opens offline, no scripts)."""
    from storyline.views.report import write_report

    path = write_report(store, out, title=title)
    click.echo(f"report: {path.resolve()}")


@cli.command()
@click.option("--db", default="storyline-demo.db", show_default=True, help="Store to (re)create for the demo.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("storyline-demo-report.html"), show_default=True)
def demo(db: str, report_path: Path) -> None:
    """Ingest the bundled demo corpus into a fresh store, print a summary, write a report."""
    from storyline.demo import run_demo

    try:
        run_demo(db, report_path, echo=click.echo)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc


# --------------------------------------------------------------------------- eval
@cli.command(name="eval")
@click.argument("task", type=click.Choice(sorted(EVALUATIONS)))
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--write-output", type=click.Path(file_okay=False, path_type=Path), help="Write predictions here (timex: TimeML files).")
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@json_option
def evaluate(task: str, gold_dir: Path, write_output: Path | None, limit: int | None, as_json: bool) -> None:
    """Measure a component on a gold data set and print its scores."""
    from storyline.evaluation import run_evaluation

    try:
        scores = run_evaluation(task, gold_dir, write_output=write_output, limit=limit)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        echo_json(scores)
        return
    _print_scores(scores)


def _print_scores(scores: dict[str, Any], indent: str = "") -> None:
    for key, value in scores.items():
        if isinstance(value, dict):
            click.echo(f"{indent}{key}:")
            _print_scores(value, indent + "  ")
        elif isinstance(value, float):
            click.echo(f"{indent}{key}: {value:.4f}")
        else:
            click.echo(f"{indent}{key}: {value}")


# Commands that live beside their modules; importing them loads nothing heavy.
from storyline.views.briefing_cli import brief_command  # noqa: E402
from storyline.web.cli import serve_command  # noqa: E402
from storyline.runners.batch_cli import batch_command  # noqa: E402

cli.add_command(brief_command)
cli.add_command(serve_command)
cli.add_command(batch_command)


def main() -> None:
    cli(prog_name="storyline")


if __name__ == "__main__":  # pragma: no cover
    main()
