package core

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain 中文 \\ back":            "plain 中文 \\ back",
		"a\nok pulled":                `a\nok pulled`,
		"\x1b[31mred\x1b[0m":          `\x1b[31mred\x1b[0m`,
		"\x1b]8;;http://evil\x07link": `\x1b]8;;http://evil\x07link`,
		"\x1b]52;c;Zm9v\x1b\\":        `\x1b]52;c;Zm9v\x1b\`,
		"cr\rover":                    `cr\rover`,
		"tab\there":                   `tab\there`,
		"del\x7f c1\u009b":            `del\x7f c1\u009b`,
		"bin\xff\xfe\x00":             `bin\xff\xfe\x00`,
		"bidi \u202egnp.exe":          `bidi \u202egnp.exe`,
		"sep\u2028line":               `sep\u2028line`,
		"":                            "",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDiffUnifiedEscapesBinaryBodies(t *testing.T) {
	a := []byte("line\x1b]0;owned\x07\n\xff\xfe binary\n")
	b := []byte("line\nok\rpulled\n")
	out := Diff(a, b).Unified("a\x1b[2J", "b", 3)
	for _, bad := range []string{"\x1b", "\x07", "\xff", "\r"} {
		if strings.Contains(out, bad) {
			t.Errorf("the unified diff carries %q raw:\n%q", bad, out)
		}
	}
	for _, want := range []string{`\x1b]0;owned\x07`, `\xff\xfe binary`, `+ok\rpulled`, `--- a\x1b[2J`} {
		if !strings.Contains(out, want) {
			t.Errorf("the unified diff lacks %q:\n%s", want, out)
		}
	}
}

// TestReportsCSVHeaderFormula: a data key is a header cell; the formula guard covers it as it covers cells.
func TestReportsCSVHeaderFormula(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	keys := []string{`=HYPERLINK("http://evil","x")`, "+1+1", "@SUM(A1)", "-2+3", "\t=1"}
	m := map[string]int{}
	for i, k := range keys {
		m[k] = i
	}
	data, _ := json.Marshal(m)
	if _, err := e.Report(ctx, ReportInput{Event: "buy", Data: data}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := e.WriteReportsCSV(ctx, &buf, ReportFilter{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range recs[0] {
		if h != "" && strings.ContainsRune("=+-@\t\r", rune(h[0])) {
			t.Errorf("header cell %q would run as a formula", h)
		}
	}
	for _, k := range keys {
		found := false
		for _, h := range recs[0] {
			found = found || h == "'"+k
		}
		if !found {
			t.Errorf("no header cell %q in %q", "'"+k, recs[0])
		}
	}
}

// TestReportsCSVCapsColumns: 30 reports × 10 keys of their own are 300 keys; 200 get a column, the others
// are in other_fields as JSON, and no value is lost.
func TestReportsCSVCapsColumns(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	wideReports(t, e, 30, 10)
	if _, err := e.Report(ctx, goodReport(7)); err != nil { // a configured event: its fields keep their columns
		t.Fatal(err)
	}
	var buf bytes.Buffer
	sum, err := e.WriteReportsCSV(ctx, &buf, ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	const configured = 5 // testEvents: price, color, step, coupon, n
	if sum.Reports != 31 || sum.Fields != CSVMaxFields || sum.LeftOut != 300+configured-CSVMaxFields {
		t.Errorf("summary %+v, want 31 reports, %d fields, %d left out", sum, CSVMaxFields, 300+configured-CSVMaxFields)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	if len(head) != 9+CSVMaxFields+1 || head[len(head)-1] != CSVOtherFields || head[9] != "price" {
		t.Fatalf("header has %d cells (%q … %q)", len(head), head[:10], head[len(head)-1])
	}
	// Every reported key's value is somewhere in its row.
	for i, rec := range recs[1:31] {
		got := map[string]string{}
		for j := 9; j < len(head)-1; j++ {
			if rec[j] != "" {
				got[head[j]] = rec[j]
			}
		}
		if o := rec[len(rec)-1]; o != "" {
			var m map[string]json.Number
			if err := json.Unmarshal([]byte(o), &m); err != nil {
				t.Fatalf("row %d other_fields %q: %v", i, o, err)
			}
			for k, v := range m {
				got[k] = v.String()
			}
		}
		for j := range 10 {
			k := fmt.Sprintf("k%03d_%03d", i, j)
			if got[k] != fmt.Sprint(j) {
				t.Errorf("row %d: %s = %q, want %d", i, k, got[k], j)
			}
		}
	}
}

func TestSyncResultsCapsFields(t *testing.T) {
	ctx := context.Background()
	e := openReports(t, 0)
	wideReports(t, e, 30, 10)
	// A configured event with many keys of its own keeps its configured fields, even the unreported.
	for i := range 30 {
		m := map[string]any{"price": i, "color": "red"}
		for j := range 10 {
			m[fmt.Sprintf("x%03d_%03d", i, j)] = j
		}
		data, _ := json.Marshal(m)
		if _, err := e.Report(ctx, ReportInput{Event: "buy", Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := e.SyncResults(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range res.Events {
		switch ev.Event {
		case "wide":
			if len(ev.Fields) != SyncMaxFields || ev.FieldsLeftOut != 300-SyncMaxFields {
				t.Errorf("wide: %d fields listed, %d left out; want %d, %d", len(ev.Fields), ev.FieldsLeftOut, SyncMaxFields, 300-SyncMaxFields)
			}
		case "buy":
			if len(ev.Fields) != SyncMaxFields || ev.FieldsLeftOut != 302-SyncMaxFields {
				t.Errorf("buy: %d fields listed, %d left out", len(ev.Fields), ev.FieldsLeftOut)
			}
			if ev.Fields[0].Field != "price" || ev.Fields[0].Count != 30 || ev.Fields[1].Field != "color" || ev.Fields[1].Count != 30 {
				t.Errorf("buy: the configured fields are not first with their counts: %+v %+v", ev.Fields[0], ev.Fields[1])
			}
		}
	}
}
