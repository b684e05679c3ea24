"""PostgreSQL backend of :class:`storyline.store.base.Store`.

Needs the ``postgres`` extra: ``pip install 'storyline[postgres]'``.

Same tables as the SQLite backend (migrations in ``migrations/postgresql``), full-text
search on a generated ``tsvector`` column with a GIN index, and psycopg 3 underneath.

Several processes may write to one database at once; three transaction-scoped advisory
locks keep them from stepping on each other without serialising the slow work:

* **ingest**: copy detection reads the copy index and then writes the article and its
  group, so the lock is taken at the first read of the index (``exact_matches``) and
  released when ``add_article`` commits. Extraction, the expensive part, runs outside
  it; two writers adding near-copies of one story end with one consistent group.
* **fusion**: a fuse run reads what is pending, computes, then writes the changed
  records. The lock is taken by ``pending_fusion`` when the run will write and released
  when ``apply_fusion`` commits (:mod:`storyline.store.postgres_fusion`).
* **analysis**: one lock per article, so two analysers of the same article replace its
  facts one after the other instead of colliding.

Reads of articles, groups and search, and the lighter reads the web interface makes per
request, are in :mod:`storyline.store.postgres_reads`.

Every article, analysis and fusion update is its own transaction, committed at once
(with ``synchronous_commit = off``: durable against a killed process, like the SQLite
backend's ``synchronous=NORMAL``), so what one process writes the others see.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

from storyline.errors import ConfigError, MissingExtra, SchemaVersionError, StoreError
from storyline.fusion.dedup import GroupMember
from storyline.fusion.provenance import GroupPlan
from storyline.model import Article, CopyLink, Failure, Fingerprint, Relation
from storyline.store.migrations import load_migrations
from storyline.store.postgres_fusion import PostgresFusion
from storyline.store.postgres_reads import PostgresReads
from storyline.store.rows import ARTICLE_COLUMNS, article_values

# One band-key and signature encoding for both backends.
from storyline.store.sqlite import _band_integer, _pack_minhash

if TYPE_CHECKING:
    import psycopg

# Advisory locks use the two-integer key form: (namespace, which).
_LOCKS = 0x53544F52  # "STOR"
_ANALYSIS_LOCKS = _LOCKS + 1  # (namespace, hashtext(article id))
_MIGRATE, _INGEST = 1, 2  # fusion: PostgresFusion.FUSION_LOCK


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def redact(url: str) -> str:
    """``url`` without its password, for messages and ``store.location``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rpartition("@")
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[2]}"))


def _psycopg() -> Any:
    try:
        import psycopg
        import psycopg.conninfo
    except ImportError as exc:
        raise MissingExtra(
            "the PostgreSQL backend needs psycopg: pip install 'storyline[postgres]'"
        ) from exc
    return psycopg


