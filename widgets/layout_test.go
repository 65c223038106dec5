package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestColumnsLayout: pixel widths first, shares of the rest after; an icon square and centred; objects
// past the widths hidden; the minimum the pixel widths and the tallest object.
func TestColumnsLayout(t *testing.T) {
	test.NewTempApp(t)
	icon := widget.NewIcon(theme.ConfirmIcon())
	a, b, c, extra := widget.NewLabel("a"), widget.NewLabel("b"), widget.NewLabel("c"), widget.NewLabel("extra")
	cols := Columns{24, 100, 0.25, 0.75}
	objs := []fyne.CanvasObject{icon, a, b, c, extra}
	cols.Layout(objs, fyne.NewSize(524, 40))
	for _, tc := range []struct {
		name      string
		o         fyne.CanvasObject
		pos       fyne.Position
		size      fyne.Size
		wantShown bool
	}{
		{"icon", icon, fyne.NewPos(0, 8), fyne.NewSize(24, 24), true},
		{"pixels", a, fyne.NewPos(24, 0), fyne.NewSize(100, 40), true},
		{"a quarter of the rest", b, fyne.NewPos(124, 0), fyne.NewSize(100, 40), true},
		{"three quarters", c, fyne.NewPos(224, 0), fyne.NewSize(300, 40), true},
		{"past the widths", extra, extra.Position(), extra.Size(), false},
	} {
		if tc.o.Position() != tc.pos || tc.o.Size() != tc.size || tc.o.Visible() != tc.wantShown {
			t.Errorf("%s: at %v size %v shown %v, want %v %v %v", tc.name, tc.o.Position(), tc.o.Size(), tc.o.Visible(), tc.pos, tc.size, tc.wantShown)
		}
	}
	if m := cols.MinSize(objs); m.Width != 124 || m.Height != a.MinSize().Height {
		t.Errorf("MinSize %v, want 124 × %v", m, a.MinSize().Height)
	}
	// Narrower than the pixel widths: the shares get nothing, never a negative width.
	cols.Layout(objs, fyne.NewSize(100, 40))
	if b.Size().Width != 0 || c.Size().Width != 0 {
		t.Errorf("shares in a narrow row: %v, %v", b.Size(), c.Size())
	}
}

// TestLinesLayout: the lines overlap by the inner padding (no gap between their texts), the indent moves
// them right and narrows them, and the minimum grows with it.
func TestLinesLayout(t *testing.T) {
	test.NewTempApp(t)
	title, sub := widget.NewLabel("title"), widget.NewLabel("sub")
	sub.SizeName = theme.SizeNameCaptionText
	objs := []fyne.CanvasObject{title, sub}
	l := &Lines{}
	l.Layout(objs, fyne.NewSize(300, 60))
	if title.Position() != fyne.NewPos(0, 0) || sub.Position().Y != title.MinSize().Height-theme.InnerPadding() || sub.Size().Width != 300 {
		t.Errorf("title at %v, sub at %v size %v", title.Position(), sub.Position(), sub.Size())
	}
	m := l.MinSize(objs)
	l.Indent = 20
	l.Layout(objs, fyne.NewSize(300, 60))
	if sub.Position().X != 20 || sub.Size().Width != 280 {
		t.Errorf("indented sub at %v size %v", sub.Position(), sub.Size())
	}
	if mi := l.MinSize(objs); mi.Width != m.Width+20 || mi.Height != m.Height {
		t.Errorf("indented MinSize %v, unindented %v", mi, m)
	}
}

// TestTwoLineRow: a bold line over a caption, both cut with an ellipsis, as a list's rows expect them.
func TestTwoLineRow(t *testing.T) {
	test.NewTempApp(t)
	c := TwoLineRow().(*fyne.Container)
	top, info := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
	if !top.TextStyle.Bold || top.Truncation != fyne.TextTruncateEllipsis || info.SizeName != theme.SizeNameCaptionText || info.Truncation != fyne.TextTruncateEllipsis {
		t.Errorf("top %+v, info %+v", top, info)
	}
}

