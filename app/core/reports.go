package core

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// The report APIs a mini program calls.
const (
	APIReportEvent     = "reportEvent"     // wx.reportEvent(eventId, data)
	APIReportAnalytics = "reportAnalytics" // wx.reportAnalytics(eventName, data), the older API
)

// TriggerCode is the trigger of a report that the mini program's own code sent (reportEvent,
// reportAnalytics), as opposed to one that a configured action's trigger fired (project.Triggers). A
// report that names no trigger is from code, and is matched to no action.
const TriggerCode = "code"

// Limits on one report.
const (
	MaxReportEvent = 256 // characters in the event name
	MaxReportText  = 512 // characters in page, trigger and action
)

// DefaultReportQueue is how many reports may wait to be written before Report answers ErrBusy.
const DefaultReportQueue = 10_000

// DefaultReportRetention is how many reports per app the log keeps; older ones are deleted.
const DefaultReportRetention = 100_000

// maxReportBatch is how many queued reports go into one transaction.
const maxReportBatch = 1000

// Errors of Report.
var (
	ErrBusy   = errors.New("too many reports are waiting to be written; slow down and send this one again in a second")
	ErrClosed = errors.New("the engine is closed")
)

// ReportInput is one report as a mini program sends it.
type ReportInput struct {
	API     string          `json:"api"`     // APIReportEvent (default) or APIReportAnalytics
	Event   string          `json:"event"`   // the eventId or eventName
	Data    json.RawMessage `json:"data"`    // the data object; absent = {}
	Page    string          `json:"page"`    // the page the report came from ("pages/index/index"), if known
	Trigger string          `json:"trigger"` // the trigger that fired it (one of project.Triggers); "" or TriggerCode: from code
	Action  string          `json:"action"`  // the action's own label, if the caller has one
}

// ProblemKind says what is wrong with a report.
type ProblemKind string

// The problems a report can have.
const (
	ProblemUnconfigured ProblemKind = "unconfigured"  // no configured event has this ID (or name)
	ProblemNotObject    ProblemKind = "not-object"    // data is not a JSON object
	ProblemUnknownField ProblemKind = "unknown-field" // data has a key that is not a field of the event
	ProblemMissingField ProblemKind = "missing-field" // data lacks a field the event (or its action) reports
	ProblemWrongType    ProblemKind = "wrong-type"    // a field's value is not of the field's type
)

// Problem is one thing wrong with a report.
type Problem struct {
	Kind  ProblemKind `json:"kind"`
	Field string      `json:"field,omitempty"`
	Want  string      `json:"want,omitempty"` // wrong-type: the field's type; unknown-field: the fields there are
	Got   string      `json:"got,omitempty"`  // wrong-type: what was sent; not-object: the JSON type (English)
	// GotKind is what was sent as data, not prose: its JSON type ("string", "number", "boolean", "null",
	// "array", "object"); GotValue the string (cut to 40 characters) or number itself, if it was one.
	GotKind  string `json:"gotKind,omitempty"`
	GotValue string `json:"gotValue,omitempty"`
}

// String says the problem in English; the window translates by Kind.
func (p Problem) String() string {
	switch p.Kind {
	case ProblemUnconfigured:
		return "the event is not configured; add it in 自定义分析 or fix the name"
	case ProblemNotObject:
		return fmt.Sprintf("data must be an object {field: value}, got %s", p.Got)
	case ProblemUnknownField:
		if p.Want == "" {
			return fmt.Sprintf("%q is not a field of the event, which has no fields", p.Field)
		}
		return fmt.Sprintf("%q is not a field of the event (its fields: %s)", p.Field, p.Want)
	case ProblemMissingField:
		return fmt.Sprintf("the field %q is missing", p.Field)
	case ProblemWrongType:
		return fmt.Sprintf("the field %q should be a %s, got %s", p.Field, p.Want, p.Got)
	}
	return string(p.Kind)
}

// Report is one report in the log.
type Report struct {
	ID        int64
	At        time.Time
	API       string
	Event     string // as the mini program named it
	EventID   string // the configured event it matched; "" when none
	EventName string
	Page      string
	Trigger   string
	Action    string
	Data      string // the data as JSON
	Problems  []Problem
}

// Flagged reports whether something is wrong with the report.
func (r *Report) Flagged() bool { return len(r.Problems) > 0 }

