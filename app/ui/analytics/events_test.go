package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/uitest"
)

// buyEvent is a valid event with one field and one click action.
func buyEvent(id string) core.AnalyticsEvent {
	return core.AnalyticsEvent{ID: id, Name: "购买 " + id, ReportType: project.ReportOnce,
		Fields: []project.AnalyticsField{{Name: "price", Type: project.FieldNumber}},
		Actions: []project.AnalyticsAction{{Trigger: "click", Page: "pages/goods/goods", Selector: ".buy",
			Data: []project.FieldSource{{Field: "price", Source: "goods.price"}}}}}
}

// seed stores events through the engine and waits until the view lists them.
func (f *fixture) seed(evs ...core.AnalyticsEvent) {
	f.t.Helper()
	for _, ev := range evs {
		if err := f.eng.SaveAnalyticsEvent(context.Background(), "", ev); err != nil {
			f.t.Fatal(err)
		}
	}
	f.p.Until(f.t, "the seeded events", func() bool { return len(f.panel.events.events) == len(evs) })
}

// storedIDs are the IDs of the engine's events, in order.
func (f *fixture) storedIDs() []string {
	f.t.Helper()
	evs, err := f.eng.AnalyticsEvents(context.Background())
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []string
	for _, ev := range evs {
		ids = append(ids, ev.ID)
	}
	return ids
}

// findButton finds a button by its text in what o draws.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// tapDialogButton taps the button with text in the dialog on top of the window.
func (f *fixture) tapDialogButton(text string) {
	f.t.Helper()
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		f.t.Fatal("no dialog")
	}
	b := findButton(top, text)
	if b == nil {
		f.t.Fatalf("no %q button in the dialog", text)
	}
	test.Tap(b)
}

func TestEventsCreateThroughTheEditor(t *testing.T) {
	f := newFixture(t)
	v := f.panel.events
	f.p.Until(t, "the empty state", func() bool { return v.empty.Visible() && !v.editor.Visible() })

	test.Tap(v.emptyNewBtn)
	if !v.editor.Visible() || !v.dirty || v.w.id.Text != "event_1" {
		t.Fatalf("new event: editor %v, dirty %v, id %q", v.editor.Visible(), v.dirty, v.w.id.Text)
	}
	v.w.id.SetText("")
	test.Type(v.w.id, "buy")
	v.w.name.SetText("")
	test.Type(v.w.name, "购买")
	v.w.reportType.SetSelected("一次性上报")
	test.Tap(v.w.addField)
	test.Type(v.w.fields[0].name, "price")
	v.w.fields[0].typ.SetSelected("数字")
	test.Tap(v.w.addField)
	test.Type(v.w.fields[1].name, "color")
	test.Tap(v.w.addAction)
	a := v.w.actions[0]
	if len(a.data) != 2 || a.data[0].field.Selected != "price" || a.data[1].field.Selected != "color" {
		t.Fatalf("an action of an event reported at once starts with every field: %+v", v.draft.Actions)
	}
	if !a.selector.Visible() || !a.page.Visible() {
		t.Error("a click action hides its page or element")
	}
	test.Type(a.page, "/pages/goods/goods?id=1")
	test.Type(a.selector, ".buy")
	test.Type(a.data[0].source, "goods.price")
	test.Type(a.data[1].source, "'red'")
	// A launch action needs no page: choosing it hides the page and the element.
	test.Tap(v.w.addAction)
	v.w.actions[1].trigger.SetSelected(triggerLabel(f.env, "launch"))
	if v.w.actions[1].page.Visible() || v.w.actions[1].selector.Visible() {
		t.Error("a launch action shows its page or element")
	}
	test.Type(v.w.actions[1].data[0].source, "0")
	test.Type(v.w.actions[1].data[1].source, "none")
	if !v.dirtyMark.Visible() || v.discardBtn.Disabled() {
		t.Error("the unsaved changes are not marked")
	}

	test.Tap(v.saveBtn)
	f.p.Until(t, "the saved event", func() bool { return !v.dirty && v.list.Length() == 1 })
	want := core.AnalyticsEvent{ID: "buy", Name: "购买", ReportType: project.ReportOnce,
		Fields: []project.AnalyticsField{{Name: "price", Type: project.FieldNumber}, {Name: "color", Type: project.FieldString}},
		Actions: []project.AnalyticsAction{
			{Trigger: "click", Page: "pages/goods/goods", Selector: ".buy",
				Data: []project.FieldSource{{Field: "price", Source: "goods.price"}, {Field: "color", Source: "'red'"}}},
			{Trigger: "launch", Data: []project.FieldSource{{Field: "price", Source: "0"}, {Field: "color", Source: "none"}}},
		}}
	evs, err := f.eng.AnalyticsEvents(context.Background())
	if err != nil || len(evs) != 1 || !reflect.DeepEqual(evs[0], want) {
		t.Fatalf("stored %+v (%v), want %+v", evs, err, want)
	}
	// The editor follows the stored event: the page as the engine normalised it.
	f.p.Until(t, "the normalised page", func() bool { return v.w.actions[0].page.Text == "pages/goods/goods" })
	if v.dirtyMark.Visible() || v.oldID != "buy" || v.title.Text != "编辑事件 buy" {
		t.Errorf("after the save: mark %v, oldID %q, title %q", v.dirtyMark.Visible(), v.oldID, v.title.Text)
	}
	// Renaming a field follows it into the actions that report it.
	v.w.fields[0].name.SetText("amount")
	if got := v.draft.Actions[0].Data[0].Field; got != "amount" || v.w.actions[0].data[0].field.Selected != "amount" {
		t.Errorf("the action still reports %q", got)
	}
	// 放弃修改 brings the stored event back.
	test.Tap(v.discardBtn)
	if v.dirty || v.w.fields[0].name.Text != "price" {
		t.Errorf("after 放弃修改: dirty %v, field %q", v.dirty, v.w.fields[0].name.Text)
	}
}

