package project

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// validAnalytics is a bgfetch.analytics.json with an event of each report type, comments, aliases and a
// page written the way code reports it.
const validAnalytics = `{
  "//": "events of the shop",
  "events": [
    {
      "id": "buy",
      "name": "购买",
      "fields": [
        {"name": "price", "type": "number"},
        {"name": "color", "type": "string"}
      ],
      "actions": [
        {"trigger": "click", "page": "/pages/goods/goods?id=1", "selector": ".buy",
         "data": [{"field": "price", "source": "goods.price"}, {"field": "color", "source": "\"red\""}]}
      ]
    },
    {
      "id": "checkout",
      "name": "结算",
      "reportType": "steps",
      "fields": [{"name": "step", "type": "number"}, {"name": "coupon", "type": "string"}],
      "actions": [
        {"trigger": "enterPage", "page": "pages/cart/cart", "data": [{"field": "step", "source": "1"}]},
        {"trigger": "launch", "data": [{"field": "coupon", "source": "app.coupon"}, {"field": "step", "source": "0"}]}
      ]
    },
    {"id": "codeOnly", "name": "代码上报", "fields": [{"name": "n", "type": "number"}], "actions": []}
  ]
}
`

func TestParseAnalyticsValid(t *testing.T) {
	evs, err := ParseAnalytics("bgfetch.analytics.json", []byte(validAnalytics))
	if err != nil {
		t.Fatal(err)
	}
	want := []AnalyticsEvent{
		{ID: "buy", Name: "购买", ReportType: ReportOnce,
			Fields: []AnalyticsField{{"price", FieldNumber}, {"color", FieldString}},
			Actions: []AnalyticsAction{{Trigger: "click", Page: "pages/goods/goods", Selector: ".buy",
				Data: []FieldSource{{"price", "goods.price"}, {"color", `"red"`}}}}},
		{ID: "checkout", Name: "结算", ReportType: ReportSteps,
			Fields: []AnalyticsField{{"step", FieldNumber}, {"coupon", FieldString}},
			Actions: []AnalyticsAction{
				{Trigger: "enterPage", Page: "pages/cart/cart", Data: []FieldSource{{"step", "1"}}},
				{Trigger: "launch", Data: []FieldSource{{"coupon", "app.coupon"}, {"step", "0"}}}}},
		{ID: "codeOnly", Name: "代码上报", ReportType: ReportOnce, Fields: []AnalyticsField{{"n", FieldNumber}}},
	}
	if !reflect.DeepEqual(evs, want) {
		t.Errorf("got  %+v\nwant %+v", evs, want)
	}
	if !evs[1].Steps() || evs[0].Steps() {
		t.Error("Steps() does not follow the report type")
	}
	if got := evs[0].Actions[0].Describe(); got != `click .buy on pages/goods/goods → price = goods.price, color = "red"` {
		t.Errorf("Describe() = %q", got)
	}
	for _, s := range []string{`{}`, `{"events": []}`, `{"events": null}`, "\ufeff{\"events\": []}"} {
		if evs, err := ParseAnalytics("a.json", []byte(s)); err != nil || len(evs) != 0 {
			t.Errorf("%s: %v, %v; want no events", s, evs, err)
		}
	}
}

// analyticsFile builds a file with one event whose JSON is ev.
func analyticsFile(ev string) string { return "{\n  \"events\": [\n    " + ev + "\n  ]\n}\n" }

