"""The simplified TimeLine (SemEval-2015 Task 4) scorer and its readers, on made-up data."""

from __future__ import annotations

from storyline.evaluation.timeline import (
    event_key,
    normalise_date,
    read_cat_document,
    read_gold_timelines,
    reduced_relations,
    score_timeline,
    target_aliases,
)

GOLD = [
    (0, None, "10-3-said"),
    (1, "2020-01-05", "10-1-opened"),
    (1, "2020-01-05", "11-2-opened"),  # the same event in another document
    (2, "2020-02", "10-4-closed"),
]


def test_identical_timelines_score_one():
    hits, system, recall_hits, gold = score_timeline(GOLD, GOLD)
    assert hits == system and recall_hits == gold
    # 3 anchors, one SIMULTANEOUS link, one BEFORE link; position 0 takes no order relation
    assert gold == 5


def test_reduced_graph_shape():
    relations = reduced_relations(GOLD)
    assert ("sim", "10-1-opened", "11-2-opened") in relations
    assert ("before", "10-1-opened", "10-4-closed") in relations
    assert ("in", "10-4-closed", "2020-02") in relations
    assert not any("10-3-said" in r for r in relations)


def test_wrong_order_and_dates_cost_precision_and_recall():
    system = [(1, "2020-02", "10-4-closed"), (2, "2020-01-05", "10-1-opened"),
              (2, "2020-01-05", "99-1-invented")]
    hits, n_system, recall_hits, n_gold = score_timeline(GOLD, system)
    # right: the anchors of closed and opened; wrong: BEFORE(closed, opened), the SIM
    # with an invented event, the invented event's anchor
    assert (hits, n_system) == (2, 5)
    assert (recall_hits, n_gold) == (2, 5)


def test_empty_system_scores_nothing():
    assert score_timeline(GOLD, []) == (0, 0, 0, 5)


def test_helpers():
    assert normalise_date("2007-09-XX") == "2007-09"
    assert normalise_date("XXXX-XX-XX") is None
    assert normalise_date("2010-06-07T10:00") == "2010-06-07"
    assert event_key("16844-5-Taking_out") == "16844-5-taking"
    assert "jobs" in target_aliases("Steve Jobs")
    assert "itunes" in target_aliases("iTunes store")
    assert "apple corps" in target_aliases("Beatles Apple Corps")
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
    folder = tmp_path / "timelines"
    folder.mkdir()
    (folder / "shops.txt").write_text("Shops\n0\tXXXX-XX-XX\t77-1-queued\n"
                                      "1\t2021-03-04\t77-0-opened\t78-2-opening\n",
                                      encoding="utf-8")
    (timeline,) = read_gold_timelines(folder)
    assert timeline.target == "Shops"
    assert timeline.entries[1] == (1, "2021-03-04", ("77-0-opened", "78-2-opening"))
