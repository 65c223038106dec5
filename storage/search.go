package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// How HistoryFilter.Text is searched. The text an attempt is searched in is searchText (the URL, the
// status, the error, the reason and the body, one per line, folded by foldText); a search matches when
// the folded search text is a substring of it.
//
// Three runes or more: the FTS5 trigram indexes find the candidates, newest first: the attempts whose own
// text (attempt_fts: URL, status, error, reason) holds every trigram of the searched text, and the attempts
// whose body does (body_fts, one entry per distinct body, migration 0007: a body many attempts hold is
// indexed once). The indexes keep no positions (detail=none, to stay small), so holding every trigram does
// not prove the trigrams are next to each other: for more than three runes each candidate's columns are
// checked (matchSQL). Exactly three runes are one trigram, and the indexes alone are exact. A text with a
// newline can span an attempt's own text and its body, so it is searched by scanning.
//
// One or two runes: a trigram index cannot find them (FTS5 needs 3), so the search falls back to a
// LIKE-style scan of the attempts newest first, checking each one's columns (matchSQL: instr over lower(),
// not LIKE itself, whose % and _ are wildcards and which stops at a NUL byte); the first page stops at
// its limit, but counting reads every attempt the other conditions leave. The same scan serves while
// attempts or bodies recorded before migrations 0004 and 0007 are still being indexed (search_pending,
// body_search_pending).

// foldText is the case folding shared by the indexed text and the searched-for text.
func foldText(s string) string { return strings.ToLower(s) }

// searchText is what HistoryFilter.Text searches in an attempt: the URL, the status code, the error, the
// reason and the body, one per line, case-folded. NUL bytes and invalid UTF-8 become spaces.
func searchText(a *Attempt) string {
	return searchTextOf(a.URL, a.Status, a.Error, a.Reason, a.Body)
}

func searchTextOf(url string, status int, errText, reason string, body []byte) string {
	return ownText(url, status, errText, reason) + bodyText(body)
}

// ownText is the part of an attempt's search text that is its own (attempt_fts indexes it): the URL, the
// status code, the error and the reason, each followed by a newline, case-folded.
func ownText(url string, status int, errText, reason string) string {
	var b strings.Builder
	b.Grow(len(url) + len(errText) + len(reason) + 8)
	b.WriteString(url)
	b.WriteByte('\n')
	if status != 0 {
		b.WriteString(strconv.Itoa(status))
	}
	b.WriteByte('\n')
	b.WriteString(errText)
	b.WriteByte('\n')
	b.WriteString(reason)
	b.WriteByte('\n')
	return strings.ReplaceAll(foldText(b.String()), "\x00", " ")
}

// bodyText is the part of an attempt's search text that is its body (body_fts indexes it, once per
// distinct body): the body case-folded, invalid UTF-8 and NUL bytes as spaces. Folding works rune by rune
// and the parts are joined at a newline, so ownText + bodyText is the folding of the whole text.
func bodyText(body []byte) string {
	var s string
	if utf8.Valid(body) {
		s = string(body)
	} else {
		s = strings.ToValidUTF8(string(body), " ")
	}
	return strings.ReplaceAll(foldText(s), "\x00", " ")
}

// matchFunc is the SQL function name of searchMatch, registered on the read connections.
const matchFunc = "bgfetch_search_match"

// bodyJoin brings an attempt's body (NULL when it kept none) to the checks below as b.body: a join
// reads it about twice as fast as a subquery per attempt (measured: 83,000 bodies in 135 ms, not 300).
const bodyJoin = ` LEFT JOIN bodies b ON b.body_id = attempts.body_id`

