"""Named mentions: spans, names, roles and in-article clusters, on sentences written for tests."""

from __future__ import annotations

import pytest

from storyline.language.entities import Mention, extract_mentions
from storyline.language.nlp import ENTITY_REPAIR, get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def mentions(nlp, text: str) -> tuple[Mention, ...]:
    return extract_mentions(nlp(text), "a1")


def by_name(found: tuple[Mention, ...], name: str) -> list[Mention]:
    return [m for m in found if m.name == name]


def test_pipeline_runs_the_repair_component(nlp):
    assert nlp.pipe_names[-1] == ENTITY_REPAIR


def test_empty_text_gives_no_mentions(nlp):
    assert mentions(nlp, "") == ()


def test_evidence_points_into_the_text(nlp):
    text = "Officials in Seoul said Lee Jae-myung would travel to Tokyo next week."
    found = mentions(nlp, text)
    assert found
    for mention in found:
        assert text[mention.evidence.start : mention.evidence.end] == mention.evidence.text
        assert mention.evidence.article_id == "a1"
        assert mention.evidence.sentence == 0


def test_to_dict_is_plain_data(nlp):
    found = mentions(nlp, "Prime Minister Jonas Berg visited Oslo.")
    data = found[0].to_dict()
    assert set(data) == {"evidence", "label", "name", "canonical", "cluster", "roles"}
    assert isinstance(data["roles"], list)
    assert data["evidence"]["text"] == found[0].evidence.text


@pytest.mark.parametrize(
    "text, name",
    [
        ("Kim Jong-un inspected a new factory on Friday.", "Kim Jong-un"),
        ("Reporters waited for hours before Shin Won-sik arrived.", "Shin Won-sik"),
        ("The envoy said that Jo Chun Ryong had toured the plant.", "Jo Chun Ryong"),
        ("Officials said Kim Yo-jong issued the warning herself.", "Kim Yo-jong"),
        ("The delegation was led by Choe Son Hui and two aides.", "Choe Son Hui"),
    ],
)
def test_romanised_names_are_one_span(nlp, text, name):
    found = mentions(nlp, text)
    people = [m for m in found if m.label == "PERSON"]
    assert [m.name for m in people] == [name]


def test_model_split_of_a_three_part_name_is_mended(nlp):
    found = mentions(nlp, "Foreign Minister Choe Son Hui flew to Moscow for two days of talks.")
    person = [m for m in found if m.label == "PERSON"]
    assert [m.name for m in person] == ["Choe Son Hui"]
    assert "Hui" not in [m.name for m in found if m.label == "NORP"]


def test_title_is_a_role_not_part_of_the_name(nlp):
    text = "Foreign Minister Choe Son Hui met reporters. Later, Choe left for Beijing."
    found = mentions(nlp, text)
    choe = [m for m in found if m.label == "PERSON"]
    assert {m.name for m in choe} == {"Choe Son Hui", "Choe"}
    assert len({m.cluster for m in choe}) == 1
    assert all(m.canonical == "Choe Son Hui" for m in choe)
    assert "Foreign Minister" in choe[0].roles


def test_korean_family_name_is_the_first_token(nlp):
    text = "Pak Thae Song chairs the space agency. Pak said a launch was near."
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    assert [m.name for m in found] == ["Pak Thae Song", "Pak"]
    assert found[0].cluster == found[1].cluster


def test_western_surname_links_to_full_name(nlp):
    text = (
        "Russian President Vladimir V. Putin spoke on Monday. "
        "Later that day Putin met his ministers in the Kremlin."
    )
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    assert {m.canonical for m in found} == {"Vladimir V. Putin"}
    assert len({m.cluster for m in found}) == 1
    assert "Russian President" in found[0].roles


def test_short_mention_before_the_full_name_still_links(nlp):
    text = "Ushakov spoke first. Kremlin aide Yuri V. Ushakov later said the talks went well."
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    assert len(found) == 2
    assert found[0].cluster == found[1].cluster
    assert found[0].canonical == "Yuri V. Ushakov"


def test_spelling_variants_of_a_given_name_link(nlp):
    text = "Sergei Lavrov arrived late. Sergey Lavrov then read a statement."
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    assert len({m.cluster for m in found}) == 1


def test_people_sharing_a_family_name_stay_apart(nlp):
    text = (
        "Kim Jong Il ruled until 2011. Kim Dae-jung won a prize in 2000. "
        "Kim Jong Un now leads the country, "
        "and Navy Adm. Kim Myong Sik runs the submarine program. "
        "Kim spoke at the launch."
    )
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    clusters = {m.name: m.cluster for m in found if m.name != "Kim"}
    assert set(clusters) == {"Kim Jong Il", "Kim Dae-jung", "Kim Jong Un", "Kim Myong Sik"}
    assert len(set(clusters.values())) == 4
    bare = [m for m in found if m.name == "Kim"]
    assert bare and bare[0].cluster == clusters["Kim Myong Sik"]  # the most recent Kim
    assert "Navy Adm." in [m for m in found if m.name == "Kim Myong Sik"][0].roles


