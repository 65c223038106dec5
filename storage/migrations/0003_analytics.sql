-- 0003: custom analytics (自定义分析): the events configured per appid, and every report a running mini
-- program sent through the bridge.

-- One row per event; spec is the event as JSON (project.AnalyticsEvent), position its place in the list.
CREATE TABLE analytics_events (
    app_id     TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    spec       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,             -- unix milliseconds
    PRIMARY KEY (app_id, event_id)
) WITHOUT ROWID;

-- One row per report. event is what the mini program named (reportAnalytics' eventName or reportEvent's
-- eventId); event_id is the configured event it matched ('' when none). data is the reported object as
-- JSON; problems a JSON array of what is wrong with the report ('' when nothing is).
CREATE TABLE analytics_reports (
    id         INTEGER PRIMARY KEY,
    app_id     TEXT    NOT NULL,
    at         INTEGER NOT NULL,             -- unix milliseconds, when the tool received it
    api        TEXT    NOT NULL,             -- 'reportEvent' or 'reportAnalytics'
    event      TEXT    NOT NULL,
    event_id   TEXT    NOT NULL DEFAULT '',
    event_name TEXT    NOT NULL DEFAULT '',
    page       TEXT    NOT NULL DEFAULT '',
    trigger    TEXT    NOT NULL DEFAULT '',
    action     TEXT    NOT NULL DEFAULT '',
    data       TEXT    NOT NULL DEFAULT '{}',
    problems   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX analytics_reports_app_at ON analytics_reports (app_id, at, id);