// matchSQL is the SQL condition that an attempt's columns hold needle (folded), with its arguments: the
// exact check of a candidate the index found, or of every attempt a scan reads.
//
// A needle of ASCII and caseless runes (Chinese, digits, punctuation) without a newline is checked in
// SQL, column by column, with instr over lower() (which folds ASCII only; not at all when the needle has no
// letters), when the attempt is search_plain: SQL then finds what Go's folding of the joined search text
// finds. Anything else goes to searchMatch, in Go (a cgo call and a copy of the body: about 3 times slower).
func matchSQL(needle string) (string, []any) {
	goCheck := matchFunc + `(?, url, status, error, reason, coalesce(b.body, X''))`
	if strings.Contains(needle, "\n") || !plainNeedle(needle) {
		return goCheck, []any{needle}
	}
	lower, body := func(col string) string { return "lower(" + col + ")" }, `lower(CAST(b.body AS TEXT))`
	if strings.IndexFunc(needle, func(r rune) bool { return 'a' <= r && r <= 'z' }) < 0 {
		// Nothing to fold: no lower() copy of the body, whose bytes are searched as they are (valid
		// UTF-8 holds another valid UTF-8 text as characters exactly where it holds it as bytes).
		lower, body = func(col string) string { return col }, `b.body`
	}
	expr := `CASE WHEN search_plain THEN (instr(` + lower("url") + `, ?) > 0 OR instr(CASE status WHEN 0 THEN '' ELSE status END, ?) > 0 OR instr(` +
		lower("error") + `, ?) > 0 OR instr(` + lower("reason") + `, ?) > 0 OR coalesce(instr(` + body + `, CAST(? AS BLOB)) > 0, 0))
		ELSE ` + goCheck + ` END`
	return expr, []any{needle, needle, needle, needle, needle, needle}
}

// plainText reports whether SQLite's lower() folds the attempt's text columns as Go's foldText does for
// every needle plainNeedle accepts, and no NUL byte or invalid UTF-8 (a space in searchText) is in them:
// the attempt's search_plain.
func plainText(url, errText, reason string, body []byte) bool {
	clean := func(b []byte) bool {
		return bytes.IndexByte(b, 0) < 0 && utf8.Valid(b) && !bytes.Contains(b, kelvin) && !bytes.Contains(b, capitalIDot)
	}
	return clean([]byte(url)) && clean([]byte(errText)) && clean([]byte(reason)) && clean(body)
}

// searchMatch reports whether needle (folded) is in searchTextOf(url, status, errText, reason, body).
func searchMatch(needle, url string, status int64, errText, reason string, body []byte) bool {
	if strings.Contains(needle, "\n") || !plainNeedle(needle) || !plainText("", "", "", body) {
		return strings.Contains(searchTextOf(url, int(status), errText, reason, body), needle)
	}
	// No newline in needle: it cannot span two lines, so each column can be checked apart; and the body
	// folds as ASCII, into a reused buffer.
	if strings.Contains(foldText(url), needle) || strings.Contains(foldText(errText), needle) ||
		strings.Contains(foldText(reason), needle) || (status != 0 && strings.Contains(strconv.FormatInt(status, 10), needle)) {
		return true
	}
	buf := foldBufs.Get().(*[]byte)
	defer foldBufs.Put(buf)
	lower := append((*buf)[:0], body...)
	for i, c := range lower {
		if 'A' <= c && c <= 'Z' {
			lower[i] = c + 'a' - 'A'
		}
	}
	*buf = lower
	return bytes.Contains(lower, []byte(needle))
}

// The two non-ASCII runes strings.ToLower folds into ASCII, as UTF-8: KELVIN SIGN (k) and LATIN CAPITAL
// LETTER I WITH DOT ABOVE (i).
var (
	kelvin      = []byte("\u212a")
	capitalIDot = []byte("\u0130")
)

// foldBufs are searchMatch's buffers (a search checks one attempt after another on a connection).
var foldBufs = sync.Pool{New: func() any { return new([]byte) }}

// plainNeedle reports whether the folded needle is found in ASCII-folded text exactly where it is found in
// Go-folded text: every rune is ASCII, or has no other case (CJK, digits, punctuation).
func plainNeedle(needle string) bool {
	for _, r := range needle {
		if r >= utf8.RuneSelf && (r == utf8.RuneError || unicode.SimpleFold(r) != r) {
			return false
		}
	}
	return true
}

