"""The seeds' timeline shows the chain of visits, meetings, tests and vetoes in order.

Dates were checked by reading the shared seed articles (their text stays outside the
repository). The chain, with the seed that reports each link:

* 001: the leader's first visit to the North, in July 2000;
* 000: the defence minister's trip to the North, July 2023;
* 003 (undated, inferred to a window in early September 2023): the leader of the North
  arriving in Russia "on Tuesday" for the summit: September 2023, approximate;
* 000: the foreign minister's trip to the North, October 2023;
* 000 (dated 14 January 2024): the missile test just before the envoy's trip announced
  that day, and 001/002: the envoy's visit of 15 to 17 January 2024;
* 004: the veto at the UN, March 2024;
* 004 (undated, inferred to June 2024): the leader's trip to the North "on Tuesday":
  June 2024, approximate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storyline


@pytest.mark.slow
def test_seeds_timeline_chain_in_order(seeds_dir: Path, tmp_path: Path) -> None:
    with storyline.open(tmp_path / "seeds.db") as lines:
        lines.ingest(*sorted(str(p) for p in seeds_dir.glob("*.txt")))
        seed_of = {a["id"]: Path(a["source"]).name[:3] for a in lines.articles()}
        entries = lines.timeline()

    def position(event_type: str, date_prefix: str, seed: str) -> int:
        for index, entry in enumerate(entries):
            seeds = {seed_of.get(s) for s in entry["sources"]}
            if entry["event_type"] == event_type and seed in seeds \
                    and (entry["date"] or "").startswith(date_prefix):
                return index
        listed = [(e["date"], e["event_type"], sorted(seed_of.get(s) for s in e["sources"]))
                  for e in entries]
        raise AssertionError(f"no {event_type} of {date_prefix} from seed {seed}: {listed}")

    chain = [
        position("travel", "2000-07", "001"),
        position("travel", "2023-07", "000"),
        position("travel", "2023-09", "003"),
        position("travel", "2023-10", "000"),
        position("test_launch", "2024-01-14", "000"),
        position("travel", "2024-01-1", "002"),
        position("sanction", "2024-03", "004"),
        position("travel", "2024-06", "004"),
    ]
    assert chain == sorted(chain)
    arrival = entries[chain[2]]
    trip = entries[chain[-1]]
    assert arrival["approximate"] and arrival["precision"] == "month"
    assert trip["approximate"] and trip["status"] == "planned"
    # No mention of the January 2024 articles sits on a 2000 date unless it names 2000.
    for entry in entries:
        if (entry["date"] or "").startswith("2000"):
            assert "2000" in entry["summary"]
