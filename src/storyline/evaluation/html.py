"""Quality of HTML extraction on real pages: main-text segments and publication dates.

Gold (``html-dev``, see ``../shared/gold/README.md``): ``trafilatura/evaldata.json``
lists per page text segments that must appear (``with``) and must not
(``without``); ``htmldate/eval.json`` gives each page's publication date.  Pages
go through :func:`storyline.extract.extract_article` exactly as ingested pages
do, so the scores measure the whole extraction stage, boilerplate filter included.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, StorylineError
from storyline.extract import extract_article
from storyline.model import Article, InputKind, RawDocument


def evaluate_html(gold_dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Text precision/recall/F1 over gold segments and exact-day date accuracy.

    ``gold_dir`` is the ``html-dev`` folder or the gold root holding it.  A page
    that fails to extract counts as empty text and no date.
    """
    root = _html_dev(Path(gold_dir))
    return {"text": _text_scores(root / "trafilatura", limit), "dates": _date_scores(root / "htmldate", limit)}


def _html_dev(path: Path) -> Path:
    for candidate in (path, path / "html-dev"):
        if (candidate / "trafilatura" / "evaldata.json").is_file():
            return candidate
    raise ConfigError(f"no html-dev gold (trafilatura/evaldata.json) under {path}")


def _extract(folder: Path, name: str, url: str) -> Article | None:
    path = folder / name
    if not path.is_file():
        path = folder / f"{name}.gz"
    if not path.is_file():
        return None
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return extract_article(RawDocument(str(path), data, InputKind.HTML, url=url))
    except StorylineError:
        return None


def _text_scores(folder: Path, limit: int | None) -> dict[str, Any]:
    gold = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    for url, entry in list(gold.items())[:limit]:
        article = _extract(folder, entry["file"], url)
        text = " ".join(article.text.split()) if article else ""
        counts["pages"] += 1
        counts["failed"] += article is None
        for segment in entry.get("with", []):
            counts["tp" if " ".join(segment.split()) in text else "fn"] += 1
        for segment in entry.get("without", []):
            counts["fp" if " ".join(segment.split()) in text else "tn"] += 1
    precision = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    recall = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {"pages": counts["pages"], "failed": counts["failed"], "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4),
            **{key: counts[key] for key in ("tp", "fp", "fn", "tn")}}


def _date_scores(folder: Path, limit: int | None) -> dict[str, Any]:
    gold = json.loads((folder / "eval.json").read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for url, entry in list(gold.items())[:limit]:
        article = _extract(folder, entry["file"], url)
        found = article.published.value.isoformat() if article and article.published.value else None
        counts["pages"] += 1
        if found is None:
            counts["missing"] += 1
        elif found == entry.get("date"):
            counts["correct"] += 1
            sources[article.published.source.value] += 1  # type: ignore[union-attr]
        else:
            counts["wrong"] += 1
    pages = max(counts["pages"], 1)
    dated = max(counts["correct"] + counts["wrong"], 1)
    return {"pages": counts["pages"], "accuracy": round(counts["correct"] / pages, 4),
            "precision": round(counts["correct"] / dated, 4), "missing": counts["missing"],
            "wrong": counts["wrong"], "correct_by_source": dict(sources)}


__all__ = ["evaluate_html"]