def test_bare_family_name_follows_the_most_recent_person(nlp):
    text = (
        "Joe Biden met Jill Biden at the airport. Hunter Biden was not there. "
        "Biden later spoke to reporters."
    )
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    full = {m.name: m.cluster for m in found if " " in m.name}
    assert len(set(full.values())) == 3
    bare = [m for m in found if m.name == "Biden"]
    assert bare and bare[0].cluster == full["Hunter Biden"]


def test_possessive_and_leading_the_are_not_in_the_name(nlp):
    text = (
        "The White House said on Tuesday that the Kremlin's reply was late, "
        "and Kyiv's allies agreed."
    )
    found = mentions(nlp, text)
    names = {m.name: m for m in found}
    assert "White House" in names and names["White House"].label == "ORG"
    assert "Kremlin" in names and names["Kremlin"].label == "ORG"
    assert names["Kremlin"].evidence.text == "the Kremlin"
    assert "Kyiv" in names and names["Kyiv"].label == "GPE"
    assert all(not m.name.endswith("'s") for m in found)


def test_acronym_links_to_the_full_name(nlp):
    text = (
        "The United Nations met in New York. A U.N. panel later wrote that the UN had been warned."
    )
    found = [m for m in mentions(nlp, text) if m.label == "ORG"]
    assert len(found) >= 2
    assert len({m.cluster for m in found}) == 1
    assert found[0].canonical == "United Nations"


def test_short_form_of_an_organisation_links(nlp):
    text = "Yonhap News reported the launch. Yonhap said the missile flew far."
    found = [m for m in mentions(nlp, text) if m.label == "ORG"]
    assert len({m.cluster for m in found}) == 1


def test_apposition_after_a_name_is_a_role(nlp):
    text = "The photos showed Ri Song Gil, chairman of the state planning committee, at the site."
    person = [m for m in mentions(nlp, text) if m.label == "PERSON"][0]
    assert person.name == "Ri Song Gil"
    assert any(role.startswith("chairman of the state planning committee") for role in person.roles)


def test_title_before_a_comma_is_a_role(nlp):
    text = "Japan's defense minister, Taro Kono, visited the base."
    person = [m for m in mentions(nlp, text) if m.label == "PERSON"][0]
    assert person.name == "Taro Kono"
    assert any("defense minister" in role for role in person.roles)


def test_coordination_is_not_an_apposition(nlp):
    text = "The team included Anna Weber, and his two deputies joined later."
    person = [m for m in mentions(nlp, text) if m.label == "PERSON"][0]
    assert person.roles == ()


def test_metonyms_keep_their_type(nlp):
    text = "Pyongyang rejected the offer, the Pentagon said, and the White House agreed."
    found = {m.name: m.label for m in mentions(nlp, text)}
    assert found.get("Pyongyang") == "GPE"
    assert found.get("Pentagon") == "ORG"
    assert found.get("White House") == "ORG"


def test_labels_are_the_name_types_only(nlp):
    text = "On March 3, 2024, Apple paid $5 million to 300 workers in Texas."
    assert {m.label for m in mentions(nlp, text)} <= {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}


def test_works_on_a_doc_from_a_plain_pipeline(nlp):
    import spacy

    from storyline.language.nlp import MODEL_NAME

    plain = spacy.load(MODEL_NAME, exclude=["lemmatizer"])
    found = extract_mentions(plain("Foreign Minister Choe Son Hui landed in Moscow."), "p")
    assert "Choe Son Hui" in [m.name for m in found]


def test_family_name_particles_stay_with_the_name(nlp):
    text = (
        "Ursula von der Leyen, president of the European Commission, met farmers. "
        "Von der Leyen said the talks were useful."
    )
    found = [m for m in mentions(nlp, text) if m.label == "PERSON"]
    assert [m.name for m in found] == ["Ursula von der Leyen", "Von der Leyen"]
    assert found[0].cluster == found[1].cluster
    assert any(r.startswith("president of the European Commission") for r in found[0].roles)


def test_honorifics_are_not_roles(nlp):
    text = "Mr. Daniel Okafor arrived. Okafor thanked the hosts."
    person = [m for m in mentions(nlp, text) if m.label == "PERSON"][0]
    assert "Mr." not in person.roles


def test_acronym_in_brackets_links(nlp):
    text = "The Korean Central News Agency (KCNA) reported the test. KCNA gave no details."
    found = [m for m in mentions(nlp, text) if m.label == "ORG"]
    assert len(found) >= 2 and len({m.cluster for m in found}) == 1
