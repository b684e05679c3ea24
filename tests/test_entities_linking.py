"""In-article linking rules, tested on (label, name) lists without running spaCy."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.language.entities_linking import PersonName, link_mentions, name_key
from storyline.language.entities_spans import family_name, is_east_asian_name


def clusters(items):
    ids, canonical = link_mentions(items)
    return ids, canonical


def test_name_order():
    assert is_east_asian_name(["Choe", "Son", "Hui"])
    assert is_east_asian_name(["Kim", "Jong-un"])
    assert is_east_asian_name(["Shin", "Wonsik"])
    assert not is_east_asian_name(["Kim", "Clijsters"])  # ambiguous surname, Western-looking
    assert not is_east_asian_name(["Vladimir", "Putin"])
    assert family_name(["Choe", "Son", "Hui"]) == "Choe"
    assert family_name(["Martin", "Luther", "King", "Jr."]) == "King"
    assert family_name(["Sergei", "Lavrov"]) == "Lavrov"


def test_person_name_keys():
    assert PersonName.parse("Kim Jong-un") == PersonName.parse("Kim Jong Un")
    assert PersonName.parse("Shin Won-sik") == PersonName.parse("Shin Wonsik")
    assert name_key("the U.S.") == "us"


def test_family_name_links_to_full_name():
    ids, canonical = clusters([("PERSON", "Sergei Lavrov"), ("PERSON", "Lavrov")])
    assert ids == [0, 0]
    assert canonical == ["Sergei Lavrov", "Sergei Lavrov"]


def test_first_name_links_only_without_a_family_match():
    ids, _ = clusters([("PERSON", "Angela Merkel"), ("PERSON", "Angela")])
    assert ids == [0, 0]
    ids, _ = clusters([("PERSON", "Kim Jong Un"), ("PERSON", "Jong")])
    assert ids == [0, 1]  # East Asian given names are not used alone


def test_different_given_names_never_merge():
    items = [
        ("PERSON", "Kim Jong Un"),
        ("PERSON", "Kim Jong Il"),
        ("PERSON", "Kim Dae-jung"),
        ("PERSON", "Kim Myong Sik"),
    ]
    ids, _ = clusters(items)
    assert len(set(ids)) == 4


def test_bare_name_takes_the_most_recent_compatible_person():
    items = [
        ("PERSON", "Kim Jong Il"),
        ("PERSON", "Kim"),
        ("PERSON", "Kim Jong Un"),
        ("PERSON", "Kim"),
    ]
    ids, _ = clusters(items)
    assert ids == [0, 0, 1, 1]


def test_bare_name_before_any_full_name_takes_the_most_mentioned():
    items = [
        ("PERSON", "Kim"),
        ("PERSON", "Kim Jong Il"),
        ("PERSON", "Kim Jong Un"),
        ("PERSON", "Kim Jong Un"),
    ]
    ids, canonical = clusters(items)
    assert ids[0] == ids[2] == ids[3]
    assert canonical[0] == "Kim Jong Un"


def test_middle_initial_and_spelling_variants():
    ids, canonical = clusters(
        [("PERSON", "Vladimir Putin"), ("PERSON", "Vladimir V. Putin"), ("PERSON", "Putin")]
    )
    assert ids == [0, 0, 0] and canonical[0] == "Vladimir V. Putin"
    ids, _ = clusters([("PERSON", "Sergei Lavrov"), ("PERSON", "Sergey Lavrov")])
    assert ids == [0, 0]
    ids, _ = clusters([("PERSON", "Daniel Smith"), ("PERSON", "Danielle Smith")])
    assert ids == [0, 1]


def test_acronyms_and_short_forms():
    ids, canonical = clusters(
        [
            ("ORG", "U.N."),
            ("ORG", "United Nations"),
            ("ORG", "UN"),
            ("GPE", "U.S."),
            ("GPE", "United States"),
        ]
    )
    assert ids[0] == ids[1] == ids[2]
    assert ids[3] == ids[4] != ids[0]
    assert canonical[0] == "United Nations"
    ids, _ = clusters([("ORG", "Korean Central News Agency"), ("ORG", "KCNA")])
    assert ids == [0, 0]
    ids, _ = clusters([("ORG", "Yonhap News"), ("ORG", "Yonhap")])
    assert ids == [0, 0]


def test_places_do_not_merge_on_a_shared_word():
    ids, _ = clusters([("GPE", "North Korea"), ("GPE", "South Korea"), ("GPE", "Korea")])
    assert len(set(ids)) == 3


def test_types_do_not_mix():
    ids, _ = clusters(
        [("NORP", "Russian"), ("GPE", "Russia"), ("PERSON", "Jordan"), ("GPE", "Jordan")]
    )
    assert len(set(ids)) == 4


names = st.sampled_from(
    ["Kim", "Kim Jong Un", "Kim Jong Il", "Putin", "Vladimir Putin", "Vladimir V. Putin", "Lavrov",
     "Sergei Lavrov", "Choe", "Choe Son Hui", "Biden", "Joe Biden", "Jill Biden"]
)
labelled = st.lists(st.tuples(st.sampled_from(["PERSON", "ORG"]), names), max_size=30)


@given(labelled)
def test_linking_invariants(items):
    ids, canonical = link_mentions(items)
    assert len(ids) == len(canonical) == len(items)
    # Clusters are numbered by first appearance.
    seen: list[int] = []
    for cid in ids:
        if cid not in seen:
            assert cid == len(seen)
            seen.append(cid)
    by_cluster: dict[int, set[str]] = {}
    for (label, name), cid, full in zip(items, ids, canonical):
        by_cluster.setdefault(cid, set()).add(full)
        # The canonical form is at least as full as the mention and ends in the same family name.
        assert len(full.split()) >= len(name.split())
        if label == "PERSON" and name != full:
            assert family_name(full.split()) == family_name(name.split()) or name in full.split()
    assert all(len(fulls) == 1 for fulls in by_cluster.values())
    # Identical full names always share a cluster; Kim Jong Un and Kim Jong Il never do.
    full_ids = {}
    for (label, name), cid in zip(items, ids):
        if " " in name:
            assert full_ids.setdefault((label, name), cid) == cid
    if ("PERSON", "Kim Jong Un") in full_ids and ("PERSON", "Kim Jong Il") in full_ids:
        assert full_ids[("PERSON", "Kim Jong Un")] != full_ids[("PERSON", "Kim Jong Il")]
