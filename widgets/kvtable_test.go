package widgets

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func showTable(t *testing.T, tbl *KVTable) fyne.Window {
	t.Helper()
	w := test.NewTempWindow(t, tbl)
	w.Resize(fyne.NewSize(1200, 400))
	return w
}

// cellLabel is the drawn label holding exactly text.
func cellLabel(t *testing.T, tbl *KVTable, text string) *widget.Label {
	t.Helper()
	return find(t, tbl, func(l *widget.Label) bool { return l.Visible() && l.Text == text })
}

// labelWidth is how wide a label needs to be to show s in full.
func labelWidth(s string, bold bool) float32 {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = bold
	return l.MinSize().Width
}

// drawnAtLeastCut reports whether s is drawn, in full or cut with an ellipsis.
func drawnAtLeastCut(shown []string, s string) bool {
	return slices.ContainsFunc(shown, func(x string) bool {
		return x == s || strings.HasSuffix(x, "…") && strings.HasPrefix(s, strings.TrimSuffix(x, "…"))
	})
}

func TestKVTableRows(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
	}{
		{"nil", nil},
		{"empty", [][]string{}},
		{"some", [][]string{{"content-type", "application/json"}, {"x-request-id", "abc-123"}}},
		{"short row", [][]string{{"only-key"}}},
		{"Chinese", [][]string{{"城市", "上海"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			tbl := NewKVTable("Header", "Value")
			tbl.SetRows(tt.rows)
			if !reflect.DeepEqual(tbl.Rows(), tt.rows) {
				t.Errorf("Rows() = %v, want %v", tbl.Rows(), tt.rows)
			}
			if r, c := tbl.Length(); r != len(tt.rows) || c != 2 {
				t.Errorf("Length() = %d, %d", r, c)
			}
			w := showTable(t, tbl)
			shown := texts(w.Canvas().Content())
			for _, row := range tt.rows {
				for _, cell := range row {
					if !drawnAtLeastCut(shown, cell) {
						t.Errorf("%q not drawn; drawn: %q", cell, shown)
					}
				}
			}
		})
	}
}

func TestKVTableHeaders(t *testing.T) {
	test.NewTempApp(t)
	headers := []string{"参数", "值", "来源"}
	tbl := NewKVTable(headers...)
	tbl.SetRows([][]string{{"appid", "wx123", "query"}})
	showTable(t, tbl)
	var got []string
	walk(tbl, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.TextStyle.Bold {
			got = append(got, l.Text)
		}
		return true
	})
	slices.Sort(got)
	want := slices.Clone(headers)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("bold header labels %q, want %q", got, want)
	}
}

func TestKVTableColumnWidths(t *testing.T) {
	long := strings.Repeat("very-long-header-value;", 40)
	tests := []struct {
		name    string
		max     float32
		rows    [][]string
		wantKey float32 // the width of the first column's widest text
		wantVal float32
		capped  bool // the second column is exactly the cap
	}{
		{name: "fits the content", rows: [][]string{{"a", "b"}, {"content-type", "text/html"}},
			wantKey: labelWidth("content-type", false), wantVal: labelWidth("text/html", false)},
		{name: "header wider than the cells", rows: [][]string{{"k", "v"}},
			wantKey: labelWidth("Name", true), wantVal: labelWidth("Value", true)},
		{name: "capped at the default 420", rows: [][]string{{"cookie", long}},
			wantKey: labelWidth("cookie", false), wantVal: 420, capped: true},
		{name: "capped at MaxColumnWidth", max: 200, rows: [][]string{{"cookie", long}, {"x", "y"}},
			wantKey: labelWidth("cookie", false), wantVal: 200, capped: true},
		{name: "a cap wider than the content", max: 2000, rows: [][]string{{"a", "b"}},
			wantKey: labelWidth("Name", true), wantVal: labelWidth("Value", true)},
	}
	// A column may get a little slack beyond its widest text, never more than this.
	slack := 2 * theme.Padding()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			tbl := NewKVTable("Name", "Value")
			tbl.MaxColumnWidth = tt.max
			tbl.SetRows(tt.rows)
			showTable(t, tbl)
			if got := cellLabel(t, tbl, tt.rows[0][0]).Size().Width; got < tt.wantKey || got > tt.wantKey+slack {
				t.Errorf("first column %v wide, want %v", got, tt.wantKey)
			}
			got := cellLabel(t, tbl, tt.rows[0][1]).Size().Width
			if tt.capped && got != tt.wantVal || !tt.capped && (got < tt.wantVal || got > tt.wantVal+slack) {
				t.Errorf("second column %v wide, want %v", got, tt.wantVal)
			}
		})
	}
}

