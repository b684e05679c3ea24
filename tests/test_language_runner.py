"""The language layer over a store: every fact's evidence points at its article text,
re-runs are no-ops, failures are recorded, and the export carries the facts."""

from __future__ import annotations

import io
import json

import pytest

from storyline.demo import corpus_files
from storyline.language.analyze import FACT_KINDS
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.views.export import FACT_ARRAYS, SCHEMA_VERSION, write_json


@pytest.fixture(scope="module")
def analysed_store(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("lang") / "s.db"))
    ingest([str(p) for p in corpus_files()], store)
    report = analyze_pending(store)
    assert report.failed == 0
    assert report.analyzed == store.count_articles()
    yield store
    store.close()


def test_every_fact_carries_exact_evidence(analysed_store):
    seen = set()
    for stored in analysed_store.iter_articles():
        text = stored.article.text
        for fact in analysed_store.extractions_of(stored.article.id):
            evidence = fact["evidence"]
            assert evidence["article_id"] == stored.article.id
            assert text[evidence["start"] : evidence["end"]] == evidence["text"], fact
            assert evidence["sentence"] >= 0
            seen.add(fact["kind"])
    assert seen == set(FACT_KINDS)


def test_rerun_is_a_no_op(analysed_store):
    again = analyze_pending(analysed_store)
    assert again.analyzed == 0 and again.failed == 0


def test_facts_an_analyst_expects_on_the_demo(analysed_store):
    attributions = list(analysed_store.iter_extractions("attribution"))
    stances = {a["stance"] for a in attributions}
    assert {"assert", "accuse", "deny"} <= stances
    quantities = list(analysed_store.iter_extractions("quantity"))
    values = {q["value"] for q in quantities}
    assert 300_000 in values and 1_200_000 in values and 48_500_000 in values
    mentions = list(analysed_store.iter_extractions("mention"))
    assert any(m["name"].startswith("Ri S") and m["label"] == "PERSON" for m in mentions)
    times = list(analysed_store.iter_extractions("time_expression"))
    # Dated articles resolve relative dates to calendar values.
    assert any(t["value"] == "2025-01-28" for t in times)
    events = list(analysed_store.iter_extractions("event_mention"))
    assert {"travel", "meeting"} <= {e["event_type"] for e in events}
    assert any(e["status"] == "planned" for e in events)


def test_export_carries_every_fact_array(analysed_store):
    buffer = io.StringIO()
    write_json(analysed_store, buffer)
    data = json.loads(buffer.getvalue())
    assert data["schema_version"] == SCHEMA_VERSION
    for key, kind in FACT_ARRAYS.items():
        assert len(data[key]) == analysed_store.analysis_counts().get(kind, 0) > 0


def test_a_failing_article_is_recorded_and_the_rest_go_on(tmp_path, monkeypatch):
    import storyline.runners.language as runner

    store = open_store(str(tmp_path / "s.db"))
    ingest([str(p) for p in corpus_files()[:3]], store)
    real = runner.analyze_doc
    broken_id = next(store.iter_articles()).article.id

    def flaky(doc, article_id, published):
        if article_id == broken_id:
            raise ValueError("simulated extractor bug")
        return real(doc, article_id, published)

    monkeypatch.setattr(runner, "analyze_doc", flaky)
    report = analyze_pending(store)
    assert report.failed == 1 and report.analyzed >= 1
    (failure,) = [f.failure for f in store.failures() if f.failure.stage == "language"]
    assert failure.source == broken_id and "simulated extractor bug" in failure.reason
    assert failure.code == "E500"
