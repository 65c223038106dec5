-- 0001: attempts (history), their bodies, and the cache the mini-program reads.
-- Applied by storage.Open inside one transaction; it then sets PRAGMA user_version = 1.

-- Marks the file as a bgfetch database ("BGFT"), so Open can refuse someone else's SQLite file.
PRAGMA application_id = 1111967316;

-- One row per fetch attempt, successful or not. Times are unix milliseconds; the structured
-- fields (params, headers, warnings, redirects) are JSON text, NULL when absent.
CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so keyset paging stays stable
    app_id           TEXT    NOT NULL,
    fetch_type       TEXT    NOT NULL,
    platform         TEXT    NOT NULL DEFAULT '',
    started_at       INTEGER NOT NULL,
    duration_ms      INTEGER NOT NULL DEFAULT 0,
    method           TEXT    NOT NULL DEFAULT '',
    url              TEXT    NOT NULL DEFAULT '',
    params           TEXT,
    request_headers  TEXT,
    request_body     TEXT    NOT NULL DEFAULT '',
    status           INTEGER NOT NULL DEFAULT 0,
    response_headers TEXT,
    bytes            INTEGER NOT NULL DEFAULT 0,
    cached           INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1)),
    reason           TEXT    NOT NULL DEFAULT '',
    warnings         TEXT,
    error            TEXT    NOT NULL DEFAULT '',
    redirects        TEXT,
    variant          TEXT    NOT NULL DEFAULT '',
    variant_reason   TEXT    NOT NULL DEFAULT '',
    launch_path      TEXT    NOT NULL DEFAULT '',
    launch_query     TEXT    NOT NULL DEFAULT '',
    launch_scene     INTEGER NOT NULL DEFAULT 0,
    data_type        TEXT    NOT NULL DEFAULT ''
);

-- History newest first, filtered by app and/or type, with keyset paging (id < ?).
CREATE INDEX attempts_app_type_id ON attempts (app_id, fetch_type, id);
CREATE INDEX attempts_app_id      ON attempts (app_id, id);
CREATE INDEX attempts_type_id     ON attempts (fetch_type, id);

-- Response bodies live apart from the attempts so that listing history never reads them.
-- No row when the caller kept no body.
CREATE TABLE attempt_bodies (
    attempt_id INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    body       BLOB    NOT NULL
);

-- What getBackgroundFetchData would return: one body per app and fetch type.
CREATE TABLE cache (
    app_id     TEXT    NOT NULL,
    fetch_type TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL,
    path       TEXT    NOT NULL DEFAULT '',
    query      TEXT    NOT NULL DEFAULT '',
    scene      INTEGER NOT NULL DEFAULT 0,
    data_type  TEXT    NOT NULL DEFAULT '',
    attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    body       BLOB    NOT NULL,
    UNIQUE (app_id, fetch_type)
);
CREATE INDEX cache_attempt_id ON cache (attempt_id);
