package storage

import (
	"context"
	"testing"
)

// searchPage is what the window and `history` ask for: a page and the number of matches (HistoryCount).
func searchPage(ctx context.Context, db *DB, f HistoryFilter) ([]Attempt, int64, error) {
	return db.HistoryCount(ctx, f)
}

// waitIndexed waits for the background indexing of attempts from an older schema (none here, normally)
// and optimizes the index, as core does after a bulk import.
func waitIndexed(tb testing.TB, db *DB) {
	tb.Helper()
	if db.indexDone != nil {
		<-db.indexDone
	}
	if err := db.OptimizeSearchIndex(context.Background()); err != nil {
		tb.Fatal(err)
	}
}
