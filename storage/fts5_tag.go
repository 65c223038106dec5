//go:build !sqlite_fts5

package storage

// haveFTS5 says whether go-sqlite3 was built with FTS5 (its build tag sqlite_fts5, in the Makefile's TAGS
// and every package). Without it history search still works, by scanning the attempts (search.go), and
// the search index is neither written nor read; a build with it indexes what was left out at its next open.
const haveFTS5 = false
