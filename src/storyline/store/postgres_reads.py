"""The PostgreSQL backend's reads of articles, groups and search, and the lighter reads
the web interface makes on every request (a few rows by key, never a whole kind).

Answers equal the SQLite backend's (``tests/test_store_backends.py``): records in
``sort_key, id`` order with NULLs first, fields as SQLite's ``json_extract`` gives them,
long listings streamed through a server-side cursor.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping, Sequence

from storyline.errors import StoreError
from storyline.model import (
    BoilerplateLine,
    DateSource,
    Failure,
    Relation,
)
from storyline.store.base import (
    ArticleHeader,
    DuplicateGroup,
    SearchHit,
    StoredArticle,
    StoredFailure,
)
from storyline.store.rows import article_from, stored_from

_ARTICLE_SELECT = (
    "SELECT a.seq, a.id, a.raw_sha256, a.source, a.kind, a.url, a.title, a.byline, a.outlet, "
    "a.outlet_source, a.original_outlet, a.language, a.published, a.published_source, "
    "a.published_evidence, a.encoding, a.text, a.group_id, a.copy_of, a.relation, "
    "a.similarity, a.ingested_at, "
    "(SELECT json_agg(json_build_array(b.text, b.reason, b.line_number) ORDER BY b.position) "
    " FROM boilerplate_lines b WHERE b.article_id = a.id) "
    "FROM articles a"
)
# The names of _ARTICLE_SELECT's columns, in its order.
_SELECTED = (
    "seq", "id", "raw_sha256", "source", "kind", "url", "title", "byline", "outlet",
    "outlet_source", "original_outlet", "language", "published", "published_source",
    "published_evidence", "encoding", "text", "group_id", "copy_of", "relation",
    "similarity", "ingested_at", "boilerplate",
)
_HEADLINE = (
    'StartSel=[, StopSel=], MaxWords=12, MinWords=5, MaxFragments=1, FragmentDelimiter=" … "'
)
_ORDER = "ORDER BY sort_key NULLS FIRST, id"
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _iso(value: datetime | None) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if value else ""


def _check_field(name: str) -> None:
    """Field names go into SQL text: only plain identifiers."""
    if not _FIELD.match(name):
        raise StoreError(f"not a record field name: {name!r}")


def _as_sql_value(value: Any) -> object:
    """A JSON field the way SQLite's ``json_extract`` returns it: scalars as themselves,
    booleans as 0/1, arrays and objects as compact JSON text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


