package widgets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

var viewerSize = fyne.NewSize(900, 500)

// matchLabel is the default "%d/%d" match label.
var matchLabel = regexp.MustCompile(`^\d+/\d+$`)

// searchBody pretty-prints to 14 lines; "alpha" is on rows 3 and 9 (0-based), "name" on rows 3, 6 and 9.
const searchBody = `{"items":[{"name":"Alpha"},{"name":"beta"},{"name":"ALPHABET"}],"total":3}`

func pretty(t testing.TB, body string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, bytes.TrimSpace([]byte(body)), "", "  "); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// unwrapped is what the viewer should show for a body whose lines are all shorter than any wrap width.
func unwrapped(body string, prettyMode bool) []Line {
	lines, _ := FormatBody([]byte(body), prettyMode, 1<<20)
	return lines
}

func containsText(all []string, s string) bool {
	return slices.ContainsFunc(all, func(x string) bool { return strings.Contains(x, s) })
}

// selection follows the viewer's list selection through its callbacks.
type selection struct{ rows []int }

func trackSelection(t *testing.T, v *BodyViewer) (*selection, *widget.List) {
	t.Helper()
	list := find[*widget.List](t, v, nil)
	s := &selection{}
	onSel, onUnsel := list.OnSelected, list.OnUnselected
	list.OnSelected = func(id widget.ListItemID) {
		s.rows = append(s.rows, id)
		if onSel != nil {
			onSel(id)
		}
	}
	list.OnUnselected = func(id widget.ListItemID) {
		s.rows = slices.DeleteFunc(s.rows, func(r int) bool { return r == id })
		if onUnsel != nil {
			onUnsel(id)
		}
	}
	return s, list
}

func TestBodyViewerSetBodyNow(t *testing.T) {
	tests := []struct {
		name     string
		body     []byte
		wantRows []string // substrings of rendered rows
		isEmpty  bool
	}{
		{name: "JSON object", body: []byte(`{"appid":"wx123","data":{"list":[1,2]}}`),
			wantRows: []string{`"appid": "wx123",`, `"list": [`, `    }`}},
		{name: "plain text", body: []byte("first line\nsecond line"), wantRows: []string{"first line", "second line"}},
		{name: "Chinese JSON", body: []byte(`{"城市":"上海","标签":["小程序"]}`), wantRows: []string{`"城市": "上海",`, `"小程序"`}},
		{name: "empty body", body: []byte{}, isEmpty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, w, _, _ := showViewer(t, viewerSize, nil)
			v.SetBodyNow(tt.body)

			if want := unwrapped(string(tt.body), true); !reflect.DeepEqual(v.Lines(), want) {
				t.Fatalf("Lines() = %+v, want %+v", v.Lines(), want)
			}
			if !bytes.Equal(v.Body(), tt.body) {
				t.Errorf("Body() = %q", v.Body())
			}
			if got := v.Gauge().Bytes(); got != int64(len(tt.body)) {
				t.Errorf("gauge = %d bytes, want %d", got, len(tt.body))
			}
			if !tt.isEmpty { // an empty viewer has no list yet (it would load the monospace CJK face)
				list := find[*widget.List](t, v, nil)
				if list.Length() != len(v.Lines()) {
					t.Errorf("list length %d, %d lines", list.Length(), len(v.Lines()))
				}
			}
			shown := texts(w.Canvas().Content())
			for _, s := range tt.wantRows {
				if !containsText(shown, s) {
					t.Errorf("no row shows %q; shown: %q", s, shown)
				}
			}
			if got := containsText(shown, DefaultBodyLabels.Empty); got != tt.isEmpty {
				t.Errorf("%q shown = %v, want %v", DefaultBodyLabels.Empty, got, tt.isEmpty)
			}
			if button(t, v, DefaultBodyLabels.Copy).Disabled() {
				t.Error("Copy is disabled with a body")
			}
		})
	}
}

func TestBodyViewerRowsShowLineNumbers(t *testing.T) {
	v, w, _, _ := showViewer(t, viewerSize, nil)
	long := strings.Repeat("长", 300)
	v.SetBodyNow([]byte(`{"a":"` + long + `","b":2}`))
	shown := texts(w.Canvas().Content())
	// A numbered row shows its number; a continuation row shows none, so that line numbers stay the
	// numbers of the formatted body.
	for _, want := range []string{"1  {", `2    "a": "长`, `3    "b": 2`, "4  }"} {
		if !containsText(shown, want) {
			t.Errorf("no row shows %q", want)
		}
	}
	for _, l := range v.Lines() {
		if l.Cont && l.No != 2 {
			t.Errorf("continuation of line %d, only line 2 is long", l.No)
		}
	}
}

