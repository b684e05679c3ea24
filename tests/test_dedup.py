"""Tests for storyline.fusion.dedup: normalisation, fingerprints, LSH recall, verification.

Every text here was written for these tests: one original article about a fictional
chemical spill, and copies, rewrites and independent pieces derived from it by hand.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.fusion.dedup import (
    BAND_COUNT,
    NUM_PERM,
    GroupMember,
    choose_original,
    compare,
    fingerprint,
    normalize_text,
    signature_similarity,
)
from storyline.fusion.dedup_original import outlets_match
from storyline.model import Relation

ORIGINAL = """Chemical spill forces shutdown of Marrow River intake

Officials in Harlow Valley shut down the main drinking water intake on the Marrow River on Thursday after a tanker truck overturned on the Kestrel Bridge and leaked an estimated 4,000 gallons of industrial solvent into the current.

The Harlow Valley Water Authority said the intake would stay closed "until every sample comes back clean," and asked roughly 38,000 residents to limit their water use while the utility draws on its reserve tanks. Director Maria Okonjo told reporters that the reserves could last about three days if households cut consumption by a third.

State police said the driver, a 46-year-old man from Dunmore, was taken to St. Brendan's Hospital with injuries that were not considered life-threatening. Investigators are examining whether ice on the bridge deck or a mechanical failure caused the truck to jackknife shortly before dawn.

The solvent, a degreaser used in metal finishing plants, is not expected to pose a danger to people at the concentrations measured so far, according to the state Department of Environmental Quality. But the agency warned that fish kills were likely along a six-mile stretch below the bridge and urged anglers to stay away from the water.

Crews from a contractor hired by the trucking company, Ridgeline Freight, spent the afternoon laying floating booms and pumping contaminated water from a backwater channel near the old mill. A spokesperson for Ridgeline Freight said the company would pay for the cleanup and was cooperating fully with investigators.

Okonjo said the authority would publish test results twice a day on its website and would decide on Saturday morning whether the intake could reopen. Schools in the valley will remain open, she said, but restaurants have been asked to switch to bottled water for cooking until further notice."""

PARAGRAPHS = ORIGINAL.split("\n\n")

# Same text: other case, curly quotes and apostrophe, extra blank-line whitespace.
EXACT_COPY = (
    ORIGINAL.replace('"until every', "\u201cuntil every").replace('clean,"', "clean,\u201d")
    .replace("St. Brendan's", "St. Brendan\u2019s")
    .replace("six-mile", "six\u2013mile")
    .replace("\n\n", "\n   \n\t")
    .upper()
)

NEAR_COPY = (
    ORIGINAL.replace("on Thursday", "on Thursday morning")
    .replace("roughly 38,000 residents", "about 38,000 residents")
    .replace("told reporters", "told journalists")
    .replace("spent the afternoon", "worked through the afternoon")
    .replace("twice a day", "two times a day")
)

# A syndicated copy: new headline and byline, the same body, then site junk and an
# unrelated teaser for another story.
SYNDICATED_COPY = (
    "Tanker crash taints river, valley told to save water\n\n"
    "By Staff and Wire Reports | Published 3:14 p.m.\n\n"
    + "\n\n".join(PARAGRAPHS[1:])
    + "\n\nCopyright 2026 Valley Courier Media. All rights reserved. This material may not be"
    " redistributed.\n\nShare this story: Facebook | X | Email\n\n"
    "In other news, the county fair board announced on Wednesday that the summer livestock"
    " show will move to the new arena on Route 9, ending a fifty-year run at the fairgrounds"
    " downtown. Tickets go on sale next month."
)

# A morning briefing that carries most of the article among two unrelated items: the
# shingle Jaccard is low, so this exercises LSH recall at the low end.
BRIEFING_COPY = (
    "Morning briefing: what you need to know today\n\n"
    + "\n\n".join(PARAGRAPHS[1:6])
    + "\n\nIn sports, the Harlow Hawks beat the Dunmore Miners 3-1 on Wednesday night behind two"
    " goals from captain Ines Varga, who returned from a knee injury last week. The Hawks now sit"
    " second in the league with eleven games left, two points behind the Miners, and host the"
    " league leaders again on Sunday afternoon at Riverside Park.\n\n"
    "The city council will vote next Tuesday on a proposal to extend library hours on weekends."
    " Supporters say the change would cost about $120,000 a year and would be paid for by a state"
    " literacy grant, while opponents argue the money should go to road repairs first. A public"
    " hearing is scheduled for Monday evening at the civic center, and residents can also submit"
    " written comments online until Friday.\n\n"
    "Weather: expect freezing rain overnight, with temperatures climbing above freezing by Friday"
    " afternoon. Forecasters said more snow could arrive on Sunday, and the state transportation"
    " department urged drivers to slow down on bridges and overpasses, which freeze first."
)

# The same facts, every sentence reworded, clauses moved, paragraphs reordered.
REWRITE = """Harlow Valley residents told to conserve water after solvent spill

