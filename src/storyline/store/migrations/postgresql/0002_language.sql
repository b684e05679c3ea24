-- storyline store, schema 2 (PostgreSQL): per-article language-layer facts with their evidence.

-- One row per analysed article and language-layer version: a re-run at the same
-- version is a no-op, a version bump re-analyses only what it changed.
CREATE TABLE analyses (
    article_id   text COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    version      text NOT NULL,
    analyzed_at  timestamptz NOT NULL
);

-- Every extracted fact: kind is mention, time_expression, quantity, attribution or
-- event_mention; (sentence, start, end, text) is its evidence in the clean text and
-- data holds the full record as JSON text (see docs/export.md), kept as written.
CREATE TABLE extractions (
    article_id  text COLLATE "C" NOT NULL REFERENCES articles(id),
    kind        text COLLATE "C" NOT NULL,
    position    integer NOT NULL,
    sentence    integer NOT NULL,
    start       integer NOT NULL,
    "end"       integer NOT NULL,
    text        text NOT NULL,
    data        text NOT NULL,
    PRIMARY KEY (article_id, kind, position)
);
CREATE INDEX extractions_kind ON extractions(kind);
