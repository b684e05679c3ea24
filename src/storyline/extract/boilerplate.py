"""Separating article lines from scraped junk, keeping a record of every line removed.

Input is a list of :class:`Line` (the decoded text's lines with their numbers);
output is the kept lines plus one :class:`BoilerplateLine` per removed line,
each with the reason label of the rule in :mod:`storyline.extract.patterns`
that matched it.  Nothing is dropped without a record.

The end of the article: scraped pages often close with "You may also like" or
"Leave a Comment" followed by teasers for unrelated stories.  A marker ends the
article only when what follows looks like teasers — shorter in total than the
article before it, and without any long paragraph — so real text is not cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract.patterns import BOILERPLATE_RULES, END_MARKERS
from storyline.model import BoilerplateLine

MAX_JUNK_WORDS = 40  # a longer line is prose, whatever words it starts with
MIN_ARTICLE_WORDS = 30  # words before an end marker for it to end anything
MAX_TEASER_WORDS = 80  # a paragraph after the marker longer than this is article text
AFTER_ARTICLE_END = "after-article-end"

_MD_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_MD_CODE = re.compile(r"`([^`]*)`")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_BULLET = re.compile(r"^\s{0,3}[*+-]\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of decoded input: its 0-based number (-1 when unknown) and text."""

    number: int
    text: str
    heading: bool = False  # was a Markdown heading


def strip_markdown(lines: list[Line]) -> tuple[list[Line], list[BoilerplateLine]]:
    """Markdown markup to plain text; image-only lines become removed records."""
    out: list[Line] = []
    removed: list[BoilerplateLine] = []
    for line in lines:
        text = line.text
        if _MD_IMAGE.match(text):
            removed.append(BoilerplateLine(text.strip(), "image", line.number))
            out.append(Line(line.number, ""))
            continue
        heading = _MD_HEADING.match(text)
        if heading:
            text = heading.group(2)
        text = _MD_QUOTE.sub("", text)
        text = _MD_BULLET.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
        text = _MD_STRONG.sub(r"\2", text)
        text = _MD_EM.sub(r"\2", text)
        text = _MD_CODE.sub(r"\1", text)
        out.append(Line(line.number, text.rstrip(), heading=bool(heading) or line.heading))
    return out, removed


def classify(text: str) -> str | None:
    """The reason label if ``text`` (one line) is junk, else None."""
    stripped = text.strip()
    if not stripped or len(stripped.split()) > MAX_JUNK_WORDS:
        return None
    for reason, pattern in BOILERPLATE_RULES:
        if pattern.search(stripped):
            return reason
    return None


def is_end_marker(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and any(pattern.match(stripped) for pattern in END_MARKERS)


def remove_boilerplate(lines: list[Line]) -> tuple[list[Line], list[BoilerplateLine]]:
    """Split ``lines`` into article lines and removed junk records (in input order)."""
    reasons = [classify(line.text) for line in lines]
    end = _article_end(lines, reasons)
    kept: list[Line] = []
    removed: list[BoilerplateLine] = []
    for index, (line, reason) in enumerate(zip(lines, reasons)):
        if end is not None and index > end and reason is None and line.text.strip():
            reason = AFTER_ARTICLE_END
        if reason is None:
            if end is None or index <= end:
                kept.append(line)
        else:
            removed.append(BoilerplateLine(line.text.strip(), reason, line.number))
    return kept, removed


def _article_end(lines: list[Line], reasons: list[str | None]) -> int | None:
    words = [len(line.text.split()) if reason is None else 0 for line, reason in zip(lines, reasons)]
    total = sum(words)
    before = 0
    for index, line in enumerate(lines):
        if is_end_marker(line.text) and before >= MIN_ARTICLE_WORDS:
            after = total - before - words[index]
            longest_after = max(words[index + 1:], default=0)
            if after < before and longest_after <= MAX_TEASER_WORDS:
                return index
        before += words[index]
    return None


def join_lines(lines: list[Line]) -> str:
    """Kept lines back to text: paragraphs separated by one blank line, no stray spaces."""
    text = "\n".join(re.sub(r"[ ]{2,}", " ", line.text).strip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