A tanker truck overturned on the Kestrel Bridge before dawn on Thursday, leaking an estimated 4,000 gallons of industrial solvent into the Marrow River and forcing officials to close the main drinking water intake in Harlow Valley.

Investigators are looking at whether ice on the bridge deck or a mechanical failure made the truck jackknife, state police said. The driver, a 46-year-old Dunmore man, was taken to St. Brendan's Hospital with injuries that were not life-threatening.

The intake will remain closed until every sample comes back clean, the Harlow Valley Water Authority said, asking about 38,000 residents to reduce their water use while the utility relies on reserve tanks. Those reserves could last roughly three days if households cut their consumption by a third, director Maria Okonjo told reporters.

According to the state Department of Environmental Quality, the solvent, a degreaser used by metal finishing plants, is not expected to endanger people at the concentrations measured so far. The agency did warn that fish kills were likely along six miles of river below the bridge, and it urged anglers to keep away from the water.

Ridgeline Freight, the trucking company, hired a contractor whose crews spent the afternoon laying floating booms and pumping contaminated water out of a backwater channel near the old mill. The company will pay for the cleanup and is cooperating fully with investigators, a spokesperson said.

Test results will be published twice a day on the authority's website, Okonjo said, and a decision on reopening the intake will be made Saturday morning. Schools will stay open, but restaurants have been asked to cook with bottled water until further notice."""

# Written independently about the same event: same people, places and vocabulary,
# even one shared quotation, but no reused or paraphrased sentences.
INDEPENDENT = """Harlow Valley braces for days without river water after tanker crash

For the second time in four years, the Marrow River has become the problem rather than the supply for Harlow Valley, and residents on Thursday were once again filling jugs and checking the water authority's website for updates.

The trouble began on the Kestrel Bridge, where a Ridgeline Freight tanker carrying a metal degreaser slid across the icy span and tipped onto its side. Thousands of gallons of the solvent poured through the drainage grates and into the river below.

Maria Okonjo, who has led the Harlow Valley Water Authority since 2021, closed the drinking water intake within an hour and said it would stay closed "until every sample comes back clean." In an interview at the treatment plant, she said her staff had rehearsed exactly this scenario last spring. "We knew the bridge was our weak spot," Okonjo said. "We just hoped we would never need the plan."

Environmental groups were less forgiving. Dana Whitcomb of the Marrow River Alliance said the state had ignored repeated warnings about hazardous cargo crossing the old bridge and called for a ban on tanker traffic until a bypass is built. The Department of Environmental Quality did not respond to her criticism but said it was monitoring oxygen levels and expected some dead fish downstream.

At the Dunmore Road grocery, manager Felipe Arroyo said bottled water sold out by noon. He had ordered two extra trucks for Friday. Several customers said they were more worried about the fishing season than about their taps.

The authority expects to announce on Saturday whether the intake can reopen. Until then, households are being asked to skip lawn watering and run dishwashers only when full."""

# A terse wire brief on the same event, written from the same facts by another desk.
INDEPENDENT_BRIEF = """HARLOW VALLEY (Metro Wire) - A truck hauling industrial degreaser crashed on an icy bridge early Thursday, spilling solvent into the Marrow River and cutting off the main water supply for about 38,000 people.

The Harlow Valley Water Authority closed its river intake and urged customers to conserve. Authority director Maria Okonjo said stored water should last around three days.

The driver was hospitalized in stable condition, police said. The cause of the crash is under investigation.

Environmental officials said the chemical posed little risk to human health at current levels but could kill fish downstream. Ridgeline Freight, which owns the truck, said it would cover cleanup costs.

A decision on reopening the intake is expected Saturday."""

SHORT_A = (
    "Ridgeline Freight reported a quarterly loss on Monday. The company did not immediately"
    " respond to a request for comment on the results."
)
SHORT_B = (
    "Police closed the Kestrel Bridge again after a second crash. The company did not"
    " immediately respond to a request for comment on the results."
)

