"""Dating the shared real seed articles (one dated by its header, four undated).

Only dates are asserted; the seeds' text stays in ../shared/seeds. What each undated seed's
own text justifies, given that known facts come from the dated seed only:

* 001 (a meeting "on Tuesday" during the envoy's Monday-to-Wednesday visit that the dated
  seed announces): 2024-01-16;
* 002 (the visit "this week", scheduled from the 15th): 2024-01-14 or 15;
* 003 (the leader "arrived on Tuesday" for the summit the dated seed mentions as
  "September"): a lead event anchored to that month, so the interval holds 2023-09-12/13;
* 004 ("nine months ago" the two men met, the September summit again): June 2024, so the
  interval holds 2024-06-17/18. Its "first time in 24 years" would count from a July 2000
  visit that only an undated seed mentions, and undated articles give no known facts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import storyline

TRUE_DAYS = {
    "001": (date(2024, 1, 16),),
    "002": (date(2024, 1, 14), date(2024, 1, 15)),
    "003": (date(2023, 9, 12), date(2023, 9, 13)),
    "004": (date(2024, 6, 17), date(2024, 6, 18)),
}
MAX_WIDTH_DAYS = {"001": 3, "002": 3, "003": 40, "004": 31}


@pytest.mark.slow
def test_undated_seeds_intervals_hold_their_true_dates(seeds_dir: Path, tmp_path: Path) -> None:
    with storyline.open(tmp_path / "seeds.db") as lines:
        lines.ingest(*sorted(str(p) for p in seeds_dir.glob("*.txt")))
        articles = {Path(a["source"]).name[:3]: a for a in lines.articles()}
        datings = {d["article_id"]: d for d in lines.store.fused("dating")}
    assert articles["000"]["published_source"] == "header"
    failures = []
    for prefix, truths in TRUE_DAYS.items():
        dating = datings.get(articles[prefix]["id"])
        if dating is None:
            failures.append(f"{prefix}: not dated")
            continue
        earliest = date.fromisoformat(dating["earliest"])
        latest = date.fromisoformat(dating["latest"])
        if not any(earliest <= truth <= latest for truth in truths):
            failures.append(f"{prefix}: {earliest}/{latest} misses {truths}")
        if (latest - earliest).days + 1 > MAX_WIDTH_DAYS[prefix]:
            failures.append(f"{prefix}: {earliest}/{latest} wider than {MAX_WIDTH_DAYS[prefix]}")
    assert not failures, "; ".join(failures)
