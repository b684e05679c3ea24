-- storyline store, schema 5: the articles a fusion run must look at, kept as they change.

-- Articles added, regrouped or (re-)analysed since the fusion run that last wrote them:
-- the candidates for "not fused yet" and "changed since fused". Triggers fill it, so
-- ``pending_fusion`` reads this queue (and the unsaved rows of ``fusion_articles``)
-- instead of comparing every article with its fusion row: its cost follows the articles
-- that changed, not the size of the store. ``apply_fusion`` removes the articles it
-- wrote whose fusion row still matches them; one changed again meanwhile stays queued.
-- (The triggers test for a queued row rather than say OR IGNORE: the conflict policy of
-- the statement that fires a trigger overrides the one written in the trigger.)
CREATE TABLE fusion_queue (
    article_id  TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER fusion_queue_article_added AFTER INSERT ON articles BEGIN
    INSERT INTO fusion_queue(article_id) SELECT new.id
    WHERE NOT EXISTS (SELECT 1 FROM fusion_queue WHERE article_id = new.id);
END;
CREATE TRIGGER fusion_queue_article_regrouped AFTER UPDATE OF group_id ON articles
WHEN new.group_id IS NOT old.group_id BEGIN
    INSERT INTO fusion_queue(article_id) SELECT new.id
    WHERE NOT EXISTS (SELECT 1 FROM fusion_queue WHERE article_id = new.id);
END;
CREATE TRIGGER fusion_queue_analysis_added AFTER INSERT ON analyses BEGIN
    INSERT INTO fusion_queue(article_id) SELECT new.article_id
    WHERE NOT EXISTS (SELECT 1 FROM fusion_queue WHERE article_id = new.article_id);
END;
CREATE TRIGGER fusion_queue_analysis_changed AFTER UPDATE ON analyses BEGIN
    INSERT INTO fusion_queue(article_id) SELECT new.article_id
    WHERE NOT EXISTS (SELECT 1 FROM fusion_queue WHERE article_id = new.article_id);
END;
CREATE TRIGGER fusion_queue_analysis_removed AFTER DELETE ON analyses BEGIN
    INSERT INTO fusion_queue(article_id) SELECT old.article_id
    WHERE NOT EXISTS (SELECT 1 FROM fusion_queue WHERE article_id = old.article_id);
END;

-- What is pending in a store written by an older storyline (one pass, here only).
INSERT INTO fusion_queue(article_id)
SELECT a.id FROM articles a
LEFT JOIN analyses n ON n.article_id = a.id
LEFT JOIN fusion_articles f ON f.article_id = a.id
WHERE f.article_id IS NULL
   OR f.analysis != COALESCE(n.version || '@' || n.analyzed_at, '')
   OR f.group_id != a.group_id;