// Values returns the reported fields in a stable order with their values as text (strings unquoted).
func (r *Report) Values() []FieldValue {
	dec := json.NewDecoder(strings.NewReader(r.Data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil
	}
	out := make([]FieldValue, 0, len(m))
	for k, v := range m {
		out = append(out, FieldValue{Field: k, Value: valueText(v)})
	}
	slices.SortFunc(out, func(a, b FieldValue) int { return cmp.Compare(a.Field, b.Field) })
	return out
}

// FieldValue is one field of a report.
type FieldValue struct {
	Field string
	Value string
}

func valueText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonTypeOf is v's JSON type as a word of code: string, number, boolean, null, array or object.
func jsonTypeOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	case []any:
		return "array"
	}
	return "object"
}

// valueKind is v's JSON type as English prose: "a string", "an array", "null".
func valueKind(v any) string {
	switch k := jsonTypeOf(v); k {
	case "null":
		return k
	case "array", "object":
		return "an " + k
	default:
		return "a " + k
	}
}

// CheckReport checks a report against the configured events: which event and action it matches, its
// data as canonical JSON, and what is wrong with it. It returns an error only for a report that cannot
// be logged at all (no event name, an unknown API, data that is not JSON).
func CheckReport(evs []AnalyticsEvent, in ReportInput) (Report, error) {
	r := Report{API: cmp.Or(in.API, APIReportEvent), Event: strings.TrimSpace(in.Event),
		Page: project.NormalizePage(in.Page), Trigger: cmp.Or(strings.TrimSpace(in.Trigger), TriggerCode), Action: strings.TrimSpace(in.Action)}
	switch {
	case r.API != APIReportEvent && r.API != APIReportAnalytics:
		return r, fmt.Errorf("api must be %q or %q, got %q", APIReportEvent, APIReportAnalytics, r.API)
	case r.Event == "":
		return r, errors.New(`the event is empty: send {"event": "<eventId>", "data": {...}}`)
	case utf8.RuneCountInString(r.Event) > MaxReportEvent:
		return r, fmt.Errorf("the event name is longer than %d characters", MaxReportEvent)
	case len(r.Page) > MaxReportText || len(r.Trigger) > MaxReportText || len(r.Action) > MaxReportText:
		return r, fmt.Errorf("page, trigger and action may be at most %d bytes each", MaxReportText)
	}

	raw := bytes.TrimSpace(in.Data)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = []byte("{}")
	}
	var data any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&data); err != nil {
		return r, fmt.Errorf("data is not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF { // one JSON value, nothing after it
		return r, fmt.Errorf("data is not valid JSON: more follows the value at offset %d", dec.InputOffset())
	}
	var canon bytes.Buffer
	obj, isObj := data.(map[string]any)
	if isObj {
		enc := json.NewEncoder(&canon) // sorted keys, numbers as sent, <>& as sent
		enc.SetEscapeHTML(false)
		_ = enc.Encode(obj)
		canon.Truncate(canon.Len() - 1) // the encoder's newline
	} else {
		_ = json.Compact(&canon, raw) // valid: decoded above
	}
	r.Data = canon.String()

	var ev *AnalyticsEvent
	for i := range evs {
		if evs[i].ID == r.Event {
			ev = &evs[i]
			break
		}
	}
	if ev == nil && r.API == APIReportAnalytics { // reportAnalytics may name the event by its name
		for i := range evs {
			if evs[i].Name == r.Event {
				ev = &evs[i]
				break
			}
		}
	}
	if ev == nil {
		r.Problems = append(r.Problems, Problem{Kind: ProblemUnconfigured})
	} else {
		r.EventID, r.EventName = ev.ID, ev.Name
	}
	if !isObj {
		r.Problems = append(r.Problems, Problem{Kind: ProblemNotObject, Got: valueKind(data), GotKind: jsonTypeOf(data)})
		return r, nil
	}
	if ev == nil {
		return r, nil
	}

	// The action: the one whose trigger and page match what the report says. A report from code names no
	// trigger, and no action is guessed for it from its page.
	var act *project.AnalyticsAction
	for i := range ev.Actions {
		a := &ev.Actions[i]
		if r.Trigger != TriggerCode && a.Trigger == r.Trigger && (r.Page == "" || a.Page == "" || a.Page == r.Page) {
			act = a
			if r.Action == "" {
				r.Action = fmt.Sprintf("#%d %s", i+1, strings.TrimSpace(a.Trigger+" "+a.Selector))
			}
			break
		}
	}

	names := make([]string, len(ev.Fields))
	for i, f := range ev.Fields {
		names[i] = f.Name
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := ev.Field(k)
		if !ok {
			r.Problems = append(r.Problems, Problem{Kind: ProblemUnknownField, Field: k, Want: strings.Join(names, ", ")})
			continue
		}
		v := obj[k]
		_, isNum := v.(json.Number)
		_, isStr := v.(string)
		if f.Type == project.FieldNumber && !isNum || f.Type == project.FieldString && !isStr {
			got, value := valueKind(v), ""
			if s, ok := v.(string); ok {
				value = truncate(s, 40)
				got = fmt.Sprintf("a string %q", value)
			} else if n, ok := v.(json.Number); ok {
				value = n.String()
				got = "the number " + value
			}
			r.Problems = append(r.Problems, Problem{Kind: ProblemWrongType, Field: k, Want: f.Type, Got: got, GotKind: jsonTypeOf(v), GotValue: value})
		}
	}
	var required []string
	switch {
	case !ev.Steps():
		required = names
	case act != nil:
		required = act.Fields()
	}
	for _, name := range required {
		if _, ok := obj[name]; !ok {
			r.Problems = append(r.Problems, Problem{Kind: ProblemMissingField, Field: name})
		}
	}
	return r, nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Report checks a report against the current app's events and writes it to the log. It returns once the
// report is in the database, so a report that was answered is never lost. When more reports are waiting
// than the queue holds it returns ErrBusy at once, without storing the report. Reports are written in
// batches by one goroutine, which publishes Reported for each batch before Report returns.
func (e *Engine) Report(ctx context.Context, in ReportInput) (Report, error) {
	w := e.reports()
	if w == nil || w.isClosed() { // nil: closed before any report
		return Report{}, ErrClosed
	}
	p, err := e.current()
	if err != nil {
		return Report{}, err
	}
	evs, err := e.cachedEvents(ctx, p.AppID)
	if err != nil {
		return Report{}, err
	}
	r, err := CheckReport(evs, in)
	if err != nil {
		return r, err
	}
	r.At = time.Now()
	row := &storage.Report{AppID: p.AppID, At: r.At, API: r.API, Event: r.Event, EventID: r.EventID,
		EventName: r.EventName, Page: r.Page, Trigger: r.Trigger, Action: r.Action, Data: r.Data}
	if len(r.Problems) > 0 {
		b, _ := json.Marshal(r.Problems)
		row.Problems = string(b)
	}
	pr := &pendingReport{row: row, rep: r, done: make(chan error, 1)}
	if err := w.enqueue(pr); err != nil {
		return r, err
	}
	select {
	case err := <-pr.done:
		if err != nil {
			return r, fmt.Errorf("store the report: %w", err)
		}
		r.ID = row.ID
		return r, nil
	case <-ctx.Done():
		return r, ctx.Err() // it will still be written
	}
}

// cachedEvents returns the app's events, reading the database only after they changed.
func (e *Engine) cachedEvents(ctx context.Context, appID string) ([]AnalyticsEvent, error) {
	e.mu.Lock()
	c := e.evCache
	e.mu.Unlock()
	if c != nil && c.valid && c.appID == appID {
		return c.evs, nil
	}
	evs, err := e.analyticsEvents(ctx, appID)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	if e.evCache == c { // else the events changed while they were read: keep the cache empty
		e.evCache = &eventCache{appID: appID, evs: evs, valid: true}
	}
	e.mu.Unlock()
	return evs, nil
}

type eventCache struct {
	appID string
	evs   []AnalyticsEvent
	valid bool
}

type pendingReport struct {
	row  *storage.Report
	rep  Report
	done chan error
}

// reportWriter writes queued reports in batches.
type reportWriter struct {
	e      *Engine
	ch     chan *pendingReport
	mu     sync.RWMutex // guards closed against sends on a closed channel
	closed bool
	done   chan struct{}
	n      int // reports written since the last prune
}

func (e *Engine) reports() *reportWriter {
	e.rwOnce.Do(func() {
		w := &reportWriter{e: e, ch: make(chan *pendingReport, e.reportQueue), done: make(chan struct{})}
		e.rw = w
		go w.run()
	})
	return e.rw
}

func (w *reportWriter) enqueue(p *pendingReport) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	select {
	case w.ch <- p:
		return nil
	default:
		return ErrBusy
	}
}