// ftsQuery is the FTS5 query for the trigrams of needle (folded; at least 3 runes): each trigram as a
// quoted string, all of them required. A long text is narrowed by at most maxTrigrams of them, spread
// over it (the candidates are checked anyway).
func ftsQuery(needle string) string {
	runes := []rune(needle)
	const maxTrigrams = 12
	n := len(runes) - 2
	step := 1
	if n > maxTrigrams {
		step = (n + maxTrigrams - 1) / maxTrigrams
	}
	seen := map[string]bool{}
	var parts []string
	add := func(i int) {
		t := string(runes[i : i+3])
		if !seen[t] {
			seen[t] = true
			parts = append(parts, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
	}
	for i := 0; i < n; i += step {
		add(i)
	}
	add(n - 1) // the last one always
	return strings.Join(parts, " AND ")
}

// search is how a filter's text is searched: not at all, through the index, or by scanning.
type search struct {
	needle string // folded; "" = no text
	fts    bool   // through attempt_fts and body_fts
	check  bool   // the candidates' columns must be checked (matchSQL)
}

// plan decides how f.Text is searched. The index is used once every attempt and body is in it.
func (db *DB) plan(ctx context.Context, f HistoryFilter) (search, error) {
	if f.Text == "" {
		return search{}, nil
	}
	s := search{needle: foldText(f.Text), check: true}
	if utf8.RuneCountInString(s.needle) < 3 || !haveFTS5 {
		return s, nil // a trigram index cannot find 1 or 2 runes, and a build without FTS5 has none: scan
	}
	if strings.Contains(s.needle, "\n") {
		// It can span an attempt's own text and its body, which are indexed apart: scan.
		return s, nil
	}
	pending, err := db.searchPending(ctx)
	if err != nil {
		return s, db.fail("history", err)
	}
	s.fts = !pending
	s.check = !s.fts || utf8.RuneCountInString(s.needle) > 3
	return s, nil
}

// idRange limits a statement to the ids in (after, upTo); 0 leaves that end open.
// bodyAfter > 0 also leaves out the candidates found through a body of that body_id or lower (History's
// probe: see newestPage).
type idRange struct{ after, upTo, bodyAfter int64 }

// sql builds the statement selecting what (columns or count(*)) of the attempts f selects within sp,
// newest first (order), with its arguments. before adds id < f.BeforeID; limit > 0 adds LIMIT.
func (f HistoryFilter) sql(s search, sp idRange, what string, before bool, order bool, limit int) (string, []any) {
	idOps, idArgs := f.idRange(sp, before)
	from := ` FROM attempts`
	if s.check {
		from += bodyJoin
	}
	var conds []string
	var args []any
	if s.fts && what == "count(*)" && !order {
		return f.countSQL(s, idOps, idArgs)
	}
	if s.fts {
		// The candidates: the attempts whose own text holds the trigrams, and those whose body does. SQLite
		// makes a list of their ids once (within the id range) and walks it newest first, looking each
		// attempt up by id.
		q := ftsQuery(s.needle)
		own, body := `SELECT rowid FROM attempt_fts WHERE attempt_fts MATCH ?`,
			`SELECT a2.id FROM body_fts CROSS JOIN attempts a2 ON a2.body_id = body_fts.rowid WHERE body_fts MATCH ?`
		args = append(args, q)
		for i, op := range idOps {
			own += " AND rowid" + op
			args = append(args, idArgs[i])
		}
		args = append(args, q)
		for i, op := range idOps {
			body += " AND a2.id" + op
			args = append(args, idArgs[i])
		}
		if sp.bodyAfter > 0 {
			body += " AND body_fts.rowid > ?"
			args = append(args, sp.bodyAfter)
		}
		conds = append(conds, `attempts.id IN (`+own+` UNION ALL `+body+`)`)
	}
	rest, rargs := f.conds(s, "attempts.id", idOps, idArgs)
	conds, args = append(conds, rest...), append(args, rargs...)
	q := `SELECT ` + what + from
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	if order {
		q += ` ORDER BY attempts.id DESC`
	}
	if limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(limit)
	}
	return q, args
}

// countSQL counts the attempts f selects through the index, without making a list of the candidates: those
// whose own text matches (attempt_fts leads, its rowids within the id range), plus those whose body matches
// and whose own text does not (body_fts leads, each body's attempts looked up on attempts_body_id).
func (f HistoryFilter) countSQL(s search, idOps []string, idArgs []any) (string, []any) {
	q := ftsQuery(s.needle)
	join := ``
	if s.check {
		join = bodyJoin
	}
	ownConds, ownArgs := f.conds(s, "attempt_fts.rowid", idOps, idArgs)
	bodyConds, bodyArgs := f.conds(s, "attempts.id", idOps, idArgs)
	notOwn := `attempts.id NOT IN (SELECT rowid FROM attempt_fts WHERE attempt_fts MATCH ?`
	notOwnArgs := []any{q}
	for i, op := range idOps {
		notOwn += " AND rowid" + op
		notOwnArgs = append(notOwnArgs, idArgs[i])
	}
	notOwn += `)`
	stmt := `SELECT (SELECT count(*) FROM attempt_fts CROSS JOIN attempts ON attempts.id = attempt_fts.rowid` + join +
		` WHERE attempt_fts MATCH ?` + andAll(ownConds) + `) + (SELECT count(*) FROM body_fts CROSS JOIN attempts INDEXED BY attempts_body_id
		ON attempts.body_id = body_fts.rowid` + join + ` WHERE body_fts MATCH ? AND ` + notOwn + andAll(bodyConds) + `)`
	args := append([]any{q}, ownArgs...)
	args = append(append(append(args, q), notOwnArgs...), bodyArgs...)
	return stmt, args
}

// andAll is conds as more conditions of a WHERE clause: " AND a AND b", or nothing.
func andAll(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(conds, " AND ")
}

// idRange is the id range of a statement: before (id < f.BeforeID) and sp, as operators and values.
func (f HistoryFilter) idRange(sp idRange, before bool) (ops []string, args []any) {
	if before && f.BeforeID > 0 {
		ops, args = append(ops, " < ?"), append(args, f.BeforeID)
	}
	if sp.after > 0 {
		ops, args = append(ops, " > ?"), append(args, sp.after)
	}
	if sp.upTo > 0 {
		ops, args = append(ops, " <= ?"), append(args, sp.upTo)
	}
	return ops, args
}

// conds are the conditions of f besides the text's candidates: the filters, the id range (on idCol) and
// the check of the text (last, so SQLite checks the cheap conditions first), with their arguments.
func (f HistoryFilter) conds(s search, idCol string, idOps []string, idArgs []any) ([]string, []any) {
	var conds []string
	var args []any
	if f.AppID != "" {
		conds = append(conds, "app_id = ?")
		args = append(args, f.AppID)
	}
	if f.FetchType != "" {
		conds = append(conds, "fetch_type = ?")
		args = append(args, f.FetchType)
	}
	if f.Platform != "" {
		conds = append(conds, "platform = ?")
		args = append(args, f.Platform)
	}
	if f.Cached != nil {
		conds = append(conds, "cached = ?")
		args = append(args, *f.Cached)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "started_at >= ?")
		args = append(args, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		conds = append(conds, "started_at < ?")
		args = append(args, f.Until.UnixMilli())
	}
	for i, op := range idOps {
		conds = append(conds, idCol+op)
		args = append(args, idArgs[i])
	}
	if s.check {
		expr, eargs := matchSQL(s.needle)
		conds = append(conds, expr)
		args = append(args, eargs...)
	}
	return conds, args
}

func (f HistoryFilter) limit() int {
	if f.Limit <= 0 {
		return defaultHistoryLimit
	}
	return f.Limit
}

// History lists attempts newest first (by ID descending). It does not load Body (Body is nil; Bytes is
// set). A text search goes through the trigram index (see the top of search.go).
func (db *DB) History(ctx context.Context, f HistoryFilter) ([]Attempt, error) {
	s, err := db.plan(ctx, f)
	if err != nil {
		return nil, err
	}
	return db.history(ctx, f, s)
}

// history is History with the search planned (db.plan).
func (db *DB) history(ctx context.Context, f HistoryFilter, s search) ([]Attempt, error) {
	if s.fts {
		// The probe looks among the newest attempts first, then among 8 and 64 times as many: a filter
		// (an app, a type) leaves fewer of them to fill the page (measured over 100,000 attempts of three
		// apps: a common word in one app 78 ms listing every candidate, 10 ms so).
		// A wider probe is tried only when the narrower one found enough to expect the wider to fill the
		// page (a rare text goes straight to the full list).
		for _, widen := range []int{1, 8, 64} {
			list, ok, err := db.newestPage(ctx, f, s, widen)
			if err != nil || ok {
				return list, err
			}
			if len(list)*8 < f.limit() {
				break
			}
		}
	}
	q, args := f.sql(s, idRange{}, qualified(attemptCols), true, true, f.limit())
	return db.list(ctx, "history", q, args...)
}

// newestPage tries to find the page f selects through the index among the newest attempts only, so that a
// text many bodies hold does not make SQLite list every candidate first (measured over 100,000 attempts: a
// page of a common word 21 ms listing them all, about 1 ms so). ok is false when it found less than a
// page and older attempts may hold the rest.
//
// The probe: X is just below the lowest body_id among the newest probeFactor*widen times a page's length
// attempts (below BeforeID), and M the newest attempt whose body_id is X or lower (among probeWalk*widen
// times a page's length). Every attempt newer than M that matches matches
// through its own text or through a body above X, so the candidates from attempt_fts above M and from
// body_fts above X, newer than M, are all the matches newer than M: the page is exact if it fills.
func (db *DB) newestPage(ctx context.Context, f HistoryFilter, s search, widen int) ([]Attempt, bool, error) {
	limit := f.limit()
	upper, args := ``, []any{}
	if f.BeforeID > 0 {
		upper, args = ` AND id < ?`, append(args, f.BeforeID)
	}
	var low, oldest sql.NullInt64
	if err := db.r.QueryRowContext(ctx, `SELECT min(body_id), min(id) FROM (SELECT id, body_id FROM attempts WHERE true`+upper+
		` ORDER BY id DESC LIMIT ?)`, append(args, probeFactor*limit*widen)...).Scan(&low, &oldest); err != nil {
		return nil, false, db.fail("history", err)
	}
	var x int64
	var m sql.NullInt64
	switch {
	case !oldest.Valid:
		return nil, false, nil // no attempts
	case !low.Valid:
		// No body among them (failed or uncached attempts, or imported ones without one): they match through
		// their own text only, so M is just below them and no body is a candidate.
		m, x = sql.NullInt64{Int64: oldest.Int64 - 1, Valid: true}, math.MaxInt64
	case low.Int64 <= 1:
		return nil, false, nil // the oldest body: no probe
	default:
		x = low.Int64 - 1
		// M, looked for among the newest probeWalk*limit attempts only (a history holding one body over and
		// over has none): not found, no probe.
		if err := db.r.QueryRowContext(ctx, `SELECT max(id) FROM (SELECT id, body_id FROM attempts WHERE true`+upper+
			` ORDER BY id DESC LIMIT ?) WHERE body_id <= ?`, append(args, probeWalk*limit*widen, x)...).Scan(&m); err != nil {
			return nil, false, db.fail("history", err)
		}
		if !m.Valid {
			return nil, false, nil
		}
	}
	q, qargs := f.sql(s, idRange{after: m.Int64, bodyAfter: x}, qualified(attemptCols), true, true, limit)
	list, err := db.list(ctx, "history", q, qargs...)
	if err != nil {
		return nil, false, err
	}
	return list, len(list) == limit, nil
}

// newestPage looks at the newest probeFactor times a page's length attempts for the lowest body, and for
// the newest attempt below that body among the newest probeWalk times a page's length.
const (
	probeFactor = 4
	probeWalk   = 8
)

// qualified prefixes attemptCols with the table, for the statements that join bodies.
func qualified(cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = "attempts." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func (db *DB) list(ctx context.Context, op, q string, args ...any) ([]Attempt, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.fail(op, err)
	}
	defer rows.Close()
	out := make([]Attempt, 0, 16)
	for rows.Next() {
		var a Attempt
		if err := scanAttempt(rows, &a); err != nil {
			return nil, db.fail(op, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail(op, err)
	}
	return out, nil
}

// CountAttempts counts the attempts matching the filter (Limit and BeforeID are ignored). Without text,
// or with a text of three runes, it reads indexes only. Otherwise each candidate is checked (see the top
// of this file), so a long history is counted in two halves at once.
func (db *DB) CountAttempts(ctx context.Context, f HistoryFilter) (int64, error) {
	s, err := db.plan(ctx, f)
	if err != nil {
		return 0, err
	}
	return db.countAttempts(ctx, f, s)
}

// countAttempts is CountAttempts with the search planned (db.plan).
func (db *DB) countAttempts(ctx context.Context, f HistoryFilter, s search) (int64, error) {
	if !s.check {
		return db.count(ctx, f, s, idRange{})
	}
	upper, lower, ok, err := db.halves(ctx)
	if err != nil || !ok {
		if err != nil {
			return 0, err
		}
		return db.count(ctx, f, s, idRange{})
	}
	var (
		older    int64
		olderErr error
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		older, olderErr = db.count(ctx, f, s, lower)
	}()
	newer, err := db.count(ctx, f, s, upper)
	<-done
	if err = errors.Join(err, olderErr); err != nil {
		return 0, err
	}
	return newer + older, nil
}

func (db *DB) count(ctx context.Context, f HistoryFilter, s search, sp idRange) (int64, error) {
	q, args := f.sql(s, sp, "count(*)", false, false, 0)
	var n int64
	if err := db.r.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, db.fail("count attempts", err)
	}
	return n, nil
}

// countSplit is how many ids a count that checks each candidate must span before it runs as two
// statements at once.
const countSplit = 4096

// halves splits the ids in two, for a count that checks its candidates on two cores; ok is false for
// a short history.
func (db *DB) halves(ctx context.Context) (upper, lower idRange, ok bool, err error) {
	var lo, hi int64 // two subqueries: SQLite reads min and max off the index only one per query
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce((SELECT min(id) FROM attempts), 0), coalesce((SELECT max(id) FROM attempts), 0)`).Scan(&lo, &hi); err != nil {
		return upper, lower, false, db.fail("count attempts", err)
	}
	if hi-lo < countSplit {
		return upper, lower, false, nil
	}
	mid := lo + (hi-lo)/2
	return idRange{after: mid}, idRange{upTo: mid}, true, nil
}

// HistoryCount is History and CountAttempts at once, as the history list shows them: the page f selects
// and how many attempts match f in all (ignoring Limit and BeforeID). The page stops at its limit; the
// count reads indexes, or checks each candidate of a text search (CountAttempts) while the page is read.
func (db *DB) HistoryCount(ctx context.Context, f HistoryFilter) ([]Attempt, int64, error) {
	s, err := db.plan(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var (
		n    int64
		nErr error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		n, nErr = db.countAttempts(ctx, f, s)
	}()
	list, err := db.history(ctx, f, s)
	<-done
	if err = errors.Join(err, nErr); err != nil {
		return nil, 0, err
	}
	return list, n, nil
}

// CountBound is how many candidates a bounded count checks, per part of the search (an attempt's own text,
// and the bodies), before it stops and counts what it found as a lower bound (HistoryPage). Checking one
// takes a few microseconds (it reads the body), so a bound of 1,000 keeps a page and its count of a common
// word within about 8-26 ms over 100,000 attempts (a filter, an app, makes the candidates sparser), where
// counting all 83,000 matches takes 300 ms.
const CountBound = 1000

// HistoryPage is History and a bounded count at once, as the history list shows them: the page f selects,
// and how many attempts match f in all (ignoring Limit and BeforeID). The count is exact (exact true)
// unless the text's candidates must each be checked and there are more than CountBound of them in a part
// of the search: it is then a lower bound, the matches among the candidates checked (and at least the
// page's length). CountAttempts counts them all.
func (db *DB) HistoryPage(ctx context.Context, f HistoryFilter) (list []Attempt, n int64, exact bool, err error) {
	return db.historyPage(ctx, f, CountBound)
}

func (db *DB) historyPage(ctx context.Context, f HistoryFilter, bound int) (list []Attempt, n int64, exact bool, err error) {
	s, err := db.plan(ctx, f)
	if err != nil {
		return nil, 0, false, err
	}
	var (
		nErr error
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		n, exact, nErr = db.boundedCount(ctx, f, s, bound)
	}()
	list, err = db.history(ctx, f, s)
	<-done
	if err = errors.Join(err, nErr); err != nil {
		return nil, 0, false, err
	}
	switch {
	case f.BeforeID == 0 && len(list) < f.limit():
		n, exact = int64(len(list)), true // a short first page holds every match
	case !exact && n < int64(len(list)):
		n = int64(len(list))
	}
	return list, n, exact, nil
}

// boundedCount counts the attempts f selects, checking at most bound candidates per part of a text search
// (see HistoryPage); without a text, or with one the index alone decides, it counts them all (indexes
// only).
func (db *DB) boundedCount(ctx context.Context, f HistoryFilter, s search, bound int) (n int64, exact bool, err error) {
	if !s.check {
		n, err := db.count(ctx, f, s, idRange{})
		return n, err == nil, err
	}
	check, checkArgs := matchSQL(s.needle)
	filters, filterArgs := f.conds(search{}, "attempts.id", nil, nil)
	// Each part: the newest bound candidates that pass the filters, and how many of them hold the text.
	var parts []string
	var args [][]any
	if s.fts {
		q := ftsQuery(s.needle)
		parts = append(parts,
			`SELECT `+check+` AS ok FROM attempt_fts CROSS JOIN attempts ON attempts.id = attempt_fts.rowid`+bodyJoin+
				` WHERE attempt_fts MATCH ?`+andAll(filters)+` ORDER BY attempt_fts.rowid DESC LIMIT ?`,
			`SELECT `+check+` AS ok FROM body_fts CROSS JOIN attempts INDEXED BY attempts_body_id ON attempts.body_id = body_fts.rowid`+bodyJoin+
				` WHERE body_fts MATCH ? AND attempts.id NOT IN (SELECT rowid FROM attempt_fts WHERE attempt_fts MATCH ?)`+andAll(filters)+
				` ORDER BY body_fts.rowid DESC LIMIT ?`)
		args = append(args,
			slices.Concat(checkArgs, []any{q}, filterArgs, []any{bound}),
			slices.Concat(checkArgs, []any{q, q}, filterArgs, []any{bound}))
	} else {
		parts = append(parts, `SELECT `+check+` AS ok FROM attempts`+bodyJoin+` WHERE true`+andAll(filters)+` ORDER BY attempts.id DESC LIMIT ?`)
		args = append(args, slices.Concat(checkArgs, filterArgs, []any{bound}))
	}
	exact = true
	for i, part := range parts {
		var seen, found int64
		if err := db.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(ok), 0) FROM (`+part+`)`, args[i]...).Scan(&seen, &found); err != nil {
			return 0, false, db.fail("count attempts", err)
		}
		n += found
		if seen >= int64(bound) {
			exact = false
		}
	}
	return n, exact, nil
}

