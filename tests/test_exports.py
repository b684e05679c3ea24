"""Every export format over the demo corpus: parses back, keeps the JSON ids, and escapes
hostile article text (a title with ``<script>``, ``|`` and quotes) for its format."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from storyline.demo import corpus_files
from storyline.errors import ConfigError
from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.views.export_formats.markdown import md_text
from storyline.views.export_formats.tables import LIST_SEPARATOR, TABLES
from storyline.views.exports import FORMATS, write_export
from storyline.views.timeline import calendar_interval

HOSTILE_TITLE = '<script>alert(1)</script> | "Hostile" & *bold*'
HOSTILE_NAME = 'Evil <b>"Corp"</b> | & Co\x01'
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

HOSTILE_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>&lt;script&gt;alert(1)&lt;/script&gt; | &quot;Hostile&quot; &amp; *bold*</title>
<meta property="article:published_time" content="2025-02-03">
</head><body><article>
<h1>&lt;script&gt;alert(1)&lt;/script&gt; | &quot;Hostile&quot; &amp; *bold*</h1>
<p>VORONSK, Feb. 3 - Viktor Gorelov met Ri Son Gwan in Voronsk on Monday, officials said.
The two leaders signed an agreement on trade, the ministry said in a statement.</p>
<p># Not a heading | not a cell &lt;img src=x onerror=alert(2)&gt; said a spokesman.</p>
</article></body></html>
"""


class HostileStore:
    """The demo store plus an entity and a dated event with hostile names, sourced from the
    hostile article (fusion would not produce them from its text)."""

    def __init__(self, store, hostile_id: str) -> None:
        self._store = store
        self.entity = {"id": "org:evil", "label": "ORG", "name": HOSTILE_NAME,
                       "aliases": [HOSTILE_NAME, "Evil Corp"], "roles": [], "mention_count": 1,
                       "article_ids": [hostile_id]}
        self.event = {"id": "event-hostile", "event_type": "meeting", "label": "meet",
                      "mentions": [], "article_ids": [hostile_id], "date": "2025-02",
                      "date_range": ["2025-02", "2025-02"], "place": None,
                      "participants": [HOSTILE_NAME], "status": "occurred",
                      "status_history": []}

    def __getattr__(self, name):
        return getattr(self._store, name)

    def fused(self, kind, **kwargs):
        records = self._store.fused(kind, **kwargs)
        extra = {"entity": self.entity, "event": self.event}.get(kind)
        return records + [extra] if extra and not kwargs else records


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    hostile = folder / "hostile.html"
    hostile.write_text(HOSTILE_HTML, encoding="utf-8")
    real = open_store(str(folder / "s.db"))
    ingest([str(p) for p in corpus_files()] + [str(hostile)], real)
    analyze_pending(real)
    fuse(real)
    hostile_id = next(s.article.id for s in real.iter_articles()
                      if s.article.title == HOSTILE_TITLE)
    yield HostileStore(real, hostile_id)
    real.close()


@pytest.fixture(scope="module")
def exported(store):
    out = io.StringIO()
    write_export(store, "json", out)
    return json.loads(out.getvalue())


def _render(store, fmt: str) -> str:
    out = io.StringIO()
    write_export(store, fmt, out)
    return out.getvalue()


def test_formats_are_the_documented_six():
    assert list(FORMATS) == ["json", "csv", "timelinejs", "graphml", "html", "md"]


def test_unknown_format_and_csv_to_a_stream_are_config_errors(store):
    with pytest.raises(ConfigError):
        write_export(store, "xlsx", io.StringIO())
    with pytest.raises(ConfigError):
        write_export(store, "csv", io.StringIO())


def test_json_to_a_path_reports_what_it_wrote(store, tmp_path):
    result = write_export(store, "json", tmp_path / "sub" / "all.json")
    data = json.loads((tmp_path / "sub" / "all.json").read_text(encoding="utf-8"))
    assert result.count == len(data["articles"]) == store.count_articles()
    assert "article(s)" in str(result)


