"""Killing a running ingest (SIGKILL) and running it again loses and duplicates nothing."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

SYLLABLES = "ka lo mi ne ru sa te vo da pe fi gu ho ja ki lu ma no pi re si to ve wa yo zu".split()


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    # A realistic spread of distinct words, so that unrelated articles do not look alike.
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def _write_corpus(folder, count: int) -> None:
    rng = random.Random(7)
    vocabulary = _vocabulary(rng)
    bodies = []
    for i in range(count):
        if i % 10 == 9:
            # A syndicated copy of an earlier article: same body, new headline and junk.
            body = bodies[rng.randrange(len(bodies))]
            text = f"Copy headline {i}\n\n{body}\n\nShare this article\n"
        else:
            words = [rng.choice(vocabulary) for _ in range(140)]
            body = " ".join(
                " ".join(words[k : k + 14]).capitalize() + "." for k in range(0, 140, 14)
            )
            bodies.append(body)
            text = f"Headline number {i}\n\n{body}\n"
        (folder / f"{i:05}.txt").write_text(text, encoding="utf-8")


def _count(db_path) -> int:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _ingest_command(folder, db_path):
    return [sys.executable, "-m", "storyline.cli", "ingest", str(folder), "--db", str(db_path), "--quiet", "--no-analyze"]


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    total = 1500
    _write_corpus(folder, total)
    db_path = tmp_path / "store.db"

    process = subprocess.Popen(_ingest_command(folder, db_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db_path) < 150:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    stored_before = _count(db_path)
    assert 150 <= stored_before < total, "the kill must land mid-ingest"
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # No half-written article: everything an article needs was committed with it.
        orphans = db.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN raw_documents r ON r.sha256 = a.raw_sha256 "
            "WHERE r.sha256 IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        assert db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == stored_before
        no_bands = db.execute(
            "SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id FROM lsh_bands)"
        ).fetchone()[0]
        assert no_bands == 0

    rerun = subprocess.run(_ingest_command(folder, db_path) + ["--json"], capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    report = __import__("json").loads(rerun.stdout)
    assert report["unchanged"] == stored_before
    assert report["added"] == total - stored_before
    assert report["failed"] == 0

    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == total
        assert db.execute("SELECT COUNT(DISTINCT raw_sha256) FROM articles").fetchone()[0] == total
        assert db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == total
        # Every group is consistent: it exists, and its copies point at its original.
        broken = db.execute(
            "SELECT COUNT(*) FROM articles a LEFT JOIN duplicate_groups g ON g.id = a.group_id "
            "WHERE g.id IS NULL OR (a.copy_of IS NOT NULL AND a.copy_of != g.original_id)"
        ).fetchone()[0]
        assert broken == 0
        copies = db.execute("SELECT COUNT(*) FROM articles WHERE copy_of IS NOT NULL").fetchone()[0]
        assert copies == total // 10
