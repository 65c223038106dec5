package core

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// testEvents are a 一次性上报 event, a 分步骤上报 one and one without actions.
func testEvents() []AnalyticsEvent {
	return []AnalyticsEvent{
		{ID: "buy", Name: "购买", ReportType: project.ReportOnce,
			Fields: []project.AnalyticsField{{Name: "price", Type: project.FieldNumber}, {Name: "color", Type: project.FieldString}},
			Actions: []project.AnalyticsAction{
				{Trigger: "click", Page: "pages/goods/goods", Selector: ".buy",
					Data: []project.FieldSource{{Field: "price", Source: "goods.price"}, {Field: "color", Source: `"red"`}}},
				{Trigger: "launch", Data: []project.FieldSource{{Field: "price", Source: "0"}, {Field: "color", Source: "app.color"}}},
			}},
		{ID: "checkout", Name: "结算", ReportType: project.ReportSteps,
			Fields: []project.AnalyticsField{{Name: "step", Type: project.FieldNumber}, {Name: "coupon", Type: project.FieldString}},
			Actions: []project.AnalyticsAction{
				{Trigger: "enterPage", Page: "pages/cart/cart", Data: []project.FieldSource{{Field: "step", Source: "1"}}},
				{Trigger: "click", Page: "pages/cart/cart", Selector: ".pay",
					Data: []project.FieldSource{{Field: "step", Source: "2"}, {Field: "coupon", Source: "cart.coupon"}}},
			}},
		{ID: "codeOnly", Name: "代码", ReportType: project.ReportOnce, Fields: []project.AnalyticsField{{Name: "n", Type: project.FieldNumber}}},
	}
}

func problems(ps []Problem) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p.Kind)
		if p.Field != "" {
			out[i] += " " + p.Field
		}
		if p.Got != "" {
			out[i] += " (" + p.Got + ")"
		}
	}
	return strings.Join(out, "; ")
}

