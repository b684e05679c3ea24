""""Key numbers": one sentence per fused number chain (a ``number-evolution`` or
``number-conflict`` contradiction), its figures in the order they were first reported.

A restated figure adds its sources to the step that first gave it; a vaguer lower bound
below a figure already given ("hundreds of thousands" after "more than 300,000") is no
change and is left out. Sums of money are listed as cited, never as one figure growing:
the same currency is often used for different things (trade, payments, aid).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from storyline.views.briefing_composer import Composer
from storyline.views.briefing_records import BriefSentence
from storyline.views.briefing_text import flat, in_range, short_day

NUMBER_KINDS = ("number-evolution", "number-conflict")
_LOWER_BOUNDS = (">", ">=")
_POINT = ("~", "=", None)  # bounds under which equal values are one figure

Step = tuple[str, Mapping[str, Any], list[str]]  # seen, chain step, article ids


def _steps(composer: Composer, contradiction: Mapping[str, Any],
           claims: Mapping[str, Mapping[str, Any]], start: date | None,
           end: date | None) -> list[Step]:
    """The chain's dated steps within the range, sorted, repeats folded."""
    steps: list[Step] = []
    for step in contradiction.get("chain") or ():
        seen = step.get("seen")
        claim = claims.get(str(step.get("claim_id")))
        if not seen or claim is None or not in_range(seen, start, end):
            continue
        cited = list(composer.order(claim.get("sources") or ()))
        if cited:
            steps.append((str(seen), step, cited))
    steps.sort(key=lambda s: (s[0], float(s[1].get("value") or 0)))
    folded: list[Step] = []
    highest = float("-inf")
    for seen, step, sources in steps:
        value, bound = float(step.get("value") or 0), step.get("bound")
        earlier = next((item for item in folded if float(item[1].get("value") or 0) == value
                        and (item[1].get("bound") == bound
                             or (bound in _POINT and item[1].get("bound") in _POINT))), None)
        if earlier is not None:
            earlier[2].extend(a for a in sources if a not in earlier[2])
            continue
        if bound in _LOWER_BOUNDS and value < highest:
            continue
        highest = max(highest, value)
        folded.append((seen, step, sources))
    return folded


def _figure(step: Mapping[str, Any]) -> str:
    """The figure as the article wrote it, with its unit when the article left it off."""
    text = flat(step.get("text"))
    unit = flat(step.get("unit"))
    if unit and not any(ch.isalpha() for ch in text) and not unit.isupper():
        text = f"{text} {unit}"
    return text


def chain_sentence(composer: Composer, contradiction: Mapping[str, Any],
                   claims: Mapping[str, Mapping[str, Any]], start: date | None,
                   end: date | None) -> BriefSentence | None:
    """'The X estimate grew from A (date, outlet) to B (date, outlet).'"""
    folded = _steps(composer, contradiction, claims, start, end)
    if len(folded) < 2:
        return None

    def phrase(item: Step) -> str:
        seen, step, sources = item
        return f"{_figure(step)} ({short_day(seen)}, {composer.outlet_of(sources)})"

    measure = str(contradiction.get("measure") or "")
    if measure.startswith("money"):
        currency = measure.partition(":")[2]
        text = (f"Sums cited{' in ' + currency if currency else ''}: "
                + "; ".join(phrase(item) for item in folded) + ".")
    else:
        values = [float(item[1].get("value") or 0) for item in folded]
        if contradiction.get("kind") == "number-conflict":
            verb = "differed"
        elif values == sorted(values):
            verb = "grew"
        elif values == sorted(values, reverse=True):
            verb = "shrank"
        else:
            verb = "moved"
        subject = f"The {measure.split(':')[0].replace('-', ' ')} estimate" if measure else "The estimate"
        text = f"{subject} {verb} from {phrase(folded[0])}"
        if len(folded) > 2:
            text += ", through " + ", ".join(phrase(item) for item in folded[1:-1]) + ","
        text += f" to {phrase(folded[-1])}."
    citations = composer.order(a for item in folded for a in item[2])
    return BriefSentence(text=text, citations=citations, single_source=composer.single(citations),
                         kind="numbers", record_id=contradiction.get("id"), date=folded[-1][0])


def number_sentences(composer: Composer, contradictions: Iterable[Mapping[str, Any]],
                     claims_by_id: Mapping[str, Mapping[str, Any]], story_claim_ids: set[str],
                     start: date | None, end: date | None, limit: int) -> list[BriefSentence]:
    """Up to ``limit`` chains touching the story's claims."""
    numbers: list[BriefSentence] = []
    for contradiction in contradictions:
        if len(numbers) >= limit:
            break
        if contradiction.get("kind") not in NUMBER_KINDS:
            continue
        if not story_claim_ids & {str(i) for i in contradiction.get("claim_ids") or ()}:
            continue
        sentence = chain_sentence(composer, contradiction, claims_by_id, start, end)
        if sentence is not None:
            numbers.append(sentence)
    return numbers


__all__ = ["chain_sentence", "number_sentences"]
