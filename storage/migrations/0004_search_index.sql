-- 0004: history search through an FTS5 trigram index instead of a lower-cased copy of every body; indexes
-- for the history filters and for the retention.
--
-- attempt_fts indexes the text HistoryFilter.Text searches (storage.searchText: the URL, the status, the
-- error, the reason and the body, one per line, case-folded by Go) without keeping it: content='' stores
-- only the index, and detail=none only which attempts hold each trigram (no positions), so a cached
-- 256 KB JSON pull adds about 15-25 KB of index instead of a second 256 KB copy. The text is folded before
-- it is indexed, so the tokenizer is case_sensitive 1 (it folds nothing itself). rowid = attempts.id.
-- Without positions a search for more than 3 characters finds the attempts holding all of its trigrams
-- and then checks the attempt's own columns (see HistoryFilter in attempts.go).
-- The index itself, attempt_fts, and its trigger are made by storage.DB.ensureSearchIndex after the
-- migrations, in a build with FTS5 (go-sqlite3's tag sqlite_fts5); a build without it searches by scanning.

-- 1 when SQLite's ASCII-only lower() finds in the attempt's columns what Go's folding finds in its search
-- text (valid UTF-8, no NUL byte, neither of the two non-ASCII letters Go folds into ASCII): then the check
-- of a candidate runs in SQL; 0 (the default, and every attempt until indexed) asks Go (search.go).
ALTER TABLE attempts ADD COLUMN search_plain INTEGER NOT NULL DEFAULT 0;



-- The lower-cased copy goes. Attempts recorded before this migration are indexed after it, newest first,
-- a batch per transaction (storage.DB.indexPending): search_pending holds the highest id not yet indexed
-- (no row when every attempt is). Until it is gone, searches read the attempts themselves.
DROP TABLE attempt_search;
CREATE TABLE search_pending (
    up_to INTEGER NOT NULL
);
INSERT INTO search_pending (up_to) SELECT max(id) FROM attempts HAVING max(id) IS NOT NULL;

-- History filters: the newest attempts of an app on one platform, or cached or not; counts of those read
-- only the index. (A time range walks the ids, newest first: attempts are numbered in the order they are
-- recorded, and an index on started_at would make SQLite sort the page.)
CREATE INDEX attempts_app_platform_id ON attempts (app_id, platform, id);
CREATE INDEX attempts_app_cached_id   ON attempts (app_id, cached, id);

-- The attempts the tool sent (not imported from a HAR file), per app and type, newest first: the
-- retention (Prune) counts and deletes only these, and LatestCached reads only these, so neither walks
-- the imported ones however many there are. Queries must say origin != 'har' literally to use it.
CREATE INDEX attempts_sent ON attempts (app_id, fetch_type, id) WHERE origin != 'har';
