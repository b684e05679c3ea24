"""The briefing of the real seed articles reads as a briefing: whole cited sentences, no
repeats, events in date order; sent back unchanged by a model, it verifies."""

from __future__ import annotations

import pytest

from briefing_checks import assert_reads_as_briefing
from briefing_llm_server import fake_model
from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.views.briefing import LlmSettings, build_briefing, rewrite_briefing

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_briefing(seeds_dir, tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    try:
        ingest([str(p) for p in sorted(seeds_dir.glob("*.txt"))], store)
        assert analyze_pending(store).failed == 0
        fuse(store)
        store.commit()
        return build_briefing(store)
    finally:
        store.close()


def test_seed_briefing_reads_as_a_briefing(seeds_briefing):
    assert_reads_as_briefing(seeds_briefing)
    keys = {s.key for s in seeds_briefing.sections if s.sentences}
    assert {"happened", "claims"} <= keys
    markdown = seeds_briefing.to_markdown()
    assert "(single source)" in markdown and "## Sources" in markdown


def test_seed_briefing_passes_the_rewording_check(seeds_briefing):
    with fake_model() as server:
        outcome = rewrite_briefing(seeds_briefing, LlmSettings(url=f"{server.url}/echo/v1"))
    assert outcome.accepted, outcome.reason
