"""The HTTP API and pages over the demo store: every endpoint, pagination, errors, token, ingest."""

from __future__ import annotations

import shutil
import time

import pytest
from fastapi.testclient import TestClient

from helpers import fused_demo_store
from storyline.store import open_store
from storyline.views.export import article_record
from storyline.web import create_app, is_loopback

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    return fused_demo_store(str(tmp_path_factory.mktemp("web") / "demo.db"))


@pytest.fixture(scope="module")
def client(demo_db) -> TestClient:
    return TestClient(create_app(demo_db))


@pytest.fixture(scope="module")
def expected(demo_db) -> dict:
    """What the library itself says, to compare the API with."""
    store = open_store(demo_db)
    try:
        return {
            "articles": [s.article.id for s in store.iter_articles()],
            "stories": store.fused("story"),
            "entities": store.fused("entity"),
            "claims": store.fused("claim"),
            "copies": [(s.article.id, s.copy_of) for s in store.iter_articles() if s.copy_of],
            "record": article_record(store, next(store.iter_articles())),
        }
    finally:
        store.close()


def _paged(body: dict) -> list:
    assert set(body) >= {"total", "limit", "offset", "items"}
    return body["items"]


# --------------------------------------------------------------------------- lists
def test_stories_list_matches_the_store(client, expected):
    body = client.get("/api/stories").json()
    items = _paged(body)
    assert body["total"] == len(expected["stories"])
    assert [s["id"] for s in items] == [s["id"] for s in expected["stories"]]
    first = items[0]
    assert first["size"] == len(first["article_ids"])
    assert first["first_date"] <= first["last_date"]
    assert first["latest_article"]["published"] <= first["last_date"] or first["latest_article"]["published_source"] == "inferred"


def test_story_detail_and_timeline(client, expected):
    story_id = expected["stories"][0]["id"]
    story = client.get(f"/api/stories/{story_id}").json()
    assert story["id"] == story_id
    assert {a["id"] for a in story["articles"]} == set(expected["stories"][0]["article_ids"])
    assert story["event_count"] > 0 and story["claim_count"] > 0
    timeline = client.get(f"/api/stories/{story_id}/timeline", params={"limit": 500}).json()
    entries = _paged(timeline)
    assert timeline["total"] == len(entries) == story["event_count"]
    dated = [e["first_day"] for e in entries if e["first_day"]]
    assert dated == sorted(dated)


def test_timeline_filters(client, expected):
    story_id = expected["stories"][0]["id"]
    url = f"/api/stories/{story_id}/timeline"
    everything = client.get(url, params={"limit": 500}).json()["items"]
    travel = client.get(url, params={"event_type": "travel", "limit": 500}).json()["items"]
    assert travel and all(e["event_type"] == "travel" for e in travel)
    assert len(travel) < len(everything)
    planned = client.get(url, params={"status": "planned", "limit": 500}).json()["items"]
    assert all(e["status"] == "planned" for e in planned)
    ranged = client.get(url, params={"from": "2025-01-28", "to": "2025-01-31", "limit": 500}).json()["items"]
    assert ranged and all(e["last_day"] >= "2025-01-28" and e["first_day"] <= "2025-01-31" for e in ranged)
    gorelov = next(e for e in expected["entities"] if "Gorelov" in e["name"])
    by_id = client.get(url, params={"entity": gorelov["id"], "limit": 500}).json()["items"]
    by_name = client.get(url, params={"entity": gorelov["name"], "limit": 500}).json()["items"]
    assert by_id and len(by_id) < len(everything)
    assert [e["event_id"] for e in by_id] == [e["event_id"] for e in by_name]


def test_claims_list_filters_and_counts(client, expected):
    body = client.get("/api/claims", params={"limit": 500}).json()
    assert body["total"] == len(expected["claims"])
    items = body["items"]
    assert all(c["independent_source_count"] <= c["raw_source_count"] for c in items)
    keys = [(-c["independent_source_count"], -c["raw_source_count"], c["id"]) for c in items]
    assert keys == sorted(keys)
    denials = client.get("/api/claims", params={"stance": "deny", "limit": 500}).json()
    assert denials["total"] > 0 and all(c["stance"] == "deny" for c in denials["items"])
    story = expected["stories"][1]
    in_story = client.get("/api/claims", params={"story": story["id"], "limit": 500}).json()["items"]
    assert all(set(c["sources"]) & set(story["article_ids"]) for c in in_story)
    assert client.get("/api/contradictions").json()["total"] > 0


