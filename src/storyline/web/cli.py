"""``storyline serve``: the click command that starts the web interface.

Registered by the main command group (``cli.add_command(serve_command)``); it only
parses options and calls :func:`storyline.web.serve`.
"""

from __future__ import annotations

import click

from storyline.errors import StorylineError
from storyline.store import DEFAULT_DB


@click.command(name="serve")
@click.option("--db", "db", default=DEFAULT_DB, show_default=True, envvar="STORYLINE_DB",
              help="Store to serve: a SQLite file. Also read from STORYLINE_DB.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback requires --token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-ingest", is_flag=True,
              help="Enable 'bring articles' (uploads and URLs); read-only otherwise.")
@click.option("--token", envvar="STORYLINE_TOKEN", default=None,
              help="Require this token on every request (Authorization: Bearer, or ?token= "
                   "once, then a cookie). Also read from STORYLINE_TOKEN.")
def serve_command(db: str, host: str, port: int, allow_ingest: bool, token: str | None) -> None:
    """Serve the web interface and JSON API (/api, docs at /docs) over a store."""
    from pathlib import Path

    from storyline.web import is_loopback, serve

    if not is_loopback(host) and not token:
        raise click.ClickException(
            f"refusing to listen on {host}, which other machines can reach, without a token "
            "(set --token or STORYLINE_TOKEN, or use --host 127.0.0.1)"
        )
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(f"no store at {db} (run `storyline ingest … --db {db}` first)")
    click.echo(f"storyline web: http://{host}:{port}/ over {db}"
               + (" (ingest enabled)" if allow_ingest else " (read-only)")
               + (" (token required)" if token else ""), err=True)
    try:
        serve(db, host=host, port=port, allow_ingest=allow_ingest, token=token)
    except StorylineError as exc:
        raise click.ClickException(str(exc)) from exc


__all__ = ["serve_command"]