// isClosed reports whether close was called.
func (w *reportWriter) isClosed() bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.closed
}

// close stops taking reports and waits until the queued ones are written.
func (w *reportWriter) close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.ch)
	}
	w.mu.Unlock()
	<-w.done
}

func (w *reportWriter) run() {
	defer close(w.done)
	batch := make([]*pendingReport, 0, maxReportBatch)
	rows := make([]*storage.Report, 0, maxReportBatch)
	for p := range w.ch {
		batch, rows = append(batch[:0], p), append(rows[:0], p.row)
	drain:
		for len(batch) < maxReportBatch {
			select {
			case q, ok := <-w.ch:
				if !ok {
					break drain
				}
				batch, rows = append(batch, q), append(rows, q.row)
			default:
				break drain
			}
		}
		err := w.e.db.InsertReports(context.Background(), rows)
		if err != nil {
			w.e.log.Error("cannot store analytics reports", "count", len(batch), "err", err)
			for _, p := range batch {
				p.done <- err
			}
			continue
		}
		out := make([]Report, len(batch))
		for i, p := range batch {
			out[i] = p.rep
			out[i].ID = p.row.ID
		}
		// Published before the callers hear back, so that a report Report returned has been announced.
		w.e.publish(Event{Kind: Reported, Reports: out})
		for _, p := range batch {
			p.done <- nil
		}
		// Prune every tenth of the retention (at least every 1,000 reports), and only once the ids show that
		// an app can have more reports than it keeps: a prune walks up to the retention's worth of rows.
		if w.n += len(batch); w.n >= max(1000, w.e.reportKeep/10) {
			w.n = 0
			if rows[len(rows)-1].ID > int64(w.e.reportKeep) {
				w.prune(rows)
			}
		}
	}
}