func TestCheckReport(t *testing.T) {
	evs := testEvents()
	tests := []struct {
		name     string
		in       ReportInput
		eventID  string
		problems string
		data     string // "" = not checked
		page     string
		action   string
	}{
		{"matched by ID", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", `{"color":"red","price":5}`, "", ""},
		{"reportAnalytics matched by name", ReportInput{API: APIReportAnalytics, Event: "购买", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "", ""},
		{"reportAnalytics matched by ID", ReportInput{API: APIReportAnalytics, Event: "buy", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "", ""},
		{"reportEvent does not match by name", ReportInput{Event: "购买", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "", "unconfigured", "", "", ""},
		{"unconfigured", ReportInput{Event: " ghost ", Data: json.RawMessage(`{"a": 1}`)}, "", "unconfigured", `{"a":1}`, "", ""},
		{"unconfigured and not an object", ReportInput{Event: "ghost", Data: json.RawMessage(`[1, 2]`)}, "", "unconfigured; not-object (an array)", `[1,2]`, "", ""},
		{"array", ReportInput{Event: "buy", Data: json.RawMessage(`[]`)}, "buy", "not-object (an array)", "", "", ""},
		{"number", ReportInput{Event: "buy", Data: json.RawMessage(`5`)}, "buy", "not-object (a number)", "5", "", ""},
		{"string", ReportInput{Event: "buy", Data: json.RawMessage(`"x"`)}, "buy", "not-object (a string)", "", "", ""},
		{"no data is {}", ReportInput{Event: "codeOnly"}, "codeOnly", "missing-field n", "{}", "", ""},
		{"null data is {}", ReportInput{Event: "codeOnly", Data: json.RawMessage(`null`)}, "codeOnly", "missing-field n", "{}", "", ""},
		{"unknown field", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 5, "color": "red", "size": "L"}`)}, "buy", "unknown-field size", "", "", ""},
		{"missing field (once)", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 5}`)}, "buy", "missing-field color", "", "", ""},
		{"missing fields (once) even with an action", ReportInput{Event: "buy", Trigger: "click", Page: "pages/goods/goods", Data: json.RawMessage(`{}`)},
			"buy", "missing-field price; missing-field color", "", "pages/goods/goods", "#1 click .buy"},
		{"steps: the matched action's fields", ReportInput{Event: "checkout", Trigger: "enterPage", Page: "pages/cart/cart", Data: json.RawMessage(`{}`)},
			"checkout", "missing-field step", "", "pages/cart/cart", "#1 enterPage"},
		{"steps: a step reporting its field", ReportInput{Event: "checkout", Trigger: "enterPage", Page: "pages/cart/cart", Data: json.RawMessage(`{"step": 1}`)},
			"checkout", "", "", "", "#1 enterPage"},
		{"steps: the other action", ReportInput{Event: "checkout", Trigger: "click", Page: "/pages/cart/cart?x=1", Data: json.RawMessage(`{"step": 2}`)},
			"checkout", "missing-field coupon", "", "pages/cart/cart", "#2 click .pay"},
		{"steps: no action matched requires nothing", ReportInput{Event: "checkout", Data: json.RawMessage(`{}`)}, "checkout", "", "", "", ""},
		{"steps: unknown field still flagged", ReportInput{Event: "checkout", Data: json.RawMessage(`{"x": 1}`)}, "checkout", "unknown-field x", "", "", ""},
		{"string for number", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": "5", "color": "red"}`)}, "buy", `wrong-type price (a string "5")`, "", "", ""},
		{"number for string", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 5, "color": 7}`)}, "buy", "wrong-type color (the number 7)", "", "", ""},
		{"bool", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": true, "color": "red"}`)}, "buy", "wrong-type price (a boolean)", "", "", ""},
		{"null", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": 5, "color": null}`)}, "buy", "wrong-type color (null)", "", "", ""},
		{"object", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": {"v": 5}, "color": "red"}`)}, "buy", "wrong-type price (an object)", "", "", ""},
		{"array value", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": [5], "color": "red"}`)}, "buy", "wrong-type price (an array)", "", "", ""},
		{"long string truncated", ReportInput{Event: "buy", Data: json.RawMessage(`{"price": "` + strings.Repeat("9", 50) + `", "color": "red"}`)}, "buy",
			`wrong-type price (a string "` + strings.Repeat("9", 39) + `…")`, "", "", ""},
		{"several problems in key order", ReportInput{Event: "buy", Data: json.RawMessage(`{"z": 1, "color": 1, "a": 2}`)}, "buy",
			"unknown-field a; wrong-type color (the number 1); unknown-field z; missing-field price", "", "", ""},
		{"canonical data", ReportInput{Event: "buy", Data: json.RawMessage(" {\n \"price\" : 5.50, \"color\":\"<b>&\u4e2d\" }\n")}, "buy", "",
			`{"color":"<b>&中","price":5.50}`, "", ""},
		{"big numbers as sent", ReportInput{Event: "codeOnly", Data: json.RawMessage(`{"n": 12345678901234567890}`)}, "codeOnly", "", `{"n":12345678901234567890}`, "", ""},
		{"page normalised, action matched by page and trigger", ReportInput{Event: "buy", Trigger: "click", Page: "/pages/goods/goods.html?id=1#x",
			Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "pages/goods/goods", "#1 click .buy"},
		{"action matched by trigger alone", ReportInput{Event: "buy", Trigger: "click", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "", "#1 click .buy"},
		{"app trigger matches any page", ReportInput{Event: "buy", Trigger: "launch", Page: "pages/x/x", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "pages/x/x", "#2 launch"},
		{"no action for another trigger", ReportInput{Event: "buy", Trigger: "share", Page: "pages/goods/goods", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "", ""},
		{"no action for another page", ReportInput{Event: "checkout", Trigger: "click", Page: "pages/goods/goods", Data: json.RawMessage(`{"step": 1}`)}, "checkout", "", "", "", ""},
		{"from code: no action guessed from the page", ReportInput{Event: "buy", Page: "pages/goods/goods", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "pages/goods/goods", ""},
		{"from code, said so: no action either", ReportInput{Event: "checkout", Trigger: TriggerCode, Page: "pages/cart/cart", Data: json.RawMessage(`{}`)}, "checkout", "", "", "pages/cart/cart", ""},
		{"the caller's action label is kept", ReportInput{Event: "buy", Trigger: "click", Action: " 下单按钮 ", Data: json.RawMessage(`{"price": 5, "color": "red"}`)}, "buy", "", "", "", "下单按钮"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := CheckReport(evs, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.EventID != tt.eventID {
				t.Errorf("EventID %q, want %q", r.EventID, tt.eventID)
			}
			if got := problems(r.Problems); got != tt.problems {
				t.Errorf("problems %q, want %q", got, tt.problems)
			}
			if r.Flagged() != (tt.problems != "") {
				t.Errorf("Flagged() = %v", r.Flagged())
			}
			if tt.data != "" && r.Data != tt.data {
				t.Errorf("data %s, want %s", r.Data, tt.data)
			}
			if !json.Valid([]byte(r.Data)) {
				t.Errorf("data %q is not JSON", r.Data)
			}
			if tt.page != "" && r.Page != tt.page {
				t.Errorf("page %q, want %q", r.Page, tt.page)
			}
			if r.Action != tt.action {
				t.Errorf("action %q, want %q", r.Action, tt.action)
			}
			if want := cmp.Or(tt.in.Trigger, TriggerCode); r.Trigger != want {
				t.Errorf("trigger %q, want %q (a report that names no trigger is from code)", r.Trigger, want)
			}
			if tt.eventID != "" {
				for _, ev := range evs {
					if ev.ID == tt.eventID && r.EventName != ev.Name {
						t.Errorf("EventName %q, want %q", r.EventName, ev.Name)
					}
				}
			}
			for _, p := range r.Problems {
				if p.String() == "" || p.String() == string(p.Kind) {
					t.Errorf("problem %+v has no words", p)
				}
			}
		})
	}
}

func TestCheckReportRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   ReportInput
		want string
	}{
		{"no event", ReportInput{Event: "  "}, "the event is empty"},
		{"unknown API", ReportInput{API: "track", Event: "buy"}, `api must be "reportEvent" or "reportAnalytics", got "track"`},
		{"long event", ReportInput{Event: strings.Repeat("事", MaxReportEvent+1)}, "longer than 256 characters"},
		{"long page", ReportInput{Event: "buy", Page: strings.Repeat("p", MaxReportText+1)}, "at most 512 bytes"},
		{"not JSON", ReportInput{Event: "buy", Data: json.RawMessage(`{"a": }`)}, "data is not valid JSON"},
		{"trailing data", ReportInput{Event: "buy", Data: json.RawMessage(`{"a": 1} {"b": 2}`)}, "data is not valid JSON"},
		{"trailing data after a non-object", ReportInput{Event: "buy", Data: json.RawMessage(`[1] x`)}, "data is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := CheckReport(testEvents(), tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestProblemWords(t *testing.T) {
	for p, want := range map[Problem]string{
		{Kind: ProblemUnconfigured}:                                           "the event is not configured; add it in 自定义分析 or fix the name",
		{Kind: ProblemNotObject, Got: "an array"}:                             "data must be an object {field: value}, got an array",
		{Kind: ProblemUnknownField, Field: "x", Want: "a, b"}:                 `"x" is not a field of the event (its fields: a, b)`,
		{Kind: ProblemUnknownField, Field: "x"}:                               `"x" is not a field of the event, which has no fields`,
		{Kind: ProblemMissingField, Field: "a"}:                               `the field "a" is missing`,
		{Kind: ProblemWrongType, Field: "a", Want: "number", Got: "a string"}: `the field "a" should be a number, got a string`,
	} {
		if got := p.String(); got != want {
			t.Errorf("%+v: %q, want %q", p, got, want)
		}
	}
}

// openReports opens an engine on a project with testEvents saved and a report queue of size queue.
func openReports(t testing.TB, queue int) *Engine {
	t.Helper()
	dir := t.TempDir()
	if err := writeFileErr(filepath.Join(dir, project.ProjectConfigFile), `{"appid": "wxtest"}`); err != nil {
		t.Fatal(err)
	}
	e, err := Open(Options{ProjectDir: dir, DataDir: t.TempDir(), ReportQueue: queue})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if _, err := e.Project(); err != nil {
		t.Fatal(err)
	}
	if err := e.ReplaceAnalyticsEvents(context.Background(), testEvents()); err != nil {
		t.Fatal(err)
	}
	return e
}

func goodReport(i int) ReportInput {
	return ReportInput{Event: "buy", Trigger: "click", Page: "pages/goods/goods", Data: json.RawMessage(fmt.Sprintf(`{"price": %d, "color": "red"}`, i))}
}

func TestReportEndToEnd(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	rec := subscribe(e)
	r, err := e.Report(ctx, goodReport(5))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID == 0 || r.EventID != "buy" || r.EventName != "购买" || r.Flagged() || r.At.IsZero() || r.Action != "#1 click .buy" {
		t.Errorf("report %+v", r)
	}
	bad, err := e.Report(ctx, ReportInput{API: APIReportAnalytics, Event: "ghost", Page: "/pages/a/a?x=1", Data: json.RawMessage(`{"x": true}`)})
	if err != nil || bad.ID <= r.ID || !bad.Flagged() {
		t.Fatalf("flagged report %+v, %v", bad, err)
	}
	if _, err := e.Report(ctx, ReportInput{Event: ""}); err == nil {
		t.Error("a report without an event was taken")
	}
	list, err := e.Reports(ctx, ReportFilter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("reports %+v, %v", list, err)
	}
	got := list[0]
	if got.ID != bad.ID || got.API != APIReportAnalytics || got.Event != "ghost" || got.EventID != "" || got.Page != "pages/a/a" ||
		problems(got.Problems) != "unconfigured" || got.Data != `{"x":true}` || !got.At.Equal(bad.At.Truncate(time.Millisecond)) {
		t.Errorf("stored %+v\nsent  %+v", got, bad)
	}
	if v := list[1].Values(); fmt.Sprint(v) != "[{color red} {price 5}]" {
		t.Errorf("Values() = %v", v)
	}
	flagged := true
	if n, err := e.CountReports(ctx, ReportFilter{Flagged: &flagged}); err != nil || n != 1 {
		t.Errorf("flagged count %d, %v", n, err)
	}
	rec.mu.Lock()
	var ids []int64
	for _, ev := range rec.events {
		if ev.Kind == Reported {
			for _, rep := range ev.Reports {
				ids = append(ids, rep.ID)
			}
		}
	}
	rec.mu.Unlock()
	if fmt.Sprint(ids) != fmt.Sprint([]int64{r.ID, bad.ID}) {
		t.Errorf("Reported events carried %v, want %v", ids, []int64{r.ID, bad.ID})
	}
	n, err := e.ClearReports(ctx)
	if err != nil || n != 2 {
		t.Errorf("ClearReports = %d, %v", n, err)
	}
	if last := rec.events[len(rec.events)-1]; last.Kind != Cleared || !last.ReportLog {
		t.Errorf("last event %+v, want Cleared with ReportLog", last)
	}
	if n, _ := e.CountReports(ctx, ReportFilter{}); n != 0 {
		t.Errorf("%d reports after clearing", n)
	}
}

// A report sees the events as they are now: a save or delete in between is not hidden by the cache.
func TestReportFollowsEventChanges(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	in := ReportInput{Event: "fresh", Data: json.RawMessage(`{"n": 1}`)}
	if r, err := e.Report(ctx, in); err != nil || problems(r.Problems) != "unconfigured" {
		t.Fatalf("before: %+v, %v", r, err)
	}
	ev := AnalyticsEvent{ID: "fresh", Name: "新", Fields: []project.AnalyticsField{{Name: "n", Type: project.FieldNumber}}}
	if err := e.SaveAnalyticsEvent(ctx, "", ev); err != nil {
		t.Fatal(err)
	}
	if r, err := e.Report(ctx, in); err != nil || r.Flagged() || r.EventID != "fresh" {
		t.Fatalf("after saving: %+v, %v", r, err)
	}
	if err := e.DeleteAnalyticsEvent(ctx, "fresh"); err != nil {
		t.Fatal(err)
	}
	if r, err := e.Report(ctx, in); err != nil || problems(r.Problems) != "unconfigured" {
		t.Fatalf("after deleting: %+v, %v", r, err)
	}
}

func TestReportConcurrent(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	const workers, each = 50, 200
	var seen sync.Map
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				r, err := e.Report(ctx, goodReport(w*each+i))
				if err != nil {
					errs <- err
					return
				}
				if _, dup := seen.LoadOrStore(r.ID, true); dup || r.ID == 0 {
					errs <- fmt.Errorf("id %d given twice", r.ID)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n, err := e.CountReports(ctx, ReportFilter{})
	if err != nil || n != workers*each {
		t.Fatalf("%d reports stored, %v; want %d", n, err, workers*each)
	}
	tally, err := e.SyncResults(ctx, time.Time{}, time.Time{})
	if err != nil || tally.Reports != workers*each || tally.Events[0].Fields[0].Distinct != workers*each {
		t.Errorf("sync results %+v, %v", tally, err)
	}
}

// blockWriter makes the report writer wait, inside its first Reported event, until release is closed;
// it returns once the writer is waiting (so the queue is empty and nothing more is being written).
func blockWriter(t *testing.T, e *Engine) (release chan struct{}) {
	t.Helper()
	release, entered := make(chan struct{}), make(chan struct{})
	var once sync.Once
	e.Subscribe(func(ev Event) {
		if ev.Kind == Reported {
			once.Do(func() { close(entered); <-release })
		}
	})
	// Reported is published before Report answers, so this report is answered once released; it also
	// caches the events, so that reports with a cancelled context reach the queue.
	go func() {
		if _, err := e.Report(context.Background(), goodReport(0)); err != nil {
			t.Error(err)
		}
	}()
	<-entered
	return release
}

func countStored(t *testing.T, path string) int64 {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountReports(context.Background(), storage.ReportFilter{AppID: "wxtest"})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestReportBusyLosesNothingAccepted(t *testing.T) {
	const queue = 3
	e := openReports(t, queue)
	release := blockWriter(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Report answers at once; an accepted report is written all the same
	accepted, busy := 1, 0
	for i := range 10 {
		_, err := e.Report(ctx, goodReport(i+1))
		switch {
		case errors.Is(err, context.Canceled):
			accepted++
		case errors.Is(err, ErrBusy):
			busy++
		default:
			t.Fatalf("report %d: %v", i, err)
		}
	}
	if accepted != 1+queue || busy != 10-queue {
		t.Errorf("%d accepted, %d busy; want %d and %d", accepted, busy, 1+queue, 10-queue)
	}
	close(release)
	if err := e.Close(); err != nil { // writes what is queued
		t.Fatal(err)
	}
	if n := countStored(t, e.DBPath()); n != int64(accepted) {
		t.Errorf("%d reports stored; want every accepted report, %d", n, accepted)
	}
	if !strings.Contains(ErrBusy.Error(), "send this one again") {
		t.Errorf("ErrBusy says %q", ErrBusy)
	}
}

func TestCloseWritesQueuedReports(t *testing.T) {
	dir, data := t.TempDir(), t.TempDir()
	if err := writeFileErr(filepath.Join(dir, project.ProjectConfigFile), `{"appid": "wxtest"}`); err != nil {
		t.Fatal(err)
	}
	e, err := Open(Options{ProjectDir: dir, DataDir: data, ReportQueue: 500})
	if err != nil {
		t.Fatal(err)
	}
	release := blockWriter(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 500 {
		if _, err := e.Report(ctx, goodReport(i)); !errors.Is(err, context.Canceled) {
			t.Fatalf("report %d: %v", i, err)
		}
	}
	closed := make(chan error)
	go func() { closed <- e.Close() }()
	// A report sent while Close waits is refused, not lost.
	for !e.reports().isClosed() {
		time.Sleep(time.Millisecond)
	}
	if _, err := e.Report(context.Background(), goodReport(1)); !errors.Is(err, ErrClosed) {
		t.Errorf("report during Close: %v, want ErrClosed", err)
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if n := countStored(t, e.DBPath()); n != 501 {
		t.Errorf("%d reports stored after Close, want all 501 accepted", n)
	}
	if _, err := e.Report(context.Background(), goodReport(1)); !errors.Is(err, ErrClosed) {
		t.Errorf("report after Close: %v, want ErrClosed", err)
	}
}

// An engine closed before its writer ever started refuses reports with ErrClosed (it used to panic when
// the events were cached by an earlier refused report).
func TestReportAfterCloseWithoutWriter(t *testing.T) {
	dir := t.TempDir()
	if err := writeFileErr(filepath.Join(dir, project.ProjectConfigFile), `{"appid": "wxtest"}`); err != nil {
		t.Fatal(err)
	}
	for _, warm := range []bool{false, true} {
		e, err := Open(Options{ProjectDir: dir, DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if warm { // caches the events without starting the writer
			if _, err := e.Report(context.Background(), ReportInput{Event: ""}); err == nil {
				t.Fatal("an empty event was taken")
			}
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Report(context.Background(), goodReport(1)); !errors.Is(err, ErrClosed) {
			t.Errorf("warm %v: %v, want ErrClosed", warm, err)
		}
	}
}

func TestSyncResults(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	before := time.Now().Add(-time.Second)
	for _, in := range []ReportInput{
		goodReport(5), goodReport(5), goodReport(10),
		{Event: "buy", Data: json.RawMessage(`{"price": "cheap", "color": "blue", "size": true}`)},
		{Event: "ghost", Data: json.RawMessage(`{"who": "me"}`)},
		{Event: "ghost", Data: json.RawMessage(`[1]`)},
	} {
		if _, err := e.Report(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	res, err := e.SyncResults(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Reports != 6 || res.Flagged != 3 || len(res.Events) != 4 {
		t.Fatalf("result %+v", res)
	}
	var lines []string
	for _, ev := range res.Events {
		lines = append(lines, fmt.Sprintf("%s %q configured=%v %d/%d", ev.Event, ev.Name, ev.Configured, ev.Reports, ev.Flagged))
		for _, f := range ev.Fields {
			l := fmt.Sprintf("  %s %s configured=%v %d (%d distinct) %v", f.Field, f.Type, f.Configured, f.Count, f.Distinct, f.Values)
			if f.Numbers != nil {
				l += fmt.Sprintf(" min %g max %g avg %g over %d", f.Numbers.Min, f.Numbers.Max, f.Numbers.Avg, f.Numbers.Count)
			}
			lines = append(lines, l)
		}
	}
	want := []string{
		`buy "购买" configured=true 4/1`,
		`  price number configured=true 4 (3 distinct) [{5 2} {10 1} {"cheap" 1}] min 5 max 10 avg 6.666666666666667 over 3`,
		`  color string configured=true 4 (2 distinct) [{"red" 3} {"blue" 1}]`,
		`  size  configured=false 1 (1 distinct) [{true 1}]`,
		`checkout "结算" configured=true 0/0`,
		`  step number configured=true 0 (0 distinct) []`,
		`  coupon string configured=true 0 (0 distinct) []`,
		`codeOnly "代码" configured=true 0/0`,
		`  n number configured=true 0 (0 distinct) []`,
		`ghost "" configured=false 2/2`,
		`  who  configured=false 1 (1 distinct) [{"me" 1}]`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if ev := res.Events[0]; ev.First.Before(before) || ev.Last.Before(ev.First) {
		t.Errorf("first %v last %v", ev.First, ev.Last)
	}
	future, err := e.SyncResults(ctx, time.Now().Add(time.Hour), time.Time{})
	if err != nil || future.Reports != 0 || len(future.Events) != 3 {
		t.Errorf("a range with no reports: %+v, %v; want the three configured events with no reports", future, err)
	}
}

func TestWriteReportsCSV(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	for _, in := range []ReportInput{
		goodReport(1),
		{Event: "buy", Trigger: "click", Page: "pages/goods/goods", Data: json.RawMessage(`{"price": -5, "color": "=1+1"}`)},
		{Event: "checkout", Data: json.RawMessage(`{"step": 2, "coupon": "@SUM(A1)", "extra": "+x", "z": {"a": [1]}}`)},
		{Event: "ghost", Data: json.RawMessage(`"-2+3"`)},
	} {
		if _, err := e.Report(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	sum, err := e.WriteReportsCSV(ctx, &buf, ReportFilter{})
	if n := sum.Reports; err != nil || n != 4 || sum.LeftOut != 0 {
		t.Fatalf("wrote %d, %v", n, err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := "time api event event_id event_name page trigger action problems price color step coupon n extra z"
	if got := strings.Join(recs[0], " "); got != head {
		t.Errorf("header %s\nwant   %s", got, head)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	if len(recs) != 5 {
		t.Fatalf("%d rows", len(recs))
	}
	rows := recs[1:]
	for i, want := range []string{"1", "-5", "", ""} { // oldest first
		if rows[i][col["price"]] != want {
			t.Errorf("row %d price %q, want %q", i, rows[i][col["price"]], want)
		}
	}
	checks := []struct {
		row  int
		col  string
		want string
	}{
		{0, "color", "red"},
		{0, "event_name", "购买"},
		{0, "action", "#1 click .buy"},
		{0, "problems", ""},
		{1, "color", "'=1+1"},
		{2, "coupon", "'@SUM(A1)"},
		{2, "extra", "'+x"},
		{2, "z", `{"a":[1]}`},
		{2, "problems", `"extra" is not a field of the event (its fields: step, coupon); "z" is not a field of the event (its fields: step, coupon)`},
		{3, "event", "ghost"},
		{3, "event_id", ""},
		{3, "problems", "the event is not configured; add it in 自定义分析 or fix the name; data must be an object {field: value}, got a string"},
	}
	for _, c := range checks {
		if got := rows[c.row][col[c.col]]; got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z07:00", rows[0][0]); err != nil {
		t.Errorf("time %q: %v", rows[0][0], err)
	}

	// The filter applies, Limit included: the newest two, oldest first.
	buf.Reset()
	if sum, err := e.WriteReportsCSV(ctx, &buf, ReportFilter{Limit: 2}); err != nil || sum.Reports != 2 {
		t.Fatalf("with Limit 2: wrote %d, %v", sum.Reports, err)
	}
	recs, _ = csv.NewReader(&buf).ReadAll()
	if len(recs) != 3 || recs[1][col["event"]] != "checkout" || recs[2][col["event"]] != "ghost" {
		t.Errorf("with Limit 2: %v", recs)
	}
	buf.Reset()
	if sum, err := e.WriteReportsCSV(ctx, &buf, ReportFilter{Event: "nothing"}); err != nil || sum.Reports != 0 || !strings.HasPrefix(buf.String(), "time,api,") {
		t.Errorf("nothing selected: %d, %v, %q", sum.Reports, err, buf.String())
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "+1", "-5": "-5", "-5.5e3": "-5.5e3", "-": "'-", "@x": "'@x", "+x": "'+x", "\tx": "'\tx",
		"\r=1": "'\r=1", "a=1": "a=1", "": "", "1-1": "1-1", "-1+1": "'-1+1",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkReport measures sustained reports per second into the log and the database, with as many
// concurrent callers as RunParallel starts.
func BenchmarkReport(b *testing.B) {
	e := openReports(b, 0)
	ctx := context.Background()
	in := goodReport(5)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Report(ctx, in); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "reports/s")
}

// wideReports reports n reports of an unconfigured event, each with keys data keys no other report has:
// n × keys distinct fields (the 同步结果 and CSV worst case).
func wideReports(tb testing.TB, e *Engine, n, keys int) {
	tb.Helper()
	ctx := context.Background()
	for i := range n {
		m := make(map[string]int, keys)
		for j := range keys {
			m[fmt.Sprintf("k%03d_%03d", i, j)] = j
		}
		data, _ := json.Marshal(m)
		if _, err := e.Report(ctx, ReportInput{Event: "wide", Data: data}); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkSyncResultsWide is 同步结果 over 400 reports × 400 distinct data keys (160,000 fields).
func BenchmarkSyncResultsWide(b *testing.B) {
	e := openReports(b, 0)
	wideReports(b, e, 400, 400)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.SyncResults(ctx, time.Time{}, time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportsCSVWide writes the CSV of 400 reports × 400 distinct data keys.
func BenchmarkReportsCSVWide(b *testing.B) {
	e := openReports(b, 0)
	wideReports(b, e, 400, 400)
	ctx := context.Background()
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		var w countingWriter
		if _, err := e.WriteReportsCSV(ctx, &w, ReportFilter{}); err != nil {
			b.Fatal(err)
		}
		size = int64(w)
	}
	b.ReportMetric(float64(size), "csv-bytes")
}

type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// SyncResults counts each event's reports over time: by hour within 3 days (empty hours included), by
// local day beyond.
func TestSyncResultsSeries(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	base := time.Date(2026, 11, 20, 10, 15, 0, 0, time.Local)
	put := func(at ...time.Time) {
		var rs []*storage.Report
		for _, a := range at {
			rs = append(rs, &storage.Report{AppID: "wxtest", At: a, API: APIReportEvent, Event: "buy", EventID: "buy", Data: `{"price": 1}`})
		}
		if err := e.db.InsertReports(ctx, rs); err != nil {
			t.Fatal(err)
		}
	}
	put(base, base.Add(10*time.Minute), base.Add(2*time.Hour))
	res, err := e.SyncResults(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	counts := func() []int64 {
		var out []int64
		for _, b := range res.Events[0].Series {
			out = append(out, b.Count)
		}
		return out
	}
	if res.Bucket != time.Hour || !slices.Equal(counts(), []int64{2, 0, 1}) || !res.Events[0].Series[0].Start.Equal(base.Truncate(time.Hour)) {
		t.Errorf("hourly: bucket %v, counts %v, first %v", res.Bucket, counts(), res.Events[0].Series)
	}
	for _, ev := range res.Events[1:] {
		if len(ev.Series) != 0 {
			t.Errorf("%s has a series with no reports: %v", ev.Event, ev.Series)
		}
	}
	put(base.Add(4 * 24 * time.Hour))
	if res, err = e.SyncResults(ctx, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if res.Bucket != 24*time.Hour || !slices.Equal(counts(), []int64{3, 0, 0, 0, 1}) {
		t.Errorf("daily: bucket %v, counts %v", res.Bucket, counts())
	}
	if s := res.Events[0].Series[0].Start; s.Hour() != 0 || s.Minute() != 0 || s.Day() != 20 {
		t.Errorf("a day bucket starts at %v, want local midnight of the 20th", s)
	}
}