// searchBatchBytes bounds the text indexPending indexes per transaction, so that writers wait briefly.
const searchBatchBytes = 2 << 20

// indexPending indexes what an older schema (or a build without FTS5) left out of the search index: the
// attempts' own texts (search_pending, migration 0004), then the bodies (body_search_pending, migration
// 0007), newest first, a batch per transaction together with the new up_to, so that it can stop anywhere
// (a kill, Close) and go on at the next Open where it stopped. Between batches other writes get their turn.
func (db *DB) indexPending(ctx context.Context) error {
	for {
		done, err := db.indexBatch(ctx)
		if err != nil {
			return err
		}
		if done {
			return db.OptimizeSearchIndex(ctx) // a bulk write like an import: see there
		}
	}
}

// indexBatch indexes one batch; done reports that nothing is left.
func (db *DB) indexBatch(ctx context.Context) (done bool, err error) {
	const op = "index the history for search"
	tx, err := db.begin(ctx)
	if err != nil {
		return false, db.fail(op, err)
	}
	defer func() { _ = tx.Rollback() }()
	var more bool
	switch more, err = indexAttempts(ctx, tx); {
	case errors.Is(err, sql.ErrNoRows): // no attempt left: the bodies
		if more, err = indexBodies(ctx, tx); errors.Is(err, sql.ErrNoRows) {
			return true, nil
		}
	}
	if err != nil {
		return false, db.fail(op, err)
	}
	if err := tx.Commit(); err != nil {
		return false, db.fail(op, err)
	}
	if !more {
		slog.Debug("storage: a part of the history indexed for search", "path", db.path)
	}
	return false, nil
}

