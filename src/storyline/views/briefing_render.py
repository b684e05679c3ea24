"""Rendering a :class:`~storyline.views.briefing_records.Briefing` as Markdown or as one
self-contained HTML page. Sections are paragraphs of prose; each sentence is followed by
its citation marks and, when it rests on one independent source, by ``(single source)``.
Article content is untrusted: the HTML escapes every value."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from storyline.views.briefing_text import SINGLE_SOURCE, flat

if TYPE_CHECKING:
    from storyline.views.briefing_records import Briefing

_STYLE = ("body{font:16px/1.55 system-ui,sans-serif;max-width:46em;margin:2em auto;"
          "padding:0 1em;color:#222}sup a{text-decoration:none}.single{color:#a05a00;"
          "font-size:.9em}.note{color:#555}")


def coverage_line(briefing: Briefing) -> str | None:
    if not briefing.first_date:
        return None
    return (f"Coverage from {briefing.first_date} to {briefing.last_date}; "
            f"{len(briefing.sources)} source article(s).")


def rewrite_note(briefing: Briefing) -> str | None:
    if not briefing.rewritten_by:
        return None
    return (f"Reworded for fluency by {briefing.rewritten_by}; every sentence was checked "
            "against the articles it cites.")


def briefing_markdown(briefing: Briefing) -> str:
    lines = [f"# Briefing: {flat(briefing.title)}", ""]
    for note in (coverage_line(briefing), rewrite_note(briefing)):
        if note:
            lines += [f"_{note}_", ""]
    for section in briefing.sections:
        lines += [f"## {section.heading}", ""]
        if not section.sentences:
            lines += ["_Nothing to report._", ""]
            continue
        for paragraph in section.paragraphs():
            words = []
            for sentence in paragraph:
                marks = "".join(f"[{n}]" for n in briefing.cited_numbers(sentence))
                single = f" {SINGLE_SOURCE}" if sentence.single_source else ""
                words.append(f"{flat(sentence.text)} {marks}{single}")
            lines += [" ".join(words), ""]
    lines += ["## Sources", ""]
    lines += [f"{s.number}. {flat(s.label())} (`{s.article_id}`)" for s in briefing.sources]
    return "\n".join(lines) + "\n"


def briefing_html(briefing: Briefing) -> str:
    esc = html.escape
    title = esc(flat(briefing.title))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Briefing: {title}</title>", f"<style>{_STYLE}</style>",
        "</head><body>", f"<h1>Briefing: {title}</h1>",
    ]
    for note in (coverage_line(briefing), rewrite_note(briefing)):
        if note:
            parts.append(f'<p class="note"><em>{esc(note)}</em></p>')
    for section in briefing.sections:
        parts.append(f"<h2>{esc(section.heading)}</h2>")
        if not section.sentences:
            parts.append("<p><em>Nothing to report.</em></p>")
            continue
        for paragraph in section.paragraphs():
            words = []
            for sentence in paragraph:
                marks = "".join(f'<sup><a href="#source-{n}">[{n}]</a></sup>'
                                for n in briefing.cited_numbers(sentence))
                single = (f' <span class="single">{esc(SINGLE_SOURCE)}</span>'
                          if sentence.single_source else "")
                words.append(f"{esc(flat(sentence.text))} {marks}{single}")
            parts.append(f"<p>{' '.join(words)}</p>")
    parts.append("<h2>Sources</h2><ol>")
    for source in briefing.sources:
        parts.append(f'<li id="source-{source.number}">{esc(flat(source.label()))} '
                     f"<code>{esc(source.article_id)}</code></li>")
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


__all__ = ["briefing_html", "briefing_markdown", "coverage_line", "rewrite_note"]
