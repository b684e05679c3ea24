"""The command line as a user drives it: help, ingest, listing, show, export, report, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import cli
from storyline.views.export import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def test_help_explains_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "articles", "show", "failures", "groups", "search", "export", "report", "demo", "eval",
                    "analyze", "fuse", "entities", "stories", "timeline", "claims", "serve", "brief"):
        assert command in result.output
        sub = run(command, "--help")
        assert sub.exit_code == 0, command
        assert "Usage:" in sub.output
    assert "--db" in run("ingest", "--help").output


def test_ingest_list_show_search_export(tmp_path):
    db = str(tmp_path / "cli.db")
    result = run("ingest", str(FIXTURES), "--db", db, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.output)
    assert summary["added"] == 3 and summary["failed"] == 0

    listing = run("articles", "--db", db)
    assert "3 of 3 article(s)" in listing.output
    assert "Harbor Wire" in listing.output

    article_id = summary["added_ids"][0]
    shown = run("show", article_id[:8], "--db", db)
    assert shown.exit_code == 0
    assert article_id in shown.output and "published" in shown.output

    missing = run("show", "ffffffffffff", "--db", db)
    assert missing.exit_code != 0 and "no article" in missing.output

    found = run("search", "Okonjo", "--db", db, "--json")
    assert {hit["title"] for hit in json.loads(found.output)} >= {
        "Dockworkers Extend Strike at Port Alder as Talks Stall"
    }

    out = tmp_path / "export.json"
    assert run("export", "--format", "json", "--out", str(out), "--db", db).exit_code == 0
    data = json.loads(out.read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    assert len(data["articles"]) == 3
    required = {"id", "source", "title", "text", "published", "published_source", "outlet",
                "original_outlet", "byline", "language", "group_id", "copy_of", "boilerplate_removed"}
    for article in data["articles"]:
        assert required <= set(article)
    copies = [a for a in data["articles"] if a["copy_of"]]
    assert len(copies) == 1
    original = next(a for a in data["articles"] if a["id"] == copies[0]["copy_of"])
    assert original["group_id"] == copies[0]["group_id"]

    groups = run("groups", "--db", db)
    assert "1 group(s) with copies" in groups.output

    report = tmp_path / "r.html"
    assert run("report", "--db", db, "--out", str(report)).exit_code == 0
    html = report.read_text()
    assert "<script" not in html.lower()
    assert "Port Alder" in html


def test_failures_listing_and_exit_status(tmp_path):
    db = str(tmp_path / "cli.db")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "blank.txt").write_text("   \n")
    result = run("ingest", str(bad), "--db", db)
    assert result.exit_code == 1  # nothing at all could be ingested
    listing = run("failures", "--db", db)
    assert "blank.txt" in listing.output and "E102" in listing.output
    ok = run("ingest", str(bad), str(FIXTURES / "independent.txt"), "--db", db)
    assert ok.exit_code == 0


def test_installed_entry_point_runs():
    exe = shutil.which("storyline") or str(Path(sys.executable).parent / "storyline")
    result = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "storyline" in result.stdout