func TestEventsValidationErrorShowsInline(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(v *EventsView)
		target func(v *EventsView) fyne.CanvasObject
		msg    string
	}{
		{"empty field name", func(v *EventsView) {
			test.Tap(v.w.addField)
		}, func(v *EventsView) fyne.CanvasObject { return v.w.fields[0].name }, "字段名 \"\" 无效"},
		{"bad event ID", func(v *EventsView) {
			v.w.id.SetText("1buy")
		}, func(v *EventsView) fyne.CanvasObject { return v.w.id }, "必须以字母开头"},
		{"action without its page", func(v *EventsView) {
			test.Tap(v.w.addField)
			test.Type(v.w.fields[0].name, "price")
			test.Tap(v.w.addAction)
			test.Type(v.w.actions[0].data[0].source, "goods.price")
		}, func(v *EventsView) fyne.CanvasObject { return v.w.actions[0].page }, "需要触发的页面"},
		{"a row without a field", func(v *EventsView) {
			test.Tap(v.w.addField)
			test.Type(v.w.fields[0].name, "price")
			test.Tap(v.w.addAction)
			test.Tap(v.w.addField)
			test.Type(v.w.fields[1].name, "color")
			test.Type(v.w.actions[0].page, "pages/a")
			test.Type(v.w.actions[0].data[0].source, "goods.price")
			test.Type(v.w.actions[0].data[1].source, "goods.color")
			test.Tap(v.w.actions[0].addData) // a row with no field left to choose
		}, func(v *EventsView) fyne.CanvasObject { return v.w.actions[0].data[2].field }, "但事件没有这个字段"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			v := f.panel.events
			f.p.Until(t, "the empty state", func() bool { return v.empty.Visible() })
			test.Tap(v.emptyNewBtn)
			tc.edit(v)
			test.Tap(v.saveBtn)
			f.p.Until(t, "the error", func() bool { return v.errLabel.Visible() })
			if !strings.HasPrefix(v.errLabel.Text, "配置有误：") || !strings.Contains(v.errLabel.Text, tc.msg) || uitest.HasEnglishProse(v.errLabel.Text) {
				t.Errorf("error line %q", v.errLabel.Text)
			}
			if len(v.marked) != 1 || v.marked[0] != tc.target(v) {
				t.Errorf("marked %v", v.marked)
			}
			if e, ok := v.marked[0].(*widget.Entry); ok && !strings.Contains(test.RenderObjectToMarkup(e), `strokeColor="error"`) {
				t.Error("the entry is not drawn in the error colour")
			}
			if ids := f.storedIDs(); len(ids) != 0 || !v.dirty || !v.isNew() {
				t.Errorf("saved %v; dirty %v", ids, v.dirty)
			}
		})
	}
}

