"""Reads and writes TimeML documents (TempEval-3 style) for measuring the temporal tagger.

A TimeML file holds a creation time (``<DCT><TIMEX3 functionInDocument="CREATION_TIME">``)
and a ``<TEXT>`` element whose content is plain text interleaved with ``<EVENT>``,
``<TIMEX3>`` and other inline tags. Gold offsets are computed by walking that content
and stripping every tag, so they index the same plain text the tagger sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from storyline.errors import MalformedInput

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTRIBUTE = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DOCID = re.compile(r"<DOCID>\s*(.*?)\s*</DOCID>", re.S)


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold ``TIMEX3`` inside ``<TEXT>``, with offsets into the stripped text."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    doc_id: str
    subset: str  # the folder the file came from ("TimeBank", "AQUAINT")
    dct: date | None
    dct_value: str
    text: str  # the ``<TEXT>`` content with every tag stripped and entities decoded
    timexes: tuple[GoldTimex, ...]


def _attributes(raw: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(raw)}


def _parse_dct(value: str) -> date | None:
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _walk_text(content: str) -> tuple[str, tuple[GoldTimex, ...]]:
    """Strip tags from ``<TEXT>`` content, recording where each TIMEX3 starts and ends."""
    pieces: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    position = 0
    for match in _TAG.finditer(content):
        chunk = html.unescape(content[position : match.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = match.end()
        closing, name, raw_attributes, self_closing = match.groups()
        if name != "TIMEX3" or self_closing:
            continue
        if not closing:
            open_timex.append((length, _attributes(raw_attributes)))
        elif open_timex:
            start, attributes = open_timex.pop()
            text = "".join(pieces)[start:length]
            timexes.append(
                GoldTimex(
                    start=start,
                    end=length,
                    text=text,
                    type=attributes.get("type", ""),
                    value=attributes.get("value", ""),
                    mod=attributes.get("mod") or None,
                )
            )
    pieces.append(html.unescape(content[position:]))
    return "".join(pieces), tuple(sorted(timexes, key=lambda timex: timex.start))


def read_timeml(path: Path, subset: str = "") -> TimeMLDocument:
    """Parse one TimeML file; raises :class:`MalformedInput` when it has no ``<TEXT>``."""
    raw = path.read_text(encoding="utf-8")
    text_match = _TEXT.search(raw)
    if text_match is None:
        raise MalformedInput(f"{path.name}: no <TEXT> element", source=str(path))
    dct_match = _DCT.search(raw)
    dct_value = _attributes(dct_match.group(1)).get("value", "") if dct_match else ""
    doc_id_match = _DOCID.search(raw)
    text, timexes = _walk_text(text_match.group(1))
    return TimeMLDocument(
        doc_id=doc_id_match.group(1) if doc_id_match else path.stem,
        subset=subset or path.parent.name,
        dct=_parse_dct(dct_value),
        dct_value=dct_value,
        text=text,
        timexes=timexes,
    )


def read_corpus(root: Path) -> list[TimeMLDocument]:
    """Every ``*.tml`` under ``root`` (sorted, so runs are reproducible)."""
    return [read_timeml(path) for path in sorted(root.rglob("*.tml"))]


def write_timeml(
    path: Path,
    document: TimeMLDocument,
    tags: list[tuple[int, int, dict[str, str]]],
) -> None:
    """Write ``document`` with the given TIMEX3 tags (start, end, attributes) inline."""
    out: list[str] = []
    position = 0
    for start, end, attributes in sorted(tags, key=lambda tag: tag[0]):
        if start < position:  # overlapping system tags cannot nest in TimeML
            continue
        rendered = " ".join(f"{name}={quoteattr(value)}" for name, value in attributes.items())
        out.append(escape(document.text[position:start]))
        out.append(f"<TIMEX3 {rendered}>{escape(document.text[start:end])}</TIMEX3>")
        position = end
    out.append(escape(document.text[position:]))
    dct = (
        f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(document.dct_value)} '
        f'temporalFunction="false" functionInDocument="CREATION_TIME">'
        f"{escape(document.dct_value)}</TIMEX3></DCT>"
    )
    path.write_text(
        '<?xml version="1.0" ?>\n<TimeML>\n\n'
        f"<DOCID>{escape(document.doc_id)}</DOCID>\n\n{dct}\n\n<TEXT>{''.join(out)}</TEXT>\n\n"
        "</TimeML>\n",
        encoding="utf-8",
    )


__all__ = ["GoldTimex", "TimeMLDocument", "read_corpus", "read_timeml", "write_timeml"]