# --- csv ------------------------------------------------------------------------------------


def _read_tables(folder) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for name, (columns, _) in TABLES.items():
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames) == columns
            tables[name] = list(reader)
    return tables


def test_csv_tables_parse_back_with_the_json_ids(store, exported, tmp_path):
    result = write_export(store, "csv", tmp_path / "tables")
    tables = _read_tables(tmp_path / "tables")
    assert result.count == sum(len(rows) for rows in tables.values())
    for name, key in (("articles.csv", "articles"), ("entities.csv", "entities"),
                      ("events.csv", "events"), ("claims.csv", "claims"),
                      ("contradictions.csv", "contradictions")):
        assert [row["id"] for row in tables[name]] == [r["id"] for r in exported[key]], name
    assert [row["id"] for row in tables["mentions.csv"]] == [
        f"{m['evidence']['article_id']}#{m['evidence']['start']}-{m['evidence']['end']}"
        for m in exported["mentions"]
    ]
    events = {e["id"]: e for e in exported["events"]}
    for row in tables["events.csv"]:
        assert row["article_ids"].split(LIST_SEPARATOR) == events[row["id"]]["article_ids"]
    articles = {a["id"]: a for a in exported["articles"]}
    for row in tables["articles.csv"]:
        assert row["title"] == (articles[row["id"]]["title"] or "")
        assert row["text"] == articles[row["id"]]["text"]
    assert HOSTILE_TITLE in {row["title"] for row in tables["articles.csv"]}
    entity_ids = {e["id"] for e in exported["entities"]}
    linked = [row["entity_id"] for row in tables["mentions.csv"] if row["entity_id"]]
    assert linked and set(linked) <= entity_ids


def test_csv_zip_holds_the_same_tables(store, tmp_path):
    write_export(store, "csv", tmp_path / "tables")
    write_export(store, "csv", tmp_path / "tables.zip")
    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        assert archive.namelist() == list(TABLES)
        for name in TABLES:
            assert archive.read(name) == (tmp_path / "tables" / name).read_bytes()


# --- timelinejs -----------------------------------------------------------------------------


def test_timelinejs_has_dated_events_with_partial_dates(store, exported):
    document = json.loads(_render(store, "timelinejs"))
    assert document["title"]["text"]["headline"]
    events = {e["id"]: e for e in exported["events"]}
    assert document["events"]
    for slide in document["events"]:
        event = events[slide["unique_id"]]
        assert slide["group"] == event["event_type"]
        assert set(slide["text"]) == {"headline", "text"}
        start = slide["start_date"]
        assert start["year"].isdigit()
        assert calendar_interval(event["date"]) or calendar_interval(event["date_range"][0])
        single = event["date_range"][0] == event["date_range"][1]
        if single and re.fullmatch(r"\d{4}-\d{2}", event["date"] or ""):
            assert set(start) == {"year", "month"}
    undated = {e["id"] for e in exported["events"]
               if not calendar_interval(e["date"])
               and not calendar_interval((e.get("date_range") or [None])[0])}
    assert undated and not undated & {s["unique_id"] for s in document["events"]}


def test_timelinejs_escapes_article_text(store):
    raw = _render(store, "timelinejs")
    document = json.loads(raw)
    slide = next(s for s in document["events"] if s["unique_id"] == "event-hostile")
    assert slide["start_date"] == {"year": "2025", "month": "2"}
    assert "&lt;script&gt;" in slide["text"]["text"]  # the hostile article is its source
    assert "<b>" not in slide["text"]["headline"] and "&lt;b&gt;" in slide["text"]["headline"]
    assert "<script" not in raw and "<b>" not in raw


# --- graphml --------------------------------------------------------------------------------


