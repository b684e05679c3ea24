"""Cross-article entity resolution over hand-made mention clusters (no spaCy needed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import ConfigError, InputError
from storyline.fusion.aliases import AliasTable, alias_key
from storyline.fusion.entities import Entity, EntityIndex, EntityLink, resolve_entities
from storyline.fusion.entities_names import acronym_of, compare_people, parse_person, phonetic
from storyline.language.entities import Mention
from storyline.language.evidence import Evidence

NO_ALIASES = AliasTable.from_rows([])


def article(article_id: str, *clusters: tuple) -> tuple[str, tuple[Mention, ...]]:
    """Mentions of one article; each cluster is ``(label, canonical, [other names], [roles])``."""
    mentions = []
    offset = 0
    for number, spec in enumerate(clusters):
        label, canonical = spec[0], spec[1]
        names = [canonical, *(spec[2] if len(spec) > 2 else [])]
        roles = tuple(spec[3]) if len(spec) > 3 else ()
        for name in names:
            evidence = Evidence(article_id, 0, offset, offset + len(name), name)
            mentions.append(Mention(evidence, label, name, canonical, number, roles))
            offset += len(name) + 1
    return article_id, tuple(mentions)


def entity_of(links: tuple[EntityLink, ...], article_id: str, cluster: int) -> str:
    return next(x.entity_id for x in links if (x.article_id, x.cluster) == (article_id, cluster))


def same_entity(articles: list, aliases: AliasTable | None = None) -> set[str]:
    """Entity ids of cluster 0 of every article."""
    _, links = resolve_entities(articles, aliases)
    return {entity_of(links, article_id, 0) for article_id, _ in articles}


@pytest.mark.parametrize(
    "label, spellings",
    [
        ("PERSON", ["Choe Son Hui", "Choe Sun Hui"]),
        ("PERSON", ["Sergei Lavrov", "Sergey Lavrov"]),
        ("PERSON", ["Shin Won-sik", "Shin Wonsik", "Shin Won Sik"]),
        ("PERSON", ["Kim Jong Un", "Kim Jong-un"]),
        ("PERSON", ["Vladimir V. Putin", "Vladimir Putin"]),
        ("PERSON", ["Yevgeny Tarasenko", "Evgeny Tarasenko"]),
        ("PERSON", ["Aleksei Voskov", "Alexei Voskov", "Alexey Voskov"]),
        ("PERSON", ["Hannah Brightwater", "Hanna Brightwater"]),
        ("PERSON", ["Mykola Harasym", "Nikolai Harasym"]),  # GIVEN row of the default table
        ("PERSON", ["Jo Myung-chul", "Jo Myong Chol"]),
        ("GPE", ["Kyiv", "Kiev"]),
        ("GPE", ["Kharkiv", "Kharkov"]),
        ("GPE", ["Myanmar", "Burma"]),
        ("GPE", ["Ostrelya", "Ostrolya"]),  # one vowel apart, long enough: a spelling variant
        ("ORG", ["Korean Central News Agency", "KCNA"]),
        ("ORG", ["Morrow Valley Water Authority", "MVWA"]),  # acronym derived, not listed
        ("ORG", ["United Nations", "U.N.", "UN"]),
        ("ORG", ["Grendale Mining Inc.", "Grendale Mining"]),
    ],
)
def test_spelling_variants_merge(label, spellings):
    articles = [article(f"a{i}", (label, name)) for i, name in enumerate(spellings)]
    assert len(same_entity(articles)) == 1
    assert len(same_entity(list(reversed(articles)))) == 1


def test_acronyms_are_derived_without_the_alias_table():
    articles = [article("a", ("ORG", "Korean Central News Agency")), article("b", ("ORG", "KCNA"))]
    assert len(same_entity(articles, NO_ALIASES)) == 1
    assert acronym_of("U.N. Security Council") == "unsc"
    assert acronym_of("Haemun’s State News Agency") == "sna"
    assert acronym_of("Orbisight") == ""


def test_the_four_kims_stay_apart():
    kims = ["Kim Jong Un", "Kim Jong Il", "Kim Dae-jung", "Kim Myong Sik"]
    articles = [article(f"a{i}", ("PERSON", name)) for i, name in enumerate(kims)]
    articles.append(article("all", *[("PERSON", name) for name in kims]))
    entities, links = resolve_entities(articles)
    people = [e for e in entities if e.label == "PERSON"]
    assert len(people) == 4
    for i, name in enumerate(kims):
        assert entity_of(links, f"a{i}", 0) == entity_of(links, "all", i)
    assert {e.name for e in people} == set(kims)


def test_given_names_must_agree_part_by_part():
    a = parse_person("George H. W. Bush", NO_ALIASES)
    b = parse_person("George W. Bush", NO_ALIASES)
    assert compare_people(a, b) == ""
    western_order = [parse_person(n, NO_ALIASES) for n in ("Jong Un Kim", "Jong Il Kim")]
    assert compare_people(*western_order) == ""
    assert phonetic("Sergey") == phonetic("Sergei")
    assert phonetic("Myung") == phonetic("Myong")


def test_bare_family_name_joins_the_only_candidate():
    articles = [
        article("a", ("PERSON", "Tomasz Wielgórski")),
        article("b", ("PERSON", "Wielgorski")),
    ]
    assert len(same_entity(articles)) == 1
    assert len(same_entity(list(reversed(articles)))) == 1


def test_ambiguous_bare_name_stays_its_own_entity_unless_roles_decide():
    people = [
        article("a", ("PERSON", "Han Seo-yun", [], ["foreign minister"])),
        article("b", ("PERSON", "Han Do-hyeon", [], ["senior analyst"])),
    ]
    _, links = resolve_entities([*people, article("c", ("PERSON", "Han"))])
    assert entity_of(links, "c", 0) not in {entity_of(links, "a", 0), entity_of(links, "b", 0)}
    minister = article("d", ("PERSON", "Han", [], ["Foreign Minister"]))
    _, links = resolve_entities([*people, minister])
    assert entity_of(links, "d", 0) == entity_of(links, "a", 0)


def test_two_clusters_of_one_article_are_two_entities():
    articles = [
        article("a", ("PERSON", "Ri Son Gwan"), ("PERSON", "Ri Chol Ho")),
        # a bare "Ri" in an article that already names Ri Son Gwan cannot be her as well
        article("b", ("PERSON", "Ri Son Gwan"), ("PERSON", "Ri")),
    ]
    _, links = resolve_entities(articles)
    assert entity_of(links, "a", 0) == entity_of(links, "b", 0)
    assert entity_of(links, "a", 1) != entity_of(links, "a", 0)
    assert entity_of(links, "b", 1) not in {entity_of(links, "a", 0)}


def test_a_spelling_variant_with_another_office_is_someone_else():
    articles = [
        article("a", ("PERSON", "Park Jae-won", [], ["defence minister"])),
        article("b", ("PERSON", "Park Jae-wan", [], ["ambassador to Japan"])),
        article("c", ("PERSON", "Park Jae-wan")),
    ]
    _, links = resolve_entities(articles)
    assert entity_of(links, "a", 0) != entity_of(links, "b", 0)


def test_person_and_organisation_of_one_name_stay_apart():
    articles = [
        article("a", ("PERSON", "Walt Disney")),
        article("b", ("ORG", "Walt Disney")),
        article("c", ("PERSON", "Jordan")),
        article("d", ("GPE", "Jordan")),
    ]
    entities, links = resolve_entities(articles)
    assert entity_of(links, "a", 0) != entity_of(links, "b", 0)
    assert entity_of(links, "c", 0) != entity_of(links, "d", 0)
    assert {e.id for e in entities} >= {"person:walt-disney", "org:walt-disney", "place:jordan"}


def test_places_typed_gpe_and_loc_meet_but_similar_names_do_not():
    articles = [
        article("a", ("GPE", "Voronsk")),
        article("b", ("LOC", "Voronsk")),
        article("c", ("GPE", "Vostrok")),
        article("d", ("GPE", "Iran")),
        article("e", ("GPE", "Iraq")),
    ]
    entities, links = resolve_entities(articles)
    assert entity_of(links, "a", 0) == entity_of(links, "b", 0)
    assert len({entity_of(links, x, 0) for x in "acde"}) == 4


def test_short_forms_of_organisations_join_the_one_longer_name():
    articles = [
        article("a", ("ORG", "Tidewater Center for Open Source Analysis")),
        article("b", ("ORG", "Tidewater Center")),
        article("c", ("ORG", "Kresnian Foreign Ministry")),
        article("d", ("ORG", "Dalsan Foreign Ministry")),
        article("e", ("ORG", "Foreign Ministry")),
        article("f", ("GPE", "Haemun")),
        article("g", ("ORG", "Haemun Maritime Authority")),
    ]
    _, links = resolve_entities(articles)
    assert entity_of(links, "a", 0) == entity_of(links, "b", 0)
    assert entity_of(links, "e", 0) not in {entity_of(links, "c", 0), entity_of(links, "d", 0)}
    assert entity_of(links, "f", 0) != entity_of(links, "g", 0)


def test_korean_name_cut_short_joins_the_full_name():
    articles = [article("a", ("PERSON", "Ri Son Gwan")), article("b", ("PERSON", "Ri Son"))]
    assert len(same_entity(articles)) == 1


def test_entity_record():
    articles = [
        article("a", ("PERSON", "Vladimir V. Putin", ["Putin"], ["President"])),
        article("b", ("PERSON", "Vladimir V. Putin", ["Putin"], ["President"])),
        article("c", ("PERSON", "Vladimir Putin")),
    ]
    (entity,), links = resolve_entities(articles)
    assert isinstance(entity, Entity)
    assert entity.id == "person:vladimir-v-putin"
    assert entity.name == "Vladimir V. Putin"
    assert entity.aliases == ("Putin", "Vladimir Putin", "Vladimir V. Putin")
    assert entity.roles == ("President",)
    assert entity.mention_count == 5
    assert entity.article_ids == ("a", "b", "c")
    assert entity.to_dict()["aliases"] == ["Putin", "Vladimir Putin", "Vladimir V. Putin"]
    expected_link = {"article_id": "a", "cluster": 0, "entity_id": entity.id}
    assert [link.to_dict() for link in links][0] == expected_link


def test_incremental_index_equals_batch():
    articles = [
        article("a", ("PERSON", "Choe Son Hui", ["Choe"], ["foreign minister"]), ("GPE", "Kiev")),
        article("b", ("PERSON", "Choe Sun Hui"), ("ORG", "KCNA"), ("GPE", "Kyiv")),
        article("c", ("ORG", "Korean Central News Agency"), ("PERSON", "Choe")),
        article("d", ("PERSON", "Kim Jong Un"), ("PERSON", "Kim Jong Il")),
    ]
    index = EntityIndex()
    returned = []
    for article_id, mentions in articles:
        returned.extend(index.add_article(article_id, mentions))
    assert (index.entities(), index.links()) == resolve_entities(articles)
    assert {(link.article_id, link.cluster) for link in returned} == {
        (link.article_id, link.cluster) for link in index.links()
    }
    with pytest.raises(InputError):
        index.add_article("a", articles[0][1])


_ORDER_ARTICLES = [
    article("a", ("PERSON", "Viktor A. Gorelov", ["Gorelov"], ["President"]), ("GPE", "Voronsk")),
    article("b", ("PERSON", "Viktor Gorelov"), ("PERSON", "Sergei Dalnov")),
    article("c", ("PERSON", "Gorelov"), ("PERSON", "Dalnov"), ("ORG", "SNA")),
    article("d", ("PERSON", "Sergey Dalnov"), ("ORG", "State News Agency")),
    article("e", ("PERSON", "Ri Sun Gwan"), ("PERSON", "Ri Chol Ho"), ("PERSON", "Ri Son")),
    article("f", ("PERSON", "Ri Son-gwan"), ("ORG", "Tidewater Center")),
    article("g", ("ORG", "Tidewater Center for Open Source Analysis"), ("PERSON", "Ri")),
]


def _partition(articles) -> set[frozenset[tuple[str, int]]]:
    _, links = resolve_entities(articles)
    groups: dict[str, set[tuple[str, int]]] = {}
    for link in links:
        groups.setdefault(link.entity_id, set()).add((link.article_id, link.cluster))
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=30, deadline=None)
@given(st.permutations(_ORDER_ARTICLES))
def test_result_does_not_depend_on_article_order(order):
    assert _partition(order) == _partition(_ORDER_ARTICLES)
    ids = {e.id for e in resolve_entities(order)[0]}
    assert ids == {e.id for e in resolve_entities(_ORDER_ARTICLES)[0]}


def test_alias_file_extends_the_default(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text(
        "# my story's places\nKharyv\tKharov\tGPE\nQuillon Harbour Board\tthe Board\tORG\n"
        "Oleksandr\tSasha\tGIVEN\n",
        encoding="utf-8",
    )
    table = AliasTable.load(path)
    assert table.canonical("Kharov", "LOC") == "Kharyv"  # GPE and LOC share the place namespace
    assert table.canonical("Kiev", "GPE") == "Kyiv"  # the default still applies
    articles = [
        article("a", ("GPE", "Kharyv")),
        article("b", ("PERSON", "Kharov")),
        article("c", ("GPE", "Kharov")),
    ]
    _, links = resolve_entities(articles, table)
    assert entity_of(links, "a", 0) == entity_of(links, "c", 0) != entity_of(links, "b", 0)
    nicknamed = [
        article("x", ("PERSON", "Sasha Bondar")),
        article("y", ("PERSON", "Oleksandr Bondar")),
    ]
    assert len(same_entity(nicknamed, table)) == 1
    assert AliasTable.load(path, include_default=False).canonical("Kiev", "GPE") is None


def test_user_rows_win_over_the_default(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("Kyiv City\tKiev\tGPE\n", encoding="utf-8")
    assert AliasTable.load(path).canonical("Kiev", "GPE") == "Kyiv City"


@pytest.mark.parametrize("line", ["Kyiv\tKiev", "Kyiv\tKiev\tCOUNTRY", "\tKiev\tGPE"])
def test_bad_alias_lines_are_refused_with_their_line_number(tmp_path, line):
    path = tmp_path / "bad.tsv"
    path.write_text(f"# header\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.tsv:2"):
        AliasTable.load(path)


def test_alias_key_ignores_case_accents_and_dots():
    assert alias_key("U.N.") == alias_key("UN") == "un"
    assert alias_key("Côte d’Ivoire") == "cote divoire"
    assert alias_key("the Hague") == "hague"
