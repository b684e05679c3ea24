"""The language layer on the shared seed articles (read at run time, skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.language.entities import extract_mentions
from storyline.language.nlp import get_nlp
from storyline.language.quantities import extract_quantities


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path):
    nlp = get_nlp()
    paths = sorted(p for p in seeds_dir.glob("*.txt"))
    if not paths:
        pytest.skip("no seed articles")
    docs = {p.name: nlp(p.read_text(encoding="utf-8")) for p in paths}
    return {
        name: (extract_mentions(doc, name), extract_quantities(doc, name))
        for name, doc in docs.items()
    }


def people(mentions):
    return [m for m in mentions if m.label == "PERSON"]


def test_evidence_matches_the_text(seeds_dir, seeds):
    for name, (mentions, quantities) in seeds.items():
        text = get_nlp()((seeds_dir / name).read_text(encoding="utf-8")).text
        for record in (*mentions, *quantities):
            assert text[record.evidence.start : record.evidence.end] == record.evidence.text


def test_choe_links_to_her_full_name(seeds):
    linked = [
        m for mentions, _ in seeds.values() for m in people(mentions) if m.name == "Choe"
    ]
    assert linked, "a bare 'Choe' is mentioned in the seeds"
    assert all(m.canonical == "Choe Son Hui" for m in linked)


def test_putin_links_to_a_full_form(seeds):
    bare = [m for mentions, _ in seeds.values() for m in people(mentions) if m.name == "Putin"]
    assert bare
    for m in bare:
        assert m.canonical.startswith("Vladimir") and m.canonical.endswith("Putin")


def test_lavrov_links_where_named_in_full(seeds):
    for mentions, _ in seeds.values():
        full = [m for m in people(mentions) if m.name in {"Sergei Lavrov", "Sergey Lavrov"}]
        bare = [m for m in people(mentions) if m.name == "Lavrov"]
        if full and bare:
            assert {m.cluster for m in bare} <= {m.cluster for m in full}


@pytest.mark.parametrize(
    "name", ["Kim Jong-un", "Shin Won-sik", "Shin Wonsik", "Jo Chun Ryong", "Ri Pyong Chol"]
)
def test_romanised_names_are_single_spans(seeds, name):
    names = {m.name for mentions, _ in seeds.values() for m in people(mentions)}
    assert name in names


def test_four_kims_are_four_people(seeds):
    wanted = {"Kim Jong Un", "Kim Jong Il", "Kim Dae-jung"}
    for mentions, _ in seeds.values():
        found = {m.name: m.cluster for m in people(mentions)}
        if wanted <= set(found):
            assert len({found[n] for n in wanted}) == 3
            bare = [m for m in people(mentions) if m.name == "Kim"]
            assert bare and all(m.cluster == found["Kim Jong Un"] for m in bare)
            break
    else:
        pytest.fail("no seed names the three Kims")
    for mentions, _ in seeds.values():
        found = {m.name: m.cluster for m in people(mentions)}
        if "Kim Myong Sik" in found and "Kim Jong Un" in found:
            assert found["Kim Myong Sik"] != found["Kim Jong Un"]


def test_titles_become_roles(seeds):
    roles = {m.name: m.roles for mentions, _ in seeds.values() for m in people(mentions)}
    assert any("Defense Minister" in r for r in roles["Shin Won-sik"])
    assert any("Foreign Minister" in r for r in roles["Choe Son Hui"])


def test_metonyms_keep_their_type(seeds):
    labels = {(m.name, m.label) for mentions, _ in seeds.values() for m in mentions}
    assert ("Kremlin", "ORG") in labels
    assert ("Pyongyang", "GPE") in labels


def _quantities(seeds):
    return [q for _, quantities in seeds.values() for q in quantities]


def test_a_million_rounds(seeds):
    found = [q for q in _quantities(seeds) if q.value == 1e6 and q.unit and "round" in q.unit]
    assert found and all(q.bound == ">" for q in found)


def test_money_and_distance(seeds):
    found = _quantities(seeds)
    money = [q for q in found if q.currency == "USD" and q.value == pytest.approx(34.4e6)]
    assert money and money[0].bound == "="
    distance = [q for q in found if q.unit == "kilometers"]
    assert distance and distance[0].value == 900 and distance[0].bound == "~"


def test_bounds_in_the_seeds(seeds):
    found = {(q.value, q.bound) for q in _quantities(seeds)}
    assert (4.8e6, "<=") in found
    assert (1e4, ">=") in found
    assert (50, "~") in found
    assert (1e7, ">=") in found


def test_ratio_in_the_seeds(seeds):
    ratios = [q for q in _quantities(seeds) if q.is_ratio]
    assert ratios and ratios[0].value == 9 and ratios[0].ratio_base


def test_no_years_or_durations(seeds):
    for q in _quantities(seeds):
        assert not (1900 <= q.value <= 2100 and q.unit is None and q.currency is None)
        assert q.unit is None or q.unit.split()[-1] not in {"years", "months", "days"}
