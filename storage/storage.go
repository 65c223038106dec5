// Package storage keeps BgFetch DevTools' data in one SQLite file: the history of every fetch
// attempt and the cached body a mini-program would read with getBackgroundFetchData.
//
// It is the only package that speaks SQL. The file is opened in WAL mode with a write pool of one
// connection (transactions start with BEGIN IMMEDIATE, so writers queue on the busy timeout instead
// of failing) and a separate read-only pool, so readers never wait for the writer. The schema is
// built by numbered migrations embedded from migrations/*.sql; its version is PRAGMA user_version.
package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Errors returned (wrapped) by this package; test for them with errors.Is.
var (
	ErrNotFound    = errors.New("not found") // sql.ErrNoRows becomes this
	ErrNewerSchema = errors.New("database is from a newer version of bgfetch")
	ErrCorrupt     = errors.New("database file is corrupt or not a bgfetch database")
	ErrLocked      = errors.New("database is locked by another program")
)

// applicationID marks a bgfetch database ("BGFT"); set by migration 0001.
const applicationID = 0x42474654

// defaultBusyTimeout is how long a statement waits for another connection's lock.
const defaultBusyTimeout = 5 * time.Second

// Options tune OpenWith.
type Options struct {
	BusyTimeout time.Duration // 0 means 5s
	// CheckBudget bounds the quick integrity check at open: 0 means 2s; negative skips the check.
	CheckBudget time.Duration
}

// DB is an open bgfetch database. It is safe for concurrent use.
type DB struct {
	path string  // absolute
	w    *sql.DB // the only writer: one connection
	r    *sql.DB // read-only pool

	// corrupt is set by the first SQLITE_CORRUPT any statement meets (or the quick check at open):
	// from then on every write is refused, so nothing more is written into a damaged file.
	corrupt atomic.Bool
	// checkBudget bounds the quick check at open (0 = quickCheckBudget).
	checkBudget time.Duration

	// stopIndex stops indexPending (the attempts an older schema left out of the search index);
	// indexDone is closed when it has returned.
	stopIndex context.CancelFunc
	indexDone chan struct{}
}

// FileMode is the permission of the database file and its -wal and -shm: the file holds the
// project's token and the bridge's key, so only its owner may read it.
const FileMode os.FileMode = 0o600

// quickCheckBudget bounds PRAGMA quick_check at open. quick_check reads every page's structure
// (measured here with the file in the page cache: 0.06 s for 100 MB of small rows, 0.1 s for 500 MB
// of 256KB bodies, 0.34 s for 100,000 imported attempts), so it runs once a day (checkEvery) rather
// than at every open; the budget is for a cold, slow disk, where a large file is then opened unchecked
// (logged) instead of making every command wait. A damaged page met later still stops the writes (see
// classified).
const quickCheckBudget = 2 * time.Second

// Open opens (creating the parent directory and the file if missing) the SQLite database at path
// and applies the embedded migrations. See OpenWith.
func Open(path string) (*DB, error) {
	return OpenWith(path, Options{})
}

