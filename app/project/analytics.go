package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// AnalyticsFile is the custom-analytics (自定义分析) events of the project, kept in the project folder
// so that they can be versioned with the mini program. It is optional; when present it is watched and
// read like the other configuration files.
const AnalyticsFile = "bgfetch.analytics.json"

// Report types (上报方式) of a custom-analytics event.
const (
	ReportOnce  = "once"  // 一次性上报: one action reports every field at once
	ReportSteps = "steps" // 分步骤上报: the actions report the fields between them, step by step
)

// Field types of a custom-analytics event.
const (
	FieldString = "string"
	FieldNumber = "number"
)

// Triggers are the triggers (触发方式) an analytics action may have, in DevTools' order.
var Triggers = []string{"click", "enterPage", "leavePage", "pageLoad", "pageUnload", "pullDownRefresh",
	"launch", "background", "foreground", "share", "switchTab"}

// AppTriggers are the triggers that belong to the whole mini program rather than a page: their
// actions need no page.
var AppTriggers = []string{"launch", "background", "foreground"}

// Limits on custom-analytics events: the tool's own, generous bounds that keep a configuration readable.
const (
	MaxAnalyticsEvents = 500 // events per project
	MaxEventFields     = 100 // fields per event
	MaxEventActions    = 100 // actions per event
	MaxAnalyticsName   = 64  // characters in an event or field ID
	MaxAnalyticsText   = 256 // characters in a display name, page, selector or data source
)

// AnalyticsEvent is one custom-analytics event: what wx.reportEvent(eventId, data) (or the older
// wx.reportAnalytics(eventName, data)) reports, with the fields its data may hold and the actions that
// trigger it.
type AnalyticsEvent struct {
	ID         string            `json:"id"`                   // 事件 ID: letters, digits and _, starting with a letter
	Name       string            `json:"name"`                 // 事件名称, shown to people
	ReportType string            `json:"reportType,omitempty"` // ReportOnce (default) or ReportSteps
	Fields     []AnalyticsField  `json:"fields"`
	Actions    []AnalyticsAction `json:"actions"`
}

// AnalyticsField is one field of an event's data.
type AnalyticsField struct {
	Name string `json:"name"`
	Type string `json:"type"` // FieldString or FieldNumber
}

// AnalyticsAction is one action (动作) of an event: when it fires and what it reports.
type AnalyticsAction struct {
	Trigger  string        `json:"trigger"`            // one of Triggers
	Page     string        `json:"page,omitempty"`     // "pages/index/index"; empty for AppTriggers
	Selector string        `json:"selector,omitempty"` // the element of a click, such as ".buy-button"
	Data     []FieldSource `json:"data,omitempty"`     // the fields this action reports, in order
}

// FieldSource says where an action takes a field's value from, in the developer's words: a page data
// path such as "goods.price", or a constant.
type FieldSource struct {
	Field  string `json:"field"`
	Source string `json:"source"`
}

// Field returns the field named name.
func (ev *AnalyticsEvent) Field(name string) (AnalyticsField, bool) {
	for _, f := range ev.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return AnalyticsField{}, false
}

// Steps reports whether the event is reported step by step (分步骤上报).
func (ev *AnalyticsEvent) Steps() bool { return ev.ReportType == ReportSteps }

// Fields returns the names of the fields the action reports.
func (a *AnalyticsAction) Fields() []string {
	out := make([]string, len(a.Data))
	for i, d := range a.Data {
		out[i] = d.Field
	}
	return out
}

// Describe says in a line what the action reports: `click .buy on pages/goods/goods → price = goods.price, color = "red"`.
func (a *AnalyticsAction) Describe() string {
	var b strings.Builder
	b.WriteString(a.Trigger)
	if a.Selector != "" {
		b.WriteString(" " + a.Selector)
	}
	if a.Page != "" {
		b.WriteString(" on " + a.Page)
	}
	b.WriteString(" → ")
	if len(a.Data) == 0 {
		b.WriteString("(no fields)")
	}
	for i, d := range a.Data {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.Field + " = " + d.Source)
	}
	return b.String()
}

// NormalizePage turns a page as code reports it ("/pages/a/index?x=1", "pages/a/index.html") into a
// route as app.json lists it ("pages/a/index").
func NormalizePage(p string) string {
	p = strings.TrimSpace(p)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimSuffix(p, ".html")
	return p
}