POSITIVE_CASES = [
    pytest.param(EXACT_COPY, {Relation.EXACT}, id="exact"),
    pytest.param(NEAR_COPY, {Relation.NEAR}, id="near"),
    pytest.param(SYNDICATED_COPY, {Relation.PARTIAL, Relation.NEAR}, id="syndicated"),
    pytest.param(BRIEFING_COPY, {Relation.PARTIAL}, id="briefing"),
    pytest.param(REWRITE, {Relation.REWRITE}, id="rewrite"),
]


# --- normalize_text ---------------------------------------------------------------


def test_normalize_text_unifies_case_quotes_dashes_and_whitespace() -> None:
    assert normalize_text("  \u201cDon\u2019t\u201d  PANIC\u2014now!\n") == "dont panic now"
    assert normalize_text('"Don\'t" panic - now.') == "dont panic now"
    assert normalize_text("don\u02bct \u2018quote\u2019 \u00abguillemets\u00bb") == "dont quote guillemets"
    # NFKC folds full-width and ligature forms.
    assert normalize_text("\uff21\uff22\uff23 \ufb01nal") == "abc final"
    # Invisible format characters (soft hyphen, zero-width space) vanish.
    assert normalize_text("co\u00adoper\u200bate") == "cooperate"
    # Currency signs carry meaning and stay.
    assert normalize_text("$5 million") == "$5 million"
    assert normalize_text("") == ""
    assert normalize_text(" .,;:!? ") == ""


def test_exact_copy_has_same_normalized_text() -> None:
    assert normalize_text(EXACT_COPY) == normalize_text(ORIGINAL)
    assert fingerprint(EXACT_COPY).normalized_sha256 == fingerprint(ORIGINAL).normalized_sha256
    assert fingerprint(NEAR_COPY).normalized_sha256 != fingerprint(ORIGINAL).normalized_sha256


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "  " not in once and once == once.strip()


# --- fingerprint ------------------------------------------------------------------


def test_fingerprint_shape() -> None:
    fp = fingerprint(ORIGINAL)
    assert re.fullmatch(r"[0-9a-f]{64}", fp.normalized_sha256)
    assert len(fp.minhash) == NUM_PERM
    assert all(isinstance(v, int) for v in fp.minhash)
    assert len(fp.band_keys) == BAND_COUNT == len(set(fp.band_keys))
    assert all(re.fullmatch(r"b\d{3}:[0-9a-f]{16}", key) for key in fp.band_keys)
    # Band index is part of the key: equal rows in different bands never collide.
    assert [key[:4] for key in fp.band_keys] == [f"b{i:03d}" for i in range(BAND_COUNT)]


def test_fingerprint_of_text_without_words_has_no_band_keys() -> None:
    for text in ("", "   ", "!!! --- ???"):
        fp = fingerprint(text)
        assert fp.minhash == () and fp.band_keys == ()
    assert signature_similarity(fingerprint(""), fingerprint("")) == 0.0
    # Short texts (fewer words than a shingle) still get a signature.
    assert len(fingerprint("Breaking").band_keys) == BAND_COUNT


