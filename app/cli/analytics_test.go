package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
)

const analyticsJSON = `{
  "events": [
    {"id": "buy", "name": "购买",
     "fields": [{"name": "price", "type": "number"}, {"name": "color", "type": "string"}],
     "actions": [{"trigger": "click", "page": "pages/goods/goods", "selector": ".buy",
                  "data": [{"field": "price", "source": "goods.price"}, {"field": "color", "source": "goods.color"}]}]},
    {"id": "share", "name": "分享", "reportType": "steps",
     "fields": [{"name": "to", "type": "string"}],
     "actions": [{"trigger": "share", "page": "pages/goods/goods", "data": [{"field": "to", "source": "target"}]}]}
  ]
}
`

// newAnalyticsFixture is a project with bgfetch.analytics.json and an empty data folder.
func newAnalyticsFixture(t *testing.T) *fixture {
	f := newFixture(t, okConfig)
	write(t, filepath.Join(f.dir, project.AnalyticsFile), analyticsJSON)
	return f
}

// report sends reports through the engine the bridge uses, on the fixture's project and database.
func (f *fixture) report(t *testing.T, ins ...core.ReportInput) {
	t.Helper()
	e, err := core.Open(core.Options{ProjectDir: f.dir, DataDir: f.data})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, in := range ins {
		if _, err := e.Report(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
}

func sampleReports() []core.ReportInput {
	return []core.ReportInput{
		{Event: "buy", Trigger: "click", Page: "/pages/goods/goods?id=1", Data: json.RawMessage(`{"price": 5, "color": "red"}`)},
		{Event: "buy", Data: json.RawMessage(`{"price": "5", "color": "=HYPERLINK(1)"}`)},
		{API: core.APIReportAnalytics, Event: "ghost", Data: json.RawMessage(`{"x": 1}`)},
	}
}

func TestAnalyticsEventsVerb(t *testing.T) {
	f := newAnalyticsFixture(t)
	r := f.run(t, "analytics", "events")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"buy  购买  一次性上报 (once)\n  fields: price (number), color (string)\n  action 1: click .buy on pages/goods/goods → price = goods.price, color = goods.color\n",
		"share  分享  分步骤上报 (steps)\n  fields: to (string)\n  action 1: share on pages/goods/goods → to = target\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout\n%s\nlacks\n%s", r.stdout, want)
		}
	}
	r = f.run(t, "analytics", "events", "--json")
	var out struct{ Events []core.AnalyticsEvent }
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != ExitOK || len(out.Events) != 2 || out.Events[1].ReportType != "steps" {
		t.Errorf("--json: %d %v %+v\n%s", r.code, err, out, r.stdout)
	}

	empty := newFixture(t, okConfig)
	if r := empty.run(t, "analytics", "events"); r.code != ExitOK || !strings.Contains(r.stdout, "no events configured") {
		t.Errorf("no events: %+v", r)
	}
	if r := empty.run(t, "analytics", "events", "--json"); r.code != ExitOK || strings.TrimSpace(r.stdout) != `{
  "events": []
}` {
		t.Errorf("no events, --json: %+v", r)
	}
}

