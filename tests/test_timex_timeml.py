"""The TimeML reader/writer and the TempEval-3 scoring used to measure the tagger."""

from __future__ import annotations

from pathlib import Path

from storyline.evaluation.timeml import GoldTimex, read_timeml, write_timeml
from storyline.evaluation.timex import score_document
from storyline.language.evidence import Evidence
from storyline.language.timex import TimeExpression

SAMPLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>SAMPLE1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-04" temporalFunction="false"
 functionInDocument="CREATION_TIME">20010504</TIMEX3></DCT>
<TEXT>
Crews <EVENT eid="e1" class="OCCURRENCE">repaired</EVENT> the dam <TIMEX3 tid="t1"
 type="DATE" value="2001-05-03" temporalFunction="true" anchorTimeID="t0">yesterday</TIMEX3>
 &amp; will inspect it for <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_reader_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "TimeBank" / "SAMPLE1.tml"
    path.parent.mkdir()
    path.write_text(SAMPLE, encoding="utf-8")
    document = read_timeml(path)
    assert document.doc_id == "SAMPLE1"
    assert document.subset == "TimeBank"
    assert str(document.dct) == "2001-05-04"
    assert "&" in document.text and "<" not in document.text
    assert [(t.text, t.value) for t in document.timexes] == [("yesterday", "2001-05-03"),
                                                             ("two weeks", "P2W")]
    for timex in document.timexes:
        assert document.text[timex.start : timex.end] == timex.text


def test_writer_round_trips(tmp_path: Path) -> None:
    source = tmp_path / "in.tml"
    source.write_text(SAMPLE, encoding="utf-8")
    document = read_timeml(source)
    timex = document.timexes[0]
    target = tmp_path / "out.tml"
    write_timeml(target, document, [(timex.start, timex.end, {"tid": "t1", "type": "DATE",
                                                              "value": "2001-05-03"})])
    again = read_timeml(target)
    assert again.text == document.text
    assert [(t.text, t.value) for t in again.timexes] == [("yesterday", "2001-05-03")]


def _system(start: int, end: int, value: str, type_: str = "DATE") -> TimeExpression:
    return TimeExpression(Evidence("d", 0, start, end, "x" * (end - start)), type_, value, "day")


def test_scoring_strict_relaxed_and_value() -> None:
    gold = (
        GoldTimex(0, 9, "last week", "DATE", "2001-W17", None),
        GoldTimex(20, 29, "yesterday", "DATE", "2001-05-03", None),
        GoldTimex(40, 45, "today", "DATE", "2001-05-04", None),
    )
    system = (
        _system(0, 9, "2001-W17"),  # strict, right value
        _system(25, 29, "2001-05-02"),  # relaxed only, wrong value
        _system(60, 65, "2001"),  # spurious
    )
    tally = score_document(gold, system)
    metrics = tally.metrics()
    assert (tally.strict, tally.relaxed, tally.value_correct) == (1, 2, 1)
    assert metrics["relaxed_precision"] == round(2 / 3, 4)
    assert metrics["value_accuracy"] == 0.5
    assert metrics["value_f1"] == round(metrics["relaxed_f1"] * 0.5, 4)
