package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Param is one query parameter of a fetch.
type Param struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source"` // "address" (already in the configured URL), "platform", "user", "data"
}

// Attempt is one fetch attempt, successful or not.
type Attempt struct {
	ID              int64
	AppID           string
	FetchType       string    // "periodic", "pre", "jsapiPre"
	Platform        string    // "weapp", "qq", "alipay"
	StartedAt       time.Time // stored with millisecond precision (unix ms)
	DurationMs      int64
	Method          string
	URL             string // full URL as sent
	Params          []Param
	RequestHeaders  map[string][]string
	RequestBody     string
	Status          int // 0 when no response
	ResponseHeaders map[string][]string
	Bytes           int64  // body bytes read (after content decoding)
	Body            []byte // the body (the caller decides what to keep; may be nil)
	Cached          bool
	Reason          string // why not cached ("" when cached)
	Warnings        []string
	Error           string
	Redirects       []string
	Variant         string // "main" or "gray"
	VariantReason   string
	LaunchPath      string
	LaunchQuery     string
	LaunchScene     int
	DataType        string
	Timing          *Timing  // where the time went; nil when unknown (not sent, or imported without timings)
	TLS             *TLSInfo // the server's certificate and the connection; nil for plain HTTP
	Origin          string   // "" sent by the tool, "rerun" a re-run of RerunOf, "har" imported from a HAR file
	RerunOf         int64    // the attempt this one re-ran (Origin "rerun")
	Proto           string   // the response's protocol, "HTTP/1.1" or "HTTP/2.0"; "" when unknown
	// Messages are Reason, Error and Warnings as message codes with their arguments (JSON the engine
	// writes and reads; storage keeps it as it is); "" for attempts recorded before they existed.
	Messages string
}

// Origins of an attempt.
const (
	OriginRerun = "rerun" // a re-run of the attempt RerunOf, sent again as it was
	OriginHAR   = "har"   // imported from a HAR file
)

// Timing breaks an attempt's duration down (net/http/httptrace); a phase that did not happen (a reused
// connection has no DNS, connect or TLS) is 0.
type Timing struct {
	DNS       time.Duration `json:"dns"`
	Connect   time.Duration `json:"connect"`
	TLS       time.Duration `json:"tls"`
	FirstByte time.Duration `json:"firstByte"` // from the request written to the first response byte
	Body      time.Duration `json:"body"`      // reading the body
}

// TLSInfo summarises an HTTPS connection and the server's leaf certificate.
type TLSInfo struct {
	Version     string    `json:"version"` // "TLS 1.3"
	CipherSuite string    `json:"cipherSuite"`
	Subject     string    `json:"subject"`
	Issuer      string    `json:"issuer"`
	DNSNames    []string  `json:"dnsNames"`
	NotBefore   time.Time `json:"notBefore"`
	NotAfter    time.Time `json:"notAfter"`
	Verified    bool      `json:"verified"` // the chain verified against the system roots for the host
	VerifyError string    `json:"verifyError,omitempty"`
}

// CacheEntry is the body getBackgroundFetchData would return for one app and fetch type.
type CacheEntry struct {
	AppID     string
	FetchType string
	Body      []byte
	FetchedAt time.Time // ms precision
	Path      string
	Query     string
	Scene     int
	DataType  string
	AttemptID int64 // the attempt the body came from; 0 once that attempt was deleted (the body stays)
}

// HistoryFilter selects attempts for History and CountAttempts. Every condition set must hold.
type HistoryFilter struct {
	AppID     string // "" = all apps
	FetchType string // "" = all types
	// Text is searched case-insensitively (Unicode case folding) in the URL, the status code as text
	// ("404"), the error, the reason and the body. "" = no search.
	Text     string
	Platform string    // "" = all platforms ("weapp", "qq", "alipay")
	Cached   *bool     // nil = both; true = only attempts whose body the platform cached
	Since    time.Time // zero = open; otherwise StartedAt >= Since
	Until    time.Time // zero = open; otherwise StartedAt < Until
	Limit    int       // 0 = 100
	BeforeID int64     // 0 = from the newest; otherwise only attempts with ID < BeforeID (keyset paging)
}

const defaultHistoryLimit = 100

// attemptCols are the columns of attempts in the order scanAttempt reads them.
const attemptCols = `id, app_id, fetch_type, platform, started_at, duration_ms, method, url, params,
	request_headers, request_body, status, response_headers, bytes, cached, reason, warnings, error,
	redirects, variant, variant_reason, launch_path, launch_query, launch_scene, data_type, timing, tls,
	origin, rerun_of, proto, messages`

