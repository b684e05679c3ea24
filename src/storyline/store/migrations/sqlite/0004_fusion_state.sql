-- storyline store, schema 4: what incremental fusion needs to resume where it stopped.

-- The fusion runner's private state (its incremental indexes), one row per name, saved
-- now and then rather than on every run (see storyline/runners/fusion.py). ``version``
-- names the runner version and state format that wrote ``data``: a reader that does not
-- know it rebuilds the picture instead of reading the blob. ``token`` changes with every
-- save, so a process holding the state in memory can tell it is still the current one.
CREATE TABLE fusion_state (
    name        TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    token       TEXT NOT NULL,
    data        BLOB NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Articles already folded into the picture, with what they were fused from: an article
-- whose analysis or duplicate group has changed since is not up to date. ``in_state``
-- is 1 once the saved state holds the article; articles fused after the last save are
-- folded in again by a process that reads that state.
CREATE TABLE fusion_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id),
    analysis    TEXT NOT NULL,      -- "version@analyzed_at", "" when never analysed
    group_id    TEXT NOT NULL,
    in_state    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX fusion_articles_unsaved ON fusion_articles(in_state) WHERE in_state = 0;

-- Digest of each fused record's content as the runner wrote it, so that a run can tell
-- which records changed without reading them (NULL: written by an older runner).
ALTER TABLE fused_records ADD COLUMN digest TEXT;
