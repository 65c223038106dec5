package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMigrate0003 opens a database at schema 2 (the release before custom analytics): its history and
// cache are kept, and the analytics tables work.
func TestMigrate0003(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bgfetch.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id := record(t, db, fullAttempt("wx1", "periodic", 1), true)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Back to version 2, as the previous release left it, with its history and cache.
	rawExec(t, path, append(undo0004, `DROP TABLE analytics_reports`, `DROP TABLE analytics_events`, `PRAGMA user_version = 2`)...)

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	if err := db.r.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil || version != 7 {
		t.Fatalf("user_version = %d, %v; want 7", version, err)
	}
	a, err := db.Attempt(ctx, id)
	if err != nil || a.URL != fullAttempt("wx1", "periodic", 1).URL || string(a.Body) != string(fullAttempt("wx1", "periodic", 1).Body) {
		t.Errorf("attempt after the migration = %+v, %v", a, err)
	}
	if c, err := db.Cached(ctx, "wx1", "periodic"); err != nil || c.AttemptID != id {
		t.Errorf("cache after the migration = %+v, %v", c, err)
	}
	if err := db.PutAnalyticsEvent(ctx, "wx1", "", AnalyticsEventRow{ID: "buy", Spec: `{"id":"buy"}`, UpdatedAt: time.UnixMilli(1)}); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertReports(ctx, []*Report{{AppID: "wx1", At: time.UnixMilli(1), API: "reportEvent", Event: "buy", Data: "{}"}}); err != nil {
		t.Fatal(err)
	}
}

func eventIDs(t *testing.T, db *DB, appID string) string {
	t.Helper()
	rows, err := db.AnalyticsEvents(context.Background(), appID)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID + "=" + r.Spec
	}
	return strings.Join(ids, " ")
}

func TestAnalyticsEvents(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	row := func(id, spec string) AnalyticsEventRow {
		return AnalyticsEventRow{ID: id, Spec: spec, UpdatedAt: time.UnixMilli(1_700_000_000_123)}
	}
	if err := db.ReplaceAnalyticsEvents(ctx, "wx1", []AnalyticsEventRow{row("c", "1"), row("a", "2"), row("b", "3")}); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceAnalyticsEvents(ctx, "wx2", []AnalyticsEventRow{row("z", "9")}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name  string
		oldID string
		row   AnalyticsEventRow
		want  string
	}{
		{"order kept", "", row("c", "1"), "c=1 a=2 b=3"},
		{"edit in place", "a", row("a", "2b"), "c=1 a=2b b=3"},
		{"rename keeps the position", "a", row("a2", "2c"), "c=1 a2=2c b=3"},
		{"same ID without oldID replaces in place", "", row("c", "1b"), "c=1b a2=2c b=3"},
		{"new at the end", "", row("d", "4"), "c=1b a2=2c b=3 d=4"},
		{"unknown oldID adds at the end", "gone", row("e", "5"), "c=1b a2=2c b=3 d=4 e=5"},
		{"rename of the first", "c", row("first", "1c"), "first=1c a2=2c b=3 d=4 e=5"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := db.PutAnalyticsEvent(ctx, "wx1", s.oldID, s.row); err != nil {
				t.Fatal(err)
			}
			if got := eventIDs(t, db, "wx1"); got != s.want {
				t.Errorf("events %s, want %s", got, s.want)
			}
		})
	}
	rows, _ := db.AnalyticsEvents(ctx, "wx1")
	if !rows[0].UpdatedAt.Equal(time.UnixMilli(1_700_000_000_123)) {
		t.Errorf("UpdatedAt = %v", rows[0].UpdatedAt)
	}
	if err := db.DeleteAnalyticsEvent(ctx, "wx1", "b"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteAnalyticsEvent(ctx, "wx1", "b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting a missing event: %v, want ErrNotFound", err)
	}
	if got := eventIDs(t, db, "wx1"); got != "first=1c a2=2c d=4 e=5" {
		t.Errorf("after delete: %s", got)
	}
	if got := eventIDs(t, db, "wx2"); got != "z=9" {
		t.Errorf("the other app's events changed: %s", got)
	}
	if err := db.ReplaceAnalyticsEvents(ctx, "wx1", nil); err != nil {
		t.Fatal(err)
	}
	if got := eventIDs(t, db, "wx1"); got != "" {
		t.Errorf("after replacing with none: %s", got)
	}
}

func TestInsertReportsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ok := func(i int) *Report {
		return &Report{AppID: "wx1", At: time.UnixMilli(int64(1000 + i)), API: "reportEvent", Event: "buy", Data: "{}"}
	}
	batch := []*Report{ok(1), ok(2)}
	if err := db.InsertReports(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if batch[0].ID == 0 || batch[1].ID != batch[0].ID+1 {
		t.Errorf("ids %d, %d", batch[0].ID, batch[1].ID)
	}
	// The third report breaks a NOT NULL constraint (through a trigger that stands in for any failure
	// in the middle of a batch): none of the batch may be stored, and no ID set.
	rawExec(t, db.Path(), `CREATE TRIGGER no_bad BEFORE INSERT ON analytics_reports WHEN NEW.event = 'bad'
		BEGIN SELECT RAISE(ABORT, 'bad report'); END`)
	bad := ok(5)
	bad.Event = "bad"
	batch = []*Report{ok(3), ok(4), bad, ok(6)}
	if err := db.InsertReports(ctx, batch); err == nil || !strings.Contains(err.Error(), "bad report") {
		t.Fatalf("InsertReports = %v, want the trigger's error", err)
	}
	for _, r := range batch {
		if r.ID != 0 {
			t.Errorf("report %+v has an ID though the batch failed", r)
		}
	}
	if n, err := db.CountReports(ctx, ReportFilter{AppID: "wx1"}); err != nil || n != 2 {
		t.Errorf("%d reports, %v; want the 2 of the first batch only", n, err)
	}
	if err := db.InsertReports(ctx, nil); err != nil {
		t.Error(err)
	}
}

