package analytics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// The events editor's 保存 and 保存并测试: saving the draft through the engine, and the running test's plan.

// save hands the draft to the engine off the UI goroutine; then runs after a successful save.
func (v *EventsView) save(then func()) {
	if !v.editing || v.saving {
		return
	}
	v.clearError()
	ev, old, edits := v.collect(), v.oldID, v.edits
	v.saving = true
	v.updateChrome()
	env := v.env
	shell.Background(env, nil, func(ctx context.Context) (bool, error) {
		err := env.SaveAnalyticsEvent(ctx, old, ev)
		saved := err == nil
		if err != nil && !isEventError(err) { // a file write that failed after the database took it?
			evs, _ := env.AnalyticsEvents(ctx)
			saved = slices.ContainsFunc(evs, func(o core.AnalyticsEvent) bool { return o.ID == ev.ID && sameEvent(o, ev) })
		}
		return saved, err
	}, func(saved bool, err error) {
		v.saving = false
		if err != nil {
			v.showError(v.env.T("保存失败："), err)
		}
		if saved && v.editing && v.oldID == old {
			v.oldID = ev.ID
			v.dirty = v.edits != edits
			if err == nil {
				v.env.Toast(v.env.F("已保存事件 %s", ev.ID))
			}
			v.reload()
		}
		v.updateChrome()
		if err == nil && then != nil {
			then()
		}
	})
}

// isEventError reports whether err is a problem of the one event saved (so nothing was saved).
func isEventError(err error) bool {
	var ae *project.AnalyticsError
	return errors.As(err, &ae) && ae.Event < 0
}

// SaveAndTest is 保存并测试: it saves the draft when it has changes, then starts a test of the app's events.
func (v *EventsView) SaveAndTest() {
	if v.editing && v.dirty {
		v.save(v.startTest)
		return
	}
	v.startTest()
}

func (v *EventsView) startTest() {
	shell.Background(v.env, nil, v.env.TestAnalytics, func(test *core.AnalyticsTest, err error) {
		if err != nil {
			v.showError(v.env.T("无法开始测试："), err)
			return
		}
		v.test = test
		v.showTest()
	})
}

// StopTest stops the running test (停止测试); the window's AnalyticsChanged hides its plan.
func (v *EventsView) StopTest() {
	go v.env.StopAnalyticsTest()
}

// showTest shows the running test's plan, or hides the panel.
func (v *EventsView) showTest() {
	t := v.env.T
	defer v.body.Refresh() // the split gives the editor all the room while no test runs
	if v.test == nil {
		v.testBox.Hide()
		v.plan = nil
		return
	}
	v.testTitle.SetText(v.env.F("测试中，开始于 %s", v.test.Since.Local().Format("15:04:05")))
	v.plan = v.plan[:0]
	for _, l := range v.test.Plan {
		v.plan = append(v.plan, newPlanRow(v.env, l))
	}
	if len(v.plan) == 0 {
		v.plan = append(v.plan, planRow{head: t("没有事件：小程序的每一次上报都会被标记为未配置。")})
	}
	if string(project.MarshalAnalytics(v.test.Events)) != string(project.MarshalAnalytics(v.events)) {
		v.testNote.SetText(t("测试开始后事件又有修改：上报仍按测试开始时的配置检查。再次保存并测试以使用新的配置。"))
		v.testNote.Show()
	} else {
		v.testNote.Hide()
	}
	v.planList.Refresh()
	v.testBox.Show()
}

// planRow is one line of a test's plan as the panel shows it: what fires the event, and what it reports.
type planRow struct {
	event  string
	head   string // "buy 购买 · #1 click .buy 于 pages/goods/goods"
	fields string // "price (number) ⟵ goods.price, color (string) ⟵ 'red'"
}

func newPlanRow(s shell.Shell, l core.PlanLine) planRow {
	var b strings.Builder
	b.WriteString(l.Event + " " + l.Name + " · ")
	if l.Action == 0 {
		b.WriteString(s.T("仅可通过代码上报"))
	} else {
		fmt.Fprintf(&b, "#%d %s", l.Action, l.Trigger)
		if l.Selector != "" {
			b.WriteString(" " + l.Selector)
		}
		if l.Page != "" {
			b.WriteString(" " + s.F("于 %s", l.Page))
		}
		for _, lim := range l.Limits {
			b.WriteString(" · ⚠ " + s.Say(lim.Msg()))
		}
	}
	// "← " (and "→ ") followed by a space draws a stray box through Fyne's font fallback; ⟵ draws cleanly.
	fields := strings.ReplaceAll(strings.Join(l.Fields, ", "), "← ", "⟵ ")
	if fields == "" {
		fields = s.T("（没有字段）")
	}
	return planRow{event: l.Event, head: b.String(), fields: fields}
}
