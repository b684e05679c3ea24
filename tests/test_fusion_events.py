"""Cross-article event fusion on hand-made mention records."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

import numpy as np
import pytest

from helpers import Ev
from storyline.fusion.events import (
    Event,
    EventFusionOptions,
    EventMentionLike,
    StatusChange,
    cluster_event_mentions,
    reconcile_status,
    resolve_events,
)
from storyline.fusion.events_similarity import (
    agglomerate,
    lemma_family,
    times_agree,
    times_conflict,
)


@dataclass(frozen=True)
class Part:
    text: str
    role: str = "agent"


@dataclass(frozen=True)
class When:
    text: str
    value: str | None


@dataclass(frozen=True)
class Mention:
    evidence: Ev
    event_type: str
    trigger: str
    lemma: str
    participants: tuple = ()
    time: When | None = None
    place: Part | None = None
    status: str = "occurred"


def mention(article, start, lemma, *, who=(), when=None, where=None, status="occurred",
            event_type="other"):
    return Mention(Ev(article, 0, start, start + len(lemma), lemma), event_type, lemma, lemma,
                   tuple(Part(name) for name in who),
                   When(when, when) if when else None,
                   Part(where) if where else None, status)


def test_records_satisfy_the_protocol():
    assert isinstance(mention("a", 0, "visit"), EventMentionLike)


def test_planned_then_occurred_becomes_occurred_with_history():
    mentions = [
        mention("early", 10, "visit", who=["Minister Arlo Venn"], where="Tarsa",
                when="2025-06-12", status="planned"),
        mention("late", 40, "visit", who=["Arlo Venn"], where="Tarsa", when="2025-06-12",
                status="occurred"),
    ]
    published = {"early": date(2025, 6, 1), "late": date(2025, 6, 13)}
    (event,) = resolve_events(mentions, published=published)
    assert isinstance(event, Event)
    assert event.status == "occurred"
    assert [c.status for c in event.status_history] == ["planned", "occurred"]
    assert [c.article_id for c in event.status_history] == ["early", "late"]
    assert event.date == "2025-06-12"
    assert event.place == "Tarsa"
    assert event.mentions == ("early#10-15", "late#40-45")
    assert event.article_ids == ("early", "late")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.status = "planned"  # type: ignore[misc]
    assert event.to_dict()["status_history"][0]["published"] == "2025-06-01"


def test_history_follows_publication_dates_not_input_order():
    mentions = [mention("late", 0, "visit", status="occurred"),
                mention("early", 0, "visit", status="planned")]
    published = {"early": date(2025, 1, 1), "late": date(2025, 2, 1)}
    (event,) = resolve_events(mentions, published=published)
    assert [c.article_id for c in event.status_history] == ["early", "late"]


def test_a_plan_later_called_off_keeps_the_latest_view():
    history = [StatusChange("a", date(2025, 1, 1), "planned"),
               StatusChange("b", date(2025, 1, 5), "denied")]
    assert reconcile_status(history) == "denied"
    assert reconcile_status(history + [StatusChange("c", None, "occurred")]) == "occurred"


def test_different_dates_are_not_merged():
    mentions = [
        mention("a", 0, "arrest", who=["Dara Quell"], when="2024-02-03"),
        mention("b", 0, "arrest", who=["Dara Quell"], when="2024-09-21"),
        mention("c", 0, "arrest", who=["Dara Quell"], when="2024-02"),
    ]
    groups = cluster_event_mentions(mentions)
    # The month-only date is compatible with the February arrest only.
    assert (0, 2) in groups and (1,) in groups


def test_different_stories_are_not_merged():
    mentions = [mention("a", 0, "earthquake"), mention("b", 0, "earthquake")]
    assert len(cluster_event_mentions(mentions)) == 1
    assert len(cluster_event_mentions(mentions, {"a": "s1", "b": "s2"})) == 2


def test_related_triggers_merge_and_unrelated_do_not():
    mentions = [
        mention("a", 0, "kill", who=["Juno Pell"]),
        mention("b", 0, "death", who=["Juno Pell"]),
        mention("c", 0, "quake"),
        mention("d", 0, "earthquake"),
        mention("e", 0, "election"),
    ]
    groups = cluster_event_mentions(mentions)
    assert (0, 1) in groups and (2, 3) in groups and (4,) in groups


def test_reporting_verbs_need_more_than_the_lemma():
    mentions = [mention("a", 0, "say", who=["Juno Pell"]), mention("b", 0, "say", who=["Ivo Marr"])]
    assert len(cluster_event_mentions(mentions)) == 2
    baseline = cluster_event_mentions(mentions, options=EventFusionOptions(lemma_only=True))
    assert baseline == ((0, 1),)


def test_fusion_prefers_the_date_most_mentions_agree_on():
    mentions = [mention("a", 0, "fire", when="2025-04"),
                mention("b", 0, "blaze", when="2025-04-02"),
                mention("c", 0, "fire", when="2025-04-02")]
    (event,) = resolve_events(mentions)
    assert event.date == "2025-04-02"
    assert event.date_range == ("2025-04", "2025-04-02")
    assert event.label == "fire"


def test_lemma_families_and_time_helpers():
    assert lemma_family("arrested") == lemma_family("arrest")
    assert lemma_family("explosion") == lemma_family("explode")
    assert lemma_family("quake") == lemma_family("earthquake")
    assert lemma_family("election") != lemma_family("elect" + "ricity")
    assert times_conflict("2025-03-01", "2025-03-02")
    assert not times_conflict("2025-03", "2025-03-02")
    assert not times_conflict("PRESENT_REF", "2025-03-02")
    assert times_agree("2025-03-02", "2025-03-02")


def test_agglomerate_uses_average_link():
    scores = np.array([[0, 1.0, 0.2], [1.0, 0, 0.2], [0.2, 0.2, 0]])
    assert agglomerate(scores, 0.5) == [[0, 1], [2]]
    assert agglomerate(scores, 0.1) == [[0, 1, 2]]
    assert agglomerate(np.zeros((0, 0)), 0.5) == []


def test_language_layer_records_are_accepted():
    events = pytest.importorskip("storyline.language.events")
    from storyline.language.evidence import Evidence

    def real(article, when, status):
        return events.EventMention(
            evidence=Evidence(article, 0, 5, 11, "summit"), event_type="meeting",
            trigger="summit", lemma="summit", timeml_class="OCCURRENCE",
            participants=(events.Participant("agent", "Vessa Lund", 0, 10),),
            time=events.EventTime("on 9 May", 12, 20, when, "DATE"), place=None,
            status=status)

    (event,) = resolve_events([real("x", "2025-05-09", "planned"),
                               real("y", "2025-05-09", "occurred")])
    assert event.status == "occurred" and event.event_type == "meeting"


def test_an_event_only_ever_reported_stays_reported():
    history = [StatusChange("a", None, "planned"), StatusChange("b", None, "reported")]
    assert reconcile_status(history) == "reported"


def test_many_mentions_are_clustered_in_small_components():
    # 3,000 mentions in one block: only mentions sharing a trigger family are compared.
    lemmas = [f"verb{number:03d}ize" for number in range(300)]
    mentions = [mention(f"a{i % 50}", i, lemmas[i % 300]) for i in range(3000)]
    groups = cluster_event_mentions(mentions)
    assert len(groups) == 300
    assert all(len({mentions[i].lemma for i in group}) == 1 for group in groups)