def test_entities_list_detail_and_type_filter(client, expected):
    body = client.get("/api/entities", params={"type": "PERSON", "limit": 500}).json()
    assert body["total"] == sum(e["label"] == "PERSON" for e in expected["entities"])
    assert all(e["label"] == "PERSON" for e in body["items"])
    person = body["items"][0]
    detail = client.get(f"/api/entities/{person['id']}").json()
    assert detail["id"] == person["id"] and detail["aliases"] == person["aliases"]
    assert {"timeline", "claims_by", "claims_about", "related", "stories"} <= set(detail)
    assert detail["related"] and all(r["shared_articles"] > 0 for r in detail["related"])


def test_articles_list_and_pagination(client, expected):
    total = len(expected["articles"])
    first = client.get("/api/articles", params={"limit": 5}).json()
    second = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == total
    assert [a["id"] for a in first["items"] + second["items"]] == expected["articles"][:10]
    assert "text" not in first["items"][0]
    beyond = client.get("/api/articles", params={"offset": total + 10}).json()
    assert beyond["items"] == [] and beyond["total"] == total
    stories = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert len(stories["items"]) == 1 and stories["items"][0]["id"] == expected["stories"][1]["id"]


def test_article_detail_matches_the_export(client, expected):
    record = expected["record"]
    body = client.get(f"/api/articles/{record['id']}").json()
    for key, value in record.items():
        assert body[key] == value, key
    assert body["mentions"] and body["time_expressions"] and body["event_mentions"]
    assert {"copy_of", "copied_by", "rewrites", "links", "group_id"} <= set(body["provenance"])


def test_article_provenance_copy_of_and_copied_by(client, expected):
    copy_id, original_id = expected["copies"][0]
    copy = client.get(f"/api/articles/{copy_id}").json()
    assert copy["provenance"]["copy_of"] == original_id
    original = client.get(f"/api/articles/{original_id}").json()
    assert copy_id in [c["id"] for c in original["provenance"]["copied_by"]]
    rewrites = [c for c, _ in expected["copies"]
                if client.get(f"/api/articles/{c}").json()["relation"] == "rewrite"]
    assert rewrites, "the demo corpus has a close rewrite"
    assert client.get(f"/api/articles/{rewrites[0]}").json()["provenance"]["rewrites"]


def test_search_finds_articles_entities_and_claims(client):
    body = client.get("/api/search", params={"q": "shells"}).json()
    assert body["articles"]["total"] > 0 and body["claims"]["total"] > 0
    assert all("shells" in c["content"].lower() for c in body["claims"]["items"])
    names = client.get("/api/search", params={"q": "gorelov"}).json()
    assert any("Gorelov" in e["name"] for e in names["entities"]["items"])
    nothing = client.get("/api/search", params={"q": "zzzqqq"}).json()
    assert nothing["articles"]["total"] == nothing["entities"]["total"] == nothing["claims"]["total"] == 0
    # FTS syntax in the query is text, not an error.
    assert client.get("/api/search", params={"q": 'NEAR( "shells" OR *'}).status_code == 200


def test_story_briefing_cites_every_sentence_on_the_api_and_the_page(client, expected, demo_db):
    from storyline.views.briefing import BriefingOptions, build_briefing

    story = max(expected["stories"], key=lambda s: len(s["article_ids"]))
    body = client.get(f"/api/stories/{story['id']}/brief").json()
    sentences = [s for section in body["sections"] for s in section["sentences"]]
    assert sentences
    numbers = {s["article_id"]: s["number"] for s in body["sources"]}
    for sentence in sentences:
        # Cited articles are listed sources (a claim may also rest on an article of
        # another story: it is cited too).
        assert sentence["article_ids"] and set(sentence["article_ids"]) <= set(numbers)
        assert sorted(numbers[a] for a in sentence["article_ids"]) == sentence["citations"]
    # The story-scoped read gives what the whole-store briefing (the CLI's) gives.
    store = open_store(demo_db)
    try:
        whole = build_briefing(store, BriefingOptions(story_id=story["id"])).to_dict()
    finally:
        store.close()
    assert body == whole
    # The page fetches it after showing (tests/test_web_browser.py renders it).
    page = client.get(f"/stories/{story['id']}").text
    assert f'data-brief="/api/stories/{story["id"]}/brief"' in page


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize("url", [
    "/api/stories/story-999999", "/api/stories/story-999999/timeline",
    "/api/stories/story-999999/brief", "/api/entities/person:nobody",
    "/api/articles/0000000000000000", "/api/claims?story=story-999999",
])
def test_unknown_ids_are_404_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "no " in response.json()["detail"]