func (w *reportWriter) prune(rows []*storage.Report) {
	apps := map[string]bool{}
	for _, r := range rows {
		apps[r.AppID] = true
	}
	for app := range apps {
		if _, err := w.e.db.PruneReports(context.Background(), app, w.e.reportKeep); err != nil {
			w.e.log.Warn("cannot prune analytics reports", "err", err)
		}
	}
}

// ReportFilter selects reports; AppID "" means the current app.
type ReportFilter = storage.ReportFilter

// Reports lists reports, newest first.
func (e *Engine) Reports(ctx context.Context, f ReportFilter) ([]Report, error) {
	if err := e.appFilter(&f); err != nil {
		return nil, err
	}
	rows, err := e.db.Reports(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]Report, len(rows))
	for i, row := range rows {
		out[i] = fromRow(row)
	}
	return out, nil
}

// CountReports counts the reports f selects.
func (e *Engine) CountReports(ctx context.Context, f ReportFilter) (int64, error) {
	if err := e.appFilter(&f); err != nil {
		return 0, err
	}
	return e.db.CountReports(ctx, f)
}

func (e *Engine) appFilter(f *ReportFilter) error {
	if f.AppID != "" {
		return nil
	}
	p, err := e.current()
	if err != nil {
		return err
	}
	f.AppID = p.AppID
	return nil
}

func fromRow(row storage.Report) Report {
	r := Report{ID: row.ID, At: row.At, API: row.API, Event: row.Event, EventID: row.EventID, EventName: row.EventName,
		Page: row.Page, Trigger: row.Trigger, Action: row.Action, Data: row.Data}
	if row.Problems != "" {
		_ = json.Unmarshal([]byte(row.Problems), &r.Problems)
	}
	return r
}

// ClearReports deletes the current app's report log.
func (e *Engine) ClearReports(ctx context.Context) (int64, error) {
	p, err := e.current()
	if err != nil {
		return 0, err
	}
	n, err := e.db.DeleteReports(ctx, p.AppID)
	if err != nil {
		return 0, err
	}
	e.publish(Event{Kind: Cleared, Project: p, ReportLog: true})
	return n, nil
}