// indexAttempts indexes a batch of the attempts' own texts from search_pending.up_to down (and notes
// which are search_plain, reading the body only of those not known to be); sql.ErrNoRows when none is
// pending. more reports that some are left after this batch.
func indexAttempts(ctx context.Context, tx *sql.Tx) (more bool, err error) {
	var upTo int64
	if err := tx.QueryRowContext(ctx, `SELECT up_to FROM search_pending`).Scan(&upTo); err != nil {
		return false, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.url, a.status, a.error, a.reason, a.search_plain,
		CASE WHEN a.search_plain THEN NULL ELSE b.body END FROM attempts a
		LEFT JOIN bodies b ON b.body_id = a.body_id WHERE a.id <= ? ORDER BY a.id DESC`, upTo)
	if err != nil {
		return false, err
	}
	type doc struct {
		id           int64
		text         string
		plain, known bool
	}
	var (
		docs  []doc
		bytes int
		last  = int64(-1)
	)
	for bytes < searchBatchBytes && rows.Next() {
		var (
			id                   int64
			url, errText, reason string
			status               int
			known                bool
			body                 []byte
		)
		if err := rows.Scan(&id, &url, &status, &errText, &reason, &known, &body); err != nil {
			rows.Close()
			return false, err
		}
		t := ownText(url, status, errText, reason)
		docs = append(docs, doc{id, t, known || plainText(url, errText, reason, body), known})
		bytes, last = bytes+len(t)+len(body), id
	}
	more = bytes >= searchBatchBytes
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO attempt_fts (rowid, text) VALUES (?, ?)`, d.id, d.text); err != nil {
			return false, err
		}
		if d.plain && !d.known {
			if _, err := tx.ExecContext(ctx, `UPDATE attempts SET search_plain = 1 WHERE id = ?`, d.id); err != nil {
				return false, err
			}
		}
	}
	return more, nextPending(ctx, tx, "search_pending", more, last)
}