// OpenWith is Open with options. Errors wrap ErrNewerSchema, ErrCorrupt or ErrLocked when that is
// the cause, name the file and say what to do. A file from a newer bgfetch, a corrupt or foreign
// file (PRAGMA quick_check, bounded by opt.CheckBudget), or one locked by another program is checked
// before anything is written and is left as it was. The file and its -wal and -shm are readable by
// their owner only (FileMode), whatever the folder's permissions and the umask.
func OpenWith(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no file name given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	busy := opt.BusyTimeout
	if busy <= 0 {
		busy = defaultBusyTimeout
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("open %s: it is a folder, not a database file: use --data to point at the folder that should hold bgfetch.db", abs)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open %s: create its folder: %w", abs, err)
	}
	// SQLite creates -wal and -shm with the main file's permissions: make the main file 0600
	// before SQLite opens it, and fix any side file an older build left readable.
	if err := private(abs, true); err != nil {
		return nil, err
	}
	for _, side := range []string{"-wal", "-shm"} {
		if err := private(abs+side, false); err != nil {
			return nil, err
		}
	}

	// The writer's connections hash bodies (bgfetch_sha256) for migration 0005.
	w := sql.OpenDB(connector{dsn: dsn(abs, false, busy), driver: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error { return c.RegisterFunc(hashFunc, bodyHash, true) },
	}})
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{path: abs, w: w, checkBudget: opt.CheckBudget}

	ctx := context.Background()
	if err := db.setUp(ctx); err != nil {
		_ = w.Close()
		return nil, err
	}

	// The read-only pool can only open a file that exists and is in WAL mode, i.e. now. Its
	// connections get searchMatch, the exact check of a searched text SQL cannot check (search.go). They
	// do not map the file into memory (see readMmapSize).
	r := sql.OpenDB(connector{dsn: dsn(abs, true, busy), driver: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if _, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d", readMmapSize), nil); err != nil {
				return err
			}
			return c.RegisterFunc(matchFunc, searchMatch, true)
		},
	}})
	n := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		_ = r.Close()
		_ = w.Close()
		return nil, db.openErr(err)
	}
	db.r = r
	for _, side := range []string{"-wal", "-shm"} {
		if err := private(abs+side, false); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	// Attempts recorded before the search index existed are indexed in the background, a batch at a
	// time; searches scan until it is done (see search.go).
	if haveFTS5 { // without FTS5 there is no index to fill: searches scan
		if pending, err := db.searchPending(ctx); err != nil {
			_ = db.Close()
			return nil, db.openErr(err)
		} else if pending && !db.corrupt.Load() {
			ictx, stop := context.WithCancel(context.Background())
			db.stopIndex, db.indexDone = stop, make(chan struct{})
			go func() {
				defer close(db.indexDone)
				if err := db.indexPending(ictx); err != nil && ictx.Err() == nil {
					slog.Warn("storage: indexing the history for search stopped; searches read every attempt until it is done (at the next start)", "path", abs, "err", err)
				}
			}()
		}
	}
	return db, nil
}

// private makes the file at path readable by its owner only: it creates it empty with FileMode when
// create is set and it is missing (an empty file is a new SQLite database), and takes the group's and
// others' permissions away from an existing one.
func private(path string, create bool) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if !create {
			return nil
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
		if errors.Is(err, os.ErrExist) {
			return private(path, false) // created meanwhile by another bgfetch
		}
		if err != nil {
			return fmt.Errorf("create %s: %w: check that the folder is writable, or use --data to point at another folder", path, err)
		}
		return f.Close()
	case err != nil:
		return fmt.Errorf("open %s: %w", path, err)
	case fi.Mode()&os.ModeSymlink != 0:
		if fi, err = os.Stat(path); err != nil {
			return fmt.Errorf("open %s: %w", path, err)
		}
	}
	if fi.Mode().Perm()&0o077 == 0 || runtime.GOOS == "windows" {
		// Windows has no group or other bits: a file under the user's profile is the user's, its ACL
		// inherited from the folder; chmod there can only toggle read-only, and fails on a file SQLite
		// holds open (-shm).
		return nil
	}
	if err := os.Chmod(path, fi.Mode().Perm()&^0o077); err != nil {
		return fmt.Errorf("open %s: it is readable by other users and cannot be made private (%w): chmod 600 it, or use --data to point at another folder", path, err)
	}
	return nil
}

// readMmapSize is how much of the file each read connection maps (SQLite's mmap_size): nothing. With 256 MB
// mapped, every page a long read touched stayed in the process's memory: history --har of 100,000 attempts
// peaked at 253-265 MB RSS and a search that checks every body at 245 MB, against 30-35 and 19-20 MB
// unmapped, and the mapped reads were no faster (measured interleaved over 100,000 imported attempts:
// the search checking every body 287-785 ms mapped, 265-597 ms not).
const readMmapSize = 0

// connector opens go-sqlite3 connections with a driver of our own (for its ConnectHook), without
// registering a driver name globally.
type connector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// dsn builds a go-sqlite3 data source name: a file: URI (so the path may hold any character)
// with SQLite's own mode parameter and the driver's underscore parameters, which SQLite ignores.
func dsn(abs string, readOnly bool, busy time.Duration) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p}
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(busy.Milliseconds(), 10))
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Set("mode", "rwc")
		q.Set("_fk", "on")
		q.Set("_txlock", "immediate")
		q.Set("_synchronous", "NORMAL")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// setUp checks the file, switches it to WAL and migrates it. Nothing is written until the checks
