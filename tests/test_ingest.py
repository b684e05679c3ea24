"""End-to-end ingest through the local runner: grouping, idempotence, bad input."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from storyline.config import IngestLimits
from storyline.model import DateSource, Relation
from storyline.runners.local import ingest
from storyline.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _by_title(store):
    return {s.article.title: s for s in store.iter_articles()}


def test_syndicated_copy_ingested_first_is_regrouped_under_the_wire_original(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    # The copy arrives first; the original arrives later and must take over the group.
    first = ingest([str(FIXTURES / "wire_syndicated.txt"), str(FIXTURES / "independent.txt")], store)
    assert first.added == 2
    second = ingest([str(FIXTURES / "wire_original.txt")], store)
    assert second.added == 1 and second.copies == 1

    articles = _by_title(store)
    original = articles["Dockworkers Extend Strike at Port Alder as Talks Stall"]
    copy = articles["Port Alder Strike Drags On, Ships Stack Up Offshore"]
    independent = articles["Minister Brandt Steps Into Port Alder Dispute"]

    assert original.article.outlet == "Harbor Wire"
    assert original.article.published.value.isoformat() == "2025-03-04"
    assert original.article.published.source is DateSource.HEADER
    assert copy.article.original_outlet == "Harbor Wire"

    assert original.group_id == copy.group_id
    assert original.copy_of is None and original.relation is Relation.ORIGINAL
    assert copy.copy_of == original.article.id
    # Same body once the headline, byline and junk are set aside.
    assert copy.relation in (Relation.EXACT, Relation.NEAR, Relation.PARTIAL)
    # Same story, independently written: its own source.
    assert independent.group_id not in (original.group_id,)
    assert independent.copy_of is None

    groups = store.groups(min_size=2)
    assert len(groups) == 1
    assert groups[0].original_id == original.article.id
    assert set(groups[0].member_ids) == {original.article.id, copy.article.id}
    # Junk of the syndicated copy is kept as a record, not in the text.
    removed = [line.text for line in copy.article.boilerplate_removed]
    assert any("Share this" in line for line in removed)
    assert "newsletter" not in copy.article.text


def test_reingest_is_a_no_op(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    first = ingest([str(FIXTURES)], store)
    assert first.added == 3 and first.failed == 0
    before = [(s.article.id, s.group_id, s.copy_of) for s in store.iter_articles()]
    again = ingest([str(FIXTURES)], store)
    assert again.added == 0 and again.unchanged == 3 and again.ok
    after = [(s.article.id, s.group_id, s.copy_of) for s in store.iter_articles()]
    assert before == after
    assert len(store.groups()) == 2


def test_same_bytes_at_two_paths_are_one_article_with_two_sources(tmp_path, write_articles):
    text = (FIXTURES / "independent.txt").read_text()
    folder = write_articles({"one/a.txt": text, "two/b.md": text})
    store = open_store(str(tmp_path / "s.db"))
    report = ingest([str(folder)], store)
    assert (report.added, report.unchanged) == (1, 1)
    (stored,) = list(store.iter_articles())
    assert [Path(s).name for s in store.sources_of(stored.article.id)] == ["a.txt", "b.md"]


def test_each_input_kind_becomes_an_article(tmp_path, write_articles):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = (FIXTURES / "independent.txt").read_text().split("\n\n", 2)[2]
    html = (
        "<!DOCTYPE html><html><head><title>Ferry crews join port walkout</title>"
        '<meta property="og:site_name" content="Coastal Courier">'
        '<meta property="article:published_time" content="2025-03-08T09:00:00Z">'
        "</head><body><nav>Home | World | Sport</nav><article><h1>Ferry crews join port walkout</h1>"
        + "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        + "</article><footer>Cookie settings</footer></body></html>"
    )
    records = [
        {"title": "Talks resume in Port Alder", "text": "Negotiators returned to the table on "
         "Monday morning with a revised offer on overtime that the union said it would study "
         "over the weekend before giving an answer to the port authority.",
         "date": "2025-03-10", "outlet": "Valley Post", "url": "https://valley.example/talks"},
    ]
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Gull Island Gazette</title><item><title>Fish prices climb during strike</title>"
        "<link>https://gull.example/fish</link><pubDate>Wed, 12 Mar 2025 08:00:00 GMT</pubDate>"
        "<content:encoded><![CDATA[" + "".join(f"<p>{p}</p>" for p in body.split("\n\n")).replace(
            "Thursday", "Wednesday") + "]]></content:encoded></item></channel></rss>"
    )
    warc_buffer = io.BytesIO()
    writer = WARCWriter(warc_buffer, gzip=True)
    page = html.replace("Ferry crews join port walkout", "Archived: crews stay out").replace(
        "nine days", "ten days").encode()
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
    writer.write_record(
        writer.create_warc_record("https://courier.example/2025/03/09/crews", "response",
                                  payload=io.BytesIO(page), http_headers=headers)
    )
    folder = write_articles(
        {
            "page.html": html,
            "records.jsonl": "\n".join(json.dumps(r) for r in records) + "\n",
            "feed.xml": feed,
            "crawl.warc.gz": warc_buffer.getvalue(),
            "notes.md": "# Harbour pilots stay neutral\n\nThe pilots' association said on Friday "
            "that its members would keep guiding emergency and medical vessels into Port Alder "
            "but would not cross picket lines for commercial traffic during the dispute.",
        }
    )
    store = open_store(str(tmp_path / "s.db"))
    report = ingest([str(folder)], store)
    assert report.failed == 0, report.failures
    kinds = {s.article.kind.value: s.article for s in store.iter_articles()}
    assert set(kinds) == {"html", "json", "feed", "text"}
    assert kinds["json"].outlet == "Valley Post"
    assert kinds["json"].published.source is DateSource.METADATA
    assert kinds["feed"].title == "Fish prices climb during strike"
    assert kinds["text"].title == "Harbour pilots stay neutral"
    by_title = _by_title(store)
    assert by_title["Ferry crews join port walkout"].article.outlet == "Coastal Courier"
    assert by_title["Ferry crews join port walkout"].article.published.value.isoformat() == "2025-03-08"
    archived = [s for s in store.iter_articles() if "#record=" in s.article.source]
    assert len(archived) == 1
    # The archived page is a near copy of the HTML page.
    assert archived[0].group_id == by_title["Ferry crews join port walkout"].group_id


def test_bad_inputs_are_recorded_and_the_run_goes_on(tmp_path, write_articles):
    good = (FIXTURES / "independent.txt").read_text()
    folder = write_articles(
        {
            "good.txt": good,
            "latin1.txt": "Café owners near the quay say trade has fallen by half since the "
            "strike began, and several have cut their opening hours until the ships return.".encode(
                "latin-1"),
            "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
            "empty.txt": b"",
            "huge.txt": ("word " * 50_000).encode(),
            "broken.jsonl": b'{"title": "ok", "text": "' + b"fine text " * 30 + b'"}\n{not json\n',
            "archive.gz": gzip.compress(b"\x00\x01\x02 not an archive of articles"),
        }
    )
    store = open_store(str(tmp_path / "s.db"))
    report = ingest([str(folder), str(tmp_path / "missing.txt")], store, IngestLimits(max_bytes=100_000))
    assert report.ok
    assert report.added == 3  # good.txt, latin1.txt, the good JSON line
    failed = {Path(f.failure.source.split("#")[0]).name: f.failure for f in store.failures()}
    assert set(failed) == {"image.png", "empty.txt", "huge.txt", "broken.jsonl", "archive.gz", "missing.txt"}
    assert failed["image.png"].code == "E101"
    assert failed["empty.txt"].code == "E102"
    assert failed["huge.txt"].code == "E103"
    assert failed["broken.jsonl"].code == "E105"
    for failure in failed.values():
        assert failure.reason and failure.stage
    latin = next(s.article for s in store.iter_articles() if s.article.source.endswith("latin1.txt"))
    assert "Café" in latin.text


def test_nothing_ingested_is_not_ok(tmp_path, write_articles):
    folder = write_articles({"empty.txt": b"", "bin.dat": b"\x00\x01" * 100})
    store = open_store(str(tmp_path / "s.db"))
    report = ingest([str(folder)], store)
    assert not report.ok
    assert report.failed == 2