// indexBodies indexes a batch of bodies from body_search_pending.up_to down; sql.ErrNoRows when none is
// pending. more reports that some are left after this batch.
func indexBodies(ctx context.Context, tx *sql.Tx) (more bool, err error) {
	var upTo int64
	if err := tx.QueryRowContext(ctx, `SELECT up_to FROM body_search_pending`).Scan(&upTo); err != nil {
		return false, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT body_id, body FROM bodies WHERE body_id <= ? ORDER BY body_id DESC`, upTo)
	if err != nil {
		return false, err
	}
	type doc struct {
		id   int64
		text string
	}
	var (
		docs  []doc
		bytes int
		last  = int64(-1)
	)
	for bytes < searchBatchBytes && rows.Next() {
		var (
			id   int64
			body []byte
		)
		if err := rows.Scan(&id, &body); err != nil {
			rows.Close()
			return false, err
		}
		t := bodyText(body)
		docs, bytes, last = append(docs, doc{id, t}), bytes+len(t), id
	}
	more = bytes >= searchBatchBytes
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO body_fts (rowid, text) VALUES (?, ?)`, d.id, d.text); err != nil {
			return false, err
		}
	}
	return more, nextPending(ctx, tx, "body_search_pending", more, last)
}

// nextPending moves table's up_to below last, or deletes its row when nothing is left.
func nextPending(ctx context.Context, tx *sql.Tx, table string, more bool, last int64) error {
	var err error
	if more && last > 1 {
		_, err = tx.ExecContext(ctx, `UPDATE `+table+` SET up_to = ?`, last-1)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM `+table)
	}
	return err
}

// settleIndex does the merging of the search index's segments that a bulk write (an import, the indexing of
// old attempts) leaves pending. FTS5 would otherwise do it a slice per later transaction: measured here,
// a pull after importing 100,000 attempts took 2-4 ms instead of 0.8 ms until it was done. Each 'merge'
// step is a short statement of its own, so other writers get their turn between them. A failure is no
// error of the write before it: it is logged, and FTS5 merges later as it would have.
func (db *DB) settleIndex(ctx context.Context) error {
	if !haveFTS5 {
		return nil
	}
	for _, table := range ftsTables {
		for range 10_000 {
			if db.writable() != nil || ctx.Err() != nil {
				return nil
			}
			var before, after int64
			if err := db.w.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
				return nil
			}
			if _, err := db.w.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('merge', 256)`); err != nil {
				slog.Warn("storage: merging the search index", "path", db.path, "err", db.classified(err))
				return nil
			}
			// FTS5: a difference of 2 or more means the step merged something; less, that nothing is left.
			if err := db.w.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil || after-before < 2 {
				break
			}
		}
	}
	return nil
}

