"""The Markdown report: counts, timeline, claims, contradictions, copy groups, articles.

Article text is untrusted: :func:`md_text` makes any string inert in CommonMark/GFM —
``<``, ``>`` and ``&`` become entities (no raw HTML), inline markup characters and ``|``
are backslash-escaped (no emphasis, links, code or broken tables), and a leading ``#``,
``-``, ``+``, ``=`` or ``1.`` cannot start a heading or a list. Newlines become spaces so a
value stays in its table cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import IO, Any

from storyline import __version__
from storyline.store.base import Store
from storyline.views.export import iter_article_records
from storyline.views.export_formats.common import dated_timeline, group_index

_INLINE = re.compile(r"([\\`*_\[\]{}|~!])")
_LEADING_MARK = re.compile(r"^(\s*)([#+=-])")
_LEADING_NUMBER = re.compile(r"^(\s*\d+)([.)])")
MAX_CELL = 300


def md_text(value: Any, limit: int | None = MAX_CELL) -> str:
    """``value`` as inert Markdown inline text on one line."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    # Only ASCII punctuation can be backslash-escaped: "1\." (not "\1.") stops a list.
    text = _LEADING_MARK.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _LEADING_NUMBER.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_table(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    out.write("| " + " | ".join(md_text(h) for h in header) + " |\n")
    out.write("|" + "---|" * len(header) + "\n")
    count = 0
    for row in rows:
        out.write("| " + " | ".join(md_text(cell) or " " for cell in row) + " |\n")
        count += 1
    out.write("\n")
    return count


_ARTICLE_FIELDS = ("id", "title", "outlet", "published", "published_source", "relation",
                   "copy_of", "group_id")


def _article_lines(store: Store) -> Iterable[dict[str, Any]]:
    """The articles' listed fields (not their texts, so a big store is not held in memory)."""
    for record in iter_article_records(store):
        yield {name: record[name] for name in _ARTICLE_FIELDS}


def _when(entry: Any) -> str:
    return f"{entry.date} … {entry.end_date}" if entry.end_date else str(entry.date)


def write_markdown(store: Store, out: IO[str], *, title: str = "storyline report") -> int:
    """Write the report to ``out``; returns the number of articles listed."""
    group_of = group_index(store)
    timeline = dated_timeline(store, group_of)
    claims = sorted(store.fused("claim"), key=lambda c: (
        -int(c.get("independent_source_count") or 0), -int(c.get("raw_source_count") or 0),
        str(c["id"])))
    contradictions = store.fused("contradiction")
    groups = store.groups(min_size=2)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    out.write(f"# {md_text(title)}\n\n")
    out.write(f"Generated {generated} by storyline {__version__}.\n\n")
    out.write("## Counts\n\n")
    md_table(out, ("what", "count"), [
        ("articles", len(group_of)),
        ("independent sources (duplicate groups)", len(set(group_of.values()))),
        ("copy groups (2+ articles)", len(groups)),
        ("entities", len(store.fused("entity"))),
        ("events", len(store.fused("event"))),
        ("dated events", len(timeline)),
        ("claims", len(claims)),
        ("contradictions", len(contradictions)),
    ])

    out.write("## Timeline\n\n")
    md_table(out, ("date", "type", "what happened", "status", "independent sources",
                   "articles", "event"), (
        (_when(e), e.event_type, e.summary, e.status, e.independent_source_count,
         len(e.sources), e.event_id or "") for e in timeline))

    out.write("## Claims\n\n")
    md_table(out, ("speaker", "stance", "claim", "independent sources", "raw sources",
                   "first seen", "claim id"), (
        (c.get("speaker"), c.get("stance"), c.get("content"), c.get("independent_source_count"),
         c.get("raw_source_count"), c.get("first_seen"), c["id"]) for c in claims))

    out.write("## Contradictions\n\n")
    if not contradictions:
        out.write("None found.\n\n")
    for contradiction in contradictions:
        claim_ids = ", ".join(str(i) for i in contradiction.get("claim_ids") or ())
        out.write(f"* **{md_text(contradiction.get('kind'))}** ({md_text(contradiction['id'])}): "
                  f"{md_text(contradiction.get('detail'), None)} — claims {md_text(claim_ids)}\n")
    out.write("\n## Copy groups\n\n")
    if not groups:
        out.write("No article was copied.\n\n")
    for group in groups:
        copies = ", ".join(m for m in group.member_ids if m != group.original_id)
        out.write(f"* {md_text(group.id)}: original {md_text(group.original_id)}; "
                  f"copies {md_text(copies)}\n")

    out.write("\n## Articles\n\n")
    rows = (
        (a["published"] or "undated", a["published_source"], a["title"] or "(untitled)",
         a["outlet"], a["relation"] + (f" of {a['copy_of']}" if a["copy_of"] else ""),
         a["group_id"], a["id"])
        for a in sorted(_article_lines(store),
                        key=lambda a: (a["published"] is None, a["published"] or "", a["id"]))
    )
    return md_table(out, ("published", "how found", "title", "outlet", "relation", "group", "id"),
                    rows)


__all__ = ["md_table", "md_text", "write_markdown"]
