package widgets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// WrapWidth is where the viewer breaks long lines: a 256KB body on one line becomes about 2,000 rows of a
// virtualised list instead of one row that would lay out 262,144 cells.
const WrapWidth = 120

// Line is one display row of a body.
type Line struct {
	No   int    // the line number in the formatted body, 1-based
	Text string // at most WrapWidth runes
	Cont bool   // a continuation of the previous row's line
}

// FormatBody turns a body into display rows: pretty-printed (indent 2) when pretty is set and the body is
// JSON, as it is otherwise; long lines wrapped at width monospace cells (a CJK rune counts two); tabs expanded, invalid UTF-8 shown as U+FFFD.
// It is a pure function so it can run off the UI goroutine.
func FormatBody(body []byte, pretty bool, width int) (lines []Line, isJSON bool) {
	text := body
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && json.Valid(trimmed) {
		isJSON = true
		if pretty {
			var buf bytes.Buffer
			buf.Grow(len(body) + len(body)/4)
			if json.Indent(&buf, trimmed, "", "  ") == nil {
				text = buf.Bytes()
			}
		}
	}
	if width <= 0 {
		width = WrapWidth
	}
	s := string(text)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "\t\r") {
		s = strings.NewReplacer("\t", "    ", "\r\n", "\n", "\r", "\n").Replace(s)
	}
	lines = make([]Line, 0, strings.Count(s, "\n")+1)
	for no := 1; ; no++ {
		raw, rest, more := strings.Cut(s, "\n")
		cont := false
		for {
			cut, n := len(raw), 0
			for i, r := range raw {
				w := 1
				if isWide(r) { // a CJK glyph is about two monospace cells wide
					w = 2
				}
				if n+w > width && n > 0 { // a row holds at least one rune, however narrow
					cut = i
					break
				}
				n += w
			}
			lines = append(lines, Line{No: no, Text: raw[:cut], Cont: cont})
			if cut == len(raw) {
				break
			}
			raw, cont = raw[cut:], true
		}
		if !more {
			break
		}
		s = rest
	}
	if len(lines) == 1 && lines[0].Text == "" && len(body) == 0 {
		return nil, false
	}
	return lines, isJSON
}

// BodyLabels are the viewer's words, so the app can translate them.
type BodyLabels struct {
	Pretty, Raw, Search, Copy, Save, Empty string
	Matches                                string // format with the current match and the count: "%d/%d"
	NoMatch                                string
}

// DefaultBodyLabels are English.
var DefaultBodyLabels = BodyLabels{Pretty: "Pretty", Raw: "Raw", Search: "Search", Copy: "Copy", Save: "Save…",
	Empty: "(empty)", Matches: "%d/%d", NoMatch: "no match"}

// BodyViewer shows a response body: pretty JSON or raw text in a virtualised list, a size gauge against
// 256KB, search (Enter for the next match), copy and save.
type BodyViewer struct {
	widget.BaseWidget
	Labels BodyLabels
	// OnSave is called with the body when Save is tapped; nil hides the button.
	OnSave func(body []byte)
	// Do runs f on the UI goroutine once a body is formatted; nil means fyne.Do.
	Do func(f func())

	body    []byte
	wrap    int // the wrap width in runes, from the viewer's width
	resizes int // counts resizes, to re-wrap once the size has settled
	lines   []Line
	isJSON  bool
	pretty  bool
	gen     int
	matches []int
	current int

	list    *widget.List
	rows    *fyne.Container // the list (once it has had lines, attached) and the empty note, stacked
	gauge   *SizeGauge
	mode    *widget.RadioGroup
	search  *widget.Entry
	found   *widget.Label
	copyBtn *widget.Button
	saveBtn *widget.Button
	empty   *widget.Label
}

var _ fyne.Widget = (*BodyViewer)(nil)

// NewBodyViewer returns an empty viewer with English labels; set Labels before it is shown to translate.
func NewBodyViewer() *BodyViewer {
	v := &BodyViewer{Labels: DefaultBodyLabels, pretty: true, gauge: NewSizeGauge(), wrap: WrapWidth,
		found: widget.NewLabel(""), current: -1}
	v.gauge.SetBytes(-1)
	v.search = &widget.Entry{OnChanged: v.runSearch, OnSubmitted: func(string) { v.Next() }}
	v.ExtendBaseWidget(v)
	return v
}

// Gauge is the viewer's size gauge, to set its caption.
func (v *BodyViewer) Gauge() *SizeGauge { return v.gauge }

// SetBody shows body; formatting runs off the UI goroutine and the result is applied with Do (fyne.Do),
// so a 256KB body does not stall the window. Call it on the UI goroutine.
func (v *BodyViewer) SetBody(body []byte) {
	v.body = body
	v.gauge.SetBytes(int64(len(body)))
	v.format(nil)
}