func TestKVTableTruncatesLongCells(t *testing.T) {
	test.NewTempApp(t)
	tbl := NewKVTable("k", "v")
	long := strings.Repeat("x", 500)
	tbl.MaxColumnWidth = 150
	tbl.SetRows([][]string{{"key", long}})
	w := showTable(t, tbl)
	if l := cellLabel(t, tbl, long); l.Truncation != fyne.TextTruncateEllipsis {
		t.Errorf("long cell truncation %v", l.Truncation)
	}
	for _, s := range texts(w.Canvas().Content()) {
		if strings.HasPrefix(s, "xxx") && (len(s) >= len(long) || !strings.HasSuffix(s, "…")) {
			t.Errorf("long cell drawn as %d bytes %q…, want it cut with an ellipsis", len(s), s[:min(20, len(s))])
		}
	}
}

func TestKVTableSetRowsAgain(t *testing.T) {
	test.NewTempApp(t)
	tbl := NewKVTable("k", "v")
	w := showTable(t, tbl)
	tbl.SetRows([][]string{{"first", "1"}})
	tbl.SetRows([][]string{{"second", "2"}, {"third", "3"}})
	shown := texts(w.Canvas().Content())
	if drawnAtLeastCut(shown, "first") || !drawnAtLeastCut(shown, "second") || !drawnAtLeastCut(shown, "third") {
		t.Errorf("after replacing the rows, drawn %q", shown)
	}
}

// TestKVTableWidestCellShownInFull: a column sized to fit its content must show that content without an
// ellipsis.
func TestKVTableWidestCellShownInFull(t *testing.T) {
	test.NewTempApp(t)
	tbl := NewKVTable("Header", "Value")
	rows := [][]string{{"content-type", "application/json"}, {"x-request-id", "abc-123"}}
	tbl.SetRows(rows)
	shown := texts(showTable(t, tbl).Canvas().Content())
	for _, row := range rows {
		for _, cell := range row {
			if !slices.Contains(shown, cell) {
				t.Errorf("%q not drawn in full; drawn: %q", cell, shown)
			}
		}
	}
}

// TestKVTableHeaderCapped: MaxColumnWidth caps a column whatever makes it wide, the header included.
func TestKVTableHeaderCapped(t *testing.T) {
	test.NewTempApp(t)
	header := "a header much wider than the column cap"
	tbl := NewKVTable(header, "v")
	tbl.MaxColumnWidth = 100
	tbl.SetRows(nil)
	showTable(t, tbl)
	if got := cellLabel(t, tbl, header).Size().Width; got > 100 {
		t.Errorf("header column %v wide, want at most 100", got)
	}
}

// TestKVTableFitsItsWidth: four wide columns in a narrow table share its width, so the last one (比较's
// 之后) is on screen; narrow columns keep their width; a wide table keeps the natural widths.
func TestKVTableFitsItsWidth(t *testing.T) {
	tbl := NewKVTable("路径", "变化", "之前", "之后")
	long := strings.Repeat("abcdefghij", 30)
	tbl.SetRows([][]string{{"data.items[0].title", "修改", long, long + "!"}})
	w := test.NewTempWindow(t, tbl)
	w.Resize(fyne.NewSize(700, 300))
	after := cellLabel(t, tbl, long+"!") // drawn (possibly with an ellipsis: the label holds the full text)
	right := fyne.CurrentApp().Driver().AbsolutePositionForObject(after).X + after.Size().Width
	tableRight := fyne.CurrentApp().Driver().AbsolutePositionForObject(tbl).X + tbl.Size().Width
	if right > tableRight {
		t.Errorf("the last column ends at %v, past the table's right edge %v", right, tableRight)
	}
	path := cellLabel(t, tbl, "data.items[0].title")
	if path.Size().Width < labelWidth("data.items[0].title", false) {
		t.Errorf("a narrow column was cut to %v", path.Size().Width)
	}
	w.Resize(fyne.NewSize(2400, 300))
	if got := cellLabel(t, tbl, long).Size().Width; got < 400 {
		t.Errorf("in a wide table a wide column is %v, want its natural width (420)", got)
	}
}

func TestFitColumns(t *testing.T) {
	for _, c := range []struct {
		natural []float32
		avail   float32
		want    []float32
	}{
		{[]float32{100, 50, 420, 420}, 1200, []float32{100, 50, 420, 420}},
		{[]float32{100, 50, 420, 420}, 650, []float32{100, 50, 250, 250}},
		{[]float32{100, 50, 420, 420}, 200, []float32{80, 50, 80, 80}},
		{[]float32{300, 300}, 500, []float32{250, 250}},
		{nil, 300, nil},
	} {
		if got := fitColumns(c.natural, c.avail); !slices.Equal(got, c.want) {
			t.Errorf("fitColumns(%v, %v) = %v, want %v", c.natural, c.avail, got, c.want)
		}
	}
}
