package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/units"
)

const analyticsUsage = `bgfetch analytics: custom analytics (自定义分析) on the command line.

  bgfetch analytics events  [--project DIR] [--json]          list the events: ID, name, type, fields, actions
  bgfetch analytics test    [--project DIR] [--json]          保存并测试: validate, and print what each action reports
  bgfetch analytics import  FILE [--project DIR]              replace the events with a bgfetch.analytics.json file
  bgfetch analytics export  [FILE|-] [--project DIR]          write the events as bgfetch.analytics.json (default stdout)
  bgfetch analytics reports [--project DIR] [--since 1h|2026-11-01] [--until T] [--event ID] [--flagged]
                            [--limit N] [--json] [--csv FILE|-]
                                                              the report log, newest first (CSV: oldest first)
  bgfetch analytics sync    [--project DIR] [--since 24h] [--until T] [--json]
                                                              同步结果: per event and field, counts and values
  bgfetch analytics clear   [--project DIR]                   delete the report log

--since and --until take a duration back from now (30m, 1h, 24h, 7d), a date (2026-11-01, local time) or
a time (2026-11-01T18:00:00+08:00). A date given to --until includes that whole day.
`

// analyticsSubs maps each analytics subcommand to its function.
var analyticsSubs = map[string]func(c *command, ctx context.Context, args []string) int{
	"events": (*command).analyticsEvents, "test": (*command).analyticsTest, "import": (*command).analyticsImport,
	"export": (*command).analyticsExport, "reports": (*command).analyticsReports, "sync": (*command).analyticsSync,
	"clear": (*command).analyticsClear,
}

func (c *command) analytics(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.env.Stderr, analyticsUsage)
		return ExitUsage
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(c.env.Stdout, analyticsUsage)
		return ExitOK
	}
	run, ok := analyticsSubs[args[0]]
	if !ok {
		c.errorf("unknown subcommand %q; use events, test, import, export, reports, sync or clear", args[0])
		return ExitUsage
	}
	c.verb = "analytics " + args[0]
	return run(c, ctx, args[1:])
}

// analyticsFailed prints err and returns its exit status: 2 for a configuration error (a file or an event
// that is not valid), 1 otherwise.
func (c *command) analyticsFailed(err error) int {
	c.errorf("%v", err)
	var ce *project.ConfigError
	var ae *project.AnalyticsError
	if errors.As(err, &ce) || errors.As(err, &ae) {
		return ExitUsage
	}
	return ExitFailed
}

