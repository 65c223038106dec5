package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// DeleteAttempt deletes one attempt with its body, or returns an error wrapping ErrNotFound. A cache row
// that points at it keeps its body (getBackgroundFetchData still returns it); its AttemptID becomes 0.
func (db *DB) DeleteAttempt(ctx context.Context, id int64) error {
	op := fmt.Sprintf("delete attempt %d", id)
	res, err := db.exec(ctx, `DELETE FROM attempts WHERE id = ?`, id)
	if err != nil {
		return db.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return db.fail(op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	return nil
}

// DeleteFetchData deletes every cached body and every recorded attempt (with their bodies), of every app,
// in one transaction. Settings and analytics are kept. The simulation store is reset with it.
func (db *DB) DeleteFetchData(ctx context.Context) error {
	const op = "delete the cache and history"
	tx, err := db.begin(ctx)
	if err != nil {
		return db.fail(op, err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range []string{`DELETE FROM cache`, `DELETE FROM attempts`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return db.fail(op, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.fail(op, err)
	}
	return nil
}

// Prune keeps the newest keepPerType attempts of each fetch type of appID ("" = of every app, each app
// apart) and deletes the older ones, except an attempt a cache row points at. It returns how many
// attempts were deleted. keepPerType must be at least 1.
func (db *DB) Prune(ctx context.Context, appID string, keepPerType int) (int64, error) {
	op := "prune history"
	if appID != "" {
		op += " of " + appID
	}
	if keepPerType < 1 {
		return 0, fmt.Errorf("%s: keep at least 1 attempt per type, not %d", op, keepPerType)
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, db.fail(op, err)
	}
	defer func() { _ = tx.Rollback() }()

	groups, err := sentGroups(ctx, tx, appID)
	if err != nil {
		return 0, db.fail(op, err)
	}

	var total int64
	for _, g := range groups {
		// The (keep+1)th newest id, then everything at or below it, on the (app_id, fetch_type, id)
		// index; nothing when there are not more than keep.
		// Attempts imported from a HAR file neither count nor go: importing old attempts must not push
		// out the ones the tool sent (imports get the newest ids); they stay until deleted by hand.
		// Both walk the attempts_sent index (origin != 'har' must be literal for SQLite to use it): the
		// offset reads keep entries, the delete only the ones it deletes (and a cached one it keeps).
		res, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE app_id = ?1 AND fetch_type = ?2 AND origin != 'har'
			AND id <= (SELECT id FROM attempts WHERE app_id = ?1 AND fetch_type = ?2 AND origin != 'har' ORDER BY id DESC LIMIT 1 OFFSET ?3)
			AND id NOT IN (SELECT attempt_id FROM cache WHERE attempt_id IS NOT NULL)`, g.app, g.typ, keepPerType)
		if err != nil {
			return 0, db.fail(op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, db.fail(op, err)
		}
		total += n
	}
	if total == 0 {
		return 0, nil // nothing to commit; the deferred rollback ends the transaction
	}
	if err := tx.Commit(); err != nil {
		return 0, db.fail(op, err)
	}
	return total, nil
}

// LatestCached returns up to n attempts of appID and fetchType whose body the platform cached, newest
// first, with their bodies. Attempts imported from a HAR file are left out: the client never cached them.
func (db *DB) LatestCached(ctx context.Context, appID, fetchType string, n int) ([]Attempt, error) {
	op := fmt.Sprintf("latest cached %s attempts of %s", fetchType, appID)
	rows, err := db.r.QueryContext(ctx, `SELECT `+attemptCols+`, bodies.body FROM attempts
		LEFT JOIN bodies ON bodies.body_id = attempts.body_id
		WHERE app_id = ? AND fetch_type = ? AND cached = 1 AND origin != 'har' ORDER BY id DESC LIMIT ?`,
		appID, fetchType, n)
	if err != nil {
		return nil, db.fail(op, err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		var a Attempt
		if err := scanAttempt(rows, &a, &a.Body); err != nil {
			return nil, db.fail(op, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail(op, err)
	}
	return out, nil
}

// Setting returns the value of a setting, or an error wrapping ErrNotFound when it was never set.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	if err := db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return "", db.fail("setting "+key, err)
	}
	return v, nil
}

// SetSetting sets (or replaces) the value of a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	if _, err := db.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return db.fail("set setting "+key, err)
	}
	return nil
}

// group is an app and a fetch type.
type group struct{ app, typ string }

// sentGroups lists the (app, fetch type) pairs that have attempts the tool sent (of appID only, unless
// it is ""), jumping from one pair to the next on the attempts_sent index instead of reading every
// attempt: a few lookups however long the history.
func sentGroups(ctx context.Context, tx *sql.Tx, appID string) ([]group, error) {
	var groups []group
	next := func(q string, args ...any) (group, bool, error) {
		var g group
		err := tx.QueryRowContext(ctx, q, args...).Scan(&g.app, &g.typ)
		if errors.Is(err, sql.ErrNoRows) {
			return g, false, nil
		}
		return g, err == nil, err
	}
	const sel = `SELECT app_id, fetch_type FROM attempts INDEXED BY attempts_sent WHERE origin != 'har' AND `
	const order = ` ORDER BY app_id, fetch_type LIMIT 1`
	var (
		g   group
		ok  bool
		err error
	)
	if appID != "" {
		g, ok, err = next(sel+`app_id = ?`+order, appID)
	} else {
		g, ok, err = next(sel + `1` + order)
	}
	for ok && err == nil {
		groups = append(groups, g)
		if appID != "" {
			g, ok, err = next(sel+`app_id = ? AND fetch_type > ?`+order, appID, g.typ)
		} else {
			g, ok, err = next(sel+`(app_id, fetch_type) > (?, ?)`+order, g.app, g.typ)
		}
	}
	return groups, err
}