// validName checks an event ID or field name: the tool's rule is 1 to MaxAnalyticsName ASCII letters,
// digits and underscores, starting with a letter, so that the name works as a JavaScript key and a
// column name. It returns what is wrong, or "".
func validName(s string) string {
	switch {
	case s == "":
		return "it is empty"
	case len(s) > MaxAnalyticsName:
		return fmt.Sprintf("it is %d characters long; at most %d are allowed", len(s), MaxAnalyticsName)
	case !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z'):
		return "it must start with a letter"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return fmt.Sprintf("%q is not allowed; use letters, digits and _ only", r)
		}
	}
	return ""
}

// AnalyticsError is a problem in an analytics configuration: Path names the value ("events[2].fields[0].name",
// or "fields[0].name" for one event) so that an editor can point at it.
type AnalyticsError struct {
	Path string
	Msg  string
}

func (e *AnalyticsError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Validate checks one event on its own and returns the first problem, or nil. Paths are relative to the
// event ("fields[1].type").
func (ev *AnalyticsEvent) Validate() error {
	bad := func(path, format string, args ...any) error {
		return &AnalyticsError{Path: path, Msg: fmt.Sprintf(format, args...)}
	}
	if why := validName(ev.ID); why != "" {
		return bad("id", "the event ID %q is not valid: %s", ev.ID, why)
	}
	if strings.TrimSpace(ev.Name) == "" {
		return bad("name", "the event %q has no name; give it a name people will recognise, such as 购买", ev.ID)
	}
	if n := utf8.RuneCountInString(ev.Name); n > MaxAnalyticsText {
		return bad("name", "the name is %d characters long; at most %d are allowed", n, MaxAnalyticsText)
	}
	switch ev.ReportType {
	case "", ReportOnce, ReportSteps:
	default:
		return bad("reportType", "the report type must be %q (一次性上报) or %q (分步骤上报), got %q", ReportOnce, ReportSteps, ev.ReportType)
	}
	if len(ev.Fields) > MaxEventFields {
		return bad("fields", "the event has %d fields; at most %d are allowed", len(ev.Fields), MaxEventFields)
	}
	seen := map[string]int{}
	for i, f := range ev.Fields {
		p := fmt.Sprintf("fields[%d]", i)
		if why := validName(f.Name); why != "" {
			return bad(p+".name", "the field name %q is not valid: %s", f.Name, why)
		}
		if j, ok := seen[f.Name]; ok {
			return bad(p+".name", "the field %q is defined twice (fields %d and %d); rename or remove one", f.Name, j+1, i+1)
		}
		seen[f.Name] = i
		if f.Type != FieldString && f.Type != FieldNumber {
			return bad(p+".type", "the field %q must have type %q or %q, got %q", f.Name, FieldString, FieldNumber, f.Type)
		}
	}
	if len(ev.Actions) > MaxEventActions {
		return bad("actions", "the event has %d actions; at most %d are allowed", len(ev.Actions), MaxEventActions)
	}
	reported := map[string]bool{}
	for i, a := range ev.Actions {
		p := fmt.Sprintf("actions[%d]", i)
		if !slices.Contains(Triggers, a.Trigger) {
			hint := ""
			if s := suggest(a.Trigger, Triggers); s != "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			return bad(p+".trigger", "action %d has the trigger %q; use one of %s%s", i+1, a.Trigger, orList(Triggers), hint)
		}
		if a.Page == "" && !slices.Contains(AppTriggers, a.Trigger) {
			return bad(p+".page", "action %d (%s) needs the page it fires on, such as pages/index/index", i+1, a.Trigger)
		}
		for _, s := range []struct{ what, v string }{{"page", a.Page}, {"selector", a.Selector}} {
			if n := utf8.RuneCountInString(s.v); n > MaxAnalyticsText {
				return bad(p+"."+s.what, "action %d's %s is %d characters long; at most %d are allowed", i+1, s.what, n, MaxAnalyticsText)
			}
		}
		if len(a.Data) == 0 {
			return bad(p+".data", "action %d reports no field; say where at least one field's value comes from", i+1)
		}
		inAction := map[string]bool{}
		for j, d := range a.Data {
			dp := fmt.Sprintf("%s.data[%d]", p, j)
			if _, ok := ev.Field(d.Field); !ok {
				hint := ""
				if s := suggest(d.Field, fieldNames(ev.Fields)); s != "" {
					hint = fmt.Sprintf("; did you mean %q?", s)
				}
				return bad(dp+".field", "action %d reports %q, which is not a field of the event; add the field or fix the name%s", i+1, d.Field, hint)
			}
			if inAction[d.Field] {
				return bad(dp+".field", "action %d reports %q twice", i+1, d.Field)
			}
			inAction[d.Field] = true
			reported[d.Field] = true
			if strings.TrimSpace(d.Source) == "" {
				return bad(dp+".source", "action %d does not say where %q comes from; write a page data path such as goods.price, or a constant", i+1, d.Field)
			}
			if n := utf8.RuneCountInString(d.Source); n > MaxAnalyticsText {
				return bad(dp+".source", "action %d's source of %q is %d characters long; at most %d are allowed", i+1, d.Field, n, MaxAnalyticsText)
			}
		}
		if !ev.Steps() && len(ev.Fields) > 0 && len(inAction) != len(ev.Fields) {
			return bad(p+".data", "action %d reports %s but not %s; an event reported at once (一次性上报) reports every field in each action, or switch it to step by step (分步骤上报)",
				i+1, quoteList(a.Fields()), quoteList(missing(ev.Fields, inAction)))
		}
	}
	if ev.Steps() && len(ev.Actions) > 0 {
		if m := missing(ev.Fields, reported); len(m) > 0 {
			return bad("actions", "no action reports %s; every field must be reported by some step", quoteList(m))
		}
	}
	return nil
}

func fieldNames(fs []AnalyticsField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func missing(fs []AnalyticsField, have map[string]bool) []string {
	var out []string
	for _, f := range fs {
		if !have[f.Name] {
			out = append(out, f.Name)
		}
	}
	return out
}

// ValidateAnalytics checks a whole configuration: each event, and that no two share an ID. Paths are
// "events[i]...".
func ValidateAnalytics(evs []AnalyticsEvent) error {
	if len(evs) > MaxAnalyticsEvents {
		return &AnalyticsError{Path: "events", Msg: fmt.Sprintf("there are %d events; at most %d are allowed", len(evs), MaxAnalyticsEvents)}
	}
	seen := map[string]int{}
	for i := range evs {
		if err := evs[i].Validate(); err != nil {
			ae := err.(*AnalyticsError)
			return &AnalyticsError{Path: fmt.Sprintf("events[%d].%s", i, ae.Path), Msg: ae.Msg}
		}
		if j, ok := seen[evs[i].ID]; ok {
			return &AnalyticsError{Path: fmt.Sprintf("events[%d].id", i),
				Msg: fmt.Sprintf("the event ID %q is used twice (events %d and %d); event IDs must be unique", evs[i].ID, j+1, i+1)}
		}
		seen[evs[i].ID] = i
	}
	return nil
}

// analyticsDoc is the file's shape.
type analyticsDoc struct {
	Comment string           `json:"//,omitempty"`
	Events  []AnalyticsEvent `json:"events"`
}

var (
	analyticsKeys = []string{"events"}
	eventKeys     = []string{"id", "name", "reportType", "fields", "actions"}
	fieldKeys     = []string{"name", "type"}
	actionKeys    = []string{"trigger", "page", "selector", "data"}
	sourceKeysA   = []string{"field", "source"}
)

// ParseAnalytics parses and validates the content of bgfetch.analytics.json (name is ConfigError.File).
// Every error is a *ConfigError with the line and column of the offending value.
func ParseAnalytics(name string, data []byte) ([]AnalyticsEvent, error) {
	d, err := parseDoc(name, data)
	if err != nil {
		return nil, err
	}
	var evs []AnalyticsEvent
	var evNodes []*node
	err = d.walk(d.root, "", analyticsKeys, true, func(m member) error {
		if m.val.kind != kindArray {
			return d.typeErr(m.val, "events", `an array of events [{"id": ..., "name": ..., "fields": [...], "actions": [...]}]`)
		}
		for i, en := range m.val.elems {
			ev, err := d.analyticsEvent(en, fmt.Sprintf("events[%d]", i))
			if err != nil {
				return err
			}
			evs = append(evs, ev)
			evNodes = append(evNodes, en)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := ValidateAnalytics(evs); err != nil {
		ae := err.(*AnalyticsError)
		return nil, d.errAt(d.locate(d.root, ae.Path), "%s", ae.Msg)
	}
	return evs, nil
}

func (d *doc) analyticsEvent(n *node, path string) (AnalyticsEvent, error) {
	var ev AnalyticsEvent
	err := d.walk(n, path, eventKeys, true, func(m member) error {
		p := join(path, m.key)
		var err error
		switch m.key {
		case "id":
			ev.ID, err = d.str(m.val, p)
		case "name":
			ev.Name, err = d.str(m.val, p)
		case "reportType":
			ev.ReportType, err = d.oneOf(m.val, p, []string{ReportOnce, ReportSteps}, map[string]string{
				"一次性上报": ReportOnce, "分步骤上报": ReportSteps, "step": ReportSteps, "single": ReportOnce})
		case "fields":
			if m.val.kind != kindArray {
				return d.typeErr(m.val, p, `an array of fields [{"name": "price", "type": "number"}]`)
			}
			for i, fn := range m.val.elems {
				fp := fmt.Sprintf("%s[%d]", p, i)
				var f AnalyticsField
				err := d.walk(fn, fp, fieldKeys, true, func(fm member) error {
					var err error
					switch fm.key {
					case "name":
						f.Name, err = d.str(fm.val, join(fp, "name"))
					case "type":
						f.Type, err = d.oneOf(fm.val, join(fp, "type"), []string{FieldString, FieldNumber},
							map[string]string{"str": FieldString, "text": FieldString, "int": FieldNumber, "integer": FieldNumber, "float": FieldNumber, "字符串": FieldString, "数字": FieldNumber})
					}
					return err
				})
				if err != nil {
					return err
				}
				ev.Fields = append(ev.Fields, f)
			}
		case "actions":
			if m.val.kind != kindArray {
				return d.typeErr(m.val, p, `an array of actions [{"trigger": "click", "page": "pages/index/index", "data": [...]}]`)
			}
			for i, an := range m.val.elems {
				a, err := d.analyticsAction(an, fmt.Sprintf("%s[%d]", p, i))
				if err != nil {
					return err
				}
				ev.Actions = append(ev.Actions, a)
			}
		}
		return err
	})
	if ev.ReportType == "" {
		ev.ReportType = ReportOnce
	}
	return ev, err
}

func (d *doc) analyticsAction(n *node, path string) (AnalyticsAction, error) {
	var a AnalyticsAction
	err := d.walk(n, path, actionKeys, true, func(m member) error {
		p := join(path, m.key)
		var err error
		switch m.key {
		case "trigger":
			a.Trigger, err = d.str(m.val, p)
		case "page":
			if a.Page, err = d.str(m.val, p); err == nil {
				a.Page = NormalizePage(a.Page)
			}
		case "selector":
			a.Selector, err = d.str(m.val, p)
		case "data":
			if m.val.kind != kindArray {
				return d.typeErr(m.val, p, `an array [{"field": "price", "source": "goods.price"}]`)
			}
			for i, sn := range m.val.elems {
				sp := fmt.Sprintf("%s[%d]", p, i)
				var s FieldSource
				err := d.walk(sn, sp, sourceKeysA, true, func(sm member) error {
					var err error
					switch sm.key {
					case "field":
						s.Field, err = d.str(sm.val, join(sp, "field"))
					case "source":
						s.Source, err = d.str(sm.val, join(sp, "source"))
					}
					return err
				})
				if err != nil {
					return err
				}
				a.Data = append(a.Data, s)
			}
		}
		return err
	})
	return a, err
}

// locate finds the byte offset of the value a path such as "events[2].fields[0].name" names, falling back
// to the closest enclosing value that exists.
func (d *doc) locate(n *node, path string) int {
	off := n.start
	for path != "" && n != nil {
		var part string
		part, path, _ = strings.Cut(path, ".")
		key, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			key = part[:i]
			fmt.Sscanf(part[i+1:len(part)-1], "%d", &idx)
		}
		var next *node
		for _, m := range n.members {
			if m.key == key {
				next, off = m.val, m.keyStart
			}
		}
		if next == nil {
			return off
		}
		n = next
		if idx >= 0 {
			if n.kind != kindArray || idx >= len(n.elems) {
				return off
			}
			n = n.elems[idx]
			off = n.start
		}
	}
	return off
}

// MarshalAnalytics writes events as the content of bgfetch.analytics.json: indented, in a stable order,
// ending with a newline.
func MarshalAnalytics(evs []AnalyticsEvent) []byte {
	evs = slices.Clone(evs)
	if evs == nil {
		evs = []AnalyticsEvent{}
	}
	for i := range evs {
		if evs[i].Fields == nil {
			evs[i].Fields = []AnalyticsField{}
		}
		if evs[i].Actions == nil {
			evs[i].Actions = []AnalyticsAction{}
		}
	}
	doc := analyticsDoc{
		Comment: "BgFetch DevTools custom analytics (自定义分析) events; edited in the window or by hand",
		Events:  evs,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(doc) // plain structs of strings: cannot fail
	return buf.Bytes()
}

// WriteAnalytics replaces bgfetch.analytics.json in the project folder dir with evs, atomically.
func WriteAnalytics(dir string, evs []AnalyticsEvent) error {
	return WriteAnalyticsFile(filepath.Join(dir, AnalyticsFile), evs)
}

// WriteAnalyticsFile writes evs to path in bgfetch.analytics.json's format, atomically (a watcher never
// sees half a file).
func WriteAnalyticsFile(path string, evs []AnalyticsEvent) error {
	if err := ValidateAnalytics(evs); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return writeFileAtomic(path, MarshalAnalytics(evs))
}
