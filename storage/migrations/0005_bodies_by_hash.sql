-- 0005: bodies stored once, by their content. A periodic update that returns the same body as the last one
-- (the usual case) adds no second copy of it, and the cached body is no longer a copy of its attempt's.
--
-- bodies holds each distinct body once, keyed by its SHA-256 (bgfetch_sha256, a function the writer's
-- connections get from storage.Open); an attempt and a cache row point at one by body_id. A body goes when
-- the last attempt or cache row pointing at it goes (the triggers below). This migration hashes every
-- existing body once, in this one transaction.
CREATE TABLE bodies (
    body_id INTEGER PRIMARY KEY,
    hash    BLOB    NOT NULL UNIQUE, -- SHA-256 of body
    body    BLOB    NOT NULL
);

-- NULL when the attempt kept no body.
ALTER TABLE attempts ADD COLUMN body_id INTEGER REFERENCES bodies (body_id);

CREATE TEMP TABLE body_hashes (attempt_id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
INSERT INTO body_hashes (attempt_id, hash) SELECT attempt_id, bgfetch_sha256(body) FROM attempt_bodies;
INSERT INTO bodies (hash, body)
SELECT h.hash, b.body FROM attempt_bodies b JOIN body_hashes h ON h.attempt_id = b.attempt_id WHERE true
ON CONFLICT (hash) DO NOTHING;
UPDATE attempts SET body_id = (SELECT bodies.body_id FROM body_hashes h JOIN bodies ON bodies.hash = h.hash WHERE h.attempt_id = attempts.id)
WHERE id IN (SELECT attempt_id FROM body_hashes);
DROP TABLE body_hashes;
DROP TABLE attempt_bodies;
CREATE INDEX attempts_body_id ON attempts (body_id);

-- The cache points at its body too. SQLite cannot drop a NOT NULL column in use, so the table is rebuilt.
INSERT INTO bodies (hash, body) SELECT bgfetch_sha256(body), body FROM cache WHERE true ON CONFLICT (hash) DO NOTHING;
CREATE TABLE cache_new (
    app_id     TEXT    NOT NULL,
    fetch_type TEXT    NOT NULL,
    fetched_at INTEGER NOT NULL,
    path       TEXT    NOT NULL DEFAULT '',
    query      TEXT    NOT NULL DEFAULT '',
    scene      INTEGER NOT NULL DEFAULT 0,
    data_type  TEXT    NOT NULL DEFAULT '',
    attempt_id INTEGER REFERENCES attempts (id) ON DELETE SET NULL,
    body_id    INTEGER NOT NULL REFERENCES bodies (body_id),
    UNIQUE (app_id, fetch_type)
);
INSERT INTO cache_new (app_id, fetch_type, fetched_at, path, query, scene, data_type, attempt_id, body_id)
SELECT app_id, fetch_type, fetched_at, path, query, scene, data_type, attempt_id,
       (SELECT body_id FROM bodies WHERE hash = bgfetch_sha256(cache.body)) FROM cache;
DROP TABLE cache;
ALTER TABLE cache_new RENAME TO cache;
CREATE INDEX cache_attempt_id ON cache (attempt_id);
CREATE INDEX cache_body_id ON cache (body_id);

-- A body goes with the last attempt or cache row that points at it.
CREATE TRIGGER attempts_body_gone AFTER DELETE ON attempts WHEN old.body_id IS NOT NULL BEGIN
    DELETE FROM bodies WHERE body_id = old.body_id
        AND NOT EXISTS (SELECT 1 FROM attempts WHERE body_id = old.body_id)
        AND NOT EXISTS (SELECT 1 FROM cache WHERE body_id = old.body_id);
END;
CREATE TRIGGER cache_body_gone AFTER DELETE ON cache BEGIN
    DELETE FROM bodies WHERE body_id = old.body_id
        AND NOT EXISTS (SELECT 1 FROM attempts WHERE body_id = old.body_id)
        AND NOT EXISTS (SELECT 1 FROM cache WHERE body_id = old.body_id);
END;
CREATE TRIGGER cache_body_replaced AFTER UPDATE OF body_id ON cache WHEN old.body_id != new.body_id BEGIN
    DELETE FROM bodies WHERE body_id = old.body_id
        AND NOT EXISTS (SELECT 1 FROM attempts WHERE body_id = old.body_id)
        AND NOT EXISTS (SELECT 1 FROM cache WHERE body_id = old.body_id);
END;