func (c *command) analyticsEvents(ctx context.Context, args []string) int {
	c.flags()
	if !c.parse(args) {
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	evs, err := e.AnalyticsEvents(ctx)
	if err != nil {
		return c.analyticsFailed(err)
	}
	if c.jsonOut {
		if evs == nil {
			evs = []core.AnalyticsEvent{}
		}
		c.printJSON(map[string]any{"events": evs})
		return ExitOK
	}
	w := c.env.Stdout
	if len(evs) == 0 {
		fprintln(w, "no events configured: add them in the window's 自定义分析 tab, or bgfetch analytics import FILE")
		return ExitOK
	}
	for _, ev := range evs {
		kind := "一次性上报 (once)"
		if ev.Steps() {
			kind = "分步骤上报 (steps)"
		}
		fields := make([]string, len(ev.Fields))
		for i, f := range ev.Fields {
			fields[i] = f.Name + " (" + f.Type + ")"
		}
		fprintf(w, "%s  %s  %s\n  fields: %s\n", ev.ID, ev.Name, kind, cmpOr(strings.Join(fields, ", "), "none"))
		if len(ev.Actions) == 0 {
			fprintln(w, "  actions: none (reported from code only)")
		}
		for i, a := range ev.Actions {
			fprintf(w, "  action %d: %s\n", i+1, a.Describe())
		}
	}
	return ExitOK
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (c *command) analyticsTest(ctx context.Context, args []string) int {
	c.flags()
	if !c.parse(args) {
		return ExitUsage
	}
	e, code := c.open() // a broken bgfetch.analytics.json is a config error: file:line:col, exit 2
	if e == nil {
		return code
	}
	defer e.Close()
	test, err := e.TestAnalytics(ctx)
	if err != nil {
		return c.analyticsFailed(err)
	}
	if c.jsonOut {
		if test.Plan == nil {
			test.Plan = []core.PlanLine{}
		}
		c.printJSON(test)
		return ExitOK
	}
	w := c.env.Stdout
	fprintf(w, "%d %s of %s are valid; each action reports:\n", len(test.Events), plural(int64(len(test.Events)), "event", "events"), test.AppID)
	for _, l := range test.Plan {
		what := "no action: reported from code"
		if l.Action > 0 {
			what = fmt.Sprintf("action %d: %s", l.Action, strings.TrimSpace(l.Trigger+" "+l.Selector))
			if l.Page != "" {
				what += " on " + l.Page
			}
		}
		fprintf(w, "  %s (%s) %s\n", l.Event, l.Name, what)
		for _, f := range l.Fields {
			fprintf(w, "      %s\n", f)
		}
		for _, lim := range l.Limits {
			fprintf(w, "      ! %s\n", lim.Msg().English())
		}
	}
	return ExitOK
}

func (c *command) analyticsImport(ctx context.Context, args []string) int {
	c.flags()
	pos, ok := c.parseWithArgs(args)
	if !ok {
		return ExitUsage
	}
	if len(pos) != 1 {
		c.errorf("give one file: bgfetch analytics import FILE")
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	n, err := e.ImportAnalytics(ctx, pos[0])
	if err != nil {
		return c.analyticsFailed(err)
	}
	if c.jsonOut {
		c.printJSON(map[string]any{"imported": n})
	} else {
		fprintf(c.env.Stdout, "imported %d %s from %s; they replace the app's events\n", n, plural(int64(n), "event", "events"), pos[0])
	}
	return ExitOK
}

func (c *command) analyticsExport(ctx context.Context, args []string) int {
	c.flags()
	pos, ok := c.parseWithArgs(args)
	if !ok {
		return ExitUsage
	}
	if len(pos) > 1 {
		c.errorf("give at most one file: bgfetch analytics export [FILE|-]")
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	if len(pos) == 0 || pos[0] == "-" {
		evs, err := e.AnalyticsEvents(ctx)
		if err != nil {
			return c.analyticsFailed(err)
		}
		_, _ = c.env.Stdout.Write(project.MarshalAnalytics(evs))
		return ExitOK
	}
	if err := e.ExportAnalytics(ctx, pos[0]); err != nil {
		return c.analyticsFailed(err)
	}
	evs, _ := e.AnalyticsEvents(ctx)
	fprintf(c.env.Stdout, "wrote %d %s to %s\n", len(evs), plural(int64(len(evs)), "event", "events"), pos[0])
	return ExitOK
}

// parseSince reads --since or --until: a duration back from now ("30m", "24h", "7d"), or what parseWhen
// takes (a date or an RFC 3339 time).
func parseSince(s string, now time.Time, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days >= 0 {
			return now.AddDate(0, 0, -days), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, fmt.Errorf("%q: give how long ago without a minus sign, such as 1h", s)
		}
		return now.Add(-d), nil
	}
	t, err := parseWhen(s, endOfDay)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a duration like 1h or 7d, a date like 2026-11-23 nor a time like 2026-11-23T18:00:00+08:00", s)
	}
	return t, nil
}

// timeRange adds --since and --until and returns a function that reads them after parsing.
func (c *command) timeRange(fs *flag.FlagSet, defSince string) func() (since, until time.Time, ok bool) {
	s := fs.String("since", defSince, "only reports from this time on: 1h, 7d, 2026-11-01 or 2026-11-01T18:00:00+08:00")
	u := fs.String("until", "", "only reports before this time (a date includes that whole day)")
	return func() (time.Time, time.Time, bool) {
		now := time.Now()
		since, err := parseSince(*s, now, false)
		if err != nil {
			c.errorf("--since: %v", err)
			return since, since, false
		}
		until, err := parseSince(*u, now, true)
		if err != nil {
			c.errorf("--until: %v", err)
			return since, until, false
		}
		if !since.IsZero() && !until.IsZero() && !until.After(since) {
			c.errorf("--until must be after --since")
			return since, until, false
		}
		return since, until, true
	}
}

// AnalyticsReportJSON is one report as `analytics reports --json` prints it.
type AnalyticsReportJSON struct {
	ID        int64           `json:"id"`
	Time      string          `json:"time"`
	API       string          `json:"api"`
	Event     string          `json:"event"`
	EventID   string          `json:"eventId"`
	EventName string          `json:"eventName"`
	Page      string          `json:"page"`
	Trigger   string          `json:"trigger"`
	Action    string          `json:"action"`
	Data      json.RawMessage `json:"data"`
	Problems  []ProblemJSON   `json:"problems"`
}

// ProblemJSON is a report's problem with its words.
type ProblemJSON struct {
	core.Problem
	Message string `json:"message"`
}

func analyticsReportJSON(r core.Report) AnalyticsReportJSON {
	j := AnalyticsReportJSON{ID: r.ID, Time: r.At.Format(time.RFC3339Nano), API: r.API, Event: r.Event, EventID: r.EventID,
		EventName: r.EventName, Page: r.Page, Trigger: r.Trigger, Action: r.Action, Data: json.RawMessage(r.Data),
		Problems: make([]ProblemJSON, len(r.Problems))}
	if !json.Valid(j.Data) {
		j.Data, _ = json.Marshal(r.Data)
	}
	for i, p := range r.Problems {
		j.Problems[i] = ProblemJSON{Problem: p, Message: p.String()}
	}
	return j
}

func (c *command) analyticsReports(ctx context.Context, args []string) int {
	fs := c.flags()
	times := c.timeRange(fs, "")
	event := fs.String("event", "", "only this event (its ID, or the name sent when it matched none)")
	flagged := fs.Bool("flagged", false, "only reports with a problem")
	limit := fs.Int("limit", 50, "how many reports, newest first (with --csv: all unless given)")
	csvOut := fs.String("csv", "", "write the reports as CSV (- for stdout), oldest first")
	if !c.parse(args) {
		return ExitUsage
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	switch {
	case *limit <= 0:
		c.errorf("--limit must be a positive number")
		return ExitUsage
	case set["csv"] && *csvOut == "":
		c.errorf("--csv needs a file name, or - for stdout")
		return ExitUsage
	case set["csv"] && c.jsonOut:
		c.errorf("use --csv or --json, not both")
		return ExitUsage
	}
	since, until, ok := times()
	if !ok {
		return ExitUsage
	}
	f := core.ReportFilter{Since: since, Until: until, Event: *event, Limit: *limit}
	if *flagged {
		f.Flagged = flagged
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	if set["csv"] {
		if !set["limit"] {
			f.Limit = 0 // all the log keeps
		}
		return c.writeReportsCSV(ctx, e, f, *csvOut)
	}
	total, err := e.CountReports(ctx, f)
	if err != nil {
		return c.analyticsFailed(err)
	}
	list, err := e.Reports(ctx, f)
	if err != nil {
		return c.analyticsFailed(err)
	}
	if c.jsonOut {
		out := make([]AnalyticsReportJSON, len(list))
		for i, r := range list {
			out[i] = analyticsReportJSON(r)
		}
		c.printJSON(map[string]any{"total": total, "reports": out})
		return ExitOK
	}
	w := c.env.Stdout
	if len(list) == 0 {
		if set["since"] || set["until"] || *event != "" || *flagged {
			fprintln(w, "no reports match")
		} else {
			fprintln(w, "no reports yet: run bgfetch bridge and call wx.reportEvent from the mini program")
		}
		return ExitOK
	}
	for _, r := range list {
		name := r.Event
		if r.EventID != "" && r.EventID != r.Event {
			name = r.EventID + " (sent as " + r.Event + ")"
		}
		if r.EventName != "" {
			name += " " + r.EventName
		}
		var where []string
		for _, s := range []string{r.Page, triggerText(r.Trigger), r.Action} {
			if s != "" {
				where = append(where, s)
			}
		}
		fprintf(w, "%6d  %s  %s  %s", r.ID, r.At.Local().Format("2006-01-02 15:04:05.000"), name, r.Data)
		if len(where) > 0 {
			fprintf(w, "  [%s]", strings.Join(where, " · "))
		}
		fprintln(w)
		for _, p := range r.Problems {
			fprintf(w, "        ! %s\n", p)
		}
	}
	if total > int64(len(list)) {
		fprintf(w, "(%d of %s; --limit shows more)\n", len(list), units.Digits(total))
	}
	return ExitOK
}

// writeReportsCSV writes the reports f selects as CSV to path ("-" = stdout).
func (c *command) writeReportsCSV(ctx context.Context, e *core.Engine, f core.ReportFilter, path string) int {
	if path == "-" {
		sum, err := e.WriteReportsCSV(ctx, c.env.Stdout, f)
		if err != nil {
			return c.analyticsFailed(err)
		}
		if sum.LeftOut > 0 {
			fprintf(c.env.Stderr, "note: %d data keys got no column of their own (at most %d do); each row holds them as JSON in the %s column\n",
				sum.LeftOut, core.CSVMaxFields, core.CSVOtherFields)
		}
		return ExitOK
	}
	file, err := os.Create(path)
	if err != nil {
		c.errorf("%v; check that the folder exists and is writable", err)
		return ExitFailed
	}
	bw := bufio.NewWriter(file)
	sum, err := e.WriteReportsCSV(ctx, bw, f)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		c.errorf("write %s: %v", path, err)
		return ExitFailed
	}
	n := sum.Reports
	fprintf(c.env.Stdout, "wrote %d %s to %s\n", n, plural(int64(n), "report", "reports"), escape(path))
	if sum.LeftOut > 0 {
		fprintf(c.env.Stdout, "note: %d data keys got no column of their own (at most %d do: the configured fields, then the most reported keys); each row holds them as JSON in the %s column\n",
			sum.LeftOut, core.CSVMaxFields, core.CSVOtherFields)
	}
	return ExitOK
}

// SyncJSON is 同步结果 as `analytics sync --json` prints it.
type SyncJSON struct {
	Since   string          `json:"since,omitempty"`
	Until   string          `json:"until,omitempty"`
	Reports int64           `json:"reports"`
	Flagged int64           `json:"flagged"`
	Events  []EventSyncJSON `json:"events"`
	Bucket  string          `json:"bucket"` // "hour" or "day": the length of each event's series buckets
}

// EventSyncJSON is one event of SyncJSON.
type EventSyncJSON struct {
	Event      string          `json:"event"`
	Name       string          `json:"name"`
	Configured bool            `json:"configured"`
	Reports    int64           `json:"reports"`
	Flagged    int64           `json:"flagged"`
	First      string          `json:"first,omitempty"`
	Last       string          `json:"last,omitempty"`
	Fields     []FieldSyncJSON `json:"fields"`
	// Series is the reports per bucket (SyncJSON.Bucket) from the first report to the last, empty buckets
	// included: what the window's chart draws.
	Series []BucketJSON `json:"series,omitempty"`
	// FieldsLeftOut counts the reported fields not listed (past core.SyncMaxFields, the least reported
	// unconfigured ones).
	FieldsLeftOut int `json:"fieldsLeftOut,omitempty"`
}

// FieldSyncJSON is one field of EventSyncJSON. Values are as JSON writes them (strings quoted).
type FieldSyncJSON struct {
	Field      string              `json:"field"`
	Type       string              `json:"type"`
	Configured bool                `json:"configured"`
	Count      int64               `json:"count"`
	Distinct   int64               `json:"distinct"`
	Values     []ValueCountJSON    `json:"values"`
	Numbers    *core.NumberSummary `json:"numbers,omitempty"`
}

// BucketJSON is one bucket of an event's series.
type BucketJSON struct {
	Start string `json:"start"`
	Count int64  `json:"count"`
}

// ValueCountJSON is one value of a field and how often it was reported.
type ValueCountJSON struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

func timeJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func syncJSON(res *core.SyncResult) SyncJSON {
	j := SyncJSON{Since: timeJSON(res.Since), Until: timeJSON(res.Until), Reports: res.Reports, Flagged: res.Flagged,
		Events: []EventSyncJSON{}, Bucket: "hour"}
	if res.Bucket >= 24*time.Hour {
		j.Bucket = "day"
	}
	for _, ev := range res.Events {
		ej := EventSyncJSON{Event: ev.Event, Name: ev.Name, Configured: ev.Configured, Reports: ev.Reports, Flagged: ev.Flagged,
			Fields: []FieldSyncJSON{}, FieldsLeftOut: ev.FieldsLeftOut}
		if ev.Reports > 0 {
			ej.First, ej.Last = timeJSON(ev.First), timeJSON(ev.Last)
		}
		for _, b := range ev.Series {
			ej.Series = append(ej.Series, BucketJSON{Start: timeJSON(b.Start), Count: b.Count})
		}
		for _, f := range ev.Fields {
			fj := FieldSyncJSON{Field: f.Field, Type: f.Type, Configured: f.Configured, Count: f.Count, Distinct: f.Distinct,
				Values: []ValueCountJSON{}, Numbers: f.Numbers}
			for _, v := range f.Values {
				fj.Values = append(fj.Values, ValueCountJSON{Value: v.Value, Count: v.Count})
			}
			ej.Fields = append(ej.Fields, fj)
		}
		j.Events = append(j.Events, ej)
	}
	return j
}

func (c *command) analyticsSync(ctx context.Context, args []string) int {
	fs := c.flags()
	times := c.timeRange(fs, "")
	if !c.parse(args) {
		return ExitUsage
	}
	since, until, ok := times()
	if !ok {
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	res, err := e.SyncResults(ctx, since, until)
	if err != nil {
		return c.analyticsFailed(err)
	}
	if c.jsonOut {
		c.printJSON(syncJSON(res))
		return ExitOK
	}
	printSync(c.env.Stdout, res)
	return ExitOK
}

func printSync(w io.Writer, res *core.SyncResult) {
	span := "all time"
	switch {
	case !res.Since.IsZero() && !res.Until.IsZero():
		span = "from " + res.Since.Local().Format("2006-01-02 15:04") + " to " + res.Until.Local().Format("2006-01-02 15:04")
	case !res.Since.IsZero():
		span = "since " + res.Since.Local().Format("2006-01-02 15:04")
	case !res.Until.IsZero():
		span = "before " + res.Until.Local().Format("2006-01-02 15:04")
	}
	fprintf(w, "同步结果 %s: %d %s, %d flagged\n", span, res.Reports, plural(res.Reports, "report", "reports"), res.Flagged)
	for _, ev := range res.Events {
		head := ev.Event
		if ev.Name != "" {
			head += " " + ev.Name
		}
		if !ev.Configured {
			head += " (not configured)"
		}
		fprintf(w, "\n%s: %d %s", head, ev.Reports, plural(ev.Reports, "report", "reports"))
		if ev.Flagged > 0 {
			fprintf(w, ", %d flagged", ev.Flagged)
		}
		if ev.Reports > 0 {
			fprintf(w, ", last at %s", ev.Last.Local().Format("2006-01-02 15:04:05"))
		}
		fprintln(w)
		if len(ev.Series) > 1 { // the chart's numbers: per hour (or day), empty buckets included
			per, layout := "per hour", "01-02 15:00"
			if res.Bucket >= 24*time.Hour {
				per, layout = "per day", "01-02"
			}
			counts := make([]string, len(ev.Series))
			for i, b := range ev.Series {
				counts[i] = strconv.FormatInt(b.Count, 10)
			}
			fprintf(w, "  %s from %s: %s\n", per, ev.Series[0].Start.Local().Format(layout), strings.Join(counts, " "))
		}
		for _, f := range ev.Fields {
			typ := f.Type
			if !f.Configured {
				typ = "not configured"
			}
			fprintf(w, "  %s (%s): %d %s", f.Field, typ, f.Count, plural(f.Count, "report", "reports"))
			if f.Count > 0 {
				vals := make([]string, len(f.Values))
				for i, v := range f.Values {
					vals[i] = fmt.Sprintf("%s ×%d", v.Value, v.Count)
				}
				fprintf(w, ", %d distinct: %s", f.Distinct, strings.Join(vals, ", "))
				if int64(len(f.Values)) < f.Distinct {
					fprintf(w, ", …")
				}
			}
			if n := f.Numbers; n != nil {
				fprintf(w, "; min %g, max %g, average %.4g", n.Min, n.Max, n.Avg)
			}
			fprintln(w)
		}
		if ev.FieldsLeftOut > 0 {
			fprintf(w, "  … and %d more %s, reported less often, not listed (at most %d are)\n", ev.FieldsLeftOut,
				plural(int64(ev.FieldsLeftOut), "field", "fields"), core.SyncMaxFields)
		}
	}
}

func (c *command) analyticsClear(ctx context.Context, args []string) int {
	c.flags()
	if !c.parse(args) {
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()
	n, err := e.ClearReports(ctx)
	if err != nil {
		return c.analyticsFailed(err)
	}
	if c.jsonOut {
		c.printJSON(map[string]any{"deleted": n})
	} else {
		fprintf(c.env.Stdout, "deleted %d %s from the report log (the events stay)\n", n, plural(n, "report", "reports"))
	}
	return ExitOK
}
