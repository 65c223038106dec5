//go:build !sqlite_fts5

package storage

// History search uses an SQLite FTS5 index (migration 0004), which go-sqlite3 compiles in only with its
// build tag sqlite_fts5. Without it every database would fail to open ("no such module: fts5"), so the
// build fails here instead: build and test with -tags sqlite_fts5 (with migrated_fynedo for the window:
// -tags migrated_fynedo,sqlite_fts5; the Makefile's TAGS has both).
var _ = build_with_tag_sqlite_fts5