func TestBodyViewerSearch(t *testing.T) {
	v, w, _, _ := showViewer(t, viewerSize, nil)
	v.SetBodyNow([]byte(searchBody))
	sel, _ := trackSelection(t, v)
	found := func() string {
		t.Helper()
		for _, s := range texts(w.Canvas().Content()) {
			if matchLabel.MatchString(s) || s == DefaultBodyLabels.NoMatch {
				return s
			}
		}
		return ""
	}

	steps := []struct {
		name      string
		do        func() int // returns the count when the step is a search, -1 otherwise
		wantCount int
		wantRow   int // -1: nothing selected
		wantFound string
	}{
		{"search is case-insensitive", func() int { return v.Search("alpha") }, 2, 3, "1/2"},
		{"next", func() int { v.Next(); return -1 }, -1, 9, "2/2"},
		{"next wraps around", func() int { v.Next(); return -1 }, -1, 3, "1/2"},
		{"another query", func() int { return v.Search("NAME") }, 3, 3, "1/3"},
		{"next", func() int { v.Next(); return -1 }, -1, 6, "2/3"},
		{"no match", func() int { return v.Search("zzz") }, 0, -1, DefaultBodyLabels.NoMatch},
		{"next without matches does nothing", func() int { v.Next(); return -1 }, -1, -1, DefaultBodyLabels.NoMatch},
		{"a single match", func() int { return v.Search(`"total"`) }, 1, 12, "1/1"},
		{"next on a single match stays", func() int { v.Next(); return -1 }, -1, 12, "1/1"},
		{"empty query clears", func() int { return v.Search("") }, 0, -1, ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if n := st.do(); n != st.wantCount {
				t.Errorf("count = %d, want %d", n, st.wantCount)
			}
			want := []int{}
			if st.wantRow >= 0 {
				want = []int{st.wantRow}
			}
			if !slices.Equal(sel.rows, want) && !(len(sel.rows) == 0 && len(want) == 0) {
				t.Errorf("selected rows %v, want %v", sel.rows, want)
			}
			if got := found(); got != st.wantFound {
				t.Errorf("match label %q, want %q", got, st.wantFound)
			}
		})
	}
}

func TestBodyViewerSearchByTypingAndEnter(t *testing.T) {
	v, _, _, _ := showViewer(t, viewerSize, nil)
	v.SetBodyNow([]byte(searchBody))
	sel, _ := trackSelection(t, v)
	entry := find(t, v, func(e *widget.Entry) bool { return e.PlaceHolder == DefaultBodyLabels.Search })

	test.Type(entry, "beta")
	if !slices.Equal(sel.rows, []int{6}) {
		t.Fatalf("after typing, selected %v, want [6]", sel.rows)
	}
	entry.SetText("alpha")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !slices.Equal(sel.rows, []int{9}) {
		t.Fatalf("after Enter, selected %v, want [9]", sel.rows)
	}
}

func TestBodyViewerSearchScrollsAndNewBodyResets(t *testing.T) {
	v, w, _, _ := showViewer(t, viewerSize, nil)
	body := prettyBody()
	v.SetBodyNow(body)
	sel, list := trackSelection(t, v)

	var users []struct {
		Email string `json:"email"`
	}
	if err := json.Unmarshal(body, &users); err != nil {
		t.Fatal(err)
	}
	last := users[len(users)-1].Email
	if n := v.Search(last); n != 1 {
		t.Fatalf("Search(%q) = %d, want 1", last, n)
	}
	row := slices.IndexFunc(v.Lines(), func(l Line) bool { return strings.Contains(l.Text, last) })
	if !slices.Equal(sel.rows, []int{row}) {
		t.Errorf("selected %v, want [%d]", sel.rows, row)
	}
	if list.GetScrollOffset() <= 0 {
		t.Errorf("scroll offset %v after selecting row %d of %d", list.GetScrollOffset(), row, len(v.Lines()))
	}
	if !containsText(texts(w.Canvas().Content()), last) {
		t.Errorf("the matching row %d is not on screen", row)
	}

	// A new body keeps the query: the search runs again on the new rows.
	v.SetBodyNow([]byte(`{"email":"` + last + `"}`))
	if !slices.Equal(sel.rows, []int{1}) {
		t.Errorf("after a new body with one match, selected %v, want [1]", sel.rows)
	}
	v.Search("")
	v.SetBodyNow(body)
	if len(sel.rows) != 0 {
		t.Errorf("selected %v after a new body without a query", sel.rows)
	}
	if list.GetScrollOffset() != 0 {
		t.Errorf("a new body is shown at offset %v, want the top", list.GetScrollOffset())
	}
}