@pytest.mark.slow
def test_fingerprint_is_deterministic_across_processes() -> None:
    script = (
        "import json, sys; from storyline.fusion.dedup import fingerprint;"
        "fp = fingerprint(sys.stdin.read());"
        "print(json.dumps([fp.normalized_sha256, list(fp.minhash), list(fp.band_keys)]))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=ORIGINAL,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    sha, minhash, keys = json.loads(result.stdout)
    local = fingerprint(ORIGINAL)
    assert sha == local.normalized_sha256
    assert tuple(minhash) == local.minhash
    assert tuple(keys) == local.band_keys


def test_signature_similarity_estimates_jaccard() -> None:
    original = fingerprint(ORIGINAL)
    assert signature_similarity(original, original) == 1.0
    near = signature_similarity(original, fingerprint(NEAR_COPY))
    unrelated = signature_similarity(original, fingerprint(INDEPENDENT))
    assert 0.75 <= near < 1.0  # true shingle Jaccard ~0.90
    assert unrelated < 0.1  # true shingle Jaccard ~0.03
    with pytest.raises(ValueError):
        signature_similarity(original, original.__class__("x", (1, 2, 3), ()))


# --- compare: positives and LSH recall --------------------------------------------


@pytest.mark.parametrize(("copy", "expected"), POSITIVE_CASES)
def test_compare_finds_copies_in_both_directions(copy: str, expected: set[Relation]) -> None:
    forward = compare(copy, ORIGINAL, "orig")
    backward = compare(ORIGINAL, copy, "copy")
    assert forward is not None and backward is not None
    assert forward.other_id == "orig" and backward.other_id == "copy"
    assert forward.relation in expected
    assert (backward.relation, backward.similarity) == (forward.relation, forward.similarity)
    assert 0.0 < forward.similarity <= 1.0


@pytest.mark.parametrize(("copy", "expected"), POSITIVE_CASES)
def test_copies_share_a_band_key_with_the_original(copy: str, expected: set[Relation]) -> None:
    shared = set(fingerprint(copy).band_keys) & set(fingerprint(ORIGINAL).band_keys)
    assert shared, "the store would never propose this pair as a candidate"


def test_relation_specific_similarities() -> None:
    exact = compare(EXACT_COPY, ORIGINAL, "o")
    assert exact is not None and exact.similarity == 1.0
    near = compare(NEAR_COPY, ORIGINAL, "o")
    assert near is not None and 0.8 <= near.similarity < 1.0
    rewrite = compare(REWRITE, ORIGINAL, "o")
    # The share of sentence words with a close counterpart, not the (low) Jaccard.
    assert rewrite is not None and rewrite.similarity >= 0.8


def test_rewrite_of_a_rewrite_chain_and_partial_of_briefing_against_syndicated() -> None:
    # Copies of one original are also copies of each other.
    link = compare(SYNDICATED_COPY, NEAR_COPY, "n")
    assert link is not None and link.relation in {Relation.NEAR, Relation.PARTIAL}
    link = compare(REWRITE, SYNDICATED_COPY, "s")
    assert link is not None and link.relation is Relation.REWRITE


# --- compare: negatives ----------------------------------------------------------


@pytest.mark.parametrize("text", [ORIGINAL, REWRITE, SYNDICATED_COPY, BRIEFING_COPY])
def test_independent_article_on_same_story_is_not_a_copy(text: str) -> None:
    assert compare(INDEPENDENT, text, "x") is None
    assert compare(text, INDEPENDENT, "x") is None


@pytest.mark.parametrize("text", [ORIGINAL, REWRITE, SYNDICATED_COPY, INDEPENDENT])
def test_independent_brief_on_same_facts_is_not_a_copy(text: str) -> None:
    assert compare(INDEPENDENT_BRIEF, text, "x") is None
    assert compare(text, INDEPENDENT_BRIEF, "x") is None


def test_short_texts_sharing_a_stock_sentence_are_not_copies() -> None:
    assert compare(SHORT_A, SHORT_B, "b") is None
    assert compare(SHORT_B, SHORT_A, "a") is None
    # Nor is a short brief that repeats one stock line of a long article.
    assert compare(SHORT_A, ORIGINAL + "\n\n" + SHORT_B.split(". ")[1], "o") is None


def test_unrelated_paragraph_is_not_a_copy() -> None:
    assert compare(PARAGRAPHS[2], PARAGRAPHS[3], "p") is None


def test_empty_texts_never_match() -> None:
    assert compare("", "", "e") is None
    assert compare("...", ORIGINAL, "o") is None


def test_compare_caps_work_on_huge_texts() -> None:
    huge = "\n\n".join([ORIGINAL, INDEPENDENT] * 400)  # ~230,000 words
    started = time.perf_counter()
    link = compare(huge, huge + " extra words at the end", "h")
    compare(huge, REWRITE, "r")
    fingerprint(huge)
    assert time.perf_counter() - started < 3.0
    assert link is not None


# --- compare: properties ----------------------------------------------------------

_WORDS = st.sampled_from(
    "the river valley water intake closed said police truck bridge Okonjo spill solvent"
    " crews booms residents authority reopen Saturday tanker fish state"
    " . , ! ?".split()
)
_TEXTS = st.lists(_WORDS, min_size=0, max_size=120).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1))
def test_compare_text_with_itself_is_exact(text: str) -> None:
    link = compare(text, text, "self")
    if normalize_text(text):
        assert link is not None and link.relation is Relation.EXACT and link.similarity == 1.0
    else:
        assert link is None


