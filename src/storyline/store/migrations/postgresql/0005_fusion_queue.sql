-- storyline store, schema 5 (PostgreSQL): the articles a fusion run must look at, kept as
-- they change (see the SQLite migration of the same name for the reasoning).

CREATE TABLE fusion_queue (
    article_id  text COLLATE "C" PRIMARY KEY
);

CREATE FUNCTION storyline_fusion_queue_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO fusion_queue(article_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE FUNCTION storyline_fusion_queue_analysis() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO fusion_queue(article_id) VALUES (OLD.article_id) ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO fusion_queue(article_id) VALUES (NEW.article_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER fusion_queue_article_added AFTER INSERT ON articles
FOR EACH ROW EXECUTE FUNCTION storyline_fusion_queue_article();
CREATE TRIGGER fusion_queue_article_regrouped AFTER UPDATE OF group_id ON articles
FOR EACH ROW WHEN (NEW.group_id IS DISTINCT FROM OLD.group_id)
EXECUTE FUNCTION storyline_fusion_queue_article();
CREATE TRIGGER fusion_queue_analysis_changed AFTER INSERT OR UPDATE OR DELETE ON analyses
FOR EACH ROW EXECUTE FUNCTION storyline_fusion_queue_analysis();

INSERT INTO fusion_queue(article_id)
SELECT a.id FROM articles a
LEFT JOIN analyses n ON n.article_id = a.id
LEFT JOIN fusion_articles f ON f.article_id = a.id
WHERE f.article_id IS NULL
   OR f.analysis != COALESCE(n.version || '@' || n.analyzed_at::text, '')
   OR f.group_id != a.group_id;
