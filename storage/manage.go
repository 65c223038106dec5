package storage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// searchText is what HistoryFilter.Text searches in an attempt: the URL, the status code, the error,
// the reason and the body, one per line, case-folded. NUL bytes become spaces (GLOB stops at NUL).
func searchText(a *Attempt) string {
	var b strings.Builder
	b.Grow(len(a.URL) + len(a.Error) + len(a.Reason) + len(a.Body) + 8)
	b.WriteString(a.URL)
	b.WriteByte('\n')
	if a.Status != 0 {
		b.WriteString(strconv.Itoa(a.Status))
	}
	b.WriteByte('\n')
	b.WriteString(a.Error)
	b.WriteByte('\n')
	b.WriteString(a.Reason)
	b.WriteByte('\n')
	if utf8.Valid(a.Body) {
		b.Write(a.Body)
	} else {
		b.WriteString(strings.ToValidUTF8(string(a.Body), " "))
	}
	return strings.ReplaceAll(foldText(b.String()), "\x00", " ")
}

// foldText is the case folding shared by the stored search text and the searched-for text.
func foldText(s string) string { return strings.ToLower(s) }

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

	q, args := `SELECT DISTINCT app_id, fetch_type FROM attempts`, []any(nil)
	if appID != "" {
		q, args = q+` WHERE app_id = ?`, []any{appID}
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, db.fail(op, err)
	}
	type group struct{ app, typ string }
	var groups []group
	for rows.Next() {
		var g group
		if err := rows.Scan(&g.app, &g.typ); err != nil {
			rows.Close()
			return 0, db.fail(op, err)
		}
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, db.fail(op, err)
	}

	var total int64
	for _, g := range groups {
		// The (keep+1)th newest id, then everything at or below it, on the (app_id, fetch_type, id)
		// index; nothing when there are not more than keep.
		// Attempts imported from a HAR file neither count nor go: importing old attempts must not push
		// out the ones the tool sent (imports get the newest ids); they stay until deleted by hand.
		res, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE app_id = ?1 AND fetch_type = ?2 AND origin != ?4
			AND id <= (SELECT id FROM attempts WHERE app_id = ?1 AND fetch_type = ?2 AND origin != ?4 ORDER BY id DESC LIMIT 1 OFFSET ?3)
			AND id NOT IN (SELECT attempt_id FROM cache WHERE attempt_id IS NOT NULL)`, g.app, g.typ, keepPerType, OriginHAR)
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
	rows, err := db.r.QueryContext(ctx, `SELECT `+attemptCols+`, attempt_bodies.body FROM attempts
		LEFT JOIN attempt_bodies ON attempt_bodies.attempt_id = attempts.id
		WHERE app_id = ? AND fetch_type = ? AND cached = 1 AND origin != ? ORDER BY id DESC LIMIT ?`,
		appID, fetchType, OriginHAR, n)
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

// globContains is a GLOB pattern matching any text that contains s. GLOB, unlike instr, finds an
// ASCII first character with strcspn, which is several times faster on long texts.
func globContains(s string) string {
	var b strings.Builder
	b.WriteByte('*')
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteByte(']')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('*')
	return b.String()
}