@settings(max_examples=60, deadline=None)
@given(_TEXTS, _TEXTS)
def test_compare_is_symmetric(a: str, b: str) -> None:
    forward = compare(a, b, "b")
    backward = compare(b, a, "a")
    assert (forward is None) == (backward is None)
    if forward is not None and backward is not None:
        assert (forward.relation, forward.similarity) == (backward.relation, backward.similarity)
        assert 0.0 < forward.similarity <= 1.0


@settings(max_examples=60, deadline=None)
@given(_TEXTS, _TEXTS, _TEXTS)
def test_compare_is_symmetric_for_embedded_copies(body: str, before: str, after: str) -> None:
    # Texts that contain one another exercise the positive branches too.
    longer = f"{before} {body} {after}"
    forward = compare(body, longer, "l")
    backward = compare(longer, body, "b")
    assert (forward is None) == (backward is None)
    if forward is not None and backward is not None:
        assert (forward.relation, forward.similarity) == (backward.relation, backward.similarity)


@settings(max_examples=40, deadline=None)
@given(_TEXTS)
def test_fingerprint_agrees_with_normalization(text: str) -> None:
    # Texts with the same normalised form get identical fingerprints.
    assert fingerprint(text) == fingerprint(text.upper().replace(" ", "  \n"))


# --- choose_original --------------------------------------------------------------


def _member(article_id: str, published: date | None, outlet: str | None,
            original_outlet: str | None = None, order: int = 0) -> GroupMember:
    return GroupMember(article_id, published, outlet, original_outlet, order)


def _choose_in_every_order(members: list[GroupMember]) -> str:
    choices = {choose_original(list(p)) for p in permutations(members)}
    assert len(choices) == 1, "the choice must not depend on input order"
    return choices.pop()


def test_credited_outlet_wins_over_earlier_date() -> None:
    members = [
        _member("yahoo", date(2026, 1, 13), "Yahoo News", "Bloomberg", order=0),
        _member("bbg", date(2026, 1, 14), "Bloomberg News", None, order=2),
        _member("local", date(2026, 1, 14), "Harlow Courier", "bloomberg news", order=1),
    ]
    assert _choose_in_every_order(members) == "bbg"


def test_most_credited_outlet_wins() -> None:
    members = [
        _member("a", date(2026, 1, 10), "Reuters", None, order=0),
        _member("b", date(2026, 1, 12), "The Associated Press", None, order=1),
        _member("c", date(2026, 1, 12), "Daily Planet", "AP", order=2),
        _member("d", date(2026, 1, 12), "Harlow Courier", "Associated Press", order=3),
        _member("e", date(2026, 1, 12), "Valley Times", "Reuters", order=4),
    ]
    assert _choose_in_every_order(members) == "b"


def test_self_credit_does_not_count() -> None:
    members = [
        _member("late", date(2026, 1, 15), "Reuters", "Reuters", order=0),
        _member("early", date(2026, 1, 14), "Harlow Courier", None, order=1),
    ]
    assert _choose_in_every_order(members) == "early"


def test_earliest_date_then_order_without_credits() -> None:
    members = [
        _member("undated", None, "A", order=0),
        _member("second", date(2026, 1, 14), "B", order=3),
        _member("first", date(2026, 1, 14), "C", order=1),
        _member("later", date(2026, 2, 1), "D", order=2),
    ]
    assert _choose_in_every_order(members) == "first"
    undated = [_member("x", None, None, order=5), _member("y", None, None, order=4)]
    assert _choose_in_every_order(undated) == "y"


def test_credit_to_an_outlet_not_in_the_group_is_ignored() -> None:
    members = [
        _member("copy1", date(2026, 1, 14), "Yahoo", "Bloomberg", order=0),
        _member("copy2", date(2026, 1, 13), "MSN", "Bloomberg", order=1),
    ]
    assert _choose_in_every_order(members) == "copy2"


def test_choose_original_single_and_empty() -> None:
    assert choose_original([_member("only", None, None)]) == "only"
    with pytest.raises(ValueError):
        choose_original([])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Bloomberg", "Bloomberg News", True),
        ("bloomberg.com", "BLOOMBERG", True),
        ("The Associated Press", "AP", True),
        ("Associated Press", "AP News", True),
        ("Agence France-Presse", "AFP", True),
        ("Times", "New York Times", False),
        ("New York Times", "New York Post", False),
        ("Bloomberg", "Reuters", False),
        (None, "Reuters", False),
        ("", "", False),
    ],
)
def test_outlets_match(a: str | None, b: str | None, same: bool) -> None:
    assert outlets_match(a, b) is same
    assert outlets_match(b, a) is same
