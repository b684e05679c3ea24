"""Attributions on the shared seed articles, read at run time (skipped when absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.language.attribution import extract_attributions
from storyline.language.nlp import get_nlp


def _attributions_in(seeds_dir: Path, phrase: str, *, with_quantities: bool = False):
    """Attributions of the first seed article containing ``phrase``, with the phrase's offset."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        # Scraped seeds use non-breaking spaces: match any run of whitespace.
        match = re.search(r"\s+".join(map(re.escape, phrase.split())), text)
        if match is None:
            continue
        at = match.start()
        doc = get_nlp()(text)
        quantities = ()
        if with_quantities:
            quantities_module = pytest.importorskip("storyline.language.quantities")
            quantities = quantities_module.extract_quantities(doc, path.stem)
        return extract_attributions(doc, path.stem, quantities=quantities), at
    pytest.skip(f"no seed article contains {phrase!r}")


def _covering(found, at: int):
    return [a for a in found if a.evidence.start <= at < a.evidence.end]


def test_repeated_denial_is_a_deny(seeds_dir):
    found, at = _attributions_in(seeds_dir, "repeatedly denied the accusations")
    denials = [a for a in _covering(found, at) if a.stance == "deny"]
    assert denials and denials[0].content == "the accusations"


def test_accusing_pyongyang_carries_a_million(seeds_dir):
    found, at = _attributions_in(seeds_dir, "accusing Pyongyang of providing",
                                 with_quantities=True)
    accusations = [a for a in _covering(found, at) if a.stance == "accuse"]
    assert accusations
    accusation = accusations[0]
    assert accusation.target == "Pyongyang"
    assert "South Korea" in (accusation.speaker or "")
    assert any(q.value == 1e6 for q in accusation.quantities)


def test_tass_reported_gives_channel_and_speaker(seeds_dir):
    found, at = _attributions_in(seeds_dir, "Tass news agency reported")
    reports = [a for a in _covering(found, at) if a.cue == "reported"]
    assert reports
    assert reports[0].channel == "Tass"
    assert "Tass" in reports[0].speaker


def test_interview_channel(seeds_dir):
    found, at = _attributions_in(seeds_dir, "in an interview with Yonhap")
    covering = _covering(found, at)
    assert covering and covering[0].channel.startswith("in an interview with Yonhap")
