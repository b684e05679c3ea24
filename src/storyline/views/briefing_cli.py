"""`storyline brief`: the click command over :mod:`storyline.views.briefing`.

Register it with ``cli.add_command(brief_command)``; it opens its own store. With
``--llm URL`` (or ``STORYLINE_LLM_URL``) the briefing is reworded by that endpoint and
verified; on any failure the extractive briefing is written and a warning says why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from storyline.errors import StorylineError
from storyline.store import DEFAULT_DB, open_store
from storyline.views.briefing import BriefingOptions, LlmSettings, build_briefing, rewrite_briefing


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from exc


@click.command("brief")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="STORYLINE_DB",
              help="Store to use: a SQLite file or a postgresql:// URL. Also read from STORYLINE_DB.")
@click.option("--story", "story_id", default=None,
              help="The story to brief (see `storyline stories`); default: the largest.")
@click.option("--from", "from_date", callback=_iso_date, default=None, help="Start date, YYYY-MM-DD.")
@click.option("--to", "to_date", callback=_iso_date, default=None, help="End date, YYYY-MM-DD.")
@click.option("--since", callback=_iso_date, default=None,
              help="Add a 'New since' section with material first reported on or after this date.")
@click.option("--format", "output_format", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--llm", "llm_url", default=None, envvar="STORYLINE_LLM_URL",
              help="Optional: reword the briefing with this OpenAI-compatible chat-completions "
                   "endpoint (also STORYLINE_LLM_URL; model and key from STORYLINE_LLM_MODEL "
                   "and STORYLINE_LLM_KEY). The answer is verified; if it fails, the "
                   "extractive briefing is kept with a warning.")
@click.option("--llm-timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for the language model.")
def brief_command(db: str, story_id: str | None, from_date: date | None, to_date: date | None,
                  since: date | None, output_format: str, out: Path | None,
                  llm_url: str | None, llm_timeout: float) -> None:
    """A short multi-source briefing of a story: every sentence cites its articles."""
    import json

    if "://" not in db and not Path(db).exists():
        raise click.ClickException(f"no store at {db} (run `storyline ingest` first)")
    settings = LlmSettings.from_environment(llm_url, timeout=llm_timeout) if llm_url else None
    if settings is not None:
        try:
            settings.endpoint()
        except StorylineError as exc:
            raise click.ClickException(str(exc)) from exc
    options = BriefingOptions(story_id=story_id, from_date=from_date, to_date=to_date, since=since)
    try:
        store = open_store(db)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        briefing = build_briefing(store, options)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    if settings is not None:
        outcome = rewrite_briefing(briefing, settings)
        if not outcome.accepted:
            click.echo(f"warning: kept the extractive briefing: {outcome.reason}", err=True)
        briefing = outcome.briefing
    rendered: Any
    if output_format == "json":
        rendered = json.dumps(briefing.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif output_format == "html":
        rendered = briefing.to_html()
    else:
        rendered = briefing.to_markdown()
    if out is None:
        click.echo(rendered, nl=False)
    else:
        out.write_text(rendered, encoding="utf-8")
        click.echo(f"briefing written to {out}", err=True)


__all__ = ["brief_command"]
