"""The web interface in a real browser: headless Chromium (Playwright) against a real uvicorn
server on 127.0.0.1 over the demo store, ingest enabled.

Walks the main pages, filters the timeline, ingests a file through the page, and ingests
hostile articles (script tags, ``onerror=`` attributes, ``javascript:`` links, HTML in the
title, byline, outlet and URL) then opens every page that shows them: nothing may run.
Screenshots go to ``test-artifacts/screenshots/``. Skipped when Playwright or
``/usr/bin/chromium`` is missing.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from storyline.demo import corpus_files
from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`)", allow_module_level=True)
uvicorn = pytest.importorskip("uvicorn")

pytestmark = pytest.mark.slow

BENIGN = (
    "Chongdo port reopens after navy inspections\n\n"
    "date 2025-02-21 (Test Wire) -- Harbor officials in Chongdo reopened the port on Friday, "
    "the city council said, after a week of inspections by the Haemun navy.\n"
)

HOSTILE_TEXT = """<script>window.__pwned = "title"</script> Haemun envoy <img src=x onerror="window.__pwned='title-img'">
by <b onmouseover="window.__pwned='byline'">Mallory Quux</b> <script>alert('byline')</script>
date 2025-02-22 (Evil Wire) --

VORONSK, Feb. 22 (Evil Wire) - Haemun's foreign minister Ri Son Gwan said "<img src=x onerror=window.__pwned='claim'>" was the only answer to the accusations, according to officials in Voronsk.

Kresnian officials said more than 500 <svg onload=window.__pwned='svg'> shells were delivered to Kresnia on Tuesday, and Viktor Gorelov denied sending weapons.

Read more at <a href="javascript:window.__pwned='link'">this link</a> or javascript:alert(document.cookie) <iframe src="javascript:alert(1)"></iframe>.
"""

HOSTILE_JSON = {
    "title": "<img src=x onerror=\"window.__pwned='json-title'\">Gorelov <script>window.__pwned='json'</script> speaks",
    "author": "<script>window.__pwned='json-author'</script><a href=\"javascript:alert(1)\">Eve</a>",
    "outlet": "<iframe src=\"javascript:window.__pwned='outlet'\"></iframe>Mallory Times",
    "url": "javascript:window.__pwned='json-url'",
    "date": "2025-02-23",
    "text": (
        "Viktor Gorelov said on Sunday that Kresnia would \"<body onload=window.__pwned='content'>\" "
        "answer every accusation, Kresnian state media reported. Mallory Quux, an analyst, said the "
        "talks in Voronsk would continue next week.\n\n"
        "The ministry said 1,000 <img src=1 onerror=alert(2)> troops had been moved near Ryonggang."
    ),
}

HOSTILE_HTML = """<!doctype html><html><head>
<title>&lt;script&gt;window.__pwned='html-title'&lt;/script&gt; Ri visits Voronsk</title>
<meta name="author" content="&lt;img src=x onerror=alert(3)&gt; Trudy">
<meta property="og:url" content="javascript:alert(4)">
<meta property="article:published_time" content="2025-02-24">
</head><body><article><h1>&lt;script&gt;window.__pwned='html-title'&lt;/script&gt; Ri visits Voronsk</h1>
<p>Haemun's foreign minister Ri Son Gwan arrived in Voronsk on Monday, officials said, in a visit
that &lt;img src=x onerror=window.__pwned='html-text'&gt; analysts called routine.</p>
<p><script>window.__pwned='html-script'</script>She met Sergei Dalnov for three hours, the
ministry said, and the two sides signed an agreement on transport.</p>
<p><a href="javascript:window.__pwned='html-link'">Click here</a> for more.</p>
</article></body></html>
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(app):
    """Run ``app`` with uvicorn on a free loopback port in a thread; returns (base URL, stop)."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)

    def stop() -> None:
        instance.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A uvicorn server in a thread over a fresh demo store, ingest enabled."""
    folder = tmp_path_factory.mktemp("browser")
    db = str(folder / "demo.db")
    store = open_store(db)
    ingest([str(p) for p in corpus_files()], store)
    analyze_pending(store)
    fuse(store)
    store.close()
    base, stop = _start(create_app(db, allow_ingest=True))
    yield base, folder
    stop()


