package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/units"
	"github.com/bgfetch/devtools/storage"
)

func TestHistoryFilters(t *testing.T) {
	f := newFixture(t, okConfig)
	f.run(t, "pull")
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), fmt.Sprintf(`{"token": "tk", "periodic": {"url": %q}}`, f.srv.URL+"/fail"))
	f.run(t, "pull")
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), okConfig(f.srv.URL))
	f.run(t, "prefetch")
	today := time.Now().Format("2006-01-02")
	tomorrow := time.Now().AddDate(0, 0, 1).Format("2006-01-02")
	tests := []struct {
		args  []string
		total int64
	}{
		{[]string{}, 3},
		{[]string{"--search", "BOOM"}, 1}, // the 502's body
		{[]string{"--search", "/PRE"}, 1},
		{[]string{"--search", "502", "--cached", "false"}, 1}, // the status; a cached attempt's timestamp may hold "502" too
		{[]string{"--search", "nothing like it"}, 0},
		{[]string{"--cached", "true"}, 2},
		{[]string{"--cached", "false"}, 1},
		{[]string{"--platform", "weapp"}, 3},
		{[]string{"--platform", "qq"}, 0},
		{[]string{"--since", today}, 3},
		{[]string{"--since", tomorrow}, 0},
		{[]string{"--until", today}, 3}, // a date includes that day
		{[]string{"--until", time.Now().Add(-time.Hour).Format(time.RFC3339)}, 0},
		{[]string{"--type", "periodic", "--cached", "true", "--search", "own=1"}, 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := f.run(t, append([]string{"history", "--json"}, tt.args...)...)
			var h struct {
				Total    int64         `json:"total"`
				Attempts []AttemptJSON `json:"attempts"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || r.code != ExitOK {
				t.Fatalf("exit %d %v: %s", r.code, err, r.stderr)
			}
			if h.Total != tt.total || int64(len(h.Attempts)) != tt.total {
				t.Errorf("total %d, %d attempts; want %d", h.Total, len(h.Attempts), tt.total)
			}
		})
	}
	if r := f.run(t, "history", "--search", "nothing like it"); !strings.Contains(r.stdout, "no attempts match") {
		t.Errorf("no match: %q", r.stdout)
	}
	for _, bad := range [][]string{{"--cached", "maybe"}, {"--platform", "harmony"}, {"--since", "yesterday"},
		{"--until", "2026-13-01"}, {"--delete", "1", "--rerun", "1"}, {"--har", "x.har", "--retention", "3"},
		{"--retention", "0"}, {"--delete", "0"}, {"--har", ""}} {
		if r := f.run(t, append([]string{"history"}, bad...)...); r.code != ExitUsage {
			t.Errorf("history %v: exit %d, want %d (%s)", bad, r.code, ExitUsage, r.stderr)
		}
	}
}

func TestHistoryHARAndImport(t *testing.T) {
	f := newFixture(t, okConfig)
	for range 3 {
		f.run(t, "pull")
	}
	f.run(t, "prefetch")
	file := filepath.Join(t.TempDir(), "history.har")
	r := f.run(t, "history", "--har", file, "--type", "periodic")
	if r.code != ExitOK || !strings.Contains(r.stdout, "wrote 3 attempts to "+file) || !strings.Contains(r.stdout, "masked") {
		t.Fatalf("exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Log struct {
			Version string `json:"version"`
			Creator struct{ Name, Version string }
			Entries []struct {
				StartedDateTime string
				Request         struct{ URL string }
				BgFetch         struct {
					ID        int64  `json:"id"`
					FetchType string `json:"fetchType"`
					Cached    bool   `json:"cached"`
				} `json:"_bgfetch"`
			}
		}
	}
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	if h.Log.Version != "1.2" || h.Log.Creator.Version != "test" || len(h.Log.Entries) != 3 {
		t.Fatalf("HAR %+v", h.Log)
	}
	if h.Log.Entries[0].BgFetch.ID >= h.Log.Entries[2].BgFetch.ID || !h.Log.Entries[0].BgFetch.Cached {
		t.Errorf("not oldest first: %+v", h.Log.Entries)
	}
	if strings.Contains(string(data), "token=tk") || !strings.Contains(string(data), "token=••••••") {
		t.Error("the token is not masked")
	}
	// stdout, with the token, and --limit.
	r = f.run(t, "history", "--har", "-", "--include-secrets", "--limit", "1")
	if r.code != ExitOK || !strings.Contains(r.stdout, "token=tk") || strings.Count(r.stdout, `"startedDateTime"`) != 1 {
		t.Errorf("--har -: exit %d %s", r.code, r.stderr)
	}
	var any map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &any); err != nil {
		t.Errorf("stdout is not only the HAR: %v", err)
	}

	// Into another database: the entries come back, marked as imported.
	other := t.TempDir()
	r = runCLI(t, "import-har", file, "--project", f.dir, "--data", other)
	if r.code != ExitOK || !strings.Contains(r.stdout, "imported 3 attempts") {
		t.Fatalf("import-har: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "history", "--project", f.dir, "--data", other)
	if strings.Count(r.stdout, "from a HAR file · cached") != 3 {
		t.Errorf("history after the import:\n%s", r.stdout)
	}
	for _, bad := range [][]string{{"import-har"}, {"import-har", "a", "b"}, {"import-har", filepath.Join(t.TempDir(), "missing.har")}} {
		if r := runCLI(t, append(bad, "--data", other)...); r.code == ExitOK {
			t.Errorf("%v: exit 0", bad)
		}
	}
	notHAR := filepath.Join(t.TempDir(), "x.har")
	write(t, notHAR, `{"hello": 1}`)
	if r := runCLI(t, "import-har", notHAR, "--data", other); r.code != ExitFailed || !strings.Contains(r.stderr, "not a HAR file: expected an object with log.entries") {
		t.Errorf("not a HAR: exit %d %s", r.code, r.stderr)
	}
}

func TestHistoryRerunDeleteRetention(t *testing.T) {
	f := newFixture(t, okConfig)
	for range 3 {
		f.run(t, "pull")
	}
	r := f.run(t, "history", "--rerun", "1", "--json")
	var a AttemptJSON
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || r.code != ExitOK {
		t.Fatalf("rerun: exit %d %v %s", r.code, err, r.stderr)
	}
	if a.ID != 4 || a.Origin != "rerun" || a.RerunOf != 1 || !a.Cached {
		t.Errorf("rerun %+v", a)
	}
	if r = f.run(t, "history", "--rerun", "1"); r.code != ExitOK || !strings.Contains(r.stdout, "HTTP 200") {
		t.Errorf("rerun text: %d %s", r.code, r.stdout)
	}
	if r = f.run(t, "history"); !strings.Contains(r.stdout, "re-run of 1 · cached") {
		t.Errorf("history:\n%s", r.stdout)
	}
	if r = f.run(t, "history", "--rerun", "99"); r.code != ExitFailed || !strings.Contains(r.stderr, "not found") {
		t.Errorf("rerun 99: %d %s", r.code, r.stderr)
	}
	if r = f.run(t, "history", "--delete", "2"); r.code != ExitOK || r.stdout != "deleted attempt 2\n" {
		t.Errorf("delete: %d %q %s", r.code, r.stdout, r.stderr)
	}
	if r = f.run(t, "history", "--delete", "2"); r.code != ExitFailed || !strings.Contains(r.stderr, "not found") {
		t.Errorf("delete again: %d %s", r.code, r.stderr)
	}
	if r = f.run(t, "history", "--retention", "2"); r.code != ExitOK || !strings.Contains(r.stdout, "keeping the last 2 attempts of each fetch type; deleted 2 older attempts") {
		t.Errorf("retention: %d %q %s", r.code, r.stdout, r.stderr)
	}
	f.run(t, "pull")
	if r = f.run(t, "history", "--json"); !strings.Contains(r.stdout, `"total": 2`) {
		t.Errorf("after a pull with retention 2:\n%s", r.stdout)
	}
	if r = f.run(t, "get", "--type", "periodic"); r.code != ExitOK {
		t.Errorf("the cache went with the retention: %d %s", r.code, r.stderr)
	}
}

func TestDiff(t *testing.T) {
	var n atomic.Int32
	text := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "line 1\nline 2\ncount %d\nline 4\n", n.Add(1)/2) // changes every second call
	}))
	t.Cleanup(text.Close)
	f := newFixture(t, okConfig)
	if r := f.run(t, "diff"); r.code != ExitUsage || !strings.Contains(r.stderr, "0 cached periodic bodies") {
		t.Errorf("no bodies: %d %s", r.code, r.stderr)
	}
	f.run(t, "pull")
	f.run(t, "pull") // the echoed query differs in its timestamp, at least
	time.Sleep(2 * time.Millisecond)

	r := f.run(t, "diff")
	if r.code != ExitFailed || !strings.HasPrefix(r.stdout, "~ $.query: \"own=1&appid=wxcli&token=••••••&timestamp=") ||
		!strings.Contains(r.stderr, "comparing attempt 1 (periodic") || !strings.Contains(r.stdout, " → ") {
		t.Errorf("diff: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = f.run(t, "diff", "--include-secrets"); !strings.Contains(r.stdout, "token=tk") {
		t.Errorf("--include-secrets: %s", r.stdout)
	}
	if r = f.run(t, "diff", "1", "1"); r.code != ExitOK || r.stdout != "" {
		t.Errorf("an attempt with itself: %d %q", r.code, r.stdout)
	}
	// Flags after the ids; --json prints the DiffResult.
	r = f.run(t, "diff", "1", "2", "--json")
	var res struct {
		JSON    bool `json:"json"`
		Equal   bool `json:"equal"`
		Changes []struct{ Path, Kind, Old, New string }
		Lines   []struct{ Kind, Text string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != ExitFailed || !res.JSON || res.Equal ||
		len(res.Changes) != 1 || res.Changes[0].Path != "$.query" || res.Changes[0].Kind != "changed" || len(res.Lines) == 0 {
		t.Errorf("--json: %d %v %+v", r.code, err, res)
	}
	// One id: against what is cached now.
	if r = f.run(t, "diff", "2"); r.code != ExitOK || !strings.Contains(r.stderr, "the cached periodic body") {
		t.Errorf("diff 2: %d %s %s", r.code, r.stdout, r.stderr)
	}
	for _, bad := range [][]string{{"diff", "x"}, {"diff", "1", "2", "3"}, {"diff", "1", "99"}, {"diff", "--type", "weekly"}, {"diff", "--type", "pre"}} {
		if r := f.run(t, bad...); r.code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", bad, r.code, ExitUsage, r.stderr)
		}
	}

	// Text bodies: a unified diff.
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), fmt.Sprintf(`{"token": "tk", "periodic": {"url": %q}}`, text.URL))
	f.run(t, "pull") // count 0
	f.run(t, "pull") // count 1
	r = f.run(t, "diff")
	want := "@@ -1,4 +1,4 @@\n line 1\n line 2\n-count 0\n+count 1\n line 4\n"
	if r.code != ExitFailed || !strings.HasPrefix(r.stdout, "--- attempt 3 (periodic") || !strings.HasSuffix(r.stdout, want) {
		t.Errorf("text diff: %d\n%s", r.code, r.stdout)
	}
}

// diff with one id compares against the cache of the attempt's own app, not the app open now.
func TestDiffOneIDUsesTheAttemptsApp(t *testing.T) {
	f := newFixture(t, okConfig)
	f.run(t, "pull")
	write(t, filepath.Join(f.dir, "bgfetch.config.json"), fmt.Sprintf(`{"appid": "wxother", "token": "tk", "periodic": {"url": %q}}`, f.srv.URL+"/ok"))
	if r := f.run(t, "diff", "1"); r.code != ExitOK || !strings.Contains(r.stderr, "the cached periodic body") {
		t.Errorf("diff 1 from another app: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestHistorySearchCountBound: a search with more candidates than storage.CountBound prints its page at
// once with a lower bound ("at least N", totalExact false in JSON); --count counts every match.
func TestHistorySearchCountBound(t *testing.T) {
	f := newFixture(t, okConfig)
	n := storage.CountBound + 300
	db, err := storage.Open(filepath.Join(f.data, "bgfetch.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Now().Add(-time.Duration(n) * time.Minute)
	for i := range n {
		a := &storage.Attempt{AppID: "wxcli", FetchType: "periodic", Platform: "weapp", StartedAt: t0.Add(time.Duration(i) * time.Minute),
			Method: "GET", URL: fmt.Sprintf("https://api.example.com/p?appid=wxcli&timestamp=%d", i), Status: 200, Bytes: 10, Cached: true}
		if _, err := db.RecordAttempt(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r := f.run(t, "history", "--search", "appid=wxcli")
	if r.code != 0 || !strings.Contains(r.stdout, "(20 of at least ") || !strings.Contains(r.stdout, "--count counts them all") {
		t.Errorf("history --search: %d %s\n%s", r.code, r.stderr, r.stdout)
	}
	r = f.run(t, "history", "--search", "appid=wxcli", "--count")
	if want := fmt.Sprintf("(20 of %s; --limit shows more)", units.Digits(int64(n))); r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("history --search --count: want %q\n%s", want, r.stdout)
	}
	var out struct {
		Total      int64 `json:"total"`
		TotalExact bool  `json:"totalExact"`
	}
	for _, args := range [][]string{{}, {"--count"}} {
		r = f.run(t, append([]string{"history", "--search", "appid=wxcli", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, r.stdout)
		}
		exact := len(args) > 0
		if out.TotalExact != exact || (exact && out.Total != int64(n)) || (!exact && (out.Total < 20 || out.Total >= int64(n))) {
			t.Errorf("--json %v: total %d, totalExact %v", args, out.Total, out.TotalExact)
		}
	}
}
