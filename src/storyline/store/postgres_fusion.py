"""The PostgreSQL backend's storage of the cross-article picture, and its fusion lock.

A fuse run reads what is pending, computes (seconds, in Python), then writes the records
that changed. Two processes fusing the same database at once must not interleave those
steps: each would write a diff against a picture the other has just changed. So a run
that will write holds a transaction-scoped advisory lock from ``pending_fusion`` to the
commit of ``apply_fusion`` (details in :meth:`PostgresFusion.pending_fusion`).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from storyline.errors import StoreError
from storyline.store.base import FusedArticle, FusionUpdate, PendingFusion

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    import psycopg

# Of one article's language facts: "version@analyzed_at", "" when never analysed.
_ANALYSIS_KEY = "COALESCE(n.version || '@' || n.analyzed_at::text, '')"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class PostgresFusion:
    """Mixed into :class:`storyline.store.postgres.PostgresStore`, which owns the
    connection and its transactions (``_db``, ``_lock``, ``_write``, ``_rows``)."""

    FUSION_LOCK = 3  # advisory lock key (with the store's namespace)

    location: str
    _db: "psycopg.Connection[Any]"
    _psycopg: Any
    _fusion_seen: int | None  # fusion run the last pending_fusion read
    _fusion_applied: int | None  # last fusion run this store wrote

    def _lock(self, which: int) -> None:
        raise NotImplementedError

    def _write(self, failure: str) -> "AbstractContextManager[None]":
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def _fusion_generation(self) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM fusion_runs").fetchone()
        return int(row[0]) if row else 0

    def _record_fused(
        self,
        kind: str,
        record_id: str,
        label: str | None,
        sort_key: str | None,
        data: dict[str, object],
        article_ids: Sequence[str],
        digest: str | None,
    ) -> None:
        db = self._db
        db.execute(
            "INSERT INTO fused_records(kind, id, label, sort_key, data, digest) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (kind, id) DO UPDATE SET "
            "label = excluded.label, sort_key = excluded.sort_key, data = excluded.data, "
            "digest = excluded.digest",
            (
                kind,
                record_id,
                label,
                sort_key,
                json.dumps(data, ensure_ascii=False, default=str),
                digest,
            ),
        )
        db.execute(
            "INSERT INTO fused_members(kind, id, article_id) "
            "SELECT %s, %s, unnest(%s::text[]) ON CONFLICT DO NOTHING",
            (kind, record_id, list(article_ids)),
        )

    def replace_fused(
        self,
        version: str,
        records: Iterable[
            tuple[str, str, str | None, str | None, dict[str, object], Sequence[str]]
        ],
        articles: int,
    ) -> None:
        """Replace the whole cross-article picture in one transaction."""
        with self._write("could not store the fused picture"):
            self._lock(self.FUSION_LOCK)
            self._db.execute("DELETE FROM fused_members")
            self._db.execute("DELETE FROM fused_records")
            for kind, record_id, label, sort_key, data, article_ids in records:
                self._record_fused(kind, record_id, label, sort_key, data, article_ids, None)
            self._db.execute(
                "INSERT INTO fusion_runs(version, articles, finished_at) VALUES (%s, %s, %s)",
                (version, articles, _now()),
            )

    def fused(self, kind: str, *, article_id: str | None = None) -> list[dict[str, object]]:
        """Fused records of one kind (optionally only those resting on one article)."""
        # NULLS FIRST: the order SQLite gives, so both backends list records alike.
        if article_id is None:
            rows = self._rows(
                "SELECT data FROM fused_records WHERE kind = %s ORDER BY sort_key NULLS FIRST, id",
                (kind,),
            )
        else:
            rows = self._rows(
                "SELECT r.data FROM fused_records r JOIN fused_members m "
                "ON m.kind = r.kind AND m.id = r.id WHERE r.kind = %s AND m.article_id = %s "
                "ORDER BY r.sort_key NULLS FIRST, r.id",
                (kind, article_id),
            )
        return [json.loads(row[0]) for row in rows]

    def fused_record(self, kind: str, record_id: str) -> dict[str, object] | None:
        row = self._one(
            "SELECT data FROM fused_records WHERE kind = %s AND id = %s", (kind, record_id)
        )
        return json.loads(row[0]) if row else None

    def last_fusion(self) -> tuple[str, int] | None:
        row = self._one("SELECT version, articles FROM fusion_runs ORDER BY id DESC LIMIT 1")
        return (row[0], int(row[1])) if row else None

    def pending_fusion(self, *, everything: bool = False) -> PendingFusion:
        """Articles not fused yet, fused ones re-analysed or regrouped since, and fused ones
        the saved state does not hold yet.

        A fuse run that will write holds the fusion lock from here to ``apply_fusion``, so
        no other process changes the picture between what it read and what it writes. It
        will write when there are new or changed articles, when ``everything`` is read (a
        rebuild), or when it must fold in articles another process fused last. Otherwise
        (only articles this store fused itself are unsaved: the runner's in-memory state
        already holds them) the lock is released at once, so an idle long-lived process
        never blocks the others; should such a run write after all, ``apply_fusion``
        refuses it if another process fused in between.
        """
        try:
            self._lock(self.FUSION_LOCK)
            if everything:
                rows = self._db.execute(
                    f"SELECT a.id, {_ANALYSIS_KEY}, a.group_id, true, false, a.seq "
                    "FROM articles a "
                    "LEFT JOIN analyses n ON n.article_id = a.id ORDER BY a.seq"
                ).fetchall()
            else:
                rows = self._db.execute(
                    f"SELECT a.id, {_ANALYSIS_KEY}, a.group_id, f.article_id IS NULL, "
                    f"f.analysis != {_ANALYSIS_KEY} OR f.group_id != a.group_id, a.seq "
                    # Only the queued articles (migration 0005) and the unsaved ones can
                    # be pending: a run reads those, not every article of the store.
                    "FROM (SELECT article_id FROM fusion_queue UNION "
                    "SELECT article_id FROM fusion_articles WHERE in_state = 0) p "
                    "JOIN articles a ON a.id = p.article_id "
                    "LEFT JOIN analyses n ON n.article_id = a.id "
                    "LEFT JOIN fusion_articles f ON f.article_id = a.id "
                    "WHERE f.article_id IS NULL OR f.in_state = 0 "
                    f"OR f.analysis != {_ANALYSIS_KEY} OR f.group_id != a.group_id ORDER BY a.seq"
                ).fetchall()
            counted = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(in_state), 0) FROM fusion_articles"
            ).fetchone()
            self._fusion_seen = self._fusion_generation()
        except self._psycopg.Error as exc:
            self._rollback()
            raise StoreError(f"could not read {self.location}: {str(exc).strip()}") from exc
        fused, saved = counted if counted else (0, 0)
        new = tuple(FusedArticle(r[0], r[1], r[2], r[5]) for r in rows if r[3])
        changed = tuple(FusedArticle(r[0], r[1], r[2], r[5]) for r in rows if not r[3] and r[4])
        unsaved = tuple(FusedArticle(r[0], r[1], r[2], r[5]) for r in rows if not r[3] and not r[4])
        will_write = (
            everything or new or changed or (unsaved and self._fusion_seen != self._fusion_applied)
        )
        if not will_write:
            self.commit()
        return PendingFusion(new, changed, unsaved, int(fused), int(saved))

    def fusion_state(self, name: str) -> tuple[str, bytes] | None:
        row = self._one("SELECT version, data FROM fusion_state WHERE name = %s", (name,))
        return (row[0], bytes(row[1])) if row else None

    def fusion_state_token(self, name: str) -> tuple[str, str] | None:
        """(version, token) of the saved state, without reading it."""
        row = self._one("SELECT version, token FROM fusion_state WHERE name = %s", (name,))
        return (row[0], row[1]) if row else None

    def fused_digests(self) -> dict[tuple[str, str], str | None]:
        """(kind, id) -> content digest of every fused record."""
        rows = self._rows("SELECT kind, id, digest FROM fused_records")
        return {(row[0], row[1]): row[2] for row in rows}

    def apply_fusion(self, update: FusionUpdate) -> None:
        """Write changed fused records, the fused articles and the runner's state at once."""
        db = self._db
        with self._write("could not store the fused picture"):
            self._lock(self.FUSION_LOCK)
            if (
                not update.full
                and self._fusion_seen is not None
                and self._fusion_generation() != self._fusion_seen
            ):
                raise StoreError(
                    "another storyline process updated the cross-article picture while this "
                    "one was fusing; nothing was written: run `storyline fuse` again"
                )
            if update.full:
                db.execute("DELETE FROM fused_members")
                db.execute("DELETE FROM fused_records")
                db.execute("DELETE FROM fusion_articles")
            with db.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM fused_members WHERE kind = %s AND id = %s", list(update.deletes)
                )
                cursor.executemany(
                    "DELETE FROM fused_records WHERE kind = %s AND id = %s", list(update.deletes)
                )
            for kind, record_id, label, sort_key, data, article_ids, digest in update.upserts:
                if not update.full:
                    # Only the members the record no longer rests on: a record that gains
                    # an article (a common entity rests on thousands) keeps the others.
                    db.execute(
                        "DELETE FROM fused_members WHERE kind = %s AND id = %s "
                        "AND NOT (article_id = ANY(%s::text[]))",
                        (kind, record_id, list(article_ids)),
                    )
                self._record_fused(kind, record_id, label, sort_key, data, article_ids, digest)
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO fusion_articles(article_id, analysis, group_id, in_state) "
                    "VALUES (%s, %s, %s, 0) ON CONFLICT (article_id) DO UPDATE SET "
                    "analysis = excluded.analysis, group_id = excluded.group_id, in_state = 0",
                    [(a.article_id, a.analysis, a.group_id) for a in update.fused_articles],
                )
            # Queued articles whose fusion row matches them now are done; one changed
            # again since stays queued.
            db.execute(
                "DELETE FROM fusion_queue q USING articles a "
                "JOIN fusion_articles f ON f.article_id = a.id "
                "LEFT JOIN analyses n ON n.article_id = a.id "
                "WHERE a.id = q.article_id AND f.group_id = a.group_id "
                f"AND f.analysis = {_ANALYSIS_KEY}"
            )
            if update.state is not None:
                db.execute("UPDATE fusion_articles SET in_state = 1 WHERE in_state = 0")
                db.execute(
                    "INSERT INTO fusion_state(name, version, token, data, updated_at) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
                    "version = excluded.version, token = excluded.token, data = excluded.data, "
                    "updated_at = excluded.updated_at",
                    (
                        update.state_name,
                        update.state_version,
                        update.state_token,
                        update.state,
                        _now(),
                    ),
                )
            row = db.execute(
                "INSERT INTO fusion_runs(version, articles, finished_at) VALUES (%s, %s, %s) "
                "RETURNING id",
                (update.version, update.articles, _now()),
            ).fetchone()
            self._fusion_applied = self._fusion_seen = int(row[0]) if row else None


__all__ = ["PostgresFusion"]