@pytest.fixture(scope="module")
def browser():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Watched:
    """A page with every dialog and page error recorded (none may happen)."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.base = base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path

    def shot(self, name: str, full_page: bool = False) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)

    def assert_nothing_ran(self) -> None:
        assert self.page.evaluate("typeof window.__pwned") == "undefined", self.page.url
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors


@pytest.fixture
def page(browser, server):
    base, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), base)
    yield watched
    context.close()


def _visible(page, selector: str) -> int:
    return int(page.evaluate(
        "s => Array.from(document.querySelectorAll(s)).filter(e => !e.hidden).length", selector
    ))


def test_stories_list_then_a_story(page):
    page.open("/")
    cards = page.page.locator(".story-card")
    assert cards.count() >= 2
    assert "article(s)" in cards.first.inner_text()
    page.shot("stories.png")
    cards.first.locator("h2 a").click()
    page.page.wait_for_url("**/stories/*")
    assert page.page.locator("#timeline-list li.event").count() > 0
    page.assert_nothing_ran()


def _main_story(server) -> str:
    """The id of the demo's largest story (ids are content hashes: read them)."""
    _, folder = server
    store = open_store(str(folder / "demo.db"))
    try:
        return max(store.fused("story"), key=lambda s: len(s["article_ids"]))["id"]
    finally:
        store.close()


def test_story_briefing_appears_with_a_citation_on_every_sentence(page, server):
    story = _main_story(server)
    page.open(f"/stories/{story}")
    p = page.page
    p.wait_for_selector("#briefing[data-sentences]")
    sentences = p.locator("#briefing .brief-sentence")
    count = sentences.count()
    assert count > 0 and str(count) == p.locator("#briefing").get_attribute("data-sentences")
    for index in range(count):
        links = sentences.nth(index).locator("a.cite")
        assert links.count() >= 1
        assert links.first.get_attribute("href").startswith("/articles/")
    page.assert_nothing_ran()


def test_story_timeline_filters_and_zoom(page, server):
    page.open(f"/stories/{_main_story(server)}")
    p = page.page
    total = p.locator("#timeline-list li.event").count()
    assert _visible(p, "#timeline-list li.event") == total
    assert p.locator("#axis circle").count() > 0
    page.shot("story.png")
    p.select_option("#f-type", "travel")
    travel = _visible(p, "#timeline-list li.event")
    assert 0 < travel < total
    types = p.evaluate("Array.from(document.querySelectorAll('#timeline-list li.event')).filter(e => !e.hidden).map(e => e.dataset.type)")
    assert set(types) == {"travel"}
    assert p.locator("#f-count").inner_text().startswith(f"{travel} of {total}")
    p.click("#f-reset")
    entity = p.locator("#f-entity option").nth(1).get_attribute("value")
    p.select_option("#f-entity", entity)
    with_entity = _visible(p, "#timeline-list li.event")
    assert 0 < with_entity < total
    p.click("#f-reset")
    p.fill("#f-from", "2025-01-28")
    p.fill("#f-to", "2025-01-30")
    p.dispatch_event("#f-to", "change")
    ranged = p.evaluate(
        "Array.from(document.querySelectorAll('#timeline-list li.event')).filter(e => !e.hidden)"
        ".map(e => [e.dataset.first, e.dataset.last])"
    )
    assert ranged and all(last >= "2025-01-28" and first <= "2025-01-30" for first, last in ranged)
    # Drag across the middle of the axis: a zoom into a narrower date range.
    p.click("#f-reset")
    box = p.locator("#axis").bounding_box()
    p.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + 10)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + 12, steps=5)
    p.mouse.up()
    assert p.input_value("#f-from") and p.input_value("#f-to")
    assert _visible(p, "#timeline-list li.event") < total
    p.click("#f-reset")
    p.locator("#numbers").scroll_into_view_if_needed()
    assert p.locator("#numbers figure.chart circle").count() > 0
    p.locator("#numbers").screenshot(path=str(SCREENSHOTS / "story-numbers.png"))
    p.locator("#claims-section").scroll_into_view_if_needed()
    p.select_option("#f-stance", "deny")
    stances = p.evaluate("Array.from(document.querySelectorAll('#claims-section tbody tr')).filter(e => !e.hidden).map(e => e.dataset.stance)")
    assert stances and set(stances) == {"deny"}
    page.assert_nothing_ran()


