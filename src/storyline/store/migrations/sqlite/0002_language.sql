-- storyline store, schema 2: per-article language-layer facts with their evidence.

-- One row per analysed article and language-layer version: a re-run at the same
-- version is a no-op, a version bump re-analyses only what it changed.
CREATE TABLE analyses (
    article_id   TEXT PRIMARY KEY REFERENCES articles(id),
    version      TEXT NOT NULL,
    analyzed_at  TEXT NOT NULL
);

-- Every extracted fact: kind is mention, time_expression, quantity, attribution or
-- event_mention; (sentence, start, end, text) is its evidence in the clean text and
-- data holds the full record as JSON (see docs/export.md).
CREATE TABLE extractions (
    article_id  TEXT NOT NULL REFERENCES articles(id),
    kind        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    data        TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, position)
) WITHOUT ROWID;
CREATE INDEX extractions_kind ON extractions(kind);