func TestBodyViewerModeSwitch(t *testing.T) {
	v, _, _, q := showViewer(t, viewerSize, nil)
	v.SetBodyNow([]byte(searchBody))
	radio := find[*widget.RadioGroup](t, v, nil)
	if !slices.Equal(radio.Options, []string{DefaultBodyLabels.Pretty, DefaultBodyLabels.Raw}) || radio.Selected != DefaultBodyLabels.Pretty {
		t.Fatalf("radio %v selected %q", radio.Options, radio.Selected)
	}

	steps := []struct {
		mode      string
		wantLines []Line
		wantText  string
	}{
		{DefaultBodyLabels.Raw, unwrapped(searchBody, false), searchBody},
		{DefaultBodyLabels.Pretty, unwrapped(searchBody, true), pretty(t, searchBody)},
		{DefaultBodyLabels.Raw, unwrapped(searchBody, false), searchBody},
	}
	for _, st := range steps {
		t.Run(st.mode, func(t *testing.T) {
			radio.SetSelected(st.mode)
			if got := v.Text(); got != st.wantText {
				t.Errorf("Text() = %q, want %q", got, st.wantText)
			}
			q.waitFor(t, "the rows of "+st.mode, func() bool { return reflect.DeepEqual(v.Lines(), st.wantLines) })
		})
	}

	// The mode stays for the next body.
	v.SetBodyNow([]byte(`{"b":1}`))
	if want := unwrapped(`{"b":1}`, false); !reflect.DeepEqual(v.Lines(), want) {
		t.Errorf("raw mode, new body: Lines() = %+v, want %+v", v.Lines(), want)
	}
}

func TestBodyViewerTextOfNonJSON(t *testing.T) {
	v, _, _, _ := showViewer(t, viewerSize, nil)
	for _, body := range []string{"plain\ttext\r\n", `{"broken":`, "  "} {
		v.SetBodyNow([]byte(body))
		if got := v.Text(); got != body {
			t.Errorf("Text() = %q, want the body %q", got, body)
		}
	}
	v.SetBodyNow([]byte("\n  {\"a\":[1]}\n"))
	if got, want := v.Text(), "{\n  \"a\": [\n    1\n  ]\n}"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}

func TestBodyViewerCopy(t *testing.T) {
	v, _, a, q := showViewer(t, viewerSize, nil)
	v.SetBodyNow([]byte(searchBody))
	copyBtn := button(t, v, DefaultBodyLabels.Copy)

	test.Tap(copyBtn)
	if got, want := a.Clipboard().Content(), pretty(t, searchBody); got != want {
		t.Errorf("clipboard %q, want the pretty body %q", got, want)
	}
	find[*widget.RadioGroup](t, v, nil).SetSelected(DefaultBodyLabels.Raw)
	q.waitFor(t, "raw rows", func() bool { return len(v.Lines()) == 1 })
	test.Tap(copyBtn)
	if got := a.Clipboard().Content(); got != searchBody {
		t.Errorf("clipboard %q, want the raw body", got)
	}

	v.Clear()
	a.Clipboard().SetContent("kept")
	if !copyBtn.Disabled() {
		t.Error("Copy is enabled with no body")
	}
	test.Tap(copyBtn)
	if got := a.Clipboard().Content(); got != "kept" {
		t.Errorf("a disabled Copy changed the clipboard to %q", got)
	}
}

func TestBodyViewerSave(t *testing.T) {
	t.Run("OnSave set", func(t *testing.T) {
		var saved [][]byte
		v, _, _, _ := showViewer(t, viewerSize, func(v *BodyViewer) {
			v.OnSave = func(b []byte) { saved = append(saved, b) }
		})
		save := button(t, v, DefaultBodyLabels.Save)
		if !save.Visible() {
			t.Fatal("Save is hidden with OnSave set")
		}
		if !save.Disabled() {
			t.Error("Save is enabled before a body is set")
		}
		test.Tap(save)
		if len(saved) != 0 {
			t.Fatal("OnSave called with no body")
		}
		body := []byte(searchBody)
		v.SetBodyNow(body)
		test.Tap(save)
		if len(saved) != 1 || !bytes.Equal(saved[0], body) {
			t.Fatalf("OnSave got %q, want the body once", saved)
		}
	})
	t.Run("OnSave nil", func(t *testing.T) {
		v, _, _, _ := showViewer(t, viewerSize, nil)
		v.SetBodyNow([]byte(searchBody))
		if button(t, v, DefaultBodyLabels.Save).Visible() {
			t.Error("Save is shown without OnSave")
		}
	})
}

