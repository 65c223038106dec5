package core

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/bgfetch/devtools/app/project"
)

func writeFileErr(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }

func eventIDs(t *testing.T, e *Engine) string {
	t.Helper()
	evs, err := e.AnalyticsEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(evs))
	for i, ev := range evs {
		ids[i] = ev.ID
	}
	return strings.Join(ids, " ")
}

func oneField(id string) AnalyticsEvent {
	return AnalyticsEvent{ID: id, Name: "事件 " + id, Fields: []project.AnalyticsField{{Name: "n", Type: project.FieldNumber}},
		Actions: []project.AnalyticsAction{{Trigger: "click", Page: "/pages/a/a?x=1", Data: []project.FieldSource{{Field: "n", Source: "1"}}}}}
}

func TestSaveAnalyticsEvent(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	rec := subscribe(e)
	if got := eventIDs(t, e); got != "buy checkout codeOnly" {
		t.Fatalf("events %s", got)
	}
	if err := e.SaveAnalyticsEvent(ctx, "", oneField("added")); err != nil {
		t.Fatal(err)
	}
	evs, _ := e.AnalyticsEvents(ctx)
	if got := evs[3]; got.ReportType != project.ReportOnce || got.Actions[0].Page != "pages/a/a" {
		t.Errorf("saved %+v: want the default report type and the page normalised", got)
	}
	if err := e.SaveAnalyticsEvent(ctx, "checkout", oneField("pay")); err != nil {
		t.Fatal(err)
	}
	if got := eventIDs(t, e); got != "buy pay codeOnly added" {
		t.Errorf("after renaming checkout to pay: %s", got)
	}
	var ae *project.AnalyticsError
	err := e.SaveAnalyticsEvent(ctx, "pay", oneField("buy"))
	if !errors.As(err, &ae) || ae.Path != "id" || !strings.Contains(err.Error(), `another event already has the ID "buy"`) {
		t.Errorf("renaming onto another event's ID: %v", err)
	}
	err = e.SaveAnalyticsEvent(ctx, "", oneField("buy"))
	if !errors.As(err, &ae) || ae.Path != "id" {
		t.Errorf("adding a second buy: %v", err)
	}
	bad := oneField("x")
	bad.Fields[0].Type = "bool"
	if err := e.SaveAnalyticsEvent(ctx, "", bad); !errors.As(err, &ae) || ae.Path != "fields[0].type" {
		t.Errorf("invalid event: %v", err)
	}
	if got := eventIDs(t, e); got != "buy pay codeOnly added" {
		t.Errorf("refused saves changed the events: %s", got)
	}
	if err := e.DeleteAnalyticsEvent(ctx, "pay"); err != nil {
		t.Fatal(err)
	}
	if err := e.DeleteAnalyticsEvent(ctx, "pay"); err == nil {
		t.Error("deleting a missing event")
	}
	if got := eventIDs(t, e); got != "buy codeOnly added" {
		t.Errorf("after delete: %s", got)
	}
	if n := strings.Count(rec.kinds(), "AnalyticsChanged"); n != 3 {
		t.Errorf("events %s: want AnalyticsChanged for each of the 3 changes", rec.kinds())
	}
}

func TestAnalyticsFileIsTheSource(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, project.AnalyticsFile)
	writeFile(t, filepath.Join(dir, project.ProjectConfigFile), `{"appid": "wxtest"}`)
	if err := project.WriteAnalytics(dir, testEvents()[:2]); err != nil {
		t.Fatal(err)
	}
	e := openEngine(t, dir, &clock{t: t0})
	rec := subscribe(e)
	if got := eventIDs(t, e); got != "buy checkout" {
		t.Fatalf("events from the file: %s", got)
	}

	// A save rewrites the file.
	if err := e.SaveAnalyticsEvent(ctx, "checkout", oneField("pay")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	fromFile, err := project.ParseAnalytics(path, data)
	if err != nil {
		t.Fatal(err)
	}
	inDB, _ := e.AnalyticsEvents(ctx)
	if !reflect.DeepEqual(fromFile, inDB) || inDB[1].ID != "pay" {
		t.Errorf("file %+v\ndb   %+v", fromFile, inDB)
	}
	if err := e.DeleteAnalyticsEvent(ctx, "buy"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); strings.Contains(string(data), `"buy"`) {
		t.Errorf("the file still has the deleted event:\n%s", data)
	}

	// A hand edit, then a reload, updates the database.
	writeFile(t, path, `{"events": [{"id": "hand", "name": "手写", "fields": [{"name": "a", "type": "string"}]}]}`)
	e.Reload()
	if got := eventIDs(t, e); got != "hand" {
		t.Errorf("after a hand edit: %s", got)
	}
	if !strings.HasSuffix(rec.kinds(), "ProjectChanged AnalyticsChanged") {
		t.Errorf("events %s: want AnalyticsChanged after the reload", rec.kinds())
	}
	if r, err := e.Report(ctx, ReportInput{Event: "hand", Data: []byte(`{"a": "x"}`)}); err != nil || r.Flagged() {
		t.Errorf("a report against the edited events: %+v, %v", r, err)
	}

	// A broken file keeps the last good events.
	writeFile(t, path, `{"events": [{"id": "hand", "name": "手写", "reportType": "twice"}]}`)
	e.Reload()
	if _, perr := e.Project(); perr == nil || !strings.Contains(perr.Error(), project.AnalyticsFile+":1:") {
		t.Errorf("config error %v", perr)
	}
	if got := eventIDs(t, e); got != "hand" {
		t.Errorf("after a broken edit: %s", got)
	}
	// A reload with the same content changes nothing and says nothing.
	writeFile(t, path, string(project.MarshalAnalytics([]AnalyticsEvent{{ID: "hand", Name: "手写", ReportType: project.ReportOnce,
		Fields: []project.AnalyticsField{{Name: "a", Type: project.FieldString}}}})))
	e.Reload()
	if strings.HasSuffix(rec.kinds(), "AnalyticsChanged") {
		t.Errorf("events %s: an unchanged file is not a change", rec.kinds())
	}
}

