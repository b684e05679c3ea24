"""The GraphML export: entities and events as nodes, for Gephi, Cytoscape or networkx.

Edges: ``participates`` (entity -> event, when one of the event's participants or its
place names the entity or one of its aliases) and ``co-occurs`` (entity -- entity, weight =
articles both appear in). Every key is declared; all text is XML-escaped and characters
XML 1.0 forbids (control characters) are dropped, so any article text gives a valid file.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from storyline.store.base import Store
from storyline.views.export_formats.common import EntityMatcher

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# (id, applies to, name, GraphML type)
KEYS = (
    ("label", "node", "label", "string"),
    ("node_type", "node", "node_type", "string"),  # entity | event
    ("kind", "node", "kind", "string"),  # entity label (PERSON…) or event type
    ("mention_count", "node", "mention_count", "int"),
    ("article_count", "node", "article_count", "int"),
    ("aliases", "node", "aliases", "string"),
    ("date", "node", "date", "string"),
    ("status", "node", "status", "string"),
    ("relation", "edge", "relation", "string"),  # participates | co-occurs
    ("weight", "edge", "weight", "double"),
)


def xml_text(value: Any) -> str:
    return escape(_XML_FORBIDDEN.sub("", str(value)))


def xml_attribute(value: Any) -> str:
    # Newlines and tabs as character references: a parser would fold them to spaces.
    return quoteattr(_XML_FORBIDDEN.sub("", str(value)),
                     {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _data(out: IO[str], key: str, value: Any) -> None:
    if value is None or value == "":
        return
    out.write(f'      <data key="{key}">{xml_text(value)}</data>\n')


def graph_edges(
    entities: list[dict[str, Any]], events: list[dict[str, Any]]
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(entity, event, 1) participation and (entity, entity, shared articles) co-occurrence."""
    matcher = EntityMatcher(entities)
    participation: list[tuple[str, str, int]] = []
    for event in events:
        named: set[str] = set()
        for participant in [*(event.get("participants") or ()), event.get("place") or ""]:
            text = participant if isinstance(participant, str) else str(participant.get("text", ""))
            named |= matcher.entities_in(text)
        participation += [(entity_id, str(event["id"]), 1) for entity_id in sorted(named)]
    by_article: dict[str, list[str]] = {}
    for entity in entities:
        for article_id in entity.get("article_ids") or ():
            by_article.setdefault(article_id, []).append(str(entity["id"]))
    shared: Counter[tuple[str, str]] = Counter()
    for ids in by_article.values():
        shared.update(combinations(sorted(set(ids)), 2))
    co_occurrence = [(a, b, weight) for (a, b), weight in sorted(shared.items())]
    return participation, co_occurrence


def write_graphml(store: Store, out: IO[str]) -> int:
    """Write the graph to ``out``; returns the number of nodes."""
    entities = store.fused("entity")
    events = store.fused("event")
    participation, co_occurrence = graph_edges(entities, events)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for key_id, domain, name, kind in KEYS:
        out.write(f'  <key id="{key_id}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('  <graph id="storyline" edgedefault="undirected">\n')
    for entity in entities:
        out.write(f'    <node id={xml_attribute(entity["id"])}>\n')
        _data(out, "label", entity.get("name"))
        _data(out, "node_type", "entity")
        _data(out, "kind", entity.get("label"))
        _data(out, "mention_count", entity.get("mention_count"))
        _data(out, "article_count", len(entity.get("article_ids") or ()))
        _data(out, "aliases", "; ".join(str(a) for a in entity.get("aliases") or ()))
        out.write("    </node>\n")
    for event in events:
        out.write(f'    <node id={xml_attribute(event["id"])}>\n')
        _data(out, "label", event.get("label") or event.get("event_type"))
        _data(out, "node_type", "event")
        _data(out, "kind", event.get("event_type"))
        _data(out, "mention_count", len(event.get("mentions") or ()))
        _data(out, "article_count", len(event.get("article_ids") or ()))
        _data(out, "date", event.get("date"))
        _data(out, "status", event.get("status"))
        out.write("    </node>\n")
    number = 0
    for relation, edges in (("participates", participation), ("co-occurs", co_occurrence)):
        for source, target, weight in edges:
            out.write(f'    <edge id="e{number}" source={xml_attribute(source)} '
                      f'target={xml_attribute(target)}>\n')
            _data(out, "relation", relation)
            _data(out, "weight", float(weight))
            out.write("    </edge>\n")
            number += 1
    out.write("  </graph>\n</graphml>\n")
    return len(entities) + len(events)


__all__ = ["KEYS", "graph_edges", "write_graphml", "xml_attribute", "xml_text"]
