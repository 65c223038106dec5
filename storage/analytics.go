package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// AnalyticsEventRow is one configured custom-analytics event: Spec is the event as JSON, which this
// package stores without reading.
type AnalyticsEventRow struct {
	ID        string
	Spec      string
	UpdatedAt time.Time
}

// AnalyticsEvents returns the events of appID in their order.
func (db *DB) AnalyticsEvents(ctx context.Context, appID string) ([]AnalyticsEventRow, error) {
	rows, err := db.r.QueryContext(ctx,
		`SELECT event_id, spec, updated_at FROM analytics_events WHERE app_id = ? ORDER BY position, event_id`, appID)
	if err != nil {
		return nil, db.fail("read analytics events", err)
	}
	defer rows.Close()
	var out []AnalyticsEventRow
	for rows.Next() {
		var r AnalyticsEventRow
		var ms int64
		if err := rows.Scan(&r.ID, &r.Spec, &ms); err != nil {
			return nil, db.fail("read analytics events", err)
		}
		r.UpdatedAt = time.UnixMilli(ms)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read analytics events", err)
	}
	return out, nil
}

// ReplaceAnalyticsEvents makes rows, in this order, the only events of appID, in one transaction.
func (db *DB) ReplaceAnalyticsEvents(ctx context.Context, appID string, rows []AnalyticsEventRow) error {
	return db.inTx(ctx, "save analytics events", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM analytics_events WHERE app_id = ?`, appID); err != nil {
			return err
		}
		for i, r := range rows {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO analytics_events (app_id, event_id, position, spec, updated_at) VALUES (?, ?, ?, ?, ?)`,
				appID, r.ID, i, r.Spec, r.UpdatedAt.UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
}

// PutAnalyticsEvent saves one event. When oldID names an existing event, that event is replaced in
// its place (its ID may change); otherwise the event is added at the end, or replaces the event with
// the same ID in its place.
func (db *DB) PutAnalyticsEvent(ctx context.Context, appID, oldID string, r AnalyticsEventRow) error {
	return db.inTx(ctx, "save analytics event", func(tx *sql.Tx) error {
		var pos int64
		err := tx.QueryRowContext(ctx, `SELECT position FROM analytics_events WHERE app_id = ? AND event_id = ?`,
			appID, oldID).Scan(&pos)
		if err == sql.ErrNoRows && oldID != r.ID {
			err = tx.QueryRowContext(ctx, `SELECT position FROM analytics_events WHERE app_id = ? AND event_id = ?`,
				appID, r.ID).Scan(&pos)
		}
		switch {
		case err == sql.ErrNoRows:
			if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position) + 1, 0) FROM analytics_events WHERE app_id = ?`,
				appID).Scan(&pos); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM analytics_events WHERE app_id = ? AND event_id IN (?, ?)`,
			appID, oldID, r.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO analytics_events (app_id, event_id, position, spec, updated_at) VALUES (?, ?, ?, ?, ?)`,
			appID, r.ID, pos, r.Spec, r.UpdatedAt.UnixMilli())
		return err
	})
}

// DeleteAnalyticsEvent deletes one event; ErrNotFound if appID has no event id. Its reports are kept.
func (db *DB) DeleteAnalyticsEvent(ctx context.Context, appID, id string) error {
	res, err := db.exec(ctx, `DELETE FROM analytics_events WHERE app_id = ? AND event_id = ?`, appID, id)
	if err != nil {
		return db.fail("delete analytics event", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete analytics event %q: %w", id, ErrNotFound)
	}
	return nil
}

// Report is one custom-analytics report a mini program sent. Data is the reported object as JSON;
// Problems is a JSON array of what is wrong with it, "" when nothing is.
type Report struct {
	ID        int64
	AppID     string
	At        time.Time
	API       string // "reportEvent" or "reportAnalytics"
	Event     string // the name or ID the mini program passed
	EventID   string // the configured event it matched; "" when none
	EventName string
	Page      string
	Trigger   string
	Action    string
	Data      string
	Problems  string
}

// InsertReports stores reports in one transaction and sets their IDs. Either all are stored or none.
func (db *DB) InsertReports(ctx context.Context, rs []*Report) error {
	if len(rs) == 0 {
		return nil
	}
	return db.inTx(ctx, "store analytics reports", func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO analytics_reports
			(app_id, at, api, event, event_id, event_name, page, trigger, action, data, problems)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		ids := make([]int64, len(rs))
		for i, r := range rs {
			res, err := st.ExecContext(ctx, r.AppID, r.At.UnixMilli(), r.API, r.Event, r.EventID, r.EventName,
				r.Page, r.Trigger, r.Action, r.Data, r.Problems)
			if err != nil {
				return err
			}
			if ids[i], err = res.LastInsertId(); err != nil {
				return err
			}
		}
		for i, r := range rs { // only once the whole batch is in
			r.ID = ids[i]
		}
		return nil
	})
}

// ReportFilter selects reports. The zero value of a field does not filter.
type ReportFilter struct {
	AppID    string
	Since    time.Time // at >= Since
	Until    time.Time // at < Until
	Event    string    // the matched event ID, or the name given when none matched
	Flagged  *bool     // only reports with (true) or without (false) problems
	BeforeID int64     // id < BeforeID: the next page of a newest-first listing
	AfterID  int64     // id > AfterID: what arrived since
	Limit    int       // 0 = 200; at most 100,000
}

func (f ReportFilter) where() (string, []any) {
	w := []string{"app_id = ?"}
	args := []any{f.AppID}
	if !f.Since.IsZero() {
		w, args = append(w, "at >= ?"), append(args, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		w, args = append(w, "at < ?"), append(args, f.Until.UnixMilli())
	}
	if f.Event != "" {
		w, args = append(w, "(event_id = ? OR (event_id = '' AND event = ?))"), append(args, f.Event, f.Event)
	}
	if f.Flagged != nil {
		if *f.Flagged {
			w = append(w, "problems <> ''")
		} else {
			w = append(w, "problems = ''")
		}
	}
	if f.BeforeID > 0 {
		w, args = append(w, "id < ?"), append(args, f.BeforeID)
	}
	if f.AfterID > 0 {
		w, args = append(w, "id > ?"), append(args, f.AfterID)
	}
	return strings.Join(w, " AND "), args
}

// Reports returns the reports f selects, newest first.
func (db *DB) Reports(ctx context.Context, f ReportFilter) ([]Report, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	limit = min(limit, 100_000)
	where, args := f.where()
	rows, err := db.r.QueryContext(ctx, `SELECT id, app_id, at, api, event, event_id, event_name, page, trigger, action, data, problems
		FROM analytics_reports WHERE `+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, db.fail("read analytics reports", err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var ms int64
		if err := rows.Scan(&r.ID, &r.AppID, &ms, &r.API, &r.Event, &r.EventID, &r.EventName, &r.Page, &r.Trigger,
			&r.Action, &r.Data, &r.Problems); err != nil {
			return nil, db.fail("read analytics reports", err)
		}
		r.At = time.UnixMilli(ms)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("read analytics reports", err)
	}
	return out, nil
}

// CountReports counts the reports f selects (Limit and the ID bounds apply as in Reports, but Limit
// does not cap the count).
func (db *DB) CountReports(ctx context.Context, f ReportFilter) (int64, error) {
	where, args := f.where()
	var n int64
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM analytics_reports WHERE `+where, args...).Scan(&n); err != nil {
		return 0, db.fail("count analytics reports", err)
	}
	return n, nil
}

// EventTally counts the reports of one event over a filter.
type EventTally struct {
	Event   string // the matched event ID, or the name given when none matched
	Matched bool   // the reports matched a configured event
	Reports int64
	Flagged int64
	First   time.Time
	Last    time.Time
}

// ValueTally is one value of one field of one event, with how often it was reported. Distinct and
// Total are per field: how many different values there were and how many reports had the field.
type ValueTally struct {
	Event    string
	Field    string
	Type     string // SQLite's JSON type: "text", "integer", "real", "true", "false", "null", "object", "array"
	Value    string
	Count    int64
	Distinct int64
	Total    int64
}

// NumberTally summarises the numeric values of one field of one event.
type NumberTally struct {
	Event         string
	Field         string
	Count         int64
	Min, Max, Sum float64
}

// Tally is 同步结果's raw material: per event, per field, per value.
type Tally struct {
	Events  []EventTally
	Values  []ValueTally  // at most topValues per field, most frequent first
	Numbers []NumberTally // fields with numeric values
}

const eventKey = `CASE WHEN event_id = '' THEN event ELSE event_id END`

// objectData selects the reports whose data is a JSON object: the fields of anything else (an array's
// indexes) are not fields.
const objectData = `CASE WHEN json_valid(analytics_reports.data) THEN json_type(analytics_reports.data) END = 'object'`

// ReportTally counts the reports f selects (Limit and the ID bounds are ignored) by event, and the
// values of their fields, keeping the topValues most frequent values of each field.
func (db *DB) ReportTally(ctx context.Context, f ReportFilter, topValues int) (Tally, error) {
	f.BeforeID, f.AfterID = 0, 0
	where, args := f.where()
	var t Tally
	fail := func(err error) (Tally, error) { return Tally{}, db.fail("count analytics reports", err) }

	rows, err := db.r.QueryContext(ctx, `SELECT `+eventKey+`, max(event_id <> ''), count(*), sum(problems <> ''), min(at), max(at)
		FROM analytics_reports WHERE `+where+` GROUP BY 1 ORDER BY 3 DESC, 1`, args...)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var e EventTally
		var first, last int64
		if err := rows.Scan(&e.Event, &e.Matched, &e.Reports, &e.Flagged, &first, &last); err != nil {
			rows.Close()
			return fail(err)
		}
		e.First, e.Last = time.UnixMilli(first), time.UnixMilli(last)
		t.Events = append(t.Events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}

	rows, err = db.r.QueryContext(ctx, `WITH v AS (
			SELECT `+eventKey+` AS ev, j.key AS field, j.type AS type,
			       CASE WHEN j.type IN ('true', 'false', 'null') THEN j.type ELSE coalesce(CAST(j.atom AS TEXT), j.value) END AS value,
			       count(*) AS n
			FROM analytics_reports, json_each(analytics_reports.data) AS j
			WHERE `+where+` AND `+objectData+`
			GROUP BY 1, 2, 3, 4
		), r AS (
			SELECT *, row_number() OVER (PARTITION BY ev, field ORDER BY n DESC, value) AS rk,
			       count(*) OVER (PARTITION BY ev, field) AS distinct_values,
			       sum(n) OVER (PARTITION BY ev, field) AS total
			FROM v
		)
		SELECT ev, field, type, coalesce(value, ''), n, distinct_values, total FROM r WHERE rk <= ? ORDER BY ev, field, rk`,
		append(args, max(topValues, 1))...)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var v ValueTally
		if err := rows.Scan(&v.Event, &v.Field, &v.Type, &v.Value, &v.Count, &v.Distinct, &v.Total); err != nil {
			rows.Close()
			return fail(err)
		}
		t.Values = append(t.Values, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fail(err)
	}

	rows, err = db.r.QueryContext(ctx, `SELECT `+eventKey+`, j.key, count(*), min(j.value), max(j.value), total(j.value)
		FROM analytics_reports, json_each(analytics_reports.data) AS j
		WHERE `+where+` AND `+objectData+` AND j.type IN ('integer', 'real')
		GROUP BY 1, 2 ORDER BY 1, 2`, args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n NumberTally
		if err := rows.Scan(&n.Event, &n.Field, &n.Count, &n.Min, &n.Max, &n.Sum); err != nil {
			return fail(err)
		}
		t.Numbers = append(t.Numbers, n)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return t, nil
}

// SeriesCount is how many reports of an event fell in one time bucket.
type SeriesCount struct {
	Event string
	Start time.Time // the bucket's start
	Count int64
}

// ReportSeries counts the reports f selects (Limit and the ID bounds are ignored) by event and by bucket of
// the given length (an hour, a day), buckets aligned on the Unix epoch in UTC shifted by offset (the local
// zone's offset, so a day bucket starts at local midnight). Empty buckets are left out.
func (db *DB) ReportSeries(ctx context.Context, f ReportFilter, bucket, offset time.Duration) ([]SeriesCount, error) {
	f.BeforeID, f.AfterID = 0, 0
	where, args := f.where()
	b, off := max(bucket.Milliseconds(), 1), offset.Milliseconds()
	rows, err := db.r.QueryContext(ctx, `SELECT `+eventKey+`, ((at + ?) / ?) * ? - ?, count(*)
		FROM analytics_reports WHERE `+where+` GROUP BY 1, 2 ORDER BY 1, 2`, append([]any{off, b, b, off}, args...)...)
	if err != nil {
		return nil, db.fail("count analytics reports over time", err)
	}
	defer rows.Close()
	var out []SeriesCount
	for rows.Next() {
		var c SeriesCount
		var ms int64
		if err := rows.Scan(&c.Event, &ms, &c.Count); err != nil {
			return nil, db.fail("count analytics reports over time", err)
		}
		c.Start = time.UnixMilli(ms)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("count analytics reports over time", err)
	}
	return out, nil
}

// DeleteReports deletes every report of appID and returns how many there were.
func (db *DB) DeleteReports(ctx context.Context, appID string) (int64, error) {
	res, err := db.exec(ctx, `DELETE FROM analytics_reports WHERE app_id = ?`, appID)
	if err != nil {
		return 0, db.fail("delete analytics reports", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// PruneReports keeps the newest keep reports of appID and deletes the older ones. The unary + keeps SQLite
// off the (app_id, at, id) index, which cannot give id order: walking the rowids backwards finds the
// cut-off without sorting the app's reports (16 ms instead of 106 ms at 110,000 reports), and the
// delete visits only the rowids below it.
func (db *DB) PruneReports(ctx context.Context, appID string, keep int) (int64, error) {
	res, err := db.exec(ctx, `DELETE FROM analytics_reports WHERE id <= (
		SELECT id FROM analytics_reports WHERE +app_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?) AND +app_id = ?`,
		appID, max(keep, 0), appID)
	if err != nil {
		return 0, db.fail("prune analytics reports", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE), committing if it returns nil.
func (db *DB) inTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return db.fail(op, err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return db.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return db.fail(op, err)
	}
	return nil
}
