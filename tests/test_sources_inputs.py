"""iter_inputs over files, folders, globs, JSON dumps and feeds, and every bad-file case."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from storyline.config import IngestLimits
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources import iter_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def _split(items: list[RawDocument | Failure]) -> tuple[list[RawDocument], list[Failure]]:
    documents = [item for item in items if isinstance(item, RawDocument)]
    failures = [item for item in items if isinstance(item, Failure)]
    assert len(documents) + len(failures) == len(items)
    return documents, failures


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", folder)
    # Made here rather than committed: git refuses paths with a ".git" component.
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return folder


def test_folder_is_recursive_sorted_and_skips_hidden(corpus: Path) -> None:
    documents, failures = _split(list(iter_inputs([str(corpus)])))
    assert failures == []
    names = [Path(document.source).relative_to(corpus).as_posix() for document in documents]
    assert names == [
        "harbour-ferry.md",
        "harbour-ferry.txt",
        "nested/council-vote.html",
        "nested/misnamed-page.txt",
        "nested/misnamed-text.html",
    ]
    kinds = {Path(document.source).name: document.kind for document in documents}
    assert kinds["harbour-ferry.txt"] is InputKind.TEXT
    assert kinds["harbour-ferry.md"] is InputKind.TEXT
    assert kinds["council-vote.html"] is InputKind.HTML
    assert kinds["misnamed-page.txt"] is InputKind.HTML
    assert kinds["misnamed-text.html"] is InputKind.TEXT
    text = next(document for document in documents if document.source.endswith("ferry.txt"))
    assert text.data == (corpus / "harbour-ferry.txt").read_bytes()
    assert text.url is None and dict(text.hints) == {}


def test_glob_patterns(corpus: Path) -> None:
    recursive = list(iter_inputs([str(corpus / "**" / "*.txt")]))
    assert [Path(item.source).name for item in recursive] == ["harbour-ferry.txt", "misnamed-page.txt"]
    flat = list(iter_inputs([str(corpus / "*.md")]))
    assert [Path(item.source).name for item in flat] == ["harbour-ferry.md"]
    (nothing,) = list(iter_inputs([str(corpus / "*.pdf")]))
    assert isinstance(nothing, Failure) and nothing.code == "E100"


def test_missing_path_is_a_failure_and_iteration_goes_on(corpus: Path) -> None:
    items = list(iter_inputs([str(corpus / "nope.txt"), str(corpus / "harbour-ferry.txt")]))
    assert isinstance(items[0], Failure)
    assert items[0].stage == "read" and items[0].code == "E100" and "no such file" in items[0].reason
    assert isinstance(items[1], RawDocument)


def test_jsonl_records_and_broken_lines() -> None:
    path = FIXTURES / "articles.jsonl"
    documents, failures = _split(list(iter_inputs([str(path)])))
    assert [document.source for document in documents] == [f"{path}#line=1", f"{path}#line=2",
                                                           f"{path}#line=6"]
    assert {failure.source: failure.code for failure in failures} == {
        f"{path}#line=3": "E105",  # broken JSON
        f"{path}#line=4": "E105",  # no article text
    }
    assert all(failure.stage == "read" for failure in failures)
    first, second, third = documents
    lines = path.read_bytes().splitlines()
    assert first.data == lines[0] and first.kind is InputKind.JSON
    assert dict(first.hints) == {
        "text": "Contractors moved onto the quay on Thursday to begin repairs.",
        "title": "Quay repairs begin",
        "url": "https://coast.example/quay",
        "published": "2024-03-07 09:00:00",
        "outlet": "coast.example",
        "author": "Mia Ford, Ravi Shah",
        "language": "en",
    }
    assert first.url == "https://coast.example/quay"
    assert second.hints["html"].startswith("<p>The operator") and "text" not in second.hints
    assert second.hints["outlet"] == "Coast Echo" and second.hints["author"] == "Lee Tan"
    assert second.hints["title"] == "Ferry fares frozen" and second.hints["published"] == "2024-03-08"
    assert third.hints["published"] == "1709900000" and third.url is None


def test_json_array_records_are_canonical() -> None:
    path = FIXTURES / "articles.json"
    documents, failures = _split(list(iter_inputs([str(path)])))
    assert [document.source for document in documents] == [f"{path}#index=0", f"{path}#index=2"]
    assert [(failure.source, failure.code) for failure in failures] == [(f"{path}#index=1", "E105")]
    record = json.loads(path.read_text())["articles"][0]
    assert documents[0].data == json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    assert documents[0].hints == {
        "text": "Forecasters lifted the storm warning for the coast on Friday.",
        "title": "Storm warning lifted",
        "published": "Fri, 08 Mar 2024 12:00:00 GMT",
        "outlet": "Shore Daily",
        "author": "Ana Ruiz",
    }
    assert documents[1].hints["html"].startswith("<html>")


def test_single_json_object_is_one_record() -> None:
    path = FIXTURES / "single-article.json"
    (document,) = list(iter_inputs([str(path)]))
    assert isinstance(document, RawDocument)
    assert document.source == str(path) and document.data == path.read_bytes()
    assert document.hints["outlet"] == "Bay News" and document.hints["published"] == "2024-03-09"


def test_rss_feed_file_full_text_and_linkless_teaser() -> None:
    path = FIXTURES / "coast.rss"
    documents, failures = _split(list(iter_inputs([str(path)])))
    (entry,) = documents
    assert entry.source == f"{path}#entry=0" and entry.kind is InputKind.FEED
    assert entry.url == "https://coast.example/new-ferry"
    assert entry.hints["html"].startswith("<p>The operator has ordered")
    assert {key: entry.hints[key] for key in ("title", "url", "published", "outlet", "author")} == {
        "title": "New ferry ordered",
        "url": "https://coast.example/new-ferry",
        "published": "Mon, 11 Mar 2024 08:30:00 GMT",
        "outlet": "Coast Echo",
        "author": "Mia Ford",
    }
    assert json.loads(entry.data)["title"] == "New ferry ordered"
    assert [(failure.source, failure.code) for failure in failures] == [(f"{path}#entry=1", "E105")]


def test_atom_feed_file() -> None:
    path = FIXTURES / "bay.atom"
    (entry,) = list(iter_inputs([str(path)]))
    assert isinstance(entry, RawDocument)
    assert entry.hints["html"] == "<p>A new tide gauge was fixed to the pier on Tuesday.</p>"
    assert entry.hints["outlet"] == "Bay News" and entry.hints["author"] == "Ravi Shah"
    assert entry.hints["published"] == "2024-03-12T09:00:00Z"


def test_long_summary_counts_as_full_text(tmp_path: Path) -> None:
    words = " ".join(["tide"] * 160)
    feed = tmp_path / "long.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        f"<item><title>Long</title><description>{words}</description></item>"
        "</channel></rss>"
    )
    (entry,) = list(iter_inputs([str(feed)]))
    assert isinstance(entry, RawDocument) and entry.hints["text"] == words and entry.url is None


def test_feed_entry_limit(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>n{n}</title><description>{' word' * 200}</description></item>" for n in range(5)
    )
    feed = tmp_path / "many.rss"
    feed.write_text(f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>")
    documents = list(iter_inputs([str(feed)], IngestLimits(max_feed_entries=2)))
    assert [document.hints["title"] for document in documents] == ["n0", "n1"]


def test_malformed_feed_is_a_failure(tmp_path: Path) -> None:
    feed = tmp_path / "broken.rss"
    feed.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>T</ti")
    (failure,) = list(iter_inputs([str(feed)]))
    assert isinstance(failure, Failure) and failure.code == "E105" and failure.stage == "read"


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    ]
    feed = tmp_path / "lol.rss"
    feed.write_text(
        "<?xml version='1.0'?>\n<!DOCTYPE rss [" + "".join(entities) + "]>\n"
        "<rss version='2.0'><channel><title>&lol9;</title>"
        "<item><title>x</title><description>&lol9;</description></item></channel></rss>"
    )
    (failure,) = list(iter_inputs([str(feed)]))
    assert isinstance(failure, Failure) and failure.code == "E105" and "entit" in failure.reason


def test_entities_hidden_in_utf16_are_refused(tmp_path: Path) -> None:
    feed = tmp_path / "wide.rss"
    text = ("<?xml version='1.0' encoding='utf-16'?><!DOCTYPE rss [<!ENTITY a 'aaaa'>]>"
            "<rss version='2.0'><channel><title>&a;</title><item><title>a</title></item></channel></rss>")
    feed.write_bytes(text.encode("utf-16"))  # with a BOM
    (failure,) = list(iter_inputs([str(feed)]))
    assert isinstance(failure, Failure) and failure.code == "E105" and "entit" in failure.reason


def test_external_entity_is_refused(tmp_path: Path) -> None:
    feed = tmp_path / "xxe.rss"
    feed.write_text(
        "<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        "<rss version='2.0'><channel><title>&x;</title><item><title>a</title></item></channel></rss>"
    )
    (failure,) = list(iter_inputs([str(feed)]))
    assert isinstance(failure, Failure) and failure.code == "E105"


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"\x89PNG\r\n\x1a\n" + bytes(64), "E101"), (b"%PDF-1.4\n...", "E101"), (b"", "E102"),
     (b"\n  \n", "E102")],
)
def test_binary_and_empty_files_fail_at_detect(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    (failure,) = list(iter_inputs([str(path)]))
    assert isinstance(failure, Failure) and failure.stage == "detect" and failure.code == code


def test_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("storm " * 200)
    small = IngestLimits(max_bytes=500)
    (failure,) = list(iter_inputs([str(path)], small))
    assert isinstance(failure, Failure) and failure.code == "E103" and failure.stage == "read"
    (json_failure,) = list(iter_inputs([str(FIXTURES / "articles.json")], IngestLimits(max_bytes=100)))
    assert json_failure.code == "E103"


def test_jsonl_is_limited_per_line_not_per_file(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    good = json.dumps({"text": "short item"})
    path.write_text("\n".join([good, json.dumps({"text": "x" * 300}), good, good]) + "\n")
    items = list(iter_inputs([str(path)], IngestLimits(max_bytes=100)))
    assert [type(item).__name__ for item in items] == ["RawDocument", "Failure", "RawDocument",
                                                      "RawDocument"]
    assert items[1].code == "E103" and items[1].source.endswith("#line=2")
    assert items[3].source.endswith("#line=4")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    (failure,) = list(iter_inputs([str(path)]))
    assert isinstance(failure, Failure) and failure.stage == "read" and failure.code == "E100"


def test_permission_error_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Works as root too, where chmod cannot lock a file: the open itself is made to fail.
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    other = tmp_path / "other.txt"
    other.write_text("The pier is open.")
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    failure, document = list(iter_inputs([str(locked), str(other)]))
    assert isinstance(failure, Failure) and failure.code == "E100" and "Permission denied" in failure.reason
    assert isinstance(document, RawDocument)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (failure,) = list(iter_inputs([str(tmp_path)]))
    assert isinstance(failure, Failure) and "regular file" in failure.reason


def test_a_single_string_is_one_input() -> None:
    (document,) = list(iter_inputs(str(FIXTURES / "single-article.json")))  # type: ignore[arg-type]
    assert isinstance(document, RawDocument)


def test_url_like_names_that_are_not_urls_are_missing_files() -> None:
    (failure,) = list(iter_inputs(["notes:today.txt"]))
    assert isinstance(failure, Failure) and "no such file" in failure.reason


def test_streaming_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        for number in range(5000):
            handle.write(json.dumps({"text": f"item {number}"}) + "\n")
    iterator = iter_inputs([str(path), str(tmp_path / "missing")])
    first = next(iterator)
    assert isinstance(first, RawDocument) and first.source.endswith("#line=1")
    assert sum(1 for _ in iterator) == 5000  # 4999 records + 1 failure, pulled one at a time
