package core

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/storage"
)

// AnalyticsEvent is one custom-analytics (自定义分析) event.
type AnalyticsEvent = project.AnalyticsEvent

// The custom-analytics events of an app live in the database, per appid. When the project folder holds
// bgfetch.analytics.json, that file is their source: every (re)load of the project copies its events into
// the database, and every change made in the tool is written back to it.

// AnalyticsEvents returns the custom-analytics events of the current app, in their order.
func (e *Engine) AnalyticsEvents(ctx context.Context) ([]AnalyticsEvent, error) {
	_, evs, err := e.currentEvents(ctx)
	return evs, err
}

// currentEvents returns the current project and its app's events.
func (e *Engine) currentEvents(ctx context.Context) (*project.Project, []AnalyticsEvent, error) {
	p, err := e.current()
	if err != nil {
		return nil, nil, err
	}
	evs, err := e.analyticsEvents(ctx, p.AppID)
	return p, evs, err
}

func (e *Engine) analyticsEvents(ctx context.Context, appID string) ([]AnalyticsEvent, error) {
	rows, err := e.db.AnalyticsEvents(ctx, appID)
	if err != nil {
		return nil, err
	}
	evs := make([]AnalyticsEvent, 0, len(rows))
	for _, r := range rows {
		var ev AnalyticsEvent
		if err := json.Unmarshal([]byte(r.Spec), &ev); err != nil {
			e.log.Warn("skipping an unreadable analytics event", "event", r.ID, "err", err)
			continue
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

func eventRow(ev AnalyticsEvent, at time.Time) storage.AnalyticsEventRow {
	spec, _ := json.Marshal(ev) // strings and slices of them: cannot fail
	return storage.AnalyticsEventRow{ID: ev.ID, Spec: string(spec), UpdatedAt: at}
}

// SaveAnalyticsEvent validates ev and saves it: it replaces the event oldID (so an event can be renamed)
// or, with oldID "" or unknown, adds it. Saving an ID that another event has is an error.
func (e *Engine) SaveAnalyticsEvent(ctx context.Context, oldID string, ev AnalyticsEvent) error {
	p, err := e.current()
	if err != nil {
		return err
	}
	if ev.ReportType == "" {
		ev.ReportType = project.ReportOnce
	}
	for i := range ev.Actions {
		ev.Actions[i].Page = project.NormalizePage(ev.Actions[i].Page)
	}
	if err := ev.Validate(); err != nil {
		return err
	}
	evs, err := e.analyticsEvents(ctx, p.AppID)
	if err != nil {
		return err
	}
	for _, o := range evs {
		if o.ID == ev.ID && o.ID != oldID {
			return project.EventError("id", project.MEventIDTaken.With(strconv.Quote(ev.ID)))
		}
	}
	if len(evs) >= project.MaxAnalyticsEvents && !slices.ContainsFunc(evs, func(o AnalyticsEvent) bool { return o.ID == oldID }) {
		return fmt.Errorf("the app already has %d events, the most the tool keeps; delete one first", len(evs))
	}
	if err := e.db.PutAnalyticsEvent(ctx, p.AppID, oldID, eventRow(ev, time.Now())); err != nil {
		return err
	}
	return e.analyticsSaved(ctx, p)
}

// DeleteAnalyticsEvent deletes the event id of the current app. Its reports stay in the log.
func (e *Engine) DeleteAnalyticsEvent(ctx context.Context, id string) error {
	p, err := e.current()
	if err != nil {
		return err
	}
	if err := e.db.DeleteAnalyticsEvent(ctx, p.AppID, id); err != nil {
		return err
	}
	return e.analyticsSaved(ctx, p)
}

// ReplaceAnalyticsEvents makes evs the current app's events (an import).
func (e *Engine) ReplaceAnalyticsEvents(ctx context.Context, evs []AnalyticsEvent) error {
	p, err := e.current()
	if err != nil {
		return err
	}
	if err := project.ValidateAnalytics(evs); err != nil {
		return err
	}
	if err := e.replaceEvents(ctx, p.AppID, evs); err != nil {
		return err
	}
	return e.analyticsSaved(ctx, p)
}

func (e *Engine) replaceEvents(ctx context.Context, appID string, evs []AnalyticsEvent) error {
	now := time.Now()
	rows := make([]storage.AnalyticsEventRow, len(evs))
	for i, ev := range evs {
		rows[i] = eventRow(ev, now)
	}
	err := e.db.ReplaceAnalyticsEvents(ctx, appID, rows)
	e.forgetEvents()
	return err
}

// forgetEvents drops the events Report keeps in memory, after they changed. The new (empty) cache also
// tells a reader that started before the change not to keep what it read.
func (e *Engine) forgetEvents() {
	e.mu.Lock()
	e.evCache = &eventCache{}
	e.mu.Unlock()
}

// analyticsSaved writes the events back to the project's bgfetch.analytics.json when the project has
// one, and publishes AnalyticsChanged.
func (e *Engine) analyticsSaved(ctx context.Context, p *project.Project) error {
	e.forgetEvents()
	var ferr error
	if p.HasAnalytics {
		evs, err := e.analyticsEvents(ctx, p.AppID)
		if err != nil {
			return err
		}
		if ferr = project.WriteAnalytics(p.Dir, evs); ferr != nil {
			ferr = fmt.Errorf("saved in the database, but %w", ferr)
		}
	}
	e.publish(Event{Kind: AnalyticsChanged, Project: p})
	return ferr
}

// ImportAnalytics reads a bgfetch.analytics.json file (from anywhere) and makes its events the current
// app's, returning how many there are. A file with an error changes nothing.
func (e *Engine) ImportAnalytics(ctx context.Context, path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("import analytics events: %w", err)
	}
	evs, err := project.ParseAnalytics(path, data)
	if err != nil {
		return 0, err
	}
	if err := e.ReplaceAnalyticsEvents(ctx, evs); err != nil {
		return 0, err
	}
	return len(evs), nil
}

// ExportAnalytics writes the current app's events to path in bgfetch.analytics.json's format. Exporting
// into the project folder as bgfetch.analytics.json makes that file the events' source from then on.
func (e *Engine) ExportAnalytics(ctx context.Context, path string) error {
	evs, err := e.AnalyticsEvents(ctx)
	if err != nil {
		return err
	}
	if err := project.WriteAnalyticsFile(path, evs); err != nil {
		return fmt.Errorf("export analytics events: %w", err)
	}
	e.Reload() // the file may be the project's own
	return nil
}

// syncAnalyticsFile copies the events of the project's bgfetch.analytics.json into the database when they
// differ from what it holds, and reports whether they did.
func (e *Engine) syncAnalyticsFile(p *project.Project) bool {
	if p == nil || !p.HasAnalytics {
		return false
	}
	ctx := context.Background()
	have, err := e.analyticsEvents(ctx, p.AppID)
	if err != nil {
		e.log.Warn("cannot read analytics events", "err", err)
		return false
	}
	if bytes.Equal(project.MarshalAnalytics(have), project.MarshalAnalytics(p.Analytics)) {
		return false
	}
	if err := e.replaceEvents(ctx, p.AppID, p.Analytics); err != nil {
		e.log.Warn("cannot store the events of "+project.AnalyticsFile, "err", err)
		return false
	}
	return true
}

// AnalyticsTest is the outcome of 保存并测试: the configuration in force for the test, what each action
// would report, and since when reports count for it.
type AnalyticsTest struct {
	AppID  string           `json:"appid"`
	Since  time.Time        `json:"since"`
	Events []AnalyticsEvent `json:"events"`
	Plan   []PlanLine       `json:"plan"`
}

// PlanLine says what one action of one event reports; an event without actions has one line with
// Action 0 (it can only be reported from code).
type PlanLine struct {
	Event    string   `json:"event"`
	Name     string   `json:"name"`
	Action   int      `json:"action"` // 1-based; 0 = none configured
	Trigger  string   `json:"trigger,omitempty"`
	Page     string   `json:"page,omitempty"`
	Selector string   `json:"selector,omitempty"`
	Fields   []string `json:"fields"` // "price (number) ← goods.price"
	// Limits: what a tap event cannot show of a click's selector, so the bridge snippet matches less of it.
	Limits []SelectorLimit `json:"limits,omitempty"`
}

// What a tap event cannot show of a click action's selector: a mini program's event names the element by its
// id and dataset only (currentTarget, target), never by its classes, and by its tag only on Alipay.
const (
	LimitClass       = "class"       // .x: matched against the element's data-class; Part is the class names, space-separated
	LimitTag         = "tag"         // a tag: checked only where the event has tagName (Alipay); Part is the tag
	LimitAncestors   = "ancestors"   // ".list .buy": the ancestors are not checked, only the last part; Part is the selector
	LimitUnmatchable = "unmatchable" // not an id, class, tag and [data-x=y] compound: never matched; Part is the compound
)

// SelectorLimit is one thing a tap event cannot show of a selector (Limit*).
type SelectorLimit struct {
	Kind string `json:"kind"`
	Part string `json:"part"`
}

// The selector limits as codes: the command line prints their English, the window its own language.
var (
	mLimitClass       = msg.Define("selector.class", "a tap event carries no class: the snippet matches the element's data-class={0}")
	mLimitTag         = msg.Define("selector.tag", "the tag {0} is checked on Alipay only (its events carry tagName)")
	mLimitAncestors   = msg.Define("selector.ancestors", "the ancestors in {0} cannot be checked: only the last part is matched")
	mLimitUnmatchable = msg.Define("selector.unmatchable", "{0} cannot be matched from a tap event: use #id, .class (with data-class) or [data-x=y]")
	mLimitOther       = msg.Define("selector.other", "{0} {1}")
)

// Msg says what the limit means.
func (l SelectorLimit) Msg() msg.Msg {
	switch l.Kind {
	case LimitClass:
		return mLimitClass.With(strconv.Quote(l.Part))
	case LimitTag:
		return mLimitTag.With(l.Part)
	case LimitAncestors:
		return mLimitAncestors.With(strconv.Quote(l.Part))
	case LimitUnmatchable:
		return mLimitUnmatchable.With(strconv.Quote(l.Part))
	}
	return mLimitOther.With(l.Kind, l.Part)
}

// selectorCombinator splits a selector at its combinators; selectorCompound is what the snippet can match of
// the last part (assets/bridge/bgfetch-bridge.js has the same expression).
var (
	selectorCombinator = regexp.MustCompile(`\s*[\s>+~]\s*`)
	selectorCompound   = regexp.MustCompile(`^([a-zA-Z][\w-]*|\*)?((?:[#.][\w-]+|\[[\w-]+(?:=["']?[^\]"']*["']?)?\])*)$`)
	selectorClass      = regexp.MustCompile(`\.[\w-]+`)
	selectorAttr       = regexp.MustCompile(`\[[^\]]*\]`)
)

// SelectorLimits says what the bridge snippet cannot match of a click's selector from a tap event, part by
// part of a selector list ("#a, .b").
func SelectorLimits(selector string) []SelectorLimit {
	var out []SelectorLimit
	for _, one := range strings.Split(selector, ",") {
		one = strings.TrimSpace(one)
		if one == "" {
			continue
		}
		parts := selectorCombinator.Split(one, -1)
		last := parts[len(parts)-1]
		if len(parts) > 1 {
			out = append(out, SelectorLimit{Kind: LimitAncestors, Part: one})
		}
		m := selectorCompound.FindStringSubmatch(last)
		if m == nil {
			out = append(out, SelectorLimit{Kind: LimitUnmatchable, Part: last})
			continue
		}
		if m[1] != "" && m[1] != "*" {
			out = append(out, SelectorLimit{Kind: LimitTag, Part: m[1]})
		}
		if cs := selectorClass.FindAllString(selectorAttr.ReplaceAllString(m[2], ""), -1); len(cs) > 0 {
			for i := range cs {
				cs[i] = cs[i][1:]
			}
			out = append(out, SelectorLimit{Kind: LimitClass, Part: strings.Join(cs, " ")})
		}
	}
	return out
}

// TestAnalytics is 保存并测试: it validates the current app's events as a whole and starts a test with
// them: Analytics reports what each action would report, and reports from now on are shown against this
// configuration (the bridge serves it at /config).
func (e *Engine) TestAnalytics(ctx context.Context) (*AnalyticsTest, error) {
	p, evs, err := e.currentEvents(ctx)
	if err != nil {
		return nil, err
	}
	if err := project.ValidateAnalytics(evs); err != nil {
		return nil, err
	}
	t := &AnalyticsTest{AppID: p.AppID, Since: time.Now(), Events: evs, Plan: Plan(evs)}
	e.mu.Lock()
	e.test = t
	e.mu.Unlock()
	e.publish(Event{Kind: AnalyticsChanged, Project: p})
	return t, nil
}

// StopAnalyticsTest ends the test TestAnalytics started, as closing DevTools' window does.
func (e *Engine) StopAnalyticsTest() {
	e.mu.Lock()
	e.test = nil
	p := e.proj
	e.mu.Unlock()
	e.publish(Event{Kind: AnalyticsChanged, Project: p})
}

// AnalyticsTesting returns the running test, or nil.
func (e *Engine) AnalyticsTesting() *AnalyticsTest {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.test == nil || e.proj == nil || e.test.AppID != e.proj.AppID {
		return nil
	}
	return e.test
}

// Plan lists what each action of each event reports.
func Plan(evs []AnalyticsEvent) []PlanLine {
	var out []PlanLine
	for _, ev := range evs {
		if len(ev.Actions) == 0 {
			l := PlanLine{Event: ev.ID, Name: ev.Name}
			for _, f := range ev.Fields {
				l.Fields = append(l.Fields, fmt.Sprintf("%s (%s)", f.Name, f.Type))
			}
			out = append(out, l)
			continue
		}
		for i, a := range ev.Actions {
			l := PlanLine{Event: ev.ID, Name: ev.Name, Action: i + 1, Trigger: a.Trigger, Page: a.Page, Selector: a.Selector}
			if a.Trigger == "click" {
				l.Limits = SelectorLimits(a.Selector)
			}
			for _, d := range a.Data {
				f, _ := ev.Field(d.Field)
				l.Fields = append(l.Fields, fmt.Sprintf("%s (%s) ← %s", d.Field, f.Type, d.Source))
			}
			out = append(out, l)
		}
	}
	return out
}