func TestAnalyticsTestVerb(t *testing.T) {
	f := newAnalyticsFixture(t)
	r := f.run(t, "analytics", "test")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := `2 events of wxcli are valid; each action reports:
  buy (购买) action 1: click .buy on pages/goods/goods
      price (number) ← goods.price
      color (string) ← goods.color
      ! a tap event carries no class: the snippet matches the element's data-class="buy"
  share (分享) action 1: share on pages/goods/goods
      to (string) ← target
`
	if r.stdout != want {
		t.Errorf("stdout\n%s\nwant\n%s", r.stdout, want)
	}
	r = f.run(t, "analytics", "test", "--json")
	var test core.AnalyticsTest
	if err := json.Unmarshal([]byte(r.stdout), &test); err != nil || len(test.Plan) != 2 || test.Plan[0].Fields[0] != "price (number) ← goods.price" {
		t.Errorf("--json: %v %+v", err, test)
	}

	// A config error: file:line:col, exit 2.
	write(t, filepath.Join(f.dir, project.AnalyticsFile), strings.Replace(analyticsJSON, `"trigger": "share"`, `"trigger": "shar"`, 1))
	r = f.run(t, "analytics", "test")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "bgfetch.analytics.json:9:19:") || !strings.Contains(r.stderr, `did you mean "share"?`) {
		t.Errorf("broken file: exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestAnalyticsImportExportVerbs(t *testing.T) {
	f := newFixture(t, okConfig) // the events live in the database only
	src := filepath.Join(t.TempDir(), "events.json")
	write(t, src, analyticsJSON)
	r := f.run(t, "analytics", "import", src)
	if r.code != ExitOK || !strings.Contains(r.stdout, "imported 2 events from "+src) {
		t.Fatalf("import: %+v", r)
	}
	r = f.run(t, "analytics", "export")
	evs, err := project.ParseAnalytics("stdout", []byte(r.stdout))
	if r.code != ExitOK || err != nil || len(evs) != 2 || evs[0].ID != "buy" {
		t.Fatalf("export to stdout: %+v, %v", r, err)
	}
	if r2 := f.run(t, "analytics", "export", "-"); r2.stdout != r.stdout {
		t.Errorf("export - differs from export")
	}
	out := filepath.Join(t.TempDir(), "out.json")
	if r := f.run(t, "analytics", "export", out); r.code != ExitOK || !strings.Contains(r.stdout, "wrote 2 events to "+out) {
		t.Errorf("export FILE: %+v", r)
	}
	if data, _ := os.ReadFile(out); string(data) != r.stdout {
		t.Errorf("file\n%s\nstdout\n%s", data, r.stdout)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	write(t, bad, `{"events": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}`)
	if r := f.run(t, "analytics", "import", bad); r.code != ExitUsage || !strings.Contains(r.stderr, "bad.json:1:") {
		t.Errorf("invalid import: %+v", r)
	}
	if r := f.run(t, "analytics", "import", filepath.Join(t.TempDir(), "missing.json")); r.code != ExitFailed {
		t.Errorf("missing file: %+v", r)
	}
	if r := f.run(t, "analytics", "import"); r.code != ExitUsage || !strings.Contains(r.stderr, "give one file") {
		t.Errorf("no file: %+v", r)
	}
	if r := f.run(t, "analytics", "export", "a", "b"); r.code != ExitUsage {
		t.Errorf("two files: %+v", r)
	}
	if r := f.run(t, "analytics", "events"); !strings.HasPrefix(r.stdout, "buy  购买") {
		t.Errorf("a refused import changed the events: %s", r.stdout)
	}
}

func TestAnalyticsReportsVerb(t *testing.T) {
	f := newAnalyticsFixture(t)
	if r := f.run(t, "analytics", "reports"); r.code != ExitOK || !strings.Contains(r.stdout, "no reports yet") {
		t.Errorf("empty log: %+v", r)
	}
	f.report(t, sampleReports()...)

	r := f.run(t, "analytics", "reports")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 5 || !strings.Contains(lines[0], "ghost") || !strings.Contains(lines[1], "! the event is not configured") ||
		!strings.Contains(lines[len(lines)-1], `buy 购买  {"color":"red","price":5}  [pages/goods/goods · click · #1 click .buy]`) {
		t.Errorf("stdout\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, `! the field "price" should be a number, got a string "5"`) {
		t.Errorf("the wrong type is not said:\n%s", r.stdout)
	}

	tests := []struct {
		name   string
		args   []string
		events []string // newest first
	}{
		{"flagged", []string{"--flagged"}, []string{"ghost", "buy"}},
		{"event", []string{"--event", "buy"}, []string{"buy", "buy"}},
		{"unmatched event by name", []string{"--event", "ghost"}, []string{"ghost"}},
		{"limit", []string{"--limit", "1"}, []string{"ghost"}},
		{"since an hour ago", []string{"--since", "1h"}, []string{"ghost", "buy", "buy"}},
		{"since 7 days ago", []string{"--since", "7d", "--until", "2099-01-01"}, []string{"ghost", "buy", "buy"}},
		{"since tomorrow", []string{"--since", time.Now().AddDate(0, 0, 1).Format("2006-01-02")}, nil},
		{"until a day ago", []string{"--until", "24h"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.run(t, append([]string{"analytics", "reports", "--json"}, tt.args...)...)
			var out struct {
				Total   int64
				Reports []AnalyticsReportJSON
			}
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != ExitOK {
				t.Fatalf("exit %d, %v: %s%s", r.code, err, r.stdout, r.stderr)
			}
			var got []string
			for _, rep := range out.Reports {
				got = append(got, rep.Event)
			}
			if strings.Join(got, " ") != strings.Join(tt.events, " ") {
				t.Errorf("events %v, want %v", got, tt.events)
			}
			if tt.name == "limit" && out.Total != 3 {
				t.Errorf("total %d, want 3", out.Total)
			}
		})
	}

	r = f.run(t, "analytics", "reports", "--json", "--event", "ghost")
	var out struct{ Reports []map[string]any }
	_ = json.Unmarshal([]byte(r.stdout), &out)
	rep := out.Reports[0]
	if rep["api"] != "reportAnalytics" || rep["eventId"] != "" || rep["data"].(map[string]any)["x"] != 1.0 {
		t.Errorf("report %v", rep)
	}
	probs := rep["problems"].([]any)
	if p := probs[0].(map[string]any); p["kind"] != "unconfigured" || !strings.HasPrefix(p["message"].(string), "the event is not configured") {
		t.Errorf("problem %v", p)
	}

	// CSV: oldest first, the formula guarded.
	r = f.run(t, "analytics", "reports", "--csv", "-")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || r.code != ExitOK || len(recs) != 4 {
		t.Fatalf("csv: %v %+v", err, r)
	}
	if strings.Join(recs[0][9:], ",") != "price,color,to,x" || recs[1][2] != "buy" || recs[3][2] != "ghost" || recs[2][10] != "'=HYPERLINK(1)" {
		t.Errorf("csv\n%s", r.stdout)
	}
	path := filepath.Join(t.TempDir(), "reports.csv")
	if r := f.run(t, "analytics", "reports", "--csv", path, "--flagged"); r.code != ExitOK || !strings.Contains(r.stdout, "wrote 2 reports to "+path) {
		t.Errorf("csv file: %+v", r)
	}
	if r := f.run(t, "analytics", "reports", "--csv", path, "--limit", "1"); r.code != ExitOK || !strings.Contains(r.stdout, "wrote 1 report to") {
		t.Errorf("csv with --limit: %+v", r)
	}

	for _, bad := range [][]string{
		{"--since", "yesterday"}, {"--since", "-1h"}, {"--limit", "0"}, {"--csv", ""}, {"--csv", "-", "--json"},
		{"--since", "1h", "--until", "2h"}, {"extra"},
	} {
		if r := f.run(t, append([]string{"analytics", "reports"}, bad...)...); r.code != ExitUsage || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", bad, r.code, r.stderr)
		}
	}
}

func TestAnalyticsSyncAndClearVerbs(t *testing.T) {
	f := newAnalyticsFixture(t)
	f.report(t, sampleReports()...)
	f.report(t, core.ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 7, "color": "red"}`)})
	r := f.run(t, "analytics", "sync")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"同步结果 all time: 4 reports, 2 flagged\n",
		"\nbuy 购买: 3 reports, 1 flagged, last at ",
		`  price (number): 3 reports, 3 distinct: 5 ×1, "5" ×1, 7 ×1; min 5, max 7, average 6` + "\n",
		`  color (string): 3 reports, 2 distinct: "red" ×2, "=HYPERLINK(1)" ×1` + "\n",
		"\nshare 分享: 0 reports\n  to (string): 0 reports\n",
		"\nghost (not configured): 1 report, 1 flagged, last at ",
		"  x (not configured): 1 report, 1 distinct: 1 ×1; min 1, max 1, average 1\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout\n%s\nlacks\n%s", r.stdout, want)
		}
	}
	r = f.run(t, "analytics", "sync", "--json", "--since", "24h")
	var res SyncJSON
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Reports != 4 || len(res.Events) != 3 || res.Since == "" {
		t.Fatalf("--json: %v %+v", err, res)
	}
	if share := res.Events[1]; share.Event != "share" || share.Reports != 0 || share.First != "" || len(share.Fields) != 1 || share.Fields[0].Values == nil {
		t.Errorf("an event without reports: %+v", share)
	}
	if price := res.Events[0].Fields[0]; price.Numbers == nil || price.Numbers.Max != 7 {
		t.Errorf("price %+v", price)
	}
	// The chart's numbers: reports per hour, all in this hour here.
	if ev := res.Events[0]; res.Bucket != "hour" || len(ev.Series) != 1 || ev.Series[0].Count != ev.Reports {
		t.Errorf("series: bucket %q, %+v for %d reports", res.Bucket, ev.Series, ev.Reports)
	}
	if r := f.run(t, "analytics", "sync", "--since", "2099-01-01"); r.code != ExitOK || !strings.Contains(r.stdout, "0 reports, 0 flagged") {
		t.Errorf("a future range: %+v", r)
	}

	r = f.run(t, "analytics", "clear")
	if r.code != ExitOK || r.stdout != "deleted 4 reports from the report log (the events stay)\n" {
		t.Errorf("clear: %+v", r)
	}
	if r := f.run(t, "analytics", "clear", "--json"); r.code != ExitOK || strings.TrimSpace(r.stdout) != "{\n  \"deleted\": 0\n}" {
		t.Errorf("clear again: %+v", r)
	}
	if r := f.run(t, "analytics", "events"); !strings.Contains(r.stdout, "buy  购买") {
		t.Errorf("clear removed the events: %s", r.stdout)
	}
}

func TestAnalyticsUsage(t *testing.T) {
	if r := runCLI(t, "analytics"); r.code != ExitUsage || !strings.Contains(r.stderr, "bgfetch analytics events") {
		t.Errorf("no subcommand: %+v", r)
	}
	if r := runCLI(t, "analytics", "help"); r.code != ExitOK || !strings.Contains(r.stdout, "同步结果") {
		t.Errorf("help: %+v", r)
	}
	if r := runCLI(t, "analytics", "bogus"); r.code != ExitUsage || !strings.Contains(r.stderr, `unknown subcommand "bogus"`) {
		t.Errorf("bogus: %+v", r)
	}
	if r := runCLI(t, "help"); !strings.Contains(r.stdout, "bgfetch analytics") {
		t.Error("bgfetch help does not list analytics")
	}
	if !IsVerb("analytics") {
		t.Error("analytics is not a verb")
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.Local)
	for in, want := range map[string]time.Time{
		"":                          {},
		"1h":                        now.Add(-time.Hour),
		"90m":                       now.Add(-90 * time.Minute),
		"7d":                        now.AddDate(0, 0, -7),
		"0d":                        now,
		"2026-11-01":                time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local),
		"2026-11-01T18:00:00+08:00": time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC),
	} {
		got, err := parseSince(in, now, false)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, _ := parseSince("2026-11-01", now, true); !got.Equal(time.Date(2026, 11, 2, 0, 0, 0, 0, time.Local)) {
		t.Errorf("--until a date = %v, want the next midnight", got)
	}
	for _, bad := range []string{"-1h", "d", "-3d", "1w", "yesterday"} {
		if _, err := parseSince(bad, now, false); err == nil {
			t.Errorf("parseSince(%q) accepted", bad)
		}
	}
}
