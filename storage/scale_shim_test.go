package storage

import (
	"context"
	"testing"
)

// searchPage is what the window and `history` ask for: a page and the number of matches (one pass).
func searchPage(ctx context.Context, db *DB, f HistoryFilter) ([]Attempt, int64, error) {
	return db.HistoryCount(ctx, f)
}

// waitIndexed waits for the background indexing of attempts from an older schema (none here, normally).
func waitIndexed(tb testing.TB, db *DB) {
	tb.Helper()
	if db.indexDone != nil {
		<-db.indexDone
	}
}
