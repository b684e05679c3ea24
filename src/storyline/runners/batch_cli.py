"""`storyline batch`: the click command over :mod:`storyline.runners.batch`.

Register it with ``cli.add_command(batch_command)``; importing this module loads neither
Dask nor pyarrow (only running the command does).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import StorylineError
from storyline.store import DEFAULT_DB, open_store


@click.command("batch")
@click.argument("inputs", nargs=-1)
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="STORYLINE_DB",
              help="Store to load into: a SQLite file (created if missing). Also read from STORYLINE_DB.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A running Dask scheduler (tcp://host:8786). Default: start a local cluster.")
@click.option("--workers", type=int, default=2, show_default=True,
              help="Worker processes of the local cluster (ignored with --scheduler).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the Parquet files, reachable by every worker. "
                   "Default: DB.batch next to the store. A previous run's files there are replaced.")
@click.option("--partition-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="Files (or JSON Lines records) per partition.")
@click.option("--load/--no-load", "load", default=True, show_default=True,
              help="Load the results into the store (--no-load: only write Parquet).")
@click.option("--from-parquet", "from_parquet", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Load a finished batch output folder instead of processing inputs.")
@click.option("--analyze/--no-analyze", default=True, show_default=True,
              help="Run the language layer on the workers and the cross-article fusion after loading.")
@click.option("--max-bytes", type=int, default=DEFAULT_LIMITS.max_bytes, show_default=True,
              help="Largest document (file, download, archive record) accepted, in bytes.")
@click.option("--timeout", type=float, default=DEFAULT_LIMITS.url_timeout_s, show_default=True,
              help="Seconds allowed per URL download.")
@click.option("--max-redirects", type=int, default=DEFAULT_LIMITS.max_redirects, show_default=True,
              help="Redirects followed per URL.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def batch_command(inputs: tuple[str, ...], db: str, scheduler: str | None, workers: int,
                  output: Path | None, partition_size: int, load: bool, from_parquet: Path | None,
                  analyze: bool, max_bytes: int, timeout: float, max_redirects: int,
                  as_json: bool, quiet: bool) -> None:
    """Ingest a large corpus on a Dask cluster: extraction and the language layer run in
    parallel partitions on the workers and are written as Parquet, then loaded into the
    store (copy detection and fusion run there, as `storyline ingest` runs them).

    Without --scheduler a local cluster of --workers processes is started. See
    docs/batch.md for running on a real cluster.
    """
    if from_parquet is not None and inputs:
        raise click.UsageError("give either INPUTS or --from-parquet, not both")
    if from_parquet is None and not inputs:
        raise click.UsageError("give the INPUTS to process, or --from-parquet FOLDER")
    try:
        from storyline.runners import batch
    except StorylineError as exc:  # Dask or pyarrow missing: the message has the pip command
        raise click.ClickException(str(exc)) from exc

    limits = IngestLimits(max_bytes=max_bytes, url_timeout_s=timeout, max_redirects=max_redirects)
    try:
        with _Progress(disabled=quiet or as_json) as progress:
            if from_parquet is not None:
                with _store(db) as store:
                    report = batch.load_batch(from_parquet, store, progress)
            else:
                options = batch.BatchOptions(output=output or Path(f"{db}.batch"),
                                             partition_size=partition_size, limits=limits,
                                             analyze=analyze)
                with batch.open_client(scheduler, workers) as client:
                    if load:
                        with _store(db) as store:
                            report = batch.run_batch(inputs, client, options, store, progress)
                    else:
                        report = batch.run_batch(inputs, client, options, None, progress)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        _echo_report(report, db)
    if report.ingest is not None and not report.ingest.ok:
        raise SystemExit(1)


class _store:
    def __init__(self, db: str) -> None:
        self.db = db

    def __enter__(self) -> Any:
        self.store = open_store(self.db)
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def _echo_report(report: Any, db: str) -> None:
    crashed = f", {len(report.crashed)} lost on the cluster" if report.crashed else ""
    if report.processed:
        click.echo(f"processed {report.documents} document(s) in {report.processed} partition(s)"
                   f"{crashed} in {report.seconds:.1f}s ({report.worker_seconds:.1f}s of worker "
                   f"time) → {report.output}")
    ingest = report.ingest
    if ingest is None:
        click.echo(f"not loaded: `storyline batch --from-parquet {report.output} --db {db}` loads it")
        return
    click.echo(f"loaded {report.loaded} partition(s): {ingest.added} new article(s), "
               f"{ingest.unchanged} already stored, {ingest.failed} failure(s), "
               f"{ingest.copies} attached to copy groups → {db}")
    for failure in ingest.failures[:10]:
        click.echo(f"  failed: {failure.source} [{failure.stage} {failure.code}] {failure.reason}")
    if ingest.failed > 10:
        click.echo(f"  … see `storyline failures --db {db}` for all of them")
    if report.language is not None:
        facts = report.language.describe()
        click.echo(f"language layer: {report.language.analyzed} article(s) analysed"
                   + (f", {report.language.failed} failed" if report.language.failed else "")
                   + (f" ({facts})" if facts else ""))
    if report.fusion is not None:
        parts = ", ".join(f"{n} {kind}" for kind, n in report.fusion.counts.items())
        click.echo(f"cross-article picture over {report.fusion.articles} article(s): {parts}")


class _Progress:
    """A rich progress line on stderr (plain periodic lines when stderr is not a terminal)."""

    def __init__(self, disabled: bool) -> None:
        self.disabled = disabled
        self._progress: Any = None
        self._task: Any = None
        self._last_line = -1

    def __enter__(self) -> Any:
        if self.disabled:
            return None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.fields[counts]}"),
                                      TimeElapsedColumn(), console=Console(stderr=True),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task("batch", counts="starting the cluster")
        return self.update

    def update(self, report: Any) -> None:
        counts = f"partitions: {report.processed}/{report.partitions} processed, "
        if report.ingest is not None:
            ingest = report.ingest
            counts = counts if report.processed else "partitions: "
            counts += (f"{report.loaded} loaded · {ingest.added} new · "
                       f"{ingest.unchanged} known · {ingest.failed} failed")
        if self._progress is not None:
            self._progress.update(self._task, counts=counts)
        elif report.processed % 20 == 0 and report.processed != self._last_line:
            self._last_line = report.processed
            click.echo(f"… {counts}", err=True)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


__all__ = ["batch_command"]