func TestEventsRenameKeepsPositionAndDelete(t *testing.T) {
	f := newFixture(t)
	v := f.panel.events
	f.seed(buyEvent("a"), buyEvent("b"), buyEvent("c"))
	if v.oldID != "a" {
		t.Fatalf("the first event is not open: %q", v.oldID)
	}
	v.list.Select(1)
	if v.oldID != "b" || v.w.id.Text != "b" {
		t.Fatalf("selecting row 1 opened %q", v.oldID)
	}
	v.w.id.SetText("b2")
	test.Tap(v.saveBtn)
	f.p.Until(t, "the rename", func() bool { return slices.Equal(f.storedIDs(), []string{"a", "b2", "c"}) && v.index("b2") == 1 })
	if v.oldID != "b2" || v.dirty {
		t.Errorf("editor on %q, dirty %v", v.oldID, v.dirty)
	}

	// Another event with unsaved changes asks first; 继续编辑 keeps the draft.
	v.w.name.SetText("changed")
	v.list.Select(2)
	f.tapDialogButton("继续编辑")
	if v.oldID != "b2" || v.w.name.Text != "changed" {
		t.Errorf("keep editing: editor on %q with %q", v.oldID, v.w.name.Text)
	}
	v.list.Select(2)
	f.tapDialogButton("放弃修改")
	if v.oldID != "c" || v.dirty {
		t.Errorf("discard: editor on %q, dirty %v", v.oldID, v.dirty)
	}

	// Delete asks, then the next event opens.
	test.Tap(v.delBtn)
	f.tapDialogButton("删除")
	f.p.Until(t, "the delete", func() bool { return len(v.events) == 2 })
	if ids := f.storedIDs(); !slices.Equal(ids, []string{"a", "b2"}) {
		t.Errorf("stored %v", ids)
	}
	f.p.Until(t, "the neighbour open", func() bool { return v.oldID == "b2" })
	v.list.Select(0)
	test.Tap(v.delBtn)
	f.tapDialogButton("删除")
	f.p.Until(t, "the second delete", func() bool { return len(v.events) == 1 && v.oldID == "b2" })
	test.Tap(v.delBtn)
	f.tapDialogButton("删除")
	f.p.Until(t, "the empty state", func() bool { return len(v.events) == 0 && v.empty.Visible() && !v.editor.Visible() })
}

func TestEventsImportExportAndSaveToProject(t *testing.T) {
	f := newFixture(t)
	v := f.panel.events
	f.p.Until(t, "the empty state", func() bool { return v.empty.Visible() })
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, project.MarshalAnalytics([]core.AnalyticsEvent{buyEvent("x"), buyEvent("y")}), 0o644); err != nil {
		t.Fatal(err)
	}
	v.importFrom(in)
	f.p.Until(t, "the imported events", func() bool { return len(v.events) == 2 && v.oldID == "x" })

	// A file with an error changes nothing.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"events": [{"id": "z", "name": "z", "fields": [{"name": "p", "type": "date"}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	v.importFrom(bad)
	f.p.Until(t, "the error dialog", func() bool { return f.win.Canvas().Overlays().Top() != nil })
	if ids := f.storedIDs(); !slices.Equal(ids, []string{"x", "y"}) {
		t.Errorf("a bad import changed the events: %v", ids)
	}
	f.win.Canvas().Overlays().Top().Hide()

	out := filepath.Join(dir, "out.json")
	v.exportTo(out)
	f.p.Until(t, "the export notice", func() bool { return strings.Contains(f.env.toast, out) })
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := project.ParseAnalytics(out, data)
	if err != nil || len(evs) != 2 || !reflect.DeepEqual(evs[0], buyEvent("x")) {
		t.Errorf("exported %+v (%v)", evs, err)
	}

	// 保存到项目 writes the project's file; from then on the view says the events are synced with it.
	if !v.toProject.Visible() || !strings.Contains(v.syncLine.Text, "数据库") {
		t.Errorf("before: button %v, line %q", v.toProject.Visible(), v.syncLine.Text)
	}
	test.Tap(v.toProject)
	f.p.Until(t, "the synced line", func() bool { return !v.toProject.Visible() && strings.Contains(v.syncLine.Text, "同步") })
	if _, err := os.Stat(filepath.Join(f.dir, project.AnalyticsFile)); err != nil {
		t.Error(err)
	}
}

func TestEventsSaveAndTestShowsThePlan(t *testing.T) {
	f := newFixture(t)
	v := f.panel.events
	f.seed(buyEvent("buy"), core.AnalyticsEvent{ID: "code_only", Name: "代码", ReportType: project.ReportOnce,
		Fields: []project.AnalyticsField{{Name: "n", Type: project.FieldNumber}}})
	if v.testBox.Visible() {
		t.Fatal("a test shows before 保存并测试")
	}
	v.w.name.SetText("购买商品")
	test.Tap(v.testBtn)
	f.p.Until(t, "the plan", func() bool { return v.testBox.Visible() && len(v.plan) == 2 })
	if evs, _ := f.eng.AnalyticsEvents(context.Background()); evs[0].Name != "购买商品" {
		t.Errorf("保存并测试 did not save: %q", evs[0].Name)
	}
	want := []planRow{
		{event: "buy", head: "buy 购买商品 · #1 click .buy 于 pages/goods/goods · ⚠ 点击事件不带 class：按元素的 data-class=\"buy\" 匹配", fields: "price (number) ⟵ goods.price"},
		{event: "code_only", head: "code_only 代码 · 仅可通过代码上报", fields: "n (number)"},
	}
	if !reflect.DeepEqual(v.plan, want) {
		t.Errorf("plan\n got %q\nwant %q", v.plan, want)
	}
	// A line of the plan opens its event.
	v.planList.Select(1)
	if v.oldID != "code_only" {
		t.Errorf("the plan's line opened %q", v.oldID)
	}
	if !strings.HasPrefix(v.testTitle.Text, "测试中，开始于 ") || f.eng.AnalyticsTesting() == nil {
		t.Errorf("title %q", v.testTitle.Text)
	}
	// A change after the start says the test still uses the old configuration.
	v.w.name.SetText("改名")
	test.Tap(v.saveBtn)
	f.p.Until(t, "the stale note", func() bool { return v.testNote.Visible() })

	test.Tap(v.stopBtn)
	f.p.Until(t, "the stopped test", func() bool { return !v.testBox.Visible() })
	if f.eng.AnalyticsTesting() != nil {
		t.Error("the engine still tests")
	}
}

