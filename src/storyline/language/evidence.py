"""Evidence: where in which article a fact was read. Every language-layer record carries one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of an article's clean text: ``text == article.text[start:end]``."""

    article_id: str
    sentence: int  # 0-based sentence index in the article
    start: int  # character offset into the article's clean text
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


__all__ = ["Evidence"]
