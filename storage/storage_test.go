package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// openTest opens a fresh database in a temporary folder and closes it when the test ends.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "bgfetch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// fullAttempt returns an attempt with every field set.
func fullAttempt(appID, fetchType string, i int) *Attempt {
	return &Attempt{
		AppID:      appID,
		FetchType:  fetchType,
		Platform:   "weapp",
		StartedAt:  time.UnixMilli(1_700_000_000_000 + int64(i)*1000),
		DurationMs: 42,
		Method:     "GET",
		URL:        fmt.Sprintf("https://example.com/bg?appid=%s&timestamp=%d&n=%d", appID, 1_700_000_000+i, i),
		Params: []Param{
			{Name: "appid", Value: appID, Source: "platform"},
			{Name: "lang", Value: "zh_CN", Source: "user"},
			{Name: "token", Value: "a&b=c", Source: "address"},
		},
		RequestHeaders:  map[string][]string{"User-Agent": {"Mozilla/5.0 MicroMessenger"}, "X-Multi": {"1", "2"}},
		RequestBody:     `{"q":"请求"}`,
		Status:          200,
		ResponseHeaders: map[string][]string{"Content-Type": {"application/json; charset=utf-8"}},
		Bytes:           int64(len(fmt.Sprintf(`{"n":%d,"text":"数据"}`, i))),
		Body:            []byte(fmt.Sprintf(`{"n":%d,"text":"数据"}`, i)),
		Cached:          true,
		Reason:          "",
		Warnings:        []string{"响应超过 256KB", "slow"},
		Error:           "",
		Redirects:       []string{"https://example.com/old", "https://example.com/bg"},
		Variant:         "gray",
		VariantReason:   "user in gray list",
		LaunchPath:      "pages/index/index",
		LaunchQuery:     "a=1&b=2",
		LaunchScene:     1001,
		DataType:        "json",
		Timing: &Timing{DNS: 1500 * time.Microsecond, Connect: 2 * time.Millisecond, TLS: 7 * time.Millisecond,
			FirstByte: 30 * time.Millisecond, Body: 1234 * time.Microsecond},
		TLS: &TLSInfo{Version: "TLS 1.3", CipherSuite: "TLS_AES_128_GCM_SHA256", Subject: "CN=example.com",
			Issuer: "CN=Test CA", DNSNames: []string{"example.com", "*.example.com"},
			NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
			Verified: false, VerifyError: "x509: certificate signed by unknown authority"},
		Origin:  OriginRerun,
		RerunOf: 7,
		Proto:   "HTTP/2.0",
	}
}

