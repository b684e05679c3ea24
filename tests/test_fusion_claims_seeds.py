"""Claims fused across the shared real seed articles.

Three seeds (000, 001 and 002, none a copy of another) each report that North Korea
sent Russia more than a million artillery rounds, said by South Korea, by South Korea
and the US together, in three wordings and two stances (an accusation, a statement).
Only figures are asserted here; the seeds' text stays in ../shared/seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storyline


@pytest.mark.slow
def test_the_million_rounds_accusation_counts_its_independent_sources(
        seeds_dir: Path, tmp_path: Path) -> None:
    with storyline.open(tmp_path / "seeds.db") as lines:
        lines.ingest(*sorted(str(p) for p in seeds_dir.glob("*.txt")))
        prefix = {a["id"]: Path(a["source"]).name[:3] for a in lines.articles()}
        claims = lines.store.fused("claim")
    million = [c for c in claims if any(
        q.get("value") == 1_000_000 and q.get("measure") == "artillery-ammunition"
        and q.get("bound") == ">" for q in c["quantities"])]
    best = max(million, key=lambda c: c["independent_source_count"])
    assert sorted(prefix[a] for a in best["sources"]) == ["000", "001", "002"]
    assert best["raw_source_count"] == 3
    assert best["independent_source_count"] == 3
    assert best["stance"] == "accuse"
    # The 4.8 million shells counted later is another number of the same measure: the
    # evolution is flagged, not merged away.
    assert best["contradicts"]
