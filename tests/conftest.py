"""Shared fixtures: where the shared seeds and gold data live (skipped cleanly when absent)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path} (set STORYLINE_SHARED)")
    return path


@pytest.fixture(scope="session")
def gold_root() -> Path:
    path = SHARED / "gold"
    if not path.is_dir():
        pytest.skip(f"gold data not found at {path} (set STORYLINE_SHARED)")
    return path


@pytest.fixture
def write_articles(tmp_path):
    """Write ``{relative name: text}`` under a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes], folder: str = "inputs") -> Path:
        root = tmp_path / folder
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


# --- PostgreSQL -------------------------------------------------------------------------
# The storage tests run against both backends. A private PostgreSQL server is started once
# per test run (tests/pg_cluster.py); STORYLINE_TEST_POSTGRES_URL points them at an existing
# server instead. Without PostgreSQL binaries (or psycopg) those tests skip with the reason.


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server the tests may create databases on."""
    pytest.importorskip("psycopg", reason="psycopg not installed: pip install -e '.[test]'")
    existing = os.environ.get("STORYLINE_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    from pg_cluster import PostgresCluster, find_bindir

    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found (Debian: apt-get install postgresql)")
    cluster = PostgresCluster(bindir).start()
    try:
        yield cluster.url()
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """URL of a new, empty database, dropped after the test."""
    from pg_cluster import create_database, drop_database

    url = create_database(postgres_server)
    try:
        yield url
    finally:
        drop_database(postgres_server, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to open a fresh store, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def postgres_demo_url(postgres_server: str) -> Iterator[str]:
    """URL of a database holding the demo corpus, ingested, analysed and fused (read-only)."""
    from helpers import fused_demo_store
    from pg_cluster import create_database, drop_database

    url = fused_demo_store(create_database(postgres_server))
    try:
        yield url
    finally:
        drop_database(postgres_server, url)