// record stores a and, when withCache, a cache entry with a's body.
func record(t testing.TB, db *DB, a *Attempt, withCache bool) int64 {
	t.Helper()
	var c *CacheEntry
	if withCache {
		c = &CacheEntry{AppID: a.AppID, FetchType: a.FetchType, Body: a.Body, FetchedAt: a.StartedAt,
			Path: a.LaunchPath, Query: a.LaunchQuery, Scene: a.LaunchScene, DataType: a.DataType}
	}
	id, err := db.RecordAttempt(context.Background(), a, c)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAttemptRoundTrip(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		in   *Attempt
	}{
		{"every field", fullAttempt("wx123", "periodic", 1)},
		{"failed fetch, nothing optional", &Attempt{AppID: "wx123", FetchType: "pre", Platform: "qq",
			StartedAt: time.UnixMilli(1_700_000_000_123), Method: "GET", URL: "https://x.invalid/",
			Reason: "request failed", Error: "dial tcp: no such host"}},
		{"empty but present", &Attempt{AppID: "wx123", FetchType: "jsapiPre", Platform: "alipay",
			StartedAt: time.UnixMilli(1_700_000_000_456), Params: []Param{}, RequestHeaders: map[string][]string{},
			ResponseHeaders: map[string][]string{}, Body: []byte{}, Warnings: []string{}, Redirects: []string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			want := *tt.in
			id, err := db.RecordAttempt(ctx, tt.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if id <= 0 || tt.in.ID != id {
				t.Fatalf("id = %d, a.ID = %d", id, tt.in.ID)
			}
			want.ID = id

			got, err := db.Attempt(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Attempt(%d)\n got %#v\nwant %#v", id, got, want)
			}

			list, err := db.History(ctx, HistoryFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 {
				t.Fatalf("History returned %d attempts, want 1", len(list))
			}
			if list[0].Body != nil {
				t.Errorf("History loaded Body %q; it must leave it nil", list[0].Body)
			}
			want.Body = nil
			if !reflect.DeepEqual(list[0], want) {
				t.Errorf("History()[0]\n got %#v\nwant %#v", list[0], want)
			}
		})
	}
}

func TestStartedAtMillisecondPrecision(t *testing.T) {
	db := openTest(t)
	at := time.Date(2025, 3, 4, 5, 6, 7, 891_234_567, time.UTC)
	a := &Attempt{AppID: "wx1", FetchType: "periodic", StartedAt: at}
	id := record(t, db, a, false)
	got, err := db.Attempt(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if want := at.Truncate(time.Millisecond); !got.StartedAt.Equal(want) {
		t.Errorf("StartedAt = %v, want %v", got.StartedAt, want)
	}
}

func TestHistory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	// 30 attempts: ids 1..30, apps alternate wxA/wxB, types cycle periodic/pre/jsapiPre.
	apps := []string{"wxA", "wxB"}
	types := []string{"periodic", "pre", "jsapiPre"}
	for i := range 30 {
		record(t, db, fullAttempt(apps[i%2], types[i%3], i), i%4 == 0)
	}
	ids := func(list []Attempt) []int64 {
		out := []int64{}
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	// expect lists the ids (newest first) that match app and type, below before, at most limit.
	expect := func(app, typ string, before int64, limit int) []int64 {
		out := []int64{}
		for id := int64(30); id >= 1 && len(out) < limit; id-- {
			i := int(id - 1)
			if (app == "" || apps[i%2] == app) && (typ == "" || types[i%3] == typ) && (before == 0 || id < before) {
				out = append(out, id)
			}
		}
		return out
	}
	tests := []struct {
		name  string
		f     HistoryFilter
		limit int // the limit expect should apply
		count int64
	}{
		{"all", HistoryFilter{}, 100, 30},
		{"limit", HistoryFilter{Limit: 7}, 7, 30},
		{"negative limit means default", HistoryFilter{Limit: -1}, 100, 30},
		{"app", HistoryFilter{AppID: "wxA"}, 100, 15},
		{"type", HistoryFilter{FetchType: "pre"}, 100, 10},
		{"app and type", HistoryFilter{AppID: "wxB", FetchType: "periodic"}, 100, 5},
		{"page", HistoryFilter{BeforeID: 12, Limit: 5}, 5, 30},
		{"app and type page", HistoryFilter{AppID: "wxA", FetchType: "jsapiPre", BeforeID: 20}, 100, 5},
		{"before first", HistoryFilter{BeforeID: 1}, 100, 30},
		{"unknown app", HistoryFilter{AppID: "nope"}, 100, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := db.History(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ids(list), expect(tt.f.AppID, tt.f.FetchType, tt.f.BeforeID, tt.limit); !reflect.DeepEqual(got, want) {
				t.Errorf("ids = %v, want %v", got, want)
			}
			for _, a := range list {
				if a.Body != nil || a.Bytes == 0 {
					t.Fatalf("attempt %d: Body = %q, Bytes = %d; want nil body and Bytes set", a.ID, a.Body, a.Bytes)
				}
			}
			n, err := db.CountAttempts(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.count {
				t.Errorf("CountAttempts = %d, want %d", n, tt.count)
			}
		})
	}

	t.Run("keyset paging walks everything once", func(t *testing.T) {
		var seen []int64
		f := HistoryFilter{AppID: "wxB", Limit: 4}
		for {
			page, err := db.History(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			seen = append(seen, ids(page)...)
			f.BeforeID = page[len(page)-1].ID
		}
		if want := expect("wxB", "", 0, 100); !reflect.DeepEqual(seen, want) {
			t.Errorf("paged ids = %v, want %v", seen, want)
		}
	})
}

func TestNotFound(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	record(t, db, fullAttempt("wx1", "periodic", 1), true)
	tests := []struct {
		name string
		err  func() error
	}{
		{"attempt", func() error { _, err := db.Attempt(ctx, 999); return err }},
		{"cached other type", func() error { _, err := db.Cached(ctx, "wx1", "pre"); return err }},
		{"cached other app", func() error { _, err := db.Cached(ctx, "wx2", "periodic"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			t.Log(err)
		})
	}
}

func TestCacheReplaceAndKeep(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)

	first := fullAttempt("wx1", "periodic", 1)
	id1 := record(t, db, first, true)
	other := fullAttempt("wx1", "pre", 2)
	idPre := record(t, db, other, true)

	got, err := db.Cached(ctx, "wx1", "periodic")
	if err != nil {
		t.Fatal(err)
	}
	want := CacheEntry{AppID: "wx1", FetchType: "periodic", Body: first.Body, FetchedAt: first.StartedAt,
		Path: "pages/index/index", Query: "a=1&b=2", Scene: 1001, DataType: "json", AttemptID: id1}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Cached\n got %#v\nwant %#v", got, want)
	}

	// A successful fetch replaces the entry; cache.AttemptID is set to the new attempt.
	second := fullAttempt("wx1", "periodic", 3)
	c := &CacheEntry{AppID: "wx1", FetchType: "periodic", Body: []byte("second body"), FetchedAt: time.UnixMilli(1_800_000_000_000), Scene: 1089}
	id2, err := db.RecordAttempt(ctx, second, c)
	if err != nil {
		t.Fatal(err)
	}
	if c.AttemptID != id2 {
		t.Errorf("cache.AttemptID = %d, want %d", c.AttemptID, id2)
	}
	got, err = db.Cached(ctx, "wx1", "periodic")
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != "second body" || got.AttemptID != id2 || got.Scene != 1089 || got.Path != "" ||
		!got.FetchedAt.Equal(time.UnixMilli(1_800_000_000_000)) {
		t.Errorf("after replace: %+v", got)
	}

	// A failed fetch (no cache entry) keeps the previous body.
	failed := &Attempt{AppID: "wx1", FetchType: "periodic", StartedAt: time.Now(), Error: "timeout", Reason: "request failed"}
	record(t, db, failed, false)
	got, err = db.Cached(ctx, "wx1", "periodic")
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != "second body" || got.AttemptID != id2 {
		t.Errorf("a failed fetch changed the cache: %+v", got)
	}

	// The other type was never touched.
	got, err = db.Cached(ctx, "wx1", "pre")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, other.Body) || got.AttemptID != idPre {
		t.Errorf("pre cache: %+v", got)
	}

	// An empty response is cached as an empty, non-nil body; the cache's empty keys come from the attempt.
	empty := &Attempt{AppID: "wx2", FetchType: "periodic", StartedAt: time.Now()}
	if _, err := db.RecordAttempt(ctx, empty, &CacheEntry{}); err != nil {
		t.Fatal(err)
	}
	got, err = db.Cached(ctx, "wx2", "periodic")
	if err != nil {
		t.Fatal(err)
	}
	if got.Body == nil || len(got.Body) != 0 || got.AttemptID != empty.ID {
		t.Errorf("empty body cache: %#v", got)
	}
}

func TestClearCache(t *testing.T) {
	ctx := context.Background()
	types := []string{"periodic", "pre", "jsapiPre"}
	tests := []struct {
		name    string
		clear   []string
		removed int64
		left    []string // types of wx1 still cached
	}{
		{"one type", []string{"pre"}, 1, []string{"periodic", "jsapiPre"}},
		{"two types", []string{"pre", "periodic"}, 2, []string{"jsapiPre"}},
		{"all types", nil, 3, nil},
		{"type not cached", []string{"nothing"}, 0, types},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			for i, typ := range types {
				record(t, db, fullAttempt("wx1", typ, i), true)
				record(t, db, fullAttempt("wx2", typ, i), true)
			}
			n, err := db.ClearCache(ctx, "wx1", tt.clear...)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.removed {
				t.Errorf("removed %d, want %d", n, tt.removed)
			}
			for _, typ := range types {
				_, err := db.Cached(ctx, "wx1", typ)
				if want := contains(tt.left, typ); (err == nil) != want {
					t.Errorf("wx1 %s: err = %v, want cached = %v", typ, err, want)
				}
				if _, err := db.Cached(ctx, "wx2", typ); err != nil {
					t.Errorf("wx2 %s: %v (another app's cache must stay)", typ, err)
				}
			}
			if n, _ := db.CountAttempts(ctx, HistoryFilter{}); n != 6 {
				t.Errorf("history has %d attempts after ClearCache, want 6", n)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestDeleteHistory(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for i := range 5 {
		record(t, db, fullAttempt("wx1", "periodic", i), true)
		record(t, db, fullAttempt("wx2", "periodic", i), true)
	}
	n, err := db.DeleteHistory(ctx, "wx1")
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("deleted %d, want 5", n)
	}
	if c, _ := db.CountAttempts(ctx, HistoryFilter{AppID: "wx1"}); c != 0 {
		t.Errorf("wx1 still has %d attempts", c)
	}
	if c, _ := db.CountAttempts(ctx, HistoryFilter{AppID: "wx2"}); c != 5 {
		t.Errorf("wx2 has %d attempts, want 5", c)
	}
	// Deleting history never changes what getBackgroundFetchData returns: the cached body stays.
	if c, err := db.Cached(ctx, "wx1", "periodic"); err != nil || len(c.Body) == 0 || c.AttemptID != 0 {
		t.Errorf("wx1 cache after DeleteHistory: %+v, %v; want the body kept, without its attempt", c, err)
	}
	if _, err := db.Cached(ctx, "wx2", "periodic"); err != nil {
		t.Errorf("wx2 cache: %v", err)
	}
	var bodies int64
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM attempts WHERE body_id IS NOT NULL`).Scan(&bodies); err != nil {
		t.Fatal(err)
	}
	if bodies != 5 {
		t.Errorf("%d bodies left, want 5 (wx1's must go with its attempts)", bodies)
	}
	if n, err := db.DeleteHistory(ctx, "wx1"); err != nil || n != 0 {
		t.Errorf("second DeleteHistory = %d, %v; want 0, nil", n, err)
	}
	// By fetch type: only those attempts go.
	record(t, db, fullAttempt("wx3", "periodic", 1), true)
	record(t, db, fullAttempt("wx3", "pre", 2), true)
	if n, err := db.DeleteHistory(ctx, "wx3", "periodic"); err != nil || n != 1 {
		t.Errorf("DeleteHistory(wx3, periodic) = %d, %v", n, err)
	}
	if c, _ := db.CountAttempts(ctx, HistoryFilter{AppID: "wx3", FetchType: "pre"}); c != 1 {
		t.Errorf("the pre attempt went too: %d left", c)
	}
	// Ids are never reused, so a stale BeforeID cannot page into new rows.
	id := record(t, db, fullAttempt("wx1", "periodic", 9), false)
	if id != 13 { // 11 and 12 were wx3's; 11 was deleted and must not come back
		t.Errorf("new id after delete = %d, want 13", id)
	}
}

func TestDeleteFetchData(t *testing.T) {
	needFTS5(t)
	ctx := context.Background()
	db := openTest(t)
	for i := range 3 {
		record(t, db, fullAttempt("wx1", "periodic", i), true)
		record(t, db, fullAttempt("wx2", "pre", i), true)
	}
	if err := db.SetSetting(ctx, "retention", "7"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteFetchData(ctx); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"attempts", "bodies", "cache", "attempt_fts WHERE attempt_fts MATCH 'exa'"} {
		var n int64
		if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
	if v, err := db.Setting(ctx, "retention"); err != nil || v != "7" {
		t.Errorf("the settings went too: %q, %v", v, err)
	}
}

func TestCanceledContext(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.RecordAttempt(ctx, fullAttempt("wx1", "periodic", 1), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("RecordAttempt: err = %v, want context.Canceled", err)
	}
	if _, err := db.History(ctx, HistoryFilter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("History: err = %v, want context.Canceled", err)
	}
	if n, err := db.CountAttempts(context.Background(), HistoryFilter{}); err != nil || n != 0 {
		t.Errorf("CountAttempts = %d, %v; want 0 (the canceled write must not land)", n, err)
	}
}

// TestHistoryUsesIndex checks that every History query walks an index in id order instead of
// sorting, so the first page stays fast however long the history is.
func TestHistoryUsesIndex(t *testing.T) {
	db := openTest(t)
	insertBulk(t, db, 2000)
	for _, f := range []HistoryFilter{
		{}, {BeforeID: 500},
		{AppID: "wx0"}, {AppID: "wx0", BeforeID: 500},
		{FetchType: "pre"}, {FetchType: "pre", BeforeID: 500},
		{AppID: "wx1", FetchType: "pre"}, {AppID: "wx1", FetchType: "pre", BeforeID: 500},
		{Text: "n=7"}, {AppID: "wx0", Text: "n=7", BeforeID: 500}, {AppID: "wx1", FetchType: "pre", Text: "404"},
		{Text: "n="}, {AppID: "wx1", Text: "n=", BeforeID: 500},
		{AppID: "wx0", Platform: "qq"}, {AppID: "wx0", Cached: new(bool)},
		{AppID: "wx0", Since: time.UnixMilli(1_700_000_000_100), Until: time.UnixMilli(1_700_000_000_900)},
	} {
		s, err := db.plan(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		q, args := f.sql(s, idRange{}, qualified(attemptCols), true, true, f.limit())
		rows, err := db.r.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := fmt.Sprint(plan)
		t.Logf("%+v: %s", f, text)
		if bytes.Contains([]byte(text), []byte("TEMP B-TREE")) ||
			((f.AppID != "" || f.FetchType != "") && !bytes.Contains([]byte(text), []byte("INDEX"))) {
			t.Errorf("%+v: plan %s", f, text)
		}
	}
}
