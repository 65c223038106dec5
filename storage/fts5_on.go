//go:build sqlite_fts5

package storage

// haveFTS5: go-sqlite3 is built with FTS5, so history search goes through the trigram index.
const haveFTS5 = true