class PostgresStore(PostgresFusion, PostgresReads):
    """A storyline store in one PostgreSQL database, named by a ``postgresql://`` URL."""

    def __init__(self, url: str) -> None:
        psycopg = _psycopg()
        self._psycopg = psycopg
        self._url = url
        self.location = redact(url)
        self._check_url()
        self._db = self._connect()
        self._reader: psycopg.Connection[Any] | None = None
        self._readers_open = 0
        self._cursor_names = 0
        self._held: set[int] = set()  # advisory locks held by the open transaction
        self._fusion_seen: int | None = None  # fusion run the last pending_fusion read
        self._fusion_applied: int | None = None  # last fusion run this store wrote
        try:
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _check_url(self) -> None:
        """Refuse a malformed URL before trying the network with it."""
        try:
            _ = urlsplit(self._url).port  # a port that is not a number raises here
            self._psycopg.conninfo.conninfo_to_dict(self._url)
        except (ValueError, self._psycopg.ProgrammingError) as exc:
            raise ConfigError(f"not a usable PostgreSQL URL {self.location}: {exc}") from exc

    def _connect(self, *, autocommit: bool = True) -> "psycopg.Connection[Any]":
        psycopg = self._psycopg
        try:
            db = psycopg.connect(self._url, autocommit=autocommit, connect_timeout=15)
        except psycopg.ProgrammingError as exc:
            raise ConfigError(f"not a usable PostgreSQL URL {self.location}: {exc}") from exc
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to the PostgreSQL store {self.location}: {str(exc).strip()}"
            ) from exc
        # Timestamps read back in UTC. Commits durable against a killed process; a server
        # crash may lose the last few (never corrupts), which the next ingest simply redoes.
        db.execute("SET TIME ZONE 'UTC'")
        db.execute("SET synchronous_commit = off")
        if not autocommit:
            db.commit()
        return db

    # ------------------------------------------------------------------ transactions
    @property
    def _in_transaction(self) -> bool:
        return self._db.info.transaction_status != self._psycopg.pq.TransactionStatus.IDLE

    def _begin(self) -> None:
        if not self._in_transaction:
            self._db.execute("BEGIN")

    def _lock(self, which: int) -> None:
        """Take an advisory lock for the rest of the open transaction (begun if needed)."""
        self._begin()
        if which not in self._held:
            self._db.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCKS, which))
            self._held.add(which)

    def _end(self, statement: str) -> None:
        self._held.clear()
        if self._in_transaction:
            self._db.execute(statement)

    def commit(self) -> None:
        """End the open transaction, if any (every write commits on its own)."""
        try:
            self._end("COMMIT")
        except self._psycopg.Error as exc:
            raise StoreError(f"could not commit to {self.location}: {exc}") from exc

    def _rollback(self) -> None:
        try:
            self._end("ROLLBACK")
        except self._psycopg.Error:
            pass  # the connection is gone; the error that got us here says why

    @contextmanager
    def _write(self, failure: str) -> Iterator[None]:
        """One write, whole or not at all: joins the open section, commits at the end."""
        self._begin()
        try:
            yield
            self._end("COMMIT")
        except self._psycopg.Error as exc:
            self._rollback()
            raise StoreError(f"{failure}: {str(exc).strip()}") from exc
        except BaseException:
            self._rollback()
            raise

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db.execute(sql, params).fetchall()
        except self._psycopg.Error as exc:
            self._rollback()
            raise StoreError(f"could not read {self.location}: {str(exc).strip()}") from exc

    def _one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _execute(self, sql: str, params: Sequence[object], failure: str) -> None:
        """A single-statement write (in the open section if there is one)."""
        try:
            self._db.execute(sql, params)
        except self._psycopg.Error as exc:
            self._rollback()
            raise StoreError(f"{failure}: {str(exc).strip()}") from exc

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> None:
        migrations = load_migrations("postgresql")
        with self._write(f"could not migrate {self.location}"):
            # Two processes opening a new database at once: one migrates, the other waits.
            self._lock(_MIGRATE)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                "name text NOT NULL, applied_at timestamptz NOT NULL)"
            )
            applied = {row[0] for row in self._db.execute("SELECT version FROM schema_migrations")}
            known = {m.version for m in migrations}
            if applied - known:
                raise SchemaVersionError(
                    f"{self.location} was written by a newer storyline (schema {max(applied)}); "
                    "upgrade storyline to read it"
                )
            for migration in migrations:
                if migration.version in applied:
                    continue
                try:
                    self._db.execute(migration.sql)
                except self._psycopg.Error as exc:
                    raise StoreError(
                        f"migration {migration.version:04d}_{migration.name} failed: {exc}"
                    ) from exc
                self._db.execute(
                    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (%s, %s, %s)",
                    (migration.version, migration.name, _now()),
                )

    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_migrations")
        return int(row[0] or 0) if row else 0

    def migrations_applied(self) -> list[tuple[int, str]]:
        """(version, name) of every recorded migration, in order."""
        return [
            (r[0], r[1])
            for r in self._rows("SELECT version, name FROM schema_migrations ORDER BY version")
        ]

    def close(self) -> None:
        try:
            self.commit()
        finally:
            if self._reader is not None:
                self._reader.close()
            self._db.close()

    def __enter__(self) -> "PostgresStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self.location!r})"

    # ------------------------------------------------------------------ ingest
    def article_id_for_raw(self, raw_sha256: str) -> str | None:
        row = self._one("SELECT id FROM articles WHERE raw_sha256 = %s", (raw_sha256,))
        return row[0] if row else None

    def add_source(self, article_id: str, source: str) -> None:
        self._execute(
            "INSERT INTO article_sources(article_id, source) VALUES (%s, %s) "
            "ON CONFLICT DO NOTHING",
            (article_id, source),
            f"could not record a source of {article_id}",
        )

    def exact_matches(self, normalized_sha256: str) -> list[str]:
        # The first read of the copy index opens the article's ingest section.
        self._lock(_INGEST)
        rows = self._rows(
            "SELECT id FROM articles WHERE normalized_sha256 = %s ORDER BY seq",
            (normalized_sha256,),
        )
        return [row[0] for row in rows]

    def lsh_candidates(self, band_keys: Sequence[str], limit: int) -> list[str]:
        self._lock(_INGEST)
        if not band_keys:
            return []
        rows = self._rows(
            "SELECT article_id, COUNT(*) AS shared FROM lsh_bands WHERE band_key = ANY(%s) "
            "GROUP BY article_id ORDER BY shared DESC, article_id LIMIT %s",
            ([_band_integer(key) for key in band_keys], limit),
        )
        return [row[0] for row in rows]

    def texts(self, article_ids: Sequence[str]) -> dict[str, str]:
        if not article_ids:
            return {}
        rows = self._rows("SELECT id, text FROM articles WHERE id = ANY(%s)", (list(article_ids),))
        return {row[0]: row[1] for row in rows}

    def group_states(
        self, article_ids: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, list[tuple[GroupMember, Relation, float | None]]]]:
        if not article_ids:
            return {}, {}
        group_of = {
            row[0]: row[1]
            for row in self._rows(
                "SELECT id, group_id FROM articles WHERE id = ANY(%s)", (list(article_ids),)
            )
        }
        groups: dict[str, list[tuple[GroupMember, Relation, float | None]]] = {}
        rows = self._rows(
            "SELECT group_id, id, published, outlet, original_outlet, seq, relation, similarity "
            "FROM articles WHERE group_id = ANY(%s) ORDER BY seq",
            (sorted(set(group_of.values())),),
        )
        for group_id, *row in rows:
            member = GroupMember(
                article_id=row[0],
                published=row[1],
                outlet=row[2],
                original_outlet=row[3],
                order=row[4],
            )
            groups.setdefault(group_id, []).append((member, Relation(row[5]), row[6]))
        return group_of, dict(sorted(groups.items()))

    def next_order(self) -> int:
        self._lock(_INGEST)  # the order handed out is the one add_article will take
        row = self._one(
            "SELECT COALESCE(pg_sequence_last_value("
            "pg_get_serial_sequence('articles', 'seq')::regclass), 0) + 1"
        )
        return int(row[0]) if row else 1

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
        with self._write(f"could not store article {article.id}"):
            self._lock(_INGEST)
            if db.execute("SELECT 1 FROM articles WHERE id = %s", (article.id,)).fetchone():
                # Another process stored the same bytes since this one looked them up.
                db.execute(
                    "INSERT INTO article_sources(article_id, source) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (article.id, article.source),
                )
                return
            db.execute(
                "INSERT INTO raw_documents(sha256, data, size, kind, created_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (article.raw_sha256, raw_data, len(raw_data), article.kind.value, now),
            )
            db.execute(
                f"INSERT INTO articles({', '.join(ARTICLE_COLUMNS)}) "
                f"VALUES ({','.join(['%s'] * len(ARTICLE_COLUMNS))})",
                article_values(article, fingerprint, plan, now, published=lambda day: day,
                               minhash=_pack_minhash),
            )
            db.execute(
                "INSERT INTO article_sources(article_id, source) VALUES (%s, %s) "
                "ON CONFLICT DO NOTHING",
                (article.id, article.source),
            )
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO boilerplate_lines(article_id, position, line_number, reason, "
                    "text) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [
                        (article.id, position, line.line_number, line.reason, line.text)
                        for position, line in enumerate(article.boilerplate_removed)
                    ],
                )
                cursor.executemany(
                    "INSERT INTO lsh_bands(band_key, article_id) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    [(_band_integer(key), article.id) for key in fingerprint.band_keys],
                )
                cursor.executemany(
                    "INSERT INTO copy_links(article_id, other_id, relation, similarity) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (article_id, other_id) DO UPDATE SET "
                    "relation = excluded.relation, similarity = excluded.similarity",
                    [
                        (article.id, link.other_id, link.relation.value, link.similarity)
                        for link in links
                    ],
                )
            self._apply_plan(plan, article.id)

    def _apply_plan(self, plan: GroupPlan, new_id: str) -> None:
        db = self._db
        for absorbed in plan.absorbed_group_ids:
            db.execute(
                "UPDATE articles SET group_id = %s WHERE group_id = %s", (plan.group_id, absorbed)
            )
            db.execute("DELETE FROM duplicate_groups WHERE id = %s", (absorbed,))
        for state in plan.members:
            if state.article_id == new_id:
                continue
            db.execute(
                "UPDATE articles SET group_id = %s, copy_of = %s, relation = %s, similarity = %s "
                "WHERE id = %s",
                (
                    plan.group_id,
                    state.copy_of,
                    state.relation.value,
                    state.similarity,
                    state.article_id,
                ),
            )
        db.execute(
            "INSERT INTO duplicate_groups(id, original_id, size) VALUES (%s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET original_id = excluded.original_id, "
            "size = excluded.size",
            (plan.group_id, plan.original_id, len(plan.members)),
        )

    def record_failure(self, failure: Failure) -> None:
        now = _now()
        self._execute(
            "INSERT INTO failures(source, stage, code, reason, first_seen, last_seen) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (source, stage, code) DO UPDATE SET "
            "reason = excluded.reason, last_seen = excluded.last_seen, "
            "count = failures.count + 1",
            (failure.source, failure.stage, failure.code, failure.reason, now, now),
            f"could not record the failure of {failure.source}",
        )

    def clear_failure(self, source: str) -> None:
        """Forget failures of a source that has now been ingested successfully."""
        self._execute(
            "DELETE FROM failures WHERE source = %s",
            (source,),
            f"could not clear the failures of {source}",
        )

    def start_run(self, inputs: Sequence[str]) -> int:
        row = self._one(
            "INSERT INTO ingest_runs(started_at, inputs) VALUES (%s, %s) RETURNING id",
            (_now(), "\n".join(inputs)),
        )
        return int(row[0]) if row else 0

    def finish_run(self, run_id: int, added: int, unchanged: int, failed: int) -> None:
        self._execute(
            "UPDATE ingest_runs SET finished_at = %s, added = %s, unchanged = %s, failed = %s "
            "WHERE id = %s",
            (_now(), added, unchanged, failed, run_id),
            "could not record the ingest run",
        )

    # ------------------------------------------------------------------ language layer
    def articles_to_analyze(
        self, version: str, *, after_seq: int = 0, limit: int = 256
    ) -> list[tuple[int, str, str, date | None]]:
        """Articles not yet analysed at ``version``: (seq, id, text, published), by seq."""
        rows = self._rows(
            "SELECT a.seq, a.id, a.text, a.published FROM articles a "
            "LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE a.seq > %s AND (n.version IS NULL OR n.version != %s) ORDER BY a.seq LIMIT %s",
            (after_seq, version, limit),
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def save_analysis(
        self,
        article_id: str,
        version: str,
        rows: Sequence[tuple[str, int, int, int, int, str, str]],
    ) -> None:
        """Replace an article's extractions.

        ``rows`` are (kind, position, sentence, start, end, text, data).
        """
        db = self._db
        with self._write(f"could not store the analysis of {article_id}"):
            db.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (_ANALYSIS_LOCKS, article_id)
            )
            db.execute("DELETE FROM extractions WHERE article_id = %s", (article_id,))
            with db.cursor() as cursor:
                cursor.executemany(
                    'INSERT INTO extractions(article_id, kind, position, sentence, start, "end", '
                    "text, data) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [(article_id, *row) for row in rows],
                )
            db.execute(
                "INSERT INTO analyses(article_id, version, analyzed_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET version = excluded.version, "
                "analyzed_at = excluded.analyzed_at",
                (article_id, version, _now()),
            )

    def extractions_of(self, article_id: str, kind: str | None = None) -> list[dict[str, object]]:
        query = "SELECT kind, data FROM extractions WHERE article_id = %s"
        params: tuple[object, ...] = (article_id,)
        if kind is not None:
            query += " AND kind = %s"
            params += (kind,)
        rows = self._rows(query + " ORDER BY kind, position", params)
        return [{"kind": row[0], **json.loads(row[1])} for row in rows]

    def iter_extractions(self, kind: str) -> Iterator[dict[str, object]]:
        """Every stored fact of one kind, article by article (a server-side cursor)."""
        for row in self._stream(
            "SELECT e.data FROM extractions e JOIN articles a ON a.id = e.article_id "
            "WHERE e.kind = %s ORDER BY a.seq, e.position",
            (kind,),
        ):
            yield json.loads(row[0])

    def analysis_counts(self) -> dict[str, int]:
        counts = {
            row[0]: int(row[1])
            for row in self._rows("SELECT kind, COUNT(*) FROM extractions GROUP BY kind")
        }
        row = self._one("SELECT COUNT(*) FROM analyses")
        counts["analyzed_articles"] = int(row[0]) if row else 0
        return counts

    # ------------------------------------------------------------------ streams
    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        """Rows of a query through a server-side cursor, on a second, read-only connection.

        The cursor lives in a transaction of its own (one snapshot for the whole stream),
        so writes and commits on the main connection while the caller iterates cannot
        close it; nested streams share that transaction.
        """
        if self._reader is None or self._reader.closed:
            self._reader = self._connect(autocommit=False)
            self._reader.read_only = True
        reader = self._reader
        self._cursor_names += 1
        self._readers_open += 1
        try:
            with reader.cursor(name=f"storyline_stream_{self._cursor_names}") as cursor:
                cursor.itersize = 500
                cursor.execute(sql, params)
                yield from cursor
        except self._psycopg.Error as exc:
            raise StoreError(f"could not read {self.location}: {str(exc).strip()}") from exc
        finally:
            self._readers_open -= 1
            if self._readers_open == 0 and not reader.closed:
                reader.rollback()  # read-only: ends the snapshot


__all__ = ["PostgresStore", "redact"]