def test_entity_page(page, server):
    page.open(f"/stories/{_main_story(server)}")
    link = page.page.locator("#entities a").first
    name = link.inner_text()
    link.click()
    page.page.wait_for_url("**/entities/*")
    assert name in page.page.locator("h1").inner_text()
    assert page.page.locator("#related a").count() > 0
    page.shot("entity.png")
    page.assert_nothing_ran()


def test_article_highlights_and_provenance(page, server):
    base, _ = server
    articles = page.page.request.get(base + "/api/articles?limit=100").json()["items"]
    rewrite = next(a for a in articles if a["relation"] == "rewrite")
    page.open(f"/articles/{rewrite['id']}")
    p = page.page
    assert p.locator(".article-text mark").count() > 10
    assert p.locator(".article-text mark.m-time_expression").first.get_attribute("title")
    provenance = p.locator("#provenance").inner_text()
    assert "Copy of" in provenance and "rewrite" in provenance
    assert "found by" in p.locator("#published").inner_text()
    page.shot("article.png")
    p.locator("#provenance a").first.click()
    p.wait_for_url(f"**/articles/{rewrite['copy_of']}")
    assert "Copied by" in p.locator("#provenance").inner_text()
    page.assert_nothing_ran()


def test_search_from_the_header(page):
    page.open("/")
    page.page.fill("header input[name=q]", "artillery shells")
    page.page.keyboard.press("Enter")
    page.page.wait_for_url("**/search?q=*")
    assert page.page.locator("#found-articles li a").count() > 0
    assert page.page.locator("#found-articles mark").count() > 0
    page.shot("search.png")
    page.assert_nothing_ran()


def _ingest_through_the_page(page, files: list[Path]) -> dict:
    page.open("/ingest")
    page.page.set_input_files("#ingest-files", [str(f) for f in files])
    page.page.click("#ingest-submit")
    page.page.wait_for_selector("#ingest-state[data-state=done]", timeout=60_000)
    first_link = page.page.evaluate("document.querySelector('#ingest-added a') ? document.querySelector('#ingest-added a').href : ''")
    assert first_link, page.page.locator("#ingest-state").inner_text()
    return {"state": page.page.locator("#ingest-state").inner_text()}


def test_ingest_a_file_through_the_page(page, server):
    base, folder = server
    upload = folder / "chongdo-port.txt"
    upload.write_text(BENIGN, encoding="utf-8")
    _ingest_through_the_page(page, [upload])
    assert "1 new" in page.page.locator("#ingest-state").inner_text()
    assert page.page.locator("#ingest-added a").first.inner_text() == "Chongdo port reopens after navy inspections"
    page.shot("ingest.png")
    page.page.locator("#ingest-added a").first.click()
    page.page.wait_for_url("**/articles/*")
    assert page.page.locator("h1").inner_text() == "Chongdo port reopens after navy inspections"
    page.open("/search?q=Chongdo+port+reopened")
    assert "Chongdo port reopens" in page.page.locator("#found-articles").inner_text()
    page.assert_nothing_ran()