func TestBodyViewerClear(t *testing.T) {
	v, w, _, _ := showViewer(t, viewerSize, nil)
	v.SetBodyNow([]byte(searchBody))
	sel, _ := trackSelection(t, v)
	v.Search("alpha")

	v.Clear()
	if v.Lines() != nil || v.Body() != nil {
		t.Errorf("Lines() = %v, Body() = %q after Clear", v.Lines(), v.Body())
	}
	if v.Text() != "" {
		t.Errorf("Text() = %q after Clear", v.Text())
	}
	if v.Gauge().Bytes() != -1 || v.Gauge().Caption() != "" {
		t.Errorf("gauge %d %q after Clear", v.Gauge().Bytes(), v.Gauge().Caption())
	}
	if len(sel.rows) != 0 {
		t.Errorf("rows %v still selected", sel.rows)
	}
	if find[*widget.List](t, v, nil).Length() != 0 {
		t.Error("the list still has rows")
	}
	shown := texts(w.Canvas().Content())
	if !containsText(shown, DefaultBodyLabels.Empty) {
		t.Errorf("%q not shown after Clear: %q", DefaultBodyLabels.Empty, shown)
	}
	if !button(t, v, DefaultBodyLabels.Copy).Disabled() {
		t.Error("Copy is enabled after Clear")
	}
}

func TestBodyViewerSetBodyAsync(t *testing.T) {
	// These two go through fyne.Do (v.Do nil) and wait for every update they start.
	viaFyneDo := func(v *BodyViewer) { v.Do = nil }
	t.Run("shows the lines", func(t *testing.T) {
		v, _, _, q := showViewer(t, viewerSize, viaFyneDo)
		body := []byte(searchBody)
		v.SetBody(body)
		if v.Gauge().Bytes() != int64(len(body)) {
			t.Errorf("the gauge is not set at once: %d", v.Gauge().Bytes())
		}
		want := unwrapped(searchBody, true)
		q.waitFor(t, "the lines", func() bool { return reflect.DeepEqual(v.Lines(), want) })
	})
	t.Run("the last body wins", func(t *testing.T) {
		v, _, _, q := showViewer(t, viewerSize, viaFyneDo)
		before := q.ran
		v.SetBody(prettyBody()) // slow to format: its result comes last and must be dropped
		v.SetBody([]byte(`{"last":true}`))
		want := unwrapped(`{"last":true}`, true)
		q.waitFor(t, "both results", func() bool { return q.ran-before >= 2 })
		if !reflect.DeepEqual(v.Lines(), want) {
			t.Errorf("Lines() = %.200v, want the last body's", v.Lines())
		}
	})
	t.Run("before the viewer is shown", func(t *testing.T) {
		_, q := newTestApp(t)
		v := NewBodyViewer()
		v.Do = q.do
		v.SetBody([]byte(searchBody))
		w := test.NewTempWindow(t, v)
		w.Resize(viewerSize)
		want := unwrapped(searchBody, true)
		q.waitFor(t, "the lines", func() bool { return reflect.DeepEqual(v.Lines(), want) })
		if !containsText(texts(w.Canvas().Content()), `"name": "ALPHABET"`) {
			t.Error("the rows are not drawn")
		}
	})
	t.Run("Do runs the update", func(t *testing.T) {
		v, _, _, _ := showViewer(t, viewerSize, nil)
		calls := make(chan func(), 1)
		v.Do = func(f func()) { calls <- f }
		v.SetBody([]byte(searchBody))
		(<-calls)()
		if want := unwrapped(searchBody, true); !reflect.DeepEqual(v.Lines(), want) {
			t.Errorf("Lines() = %+v, want %+v", v.Lines(), want)
		}
	})
}

