"""The briefing over the demo corpus: every sentence cited, copies folded, single sources
marked, the number chain in date order, ``since`` and the renderers."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from briefing_checks import assert_reads_as_briefing
from briefing_llm_server import fake_model
from storyline.demo import corpus_files
from storyline.errors import UnknownId
from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.views.briefing import (
    ArticleMeta,
    BriefingOptions,
    LlmSettings,
    briefing_inputs,
    compose_briefing,
    day_label,
    rewrite_briefing,
)
from storyline.views.briefing_cli import brief_command

pytestmark = pytest.mark.slow

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "demo.db"
    store = open_store(str(path))
    ingest([str(p) for p in corpus_files()], store)
    assert analyze_pending(store).failed == 0
    fuse(store)
    store.commit()
    inputs = briefing_inputs(store)
    store.close()
    return path, inputs


@pytest.fixture(scope="module")
def briefing(demo):
    return compose_briefing(demo[1])


def test_default_story_is_the_largest(demo, briefing):
    _, inputs = demo
    largest = max(inputs.stories, key=lambda s: len(s["article_ids"]))
    assert briefing.story_id == largest["id"]
    assert [s.key for s in briefing.sections] == ["happened", "claims", "numbers"]
    assert all(section.sentences for section in briefing.sections)


def test_reads_as_a_briefing(demo, briefing):
    assert_reads_as_briefing(briefing)
    assert_reads_as_briefing(compose_briefing(demo[1], BriefingOptions(since=date(2025, 2, 15))))


def test_every_sentence_is_cited_by_listed_sources(briefing):
    listed = {s.article_id for s in briefing.sources}
    assert [s.number for s in briefing.sources] == list(range(1, len(briefing.sources) + 1))
    for sentence in briefing.sentences():
        assert sentence.citations, sentence.text
        assert set(sentence.citations) <= listed
    # Every listed source is cited somewhere.
    assert listed == {a for s in briefing.sentences() for a in s.citations}


def test_no_content_repeated_within_a_duplicate_group(demo, briefing):
    _, inputs = demo
    seen = set()
    for sentence in briefing.sentences():
        content = " ".join(re.findall(r"\w+", sentence.text.lower()))
        groups = {inputs.articles[a].group_id for a in sentence.citations}
        for group in groups:
            assert (group, content) not in seen, sentence.text
            seen.add((group, content))
    quoted = [re.findall(r"“(.+)”$", s.text) for s in briefing.sentences()]
    flat = [q[0] for q in quoted if q]
    assert len(flat) == len(set(flat))


def test_quotes_prefer_the_group_original(demo, briefing):
    _, inputs = demo
    copies = {a for a, meta in inputs.articles.items() if not meta.is_original}
    assert copies, "the demo corpus holds copies"
    texts = inputs.texts
    for sentence in briefing.sentences():
        if sentence.kind == "numbers":
            continue
        body = re.sub(r"^.*?: “|”$", "", sentence.text)
        body = re.sub(r"^(On|Planned for) \d+ \w+[,:] ", "", body)
        probe = body.strip("…")[10:60]
        holders = [a for a in sentence.citations if probe and probe in " ".join(texts.get(a, "").split())]
        originals = [a for a in holders if a not in copies]
        if holders:
            assert originals, sentence.text


def test_single_source_marking(demo, briefing):
    _, inputs = demo
    for sentence in briefing.sentences():
        groups = {inputs.articles[a].group_id for a in sentence.citations}
        assert sentence.single_source == (len(groups) == 1), sentence.text
    assert any(s.single_source for s in briefing.sentences())
    assert any(not s.single_source for s in briefing.sentences())
    markdown = briefing.to_markdown()
    for sentence in briefing.sentences():
        marks = "".join(f"[{n}]" for n in briefing.cited_numbers(sentence))
        cited = f"{sentence.text} {marks}"
        assert cited in markdown, sentence.text
        after = markdown[markdown.index(cited) + len(cited):]
        assert after.startswith(" (single source)") == sentence.single_source


def test_copies_count_once(demo, briefing):
    """A sentence cited by an original and its reprints only is still single-source."""
    _, inputs = demo
    reprinted = [s for s in briefing.sentences()
                 if len(s.citations) > 1
                 and len({inputs.articles[a].group_id for a in s.citations}) == 1]
    assert reprinted and all(s.single_source for s in reprinted)


def test_key_numbers_show_the_shell_estimate_growing_in_date_order(briefing):
    numbers = next(s for s in briefing.sections if s.key == "numbers").sentences
    shells = next(s for s in numbers if "300,000" in s.text and "1.2 million" in s.text)
    assert shells.text.index("300,000") < shells.text.index("1.2 million")
    assert "grew" in shells.text
    days = [date(2025, ["Jan", "Feb", "Mar"].index(m) + 1, int(d))
            for d, m in re.findall(r"\((\d+) (Jan|Feb|Mar)\.", shells.text)]
    assert len(days) >= 2 and days == sorted(days)
    assert not shells.single_source


def test_what_happened_is_in_date_order(briefing):
    happened = next(s for s in briefing.sections if s.key == "happened").sentences
    dates = [s.date for s in happened]
    assert dates == sorted(dates)
    assert all(s.text.startswith(("On ", "Planned for ")) for s in happened)


def test_since_keeps_only_newer_material(demo):
    _, inputs = demo
    since = date(2025, 2, 15)
    briefing = compose_briefing(inputs, BriefingOptions(since=since))
    new = next(s for s in briefing.sections if s.key == "new")
    assert new.heading == "New since 15 February 2025"
    assert new.sentences
    for sentence in new.sentences:
        for article_id in sentence.citations:
            assert inputs.articles[article_id].published >= since.isoformat()
    # Background sections hold what was known before: nothing there is first seen since.
    by_id = {c["id"]: c for c in inputs.claims}
    for section in briefing.sections:
        if section.key != "claims":
            continue
        for sentence in section.sentences:
            assert (by_id[sentence.record_id]["first_seen"] or "0") < since.isoformat()


def test_date_range_filters(demo):
    _, inputs = demo
    briefing = compose_briefing(
        inputs, BriefingOptions(from_date=date(2025, 2, 1), to_date=date(2025, 2, 13)))
    happened = next(s for s in briefing.sections if s.key == "happened").sentences
    assert happened
    assert all("2025-02-01" <= (s.date or "") <= "2025-02-13" for s in happened)


def test_unknown_story_is_a_clear_error(demo):
    with pytest.raises(UnknownId, match="no story with id 'story-nope'"):
        compose_briefing(demo[1], BriefingOptions(story_id="story-nope"))


def test_html_escapes_a_hostile_title(demo):
    _, inputs = demo
    briefing = compose_briefing(inputs)
    first = briefing.sources[0].article_id
    articles = dict(inputs.articles)
    articles[first] = replace(articles[first], title=HOSTILE, outlet="<i>Outlet</i>")
    stories = tuple(dict(s, title=HOSTILE) for s in inputs.stories)
    hostile = compose_briefing(replace(inputs, articles=articles, stories=stories))
    page = hostile.to_html()
    assert "<script>" not in page and "<b>bold</b>" not in page and "<i>Outlet</i>" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page
    assert page.startswith("<!DOCTYPE html>") and "<link" not in page and "src=" not in page


def test_dict_round_trips_through_json(briefing):
    data = json.loads(json.dumps(briefing.to_dict()))
    numbers = {s["number"] for s in data["sources"]}
    for section in data["sections"]:
        for sentence in section["sentences"]:
            assert sentence["citations"] and set(sentence["citations"]) <= numbers
            assert isinstance(sentence["single_source"], bool)


def test_cli(demo, tmp_path):
    path, _ = demo
    runner = CliRunner()
    result = runner.invoke(brief_command, ["--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Briefing: ")
    assert "## Key numbers" in result.output and "## Sources" in result.output
    out = tmp_path / "brief.html"
    result = runner.invoke(brief_command, ["--db", str(path), "--format", "html", "--out", str(out),
                                           "--since", "2025-02-15"])
    assert result.exit_code == 0, result.output
    assert "New since 15 February 2025" in out.read_text(encoding="utf-8")
    result = runner.invoke(brief_command, ["--format", "json"], env={"STORYLINE_DB": str(path)})
    assert result.exit_code == 0 and json.loads(result.output)["sections"]
    result = runner.invoke(brief_command, ["--db", str(path), "--story", "story-nope"])
    assert result.exit_code != 0 and "no story with id 'story-nope'" in result.output
    result = runner.invoke(brief_command, ["--db", str(path), "--since", "15/02/2025"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_day_label():
    assert day_label("2025-01-28") == "28 January 2025"
    assert day_label("2025-01-28", with_year=False) == "28 January"
    assert day_label("2025-02") == "February 2025"
    assert day_label("2025") is None and day_label(None) is None


def test_article_meta_is_frozen():
    meta = ArticleMeta("a", None, None, None, "g", True)
    with pytest.raises(AttributeError):
        meta.title = "x"  # type: ignore[misc]


def test_the_extractive_text_passes_the_rewording_check(demo, briefing):
    """Sent back unchanged by a model, the briefing verifies: same sentences, citations and
    single-source marks (the checker and the composer agree on what a sentence is)."""
    since = compose_briefing(demo[1], BriefingOptions(since=date(2025, 2, 15)))
    with fake_model() as server:
        for original in (briefing, since):
            outcome = rewrite_briefing(original, LlmSettings(url=f"{server.url}/echo/v1"))
            assert outcome.accepted, outcome.reason
            rewritten = outcome.briefing.sentences()
            assert [(s.text, set(s.citations), s.single_source) for s in rewritten] == \
                [(s.text, set(s.citations), s.single_source) for s in original.sentences()]