// SyncResult is 同步结果: per event and field, the counts and the values seen over a time range.
type SyncResult struct {
	Since, Until time.Time
	Reports      int64
	Flagged      int64
	Events       []EventSync
	Bucket       time.Duration // the length of each event's Series buckets: an hour, or a day over 3 days
}

// EventSync is one event's share of a SyncResult.
type EventSync struct {
	Event      string // the event ID, or the name sent when it matched no event
	Name       string
	Configured bool
	Reports    int64
	Flagged    int64
	First      time.Time
	Last       time.Time
	Fields     []FieldSync
	Series     []BucketCount // reports per bucket of SyncResult.Bucket, from First to Last, empty buckets included
	// FieldsLeftOut is how many reported fields Fields does not list: past SyncMaxFields, the fields that
	// are not configured and were reported least often are left out.
	FieldsLeftOut int
}

// FieldSync is one field's values.
type FieldSync struct {
	Field      string
	Type       string // the configured type; "" for a field that is not configured
	Configured bool
	Count      int64 // reports that had the field
	Distinct   int64
	Values     []ValueCount // the most frequent, most frequent first
	Numbers    *NumberSummary
}

// BucketCount is how many reports fell in the bucket that starts at Start.
type BucketCount struct {
	Start time.Time
	Count int64
}

// ValueCount is one value and how often it was reported.
type ValueCount struct {
	Value string
	Count int64
}

// NumberSummary summarises a field's numeric values.
type NumberSummary struct {
	Count         int64
	Min, Max, Avg float64
}

// SyncTopValues is how many values of each field SyncResults lists.
const SyncTopValues = 20

// SyncMaxFields is how many fields of one event SyncResults lists: every configured field, then the
// other reported fields, most reported first, up to this many in all (EventSync.FieldsLeftOut counts
// the rest). Reports that each send their own keys (an id or a time as a key) would otherwise give an
// event a field per report.
const SyncMaxFields = 200

// SyncResults is 同步结果 over [since, until) (zero times: no bound): every configured event (with no
// reports, too) and every event name that was reported, with counts and values per field.
func (e *Engine) SyncResults(ctx context.Context, since, until time.Time) (*SyncResult, error) {
	p, evs, err := e.currentEvents(ctx)
	if err != nil {
		return nil, err
	}
	t, err := e.db.ReportTally(ctx, storage.ReportFilter{AppID: p.AppID, Since: since, Until: until}, SyncTopValues)
	if err != nil {
		return nil, err
	}
	res := &SyncResult{Since: since, Until: until}
	byID := map[string]*EventSync{}
	var order []string
	for _, ev := range evs {
		es := &EventSync{Event: ev.ID, Name: ev.Name, Configured: true}
		for _, f := range ev.Fields {
			es.Fields = append(es.Fields, FieldSync{Field: f.Name, Type: f.Type, Configured: true})
		}
		byID[ev.ID] = es
		order = append(order, ev.ID)
	}
	for _, et := range t.Events {
		es, ok := byID[et.Event]
		if !ok {
			es = &EventSync{Event: et.Event}
			byID[et.Event] = es
			order = append(order, et.Event)
		}
		es.Reports, es.Flagged, es.First, es.Last = et.Reports, et.Flagged, et.First, et.Last
		res.Reports += et.Reports
		res.Flagged += et.Flagged
	}
	// Fields by event and name: one map look-up per tally row, so the work is linear in the rows.
	type fieldKey struct{ event, field string }
	index := map[fieldKey]int{}
	for id, es := range byID {
		for i, f := range es.Fields {
			index[fieldKey{id, f.Field}] = i
		}
	}
	field := func(es *EventSync, name string) *FieldSync {
		k := fieldKey{es.Event, name}
		if i, ok := index[k]; ok {
			return &es.Fields[i]
		}
		es.Fields = append(es.Fields, FieldSync{Field: name})
		index[k] = len(es.Fields) - 1
		return &es.Fields[len(es.Fields)-1]
	}
	for _, v := range t.Values {
		es := byID[v.Event]
		if es == nil {
			continue
		}
		f := field(es, v.Field)
		f.Count, f.Distinct = v.Total, v.Distinct
		val := v.Value
		if v.Type == "text" {
			val = strconv.Quote(val)
		}
		f.Values = append(f.Values, ValueCount{Value: val, Count: v.Count})
	}
	for _, n := range t.Numbers {
		es := byID[n.Event]
		if es == nil {
			continue
		}
		f := field(es, n.Field)
		f.Numbers = &NumberSummary{Count: n.Count, Min: n.Min, Max: n.Max, Avg: n.Sum / float64(max(n.Count, 1))}
	}
	for _, es := range byID {
		capFields(es)
	}
	if err := e.syncSeries(ctx, p.AppID, res, byID); err != nil {
		return nil, err
	}
	for _, id := range order {
		res.Events = append(res.Events, *byID[id])
	}
	return res, nil
}

