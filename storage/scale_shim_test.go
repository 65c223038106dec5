package storage

import (
	"context"
	"testing"
)

// searchPage is what the window and `history` ask for: a page and the number of matches.
func searchPage(ctx context.Context, db *DB, f HistoryFilter) ([]Attempt, int64, error) {
	list, err := db.History(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	n, err := db.CountAttempts(ctx, f)
	return list, n, err
}

func waitIndexed(testing.TB, *DB) {}