// format formats the body off the UI goroutine and applies it, keeping place (when not nil).
func (v *BodyViewer) format(keep *place) {
	v.gen++
	gen, pretty, wrap, body := v.gen, v.pretty, v.wrapWidth(), v.body
	do := v.Do
	if do == nil {
		do = fyne.Do
	}
	go func() {
		lines, isJSON := FormatBody(body, pretty, wrap)
		do(func() {
			if gen == v.gen {
				v.apply(lines, isJSON, keep)
			}
		})
	}()
}

// SetBodyNow is SetBody done on the calling goroutine: for tests and benchmarks.
func (v *BodyViewer) SetBodyNow(body []byte) {
	v.body = body
	v.gen++
	v.gauge.SetBytes(int64(len(body)))
	lines, isJSON := FormatBody(body, v.pretty, v.wrapWidth())
	v.apply(lines, isJSON, nil)
}

// wrapWidth is where the body's lines wrap: what fits the viewer's width (wrapColumns), measured once the
// viewer has a body.
func (v *BodyViewer) wrapWidth() int {
	if v.wrap == 0 {
		v.wrap = wrapColumns(v.Size().Width)
	}
	return v.wrap
}

// place is where the reader is: the source line of the current match, or else of the top row.
type place struct{ matchLine, topLine int }

// Resize re-wraps the body when the width changes, so that long lines wrap where the viewer ends. The
// re-wrap waits until the size has settled (dragging a splitter resizes many times) and keeps the
// reader's place: the current match, or else the line at the top.
func (v *BodyViewer) Resize(s fyne.Size) {
	v.BaseWidget.Resize(s)
	if v.body == nil {
		// Measured when a body comes (wrapWidth): measuring a monospace cell loads a font, under a Chinese
		// locale the system's monospace CJK face (15 MB), which an empty viewer need not.
		v.wrap = 0
		return
	}
	cols := wrapColumns(s.Width)
	if cols == v.wrap {
		return
	}
	v.wrap = cols
	if v.body == nil {
		return
	}
	v.resizes++
	n := v.resizes
	do := v.Do
	if do == nil {
		do = fyne.Do
	}
	time.AfterFunc(120*time.Millisecond, func() {
		do(func() {
			if n == v.resizes {
				v.format(v.currentPlace())
			}
		})
	})
}

func (v *BodyViewer) currentPlace() *place {
	p := &place{matchLine: -1, topLine: -1}
	if v.current >= 0 && v.current < len(v.matches) && v.matches[v.current] < len(v.lines) {
		p.matchLine = v.lines[v.matches[v.current]].No
	}
	if v.attached() {
		if row := int(v.list.GetScrollOffset() / rowHeight()); row >= 0 && row < len(v.lines) {
			p.topLine = v.lines[row].No
		}
	}
	return p
}

// rowHeight is the height of one row of the viewer's list (the template's text plus its padding).
func rowHeight() float32 {
	return fyne.MeasureText("国Ag", theme.TextSize(), fyne.TextStyle{Monospace: true}).Height + 2 + theme.Padding()
}

// wrapColumns is how many monospace cells fit beside the line-number prefix in width.
func wrapColumns(width float32) int {
	cell := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{Monospace: true}).Width
	if cell <= 0 || width <= 0 {
		return WrapWidth
	}
	cols := int((width-4*theme.Padding()-theme.ScrollBarSize())/cell) - 7
	return min(max(cols, 40), 400)
}

// attached reports whether the list is in the viewer (apply puts it there with the first lines).
func (v *BodyViewer) attached() bool { return v.rows != nil && v.rows.Objects[0] == v.list }

// Clear empties the viewer.
func (v *BodyViewer) Clear() {
	v.body = nil
	v.gen++
	v.gauge.SetBytes(-1)
	v.apply(nil, false, nil)
}

// Body is the body shown.
func (v *BodyViewer) Body() []byte { return v.body }

// Lines is what the viewer displays.
func (v *BodyViewer) Lines() []Line { return v.lines }