// ftsTables are the search index's two FTS5 tables: the attempts' own texts and the bodies.
var ftsTables = []string{"attempt_fts", "body_fts"}

// OptimizeSearchIndex merges the whole search index into one segment (FTS5's 'optimize'), in one
// transaction. Call it after a bulk import: the imported attempts sit in large segments, FTS5 later merges
// the small segments of new pulls into those, and from then on every deletion the retention makes after a
// pull costs more (FTS5 keeps a list of deleted rows per segment). Measured here: a pull with the
// retention took 2.7 ms after importing 100,000 attempts (1.1 ms after 1,000), and 1.1 ms again once
// optimized. It takes about 1.5 s per 100,000 attempts of 0.5-4 KB.
func (db *DB) OptimizeSearchIndex(ctx context.Context) error {
	if !haveFTS5 {
		return nil
	}
	for _, table := range ftsTables {
		if _, err := db.exec(ctx, `INSERT INTO `+table+` (`+table+`) VALUES ('optimize')`); err != nil {
			return db.fail("optimize the search index", err)
		}
	}
	return nil
}

// searchPending reports whether attempts or bodies from an older schema are still waiting to be indexed.
func (db *DB) searchPending(ctx context.Context) (bool, error) {
	var n int64
	err := db.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM search_pending) + (SELECT count(*) FROM body_search_pending)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("search index: %w", err)
	}
	return n > 0, nil
}
