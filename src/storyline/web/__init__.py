"""The web interface and HTTP API: thin adapters over the storyline library.

``create_app(store)`` builds the FastAPI application (pages, ``/api``, ``/docs``);
``serve(db, host, port, allow_ingest, token)`` runs it with uvicorn. The command line
entry point is ``storyline.web.cli.serve_command``.
"""

from __future__ import annotations

import ipaddress
import sys
from typing import TYPE_CHECKING, Sequence

from storyline.errors import ConfigError

if TYPE_CHECKING:
    from fastapi import FastAPI


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
# Measured with benchmarks/bench_web.py (20 clients, busy 2-core machine): story page p95
# 173-184 ms with 0.5 ms, 254-284 ms with Python's default 5 ms.
SWITCH_INTERVAL_S = 0.0005


def create_app(
    store_location: str,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
) -> "FastAPI":
    """The FastAPI application over the store at ``store_location`` (see ``storyline.web.app``)."""
    from storyline.web.app import create_app as _create_app

    return _create_app(store_location, allow_ingest=allow_ingest, token=token, allowed_hosts=allowed_hosts)


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
          token: str | None = None) -> None:
    """Serve the store ``db`` on ``host:port`` until interrupted.

    A non-loopback host is refused without a token: the pages would otherwise be open
    to anyone who can reach the machine.
    """
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to listen on {host}, which other machines can reach, without a token "
            "(set --token or STORYLINE_TOKEN, or use --host 127.0.0.1)"
        )
    import uvicorn

    # On loopback, only loopback names: a DNS-rebinding page would send its own host name.
    hosts = [*LOOPBACK_NAMES, host] if is_loopback(host) else None
    app = create_app(db, allow_ingest=allow_ingest, token=token, allowed_hosts=hosts)
    # This process is the server's: request threads give the interpreter up around every
    # SQLite call and waited up to the default 5 ms to get it back behind other requests.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


__all__ = ["LOOPBACK_NAMES", "create_app", "is_loopback", "serve"]
