package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/core"
)

// terminalSafe fails when out holds what a terminal would act on: a control character other than the
// line breaks the tool writes itself, a C1 control, or bytes that are not UTF-8.
func terminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: output is not UTF-8:\n%q", what, out)
	}
	for _, r := range out {
		if r != '\n' && unicode.IsControl(r) || r == '\u202e' {
			t.Errorf("%s: output carries %U raw:\n%q", what, r, out)
			return
		}
	}
}

// hostileReports are reports whose fields carry terminal escapes and line breaks.
func hostileReports() []core.ReportInput {
	return []core.ReportInput{
		{Event: "buy\nok pulled periodic", Trigger: "\x1b[2J\x1b[H", Page: "pages/\x1b]8;;http://evil\x07a",
			Data: json.RawMessage(`{"color": "\u009b31mred", "price": "\u001b]52;c;Zm9v\u0007"}`)},
		{Event: "evil\u202eexe.txt", Action: "\r\x1b[1A ok", Data: json.RawMessage(`{"\u001b[31mkey": 1}`)},
	}
}

func TestHostileReportFieldsAreEscaped(t *testing.T) {
	f := newAnalyticsFixture(t)
	f.report(t, hostileReports()...)
	for _, args := range [][]string{{"analytics", "reports"}, {"analytics", "sync"}, {"analytics", "reports", "--flagged"}} {
		r := f.run(t, args...)
		if r.code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		terminalSafe(t, strings.Join(args, " "), r.stdout+r.stderr)
		if regexp.MustCompile(`(?m)^ok pulled`).MatchString(r.stdout) {
			t.Errorf("%v: a line break in the event name forged a line:\n%s", args, r.stdout)
		}
		if !strings.Contains(r.stdout, `buy\nok pulled periodic`) {
			t.Errorf("%v: the event name is not shown escaped:\n%s", args, r.stdout)
		}
	}
	// --json is encoding/json's: the value comes back as it was sent.
	r := f.run(t, "analytics", "reports", "--json")
	if !strings.Contains(r.stdout, `buy\nok pulled periodic`) || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("--json:\n%s", r.stdout)
	}
}

func TestHostileBridgeReportsAreEscaped(t *testing.T) {
	f := newFixture(t, okConfig)
	write(t, filepath.Join(f.dir, "bgfetch.analytics.json"), cliAnalytics)
	out := &syncBuffer{}
	stop := runBridge(t, f, out)
	waitFor(t, out, "or try:")
	m := regexp.MustCompile(`bridge on (http://127\.0\.0\.1:\d+) for wxcli .*\nkey: ([0-9a-f]{32})\n`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no URL and key:\n%s", out.String())
	}
	for _, in := range hostileReports() {
		body, _ := json.Marshal(map[string]any{"event": in.Event, "page": in.Page, "trigger": in.Trigger, "data": in.Data})
		if code, a := postReport(t, m[1], m[2], string(body)); code != 200 {
			t.Errorf("report: %d %v", code, a)
		}
	}
	waitFor(t, out, `evil\u202eexe.txt`)
	if code := stop(); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	terminalSafe(t, "bridge", out.String())
	if regexp.MustCompile(`(?m)^ok pulled`).MatchString(out.String()) {
		t.Errorf("a line break in a report forged a line:\n%s", out.String())
	}
}

// TestDiffOfBinaryBodiesIsEscaped: two binary bodies with escapes in them, compared line by line.
func TestDiffOfBinaryBodiesIsEscaped(t *testing.T) {
	var n atomic.Int32
	bin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprintf(w, "\x89PNG\r\n\x1a\n\x00\x01\xff\xfe %d\x1b]0;owned\x07\nok pulled\n", n.Add(1))
	}))
	t.Cleanup(bin.Close)
	f := newFixture(t, func(string) string { return fmt.Sprintf(`{"token": "tk", "periodic": {"url": %q}}`, bin.URL) })
	f.run(t, "pull")
	f.run(t, "pull")
	r := f.run(t, "diff", "1", "2")
	if r.code != ExitFailed || !strings.Contains(r.stdout, "@@") {
		t.Fatalf("diff: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	terminalSafe(t, "diff", r.stdout+r.stderr)
	if !strings.Contains(r.stdout, `\x1b]0;owned\x07`) {
		t.Errorf("the escape is not shown escaped:\n%s", r.stdout)
	}
	for _, args := range [][]string{{"history"}, {"get", "--type", "periodic"}} {
		r := f.run(t, args...)
		terminalSafe(t, strings.Join(args, " "), r.stdout+r.stderr)
	}
}