func TestParseAnalyticsErrors(t *testing.T) {
	const (
		fields = `"fields": [{"name": "price", "type": "number"}, {"name": "color", "type": "string"}]`
		both   = `"data": [{"field": "price", "source": "p"}, {"field": "color", "source": "c"}]`
	)
	tests := []struct {
		name      string
		file      string
		line, col int // 0: no position
		msg       []string
	}{
		{"empty file", "", 0, 0, []string{"the file is empty"}},
		{"only white space", " \n\t", 0, 0, []string{"only white space"}},
		{"half-written", `{"events": [`, 1, 13, []string{"ends before the JSON is complete"}},
		{"not an object", `[]`, 1, 1, []string{"an object"}},
		{"unknown top-level key", `{"event": []}`, 1, 2, []string{`unknown key "event"`, `did you mean "events"?`}},
		{"events not an array", `{"events": {}}`, 1, 12, []string{`"events"`, "an array of events"}},
		{"event not an object", analyticsFile(`"buy"`), 3, 5, []string{"an object"}},
		{"unknown event key", analyticsFile(`{"id": "buy", "name": "b", "feilds": []}`), 3, 32,
			[]string{`unknown key "feilds"`, `did you mean "fields"?`}},
		{"id of the wrong type", analyticsFile(`{"id": 7, "name": "b"}`), 3, 12, []string{`events[0].id`, "7 (a number)"}},
		{"fields of the wrong type", analyticsFile(`{"id": "buy", "name": "b", "fields": "price"}`), 3, 42,
			[]string{"an array of fields"}},
		{"field type unknown", analyticsFile(`{"id": "buy", "name": "b", "fields": [{"name": "p", "type": "bool"}]}`), 3, 65,
			[]string{`"bool"`, `"string"`, `"number"`}},
		{"Chinese type name", analyticsFile(`{"id": "buy", "name": "b", "fields": [{"name": "p", "type": "字符串"}]}`), 3, 65,
			[]string{`got "字符串"`, `did you mean "string"?`}},
		{"Chinese report type", analyticsFile(`{"id": "buy", "name": "b", "reportType": "分步骤上报"}`), 3, 46,
			[]string{`did you mean "steps"?`}},
		{"report type unknown", analyticsFile(`{"id": "buy", "name": "b", "reportType": "twice"}`), 3, 46,
			[]string{`"twice"`, `"once"`, `"steps"`}},
		{"bad event ID", analyticsFile(`{"id": "9lives", "name": "b"}`), 3, 6, []string{`the event ID "9lives" is not valid`, "start with a letter"}},
		{"event without a name", analyticsFile(`{"id": "buy", "name": " "}`), 3, 19, []string{"has no name"}},
		{"bad trigger with suggestion", analyticsFile(`{"id": "buy", "name": "b", ` + fields + `, "actions": [{"trigger": "clik", "page": "pages/a/a", ` + both + `}]}`),
			3, 131, []string{`action 1 has the trigger "clik"`, `did you mean "click"?`}},
		{"page missing for a page trigger", analyticsFile(`{"id": "buy", "name": "b", ` + fields + `, "actions": [{"trigger": "enterPage", ` + both + `}]}`),
			3, 130, []string{"action 1 (enterPage) needs the page"}},
		{"duplicate event ID", "{\"events\": [\n  {\"id\": \"buy\", \"name\": \"a\"},\n  {\"id\": \"buy\", \"name\": \"b\"}\n]}", 3, 4,
			[]string{`the event ID "buy" is used twice (events 1 and 2)`}},
		{"duplicate field", analyticsFile(`{"id": "buy", "name": "b", "fields": [{"name": "p", "type": "number"}, {"name": "p", "type": "string"}]}`),
			3, 77, []string{`the field "p" is defined twice (fields 1 and 2)`}},
		{"duplicate key", analyticsFile(`{"id": "buy", "id": "sell", "name": "b"}`), 3, 19, []string{`key "events[0].id" appears twice`}},
		{"field referenced but not defined", analyticsFile(`{"id": "buy", "name": "b", ` + fields + `, "actions": [{"trigger": "click", "page": "pages/a/a", "data": [{"field": "prise", "source": "p"}, {"field": "color", "source": "c"}]}]}`),
			3, 182, []string{`action 1 reports "prise", which is not a field of the event`, `did you mean "price"?`}},
		{"once action does not cover every field", analyticsFile(`{"id": "buy", "name": "b", ` + fields + `, "actions": [{"trigger": "click", "page": "pages/a/a", "data": [{"field": "price", "source": "p"}]}]}`),
			3, 172, []string{`action 1 reports "price" but not "color"`, "一次性上报", "分步骤上报"}},
		{"steps field no action reports", analyticsFile(`{"id": "buy", "name": "b", "reportType": "steps", ` + fields + `, "actions": [{"trigger": "click", "page": "pages/a/a", "data": [{"field": "price", "source": "p"}]}]}`),
			3, 141, []string{`no action reports "color"`}},
		{"action without data", analyticsFile(`{"id": "buy", "name": "b", ` + fields + `, "actions": [{"trigger": "click", "page": "pages/a/a"}]}`),
			3, 130, []string{"action 1 reports no field"}},
		{"empty source", analyticsFile(`{"id": "buy", "name": "b", "fields": [{"name": "p", "type": "number"}], "actions": [{"trigger": "launch", "data": [{"field": "p", "source": ""}]}]}`),
			3, 135, []string{`does not say where "p" comes from`}},
		{"unknown action key", analyticsFile(`{"id": "buy", "name": "b", "actions": [{"trigger": "click", "pgae": "x"}]}`), 3, 65,
			[]string{`unknown key "pgae"`, `did you mean "page"?`}},
		{"source of the wrong type", analyticsFile(`{"id": "buy", "name": "b", "fields": [{"name": "p", "type": "number"}], "actions": [{"trigger": "launch", "data": [{"field": "p", "source": 1}]}]}`),
			3, 145, []string{"1 (a number)"}},
		{"data of the wrong type", analyticsFile(`{"id": "buy", "name": "b", "actions": [{"trigger": "launch", "data": {}}]}`), 3, 74,
			[]string{`an array [{"field"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, err := ParseAnalytics("/p/"+AnalyticsFile, []byte(tt.file))
			if err == nil {
				t.Fatalf("no error; events %+v", evs)
			}
			if evs != nil {
				t.Errorf("events %+v with an error", evs)
			}
			ce := asConfigError(t, err, AnalyticsFile)
			if ce.Line != tt.line || ce.Col != tt.col {
				t.Errorf("at %d:%d, want %d:%d: %v", ce.Line, ce.Col, tt.line, tt.col, err)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%v\ndoes not say %q", err, m)
				}
			}
		})
	}
}

func TestValidatePaths(t *testing.T) {
	ok := AnalyticsEvent{ID: "buy", Name: "购买", Fields: []AnalyticsField{{"p", FieldNumber}},
		Actions: []AnalyticsAction{{Trigger: "launch", Data: []FieldSource{{"p", "x"}}}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(ev *AnalyticsEvent)
		path string
	}{
		{"long ID", func(ev *AnalyticsEvent) { ev.ID = "a" + strings.Repeat("b", MaxAnalyticsName) }, "id"},
		{"ID with a dash", func(ev *AnalyticsEvent) { ev.ID = "a-b" }, "id"},
		{"long name", func(ev *AnalyticsEvent) { ev.Name = strings.Repeat("名", MaxAnalyticsText+1) }, "name"},
		{"field type", func(ev *AnalyticsEvent) { ev.Fields[0].Type = "bool" }, "fields[0].type"},
		{"field name", func(ev *AnalyticsEvent) { ev.Fields[0].Name = "" }, "fields[0].name"},
		{"reported twice", func(ev *AnalyticsEvent) { ev.Actions[0].Data = append(ev.Actions[0].Data, FieldSource{"p", "y"}) }, "actions[0].data[1].field"},
		{"long selector", func(ev *AnalyticsEvent) { ev.Actions[0].Selector = strings.Repeat("x", MaxAnalyticsText+1) }, "actions[0].selector"},
		{"long source", func(ev *AnalyticsEvent) { ev.Actions[0].Data[0].Source = strings.Repeat("x", MaxAnalyticsText+1) }, "actions[0].data[0].source"},
		{"too many fields", func(ev *AnalyticsEvent) { ev.Fields = make([]AnalyticsField, MaxEventFields+1) }, "fields"},
		{"too many actions", func(ev *AnalyticsEvent) { ev.Actions = make([]AnalyticsAction, MaxEventActions+1) }, "actions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := ok
			ev.Fields = append([]AnalyticsField(nil), ok.Fields...)
			ev.Actions = []AnalyticsAction{{Trigger: "launch", Data: []FieldSource{{"p", "x"}}}}
			tt.edit(&ev)
			var ae *AnalyticsError
			if err := ev.Validate(); !errors.As(err, &ae) || ae.Path != tt.path {
				t.Errorf("Validate() = %v; want an *AnalyticsError at %s", err, tt.path)
			}
			if err := ValidateAnalytics([]AnalyticsEvent{ok, ev}); !errors.As(err, &ae) || ae.Path != "events[1]."+tt.path {
				t.Errorf("ValidateAnalytics() = %v; want an *AnalyticsError at events[1].%s", err, tt.path)
			}
		})
	}
	many := make([]AnalyticsEvent, MaxAnalyticsEvents+1)
	if err := ValidateAnalytics(many); err == nil || !strings.Contains(err.Error(), "at most 500") {
		t.Errorf("%d events: %v", len(many), err)
	}
}

func TestMarshalAnalyticsRoundTrip(t *testing.T) {
	evs, err := ParseAnalytics("a.json", []byte(validAnalytics))
	if err != nil {
		t.Fatal(err)
	}
	out := MarshalAnalytics(evs)
	if !json.Valid(out) || !strings.HasSuffix(string(out), "}\n") || !strings.Contains(string(out), `"//"`) {
		t.Fatalf("MarshalAnalytics:\n%s", out)
	}
	if strings.Contains(string(out), `\u003c`) || !strings.Contains(string(out), `"source": "\"red\""`) {
		t.Errorf("not written as a person would:\n%s", out)
	}
	back, err := ParseAnalytics("a.json", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !reflect.DeepEqual(back, evs) {
		t.Errorf("round trip changed the events:\n%+v\n%+v", back, evs)
	}
	if again := MarshalAnalytics(back); string(again) != string(out) {
		t.Errorf("not stable:\n%s\n%s", again, out)
	}
	for _, empty := range [][]AnalyticsEvent{nil, {}} {
		out := MarshalAnalytics(empty)
		if evs, err := ParseAnalytics("a.json", out); err != nil || len(evs) != 0 || !strings.Contains(string(out), `"events": []`) {
			t.Errorf("no events: %s → %v, %v", out, evs, err)
		}
	}
	// An event with neither fields nor actions writes arrays, not null.
	out = MarshalAnalytics([]AnalyticsEvent{{ID: "a", Name: "A", ReportType: ReportOnce}})
	if strings.Contains(string(out), "null") {
		t.Errorf("null in\n%s", out)
	}
	if _, err := ParseAnalytics("a.json", out); err != nil {
		t.Error(err)
	}
}

func TestWriteAnalytics(t *testing.T) {
	dir := t.TempDir()
	evs, _ := ParseAnalytics("a.json", []byte(validAnalytics))
	if err := WriteAnalytics(dir, evs); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, AnalyticsFile))
	if err != nil || string(data) != string(MarshalAnalytics(evs)) {
		t.Fatalf("file %s, %v", data, err)
	}
	bad := append(evs, evs[0])
	if err := WriteAnalytics(dir, bad); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("duplicate IDs written: %v", err)
	}
	if data2, _ := os.ReadFile(filepath.Join(dir, AnalyticsFile)); string(data2) != string(data) {
		t.Error("a refused write changed the file")
	}
}

func FuzzParseAnalytics(f *testing.F) {
	for _, s := range []string{
		validAnalytics, `{}`, ``, `[]`, `null`, `{"events": null}`, `{"events": [null]}`, `{"events": [{}]}`,
		`{"events": [{"id": "a", "name": "A", "fields": [{"name": "x", "type": "数字"}], "actions": [{"trigger": "launch", "data": [{"field": "x", "source": "1"}]}]}]}`,
		`{"events": [{"id": "a", "name": "A", "reportType": "step", "fields": [{"name": "x"}]}]}`,
		`{"events": [{"id": "a", "name": "A", "actions": [{"trigger": "enterPage", "page": "/p?x#y"}]}]}`,
		`{"events": [{"id": "a"}, {"id": "a"}]}`, "{\n\"events\": [", `{"//": 1}`, `{"events": [{"id": "a", "//": ["x"]}]}`,
		`{"events": [{"id": "` + strings.Repeat("a", 70) + `", "name": "x"}]}`,
	} {
		f.Add([]byte(s))
	}
	const name = "/p/bgfetch.analytics.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, err := ParseAnalytics(name, data)
		if err != nil {
			if evs != nil {
				t.Fatal("events with an error")
			}
			checkErr(t, name, data, err)
			return
		}
		if !validJSON(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		if err := ValidateAnalytics(evs); err != nil {
			t.Fatalf("accepted events that do not validate: %v", err)
		}
		for _, ev := range evs {
			if ev.ReportType != ReportOnce && ev.ReportType != ReportSteps {
				t.Fatalf("report type %q", ev.ReportType)
			}
			for _, a := range ev.Actions {
				if a.Page != NormalizePage(a.Page) {
					t.Fatalf("page %q is not normalised", a.Page)
				}
			}
		}
		back, err := ParseAnalytics(name, MarshalAnalytics(evs))
		if err != nil || !reflect.DeepEqual(back, evs) && len(evs) > 0 {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, back, evs)
		}
	})
}

func TestNormalizePage(t *testing.T) {
	for in, want := range map[string]string{
		"pages/index/index":              "pages/index/index",
		"/pages/index/index":             "pages/index/index",
		"/pages/a/index?x=1&y=2":         "pages/a/index",
		"pages/a/index.html":             "pages/a/index",
		"/pages/a/index.html?from=share": "pages/a/index",
		"pages/a/index#top":              "pages/a/index",
		"  /pages/a/b  ":                 "pages/a/b",
		"":                               "",
		"?x=1":                           "",
		"pages/a.html/b":                 "pages/a.html/b",
	} {
		if got := NormalizePage(in); got != want {
			t.Errorf("NormalizePage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadAnalytics(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.HasAnalytics || p.Analytics != nil {
		t.Errorf("no file: HasAnalytics %v, %d events", p.HasAnalytics, len(p.Analytics))
	}
	writeFiles(t, dir, map[string]string{AnalyticsFile: `{"events": []}`})
	if p, err = Load(dir); err != nil || !p.HasAnalytics || len(p.Analytics) != 0 {
		t.Fatalf("empty file: %+v, %v", p, err)
	}
	writeFiles(t, dir, map[string]string{AnalyticsFile: validAnalytics})
	if p, err = Load(dir); err != nil || !p.HasAnalytics || len(p.Analytics) != 3 || p.Analytics[0].ID != "buy" {
		t.Fatalf("file: %+v, %v", p, err)
	}
	found := false
	for _, f := range p.Files {
		found = found || f == AnalyticsFile
	}
	if !found {
		t.Errorf("Files = %v, want %s among them", p.Files, AnalyticsFile)
	}
	writeFiles(t, dir, map[string]string{AnalyticsFile: `{"events": [{"id": "a"}]}`})
	_, err = Load(dir)
	ce := asConfigError(t, err, AnalyticsFile)
	if ce.Line != 1 || !strings.Contains(ce.Msg, "has no name") {
		t.Errorf("invalid file: %v", err)
	}
}

func TestWatcherReloadsAnalytics(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("aaaa")})
	path := filepath.Join(dir, AnalyticsFile)
	r, _ := watch(t, dir)
	writeFiles(t, dir, map[string]string{AnalyticsFile: validAnalytics}) // created
	r.waitFor(t, "three events", func(c call) bool { return c.err == nil && c.p.HasAnalytics && len(c.p.Analytics) == 3 })
	tmp := path + ".swp" // saved by rename
	if err := os.WriteFile(tmp, MarshalAnalytics([]AnalyticsEvent{{ID: "only", Name: "唯一", ReportType: ReportOnce}}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "one event", func(c call) bool { return c.err == nil && len(c.p.Analytics) == 1 && c.p.Analytics[0].ID == "only" })
	writeFiles(t, dir, map[string]string{AnalyticsFile: `{"events": [{"id": "x", "name": "x", "reportType": "bad"}]}`})
	c := r.waitFor(t, "the error", func(c call) bool { return c.err != nil })
	asConfigError(t, c.err, AnalyticsFile)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "no file", func(c call) bool { return c.err == nil && !c.p.HasAnalytics })
}