// RecordAttempt inserts the attempt and, when cache != nil, replaces the cached body for
// (cache.AppID, cache.FetchType) with it, setting cache.AttemptID to the new attempt's id, all in
// one transaction, so a crash never leaves a cache row without its attempt. An empty cache.AppID
// or cache.FetchType is taken from the attempt. Returns the attempt id (also set into a.ID).
func (db *DB) RecordAttempt(ctx context.Context, a *Attempt, cache *CacheEntry) (int64, error) {
	const op = "record attempt"
	if a == nil {
		return 0, fmt.Errorf("%s: no attempt given", op)
	}
	row, err := attemptRow(a)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	tx, err := db.begin(ctx) // BEGIN IMMEDIATE: waits for other writers up to the busy timeout
	if err != nil {
		return 0, db.fail(op, err)
	}
	defer func() { _ = tx.Rollback() }()
	id, err := insertAttempt(ctx, tx, a, row)
	if err != nil {
		return 0, db.fail(op, err)
	}
	var appID, fetchType string
	if cache != nil {
		appID, fetchType = cache.AppID, cache.FetchType
		if appID == "" {
			appID = a.AppID
		}
		if fetchType == "" {
			fetchType = a.FetchType
		}
		body := cache.Body
		if body == nil {
			body = []byte{} // an empty response is still cached data
		}
		bodyID, err := putBody(ctx, tx, body)
		if err != nil {
			return 0, db.fail(op, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO cache (app_id, fetch_type, fetched_at, path, query,
			scene, data_type, attempt_id, body_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (app_id, fetch_type) DO UPDATE SET fetched_at = excluded.fetched_at,
			path = excluded.path, query = excluded.query, scene = excluded.scene,
			data_type = excluded.data_type, attempt_id = excluded.attempt_id, body_id = excluded.body_id`,
			appID, fetchType, cache.FetchedAt.UnixMilli(), cache.Path, cache.Query,
			cache.Scene, cache.DataType, id, bodyID); err != nil {
			return 0, db.fail(op, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, db.fail(op, err)
	}
	a.ID = id
	if cache != nil {
		cache.AppID, cache.FetchType, cache.AttemptID = appID, fetchType, id
	}
	return id, nil
}

// RecordAttempts inserts the attempts in one transaction (all or none), setting each one's ID. It never
// touches the cache. An import records its entries this way, a batch at a time; each batch's search index
// is then merged in (settleIndex), so that the pulls after an import do not pay for it.
func (db *DB) RecordAttempts(ctx context.Context, list []*Attempt) error {
	const op = "record attempts"
	rows := make([]attemptValues, len(list))
	for i, a := range list {
		var err error
		if rows[i], err = attemptRow(a); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return db.fail(op, err)
	}
	defer func() { _ = tx.Rollback() }()
	ids := make([]int64, len(list))
	for i, a := range list {
		if ids[i], err = insertAttempt(ctx, tx, a, rows[i]); err != nil {
			return db.fail(op, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return db.fail(op, err)
	}
	for i, a := range list {
		a.ID = ids[i]
	}
	return db.settleIndex(ctx)
}

// DeleteAttempts deletes the attempts with the given ids (bodies and search text go with them; cache
// rows keep their bodies), in one transaction, and returns how many there were.
func (db *DB) DeleteAttempts(ctx context.Context, ids []int64) (int64, error) {
	var n int64
	err := db.inTx(ctx, "delete attempts", func(tx *sql.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `DELETE FROM attempts WHERE id = ?`, id)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	return n, err
}

// attemptValues are an attempt's columns that are stored as JSON or derived text.
type attemptValues struct {
	params, reqHeaders, respHeaders, warnings, redirects, timing, tls any
	search                                                            string
	plain                                                             bool // search_plain
}

func attemptRow(a *Attempt) (attemptValues, error) {
	var v attemptValues
	var err error
	if v.params, err = toJSON(a.Params, a.Params == nil); err != nil {
		return v, fmt.Errorf("params: %w", err)
	}
	if v.reqHeaders, err = toJSON(a.RequestHeaders, a.RequestHeaders == nil); err != nil {
		return v, fmt.Errorf("request headers: %w", err)
	}
	if v.respHeaders, err = toJSON(a.ResponseHeaders, a.ResponseHeaders == nil); err != nil {
		return v, fmt.Errorf("response headers: %w", err)
	}
	if v.warnings, err = toJSON(a.Warnings, a.Warnings == nil); err != nil {
		return v, fmt.Errorf("warnings: %w", err)
	}
	if v.redirects, err = toJSON(a.Redirects, a.Redirects == nil); err != nil {
		return v, fmt.Errorf("redirects: %w", err)
	}
	if v.timing, err = toJSON(a.Timing, a.Timing == nil); err != nil {
		return v, fmt.Errorf("timing: %w", err)
	}
	if v.tls, err = toJSON(a.TLS, a.TLS == nil); err != nil {
		return v, fmt.Errorf("tls: %w", err)
	}
	// The body's text is indexed by putBody, once per distinct body.
	v.search, v.plain = ownText(a.URL, a.Status, a.Error, a.Reason), plainText(a.URL, a.Error, a.Reason, a.Body)
	return v, nil
}

// insertAttempt inserts the attempt, its body (unless the same body is stored already, and then indexed
// for search) and its own text's trigrams in tx and returns its id.
func insertAttempt(ctx context.Context, tx *sql.Tx, a *Attempt, v attemptValues) (int64, error) {
	var bodyID any // NULL: no body kept
	if a.Body != nil {
		id, err := putBody(ctx, tx, a.Body)
		if err != nil {
			return 0, err
		}
		bodyID = id
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO attempts (app_id, fetch_type, platform, started_at,
		duration_ms, method, url, params, request_headers, request_body, status, response_headers,
		bytes, cached, reason, warnings, error, redirects, variant, variant_reason, launch_path,
		launch_query, launch_scene, data_type, timing, tls, origin, rerun_of, proto, search_plain, body_id, messages)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.AppID, a.FetchType, a.Platform, a.StartedAt.UnixMilli(),
		a.DurationMs, a.Method, a.URL, v.params, v.reqHeaders, a.RequestBody, a.Status, v.respHeaders,
		a.Bytes, a.Cached, a.Reason, v.warnings, a.Error, v.redirects, a.Variant, a.VariantReason, a.LaunchPath,
		a.LaunchQuery, a.LaunchScene, a.DataType, v.timing, v.tls, a.Origin, a.RerunOf, a.Proto, v.plain, bodyID, a.Messages)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if haveFTS5 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO attempt_fts (rowid, text) VALUES (?, ?)`, id, v.search); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// hashFunc is the SQL name of bodyHash, registered on the writer's connections (migration 0005).
const hashFunc = "bgfetch_sha256"

// bodyHash is the key a body is stored under (bodies.hash): its SHA-256.
func bodyHash(body []byte) []byte {
	sum := sha256.Sum256(body)
	return sum[:]
}

// putBody returns the id of body in bodies, storing it first (and indexing its text for search) unless the
// same bytes are there already.
func putBody(ctx context.Context, tx *sql.Tx, body []byte) (int64, error) {
	hash := bodyHash(body)
	var id int64
	switch err := tx.QueryRowContext(ctx, `SELECT body_id FROM bodies WHERE hash = ?`, hash).Scan(&id); {
	case err == nil:
		return id, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	if body == nil {
		body = []byte{}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO bodies (hash, body) VALUES (?, ?)`, hash, body)
	if err != nil {
		return 0, err
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	if haveFTS5 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO body_fts (rowid, text) VALUES (?, ?)`, id, bodyText(body)); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// Cached returns the cached body for appID and fetchType, or an error wrapping ErrNotFound.
func (db *DB) Cached(ctx context.Context, appID, fetchType string) (CacheEntry, error) {
	var (
		e         CacheEntry
		fetchedAt int64
		attemptID sql.NullInt64
	)
	err := db.r.QueryRowContext(ctx, `SELECT app_id, fetch_type, bodies.body, fetched_at, path, query, scene,
		data_type, attempt_id FROM cache JOIN bodies USING (body_id) WHERE app_id = ? AND fetch_type = ?`, appID, fetchType).
		Scan(&e.AppID, &e.FetchType, &e.Body, &fetchedAt, &e.Path, &e.Query, &e.Scene, &e.DataType, &attemptID)
	if err != nil {
		return CacheEntry{}, db.fail(fmt.Sprintf("cached %s data of %s", fetchType, appID), err)
	}
	e.AttemptID = attemptID.Int64
	if e.Body == nil {
		e.Body = []byte{}
	}
	e.FetchedAt = time.UnixMilli(fetchedAt)
	return e, nil
}

// ClearCache deletes the cached bodies of appID for the given fetch types (none given = every
// type) and returns how many were removed. History is kept.
func (db *DB) ClearCache(ctx context.Context, appID string, fetchTypes ...string) (int64, error) {
	q := `DELETE FROM cache WHERE app_id = ?`
	args := []any{appID}
	if len(fetchTypes) > 0 {
		q += ` AND fetch_type IN (?` + strings.Repeat(", ?", len(fetchTypes)-1) + `)`
		for _, t := range fetchTypes {
			args = append(args, t)
		}
	}
	res, err := db.exec(ctx, q, args...)
	if err != nil {
		return 0, db.fail("clear cache of "+appID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, db.fail("clear cache of "+appID, err)
	}
	return n, nil
}

// DeleteHistory deletes the recorded attempts of appID of the given fetch types (none = every type) and
// returns how many. Cached bodies stay: they are cleared only by ClearCache, so deleting history never
// changes what getBackgroundFetchData returns (a cache row whose attempt is gone keeps its body, with
// attempt_id NULL).
func (db *DB) DeleteHistory(ctx context.Context, appID string, fetchTypes ...string) (int64, error) {
	op := "delete history of " + appID
	query, args := `DELETE FROM attempts WHERE app_id = ?`, []any{appID}
	if len(fetchTypes) > 0 {
		query += ` AND fetch_type IN (?` + strings.Repeat(",?", len(fetchTypes)-1) + `)`
		for _, t := range fetchTypes {
			args = append(args, t)
		}
	}
	// Bodies (unless a cache row or another attempt holds the same) and search text go by the triggers;
	// cache rows keep their bodies.
	res, err := db.exec(ctx, query, args...)
	if err != nil {
		return 0, db.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, db.fail(op, err)
	}
	return n, nil
}

// Attempt loads one attempt in full, including Body, or returns an error wrapping ErrNotFound.
func (db *DB) Attempt(ctx context.Context, id int64) (Attempt, error) {
	var a Attempt
	row := db.r.QueryRowContext(ctx, `SELECT `+attemptCols+`, bodies.body FROM attempts
		LEFT JOIN bodies ON bodies.body_id = attempts.body_id WHERE attempts.id = ?`, id)
	if err := scanAttempt(row, &a, &a.Body); err != nil {
		return Attempt{}, db.fail(fmt.Sprintf("attempt %d", id), err)
	}
	return a, nil
}

type scanner interface {
	Scan(dest ...any) error
}

// scanAttempt reads the attemptCols columns (then extra) into a.
func scanAttempt(s scanner, a *Attempt, extra ...any) error {
	var (
		startedAt                                            int64
		params, reqHeaders, respHeaders, warnings, redirects sql.NullString
		timing, tlsInfo                                      sql.NullString
	)
	dest := append([]any{&a.ID, &a.AppID, &a.FetchType, &a.Platform, &startedAt, &a.DurationMs,
		&a.Method, &a.URL, &params, &reqHeaders, &a.RequestBody, &a.Status, &respHeaders, &a.Bytes,
		&a.Cached, &a.Reason, &warnings, &a.Error, &redirects, &a.Variant, &a.VariantReason,
		&a.LaunchPath, &a.LaunchQuery, &a.LaunchScene, &a.DataType, &timing, &tlsInfo, &a.Origin,
		&a.RerunOf, &a.Proto, &a.Messages}, extra...)
	if err := s.Scan(dest...); err != nil {
		return err
	}
	a.StartedAt = time.UnixMilli(startedAt)
	if timing.Valid {
		a.Timing = new(Timing)
	}
	if tlsInfo.Valid {
		a.TLS = new(TLSInfo)
	}
	return errors.Join(
		fromJSON(timing, a.Timing, "timing"),
		fromJSON(tlsInfo, a.TLS, "tls"),
		fromJSON(params, &a.Params, "params"),
		fromJSON(reqHeaders, &a.RequestHeaders, "request headers"),
		fromJSON(respHeaders, &a.ResponseHeaders, "response headers"),
		fromJSON(warnings, &a.Warnings, "warnings"),
		fromJSON(redirects, &a.Redirects, "redirects"),
	)
}

// toJSON encodes v for a JSON text column; nil (absent) is stored as NULL.
func toJSON(v any, isNil bool) (any, error) {
	if isNil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func fromJSON(s sql.NullString, dst any, what string) error {
	if !s.Valid {
		return nil
	}
	if err := json.Unmarshal([]byte(s.String), dst); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
