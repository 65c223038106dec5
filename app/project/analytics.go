package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/msg"
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
func validName(s string) msg.Msg {
	switch {
	case s == "":
		return mNameEmpty.With()
	case len(s) > MaxAnalyticsName:
		return mNameLong.With(len(s), MaxAnalyticsName)
	case !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z'):
		return mNameLetter.With()
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return mNameChar.With(strconv.QuoteRune(r))
		}
	}
	return msg.Msg{}
}

// AnalyticsError is a problem in an analytics configuration: Path names the value ("events[2].fields[0].name",
// or "fields[0].name" for one event); the fields after M say the same as data, so that an editor can point
// at the value without parsing Path.
type AnalyticsError struct {
	Path string
	Msg  string  // in English
	M    msg.Msg // Msg as a message code
	// Event is the event's index in the configuration (events[Event]), or -1 when the error is about one event
	// on its own (Validate) or about the whole list.
	Event int
	// Key is the event's key the error is about: "id", "name", "reportType", "fields" or "actions"; "" for
	// the whole list.
	Key string
	// Index is the field (fields[Index]) or action (actions[Index]), or -1 when the error is about the list.
	Index int
	// Sub is the field's or action's key ("name", "type"; "trigger", "page", "selector", "data"), or "".
	Sub string
	// Data is the action's data entry (actions[Index].data[Data]), or -1; DataKey its key, "field" or "source".
	Data    int
	DataKey string
}

// EventError is an *AnalyticsError about key of one event on its own ("id", "name", ...), saying m.
func EventError(key string, m msg.Msg) *AnalyticsError {
	return &AnalyticsError{Path: key, Msg: m.English(), M: m, Event: -1, Key: key, Index: -1, Data: -1}
}

// eventErr is an *AnalyticsError about fields[i] or actions[i] (sub their key, "" for the item), or about
// actions[i].data[j] (dataKey its key).
func eventErr(key string, i int, sub string, j int, dataKey string, m msg.Msg) *AnalyticsError {
	e := EventError(key, m)
	e.Index, e.Sub, e.Data, e.DataKey = i, sub, j, dataKey
	e.Path = e.path()
	return e
}

