-- 0002: what the inspector shows (timing, TLS, protocol), where an attempt came from (a re-run, a HAR
-- import), full-text search over history, deleting one attempt without losing the cached body, and
-- settings (the retention).

-- Timing and TLS are JSON text (storage.Timing, storage.TLSInfo), NULL when unknown.
ALTER TABLE attempts ADD COLUMN timing   TEXT;
ALTER TABLE attempts ADD COLUMN tls      TEXT;
ALTER TABLE attempts ADD COLUMN proto    TEXT    NOT NULL DEFAULT '';  -- "HTTP/1.1", "HTTP/2.0"; '' unknown
ALTER TABLE attempts ADD COLUMN origin   TEXT    NOT NULL DEFAULT '';  -- '' sent by the tool, 'rerun', 'har'
ALTER TABLE attempts ADD COLUMN rerun_of INTEGER NOT NULL DEFAULT 0;   -- the attempt a re-run repeated

-- The text HistoryFilter.Text searches, lower-cased once on insert: the URL, the status code, the
-- error, the reason and the body, one per line. Apart from attempts so that listing history never
-- reads it; searching walks attempts newest first (an index) and looks each one up here by rowid,
-- stopping at the LIMIT, matching with GLOB '*text*' (NUL bytes are stored as spaces).
CREATE TABLE attempt_search (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL
);
-- Existing attempts: SQLite's lower() folds ASCII only; new rows are folded by Go (all of Unicode).
INSERT INTO attempt_search (attempt_id, text)
SELECT a.id, replace(lower(a.url || char(10) || CASE WHEN a.status = 0 THEN '' ELSE a.status END || char(10) ||
       a.error || char(10) || a.reason || char(10) || coalesce(CAST(b.body AS TEXT), '')), char(0), ' ')
FROM attempts a LEFT JOIN attempt_bodies b ON b.attempt_id = a.id;

-- The cache row no longer dies with its attempt: deleting that attempt (or pruning history) keeps
-- the body getBackgroundFetchData returns, with attempt_id NULL. SQLite cannot change a foreign
-- key in place, so the table is rebuilt.
CREATE TABLE cache_new (
    app_id     TEXT    NOT NULL,
    fetch_type TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL,
    path       TEXT    NOT NULL DEFAULT '',
    query      TEXT    NOT NULL DEFAULT '',
    scene      INTEGER NOT NULL DEFAULT 0,
    data_type  TEXT    NOT NULL DEFAULT '',
    attempt_id INTEGER REFERENCES attempts (id) ON DELETE SET NULL,
    body       BLOB    NOT NULL,
    UNIQUE (app_id, fetch_type)
);
INSERT INTO cache_new (app_id, fetch_type, fetched_at, path, query, scene, data_type, attempt_id, body)
SELECT app_id, fetch_type, fetched_at, path, query, scene, data_type, attempt_id, body FROM cache;
DROP TABLE cache;
ALTER TABLE cache_new RENAME TO cache;
CREATE INDEX cache_attempt_id ON cache (attempt_id);

-- Small key/value settings of the tool (e.g. "retention").
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