// seedReports stores reports over three apps and events: returns their IDs in order.
func seedReports(t *testing.T, db *DB) []int64 {
	t.Helper()
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	rs := []*Report{
		{AppID: "wx1", At: base, Event: "buy", EventID: "buy", Data: `{"color":"red","price":5}`},
		{AppID: "wx1", At: base.Add(time.Minute), Event: "buy", EventID: "buy", Data: `{"color":"red","price":7.5}`},
		{AppID: "wx1", At: base.Add(2 * time.Minute), Event: "buy", EventID: "buy", Data: `{"color":"blue","price":"9"}`,
			Problems: `[{"kind":"wrong-type"}]`},
		{AppID: "wx1", At: base.Add(3 * time.Minute), API: "reportAnalytics", Event: "购买", EventID: "buy", Data: `{"color":"red","price":1}`},
		{AppID: "wx1", At: base.Add(4 * time.Minute), Event: "ghost", Data: `{"x":true,"y":null,"z":{"a":1}}`,
			Problems: `[{"kind":"unconfigured"}]`},
		{AppID: "wx1", At: base.Add(5 * time.Minute), Event: "ghost", Data: `[1,2]`, Problems: `[{"kind":"not-object"}]`},
		{AppID: "wx2", At: base.Add(time.Minute), Event: "buy", EventID: "buy", Data: `{"color":"green","price":100}`},
	}
	for _, r := range rs {
		r.API = cmpOr(r.API, "reportEvent")
	}
	if err := db.InsertReports(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestReportsFilters(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := seedReports(t, db)
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	yes, no := true, false
	tests := []struct {
		name string
		f    ReportFilter
		want []int64 // newest first
	}{
		{"all of an app", ReportFilter{AppID: "wx1"}, []int64{ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{"other app", ReportFilter{AppID: "wx2"}, []int64{ids[6]}},
		{"since (inclusive)", ReportFilter{AppID: "wx1", Since: base.Add(4 * time.Minute)}, []int64{ids[5], ids[4]}},
		{"until (exclusive)", ReportFilter{AppID: "wx1", Until: base.Add(time.Minute)}, []int64{ids[0]}},
		{"since and until", ReportFilter{AppID: "wx1", Since: base.Add(time.Minute), Until: base.Add(3 * time.Minute)}, []int64{ids[2], ids[1]}},
		{"event by ID (also matched by name)", ReportFilter{AppID: "wx1", Event: "buy"}, []int64{ids[3], ids[2], ids[1], ids[0]}},
		{"unmatched event by the name sent", ReportFilter{AppID: "wx1", Event: "ghost"}, []int64{ids[5], ids[4]}},
		{"a matched name is not an unmatched event", ReportFilter{AppID: "wx1", Event: "购买"}, nil},
		{"flagged", ReportFilter{AppID: "wx1", Flagged: &yes}, []int64{ids[5], ids[4], ids[2]}},
		{"not flagged", ReportFilter{AppID: "wx1", Flagged: &no}, []int64{ids[3], ids[1], ids[0]}},
		{"before ID", ReportFilter{AppID: "wx1", BeforeID: ids[2]}, []int64{ids[1], ids[0]}},
		{"after ID", ReportFilter{AppID: "wx1", AfterID: ids[3]}, []int64{ids[5], ids[4]}},
		{"limit", ReportFilter{AppID: "wx1", Limit: 2}, []int64{ids[5], ids[4]}},
		{"page 2", ReportFilter{AppID: "wx1", Limit: 2, BeforeID: ids[4]}, []int64{ids[3], ids[2]}},
		{"combined", ReportFilter{AppID: "wx1", Event: "buy", Flagged: &no, Since: base.Add(time.Second)}, []int64{ids[3], ids[1]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := db.Reports(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got := make([]int64, len(rs))
			for i, r := range rs {
				got[i] = r.ID
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Errorf("ids %v, want %v", got, tt.want)
			}
			f := tt.f
			f.Limit = 0
			n, err := db.CountReports(ctx, f)
			all, _ := db.Reports(ctx, ReportFilter{AppID: f.AppID, Since: f.Since, Until: f.Until, Event: f.Event, Flagged: f.Flagged,
				BeforeID: f.BeforeID, AfterID: f.AfterID, Limit: 1000})
			if err != nil || n != int64(len(all)) {
				t.Errorf("CountReports = %d, %v; Reports lists %d", n, err, len(all))
			}
		})
	}
	r, _ := db.Reports(ctx, ReportFilter{AppID: "wx1", Limit: 1, AfterID: ids[2], BeforeID: ids[4]})
	want := Report{ID: ids[3], AppID: "wx1", At: base.Add(3 * time.Minute), API: "reportAnalytics", Event: "购买", EventID: "buy",
		Data: `{"color":"red","price":1}`}
	if len(r) != 1 || !r[0].At.Equal(want.At) || r[0].At.Location() != time.Local {
		t.Fatalf("reports %+v", r)
	}
	r[0].At = want.At
	if r[0] != want {
		t.Errorf("report %+v, want %+v", r[0], want)
	}
}

func TestReportTally(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedReports(t, db)
	tally, err := db.ReportTally(ctx, ReportFilter{AppID: "wx1", BeforeID: 1, Limit: 1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	ev := func(e EventTally) string {
		return fmt.Sprintf("%s matched=%v %d/%d %s..%s", e.Event, e.Matched, e.Reports, e.Flagged, e.First.UTC().Format("15:04"), e.Last.UTC().Format("15:04"))
	}
	var got []string
	for _, e := range tally.Events {
		got = append(got, ev(e))
	}
	want := []string{"buy matched=true 4/1 10:00..10:03", "ghost matched=false 2/2 10:04..10:05"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events\n%v\nwant\n%v", got, want)
	}
	got = nil
	for _, v := range tally.Values {
		got = append(got, fmt.Sprintf("%s.%s %s %s ×%d (%d distinct of %d)", v.Event, v.Field, v.Type, v.Value, v.Count, v.Distinct, v.Total))
	}
	want = []string{
		"buy.color text red ×3 (2 distinct of 4)", // the top value only (topValues 1)
		"buy.price integer 1 ×1 (4 distinct of 4)",
		"ghost.x true true ×1 (1 distinct of 1)",
		"ghost.y null null ×1 (1 distinct of 1)",
		`ghost.z object {"a":1} ×1 (1 distinct of 1)`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("values\n%v\nwant\n%v", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(tally.Numbers) != 1 {
		t.Fatalf("numbers %+v", tally.Numbers)
	}
	if n := tally.Numbers[0]; n.Event != "buy" || n.Field != "price" || n.Count != 3 || n.Min != 1 || n.Max != 7.5 || n.Sum != 13.5 {
		t.Errorf("numbers %+v: want price over the three numeric values (the string \"9\" is not a number)", n)
	}

	all, err := db.ReportTally(ctx, ReportFilter{AppID: "wx1", Since: base.Add(time.Minute), Until: base.Add(3 * time.Minute)}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Events) != 1 || all.Events[0].Reports != 2 {
		t.Errorf("over a time range: %+v", all.Events)
	}
	got = nil
	for _, v := range all.Values {
		got = append(got, fmt.Sprintf("%s=%s(%s)×%d", v.Field, v.Value, v.Type, v.Count))
	}
	if want := "[color=blue(text)×1 color=red(text)×1 price=7.5(real)×1 price=9(text)×1]"; fmt.Sprint(got) != want {
		t.Errorf("values %v, want %s", got, want)
	}
	empty, err := db.ReportTally(ctx, ReportFilter{AppID: "nobody"}, 5)
	if err != nil || len(empty.Events)+len(empty.Values)+len(empty.Numbers) != 0 {
		t.Errorf("no reports: %+v, %v", empty, err)
	}
}

func TestPruneAndDeleteReports(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ids := seedReports(t, db)
	count := func(app string) int64 {
		n, err := db.CountReports(ctx, ReportFilter{AppID: app})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, step := range []struct {
		keep      int
		deleted   int64
		remaining int64
	}{{10, 0, 6}, {6, 0, 6}, {4, 2, 4}, {1, 3, 1}} {
		n, err := db.PruneReports(ctx, "wx1", step.keep)
		if err != nil || n != step.deleted || count("wx1") != step.remaining {
			t.Errorf("keep %d: deleted %d, %v, %d left; want %d deleted, %d left", step.keep, n, err, count("wx1"), step.deleted, step.remaining)
		}
	}
	if rs, _ := db.Reports(ctx, ReportFilter{AppID: "wx1"}); len(rs) != 1 || rs[0].ID != ids[5] {
		t.Errorf("kept %+v, want the newest", rs)
	}
	if count("wx2") != 1 {
		t.Error("pruning one app touched another")
	}
	n, err := db.DeleteReports(ctx, "wx1")
	if err != nil || n != 1 || count("wx1") != 0 || count("wx2") != 1 {
		t.Errorf("DeleteReports = %d, %v", n, err)
	}
}