def test_graphml_is_valid_xml_with_declared_keys(store, exported):
    root = ET.fromstring(_render(store, "graphml"))
    keys = {key.get("id") for key in root.iter(f"{GRAPHML}key")}
    nodes = {node.get("id"): node for node in root.iter(f"{GRAPHML}node")}
    edges = list(root.iter(f"{GRAPHML}edge"))
    assert len(nodes) == len(exported["entities"]) + len(exported["events"])
    assert set(nodes) == {e["id"] for e in exported["entities"] + exported["events"]}
    relations = {}
    for edge in edges:
        assert edge.get("source") in nodes and edge.get("target") in nodes
        data = {d.get("key"): d.text for d in edge.iter(f"{GRAPHML}data")}
        relations[data["relation"]] = relations.get(data["relation"], 0) + 1
        assert float(data["weight"]) >= 1
    assert relations.get("participates", 0) > 0 and relations.get("co-occurs", 0) > 0
    for element in root.iter(f"{GRAPHML}data"):
        assert element.get("key") in keys


def test_graphml_escapes_hostile_names(store):
    root = ET.fromstring(_render(store, "graphml"))
    nodes = {node.get("id"): node for node in root.iter(f"{GRAPHML}node")}
    label = next(d.text for d in nodes["org:evil"].iter(f"{GRAPHML}data")
                 if d.get("key") == "label")
    assert label == HOSTILE_NAME.replace("\x01", "")  # XML cannot hold control characters
    participants = {(e.get("source"), e.get("target")) for e in root.iter(f"{GRAPHML}edge")}
    assert ("org:evil", "event-hostile") in participants


# --- html and markdown ----------------------------------------------------------------------


def test_html_is_the_report_with_titles_escaped(store):
    page = _render(store, "html")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _cells(line: str) -> list[str]:
    """A Markdown table row split on its unescaped pipes."""
    assert line.startswith("| ") and line.endswith(" |")
    return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]


def _tables(markdown: str) -> dict[str, list[list[str]]]:
    tables, section, lines = {}, None, markdown.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("|---"):
            header = _cells(lines[number - 1])
            rows = []
            for row in lines[number + 1:]:
                if not row.startswith("|"):
                    break
                rows.append(_cells(row))
                assert len(rows[-1]) == len(header), row
            tables[section] = [header, *rows]
    return tables


def test_markdown_report_tables_have_the_right_columns(store, exported):
    report = _render(store, "md")
    assert report.startswith("# storyline report\n")
    tables = _tables(report)
    assert tables["Timeline"][0] == ["date", "type", "what happened", "status",
                                     "independent sources", "articles", "event"]
    assert tables["Claims"][0] == ["speaker", "stance", "claim", "independent sources",
                                   "raw sources", "first seen", "claim id"]
    assert tables["Articles"][0][-1] == "id" and tables["Articles"][0][1] == "how found"
    assert {row[-1] for row in tables["Articles"][1:]} == {a["id"] for a in exported["articles"]}
    assert {row[-1] for row in tables["Claims"][1:]} == {c["id"] for c in exported["claims"]}
    event_ids = {e["id"] for e in exported["events"]}
    assert len(tables["Timeline"]) > 1 and {row[-1] for row in tables["Timeline"][1:]} <= event_ids
    for section in ("## Contradictions", "## Copy groups", "## Counts"):
        assert section in report


def test_markdown_escapes_hostile_text(store):
    report = _render(store, "md")
    assert "<script" not in report and "<b>" not in report
    row = next(line for line in report.splitlines() if "alert(1)" in line)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \"Hostile\" &amp; \\*bold\\*" in row


@pytest.mark.parametrize("text, expected", [
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("1. first", "1\\. first"),
    ("a | b", "a \\| b"),
    ("<img src=x>", "&lt;img src=x&gt;"),
    ("[link](http://x)", "\\[link\\](http://x)"),
    ("two\nlines", "two lines"),
    (None, ""),
])
def test_md_text_makes_text_inert(text, expected):
    assert md_text(text) == expected


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_empty_store_exports_in_every_format(fmt, tmp_path):
    empty = open_store(str(tmp_path / "empty.db"))
    try:
        result = write_export(empty, fmt, tmp_path / f"out-{fmt}")
        assert result.count == 0
    finally:
        empty.close()
