package storage

import "testing"

// needFTS5 skips a test of the search index itself in a build without FTS5 (go-sqlite3's tag sqlite_fts5),
// which has none: its searches scan, and the other tests check them.
func needFTS5(t *testing.T) {
	t.Helper()
	if !haveFTS5 {
		t.Skip("built without the sqlite_fts5 tag: no search index")
	}
}
