"""The TimeLine (SemEval-2015 Task 4) scorers and readers, on small hand-made timelines:
the task's temporal-awareness metric (graph, closure, reduction), the task's file format,
and the earlier simplified scorer kept alongside."""

from __future__ import annotations

import pytest

from storyline.evaluation.timeline import (
    _Candidate,
    event_key,
    normalise_date,
    read_cat_document,
    read_gold_timelines,
    read_text_sentences,
    target_aliases,
    timeline_lines,
)
from storyline.evaluation.timeline_scoring import (
    BEFORE,
    SIMULTANEOUS,
    TemporalGraph,
    awareness_counts,
    format_timeline,
    read_timeline_file,
    reduce_relations,
    score_timeline_folders,
    simplified_counts,
    simplified_reduced_relations,
    timeline_relations,
)

# order, date, coreferent mentions (one line = one event)
GOLD = [
    (0, None, ("10-3-said",)),
    (1, "2020-01-05", ("10-1-opened", "11-2-opened")),
    (2, "2020-02", ("10-4-closed",)),
]
OPENED, OPENED_11, CLOSED = "e:10-1-opened", "e:11-2-opened", "e:10-4-closed"
JANUARY, FEBRUARY = "t:2020-01-05", "t:2020-02"


# --- temporal awareness ------------------------------------------------------------------------


def test_the_task_graph_of_a_timeline():
    relations = timeline_relations(GOLD)
    assert (SIMULTANEOUS, OPENED, OPENED_11) in relations  # one line: coreferent mentions
    assert (BEFORE, OPENED, CLOSED) in relations  # consecutive orders
    assert (SIMULTANEOUS, CLOSED, FEBRUARY) in relations  # each event with its anchor
    assert not any("e:10-3-said" in r for r in relations)  # order 0, no date: no relation


def test_closure_composes_simultaneous_and_before():
    graph = TemporalGraph(timeline_relations([(1, "2001", ("a",)), (2, None, ("b", "b2")),
                                              (3, None, ("c",))]))
    assert graph.holds((BEFORE, "e:a", "e:c"))  # transitivity
    assert graph.holds((BEFORE, "t:2001", "e:b2"))  # a = 2001, a < b = b2
    assert graph.holds((SIMULTANEOUS, "e:b2", "e:b"))  # symmetric
    assert not graph.holds((BEFORE, "e:c", "e:a"))
    assert not graph.holds((BEFORE, "e:a", "e:unknown"))
    closure = graph.closure()
    assert (BEFORE, "e:a", "e:c") in closure and (SIMULTANEOUS, "e:a", "t:2001") in closure


def test_reduction_keeps_what_the_rest_does_not_imply():
    relations = timeline_relations(GOLD)
    reduced = reduce_relations(relations)
    # the line's SIMULTANEOUS link follows from both mentions' anchors to 2020-01-05
    assert (SIMULTANEOUS, OPENED, OPENED_11) not in reduced
    assert sorted(reduced) == sorted([(BEFORE, OPENED, CLOSED), (SIMULTANEOUS, OPENED, JANUARY),
                                      (SIMULTANEOUS, OPENED_11, JANUARY),
                                      (SIMULTANEOUS, CLOSED, FEBRUARY)])
    chain = [(1, None, ("a",)), (2, None, ("b",)), (3, None, ("c",))]
    extra = timeline_relations(chain) + [(BEFORE, "e:a", "e:c")]
    assert (BEFORE, "e:a", "e:c") not in reduce_relations(extra)


def test_positions_sharing_a_date_are_both_simultaneous_and_ordered():
    # The official graph links both events to one TIMEX3: the closure holds the conflict.
    graph = TemporalGraph(timeline_relations([(1, "2005", ("a",)), (2, "2005", ("b",))]))
    assert graph.holds((SIMULTANEOUS, "e:a", "e:b")) and graph.holds((BEFORE, "e:a", "e:b"))


def test_identical_timelines_score_one():
    hits, n_system, recall_hits, n_gold = awareness_counts(GOLD, GOLD)
    assert hits == n_system == recall_hits == n_gold == 4


