"""The timeline view over the demo corpus: ingest, language layer, then per-article event
mentions folded into dated entries, checked against events listed in ``EXPECTED.json``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from storyline.demo import corpus_dir, corpus_files
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.views.timeline import build_timeline, calendar_interval

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("timeline") / "demo.db"))
    ingest([str(p) for p in corpus_files()], store)
    assert analyze_pending(store).failed == 0
    mentions, texts, group_of, key_of = [], {}, {}, {}
    for stored in store.iter_articles():
        article = stored.article
        texts[article.id] = article.text
        group_of[article.id] = stored.group_id
        key_of[article.id] = article.source.rsplit("/", 1)[-1]
        mentions.extend(store.extractions_of(article.id, "event_mention"))
    expected = json.loads((corpus_dir() / "EXPECTED.json").read_text(encoding="utf-8"))
    yield mentions, texts, group_of, key_of, expected
    store.close()


def test_demo_timeline_is_sorted_and_sourced(demo):
    mentions, texts, group_of, key_of, expected = demo
    timeline = build_timeline(mentions, texts=texts, group_of=group_of, include_undated=False)
    starts = [calendar_interval(e.date)[0] for e in timeline]
    assert starts == sorted(starts)
    for entry in timeline:
        assert entry.summary and 1 <= entry.independent_source_count <= len(entry.sources)
    talks = next(e for e in expected["events"] if e["id"] == "ev_ri_dalnov_talks")
    on_the_day = [e for e in timeline if e.date == talks["date"]]
    assert any(e.event_type in ("meeting", "agreement") for e in on_the_day)
    # The wire story and its two reprints are one independent source.
    wire = next(g for g in expected["duplicate_groups"] if g["id"] == "wire-gorelov-ri")
    copies = {wire["original"], *(c["key"] for c in wire["copies"])}
    reprinted = [e for e in timeline if len(e.sources) > 1
                 and {key_of[s] for s in e.sources} <= copies]
    assert reprinted and all(e.independent_source_count == 1 for e in reprinted)


def test_demo_timeline_filters(demo):
    mentions, texts, group_of, _, expected = demo
    window = expected["story_window"]
    first, last = date.fromisoformat(window["first"]), date.fromisoformat(window["last"])
    in_window = build_timeline(mentions, from_date=first, to_date=last, texts=texts)
    everything = build_timeline(mentions, texts=texts)
    assert 0 < len(in_window) < len(everything)
    for entry in in_window:
        start, end, _ = calendar_interval(entry.date)
        assert end >= first and start <= last
    dalnov = build_timeline(mentions, entity="Dalnov", texts=texts)
    assert dalnov
    assert all(any("dalnov" in p.lower() for p in e.participants) for e in dalnov)