@pytest.mark.parametrize("url", [
    "/api/articles?limit=0", "/api/articles?limit=100000", "/api/articles?offset=-1",
    "/api/articles?limit=abc", "/api/stories/story-000001/timeline?from=2025-13-01",
    "/api/claims?stance=shout", "/api/entities?type=ANIMAL", "/api/search", "/api/search?q=",
    "/api/search?q=" + "x" * 600,
])
def test_bad_parameters_are_422(client, url):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_from_after_to_is_400(client):
    response = client.get("/api/stories/story-000001/timeline?from=2025-02-01&to=2025-01-01")
    assert response.status_code == 400 and "after" in response.json()["detail"]


def test_ingest_is_disabled_by_default(client):
    assert client.post("/api/ingest", data={"urls": "https://example.org/"}).status_code == 403
    assert client.get("/api/ingest/abc").status_code == 403
    assert client.get("/ingest").status_code == 404
    assert 'href="/ingest"' not in client.get("/").text


# --------------------------------------------------------------------------- pages, headers
@pytest.mark.parametrize("path", ["/", "/articles", "/entities", "/entities?type=person", "/search?q=shells", "/search"])
def test_pages_render_with_a_strict_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in response.text  # no inline script at all


def test_detail_pages_render(client, expected):
    story_id = expected["stories"][0]["id"]
    story = client.get(f"/stories/{story_id}")
    assert story.status_code == 200 and 'id="timeline-list"' in story.text and "<svg" in story.text
    entity = expected["entities"][0]
    assert client.get(f"/entities/{entity['id']}").status_code == 200
    article = client.get(f"/articles/{expected['copies'][0][0]}")
    assert article.status_code == 200 and 'class="m-' in article.text and "Copy of" in article.text
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/articles?limit=0").status_code == 422
    assert client.get("/entities?type=ANIMAL").status_code == 422


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/timeline",
                 "/api/claims", "/api/entities", "/api/entities/{entity_id}", "/api/articles",
                 "/api/articles/{article_id}", "/api/search", "/api/ingest", "/api/ingest/{job_id}"]:
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# --------------------------------------------------------------------------- token
def test_token_is_required_everywhere(demo_db):
    client = TestClient(create_app(demo_db, token="s3cret"))
    for path in ["/", "/api/stories", "/static/app.css", "/openapi.json", "/docs"]:
        assert client.get(path).status_code == 401, path
    assert client.get("/api/stories", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/stories", params={"token": "wrong"}).status_code == 401
    assert client.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_token_in_the_query_once_then_a_cookie(demo_db):
    client = TestClient(create_app(demo_db, token="s3cret"))
    first = client.get("/?token=s3cret", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "s3cret" not in cookie
    assert client.get("/").status_code == 200  # the cookie now
    assert client.get("/api/stories").status_code == 200
    fresh = TestClient(create_app(demo_db, token="s3cret"))
    assert fresh.get("/").status_code == 401


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_serve_refuses_a_public_host_without_a_token(demo_db):
    from click.testing import CliRunner

    from storyline.web.cli import serve_command

    result = CliRunner().invoke(serve_command, ["--db", demo_db, "--host", "0.0.0.0"], env={"STORYLINE_TOKEN": ""})
    assert result.exit_code != 0 and "token" in result.output
    missing = CliRunner().invoke(serve_command, ["--db", demo_db + ".missing"])
    assert missing.exit_code != 0 and "no store" in missing.output


# --------------------------------------------------------------------------- ingest
@pytest.fixture
def ingest_client(demo_db, tmp_path):
    copy = tmp_path / "ingest.db"
    shutil.copy(demo_db, copy)
    return TestClient(create_app(str(copy), allow_ingest=True))


def _wait(client: TestClient, job_id: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/ingest/{job_id}").json()
        if job["done"]:
            return job
        time.sleep(0.2)
    raise AssertionError(f"ingest job {job_id} did not finish")


def test_ingest_a_file_then_it_is_served(ingest_client):
    text = (
        "Harbor officials reopen Chongdo port\n\n"
        "date 2025-02-21 (Test Wire) -- Harbor officials in Chongdo reopened the port on Friday, "
        "the city council said, after a week of inspections by the Haemun navy.\n"
    )
    response = ingest_client.post("/api/ingest", files=[("files", ("port.txt", text.encode(), "text/plain"))])
    assert response.status_code == 202, response.text
    assert response.headers["location"].startswith("/api/ingest/")
    job = _wait(ingest_client, response.json()["id"])
    assert job["state"] == "done" and job["added"] == 1 and job["analyzed"] == 1
    article_id = job["added_ids"][0]
    article = ingest_client.get(f"/api/articles/{article_id}").json()
    assert article["title"] == "Harbor officials reopen Chongdo port"
    assert article["mentions"]
    again = _wait(ingest_client, ingest_client.post(
        "/api/ingest", files=[("files", ("again.txt", text.encode(), "text/plain"))]).json()["id"])
    assert again["added"] == 0 and again["unchanged"] == 1


@pytest.mark.parametrize("urls", ["/etc/passwd", "file:///etc/passwd", "ftp://example.org/x", "example.org"])
def test_ingest_accepts_only_web_addresses(ingest_client, urls):
    response = ingest_client.post("/api/ingest", data={"urls": urls})
    assert response.status_code == 422 and "http" in response.json()["detail"]


def test_ingest_errors(ingest_client):
    assert ingest_client.post("/api/ingest", data={"urls": ""}).status_code == 422
    assert ingest_client.get("/api/ingest/nope").status_code == 404
    assert ingest_client.get("/ingest").status_code == 200
    cross = ingest_client.post("/api/ingest", data={"urls": "https://example.org/"},
                               headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403


def test_only_allowed_host_names_are_served(demo_db):
    from storyline.web import LOOPBACK_NAMES

    client = TestClient(create_app(demo_db, allowed_hosts=LOOPBACK_NAMES), base_url="http://127.0.0.1:8000")
    assert client.get("/api/stories").status_code == 200
    rebound = client.get("/api/stories", headers={"Host": "attacker.example:8000"})
    assert rebound.status_code == 400


def test_concurrent_requests_share_the_store_safely(client, expected):
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/api/stories", "/api/claims?limit=5", f"/api/articles/{expected['articles'][0]}",
             "/api/entities?limit=5", "/api/search?q=Haemun", "/"] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda path: client.get(path).status_code, paths))
    assert codes == [200] * len(paths)


def test_every_api_route_is_documented(client):
    from pathlib import Path

    documented = (Path(__file__).resolve().parent.parent / "docs" / "web.md").read_text(encoding="utf-8")
    for path, methods in client.get("/openapi.json").json()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} {path}`" in documented, f"{method.upper()} {path} missing from docs/web.md"


# --------------------------------------------------------------------------- reading less
def test_health_answers_without_the_store(tmp_path):
    client = TestClient(create_app(str(tmp_path / "never-opened.db")))
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["version"]
    assert not (tmp_path / "never-opened.db").exists()


def test_search_matches_what_a_full_scan_finds(client, expected):
    for query in ["shells", "SHELLS", "Kresnia denied", "gorelov"]:
        words = query.casefold().split()
        body = client.get("/api/search", params={"q": query, "limit": 200}).json()
        claims = [c for c in expected["claims"] if all(w in c["content"].casefold() for w in words)]
        ranked = sorted(claims, key=lambda c: (-c["independent_source_count"], -c["raw_source_count"], c["id"]))
        assert [c["id"] for c in body["claims"]["items"]] == [c["id"] for c in ranked]
        assert body["claims"]["total"] == len(ranked)
        entities = [e for e in expected["entities"]
                    if all(w in " ".join([e["name"], *e["aliases"]]).casefold() for w in words)]
        assert [e["id"] for e in body["entities"]["items"]] == [e["id"] for e in entities]
    short = client.get("/api/search", params={"q": "the", "limit": 2}).json()
    assert len(short["claims"]["items"]) == 2 < short["claims"]["total"]


def test_claims_pages_follow_the_best_sourced_order(client, expected):
    ranked = sorted(expected["claims"], key=lambda c: (-c["independent_source_count"], -c["raw_source_count"], c["id"]))
    pages = [client.get("/api/claims", params={"limit": 7, "offset": offset}).json()
             for offset in range(0, len(ranked), 7)]
    assert [c["id"] for page in pages for c in page["items"]] == [c["id"] for c in ranked]
    denials = client.get("/api/claims", params={"stance": "deny", "limit": 2, "offset": 1}).json()
    expected_denials = [c["id"] for c in ranked if c["stance"] == "deny"]
    assert denials["total"] == len(expected_denials)
    assert [c["id"] for c in denials["items"]] == expected_denials[1:3]


def test_long_lists_are_paged_on_the_pages(client, expected):
    first = client.get("/", params={"limit": 1})
    assert first.status_code == 200 and first.text.count('class="story-card"') == 1
    assert 'href="/?offset=1&amp;limit=1"' in first.text
    people = client.get("/entities", params={"type": "person", "limit": 2, "offset": 2})
    assert people.status_code == 200 and people.text.count("<tr><td><a href=\"/entities/") == 2
    assert "offset=4&amp;limit=2" in people.text and "type=PERSON&amp;offset=0" in people.text


def test_the_stories_list_follows_a_new_fusion(ingest_client):
    before = ingest_client.get("/api/stories", params={"limit": 500}).json()
    article_count = ingest_client.get("/").text
    fixture = (
        "Ferry crews on the Ostrava line end their strike\n\n"
        "date 2025-03-03 (Harbour Desk) -- Deck crews of the regional ferry operator ended a "
        "three-day strike on Monday, union leader Marta Quell said, and crossings to Ostrava "
        "resumed in the afternoon.\n"
    )
    job = ingest_client.post("/api/ingest", files={"files": ("ferry.txt", fixture.encode(), "text/plain")}).json()
    assert _wait(ingest_client, job["id"])["state"] == "done"
    after = ingest_client.get("/api/stories", params={"limit": 500}).json()
    covered = lambda body: {a for s in body["items"] for a in s["article_ids"]}  # noqa: E731
    assert covered(after) - covered(before) or after["total"] != before["total"]
    assert ingest_client.get("/").text != article_count


def test_docs_are_served_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs/assets/swagger-ui-bundle.js" in page.text and "cdn" not in page.text.lower()
    policy = page.headers["content-security-policy"]
    assert "http" not in policy and "unsafe-inline" not in policy
    for asset in ["swagger-ui-bundle.js", "swagger-ui.css"]:
        response = client.get(f"/docs/assets/{asset}")
        assert response.status_code == 200 and len(response.content) > 10_000


def test_story_entity_filter_matches_the_timeline_filter(demo_db):
    """The story page's entity filter marks exactly the events ``build_timeline(events, name)``
    keeps for each entity (the page tests the built entries instead of rebuilding them)."""
    from storyline.views.timeline import build_timeline
    from storyline.web import queries
    from storyline.web.pages import _entity_index

    store = open_store(demo_db)
    try:
        checked = 0
        for story in store.fused("story"):
            events = queries.story_events(store, story)
            timeline = queries.story_timeline(store, story, events=events)
            entities = queries.entities_of(store, story["article_ids"])
            expected: dict[str, list[str]] = {}
            for entity in entities:
                for entry in build_timeline(events, str(entity["name"])):
                    if entry.event_id:
                        expected.setdefault(entry.event_id, []).append(entity["id"])
            assert _entity_index(timeline, entities) == expected
            checked += len(expected)
        assert checked > 0
    finally:
        store.close()