def test_wrong_order_and_dates_cost_precision_and_recall():
    system = [(1, "2020-02", ("10-4-closed",)), (2, "2020-01-05", ("10-1-opened",)),
              (2, "2020-01-05", ("99-1-invented",))]
    # system reduced: BEFORE(closed, opened) wrong, anchors of closed and opened right,
    # the invented event's anchor wrong; gold reduced: BEFORE(opened, closed) missed,
    # anchors of opened and closed found, 11-2-opened missing
    assert awareness_counts(GOLD, system) == (2, 4, 2, 4)


def test_dates_compare_at_the_precision_given_and_unknown_dates_anchor_nothing():
    assert awareness_counts([(1, "2007-09-XX", ("a",))], [(1, "2007-09", ("a",))]) == (1, 1, 1, 1)
    assert timeline_relations([(1, "XXXX-XX-XX", ("a",)), (2, "XXX-XX-XX", ("b",))]) == [
        (BEFORE, "e:a", "e:b")]


def test_event_ids_compare_exactly_apart_from_case():
    assert awareness_counts([(1, "2010", ("5-2-court_case",))],
                            [(1, "2010", ("5-2-court",))]) == (0, 1, 0, 1)
    assert awareness_counts([(1, "2010", ("5-2-Filed",))], [(1, "2010", ("5-2-filed",))])[0] == 1


def test_empty_system_scores_nothing():
    assert awareness_counts(GOLD, []) == (0, 0, 0, 4)


# --- the task's file format --------------------------------------------------------------------


def test_files_round_trip_and_score_as_the_task_tool_does(tmp_path):
    gold_folder, system_folder = tmp_path / "gold", tmp_path / "system"
    gold_folder.mkdir()
    system_folder.mkdir()
    (gold_folder / "shops.txt").write_text(format_timeline("Shops", GOLD), encoding="utf-8")
    (gold_folder / "banks.txt").write_text(format_timeline("Banks", GOLD), encoding="utf-8")
    text = format_timeline("Shops", list(reversed(GOLD)))
    assert text.splitlines() == ["Shops", "0\tXXXX-XX-XX\t10-3-said",
                                 "1\t2020-01-05\t10-1-opened\t11-2-opened",
                                 "2\t2020-02\t10-4-closed"]
    (system_folder / "shops.txt").write_text(text, encoding="utf-8")
    assert read_timeline_file(system_folder / "shops.txt") == ("Shops", [
        (0, "XXXX-XX-XX", ("10-3-said",)), (1, "2020-01-05", ("10-1-opened", "11-2-opened")),
        (2, "2020-02", ("10-4-closed",))])
    scores = score_timeline_folders(gold_folder, system_folder)
    assert scores["per_timeline"]["shops"]["f1"] == 1.0
    assert scores["per_timeline"]["banks"]["f1"] == 0.0  # no system file
    assert scores["precision"] == 1.0 and scores["recall"] == 0.5


def test_system_lines_share_orders_by_date_in_document_order():
    candidates = [
        _Candidate("20-3-sold", "2008-02", "20", 90, "2008-02-20"),
        _Candidate("20-1-launched", "2008-02", "20", 10, "2008-02-20"),
        _Candidate("7-4-said", None, "7", 40, "2007-01-01"),
        _Candidate("7-2-opened", "2007", "7", 5, "2007-01-01"),
        _Candidate("7-2-opened", "2007", "7", 5, "2007-01-01"),  # said twice: one line
    ]
    assert timeline_lines(candidates) == [(0, None, ("7-4-said",)), (1, "2007", ("7-2-opened",)),
                                          (2, "2008-02", ("20-1-launched",)),
                                          (2, "2008-02", ("20-3-sold",))]


# --- the simplified scorer ---------------------------------------------------------------------

SIMPLE_GOLD = [(0, None, "10-3-said"), (1, "2020-01-05", "10-1-opened"),
               (1, "2020-01-05", "11-2-opened"), (2, "2020-02", "10-4-closed")]


