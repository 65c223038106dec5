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
}

// DB is an open bgfetch database. It is safe for concurrent use.
type DB struct {
	path string  // absolute
	w    *sql.DB // the only writer: one connection
	r    *sql.DB // read-only pool
}

// Open opens (creating the parent directory and the file if missing) the SQLite database at path
// and applies the embedded migrations. See OpenWith.
func Open(path string) (*DB, error) {
	return OpenWith(path, Options{})
}

// OpenWith is Open with options. Errors wrap ErrNewerSchema, ErrCorrupt or ErrLocked when that is
// the cause, name the file and say what to do. A file from a newer bgfetch, a corrupt or foreign
// file, or one locked by another program is checked before anything is written and is left as it
// was.
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

	w, err := sql.Open("sqlite3", dsn(abs, false, busy))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{path: abs, w: w}

	ctx := context.Background()
	if err := db.setUp(ctx); err != nil {
		_ = w.Close()
		return nil, err
	}

	// The read-only pool can only open a file that exists and is in WAL mode, i.e. now. Its
	// connections map the file into memory: a history search reads every searchable text, and
	// reading pages from the map instead of copying them with pread makes it about 3 times faster.
	r := sql.OpenDB(connector{dsn: dsn(abs, true, busy), driver: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d", readMmapSize), nil)
			return err
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
	return db, nil
}

// readMmapSize is how much of the file each read connection maps (SQLite's mmap_size).
const readMmapSize = 256 << 20

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
		return fmt.Errorf("%s: %w (%w): move the file away so bgfetch can start a new one, or use --data to point at another folder", db.path, ErrCorrupt, err)
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
