package storage

import (
	"context"
	"testing"
)

// BenchmarkScaleIndexSize: the size of a trigram index of 256 KB JSON bodies (40 different ones) against
// the text it indexes, for each FTS5 detail level: what chose detail=none for attempt_fts.
func BenchmarkScaleIndexSize(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	const docs = 40
	var text int64
	for i := range docs {
		text += int64(len(searchTextOf("https://api.example.com/bg", 200, "", "", realisticBody(i, 256<<10))))
	}
	for _, detail := range []string{"none", "column", "full"} {
		b.Run("detail="+detail, func(b *testing.B) {
			var size int64
			for b.Loop() {
				if _, err := db.w.ExecContext(ctx, `DROP TABLE IF EXISTS fts_size; CREATE VIRTUAL TABLE fts_size USING fts5
					(text, content='', contentless_delete=1, detail=`+detail+`, tokenize='trigram case_sensitive 1')`); err != nil {
					b.Fatal(err)
				}
				for i := range docs {
					t := searchTextOf("https://api.example.com/bg", 200, "", "", realisticBody(i, 256<<10))
					if _, err := db.w.ExecContext(ctx, `INSERT INTO fts_size (rowid, text) VALUES (?, ?)`, i+1, t); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := db.w.ExecContext(ctx, `INSERT INTO fts_size (fts_size) VALUES ('optimize')`); err != nil {
					b.Fatal(err)
				}
				if err := db.w.QueryRowContext(ctx, `SELECT (SELECT coalesce(sum(length(block)), 0) FROM fts_size_data) +
					(SELECT coalesce(sum(length(term)) + 8 * count(*), 0) FROM fts_size_idx) +
					(SELECT coalesce(sum(length(sz)) + 8 * count(*), 0) FROM fts_size_docsize)`).Scan(&size); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size)/docs/1024, "KB-index/doc")
			b.ReportMetric(float64(text)/docs/1024, "KB-text/doc")
			b.ReportMetric(100*float64(size)/float64(text), "%-of-text")
		})
	}
}
