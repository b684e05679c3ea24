"""Attribution patterns, one sentence each (sentences written for these tests)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.language.attribution import (
    CUE_STANCES,
    STANCES,
    Attribution,
    extract_attributions,
    stance_of,
)
from storyline.language.evidence import Evidence
from storyline.language.nlp import get_nlp


def attributions(text: str, **kwargs) -> tuple[Attribution, ...]:
    return extract_attributions(get_nlp()(text), "a1", **kwargs)


def only(text: str, **kwargs) -> Attribution:
    found = attributions(text, **kwargs)
    assert len(found) == 1, [(a.cue, a.content) for a in found]
    return found[0]


def test_x_said_that():
    a = only("The harbour master said that the ferry had left without its cargo.")
    assert (a.speaker, a.cue, a.stance) == ("The harbour master", "said", "assert")
    assert a.content == "that the ferry had left without its cargo"


def test_content_then_speaker():
    a = only("The bridge will reopen in May, the city engineer said.")
    assert a.speaker == "the city engineer"
    assert a.content == "The bridge will reopen in May"


def test_inverted_said_x_with_quote():
    a = only("“We are not leaving,” said the union leader.")
    assert a.speaker == "the union leader"
    assert a.content.startswith("“We are not leaving")
    assert a.content.endswith("”")


def test_according_to():
    a = only("According to firefighters in the valley, three barns burned overnight.")
    assert a.cue == "According to"
    assert a.speaker == "firefighters in the valley"
    assert a.content == "three barns burned overnight"


def test_according_to_at_the_end_with_media_channel():
    a = only("The talks collapsed after an hour, according to local newspapers.")
    assert a.content == "The talks collapsed after an hour"
    assert a.channel == "local newspapers"
    assert a.stance == "report"


def test_told_reporters_is_one_cue():
    a = only("The coach told reporters that the striker would miss the final.")
    assert a.cue == "told reporters"
    assert a.content == "that the striker would miss the final"


def test_reported_by_news_agency_gives_channel():
    a = only("The convoy crossed the border at dawn, the Lumen news agency reported.")
    assert a.stance == "report"
    assert a.channel == "Lumen"
    assert "Lumen" in a.speaker


def test_accused_of_with_target():
    a = only("The opposition accused the mayor of hiding the audit from voters.")
    assert a.stance == "accuse"
    assert a.target == "the mayor"
    assert a.content == "the mayor of hiding the audit from voters"


def test_alleged_that_targets_the_clause_subject():
    a = only("Inspectors have alleged that the refinery dumped waste into the river.")
    assert a.stance == "accuse"
    assert a.target == "the refinery"


def test_repeatedly_denied_the_accusations():
    a = only("Both companies have repeatedly denied the accusations.")
    assert (a.stance, a.cue, a.content) == ("deny", "denied", "the accusations")
    assert a.target == "Both companies"


def test_denied_that():
    a = only("The ministry denied that any soldiers had crossed the river.")
    assert a.stance == "deny"
    assert a.content == "that any soldiers had crossed the river"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The governor vowed to rebuild every school before winter.", "pledge"),
        ("The union pledged to end the strike by Friday.", "pledge"),
        ("Economists predicted that prices would climb again.", "predict"),
        ("The bank expects growth to slow next year.", "predict"),
        ("Doctors warned that the clinic could close.", "predict"),
        ("The auditor claimed that the ledger was forged.", "assert"),
    ],
)
def test_stances(text, stance):
    assert only(text).stance == stance


def test_channel_from_interview_phrase():
    a = only("In an interview with a local radio station, the envoy said the ceasefire was holding.")
    assert a.channel == "In an interview with a local radio station"
    assert a.content == "the ceasefire was holding"


def test_multi_sentence_quote_is_joined():
    text = "“The dam is safe. Nobody needs to leave,” the engineer said."
    a = only(text)
    assert a.content_span[0] == 0
    assert a.content.startswith("“The dam is safe.")
    assert a.content.endswith("”")


def test_quantities_inside_content_are_attached():
    doc = get_nlp()("The charity said 4,000 families had lost their homes.")

    @dataclasses.dataclass(frozen=True)
    class FakeQuantity:
        evidence: Evidence
        value: float

    inside = FakeQuantity(Evidence("a1", 0, 19, 24, "4,000"), 4000.0)
    outside = FakeQuantity(Evidence("a1", 0, 0, 3, "The"), 1.0)
    a = extract_attributions(doc, "a1", quantities=(inside, outside))[0]
    assert a.quantities == (inside,)


def test_speaker_cluster_from_mentions_and_pronoun():
    doc = get_nlp()("Mara Olsen chairs the board. She said the vote would wait.")

    @dataclasses.dataclass(frozen=True)
    class FakeMention:
        evidence: Evidence
        label: str
        cluster: int

    mention = FakeMention(Evidence("a1", 0, 0, 10, "Mara Olsen"), "PERSON", 7)
    a = extract_attributions(doc, "a1", mentions=(mention,))[0]
    assert a.speaker == "She"
    assert a.speaker_cluster == 7


def test_offsets_and_evidence_are_consistent():
    text = "Rain fell all week. The farmers said the harvest was lost."
    for a in attributions(text):
        assert text[a.evidence.start:a.evidence.end] == a.evidence.text
        assert text[a.cue_span[0]:a.cue_span[1]] == a.cue
        assert text[a.content_span[0]:a.content_span[1]] == a.content
        assert a.evidence.sentence == 1
        assert a.evidence.article_id == "a1"


def test_no_attribution_without_a_cue():
    assert attributions("The river rose two metres overnight.") == ()


def test_to_dict_round_trips_to_json():
    import json

    a = only("The pilot said the engine had failed.")
    data = json.loads(json.dumps(a.to_dict()))
    assert data["stance"] == "assert" and data["cue"] == "said"


def test_records_are_frozen():
    a = only("The pilot said the engine had failed.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.stance = "deny"  # type: ignore[misc]


def test_lexicon_maps_only_to_known_stances():
    assert set(CUE_STANCES.values()) <= set(STANCES)
    assert stance_of("Denied") is None  # lemmas, not inflections
    assert stance_of("deny") == "deny"


_WORDS = ["the", "minister", "said", "that", "“", "”", '"', ",", ".", "according", "to",
          "officials", "denied", "accused", "him", "of", "lying", "\n\n", "will", "visit",
          "Oslo", "on", "Monday", "she", "told", "reporters", "''", "—"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_spans_always_match_the_text(words):
    text = " ".join(words)
    for a in attributions(text):
        assert text[a.evidence.start:a.evidence.end] == a.evidence.text
        assert text[a.cue_span[0]:a.cue_span[1]] == a.cue
        assert text[a.content_span[0]:a.content_span[1]] == a.content
        assert a.content.strip() == a.content and a.content
        if a.speaker_span:
            assert text[a.speaker_span[0]:a.speaker_span[1]] == a.speaker
        if a.channel_span:
            assert text[a.channel_span[0]:a.channel_span[1]] == a.channel
        assert a.evidence.start <= min(a.cue_span[0], a.content_span[0])
        assert a.evidence.end >= max(a.cue_span[1], a.content_span[1])


def test_speaker_never_reaches_into_the_previous_paragraph():
    from storyline.language.nlp import get_nlp

    text = (
        'The talks ended without a statement, an aide said, calling them "useful"\n\n'
        "Officials in Harbourton said on Friday that the port would reopen next week."
    )
    doc = get_nlp()(text)
    for attribution in extract_attributions(doc, "a1"):
        if attribution.speaker_span is not None:
            start, end = attribution.speaker_span
            assert "\n\n" not in text[start:end]
            assert attribution.speaker == text[start:end]