func TestImportExportAnalytics(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	out := filepath.Join(t.TempDir(), "events.json")
	if err := e.ExportAnalytics(ctx, out); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	if string(data) != string(project.MarshalAnalytics(testEvents())) {
		t.Errorf("exported\n%s", data)
	}
	if err := e.ReplaceAnalyticsEvents(ctx, nil); err != nil {
		t.Fatal(err)
	}
	n, err := e.ImportAnalytics(ctx, out)
	if err != nil || n != 3 || eventIDs(t, e) != "buy checkout codeOnly" {
		t.Fatalf("import: %d, %v, %s", n, err, eventIDs(t, e))
	}
	broken := filepath.Join(t.TempDir(), "broken.json")
	writeFile(t, broken, `{"events": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}`)
	if _, err := e.ImportAnalytics(ctx, broken); err == nil || !strings.Contains(err.Error(), "broken.json:1:") {
		t.Errorf("broken import: %v", err)
	}
	if _, err := e.ImportAnalytics(ctx, filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("import of a missing file")
	}
	if got := eventIDs(t, e); got != "buy checkout codeOnly" {
		t.Errorf("a refused import changed the events: %s", got)
	}
	if err := e.ExportAnalytics(ctx, filepath.Join(t.TempDir(), "no", "such", "dir.json")); err == nil ||
		!strings.Contains(err.Error(), "check that the folder exists") {
		t.Errorf("export into a missing folder: %v", err)
	}
	// Exporting into the project folder makes the file the source from then on.
	if err := e.ExportAnalytics(ctx, filepath.Join(e.ProjectDir(), project.AnalyticsFile)); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.Project(); !p.HasAnalytics || len(p.Analytics) != 3 {
		t.Errorf("project after exporting into it: HasAnalytics %v, %d events", p.HasAnalytics, len(p.Analytics))
	}
}

func TestTestAnalyticsPlan(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	if e.AnalyticsTesting() != nil {
		t.Fatal("a test before 保存并测试")
	}
	rec := subscribe(e)
	test, err := e.TestAnalytics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range test.Plan {
		lines = append(lines, strings.TrimSpace(strings.Join([]string{l.Event, l.Name, string(rune('0' + l.Action)), l.Trigger, l.Selector, l.Page}, " ")+
			" | "+strings.Join(l.Fields, ", ")))
	}
	want := []string{
		`buy 购买 1 click .buy pages/goods/goods | price (number) ← goods.price, color (string) ← "red"`,
		`buy 购买 2 launch   | price (number) ← 0, color (string) ← app.color`,
		`checkout 结算 1 enterPage  pages/cart/cart | step (number) ← 1`,
		`checkout 结算 2 click .pay pages/cart/cart | step (number) ← 2, coupon (string) ← cart.coupon`,
		`codeOnly 代码 0    | n (number)`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("plan\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if test.AppID != "wxtest" || len(test.Events) != 3 || test.Since.IsZero() {
		t.Errorf("test %+v", test)
	}
	if e.AnalyticsTesting() != test {
		t.Error("AnalyticsTesting does not return the running test")
	}
	e.StopAnalyticsTest()
	if e.AnalyticsTesting() != nil {
		t.Error("the test did not stop")
	}
	if rec.kinds() != "AnalyticsChanged AnalyticsChanged" {
		t.Errorf("events %s", rec.kinds())
	}
}

func TestSelectorLimits(t *testing.T) {
	tests := []struct {
		selector string
		want     string
	}{
		{"", ""},
		{"#pay", ""},
		{"[data-sku=A1]", ""},
		{`[data-x="a.b"]`, ""},
		{".buy", "class buy"},
		{"#pay.buy.big", "class buy big"},
		{"button.buy", "tag button; class buy"},
		{"*[data-sku]", ""},
		{".list > #pay", "ancestors .list > #pay"},
		{"#a, view", "tag view"},
		{"#a:hover", "unmatchable #a:hover"},
	}
	for _, tt := range tests {
		var got []string
		for _, l := range SelectorLimits(tt.selector) {
			got = append(got, l.Kind+" "+l.Part)
		}
		if strings.Join(got, "; ") != tt.want {
			t.Errorf("SelectorLimits(%q) = %q, want %q", tt.selector, strings.Join(got, "; "), tt.want)
		}
	}
	// The plan carries them for clicks only.
	plan := Plan([]AnalyticsEvent{{ID: "buy", Name: "购买", Actions: []project.AnalyticsAction{
		{Trigger: "click", Page: "pages/a/a", Selector: ".buy"}, {Trigger: "enterPage", Page: "pages/a/a", Selector: ".buy"}}}})
	if len(plan) != 2 || len(plan[0].Limits) != 1 || plan[0].Limits[0] != (SelectorLimit{LimitClass, "buy"}) || plan[1].Limits != nil {
		t.Errorf("plan %+v", plan)
	}
}
