""""Who says what": accusations with the denials they meet (one paragraph per exchange),
then the best-sourced named statements; and the claims of "new since"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.views.briefing_composer import Composer
from storyline.views.briefing_records import BriefingOptions, BriefSentence
from storyline.views.briefing_text import speaker_name

Claim = Mapping[str, Any]


def _by_sources(claim: Claim) -> tuple[int, int, str]:
    return (-int(claim.get("independent_source_count") or 0),
            -int(claim.get("raw_source_count") or 0), str(claim.get("first_seen") or "9999"))


def claim_sentences(composer: Composer, claims: Sequence[Claim], options: BriefingOptions,
                    claims_by_id: Mapping[str, Claim]) -> list[BriefSentence]:
    """Exchanges (an accusation and the first denial of it not told yet), then statements."""
    story_claim_ids = {str(c.get("id")) for c in claims}
    said: list[BriefSentence] = []
    used: set[str] = set()
    exchanges = 0
    for accusation in sorted((c for c in claims if c.get("stance") == "accuse"), key=_by_sources):
        if exchanges >= options.max_exchanges:
            break
        denials = [claims_by_id[i] for i in accusation.get("contradicts") or ()
                   if i in claims_by_id and i in story_claim_ids
                   and claims_by_id[i].get("stance") == "deny" and i not in used]
        if not denials:
            continue
        first = composer.claim_sentence(accusation, "accusation",
                                        composer.accusation_lead(accusation), opens_paragraph=True)
        if first is None:
            continue
        used.add(str(accusation.get("id")))
        said.append(first)
        for denial in denials:
            reply = composer.claim_sentence(denial, "denial", composer.denial_lead(denial))
            used.add(str(denial.get("id")))
            if reply is not None:
                said.append(reply)
                break
        exchanges += 1
    statements = sorted(
        (c for c in claims if str(c.get("id")) not in used and c.get("stance") in ("assert", "deny")
         and speaker_name(c.get("speaker"))),
        key=_by_sources,
    )
    added = 0
    for claim in statements:
        if added >= options.max_statements:
            break
        sentence = composer.claim_sentence(claim, "statement", composer.statement_lead(claim),
                                           opens_paragraph=added == 0)
        if sentence is not None:
            said.append(sentence)
            added += 1
    return said


def new_claim_sentences(composer: Composer, claims: Sequence[Claim], floor: str,
                        limit: int) -> list[BriefSentence]:
    """Named claims first made on or after ``floor`` (ISO date), citing only the articles
    published since."""

    def recent(article_id: str) -> bool:
        return (composer.published(article_id) or "") >= floor

    fresh = sorted(
        (dict(c, sources=[a for a in c.get("sources") or () if recent(a)],
              evidence=[e for e in c.get("evidence") or () if recent(str(e.get("article_id")))])
         for c in claims if c.get("stance") in ("assert", "accuse", "deny", "pledge")
         and speaker_name(c.get("speaker"))),
        key=_by_sources,
    )
    sentences: list[BriefSentence] = []
    for claim in fresh:
        if len(sentences) >= limit:
            break
        if not claim["sources"]:
            continue
        accusation = claim.get("stance") == "accuse"
        lead = composer.accusation_lead(claim) if accusation else composer.statement_lead(claim)
        sentence = composer.claim_sentence(claim, "accusation" if accusation else "statement", lead)
        if sentence is not None:
            sentences.append(sentence)
    return sentences


__all__ = ["claim_sentences", "new_claim_sentences"]