def test_simplified_scorer():
    assert simplified_counts(SIMPLE_GOLD, SIMPLE_GOLD) == (5, 5, 5, 5)
    relations = simplified_reduced_relations(SIMPLE_GOLD)
    assert ("sim", "10-1-opened", "11-2-opened") in relations
    assert not any("10-3-said" in r for r in relations)
    system = [(1, "2020-02", "10-4-closed"), (2, "2020-01-05", "10-1-opened"),
              (2, "2020-01-05", "99-1-invented")]
    assert simplified_counts(SIMPLE_GOLD, system) == (2, 5, 2, 5)
    assert simplified_counts(SIMPLE_GOLD, []) == (0, 0, 0, 5)


# --- readers and helpers -----------------------------------------------------------------------


def test_helpers():
    assert normalise_date("2007-09-XX") == "2007-09"
    assert normalise_date("XXXX-XX-XX") is None
    assert normalise_date("2010-06-07T10:00") == "2010-06-07"
    assert event_key("16844-5-Taking_out") == "16844-5-taking"
    assert "jobs" in target_aliases("Steve Jobs")
    assert "itunes" in target_aliases("iTunes store")
    assert "apple corps" in target_aliases("Beatles Apple Corps")
    assert {"apple inc", "apple"} <= set(target_aliases("Apple Inc."))
    assert target_aliases("iPhone 4") == ("iphone 4",)


def test_readers(tmp_path):
    cat = tmp_path / "77-Example.xml"
    cat.write_text(
        '<?xml version="1.0" ?><Document doc_id="77" doc_name="77-Example">\n'
        '<token number="0" sentence="0" t_id="1">Shops</token>\n'
        '<token number="1" sentence="0" t_id="2">opened</token>\n'
        '<token number="2" sentence="0" t_id="3">.</token>\n'
        '<token number="3" sentence="1" t_id="4">Buyers</token>\n'
        '<token number="4" sentence="1" t_id="5">(</token>\n'
        '<token number="5" sentence="1" t_id="6">many</token>\n'
        '<token number="6" sentence="1" t_id="7">)</token>\n'
        '<token number="7" sentence="1" t_id="8">queued</token>\n'
        '<Markables><TIMEX3 functionInDocument="CREATION_TIME" m_id="9" type="DATE" '
        'value="2021-03-04"></TIMEX3></Markables></Document>', encoding="utf-8")
    document = read_cat_document(cat)
    assert document.doc_id == "77" and document.dct == "2021-03-04"
    assert document.text == "Shops opened.\nBuyers (many) queued"
    start, end, sentence, word = document.tokens[-1]
    assert document.text[start:end] == word == "queued" and sentence == 1
    tml = tmp_path / "77-Example.tml"
    tml.write_text('<TimeML><EXTRAINFO>Shops opened .</EXTRAINFO><TEXT><s id="1">Buyers ( many ) '
                   '<EVENT eid="e1">queued</EVENT></s></TEXT></TimeML>', encoding="utf-8")
    assert read_text_sentences(tml) == frozenset({1})
    folder = tmp_path / "timelines"
    folder.mkdir()
    (folder / "shops.txt").write_text("Shops\n0\tXXXX-XX-XX\t77-1-queued\n"
                                      "1\t2021-03-04\t77-0-opened\t78-2-opening\n",
                                      encoding="utf-8")
    (timeline,) = read_gold_timelines(folder)
    assert timeline.target == "Shops"
    assert timeline.entries[1] == (1, "2021-03-04", ("77-0-opened", "78-2-opening"))


@pytest.mark.slow
def test_pronouns_and_generic_phrases_find_their_antecedents():
    from storyline.evaluation.timeline import antecedents
    from storyline.language.nlp import get_nlp

    doc = get_nlp()("Steve Jobs unveiled the Zephyr 9 on Monday. He said that the device "
                    "was launched in May and that it sold well.")
    resolved = antecedents(doc, ["zephyr 9"])
    by_word = {doc[i].lower_: text for i, text in resolved.items()}
    assert by_word["he"] == "Steve Jobs"
    assert by_word["it"] == "Zephyr 9"
    assert by_word["device"] == "Zephyr 9"