func TestEventsFollowTheFileOnDisk(t *testing.T) {
	f := newFixture(t)
	v := f.panel.events
	f.p.Until(t, "the empty state", func() bool { return v.empty.Visible() })
	f.write(project.AnalyticsFile, string(project.MarshalAnalytics([]core.AnalyticsEvent{buyEvent("disk")})))
	f.eng.Reload() // the watcher does the same a moment later
	f.p.Until(t, "the event from the file", func() bool { return len(v.events) == 1 && v.oldID == "disk" })
	if v.toProject.Visible() || !strings.Contains(v.syncLine.Text, project.AnalyticsFile) {
		t.Errorf("sync line %q", v.syncLine.Text)
	}

	// An edit in the file shows in the editor when it has no unsaved changes.
	ev := buyEvent("disk")
	ev.Name = "磁盘上改过"
	f.write(project.AnalyticsFile, string(project.MarshalAnalytics([]core.AnalyticsEvent{ev, buyEvent("more")})))
	f.eng.Reload()
	f.p.Until(t, "the edited file", func() bool { return len(v.events) == 2 && v.w.name.Text == "磁盘上改过" })

	// A save in the window is written back to the file.
	v.w.name.SetText("窗口里改的")
	test.Tap(v.saveBtn)
	f.p.Until(t, "the file", func() bool {
		b, _ := os.ReadFile(filepath.Join(f.dir, project.AnalyticsFile))
		return strings.Contains(string(b), "窗口里改的")
	})
}

// TestSaveAndTestPublishesTheConfigOnTheBridge: 保存并测试 in the tab publishes the events, with each click's
// selector limits, on a bridge's GET /config (a bridge server on the same engine, real HTTP), which the
// snippet's triggers read; 停止测试 takes it down again (404).
func TestSaveAndTestPublishesTheConfigOnTheBridge(t *testing.T) {
	f := newFixture(t)
	v := f.panel.events
	srv, err := bridge.New(f.eng, bridge.Options{Addr: "127.0.0.1:0"})
	if err == nil {
		err = srv.Start()
	}
	if err != nil {
		t.Fatalf("the bridge did not start: %v", err)
	}
	defer srv.Close()
	get := func() (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/config", nil)
		req.Header.Set(bridge.KeyHeader, srv.Key())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}
	f.seed(buyEvent("buy"))
	if code, body := get(); code != http.StatusNotFound {
		t.Fatalf("before 保存并测试: %d %v", code, body)
	}
	test.Tap(v.testBtn)
	f.p.Until(t, "the plan", func() bool { return v.testBox.Visible() })
	code, body := get()
	evs, _ := body["events"].([]any)
	plan, _ := body["plan"].([]any)
	if code != http.StatusOK || len(evs) != 1 || len(plan) != 1 {
		t.Fatalf("after 保存并测试: %d %v", code, body)
	}
	ev := evs[0].(map[string]any)
	act := ev["actions"].([]any)[0].(map[string]any)
	if ev["id"] != "buy" || act["trigger"] != "click" || act["selector"] != ".buy" || act["page"] != "pages/goods/goods" {
		t.Errorf("the event on /config: %v", ev)
	}
	if lim := fmt.Sprint(plan[0].(map[string]any)["limits"]); lim != "[map[kind:class part:buy]]" {
		t.Errorf("the click's limits on /config: %s", lim)
	}
	f.p.Until(t, "停止测试 enabled", func() bool { return !v.stopBtn.Disabled() })
	test.Tap(v.stopBtn)
	f.p.Until(t, "the test stopped", func() bool { return !v.testBox.Visible() })
	if code, body := get(); code != http.StatusNotFound {
		t.Errorf("after 停止测试: %d %v", code, body)
	}
}