// syncSeries fills each event's Series: hourly when the reports span at most 3 days, else daily (local
// days), empty buckets included from the first report to the last.
func (e *Engine) syncSeries(ctx context.Context, appID string, res *SyncResult, byID map[string]*EventSync) error {
	var first, last time.Time
	for _, es := range byID {
		if es.Reports == 0 {
			continue
		}
		if first.IsZero() || es.First.Before(first) {
			first = es.First
		}
		if es.Last.After(last) {
			last = es.Last
		}
	}
	res.Bucket = time.Hour
	if last.Sub(first) > 72*time.Hour {
		res.Bucket = 24 * time.Hour
	}
	if first.IsZero() {
		return nil
	}
	_, offset := first.In(time.Local).Zone()
	counts, err := e.db.ReportSeries(ctx, storage.ReportFilter{AppID: appID, Since: res.Since, Until: res.Until}, res.Bucket, time.Duration(offset)*time.Second)
	if err != nil {
		return err
	}
	got := map[string]map[int64]int64{}
	for _, c := range counts {
		if got[c.Event] == nil {
			got[c.Event] = map[int64]int64{}
		}
		got[c.Event][c.Start.UnixMilli()] = c.Count
	}
	start := bucketStart(first, res.Bucket, time.Duration(offset)*time.Second)
	for id, es := range byID {
		if es.Reports == 0 {
			continue
		}
		for b := start; !b.After(last); b = b.Add(res.Bucket) {
			es.Series = append(es.Series, BucketCount{Start: b, Count: got[id][b.UnixMilli()]})
		}
	}
	return nil
}

// bucketStart is the start of t's bucket, aligned as storage.ReportSeries aligns them.
func bucketStart(t time.Time, bucket, offset time.Duration) time.Time {
	b, off := bucket.Milliseconds(), offset.Milliseconds()
	return time.UnixMilli(((t.UnixMilli()+off)/b)*b - off)
}

// capFields keeps the configured fields and the most reported others, SyncMaxFields in all, in their
// order.
func capFields(es *EventSync) {
	if len(es.Fields) <= SyncMaxFields {
		return
	}
	rank := make([]int, 0, len(es.Fields))
	keep := make([]bool, len(es.Fields))
	n := 0
	for i, f := range es.Fields {
		if f.Configured {
			keep[i] = true
			n++
		} else {
			rank = append(rank, i)
		}
	}
	slices.SortStableFunc(rank, func(a, b int) int { return cmp.Compare(es.Fields[b].Count, es.Fields[a].Count) })
	for _, i := range rank[:max(0, min(len(rank), SyncMaxFields-n))] {
		keep[i] = true
	}
	kept := make([]FieldSync, 0, SyncMaxFields)
	for i, f := range es.Fields {
		if keep[i] {
			kept = append(kept, f)
		}
	}
	es.FieldsLeftOut = len(es.Fields) - len(kept)
	es.Fields = kept
}

// CSVMaxFields is how many data keys WriteReportsCSV gives a column of their own: the configured fields,
// then the other keys reported most often. The keys past it are not lost: each row holds them, as a JSON
// object, in the last column (CSVOtherFields).
const CSVMaxFields = 200

// CSVOtherFields names the CSV's last column when some keys got no column of their own.
const CSVOtherFields = "other_fields"

// CSVSummary is what WriteReportsCSV wrote.
type CSVSummary struct {
	Reports int // rows
	Fields  int // data keys with a column of their own
	// LeftOut is how many data keys got no column of their own (CSVMaxFields); their values are in the
	// CSVOtherFields column.
	LeftOut int
}

