-- 0007: each distinct body is indexed for search once, not once per attempt. A periodic update that returns
-- the same body as last time (the usual case) then adds only its attempt's own few lines to the index: the
-- trigram index of a 256 KB body was about 9 of a pull's 21 ms.
--
-- attempt_fts now indexes an attempt's own text only (the URL, the status, the error and the reason;
-- storage.ownText), rowid = attempts.id, and body_fts each body's (storage.bodyText), rowid = bodies.body_id;
-- a search finds the attempts whose own text matches or whose body does (search.go). Both are made by
-- storage.DB.ensureSearchIndex after the migrations, in a build with FTS5, with their triggers: an attempt's
-- entry goes with it, a body's with the body (that is, with the last attempt or cache row holding it).
--
-- Dropping the old trigger makes ensureSearchIndex empty attempt_fts (it holds whole texts, bodies
-- included), make body_fts and mark everything pending: the attempts' own texts (search_pending) and then
-- every body (body_search_pending, the highest body_id not yet indexed) are indexed in the background,
-- newest first, a batch per transaction (storage.DB.indexPending), so it can be stopped anywhere and goes
-- on at the next open. Until both are done, searches read the attempts themselves.
CREATE TABLE body_search_pending (
    up_to INTEGER NOT NULL
);
DROP TRIGGER IF EXISTS attempts_fts_delete;