// have passed.
func (db *DB) setUp(ctx context.Context) error {
	migs, err := loadMigrations()
	if err != nil {
		return fmt.Errorf("open %s: %w", db.path, err)
	}
	known := migs[len(migs)-1].version

	// Only reads here. A non-database file fails on the first read ("file is not a database").
	var version, appID, objects int64
	if err := db.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return db.openErr(err)
	}
	if err := db.w.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return db.openErr(err)
	}
	if err := db.w.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&objects); err != nil {
		return db.openErr(err)
	}
	switch {
	case appID != 0 && appID != applicationID:
		return fmt.Errorf("open %s: %w (it belongs to another program, application id %#x): use --data to point at another folder", db.path, ErrCorrupt, appID)
	case version > int64(known):
		return db.newerErr(version, known)
	case appID == 0 && (version != 0 || objects != 0):
		return fmt.Errorf("open %s: %w (it is a SQLite database of another program): move it away, or use --data to point at another folder", db.path, ErrCorrupt)
	}

	checked := false
	if objects > 0 && db.checkDue(ctx, version) {
		if checked, err = db.quickCheck(ctx); err != nil {
			return err
		}
	}

	var mode string
	if err := db.w.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return db.openErr(err)
	}
	if !strings.EqualFold(mode, "wal") {
		slog.Warn("storage: SQLite did not switch to WAL; readers may wait for writers", "path", db.path, "journal_mode", mode)
	}

	for _, m := range migs {
		if int64(m.version) <= version {
			continue
		}
		if err := db.apply(ctx, m, known); err != nil {
			return err
		}
	}
	if err := db.ensureSearchIndex(ctx); err != nil {
		return err
	}
	if checked {
		// Best effort: when another program holds the write lock, the next open checks again.
		if _, err := db.w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, checkedKey, strconv.FormatInt(time.Now().UnixMilli(), 10)); err != nil {
			slog.Debug("storage: could not note the quick check", "path", db.path, "err", err)
		}
	}
	return nil
}

// checkedKey is the setting that holds when the file last passed the quick check (unix ms).
const checkedKey = "integrity_checked_at"

// checkEvery is how often an open runs the quick check of the whole file. The check reads every page
// (0.34 s for a file of 100,000 attempts, 430 MB: seven times a whole CLI verb's budget), so it does not
// run at every open: damage met by any statement meanwhile stops the writes all the same (classified).
const checkEvery = 24 * time.Hour

// checkDue reports whether the quick check should run at this open: when the file never passed one (or
// predates the settings table), or its last one is checkEvery old. It only reads.
func (db *DB) checkDue(ctx context.Context, version int64) bool {
	if db.checkBudget < 0 || version < 2 {
		return db.checkBudget >= 0
	}
	var v string
	if err := db.w.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, checkedKey).Scan(&v); err != nil {
		return true
	}
	at, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return true
	}
	age := time.Since(time.UnixMilli(at))
	return age < 0 || age >= checkEvery
}

// searchIndexSQL makes the search index (see migrations 0004 and 0007): attempt_fts indexes an attempt's
// own text (storage.ownText: the URL, the status, the error and the reason, one per line, case-folded by Go),
// rowid = attempts.id, and body_fts each distinct body's text once (storage.bodyText), rowid =
// bodies.body_id. Neither keeps the text: content=” stores only the index, and detail=none only which rows
// hold each trigram (no positions), so a 256 KB JSON body adds about 15-25 KB of index instead of a second
// copy. The text is folded before it is indexed, so the tokenizer is case_sensitive 1. An attempt's entry
// goes with the attempt and a body's with the body, whichever way they are deleted.
const searchIndexSQL = `CREATE VIRTUAL TABLE IF NOT EXISTS attempt_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'trigram case_sensitive 1'
);
CREATE TRIGGER IF NOT EXISTS attempts_fts_delete AFTER DELETE ON attempts BEGIN
    DELETE FROM attempt_fts WHERE rowid = old.id;
END;
CREATE VIRTUAL TABLE IF NOT EXISTS body_fts USING fts5 (
    text,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'trigram case_sensitive 1'
);
CREATE TRIGGER IF NOT EXISTS bodies_fts_delete AFTER DELETE ON bodies BEGIN
    DELETE FROM body_fts WHERE rowid = old.body_id;
END;`