var columnRows = map[string][][]string{
	"en": {{"Time", "Event", "Page", "Status"}, {"12-01 21:00:05", "buy", "pages/index/index", "ok · 3 fields"},
		{"12-01 21:00:09", "share", "pages/detail/detail?id=42&from=share", "2 problems"}},
	"zh": {{"时间", "事件", "页面", "状态"}, {"12-01 21:00:05", "buy 购买", "pages/index/index", "正常 · 3 个字段"},
		{"12-01 21:00:09", "share 分享", "pages/detail/detail?id=42&from=share", "2 个问题"}},
}

// TestColumnsGolden draws a header and two rows in columns (an icon, a fixed time, then shares of the
// rest), the last cell cut with an ellipsis.
func TestColumnsGolden(t *testing.T) {
	assertGoldens(t, "columns", func(t *testing.T, lang string, _ *uiQueue) (fyne.CanvasObject, fyne.Size) {
		cols := Columns{24, 120, 0.25, 0.45, 0.3}
		rows := container.NewVBox()
		for i, cells := range columnRows[lang] {
			var icon fyne.Resource
			switch i {
			case 1:
				icon = theme.NewSuccessThemedResource(theme.ConfirmIcon())
			case 2:
				icon = theme.NewErrorThemedResource(theme.WarningIcon())
			}
			objs := []fyne.CanvasObject{widget.NewIcon(icon)}
			for _, s := range cells {
				l := widget.NewLabel(s)
				l.Truncation = fyne.TextTruncateEllipsis
				l.TextStyle.Bold = i == 0
				objs = append(objs, l)
			}
			rows.Add(container.New(cols, objs...))
		}
		return rows, fyne.NewSize(520, rows.MinSize().Height+2*theme.Padding())
	})
}

var linesRows = map[string][][2]string{
	"en": {{"buy Purchase", "12 reports, 1 with problems  ·  first 12-01 21:00:05"}, {"color · string  ·  12 times, 3 values", "red ×7, blue ×4, green ×1"}},
	"zh": {{"buy 购买", "12 条上报，其中 1 条有问题  ·  首次 12-01 21:00:05"}, {"color · 字符串  ·  12 次，3 个不同值", "red ×7, blue ×4, green ×1"}},
}

// TestLinesGolden draws an event (bold) and one of its fields (indented), each a title over a caption
// with no gap, as 数据同步 lists them.
func TestLinesGolden(t *testing.T) {
	assertGoldens(t, "lines", func(t *testing.T, lang string, _ *uiQueue) (fyne.CanvasObject, fyne.Size) {
		rows := container.NewVBox()
		for i, r := range linesRows[lang] {
			title, sub := widget.NewLabel(r[0]), widget.NewLabel(r[1])
			title.TextStyle.Bold = i == 0
			sub.SizeName = theme.SizeNameCaptionText
			l := &Lines{}
			if i > 0 {
				l.Indent = 4 * theme.Padding()
			}
			rows.Add(container.New(l, title, sub))
		}
		return rows, fyne.NewSize(420, rows.MinSize().Height+2*theme.Padding())
	})
}

// TestTwoLineRowGolden draws two rows of a list: an event and its summary.
func TestTwoLineRowGolden(t *testing.T) {
	assertGoldens(t, "twolinerow", func(t *testing.T, lang string, _ *uiQueue) (fyne.CanvasObject, fyne.Size) {
		rows := container.NewVBox()
		for _, r := range linesRows[lang] {
			row := TwoLineRow().(*fyne.Container)
			row.Objects[0].(*widget.Label).SetText(r[0])
			row.Objects[1].(*widget.Label).SetText(r[1])
			rows.Add(row)
		}
		return rows, fyne.NewSize(420, rows.MinSize().Height+2*theme.Padding())
	})
}
