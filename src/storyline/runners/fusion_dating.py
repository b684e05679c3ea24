"""Dating undated articles inside incremental fusion: which to re-date, against which facts.

Part of the fusion runner (:mod:`storyline.runners.fusion`): the dating itself is
:func:`storyline.fusion.dating.infer_publication_date`; this module decides, as articles
arrive, which undated articles a run must date again and which known facts (read in dated
articles) each is matched with, through name indexes kept in the runner's state, so that
a run costs what its new articles touch rather than undated articles × known facts.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from storyline.fusion.dating import copyright_years_in, infer_publication_date, redate
from storyline.fusion.dating_facts import (
    GRANULARITY_DAYS,
    ExpressionContext,
    expression_context,
    match_fact,
)
from storyline.fusion.dating_records import DateInference, KnownFact, KnownFacts
from storyline.fusion.events_similarity import date_parts
from storyline.language.evidence import Evidence
from storyline.language.timex import TimeExpression, resolve
from storyline.runners.fusion_state import FusionState, Undated

# A name word whose known facts exceed this is not used to find facts for dating.
COMMON_NAME_FACTS = 250
# A relative date in an article dated only to a window is resolved against each day of the
# window (when the window is no wider than this); the month most days give is kept when at
# least this share of them give it ("Tuesday" in a window of early September).
WINDOW_MAX_DAYS = 92
WINDOW_MONTH_SHARE = 2 / 3


def as_record(data: Any) -> Any:
    """A stored fact (JSON) back as an attribute-access record for the fusion stages."""
    if isinstance(data, dict):
        if {"article_id", "sentence", "start", "end", "text"} <= data.keys():
            return Evidence(
                data["article_id"], data["sentence"], data["start"], data["end"], data["text"]
            )
        return SimpleNamespace(**{key: as_record(value) for key, value in data.items()})
    if isinstance(data, list):
        return tuple(as_record(item) for item in data)
    return data


def date_undated(state: FusionState, new_facts: list[KnownFact], regrouped: set[str],
                  added: set[str]) -> set[str]:
    """Infer dates of the undated articles the new articles may change; re-resolve them.

    An undated article is matched only with the known facts (of dated articles) that share
    a name word with its dates' contexts, found through a name index, leaving out names so
    common that their facts fill more than :data:`COMMON_NAME_FACTS` (the story's own
    countries: their weight would be too low to match anyway). It is re-dated when it is
    new, when its duplicate group gained a dated article, when a new fact shares such a
    name and could be taken for one of its expressions (it matches better than the last
    match taken there: see ``entry_scores`` of
    :func:`~storyline.fusion.dating.infer_publication_date`), or when one of its names
    became too common in this run (that name's facts leave its candidates; a name too
    common before the run is not looked at). A new fact that is not taken still shifts the
    name weights (a name's share of the dated articles) the others are scored with; that
    drift is not followed until a rebuild. Event mentions of an article whose dating
    changed are replaced by copies carrying the new calendar values
    (its events are re-fused). Returns the articles whose dating changed.
    """
    touched_groups = {state.group_of[a] for a in regrouped}
    for article_id in sorted(added | regrouped, key=state.order.__getitem__):
        if state.published[article_id] is not None:
            touched_groups.add(state.group_of[article_id])
    for group in touched_groups:
        members = [(a, state.published[a]) for a in state.group_members.get(group, ())
                   if state.published[a] is not None]
        state.dated_in_group[group] = members
    affected = {a for a in added if a in state.undated}
    for group in touched_groups:
        affected.update(a for a in state.group_members.get(group, ()) if a in state.undated)
    new_in_block: dict[str, int] = {}
    for fact in new_facts:
        for name in fact.names:
            new_in_block[name] = new_in_block.get(name, 0) + 1
    usable: set[str] = set()
    for name, added_here in new_in_block.items():
        size = len(state.facts_by_name.get(name, ()))
        if size <= COMMON_NAME_FACTS:
            usable.add(name)
        elif size - added_here <= COMMON_NAME_FACTS:
            # The name just became too common: its facts leave the candidates of every
            # undated article that has it (once per name: blocks only grow).
            affected |= state.undated_by_name.get(name, set())
        # A name too common before and after this run was not used and still is not.
    for fact in new_facts:
        candidates: set[str] = set()
        for name in fact.names:
            if name in usable:
                candidates |= state.undated_by_name.get(name, set())
        # Only a fact that could be taken for one of the article's expressions can change
        # its dating: one that matches it (with every name weighing its most, an upper
        # bound of its score) better than the last match its dating took there.
        affected |= {a for a in candidates - affected if _could_enter(state, a, fact)}
    changed: set[str] = set()
    for article_id in sorted(affected, key=state.order.__getitem__):
        undated = state.undated[article_id]
        entry_scores: dict[tuple[int, int], float] = {}
        inferred = infer_publication_date(
            article_id,
            undated.times,
            [as_record(e) for e in undated.event_dicts],
            facts_sharing_names(state, state.undated_names[article_id]),
            copyright_years_in(undated.notices),
            state.dated_in_group.get(state.group_of[article_id], ()),
            undated.mentions,
            entry_scores,
        )
        state.entry_scores[article_id] = entry_scores
        if inferred == state.datings.get(article_id, "unseen"):
            continue
        if inferred is None:
            if article_id not in state.datings:
                continue  # still undated: its events already carry the symbolic values
            del state.datings[article_id]
        else:
            state.datings[article_id] = inferred
        state.effective[article_id] = inferred.value if inferred is not None else None
        state.event_index.replace_article(article_id, _redated_events(undated, inferred))
        changed.add(article_id)
    return changed


def _could_enter(state: FusionState, article_id: str, fact: KnownFact) -> bool:
    entry = state.entry_scores.get(article_id, {})
    for context, days, span in state.undated_contexts[article_id]:
        match = match_fact(context, fact, None, days)
        if match is not None and match.score > entry.get(span, -math.inf):
            return True
    return False


def facts_sharing_names(state: FusionState, names: frozenset[str]) -> KnownFacts:
    numbers: set[int] = set()
    for name in names:
        block = state.facts_by_name.get(name, ())
        if len(block) <= COMMON_NAME_FACTS:
            numbers.update(block)
    return KnownFacts(tuple(state.known_facts[n] for n in sorted(numbers)))


def index_facts(state: FusionState, facts: tuple[KnownFact, ...]) -> None:
    for fact in facts:
        number = len(state.known_facts)
        state.known_facts.append(fact)
        for name in fact.names:
            state.facts_by_name.setdefault(name, []).append(number)


def undated_contexts(undated: Undated) -> list[tuple[ExpressionContext, int, tuple[int, int]]]:
    """What dating matches known facts on: the contexts of the article's relative dates
    and of its durations ("the first visit in 19 years"), with their length in days and
    the expression's span."""
    events = [as_record(e) for e in undated.event_dicts]
    out = []
    for expression in undated.times:
        relative = expression.relative is not None and expression.type in ("DATE", "TIME")
        if relative or expression.type == "DURATION":
            context = expression_context(expression, events, undated.mentions)
            if context.names:
                out.append((context, GRANULARITY_DAYS.get(expression.granularity, 1),
                            (expression.evidence.start, expression.evidence.end)))
    return out


def _redated_events(undated: Undated, inferred: DateInference | None) -> list[Any]:
    """The article's event mentions with their dates resolved against its inferred date.

    With only a window, a relative date every day of the window resolves alike gets that
    value (:func:`~storyline.fusion.dating.redate`); one that still differs gets the month
    most of the window's days give (:func:`window_month`), marked ``approximate``. Every
    mention also carries the window (``published_window``): a mention with no date is
    taken to happen within it.
    """
    events = [as_record(e) for e in undated.event_dicts]
    if inferred is None:
        return events
    by_span = {(t.evidence.start, t.evidence.end): t for t in undated.times}
    new_values = {
        (t.evidence.start, t.evidence.end): t.value for t in redate(undated.times, inferred)
    }
    for event in events:
        if inferred.value is None:
            event.published_window = (inferred.earliest, inferred.latest)
        time = getattr(event, "time", None)
        key = (getattr(time, "start", None), getattr(time, "end", None))
        if time is None or key not in new_values:
            continue
        time.value = new_values[key]
        if inferred.value is None and not date_parts(time.value):
            month = window_month(by_span[key], inferred.earliest, inferred.latest)
            if month is not None:
                time.value, time.approximate = month, True
    return events


def window_month(expression: TimeExpression, earliest: date, latest: date) -> str | None:
    """The month a relative date falls in for most days of a publication window.

    "Tuesday" in an article published between 5 September and 2 October 2023 is a
    September Tuesday for four weeks of the four weeks and a day, so September; "nine
    months ago" in a June window is the September before. None when the window is too wide
    or no month holds :data:`WINDOW_MONTH_SHARE` of its days.
    """
    if expression.relative is None or expression.type not in ("DATE", "TIME"):
        return None
    width = (latest - earliest).days + 1
    if width <= 0 or width > WINDOW_MAX_DAYS:
        return None
    months: Counter[str] = Counter()
    for offset in range(width):
        month = _month_of(resolve(expression, earliest + timedelta(days=offset)).value)
        if month is not None:
            months[month] += 1
    if not months:
        return None
    month, count = months.most_common(1)[0]
    return month if count >= WINDOW_MONTH_SHARE * width else None


def _month_of(value: str | None) -> str | None:
    """``"2023-09-12"`` or ``"2023-09"`` -> ``"2023-09"``; an ISO week -> its Thursday's
    month; anything coarser or symbolic -> None."""
    if not value:
        return None
    if len(value) >= 8 and value[4:6] == "-W" and value[6:8].isdigit() and value[:4].isdigit():
        try:
            thursday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 4)
        except ValueError:
            return None
        return f"{thursday.year:04d}-{thursday.month:02d}"
    parts = date_parts(value)
    return f"{parts[0]}-{parts[1]}" if len(parts) >= 2 else None


__all__ = ["COMMON_NAME_FACTS", "as_record", "date_undated", "facts_sharing_names",
           "index_facts", "undated_contexts", "window_month"]