// searchIndexParts are the tables and triggers searchIndexSQL makes.
var searchIndexParts = []string{"attempt_fts", "attempts_fts_delete", "body_fts", "bodies_fts_delete"}

// ensureSearchIndex keeps the search index in step with the build. With FTS5: it makes the index when a
// part of it is missing, and empties it when a build without FTS5 wrote to the file meanwhile (its triggers
// are gone, so the index misses what was added and still holds what was deleted) or migration 0007 changed
// what attempt_fts holds (it drops the trigger); either way every attempt and every body is then indexed
// again in the background (search_pending, body_search_pending), and searches scan until that is done.
// Without FTS5: it drops the triggers, which would fail every deletion ("no such module: fts5"), and
// leaves the index.
func (db *DB) ensureSearchIndex(ctx context.Context) error {
	have := map[string]bool{}
	rows, err := db.w.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE name IN (?, ?, ?, ?)`,
		searchIndexParts[0], searchIndexParts[1], searchIndexParts[2], searchIndexParts[3])
	if err != nil {
		return db.openErr(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return db.openErr(err)
		}
		have[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.openErr(err)
	}
	var steps []string
	if haveFTS5 {
		if len(have) == len(searchIndexParts) {
			return nil
		}
		for _, table := range ftsTables {
			if have[table] {
				steps = append(steps, `INSERT INTO `+table+` (`+table+`) VALUES ('delete-all')`)
			}
		}
		steps = append(steps, searchIndexSQL, `DELETE FROM search_pending`,
			`INSERT INTO search_pending (up_to) SELECT max(id) FROM attempts HAVING max(id) IS NOT NULL`,
			`DELETE FROM body_search_pending`,
			`INSERT INTO body_search_pending (up_to) SELECT max(body_id) FROM bodies HAVING max(body_id) IS NOT NULL`)
	} else {
		if !have["attempts_fts_delete"] && !have["bodies_fts_delete"] {
			return nil
		}
		steps = []string{`DROP TRIGGER IF EXISTS attempts_fts_delete`, `DROP TRIGGER IF EXISTS bodies_fts_delete`}
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return db.openErr(err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("open %s: the search index: %w", db.path, db.classified(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return db.openErr(err)
	}
	return nil
}

// apply runs one migration in its own transaction, re-reading the version under the write lock
// in case another process migrated the file meanwhile.
func (db *DB) apply(ctx context.Context, m migration, known int) error {
	tx, err := db.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE
	if err != nil {
		return db.openErr(err)
	}
	defer func() { _ = tx.Rollback() }()
	var v int64
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return db.openErr(err)
	}
	if v > int64(known) {
		return db.newerErr(v, known)
	}
	if v >= int64(m.version) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("open %s: migration %s: %w", db.path, m.name, db.classified(err))
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return db.openErr(err)
	}
	if err := tx.Commit(); err != nil {
		return db.openErr(err)
	}
	return nil
}

// quickCheck runs PRAGMA quick_check(1) (the first problem is enough) within the check budget and
// reports whether it finished. It only reads. Running out of time is no error: the file is opened
// unchecked and a warning logged.
func (db *DB) quickCheck(ctx context.Context) (bool, error) {
	budget := db.checkBudget
	if budget < 0 {
		return false, nil
	}
	if budget == 0 {
		budget = quickCheckBudget
	}
	cctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	res, err := db.quickCheckTables(cctx)
	switch {
	case err != nil && cctx.Err() != nil:
		slog.Warn("storage: the quick integrity check did not finish in time; opening the file unchecked", "path", db.path, "budget", budget)
		return false, nil
	case err != nil:
		return false, db.openErr(err)
	case res != "ok":
		db.corrupt.Store(true)
		return false, fmt.Errorf("open %s: %w (quick_check: %s): bgfetch will not write into it; move it aside (or copy what you need out of it with the sqlite3 tool's .recover) so bgfetch can start a new one, or use --data to point at another folder",
			db.path, ErrCorrupt, strings.Join(strings.Fields(strings.ReplaceAll(res, "*** in database main ***", "")), " "))
	}
	return true, nil
}

// quickCheckTables runs PRAGMA quick_check: on the whole file at once, unless it has a virtual table.
// SQLite's check of an FTS5 table (attempt_fts, migration 0004) verifies its whole inverted index against
// itself (measured: 0.7 s of a 1 s open with 100,000 attempts), so then each ordinary table is checked on
// its own instead, the FTS5 index's shadow tables among them (as b-trees). Table by table, a page that
// belongs to no table goes unreported; damage to any table's pages does not. It returns "ok" or the
// first problem.
func (db *DB) quickCheckTables(ctx context.Context) (string, error) {
	var virtual int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`).Scan(&virtual); err != nil {
		return "", err
	}
	if virtual == 0 {
		var res string
		err := db.w.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&res)
		return res, err
	}
	rows, err := db.w.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`)
	if err != nil {
		return "", err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return "", err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	for _, t := range tables {
		var res string
		if err := db.w.QueryRowContext(ctx, `PRAGMA quick_check("`+strings.ReplaceAll(t, `"`, `""`)+`")`).Scan(&res); err != nil {
			return "", err
		}
		if res != "ok" {
			return res, nil
		}
	}
	return "ok", nil
}