// path is the value's path, as Path holds it.
func (e *AnalyticsError) path() string {
	p := e.Key
	if e.Index >= 0 {
		p += fmt.Sprintf("[%d]", e.Index)
	}
	if e.Sub != "" {
		p += "." + e.Sub
	}
	if e.Data >= 0 {
		p += fmt.Sprintf("[%d]", e.Data)
		if e.DataKey != "" {
			p += "." + e.DataKey
		}
	}
	if e.Event >= 0 {
		p = fmt.Sprintf("events[%d].%s", e.Event, p)
	}
	return p
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
	if why := validName(ev.ID); !why.IsZero() {
		return EventError("id", mEventID.With(q(ev.ID), why))
	}
	if strings.TrimSpace(ev.Name) == "" {
		return EventError("name", mEventNoName.With(q(ev.ID)))
	}
	if n := utf8.RuneCountInString(ev.Name); n > MaxAnalyticsText {
		return EventError("name", mEventNameLong.With(n, MaxAnalyticsText))
	}
	switch ev.ReportType {
	case "", ReportOnce, ReportSteps:
	default:
		return EventError("reportType", mEventReportType.With(q(ReportOnce), q(ReportSteps), q(ev.ReportType)))
	}
	if len(ev.Fields) > MaxEventFields {
		return EventError("fields", mEventFields.With(len(ev.Fields), MaxEventFields))
	}
	seen := map[string]int{}
	for i, f := range ev.Fields {
		if why := validName(f.Name); !why.IsZero() {
			return eventErr("fields", i, "name", -1, "", mFieldName.With(q(f.Name), why))
		}
		if j, ok := seen[f.Name]; ok {
			return eventErr("fields", i, "name", -1, "", mFieldTwice.With(q(f.Name), j+1, i+1))
		}
		seen[f.Name] = i
		if f.Type != FieldString && f.Type != FieldNumber {
			return eventErr("fields", i, "type", -1, "", mFieldType.With(q(f.Name), q(FieldString), q(FieldNumber), q(f.Type)))
		}
	}
	if len(ev.Actions) > MaxEventActions {
		return EventError("actions", mEventActions.With(len(ev.Actions), MaxEventActions))
	}
	reported := map[string]bool{}
	for i, a := range ev.Actions {
		if !slices.Contains(Triggers, a.Trigger) {
			var hint any = ""
			if s := suggest(a.Trigger, Triggers); s != "" {
				hint = mDidYouMean.With(q(s))
			}
			return eventErr("actions", i, "trigger", -1, "", mActionTrigger.With(i+1, q(a.Trigger), orMsg(Triggers), hint))
		}
		if a.Page == "" && !slices.Contains(AppTriggers, a.Trigger) {
			return eventErr("actions", i, "page", -1, "", mActionPage.With(i+1, a.Trigger))
		}
		for _, s := range []struct {
			what string
			m    msg.Def
			v    string
		}{{"page", mActionPageLong, a.Page}, {"selector", mActionSelectorLong, a.Selector}} {
			if n := utf8.RuneCountInString(s.v); n > MaxAnalyticsText {
				return eventErr("actions", i, s.what, -1, "", s.m.With(i+1, n, MaxAnalyticsText))
			}
		}
		if len(a.Data) == 0 {
			return eventErr("actions", i, "data", -1, "", mActionNoData.With(i+1))
		}
		inAction := map[string]bool{}
		for j, d := range a.Data {
			if _, ok := ev.Field(d.Field); !ok {
				var hint any = ""
				if s := suggest(d.Field, fieldNames(ev.Fields)); s != "" {
					hint = mDidYouMean.With(q(s))
				}
				return eventErr("actions", i, "data", j, "field", mDataNoField.With(i+1, q(d.Field), hint))
			}
			if inAction[d.Field] {
				return eventErr("actions", i, "data", j, "field", mDataTwice.With(i+1, q(d.Field)))
			}
			inAction[d.Field] = true
			reported[d.Field] = true
			if strings.TrimSpace(d.Source) == "" {
				return eventErr("actions", i, "data", j, "source", mDataNoSource.With(i+1, q(d.Field)))
			}
			if n := utf8.RuneCountInString(d.Source); n > MaxAnalyticsText {
				return eventErr("actions", i, "data", j, "source", mDataSourceLong.With(i+1, q(d.Field), n, MaxAnalyticsText))
			}
		}
		if !ev.Steps() && len(ev.Fields) > 0 && len(inAction) != len(ev.Fields) {
			return eventErr("actions", i, "data", -1, "", mActionNotAll.With(i+1, quoteList(a.Fields()), quoteList(missing(ev.Fields, inAction))))
		}
	}
	if ev.Steps() && len(ev.Actions) > 0 {
		if m := missing(ev.Fields, reported); len(m) > 0 {
			return EventError("actions", mStepsMissing.With(quoteList(m)))
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
		return EventError("events", mTooManyEvents.With(len(evs), MaxAnalyticsEvents))
	}
	seen := map[string]int{}
	for i := range evs {
		if err := evs[i].Validate(); err != nil {
			ae := *err.(*AnalyticsError)
			ae.Event = i
			ae.Path = ae.path()
			return &ae
		}
		if j, ok := seen[evs[i].ID]; ok {
			ae := EventError("id", mEventIDTwice.With(q(evs[i].ID), j+1, i+1))
			ae.Event = i
			ae.Path = ae.path()
			return ae
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
			return d.typeErr(m.val, "events", mWantEvents.With())
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
		return nil, d.errAt(d.locate(d.root, ae.Path), ae.M)
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
				return d.typeErr(m.val, p, mWantFields.With())
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
				return d.typeErr(m.val, p, mWantActions.With())
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
				return d.typeErr(m.val, p, mWantData.With())
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