def test_hostile_articles_never_run_anything(page, server):
    base, folder = server
    files = [folder / "hostile.txt", folder / "hostile.jsonl", folder / "hostile.html"]
    files[0].write_text(HOSTILE_TEXT, encoding="utf-8")
    files[1].write_text(json.dumps(HOSTILE_JSON) + "\n", encoding="utf-8")
    files[2].write_text(HOSTILE_HTML, encoding="utf-8")
    _ingest_through_the_page(page, files)
    dangerous = 'a[href^="javascript:"], iframe, img, script:not([src]), [onerror], [onload], [onmouseover]'
    assert page.page.locator(dangerous).count() == 0  # the new titles are listed as text
    assert "<script>" in page.page.locator("#ingest-added").inner_text()
    page.assert_nothing_ran()
    request = page.page.request
    added = [a["href"].rsplit("/", 1)[-1] for a in page.page.evaluate(
        "Array.from(document.querySelectorAll('#ingest-added a')).map(a => ({href: a.href}))")
        if "/articles/" in a["href"]]
    assert len(added) == 3, page.page.locator("#ingest-state").inner_text()

    paths = {"/", "/articles", "/entities", "/search?q=Mallory", "/search?q=script", "/search?q=Gorelov"}
    for article_id in added:
        record = request.get(f"{base}/api/articles/{article_id}").json()
        paths.add(f"/articles/{article_id}")
        paths.update(f"/stories/{s['id']}" for s in record["stories"])
        paths.update(f"/entities/{m}" for c in record["claims"] if (m := c.get("speaker_entity_id")))
    entities = request.get(f"{base}/api/search?q=Mallory").json()["entities"]["items"]
    paths.update(f"/entities/{e['id']}" for e in entities)
    assert any(p.startswith("/stories/") for p in paths)
    for path in sorted(paths):
        page.open(path)
        page.page.wait_for_timeout(50)
        page.page.mouse.move(5, 5)
        page.page.mouse.move(600, 400)  # hover things that might carry onmouseover
        assert page.page.locator(dangerous).count() == 0, path
        page.assert_nothing_ran()

    # The markup is shown as text, not dropped: what the article says stays visible.
    titles = {a: request.get(f"{base}/api/articles/{a}").json()["title"] or "" for a in added}
    html_article = next(a for a, title in titles.items() if "Ri visits Voronsk" in title)
    page.open(f"/articles/{html_article}")
    assert "<script>" in page.page.locator("h1").inner_text()
    assert "onerror" in page.page.locator(".article-text").inner_text()
    page.shot("hostile-article.png", full_page=True)
    json_article = next(a for a, title in titles.items() if "speaks" in title)
    page.open(f"/articles/{json_article}")
    facts = page.page.locator("dl.facts").inner_text()
    assert "<script>window.__pwned='json-author'</script>" in facts
    assert "javascript:window.__pwned='json-url'" in facts  # shown, not linked
    page.assert_nothing_ran()


def test_token_once_in_the_address_then_a_cookie(browser, server):
    _, folder = server
    base, stop = _start(create_app(str(folder / "demo.db"), token="letmein"))
    context = browser.new_context()
    try:
        page = Watched(context.new_page(), base)
        denied = page.page.goto(base + "/")
        assert denied is not None and denied.status == 401
        page.open("/?token=letmein")
        assert page.page.url == base + "/"  # the token does not stay in the address bar
        page.page.locator(".story-card h2 a").first.click()
        page.page.wait_for_url("**/stories/*")
        assert page.page.locator("#axis circle").count() > 0  # the script loaded with the cookie
        page.assert_nothing_ran()
    finally:
        context.close()
        stop()


def test_api_docs_render_offline(browser, server):
    """/docs draws the API with assets from this server alone: no CDN, no other host."""
    base, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    refused: list[str] = []

    def only_this_server(route) -> None:
        if route.request.url.startswith(base + "/"):
            route.continue_()
        else:  # what a machine without internet would see
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_server)
    try:
        page = Watched(context.new_page(), base)
        page.page.on("console", lambda message: refused.append(message.text)
                     if "Content Security Policy" in message.text else None)
        page.open("/docs")
        page.page.wait_for_selector(".opblock-summary-path", timeout=20_000)
        paths = " ".join(page.page.locator(".opblock-summary-path").all_inner_texts())
        assert "/api/stories/{story_id}/timeline" in paths and "/api/search" in paths
        page.shot("docs.png")
        assert outside == [], outside
        assert refused == [], refused
        page.assert_nothing_ran()
    finally:
        context.close()

def test_screenshots_were_written():
    for name in ["stories.png", "story.png", "entity.png", "article.png", "search.png"]:
        assert (SCREENSHOTS / name).stat().st_size > 1000, name
    shutil.rmtree(SCREENSHOTS / "tmp", ignore_errors=True)