func TestBodyViewerSetBodyNowBeforeShown(t *testing.T) {
	_, q := newTestApp(t)
	v := NewBodyViewer()
	v.Do = q.do // showing it re-wraps the body for the window's width
	v.SetBodyNow([]byte(searchBody))
	if want := unwrapped(searchBody, true); !reflect.DeepEqual(v.Lines(), want) {
		t.Fatalf("Lines() = %+v", v.Lines())
	}
	w := test.NewTempWindow(t, v)
	w.Resize(viewerSize)
	if !containsText(texts(w.Canvas().Content()), `"name": "Alpha"`) {
		t.Error("the rows are not drawn")
	}
}

// TestBodyViewerLongLineFitsTheWidth checks a 256KB single-line body in the viewer: every row is a full
// share of the line, the rows join back into the body, and the drawn rows fit inside the list.
func TestBodyViewerLongLineFitsTheWidth(t *testing.T) {
	body := singleLineBody()
	for _, width := range []float32{1200, 700} {
		t.Run(fmt.Sprintf("%.0f px", width), func(t *testing.T) {
			v, _, _, q := showViewer(t, fyne.NewSize(width, 500), nil)
			v.SetBodyNow(body)
			q.pump()
			lines := v.Lines()
			n := utf8.RuneCountInString(lines[0].Text)
			if want := (utf8.RuneCount(body) + n - 1) / n; len(lines) != want {
				t.Fatalf("%d rows of %d runes, want %d", len(lines), n, want)
			}
			for i, l := range lines {
				if l.No != 1 || l.Cont != (i > 0) || (i < len(lines)-1 && utf8.RuneCountInString(l.Text) != n) {
					t.Fatalf("row %d = {No %d, Cont %v, %d runes}", i, l.No, l.Cont, utf8.RuneCountInString(l.Text))
				}
			}
			if got := joinWrapped(lines); len(got) != 1 || got[0] != string(body) {
				t.Fatal("the rows do not join back into the body")
			}
			list := find[*widget.List](t, v, nil)
			rowsDrawn := 0
			walk(list, func(o fyne.CanvasObject) bool {
				if txt, ok := o.(*canvas.Text); ok && o.Visible() && strings.Contains(txt.Text, `"k":`) {
					rowsDrawn++
					if w := txt.MinSize().Width; w > list.Size().Width {
						t.Errorf("a row is %.0f wide, the list %.0f: %q", w, list.Size().Width, txt.Text)
						return false
					}
				}
				return true
			})
			if rowsDrawn == 0 {
				t.Error("no row drawn")
			}
		})
	}
}

func TestBodyViewerLabels(t *testing.T) {
	zh := BodyLabels{Pretty: "格式化", Raw: "原文", Search: "搜索", Copy: "复制", Save: "保存…", Empty: "无内容",
		Matches: "第%d个，共%d个", NoMatch: "无匹配"}
	v, w, _, _ := showViewer(t, viewerSize, func(v *BodyViewer) {
		v.Labels = zh
		v.OnSave = func([]byte) {}
	})
	button(t, v, zh.Copy)
	button(t, v, zh.Save)
	find(t, v, func(e *widget.Entry) bool { return e.PlaceHolder == zh.Search })
	radio := find[*widget.RadioGroup](t, v, nil)
	if !slices.Equal(radio.Options, []string{zh.Pretty, zh.Raw}) || radio.Selected != zh.Pretty {
		t.Errorf("radio %v selected %q", radio.Options, radio.Selected)
	}
	if !containsText(texts(w.Canvas().Content()), zh.Empty) {
		t.Errorf("%q not shown", zh.Empty)
	}
	v.SetBodyNow([]byte(searchBody))
	v.Search("alpha")
	if !containsText(texts(w.Canvas().Content()), "第1个，共2个") {
		t.Error("the match label does not use Labels.Matches")
	}
	v.Search("zzz")
	if !containsText(texts(w.Canvas().Content()), zh.NoMatch) {
		t.Error("the match label does not use Labels.NoMatch")
	}
	radio.SetSelected(zh.Raw)
	if v.Text() != searchBody {
		t.Error("the translated Raw option does not switch to raw")
	}
}

// TestBodyViewerRender keeps a picture of the viewer: pretty JSON with line numbers, a wrapped line, a
// search match selected, the gauge, Copy and Save.
func TestBodyViewerRender(t *testing.T) {
	v, w, _, _ := showViewer(t, fyne.NewSize(640, 300), func(v *BodyViewer) { v.OnSave = func([]byte) {} })
	v.SetBodyNow([]byte(`{"errcode":0,"errmsg":"ok","data":{"token":"` + strings.Repeat("0123456789abcdef", 8) +
		`","expires_in":7200,"list":[{"id":1,"title":"first"},{"id":2,"title":"second"}]}}`))
	v.Search("title")
	test.AssertImageMatches(t, "bodyviewer.png", w.Canvas().Capture())
}