// writable refuses a write into a file found corrupt.
func (db *DB) writable() error {
	if db.corrupt.Load() {
		return fmt.Errorf("%s: %w: bgfetch no longer writes into it; close bgfetch, move the file aside so bgfetch can start a new one, or use --data to point at another folder", db.path, ErrCorrupt)
	}
	return nil
}

// begin starts a write transaction (BEGIN IMMEDIATE), unless the file was found corrupt.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	if err := db.writable(); err != nil {
		return nil, err
	}
	return db.w.BeginTx(ctx, nil)
}

// exec runs one write statement, unless the file was found corrupt.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := db.writable(); err != nil {
		return nil, err
	}
	return db.w.ExecContext(ctx, query, args...)
}

func (db *DB) newerErr(version int64, known int) error {
	return fmt.Errorf("open %s: %w (schema %d, this build knows %d): upgrade bgfetch, or use --data to point at another folder",
		db.path, ErrNewerSchema, version, known)
}

// openErr wraps an error met while opening the file.
func (db *DB) openErr(err error) error {
	switch classify(err) {
	case ErrLocked:
		return fmt.Errorf("open %s: %w (%w): close the other program using it (another bgfetch?) and try again, or use --data to point at another folder",
			db.path, ErrLocked, err)
	case ErrCorrupt:
		return fmt.Errorf("open %s: %w (%w): move the file away so bgfetch can start a new one, or use --data to point at another folder",
			db.path, ErrCorrupt, err)
	}
	return fmt.Errorf("open %s: %w", db.path, err)
}

// fail wraps an error met by an operation on an open database.
func (db *DB) fail(op string, err error) error {
	return fmt.Errorf("%s: %w", op, db.classified(err))
}

// classified adds ErrLocked or ErrCorrupt, the file name and advice to SQLite's busy and corrupt
// errors, and turns sql.ErrNoRows into ErrNotFound.
func (db *DB) classified(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	switch classify(err) {
	case ErrLocked:
		return fmt.Errorf("%s: %w (%w): close the other program writing to it, then try again", db.path, ErrLocked, err)
	case ErrCorrupt:
		db.corrupt.Store(true)
		return fmt.Errorf("%s: %w (%w): bgfetch no longer writes into it; move the file aside so bgfetch can start a new one, or use --data to point at another folder", db.path, ErrCorrupt, err)
	}
	return err
}

// classify returns ErrLocked or ErrCorrupt for the SQLite errors that mean that, else nil.
func classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return ErrLocked
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		return ErrCorrupt
	}
	return nil
}

// Close closes the database. The writer closes last, so SQLite checkpoints and removes the WAL.
func (db *DB) Close() error {
	if db.stopIndex != nil {
		db.stopIndex()
		<-db.indexDone
	}
	var rerr error
	if db.r != nil {
		rerr = db.r.Close()
	}
	return errors.Join(rerr, db.w.Close())
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// DataVersion is SQLite's PRAGMA data_version on the writer's connection: it changes when another
// connection (another process, mostly) commits to the file, and not for this DB's own writes.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.w.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}
