-- storyline store, schema 3: the cross-article picture (entities, stories, events,
-- claims, contradictions, inferred dates), rebuilt by `storyline fuse`.

-- One row per fused record; data is the record's JSON (see docs/export.md).
CREATE TABLE fused_records (
    kind    TEXT NOT NULL,          -- entity, story, event, claim, contradiction, dating
    id      TEXT NOT NULL,
    label   TEXT,                   -- a name or title, for listing and search
    sort_key TEXT,                  -- a date or count, for ordering
    data    TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Which articles each fused record rests on (story membership, entity mentions, ...).
CREATE TABLE fused_members (
    kind        TEXT NOT NULL,
    id          TEXT NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (kind, id, article_id)
) WITHOUT ROWID;
CREATE INDEX fused_members_article ON fused_members(article_id, kind);

CREATE TABLE fusion_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    version     TEXT NOT NULL,
    articles    INTEGER NOT NULL,
    finished_at TEXT NOT NULL
);
