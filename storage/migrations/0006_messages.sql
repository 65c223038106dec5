-- 0006: an attempt's reason, error, hint and warnings as message codes with their arguments (JSON, the
-- engine's msg.Msg), so the window shows them in its own language; '' for attempts recorded before, which
-- show their English text.
ALTER TABLE attempts ADD COLUMN messages TEXT NOT NULL DEFAULT '';