// WriteReportsCSV writes the reports f selects (with f.Limit 0, up to the retention), oldest first, as CSV:
// time, api, event, event_id, event_name, page, trigger, action, problems, then one column per field (the
// configured fields in order, then any other key, sorted), at most CSVMaxFields, then, when keys were left
// out, the CSVOtherFields column. Every cell, the header's too, is kept from running as a spreadsheet
// formula (csvSafe). The work is linear in reports × keys per report.
func (e *Engine) WriteReportsCSV(ctx context.Context, w io.Writer, f ReportFilter) (CSVSummary, error) {
	var sum CSVSummary
	if err := e.appFilter(&f); err != nil {
		return sum, err
	}
	if f.Limit <= 0 {
		f.Limit = e.reportKeep
	}
	rows, err := e.db.Reports(ctx, f)
	if err != nil {
		return sum, err
	}
	evs, err := e.analyticsEvents(ctx, f.AppID)
	if err != nil {
		return sum, err
	}
	var cols []string
	seen := map[string]bool{}
	for _, ev := range evs {
		for _, fl := range ev.Fields {
			if !seen[fl.Name] && len(cols) < CSVMaxFields {
				seen[fl.Name] = true
				cols = append(cols, fl.Name)
			}
		}
	}
	// First pass: how often each other key is reported.
	count := map[string]int{}
	for i := range rows {
		for k := range dataKeys(rows[i].Data) {
			if !seen[k] {
				count[k]++
			}
		}
	}
	extra := slices.Collect(maps.Keys(count))
	slices.SortFunc(extra, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(a, b)) })
	room := max(CSVMaxFields-len(cols), 0)
	if len(extra) > room {
		sum.LeftOut = len(extra) - room
		extra = extra[:room]
	}
	sort.Strings(extra)
	for _, k := range extra {
		seen[k] = true
	}
	cols = append(cols, extra...)
	sum.Fields = len(cols)
	col := make(map[string]int, len(cols))
	for i, c := range cols {
		col[c] = i
	}

	cw := csv.NewWriter(w)
	const fixed = 9
	head := append([]string{"time", "api", "event", "event_id", "event_name", "page", "trigger", "action", "problems"}, cols...)
	if sum.LeftOut > 0 {
		head = append(head, CSVOtherFields)
	}
	for j := range head {
		head[j] = csvSafe(head[j])
	}
	if err := cw.Write(head); err != nil {
		return sum, err
	}
	rec := make([]string, len(head))
	for i := len(rows) - 1; i >= 0; i-- { // oldest first
		r := fromRow(rows[i])
		probs := make([]string, len(r.Problems))
		for j, p := range r.Problems {
			probs[j] = p.String()
		}
		clear(rec)
		copy(rec, []string{r.At.Format("2006-01-02T15:04:05.000Z07:00"), r.API, r.Event, r.EventID, r.EventName, r.Page,
			r.Trigger, r.Action, strings.Join(probs, "; ")})
		var other map[string]json.RawMessage
		for _, fv := range r.Values() {
			if j, ok := col[fv.Field]; ok {
				rec[fixed+j] = fv.Value
			} else if sum.LeftOut > 0 {
				if other == nil {
					other = map[string]json.RawMessage{}
				}
				other[fv.Field] = nil
			}
		}
		if other != nil {
			rec[len(rec)-1] = otherFields(r.Data, other)
		}
		for j := range rec {
			rec[j] = csvSafe(rec[j])
		}
		if err := cw.Write(rec); err != nil {
			return sum, err
		}
		sum.Reports++
	}
	cw.Flush()
	return sum, cw.Error()
}

// dataKeys returns the keys of a report's data object (none when it is not an object).
func dataKeys(data string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(data), &m) != nil {
		return nil
	}
	return m
}

// otherFields is the JSON object of the data's keys that are in keys, as reported.
func otherFields(data string, keys map[string]json.RawMessage) string {
	for k, v := range dataKeys(data) {
		if _, ok := keys[k]; ok {
			keys[k] = v
		}
	}
	b, err := json.Marshal(keys)
	if err != nil {
		return ""
	}
	return string(b)
}

// csvSafe keeps a spreadsheet from running a cell as a formula: text starting with =, +, - or @ (other
// than a number) gets a leading apostrophe.
func csvSafe(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
