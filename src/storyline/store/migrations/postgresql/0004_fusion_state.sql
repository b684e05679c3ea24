-- storyline store, schema 4 (PostgreSQL): what incremental fusion needs to resume where
-- it stopped (see the SQLite migration of the same name for the reasoning).

CREATE TABLE fusion_state (
    name        text COLLATE "C" PRIMARY KEY,
    version     text NOT NULL,
    token       text NOT NULL,
    data        bytea NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE fusion_articles (
    article_id  text COLLATE "C" PRIMARY KEY REFERENCES articles(id),
    analysis    text NOT NULL,      -- "version@analyzed_at", "" when never analysed
    group_id    text COLLATE "C" NOT NULL,
    in_state    integer NOT NULL DEFAULT 0
);
CREATE INDEX fusion_articles_unsaved ON fusion_articles(in_state) WHERE in_state = 0;

ALTER TABLE fused_records ADD COLUMN digest text;
