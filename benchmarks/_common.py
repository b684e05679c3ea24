"""Shared helpers for the benchmark scripts: tables, medians, machine facts, results JSON.

Benchmarks report ratios against a baseline measured in the same run, because
absolute timings move with the machine while ratios mostly do not.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "gold"
DEFAULT_RESULTS = REPO_ROOT / "benchmarks" / "results" / "ingest.json"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Timing:
    """Wall-clock and CPU seconds of a ``with`` block.

    Both are kept: wall time is what a user waits, CPU time is what the code
    costs and moves much less when other processes share the machine.
    """

    wall: float = 0.0
    cpu: float = 0.0

    def __enter__(self) -> "Timing":
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def __str__(self) -> str:
        return f"{self.wall:.3f}s (cpu {self.cpu:.3f}s)"


def load_average() -> list[float]:
    """1/5/15-minute load averages: the figures mean little if the machine was busy."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import trafilatura

    try:
        from importlib.metadata import version

        storyline_version = version("storyline")
    except Exception:  # noqa: BLE001 - not installed: report it as unknown
        storyline_version = "unknown"
    return {
        "git_commit": _git_commit(),
        "date_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "storyline": storyline_version,
        "trafilatura": trafilatura.__version__,
    }


def _git_commit() -> str | None:
    """HEAD of the checkout, with "+dirty" when the working tree has changes."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO_ROOT, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(c) for c in header]] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    line = "  ".join("-" * w for w in widths)
    for index, row in enumerate(cells):
        # First column (labels) left-aligned, figures right-aligned.
        aligned = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        print("  ".join(aligned))
        if index == 0:
            print(line)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "n/a"
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def write_results(path: Path, section: str, payload: dict[str, Any]) -> None:
    """Merge ``payload`` under ``section`` into the JSON results file (other sections kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
    data[section] = payload
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nresults written to {path} [{section}]")


def verdict(targets: dict[str, bool], check: bool) -> int:
    """Print which targets were met; the exit status is non-zero only under ``--check``."""
    print()
    for name, met in targets.items():
        print(f"target {name}: {'met' if met else 'MISSED'}")
    missed = [name for name, met in targets.items() if not met]
    if check and missed:
        print(f"--check: {len(missed)} target(s) missed", file=sys.stderr)
        return 1
    return 0