class PostgresReads:
    """Mixed into :class:`storyline.store.postgres.PostgresStore`, which owns the
    connections (``_rows``, ``_one``, ``_stream``)."""

    location: str

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    # ------------------------------------------------------------------ articles
    def count_articles(self) -> int:
        row = self._one("SELECT COUNT(*) FROM articles")
        return int(row[0]) if row else 0

    @staticmethod
    def _stored(row: Sequence[Any]) -> StoredArticle:
        columns = dict(zip(_SELECTED, row, strict=True))
        article = article_from(
            columns,
            published=columns["published"],
            boilerplate=tuple(
                BoilerplateLine(line[0], line[1], line[2])
                for line in columns["boilerplate"] or ()
            ),
        )
        return stored_from(columns, article, _iso(columns["ingested_at"]))

    def iter_articles(
        self, *, limit: int | None = None, offset: int = 0
    ) -> Iterator[StoredArticle]:
        sql = f"{_ARTICLE_SELECT} ORDER BY a.seq OFFSET %s"
        params: list[object] = [offset]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        for row in self._stream(sql, params):
            yield self._stored(row)

    def articles_by_id(self, article_ids: Sequence[str]) -> Iterator[StoredArticle]:
        """The stored articles of ``article_ids`` (exact ids), in ingestion order."""
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            for row in self._rows(
                f"{_ARTICLE_SELECT} WHERE a.id = ANY(%s) ORDER BY a.seq", (chunk,)
            ):
                yield self._stored(row)

    def get_article(self, article_id: str) -> StoredArticle | None:
        prefix = article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._rows(
            f"{_ARTICLE_SELECT} WHERE a.id = %s OR a.id LIKE %s ORDER BY a.id = %s DESC LIMIT 2",
            (article_id, f"{prefix}%", article_id),
        )
        if not rows:
            return None
        if len(rows) > 1 and rows[0][1] != article_id:
            return None  # ambiguous prefix
        return self._stored(rows[0])

    def raw_bytes(self, raw_sha256: str) -> bytes | None:
        row = self._one("SELECT data FROM raw_documents WHERE sha256 = %s", (raw_sha256,))
        return bytes(row[0]) if row else None

    def sources_of(self, article_id: str) -> list[str]:
        rows = self._rows(
            "SELECT source FROM article_sources WHERE article_id = %s ORDER BY source",
            (article_id,),
        )
        return [row[0] for row in rows]

    def copy_links_of(self, article_id: str) -> list[tuple[str, str, Relation, float]]:
        rows = self._rows(
            "SELECT article_id, other_id, relation, similarity FROM copy_links "
            "WHERE article_id = %s OR other_id = %s ORDER BY article_id, other_id",
            (article_id, article_id),
        )
        return [(row[0], row[1], Relation(row[2]), row[3]) for row in rows]

    def failures(self) -> list[StoredFailure]:
        rows = self._rows(
            "SELECT source, stage, code, reason, first_seen, last_seen, count FROM failures "
            "ORDER BY id"
        )
        return [
            StoredFailure(
                Failure(row[0], row[1], row[2], row[3]), _iso(row[4]), _iso(row[5]), row[6]
            )
            for row in rows
        ]

    def groups(self, *, min_size: int = 1) -> list[DuplicateGroup]:
        rows = self._rows(
            "SELECT g.id, g.original_id, array_agg(a.id ORDER BY a.id) FROM duplicate_groups g "
            "JOIN articles a ON a.group_id = g.id GROUP BY g.id, g.original_id "
            "HAVING COUNT(a.id) >= %s ORDER BY MIN(a.seq)",
            (min_size,),
        )
        return [DuplicateGroup(row[0], row[1], tuple(row[2])) for row in rows]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles holding every word of ``query``, best first (``ts_rank_cd``, titles
        weighted above text). Free text is read by ``plainto_tsquery``: no operators."""
        if not any(ch.isalnum() for ch in query):
            return []
        rows = self._rows(
            "SELECT a.id, a.title, ts_headline('simple', a.text, q, %s), hit.score "
            "FROM (SELECT a.seq, ts_rank_cd(a.search, q) AS score FROM articles a, "
            "      plainto_tsquery('simple', storyline_search_words(%s)) q WHERE a.search @@ q "
            "      ORDER BY score DESC, a.seq LIMIT %s) hit "
            "JOIN articles a ON a.seq = hit.seq, "
            "plainto_tsquery('simple', storyline_search_words(%s)) q "
            "ORDER BY hit.score DESC, a.seq",
            (_HEADLINE, query, limit, query),
        )
        return [SearchHit(row[0], row[1], row[2], float(row[3])) for row in rows]

    # ------------------------------------------------------------------ lighter reads

    def article_headers(self, article_ids: Sequence[str] | None = None) -> list[ArticleHeader]:
        """Articles without their text or boilerplate, in ingestion order (all when ``None``)."""
        sql = (
            "SELECT id, seq, title, outlet, published, published_source, group_id, copy_of, "
            "relation, similarity FROM articles"
        )
        if article_ids is None:
            rows = self._rows(sql + " ORDER BY seq")
        else:
            rows = self._rows(sql + " WHERE id = ANY(%s) ORDER BY seq", (list(article_ids),))
        return [
            ArticleHeader(
                id=row[0],
                seq=row[1],
                title=row[2],
                outlet=row[3],
                published=row[4],
                published_source=DateSource(row[5]),
                group_id=row[6],
                copy_of=row[7],
                relation=Relation(row[8]),
                similarity=row[9],
            )
            for row in rows
        ]

    def duplicate_group(self, group_id: str) -> DuplicateGroup | None:
        """One duplicate group with its members (sorted ids), or None."""
        rows = self._rows(
            "SELECT g.id, g.original_id, array_agg(a.id ORDER BY a.id) FROM duplicate_groups g "
            "JOIN articles a ON a.group_id = g.id WHERE g.id = %s GROUP BY g.id, g.original_id",
            (group_id,),
        )
        return DuplicateGroup(rows[0][0], rows[0][1], tuple(rows[0][2])) if rows else None

    def fused_for_articles(self, kind: str, article_ids: Sequence[str]) -> list[dict[str, object]]:
        """Fused records of ``kind`` resting on any of ``article_ids``, each once, in order."""
        if not article_ids:
            return []
        rows = self._rows(
            "SELECT data FROM fused_records WHERE kind = %s AND id IN (SELECT id FROM "
            f"fused_members WHERE kind = %s AND article_id = ANY(%s)) {_ORDER}",
            (kind, kind, list(article_ids)),
        )
        return [json.loads(row[0]) for row in rows]

    def fused_by_ids(self, kind: str, record_ids: Sequence[str]) -> list[dict[str, object]]:
        """The fused records of ``kind`` with these ids (unknown ids skipped), in order."""
        if not record_ids:
            return []
        rows = self._rows(
            f"SELECT data FROM fused_records WHERE kind = %s AND id = ANY(%s) {_ORDER}",
            (kind, list(record_ids)),
        )
        return [json.loads(row[0]) for row in rows]

    @staticmethod
    def _fused_where(kind: str, where: Mapping[str, str] | None) -> tuple[str, list[object]]:
        clauses = ["kind = %s"]
        params: list[object] = [kind]
        for name, value in (where or {}).items():
            _check_field(name)
            clauses.append("(data::jsonb ->> %s) = %s")
            params += [name, value]
        return " AND ".join(clauses), params

    def fused_page(
        self,
        kind: str,
        *,
        limit: int,
        offset: int = 0,
        where: Mapping[str, str] | None = None,
    ) -> tuple[int, list[dict[str, object]]]:
        """(how many, one page) of the fused records of ``kind`` in order; ``where`` keeps
        the records whose top-level data fields equal the given strings."""
        clauses, params = self._fused_where(kind, where)
        total = self._rows(f"SELECT COUNT(*) FROM fused_records WHERE {clauses}", params)[0][0]
        rows = self._rows(
            f"SELECT data FROM fused_records WHERE {clauses} {_ORDER} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return int(total), [json.loads(row[0]) for row in rows]

    def fused_fields(
        self, kind: str, fields: Sequence[str], *, where: Mapping[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """(id, *the named top-level data fields) of every record of ``kind``, in order."""
        for name in fields:
            _check_field(name)
        selected = "".join(", data::json -> %s" for _ in fields)
        clauses, params = self._fused_where(kind, where)
        rows = self._rows(
            f"SELECT id{selected} FROM fused_records WHERE {clauses} {_ORDER}",
            [*fields, *params],
        )
        return [(row[0], *(_as_sql_value(value) for value in row[1:])) for row in rows]

    def related_fused(self, kind: str, record_id: str, *, limit: int = 20) -> list[tuple[str, int]]:
        """Other records of ``kind`` resting on the same articles as ``record_id``:
        (id, shared articles), most shared first."""
        rows = self._rows(
            "SELECT other.id, COUNT(*) AS shared FROM fused_members own "
            "JOIN fused_members other ON other.article_id = own.article_id "
            "AND other.kind = own.kind WHERE own.kind = %s AND own.id = %s AND other.id != own.id "
            "GROUP BY other.id ORDER BY shared DESC, other.id LIMIT %s",
            (kind, record_id, limit),
        )
        return [(row[0], int(row[1])) for row in rows]

    def count_fused(self, kind: str) -> int:
        return int(self._rows("SELECT COUNT(*) FROM fused_records WHERE kind = %s", (kind,))[0][0])

    def picture_token(self) -> str:
        """Changes whenever fusion writes the picture or an article is added: a cache key."""
        row = self._rows(
            "SELECT (SELECT MAX(id) FROM fusion_runs), (SELECT MAX(seq) FROM articles)"
        )[0]
        return f"{row[0] or 0}:{row[1] or 0}"

    def extractions_of_articles(
        self, article_ids: Sequence[str]
    ) -> dict[str, list[dict[str, object]]]:
        """The stored facts of many articles at once, each article's as ``extractions_of``
        returns them (an article without facts maps to ``[]``)."""
        facts: dict[str, list[dict[str, object]]] = {article_id: [] for article_id in article_ids}
        if not facts:
            return facts
        rows = self._rows(
            "SELECT article_id, kind, data FROM extractions WHERE article_id = ANY(%s) "
            "ORDER BY article_id, kind, position",
            (list(facts),),
        )
        for article_id, kind, data in rows:
            facts[article_id].append({"kind": kind, **json.loads(data)})
        return facts


__all__ = ["PostgresReads"]
