-- storyline store, schema 1: raw documents, articles, provenance, failures, full-text search.

CREATE TABLE raw_documents (
    sha256      TEXT PRIMARY KEY,          -- content address of the bytes as received
    data        BLOB NOT NULL,             -- never modified
    size        INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE articles (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,  -- ingestion order; FTS rowid
    id                  TEXT NOT NULL UNIQUE,               -- sha256(raw)[:16]
    raw_sha256          TEXT NOT NULL UNIQUE REFERENCES raw_documents(sha256),
    source              TEXT NOT NULL,
    kind                TEXT NOT NULL,
    url                 TEXT,
    title               TEXT,
    byline              TEXT,
    outlet              TEXT,
    outlet_source       TEXT,
    original_outlet     TEXT,
    language            TEXT,
    published           TEXT,                               -- ISO date or NULL
    published_source    TEXT NOT NULL,
    published_evidence  TEXT,
    encoding            TEXT,
    text                TEXT NOT NULL,
    word_count          INTEGER NOT NULL,
    normalized_sha256   TEXT NOT NULL,
    minhash             BLOB NOT NULL,
    group_id            TEXT NOT NULL,
    copy_of             TEXT,                               -- the group's original, NULL for the original
    relation            TEXT NOT NULL,                      -- original/exact/near/partial/rewrite
    similarity          REAL,
    ingested_at         TEXT NOT NULL
);
CREATE INDEX articles_normalized ON articles(normalized_sha256);
CREATE INDEX articles_group ON articles(group_id);
CREATE INDEX articles_published ON articles(published);

-- Every place the same bytes were seen (re-ingest from another path adds a row, not an article).
CREATE TABLE article_sources (
    article_id  TEXT NOT NULL REFERENCES articles(id),
    source      TEXT NOT NULL,
    PRIMARY KEY (article_id, source)
) WITHOUT ROWID;

CREATE TABLE boilerplate_lines (
    article_id   TEXT NOT NULL REFERENCES articles(id),
    position     INTEGER NOT NULL,
    line_number  INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    text         TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;

-- Persistent MinHash-LSH index: articles sharing a band key are copy candidates.
CREATE TABLE lsh_bands (
    band_key    INTEGER NOT NULL,                    -- 64-bit form of the band key (see sqlite.py)
    article_id  TEXT NOT NULL,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;

-- Verified copy relations between pairs of articles (new article -> stored article).
CREATE TABLE copy_links (
    article_id  TEXT NOT NULL REFERENCES articles(id),
    other_id    TEXT NOT NULL REFERENCES articles(id),
    relation    TEXT NOT NULL,
    similarity  REAL NOT NULL,
    PRIMARY KEY (article_id, other_id)
) WITHOUT ROWID;

CREATE TABLE duplicate_groups (
    id           TEXT PRIMARY KEY,
    original_id  TEXT NOT NULL REFERENCES articles(id),
    size         INTEGER NOT NULL
);

CREATE TABLE failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT NOT NULL,
    stage       TEXT NOT NULL,
    code        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    count       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (source, stage, code)
);

CREATE TABLE ingest_runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    inputs       TEXT NOT NULL,
    added        INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
