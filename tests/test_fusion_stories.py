"""Story assignment on short texts written for these tests."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from storyline.fusion.stories import Story, StoryIndex, assign_stories

QUAKE_A = [
    ("a1", "Strong earthquake shakes Marvento\n"
           "A magnitude 6.4 earthquake struck the hill town of Marvento on Tuesday, "
           "collapsing the old clock tower and killing 14 people, the Orlesian civil "
           "protection agency said. Rescuers from Tarsa searched the rubble overnight.",
     date(2025, 3, 4)),
    ("a2", "Marvento death toll rises after quake\n"
           "The number of dead in Marvento rose to 21 on Wednesday as rescue teams from "
           "Tarsa pulled more bodies from collapsed homes. The 6.4 magnitude quake was the "
           "strongest to hit Orlesia in decades, the civil protection agency said.",
     date(2025, 3, 5)),
    ("a3", "Marvento mourns its dead\n"
           "Funerals began in Marvento on Friday for the 21 victims of Tuesday's "
           "earthquake. Survivors of the 6.4 quake are sleeping in tents near the ruined "
           "clock tower while engineers from the Orlesian government inspect buildings.",
     date(2025, 3, 7)),
]
QUAKE_B = [
    ("b1", "Earthquake hits coastal Pellingham\n"
           "A magnitude 5.1 earthquake hit the fishing port of Pellingham in Dunmark on "
           "Sunday, injuring 9 people and cracking the harbour wall, the Dunmark geological "
           "survey said. Harbourmaster Ilse Brannoch closed the quay.",
     date(2025, 8, 17)),
    ("b2", "Pellingham harbour closed after quake\n"
           "Harbourmaster Ilse Brannoch kept Pellingham's quay closed on Monday after the "
           "5.1 earthquake, as divers from the Dunmark coastguard checked the damaged "
           "harbour wall. Nine people were treated for injuries.",
     date(2025, 8, 18)),
]
FOOTBALL = [
    ("c1", "Kestrel Rovers win the cup\n"
           "Kestrel Rovers beat Amberfield 3-1 in the cup final at Greyholm stadium on "
           "Saturday, with striker Tomas Vellard scoring twice.",
     date(2025, 5, 10)),
]


def _index(articles):
    index = StoryIndex()
    assigned = {article_id: index.add_article(article_id, text, published)
                for article_id, text, published in articles}
    return index, assigned


def test_reports_of_one_quake_merge_and_two_quakes_stay_apart():
    index, assigned = _index(QUAKE_A + QUAKE_B + FOOTBALL)
    assert assigned["a1"] == assigned["a2"] == assigned["a3"]
    assert assigned["b1"] == assigned["b2"]
    assert assigned["a1"] != assigned["b1"]
    assert assigned["c1"] not in {assigned["a1"], assigned["b1"]}
    assert len(index) == 3


def test_interleaved_order_gives_the_same_grouping():
    order = [QUAKE_B[0], QUAKE_A[0], FOOTBALL[0], QUAKE_A[1], QUAKE_B[1], QUAKE_A[2]]
    _, assigned = _index(order)
    assert assigned["a1"] == assigned["a2"] == assigned["a3"]
    assert assigned["b1"] == assigned["b2"] != assigned["a1"]


def test_assignment_is_incremental_and_stable():
    index, first = _index(QUAKE_A[:2])
    for article_id, text, published in QUAKE_B + FOOTBALL + QUAKE_A[2:]:
        index.add_article(article_id, text, published)
    assert index.story_of("a1") == first["a1"]
    assert index.story_of("a2") == first["a2"]
    # Adding an article again changes nothing.
    before = index.stories()
    assert index.add_article("a1", QUAKE_A[0][1], QUAKE_A[0][2]) == first["a1"]
    assert index.stories() == before


def test_same_story_far_apart_in_time_starts_a_new_story():
    index = StoryIndex()
    text = QUAKE_A[1][1]
    first = index.add_article("x1", text, date(2025, 3, 5))
    later = index.add_article("x2", text, date(2027, 3, 5))
    assert first != later
    assert index.add_article("x3", text, date(2025, 3, 6)) == first


def test_story_record_has_title_dates_and_discriminative_terms():
    index, assigned = _index(QUAKE_A + QUAKE_B)
    story = next(s for s in index.stories() if s.id == assigned["a1"])
    assert isinstance(story, Story)
    assert story.article_ids == ("a1", "a2", "a3")
    assert story.first_date == date(2025, 3, 4)
    assert story.last_date == date(2025, 3, 7)
    assert "marvento" in story.key_terms
    assert "Marvento" in story.title
    with pytest.raises(dataclasses.FrozenInstanceError):
        story.title = "changed"  # type: ignore[misc]
    assert story.to_dict()["first_date"] == "2025-03-04"


def test_entities_from_the_language_layer_are_used():
    index = StoryIndex()
    first = index.add_article("e1", "Talks resumed in the capital on Monday.", None,
                              entities=["Halvard Osk", "Brenmoor"])
    second = index.add_article("e2", "Negotiators met again for a second round.", None,
                               entities=["Halvard Osk", "Brenmoor"])
    assert first == second


def test_assign_stories_helper():
    stories = assign_stories(QUAKE_A + FOOTBALL)
    assert sorted(len(s.article_ids) for s in stories) == [1, 3]
