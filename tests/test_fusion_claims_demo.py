"""Claim fusion on the bundled demo corpus, end to end: ingest, language layer, fused claims.

Checks against ``EXPECTED.json``: each number chain whose values the language layer attaches
to attributions comes out as a number evolution in date order (the Kharyv death toll's first
figure is narrative, not an attributed claim, so that chain is listed as unchecked), and the
wire story's claims, reprinted by two other outlets, count one independent source.
"""

from __future__ import annotations

import json

import pytest

from storyline.demo import corpus_dir, corpus_files
from storyline.fusion.claims import claim_sources_from_store, find_contradictions, fuse_claims
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("claims") / "demo.db"))
    ingest([str(p) for p in corpus_files()], store)
    assert analyze_pending(store).failed == 0
    sources = claim_sources_from_store(store)
    key_of = {}
    for stored in store.iter_articles():
        source = stored.article.source
        key_of[stored.article.id] = source.rsplit("/", 1)[-1]
    claims = fuse_claims(sources)
    expected = json.loads((corpus_dir() / "EXPECTED.json").read_text(encoding="utf-8"))
    yield claims, find_contradictions(claims), key_of, expected
    store.close()


def _evolution_with(contradictions, first: float, second: float):
    for found in contradictions:
        if found.kind != "number-evolution":
            continue
        values = [o.value for o in found.chain]
        if first in values and second in values and values.index(first) < len(values) - 1 - \
                values[::-1].index(second):
            return found
    return None


def test_number_chains_come_out_as_dated_evolutions(demo):
    claims, contradictions, _, expected = demo
    numbers = {n["id"]: n for n in expected["numbers"]}
    stated = {q.value for c in claims for q in c.quantities}
    unchecked = []
    for chain in expected["number_chains"]:
        values = [float(numbers[step]["value"]) for step in chain["sequence"]]
        if not all(v in stated for v in values):
            unchecked.append(chain["measure"])  # a step is not an attributed claim
            continue
        for earlier, later in zip(values, values[1:]):
            found = _evolution_with(contradictions, earlier, later)
            assert found is not None, (chain["measure"], earlier, later)
            dates = [o.seen for o in found.chain if o.seen]
            assert dates == sorted(dates)
    assert unchecked == ["Kharyv strike death toll"], unchecked
    shells = _evolution_with(contradictions, 300000.0, 1200000.0)
    assert shells.measure == "artillery-ammunition"
    units = {o.unit for o in shells.chain}
    assert {"shells", "artillery rounds"} <= units  # one measure across unit synonyms


def test_wire_story_claims_count_one_independent_source(demo):
    claims, _, key_of, expected = demo
    wire = next(g for g in expected["duplicate_groups"] if g["id"] == "wire-gorelov-ri")
    copies = {wire["original"], *(c["key"] for c in wire["copies"])}
    in_wire = [c for c in claims if {key_of[s] for s in c.sources} == copies]
    assert len(in_wire) >= 5
    assert all(c.raw_source_count == 3 and c.independent_source_count == 1 for c in in_wire)
    # Ri's "absurd fabrication" denial: the wire story's copies plus a later, independent
    # article quoting it again (EXPECTED marks it as the same claim).
    fabrication = next(c for c in claims if "absurd fabrication designed" in c.content)
    assert copies <= {key_of[s] for s in fabrication.sources}
    assert fabrication.raw_source_count == 4 and fabrication.independent_source_count == 2


def test_accusations_meet_denials(demo):
    claims, contradictions, _, _ = demo
    by_id = {c.id: c for c in claims}
    pairs = [(by_id[f.claim_ids[0]], by_id[f.claim_ids[1]])
             for f in contradictions if f.kind == "accusation-denial"]
    assert any(a.target == "Haemun" and "Haemun" in (d.speaker or "") for a, d in pairs)