func (v *BodyViewer) apply(lines []Line, isJSON bool, keep *place) {
	v.lines, v.isJSON = lines, isJSON
	v.matches, v.current = nil, -1
	if v.list == nil {
		v.runSearch(v.search.Text)
		return
	}
	if len(lines) > 0 && !v.attached() {
		// The list goes into the viewer with its first lines: a List measures its row template (monospace,
		// with a CJK glyph) when it is first laid out, and under a Chinese locale fyne then loads the
		// system's monospace CJK face (15 MB of font tables), which an empty viewer need not
		// (docs/performance.md).
		v.rows.Objects = []fyne.CanvasObject{v.list, v.empty}
		v.rows.Refresh()
	}
	if v.attached() {
		v.list.MinSize() // makes sure the list has its renderer (and scroller) before it is scrolled
		v.list.UnselectAll()
		v.list.ScrollToTop()
		v.list.Refresh()
	}
	if len(lines) == 0 {
		v.empty.Show()
	} else {
		v.empty.Hide()
	}
	if v.body == nil {
		v.copyBtn.Disable()
		v.saveBtn.Disable()
	} else {
		v.copyBtn.Enable()
		v.saveBtn.Enable()
	}
	v.runSearch(v.search.Text)
	if keep == nil {
		return
	}
	if keep.matchLine >= 0 {
		for i, row := range v.matches {
			if v.lines[row].No == keep.matchLine {
				v.current = i - 1
				v.Next()
				return
			}
		}
	}
	if keep.topLine >= 0 {
		for i, l := range v.lines {
			if l.No == keep.topLine {
				v.list.ScrollTo(i)
				return
			}
		}
	}
}

// Search highlights the first line containing q (case-insensitive); Next moves to the next one. It returns
// the number of matching rows.
func (v *BodyViewer) Search(q string) int {
	v.search.SetText(q) // OnChanged runs the search
	return len(v.matches)
}

func (v *BodyViewer) runSearch(q string) {
	v.matches, v.current = nil, -1
	if q = strings.ToLower(q); q != "" {
		for i, l := range v.lines {
			if strings.Contains(strings.ToLower(l.Text), q) {
				v.matches = append(v.matches, i)
			}
		}
	}
	if len(v.matches) > 0 {
		v.Next()
		return
	}
	if v.attached() {
		v.list.UnselectAll()
	}
	switch {
	case q == "":
		v.found.SetText("")
	default:
		v.found.SetText(v.Labels.NoMatch)
	}
}

// Next moves to the next match, wrapping around.
func (v *BodyViewer) Next() {
	if len(v.matches) == 0 {
		return
	}
	v.current = (v.current + 1) % len(v.matches)
	row := v.matches[v.current]
	if v.attached() {
		v.list.ScrollTo(row)
		v.list.Select(row)
	}
	v.found.SetText(fmt.Sprintf(v.Labels.Matches, v.current+1, len(v.matches)))
}

// Text is the body as the current mode shows it (pretty or raw), for copying.
func (v *BodyViewer) Text() string {
	if v.pretty && v.isJSON {
		var buf bytes.Buffer
		if json.Indent(&buf, bytes.TrimSpace(v.body), "", "  ") == nil {
			return buf.String()
		}
	}
	return string(v.body)
}

// CreateRenderer is part of fyne.Widget.
func (v *BodyViewer) CreateRenderer() fyne.WidgetRenderer {
	v.list = &widget.List{
		Length: func() int { return len(v.lines) },
		CreateItem: func() fyne.CanvasObject {
			// canvas.Text, not Label: one text object per row, and rows as tight as a code editor's.
			// The template's text decides every row's height: include a CJK glyph, which the fallback
			// font draws taller than ASCII, so that Chinese rows are not clipped.
			txt := canvas.NewText("国Ag", theme.Color(theme.ColorNameForeground))
			txt.TextStyle.Monospace = true
			return container.New(&cjkRow{}, txt)
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(v.lines) {
				return
			}
			l := v.lines[id]
			prefix := fmt.Sprintf("%5d  ", l.No)
			if l.Cont {
				prefix = "    ↪  "
			}
			setRowText(o.(*fyne.Container), prefix+l.Text,
				v.Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant()))
		},
	}
	v.list.HideSeparators = true
	v.mode = widget.NewRadioGroup([]string{v.Labels.Pretty, v.Labels.Raw}, func(s string) {
		pretty := s != v.Labels.Raw
		if pretty != v.pretty {
			v.pretty = pretty
			if v.body != nil {
				v.SetBody(v.body)
			}
		}
	})
	v.mode.Horizontal = true
	v.mode.Required = true
	v.mode.SetSelected(v.Labels.Pretty)
	v.search.PlaceHolder = v.Labels.Search
	v.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	v.copyBtn = &widget.Button{Text: v.Labels.Copy, Icon: theme.ContentCopyIcon(), Importance: widget.LowImportance, OnTapped: v.copy}
	v.saveBtn = &widget.Button{Text: v.Labels.Save, Icon: theme.DocumentSaveIcon(), Importance: widget.LowImportance, OnTapped: func() {
		if v.OnSave != nil {
			v.OnSave(v.body)
		}
	}}
	if v.OnSave == nil {
		v.saveBtn.Hide()
	}
	v.empty = widget.NewLabel(v.Labels.Empty)
	v.empty.Importance = widget.LowImportance
	v.empty.Alignment = fyne.TextAlignCenter
	v.rows = container.NewStack(v.empty) // the list joins it with the first lines (apply)
	searchBox := container.NewGridWrap(fyne.NewSize(220, v.search.MinSize().Height), v.search)
	bar := container.NewHBox(v.mode, searchBox, v.found, layout.NewSpacer(), v.copyBtn, v.saveBtn)
	top := container.NewVBox(bar, v.gauge)
	v.apply(v.lines, v.isJSON, nil)
	if v.body != nil && v.lines == nil {
		v.SetBody(v.body)
	}
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, v.rows))
}

