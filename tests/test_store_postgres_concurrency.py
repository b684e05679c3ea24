"""Two `storyline ingest` processes on overlapping inputs against one PostgreSQL database.

Each process gets every family's original (the same files: overlapping inputs) plus its
own copies of them (a near copy with a new headline for one, a partial copy with an extra
paragraph for the other) and a few articles of its own. Whatever the interleaving, the
database must end with each distinct document stored once, every copy in its family's one
group, and every row each article needs (bands, sources, boilerplate, group records).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.store import open_store

pytestmark = pytest.mark.slow

FAMILIES = 10
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tu",
    "sa",
    "vo",
    "nel",
    "pi",
    "dor",
    "ze",
    "fa",
    "gu",
    "hi",
    "jo",
    "bre",
    "cu",
    "wen",
    "ty",
    "qua",
    "xo",
    "lim",
    "ost",
    "ur",
]


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(count)]


def _text(rng: random.Random, count: int) -> str:
    words = _words(rng, count)
    sentences = [" ".join(words[i : i + 12]).capitalize() + "." for i in range(0, count, 12)]
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def _write(folder: Path, name: str, title: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def _inputs(root: Path) -> tuple[Path, Path, dict[str, set[str]]]:
    """Two input folders and, per family, the titles that must end in one group."""
    rng = random.Random(7)
    first, second = root / "first", root / "second"
    families: dict[str, set[str]] = {}
    for family in range(FAMILIES):
        title = f"Report {family}: " + " ".join(_words(rng, 3))
        body = _text(rng, 220)
        for folder in (first, second):  # the same bytes in both inputs
            _write(folder, f"f{family:02}-original.txt", title, body)
        words = body.split(" ")
        for position in rng.sample(range(len(words)), 4):
            words[position] = _words(rng, 1)[0]
        near_title = f"Update {family}: " + " ".join(_words(rng, 3))
        _write(first, f"f{family:02}-near.txt", near_title, " ".join(words))
        partial_title = f"Analysis {family}: " + " ".join(_words(rng, 3))
        _write(second, f"f{family:02}-partial.txt", partial_title, body + "\n\n" + _text(rng, 80))
        families[title] = {title, near_title, partial_title}
    for index, folder in enumerate((first, second)):
        for own in range(4):
            title = f"Standalone {index}-{own}: " + " ".join(_words(rng, 3))
            _write(folder, f"own-{own}.txt", title, _text(rng, 150))
            families[title] = {title}
    return first, second, families


def test_two_ingest_processes_store_everything_once(postgres_url, tmp_path):
    first, second, families = _inputs(tmp_path)
    command = [
        sys.executable,
        "-c",
        "from storyline.cli import main; main()",
        "ingest",
        "--db",
        postgres_url,
        "--no-analyze",
        "--json",
    ]
    processes = [
        subprocess.Popen(
            [*command, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for folder in (first, second)
    ]
    for process in processes:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-2000:]

    store = open_store(postgres_url)
    titles = {s.article.title: s for s in store.iter_articles()}
    distinct = {title for members in families.values() for title in members}
    assert set(titles) == distinct  # nothing lost
    assert store.count_articles() == len(distinct)  # nothing stored twice

    # Every family in exactly one group, no two families together.
    by_group: dict[str, set[str]] = {}
    for title, stored in titles.items():
        by_group.setdefault(stored.group_id, set()).add(title)
    assert sorted(map(sorted, by_group.values())) == sorted(map(sorted, families.values()))
    for group in store.groups():
        members = {titles_of for titles_of, s in titles.items() if s.group_id == group.id}
        assert len(members) == len(group.member_ids)
        assert group.original_id in group.member_ids
    rows = dict(
        store._rows(
            "SELECT 'groups', COUNT(*) FROM duplicate_groups UNION ALL "
            "SELECT 'orphan groups', COUNT(*) FROM duplicate_groups g WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.group_id = g.id) UNION ALL "
            "SELECT 'missing groups', COUNT(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM duplicate_groups g WHERE g.id = a.group_id) UNION ALL "
            "SELECT 'wrong sizes', COUNT(*) FROM duplicate_groups g WHERE size != "
            "(SELECT COUNT(*) FROM articles a WHERE a.group_id = g.id) UNION ALL "
            "SELECT 'articles without bands', COUNT(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM lsh_bands b WHERE b.article_id = a.id)"
        )
    )
    assert rows == {
        "groups": len(families),
        "orphan groups": 0,
        "missing groups": 0,
        "wrong sizes": 0,
        "articles without bands": 0,
    }
    # The shared originals remember both places they were read from.
    original = next(s for t, s in titles.items() if t.startswith("Report 0:"))
    assert [Path(p).parent.name for p in store.sources_of(original.article.id)] == [
        "first",
        "second",
    ]
    store.close()


REPORTS = {
    "council.txt": "Council backs new tram line\n\nMARLOW, March 3 (Valley Post) -- The city "
    "council voted 31 to 9 on Tuesday to build a tram line to the airport, Mayor Ines Varga "
    "said. Opposition leader Tomas Brandt said the plan would cost at least 400 million euros.",
    "followup.txt": "Tram vote questioned\n\nMARLOW, March 5 (Valley Post) -- Tomas Brandt "
    "accused Mayor Ines Varga of hiding the true cost of the airport tram line. Varga denied "
    "the accusation on Thursday and said the cost would stay under 350 million euros.",
    "airport.txt": "Airport welcomes tram\n\nThe airport operator said on Wednesday that the "
    "tram line approved by the Marlow city council would carry 12,000 passengers a day.",
}


def test_two_fuse_processes_leave_what_a_rebuild_gives(postgres_url, write_articles):
    from storyline.runners.fusion import fuse
    from storyline.runners.language import analyze_pending
    from storyline.runners.local import ingest

    store = open_store(postgres_url)
    ingest([str(write_articles(REPORTS))], store)
    analyze_pending(store)
    store.close()
    command = [
        sys.executable,
        "-c",
        "from storyline.cli import main; main()",
        "fuse",
        "--db",
        postgres_url,
        "--json",
    ]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for process in processes:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-2000:]

    store = open_store(postgres_url)
    kinds = ("entity", "story", "event", "claim", "contradiction", "dating")
    picture = {kind: store.fused(kind) for kind in kinds}
    assert picture["entity"] and picture["claim"]
    fuse(store, rebuild=True)
    assert {kind: store.fused(kind) for kind in kinds} == picture
    store.close()
