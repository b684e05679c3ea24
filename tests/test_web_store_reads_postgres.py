"""The lighter-reads tests of ``test_web_store_reads.py``, run on the PostgreSQL backend.

Same test functions, same demo corpus; only the ``store`` they read is a PostgreSQL one.
"""

from __future__ import annotations

import pytest

import test_web_store_reads
from storyline.store import open_store

pytestmark = pytest.mark.slow

# Every test there that reads the shared demo store (the one copying the SQLite file is
# SQLite's own).
for _name in dir(test_web_store_reads):
    _test = getattr(test_web_store_reads, _name)
    if _name.startswith("test_") and "demo_path" not in _test.__code__.co_varnames:
        globals()[_name] = _test


@pytest.fixture(scope="module")
def store(postgres_demo_url):
    opened = open_store(postgres_demo_url)
    yield opened
    opened.close()