func (v *BodyViewer) copy() {
	fyne.CurrentApp().Clipboard().SetContent(v.Text())
}

// cjkRow lays out one row of the viewer (with the padding of a tight code editor's row) as canvas.Text
// segments: runs of CJK and runs of the rest. Fyne puts a text's baseline at the largest ascent among the
// fonts it is drawn with but sizes its image by the primary font, so one text mixing Chinese and ASCII
// draws lower than an ASCII row and loses its descenders. Each CJK segment is lifted by the difference
// instead, so every row shares one baseline and nothing is cut.
type cjkRow struct{}

func (*cjkRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := theme.Padding()
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		txt := o.(*canvas.Text)
		drop := float32(0)
		if hasWide(txt.Text) {
			drop = cjkDrop(txt.TextSize, txt.TextStyle)
		}
		w := txt.MinSize().Width
		txt.Move(fyne.NewPos(x, 1-drop))
		txt.Resize(fyne.NewSize(w, size.Height-2+drop))
		x += w
	}
}

func (*cjkRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	size := fyne.NewSize(theme.Padding(), 0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		size = fyne.NewSize(size.Width+m.Width, max(size.Height, m.Height+2))
	}
	return size
}

// setRowText puts s into a row of cjkRow segments, reusing the row's text objects.
func setRowText(row *fyne.Container, s string, c color.Color) {
	segs := wideSegments(s)
	for len(row.Objects) < len(segs) {
		t := canvas.NewText("", c)
		t.TextStyle.Monospace = true
		row.Objects = append(row.Objects, t)
	}
	// Extra segments stay, hidden, for the next row that needs them: a scrolled list reuses its rows.
	for i, o := range row.Objects {
		t := o.(*canvas.Text)
		if i < len(segs) {
			t.Text, t.Color = segs[i], c
			t.Show()
		} else {
			t.Text = ""
			t.Hide()
		}
	}
	row.Refresh()
}

// wideSegments splits s into runs of CJK runes and runs of the others ("" gives one empty segment).
func wideSegments(s string) []string {
	var out []string
	start, wide := 0, false
	for i, r := range s {
		w := isWide(r)
		if i > start && w != wide {
			out = append(out, s[start:i])
			start = i
		}
		wide = w
	}
	return append(out, s[start:])
}

// isWide reports whether r is from the CJK blocks (or later ones, emoji included): the monospace font does
// not draw it, and it takes about two monospace cells.
func isWide(r rune) bool { return r >= 0x2E80 }

// hasWide reports whether s has a wide rune.
func hasWide(s string) bool { return strings.ContainsFunc(s, isWide) }

var cjkDrops sync.Map // cjkDropKey → float32

type cjkDropKey struct {
	size  float32
	style fyne.TextStyle
}

// cjkDrop is how much lower (in Fyne units) a text with a CJK glyph puts its baseline than an ASCII text,
// measured once per size by drawing "H" and "国H" in memory and comparing where the H's ink ends. Fyne
// does not report it: its baseline measure is the primary font's.
func cjkDrop(size float32, style fyne.TextStyle) float32 {
	key := cjkDropKey{size, style}
	if d, ok := cjkDrops.Load(key); ok {
		return d.(float32)
	}
	bottom := func(s string) int {
		txt := canvas.NewText(s, color.Black)
		txt.TextSize, txt.TextStyle = size, style
		c := software.NewCanvas()
		c.SetPadded(false)
		c.SetContent(txt)
		c.Resize(txt.MinSize().Add(fyne.NewSize(0, size))) // room below for a dropped baseline
		img := c.Capture()
		b := img.Bounds()
		bg := img.At(b.Max.X-1, b.Max.Y-1) // below the text: the canvas's background
		hw := int(fyne.MeasureText("H", size, style).Width * c.Scale())
		for y := b.Max.Y - 1; y >= b.Min.Y; y-- {
			for x := b.Min.X + int(txt.MinSize().Width*c.Scale()) - hw; x < b.Max.X; x++ {
				if img.At(x, y) != bg {
					return y
				}
			}
		}
		return 0
	}
	d := max(float32(bottom("国H")-bottom("H")), 0)
	cjkDrops.Store(key, d)
	return d
}
