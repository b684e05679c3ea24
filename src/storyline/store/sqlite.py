"""SQLite backend of :class:`storyline.store.base.Store`: one file, WAL, FTS5.

Every article is written in one ``BEGIN IMMEDIATE`` transaction together with its
raw bytes, boilerplate record, LSH bands, copy links and group update, so a
process killed mid-ingest leaves either the whole article or nothing.
"""

from __future__ import annotations

import array
import json
import re
import sqlite3
import time
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from storyline.errors import SchemaVersionError, StoreError
from storyline.fusion.dedup import GroupMember
from storyline.fusion.provenance import GroupPlan
from storyline.model import (
    Article,
    BoilerplateLine,
    CopyLink,
    DateSource,
    Failure,
    Fingerprint,
    Relation,
)
from storyline.store.base import (
    ArticleHeader,
    DuplicateGroup,
    FusedArticle,
    FusionUpdate,
    PendingFusion,
    SearchHit,
    StoredArticle,
    StoredFailure,
)
from storyline.store.migrations import load_migrations
from storyline.store.rows import ARTICLE_COLUMNS, article_from, article_values, stored_from

_ARTICLE_COLUMNS = (
    "seq, id, raw_sha256, source, kind, url, title, byline, outlet, outlet_source, "
    "original_outlet, language, published, published_source, published_evidence, encoding, "
    "text, group_id, copy_of, relation, similarity, ingested_at"
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _band_integer(key: str) -> int:
    """A band key ("b007:<16 hex digits>") as a signed 64-bit integer.

    The hex digest already mixes in the band number, so the integer alone identifies
    the band and its rows; integer keys make the LSH index about half the size of text
    keys and faster to insert into.
    """
    value = int(key.rpartition(":")[2], 16)
    return value - (1 << 64) if value >= (1 << 63) else value


def _pack_minhash(values: Sequence[int]) -> bytes:
    # The signature's hash values are 32-bit (datasketch's "affine32" scheme).
    return array.array("I", values).tobytes()


class SQLiteStore:
    """A storyline store in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.location = str(path)
        try:
            if self.location != ":memory:":
                Path(self.location).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.location, isolation_level=None, timeout=60)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open store {self.location}: {exc}") from exc
        self._db.row_factory = sqlite3.Row
        self._batch_started = time.monotonic()
        self._batch_size = 0
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process (not against power loss) and much faster.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=60000")
        # The LSH index takes 128 rows per article; with SQLite's default 2 MB page cache
        # its inserts slow down as the store grows (measured in benchmarks/RESULTS.md).
        self._db.execute("PRAGMA cache_size=-65536")
        self._migrate()

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        db = self._db
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        applied = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
        migrations = load_migrations()
        known = {m.version for m in migrations}
        if applied - known:
            raise SchemaVersionError(
                f"{self.location} was written by a newer storyline (schema {max(applied)}); "
                "upgrade storyline to read it"
            )
        for migration in migrations:
            if migration.version in applied:
                continue
            # One script inside BEGIN/COMMIT: a migration is applied whole or not at all.
            script = (
                "BEGIN IMMEDIATE;\n"
                f"{migration.sql}\n"
                "INSERT INTO schema_migrations(version, name, applied_at) "
                f"VALUES ({migration.version}, '{migration.name}', '{_now()}');\n"
                "COMMIT;"
            )
            try:
                db.executescript(script)
            except sqlite3.Error as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise StoreError(
                    f"migration {migration.version:04d}_{migration.name} failed: {exc}"
                ) from exc

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest
    def article_id_for_raw(self, raw_sha256: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM articles WHERE raw_sha256 = ?", (raw_sha256,)
        ).fetchone()
        return row[0] if row else None

    def add_source(self, article_id: str, source: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO article_sources(article_id, source) VALUES (?, ?)",
            (article_id, source),
        )

    def exact_matches(self, normalized_sha256: str) -> list[str]:
        rows = self._db.execute(
            "SELECT id FROM articles WHERE normalized_sha256 = ? ORDER BY seq", (normalized_sha256,)
        )
        return [row[0] for row in rows]

    def lsh_candidates(self, band_keys: Sequence[str], limit: int) -> list[str]:
        if not band_keys:
            return []
        placeholders = ",".join("?" * len(band_keys))
        rows = self._db.execute(
            f"SELECT article_id, COUNT(*) AS shared FROM lsh_bands "
            f"WHERE band_key IN ({placeholders}) GROUP BY article_id "
            f"ORDER BY shared DESC, article_id LIMIT ?",
            (*[_band_integer(key) for key in band_keys], limit),
        )
        return [row[0] for row in rows]

    def texts(self, article_ids: Sequence[str]) -> dict[str, str]:
        if not article_ids:
            return {}
        placeholders = ",".join("?" * len(article_ids))
        rows = self._db.execute(
            f"SELECT id, text FROM articles WHERE id IN ({placeholders})", tuple(article_ids)
        )
        return {row[0]: row[1] for row in rows}

    def group_states(
        self, article_ids: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, list[tuple[GroupMember, Relation, float | None]]]]:
        if not article_ids:
            return {}, {}
        placeholders = ",".join("?" * len(article_ids))
        group_of = {
            row[0]: row[1]
            for row in self._db.execute(
                f"SELECT id, group_id FROM articles WHERE id IN ({placeholders})",
                tuple(article_ids),
            )
        }
        groups: dict[str, list[tuple[GroupMember, Relation, float | None]]] = {}
        for group_id in sorted(set(group_of.values())):
            rows = self._db.execute(
                "SELECT id, published, outlet, original_outlet, seq, relation, similarity "
                "FROM articles WHERE group_id = ? ORDER BY seq",
                (group_id,),
            )
            groups[group_id] = [
                (
                    GroupMember(
                        article_id=row["id"],
                        published=date.fromisoformat(row["published"]) if row["published"] else None,
                        outlet=row["outlet"],
                        original_outlet=row["original_outlet"],
                        order=row["seq"],
                    ),
                    Relation(row["relation"]),
                    row["similarity"],
                )
                for row in rows
            ]
        return group_of, groups

    def next_order(self) -> int:
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
        return int(row[0]) + 1 if row else 1

    def add_article(
        self,
        article: Article,
        raw_data: bytes,
        fingerprint: Fingerprint,
        links: Sequence[CopyLink],
        plan: GroupPlan,
    ) -> None:
        db = self._db
        now = _now()
        with self._savepoint("article", f"could not store article {article.id}"):
            db.execute(
                "INSERT OR IGNORE INTO raw_documents(sha256, data, size, kind, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (article.raw_sha256, raw_data, len(raw_data), article.kind.value, now),
            )
            db.execute(
                f"INSERT INTO articles({', '.join(ARTICLE_COLUMNS)}) "
                f"VALUES ({','.join('?' * len(ARTICLE_COLUMNS))})",
                article_values(
                    article, fingerprint, plan, now,
                    published=lambda day: day.isoformat() if day else None,
                    minhash=_pack_minhash,
                ),
            )
            db.execute(
                "INSERT OR IGNORE INTO article_sources(article_id, source) VALUES (?, ?)",
                (article.id, article.source),
            )
            db.executemany(
                "INSERT INTO boilerplate_lines(article_id, position, line_number, reason, text) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (article.id, position, line.line_number, line.reason, line.text)
                    for position, line in enumerate(article.boilerplate_removed)
                ],
            )
            db.executemany(
                "INSERT OR IGNORE INTO lsh_bands(band_key, article_id) VALUES (?, ?)",
                [(_band_integer(key), article.id) for key in fingerprint.band_keys],
            )
            db.executemany(
                "INSERT OR REPLACE INTO copy_links(article_id, other_id, relation, similarity) "
                "VALUES (?, ?, ?, ?)",
                [(article.id, l.other_id, l.relation.value, l.similarity) for l in links],
            )
            self._apply_plan(plan, article.id)

    # Articles are written inside one transaction per batch: each article is a savepoint
    # (whole or nothing), and the batch commits every COMMIT_EVERY articles or
    # COMMIT_SECONDS, whichever comes first, and on commit()/close(). A killed process
    # loses at most the uncommitted batch, which the next run simply ingests again;
    # per-article commits would cost a WAL sync each and dominate ingest time.
    COMMIT_EVERY = 200
    COMMIT_SECONDS = 2.0

    @contextmanager
    def _savepoint(self, name: str, failure: str) -> Iterator[None]:
        """Write one unit (an article, an analysis) whole or not at all, inside the batch."""
        db = self._db
        self._begin()
        db.execute(f"SAVEPOINT {name}")
        try:
            yield
            db.execute(f"RELEASE {name}")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute(f"ROLLBACK TO {name}")
                db.execute(f"RELEASE {name}")
            raise StoreError(f"{failure}: {exc}") from exc
        self._maybe_commit()

    def _begin(self) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
            self._batch_started = time.monotonic()
            self._batch_size = 0

    def _maybe_commit(self) -> None:
        self._batch_size += 1
        if (
            self._batch_size >= self.COMMIT_EVERY
            or time.monotonic() - self._batch_started >= self.COMMIT_SECONDS
        ):
            self.commit()

    def commit(self) -> None:
        """Make everything written so far durable."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")
        self._batch_size = 0

    def _apply_plan(self, plan: GroupPlan, new_id: str) -> None:
        db = self._db
        for absorbed in plan.absorbed_group_ids:
            db.execute("UPDATE articles SET group_id = ? WHERE group_id = ?", (plan.group_id, absorbed))
            db.execute("DELETE FROM duplicate_groups WHERE id = ?", (absorbed,))
        for state in plan.members:
            if state.article_id == new_id:
                continue
            db.execute(
                "UPDATE articles SET group_id = ?, copy_of = ?, relation = ?, similarity = ? "
                "WHERE id = ?",
                (
                    plan.group_id,
                    state.copy_of,
                    state.relation.value,
                    state.similarity,
                    state.article_id,
                ),
            )
        db.execute(
            "INSERT INTO duplicate_groups(id, original_id, size) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET original_id = excluded.original_id, size = excluded.size",
            (plan.group_id, plan.original_id, len(plan.members)),
        )

    def record_failure(self, failure: Failure) -> None:
        now = _now()
        self._db.execute(
            "INSERT INTO failures(source, stage, code, reason, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(source, stage, code) DO UPDATE SET "
            "reason = excluded.reason, last_seen = excluded.last_seen, count = count + 1",
            (failure.source, failure.stage, failure.code, failure.reason, now, now),
        )

    def clear_failure(self, source: str) -> None:
        """Forget failures of a source that has now been ingested successfully."""
        self._db.execute("DELETE FROM failures WHERE source = ?", (source,))

    def start_run(self, inputs: Sequence[str]) -> int:
        cursor = self._db.execute(
            "INSERT INTO ingest_runs(started_at, inputs) VALUES (?, ?)", (_now(), "\n".join(inputs))
        )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, added: int, unchanged: int, failed: int) -> None:
        self._db.execute(
            "UPDATE ingest_runs SET finished_at = ?, added = ?, unchanged = ?, failed = ? WHERE id = ?",
            (_now(), added, unchanged, failed, run_id),
        )

    # ------------------------------------------------------------------ language layer
    def articles_to_analyze(
        self, version: str, *, after_seq: int = 0, limit: int = 256
    ) -> list[tuple[int, str, str, date | None]]:
        """Articles not yet analysed at ``version``: (seq, id, text, published), by seq."""
        rows = self._db.execute(
            "SELECT a.seq, a.id, a.text, a.published FROM articles a "
            "LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE a.seq > ? AND (n.version IS NULL OR n.version != ?) ORDER BY a.seq LIMIT ?",
            (after_seq, version, limit),
        )
        return [
            (row[0], row[1], row[2], date.fromisoformat(row[3]) if row[3] else None)
            for row in rows
        ]

    def save_analysis(
        self, article_id: str, version: str, rows: Sequence[tuple[str, int, int, int, int, str, str]]
    ) -> None:
        """Replace an article's extractions: rows of (kind, position, sentence, start, end, text, data)."""
        db = self._db
        with self._savepoint("analysis", f"could not store the analysis of {article_id}"):
            db.execute("DELETE FROM extractions WHERE article_id = ?", (article_id,))
            db.executemany(
                'INSERT INTO extractions(article_id, kind, position, sentence, start, "end", text, data) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(article_id, *row) for row in rows],
            )
            db.execute(
                "INSERT INTO analyses(article_id, version, analyzed_at) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET version = excluded.version, "
                "analyzed_at = excluded.analyzed_at",
                (article_id, version, _now()),
            )

    def extractions_of(self, article_id: str, kind: str | None = None) -> list[dict[str, object]]:
        query = "SELECT kind, data FROM extractions WHERE article_id = ?"
        params: tuple[object, ...] = (article_id,)
        if kind is not None:
            query += " AND kind = ?"
            params += (kind,)
        rows = self._db.execute(query + " ORDER BY kind, position", params)
        return [{"kind": row[0], **json.loads(row[1])} for row in rows]

    def iter_extractions(self, kind: str) -> Iterator[dict[str, object]]:
        """Every stored fact of one kind, article by article (streamed)."""
        cursor = self._db.cursor()
        cursor.execute(
            "SELECT e.data FROM extractions e JOIN articles a ON a.id = e.article_id "
            "WHERE e.kind = ? ORDER BY a.seq, e.position",
            (kind,),
        )
        for row in cursor:
            yield json.loads(row[0])

    def analysis_counts(self) -> dict[str, int]:
        counts = {
            row[0]: row[1]
            for row in self._db.execute("SELECT kind, COUNT(*) FROM extractions GROUP BY kind")
        }
        counts["analyzed_articles"] = int(
            self._db.execute("SELECT COUNT(*) FROM analyses").fetchone()[0]
        )
        return counts

    # ------------------------------------------------------------------ fusion
    def replace_fused(
        self,
        version: str,
        records: Iterable[tuple[str, str, str | None, str | None, dict[str, object], Sequence[str]]],
        articles: int,
    ) -> None:
        """Replace the whole cross-article picture in one transaction.

        ``records`` are (kind, id, label, sort_key, data, article ids).
        """
        db = self._db
        self.commit()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM fused_members")
            db.execute("DELETE FROM fused_records")
            for kind, record_id, label, sort_key, data, article_ids in records:
                db.execute(
                    "INSERT OR REPLACE INTO fused_records(kind, id, label, sort_key, data) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (kind, record_id, label, sort_key, json.dumps(data, ensure_ascii=False, default=str)),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO fused_members(kind, id, article_id) VALUES (?, ?, ?)",
                    [(kind, record_id, article_id) for article_id in article_ids],
                )
            db.execute(
                "INSERT INTO fusion_runs(version, articles, finished_at) VALUES (?, ?, ?)",
                (version, articles, _now()),
            )
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"could not store the fused picture: {exc}") from exc

    def fused(self, kind: str, *, article_id: str | None = None) -> list[dict[str, object]]:
        """Fused records of one kind (optionally only those resting on one article)."""
        if article_id is None:
            rows = self._db.execute(
                "SELECT data FROM fused_records WHERE kind = ? ORDER BY sort_key, id", (kind,)
            )
        else:
            rows = self._db.execute(
                "SELECT r.data FROM fused_records r JOIN fused_members m "
                "ON m.kind = r.kind AND m.id = r.id WHERE r.kind = ? AND m.article_id = ? "
                "ORDER BY r.sort_key, r.id",
                (kind, article_id),
            )
        return [json.loads(row[0]) for row in rows]

    def fused_record(self, kind: str, record_id: str) -> dict[str, object] | None:
        row = self._db.execute(
            "SELECT data FROM fused_records WHERE kind = ? AND id = ?", (kind, record_id)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def last_fusion(self) -> tuple[str, int] | None:
        row = self._db.execute(
            "SELECT version, articles FROM fusion_runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (row[0], int(row[1])) if row else None

    def pending_fusion(self, *, everything: bool = False) -> PendingFusion:
        """Articles not fused yet, fused ones re-analysed or regrouped since, and fused ones
        the saved state does not hold yet.

        ``everything``: every article counts as not fused (what a rebuild reads).
        """
        analysis = "COALESCE(n.version || '@' || n.analyzed_at, '')"
        if everything:
            rows = self._db.execute(
                f"SELECT a.id, {analysis}, a.group_id, 1, 0, a.seq FROM articles a "
                "LEFT JOIN analyses n ON n.article_id = a.id ORDER BY a.seq"
            ).fetchall()
        else:
            # Only the queued articles (added, regrouped or re-analysed since fused: see
            # migration 0005) and the unsaved ones can be pending: a run reads those, not
            # every article of the store.
            rows = self._db.execute(
                f"SELECT a.id, {analysis}, a.group_id, f.article_id IS NULL, "
                f"f.analysis != {analysis} OR f.group_id != a.group_id, a.seq "
                "FROM (SELECT article_id FROM fusion_queue UNION "
                "SELECT article_id FROM fusion_articles WHERE in_state = 0) p "
                "JOIN articles a ON a.id = p.article_id "
                "LEFT JOIN analyses n ON n.article_id = a.id "
                "LEFT JOIN fusion_articles f ON f.article_id = a.id "
                f"WHERE f.article_id IS NULL OR f.in_state = 0 OR f.analysis != {analysis} "
                "OR f.group_id != a.group_id ORDER BY a.seq"
            ).fetchall()
        fused, saved = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(in_state), 0) FROM fusion_articles"
        ).fetchone()
        new = tuple(FusedArticle(r[0], r[1], r[2], r[5]) for r in rows if r[3])
        changed = tuple(FusedArticle(r[0], r[1], r[2], r[5]) for r in rows if not r[3] and r[4])
        unsaved = tuple(
            FusedArticle(r[0], r[1], r[2], r[5]) for r in rows if not r[3] and not r[4]
        )
        return PendingFusion(new, changed, unsaved, int(fused), int(saved))

    def fusion_state(self, name: str) -> tuple[str, bytes] | None:
        row = self._db.execute(
            "SELECT version, data FROM fusion_state WHERE name = ?", (name,)
        ).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def fusion_state_token(self, name: str) -> tuple[str, str] | None:
        """(version, token) of the saved state, without reading it."""
        row = self._db.execute(
            "SELECT version, token FROM fusion_state WHERE name = ?", (name,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def fused_digests(self) -> dict[tuple[str, str], str | None]:
        """(kind, id) -> content digest of every fused record."""
        rows = self._db.execute("SELECT kind, id, digest FROM fused_records")
        return {(row[0], row[1]): row[2] for row in rows}

    def apply_fusion(self, update: FusionUpdate) -> None:
        """Write changed fused records, the fused articles and the runner's state at once."""
        db = self._db
        self.commit()
        try:
            db.execute("BEGIN IMMEDIATE")
            if update.full:
                db.execute("DELETE FROM fused_members")
                db.execute("DELETE FROM fused_records")
                db.execute("DELETE FROM fusion_articles")
            for kind, record_id in update.deletes:
                db.execute("DELETE FROM fused_members WHERE kind = ? AND id = ?", (kind, record_id))
                db.execute("DELETE FROM fused_records WHERE kind = ? AND id = ?", (kind, record_id))
            for kind, record_id, label, sort_key, data, article_ids, digest in update.upserts:
                db.execute(
                    "INSERT OR REPLACE INTO fused_records(kind, id, label, sort_key, data, digest) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, record_id, label, sort_key,
                     json.dumps(data, ensure_ascii=False, default=str), digest),
                )
                if update.full:
                    added: Iterable[str] = article_ids
                else:
                    added = self._replace_members(kind, record_id, article_ids)
                db.executemany(
                    "INSERT OR IGNORE INTO fused_members(kind, id, article_id) VALUES (?, ?, ?)",
                    [(kind, record_id, article_id) for article_id in added],
                )
            db.executemany(
                "INSERT OR REPLACE INTO fusion_articles(article_id, analysis, group_id, in_state) "
                "VALUES (?, ?, ?, 0)",
                [(a.article_id, a.analysis, a.group_id) for a in update.fused_articles],
            )
            self._unqueue_fused()
            if update.state is not None:
                db.execute("UPDATE fusion_articles SET in_state = 1 WHERE in_state = 0")
                db.execute(
                    "INSERT OR REPLACE INTO fusion_state(name, version, token, data, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (update.state_name, update.state_version, update.state_token, update.state,
                     _now()),
                )
            db.execute(
                "INSERT INTO fusion_runs(version, articles, finished_at) VALUES (?, ?, ?)",
                (update.version, update.articles, _now()),
            )
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"could not store the fused picture: {exc}") from exc

    # ------------------------------------------------------------------ reads
    def count_articles(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def _boilerplate(self, article_id: str) -> tuple[BoilerplateLine, ...]:
        rows = self._db.execute(
            "SELECT text, reason, line_number FROM boilerplate_lines WHERE article_id = ? "
            "ORDER BY position",
            (article_id,),
        )
        return tuple(BoilerplateLine(row[0], row[1], row[2]) for row in rows)

    def _stored(self, row: sqlite3.Row) -> StoredArticle:
        published = row["published"]
        article = article_from(
            row,
            published=date.fromisoformat(published) if published else None,
            boilerplate=self._boilerplate(row["id"]),
        )
        return stored_from(row, article, row["ingested_at"])

    def iter_articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[StoredArticle]:
        # Page by seq so that a long export never holds the whole corpus in memory.
        remaining = limit if limit is not None else -1
        last_seq = -1
        skipped = 0
        page = 500
        while remaining != 0:
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (last_seq, page),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                last_seq = row["seq"]
                if skipped < offset:
                    skipped += 1
                    continue
                yield self._stored(row)
                remaining -= 1
                if remaining == 0:
                    return

    def articles_by_id(self, article_ids: Sequence[str]) -> Iterator[StoredArticle]:
        """The stored articles of ``article_ids`` (exact ids), in ingestion order."""
        for start in range(0, len(article_ids), 500):
            chunk = tuple(article_ids[start:start + 500])
            placeholders = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({placeholders}) "
                "ORDER BY seq",
                chunk,
            ).fetchall()
            for row in rows:
                yield self._stored(row)

    def get_article(self, article_id: str) -> StoredArticle | None:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ? OR id LIKE ? "
            "ORDER BY id = ? DESC LIMIT 2",
            (article_id, f"{article_id}%", article_id),
        ).fetchall()
        if not row:
            return None
        if len(row) > 1 and row[0]["id"] != article_id:
            return None  # ambiguous prefix
        return self._stored(row[0])

    def raw_bytes(self, raw_sha256: str) -> bytes | None:
        row = self._db.execute(
            "SELECT data FROM raw_documents WHERE sha256 = ?", (raw_sha256,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def sources_of(self, article_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT source FROM article_sources WHERE article_id = ? ORDER BY source", (article_id,)
        )
        return [row[0] for row in rows]

    def copy_links_of(self, article_id: str) -> list[tuple[str, str, Relation, float]]:
        rows = self._db.execute(
            "SELECT article_id, other_id, relation, similarity FROM copy_links "
            "WHERE article_id = ? OR other_id = ? ORDER BY article_id, other_id",
            (article_id, article_id),
        )
        return [(row[0], row[1], Relation(row[2]), row[3]) for row in rows]

    def failures(self) -> list[StoredFailure]:
        rows = self._db.execute(
            "SELECT source, stage, code, reason, first_seen, last_seen, count FROM failures "
            "ORDER BY id"
        )
        return [
            StoredFailure(Failure(row[0], row[1], row[2], row[3]), row[4], row[5], row[6])
            for row in rows
        ]

    def groups(self, *, min_size: int = 1) -> list[DuplicateGroup]:
        rows = self._db.execute(
            "SELECT g.id, g.original_id, group_concat(a.id) FROM duplicate_groups g "
            "JOIN articles a ON a.group_id = g.id GROUP BY g.id HAVING COUNT(a.id) >= ? "
            "ORDER BY MIN(a.seq)",
            (min_size,),
        )
        return [
            DuplicateGroup(row[0], row[1], tuple(sorted(row[2].split(",")))) for row in rows
        ]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        match = _fts_query(query)
        if not match:
            return []
        rows = self._db.execute(
            "SELECT a.id, a.title, snippet(articles_fts, 1, '[', ']', ' … ', 12), "
            "bm25(articles_fts) FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
            (match, limit),
        )
        return [SearchHit(row[0], row[1], row[2], -float(row[3])) for row in rows]

    # ------------------------------------------------------------------ lighter reads
    # What the web interface reads on every request: a few rows by key, never a whole kind.
    def article_headers(self, article_ids: Sequence[str] | None = None) -> list[ArticleHeader]:
        """Articles without their text or boilerplate, in ingestion order (all when ``None``)."""
        columns = (
            "id, seq, title, outlet, published, published_source, group_id, copy_of, relation, "
            "similarity"
        )
        if article_ids is None:
            rows = self._db.execute(f"SELECT {columns} FROM articles ORDER BY seq")
        else:
            rows = self._db.execute(
                f"SELECT {columns} FROM articles WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY seq",
                (json.dumps(list(article_ids)),),
            )
        return [
            ArticleHeader(
                id=row[0], seq=row[1], title=row[2], outlet=row[3],
                published=date.fromisoformat(row[4]) if row[4] else None,
                published_source=DateSource(row[5]), group_id=row[6], copy_of=row[7],
                relation=Relation(row[8]), similarity=row[9],
            )
            for row in rows
        ]

    def duplicate_group(self, group_id: str) -> DuplicateGroup | None:
        """One duplicate group with its members (sorted ids), or None."""
        row = self._db.execute(
            "SELECT g.id, g.original_id, group_concat(a.id) FROM duplicate_groups g "
            "JOIN articles a ON a.group_id = g.id WHERE g.id = ? GROUP BY g.id",
            (group_id,),
        ).fetchone()
        if row is None:
            return None
        return DuplicateGroup(row[0], row[1], tuple(sorted(row[2].split(","))))

    def fused_for_articles(self, kind: str, article_ids: Sequence[str]) -> list[dict[str, object]]:
        """Fused records of ``kind`` resting on any of ``article_ids``, each once, in order."""
        if not article_ids:
            return []
        rows = self._db.execute(
            "SELECT data FROM fused_records WHERE kind = ? AND id IN ("
            "SELECT id FROM fused_members WHERE kind = ? AND article_id IN "
            "(SELECT value FROM json_each(?))) ORDER BY sort_key, id",
            (kind, kind, json.dumps(list(article_ids))),
        )
        return [json.loads(row[0]) for row in rows]

    def fused_by_ids(self, kind: str, record_ids: Sequence[str]) -> list[dict[str, object]]:
        """The fused records of ``kind`` with these ids (unknown ids skipped), in order."""
        if not record_ids:
            return []
        rows = self._db.execute(
            "SELECT data FROM fused_records WHERE kind = ? AND id IN "
            "(SELECT value FROM json_each(?)) ORDER BY sort_key, id",
            (kind, json.dumps(list(record_ids))),
        )
        return [json.loads(row[0]) for row in rows]

    def fused_page(
        self,
        kind: str,
        *,
        limit: int,
        offset: int = 0,
        where: Mapping[str, str] | None = None,
    ) -> tuple[int, list[dict[str, object]]]:
        """(how many, one page) of the fused records of ``kind`` in order.

        ``where`` keeps the records whose top-level data fields equal the given strings
        (``{"label": "PERSON"}``, ``{"stance": "deny"}``).
        """
        clauses, params = self._fused_where(kind, where)
        total = int(self._db.execute(
            f"SELECT COUNT(*) FROM fused_records WHERE {clauses}", params
        ).fetchone()[0])
        rows = self._db.execute(
            f"SELECT data FROM fused_records WHERE {clauses} ORDER BY sort_key, id "
            "LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return total, [json.loads(row[0]) for row in rows]

    def fused_fields(
        self, kind: str, fields: Sequence[str], *, where: Mapping[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """(id, *the named top-level data fields) of every record of ``kind``, in order.

        Reads the records without handing their whole JSON to Python: what a ranking or a
        count over a whole kind needs.
        """
        for name in fields:
            _check_field(name)
        selected = "".join(f", json_extract(data, '$.{name}')" for name in fields)
        clauses, params = self._fused_where(kind, where)
        rows = self._db.execute(
            f"SELECT id{selected} FROM fused_records WHERE {clauses} ORDER BY sort_key, id",
            params,
        )
        return [tuple(row) for row in rows]

    def related_fused(self, kind: str, record_id: str, *, limit: int = 20) -> list[tuple[str, int]]:
        """Other records of ``kind`` resting on the same articles as ``record_id``:
        (id, shared articles), most shared first."""
        # CROSS JOIN keeps SQLite's join order: this record's few members first, then each
        # member's records by the (article_id, kind) index (the other way round scans a kind).
        rows = self._db.execute(
            "SELECT other.id, COUNT(*) AS shared FROM fused_members own "
            "CROSS JOIN fused_members other "
            "WHERE own.kind = ? AND own.id = ? AND other.article_id = own.article_id "
            "AND other.kind = own.kind AND other.id != own.id "
            "GROUP BY other.id ORDER BY shared DESC, other.id LIMIT ?",
            (kind, record_id, limit),
        )
        return [(row[0], int(row[1])) for row in rows]

    def count_fused(self, kind: str) -> int:
        return int(self._db.execute(
            "SELECT COUNT(*) FROM fused_records WHERE kind = ?", (kind,)
        ).fetchone()[0])

    def picture_token(self) -> str:
        """Changes whenever fusion writes the picture or an article is added: a cache key."""
        row = self._db.execute(
            "SELECT (SELECT MAX(id) FROM fusion_runs), (SELECT MAX(seq) FROM articles)"
        ).fetchone()
        return f"{row[0] or 0}:{row[1] or 0}"

    @staticmethod
    def _fused_where(
        kind: str, where: Mapping[str, str] | None
    ) -> tuple[str, tuple[object, ...]]:
        clauses = ["kind = ?"]
        params: tuple[object, ...] = (kind,)
        for name, value in (where or {}).items():
            _check_field(name)
            clauses.append(f"json_extract(data, '$.{name}') = ?")
            params += (value,)
        return " AND ".join(clauses), params

    def extractions_of_articles(
        self, article_ids: Sequence[str]
    ) -> dict[str, list[dict[str, object]]]:
        """The stored facts of many articles at once, each article's as
        :meth:`extractions_of` returns them (an article without facts maps to ``[]``)."""
        facts: dict[str, list[dict[str, object]]] = {article_id: [] for article_id in article_ids}
        ids = list(facts)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = self._db.execute(
                "SELECT article_id, kind, data FROM extractions "
                f"WHERE article_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY article_id, kind, position",
                chunk,
            )
            for article_id, kind, data in rows:
                facts[article_id].append({"kind": kind, **json.loads(data)})
        return facts

    def _replace_members(
        self, kind: str, record_id: str, article_ids: Sequence[str]
    ) -> list[str]:
        """Delete the members of a fused record it no longer rests on; return the ones to
        add. A record that gains an article (a common entity rests on thousands) costs
        a read of its members, not a rewrite of them all."""
        wanted = dict.fromkeys(article_ids)
        gone = []
        for (article_id,) in self._db.execute(
            "SELECT article_id FROM fused_members WHERE kind = ? AND id = ?", (kind, record_id)
        ):
            if article_id in wanted:
                del wanted[article_id]
            else:
                gone.append((kind, record_id, article_id))
        self._db.executemany(
            "DELETE FROM fused_members WHERE kind = ? AND id = ? AND article_id = ?", gone
        )
        return list(wanted)

    def _unqueue_fused(self) -> None:
        """Drop the queued articles whose fusion row matches them now (inside
        ``apply_fusion``'s transaction); an article changed again since stays queued."""
        self._db.execute(
            "DELETE FROM fusion_queue WHERE article_id IN ("
            "SELECT q.article_id FROM fusion_queue q "
            "JOIN articles a ON a.id = q.article_id "
            "JOIN fusion_articles f ON f.article_id = q.article_id "
            "LEFT JOIN analyses n ON n.article_id = q.article_id "
            "WHERE f.analysis = COALESCE(n.version || '@' || n.analyzed_at, '') "
            "AND f.group_id = a.group_id)"
        )


def _fts_query(query: str) -> str:
    """Turn free text into a safe FTS5 query: every word quoted, all required."""
    words = [w for w in query.replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words)


_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_field(name: str) -> None:
    """Field names go into SQL text: only plain identifiers."""
    if not _FIELD.match(name):
        raise StoreError(f"not a record field name: {name!r}")


__all__ = ["SQLiteStore"]