// TestBodyViewerModeSwitchAfterClear: switching Pretty/Raw on an empty viewer leaves it empty.
func TestBodyViewerModeSwitchAfterClear(t *testing.T) {
	v, _, _, q := showViewer(t, viewerSize, nil)
	v.SetBodyNow([]byte(searchBody))
	v.Clear()
	before := q.ran
	find[*widget.RadioGroup](t, v, nil).SetSelected(DefaultBodyLabels.Raw)
	q.pump()
	if q.ran != before {
		t.Errorf("an empty viewer formatted something on a mode switch")
	}
	if v.Gauge().Bytes() != -1 || v.Body() != nil || v.Lines() != nil {
		t.Errorf("after Clear and a mode switch: gauge %q, body %q, %d rows", v.Gauge().Caption(), v.Body(), len(v.Lines()))
	}
}

// TestBodyViewerSearchBeforeShown: Search on a viewer that has no renderer yet must not panic.
func TestBodyViewerSearchBeforeShown(t *testing.T) {
	newTestApp(t)
	v := NewBodyViewer()
	v.SetBodyNow([]byte(searchBody))
	if n := v.Search("alpha"); n != 2 {
		t.Errorf("Search = %d, want 2", n)
	}
}

// TestBodyViewerResizeKeepsTheMatch: re-wrapping on a resize keeps the current match selected.
func TestBodyViewerResizeKeepsTheMatch(t *testing.T) {
	v, w, _, q := showViewer(t, fyne.NewSize(900, 500), nil)
	v.SetBodyNow(prettyBody())
	sel, _ := trackSelection(t, v)
	v.Search("上海")
	v.Next()
	v.Next()
	v.Next() // the 4th match
	line := v.Lines()[sel.rows[0]].No
	before := q.ran
	w.Resize(fyne.NewSize(700, 500))
	q.waitFor(t, "the re-wrap", func() bool { return q.ran > before })
	if len(sel.rows) != 1 || v.Lines()[sel.rows[0]].No != line {
		t.Errorf("after a resize, selected %v, want the row of line %d", sel.rows, line)
	}
}

func TestWideSegments(t *testing.T) {
	for s, want := range map[string][]string{
		"":                      {""},
		"abc":                   {"abc"},
		"国":                     {"国"},
		`  "title": "周期性更新入门",`: {`  "title": "`, "周期性更新入门", `",`},
		"今日推荐 · Today's picks":  {"今日推荐", " · Today's picks"},
	} {
		if got := wideSegments(s); !slices.Equal(got, want) {
			t.Errorf("wideSegments(%q) = %q, want %q", s, got, want)
		}
	}
}

// zhBodyLabels are the viewer's labels as the Chinese window gives them.
var zhBodyLabels = BodyLabels{Pretty: "格式化", Raw: "原文", Search: "搜索", Copy: "复制", Save: "保存…",
	Empty: "没有缓存数据", Matches: "%d/%d", NoMatch: "无匹配"}

// cjkBody has rows of Chinese beside rows of ASCII, a mixed row and a wrapped Chinese line.
const cjkBody = `{"errcode":0,"errmsg":"ok","data":{"title":"今日推荐","items":[{"id":1,"name":"红烧肉 Braised pork","price":38},` +
	`{"id":2,"name":"清蒸鲈鱼","price":68}],"notice":"本店周一至周五 10:00–22:00 营业，周末及法定节假日照常营业，欢迎提前预订包间与外卖配送服务。","ascii":"plain"}}`

// TestBodyViewerGolden draws a body with CJK rows in zh and en labels, light and dark, with a search
// match selected: the Chinese rows sit on the ASCII rows' baseline and height.
func TestBodyViewerGolden(t *testing.T) {
	assertGoldens(t, "bodyviewer", func(t *testing.T, lang string, q *uiQueue) (fyne.CanvasObject, fyne.Size) {
		v := NewBodyViewer()
		v.Do = q.do
		if lang == "zh" {
			v.Labels = zhBodyLabels
		}
		v.OnSave = func([]byte) {}
		v.SetBodyNow([]byte(cjkBody))
		v.Search("name")
		return v, fyne.NewSize(640, 340)
	})
}
