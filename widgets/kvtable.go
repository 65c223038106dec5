package widgets

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KVTable is a read-only table of rows of text with a header row, sized to its content (virtualised, so a
// long list of headers or parameters stays cheap). Selecting a cell copies nothing; it only highlights.
type KVTable struct {
	widget.Table
	Headers []string
	// MaxColumnWidth caps a column's width; 0 means 420.
	MaxColumnWidth float32

	rows    [][]string
	natural []float32 // each column's width for its widest cell (capped), before fitting to the table's width
	fitted  []float32 // the widths set last
	width   float32   // the width the columns were fitted to
}

// NewKVTable returns a table with these column headers.
func NewKVTable(headers ...string) *KVTable {
	t := &KVTable{Headers: headers}
	t.Length = func() (int, int) { return len(t.rows), len(t.Headers) }
	t.CreateCell = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		text := ""
		if id.Row < len(t.rows) && id.Col < len(t.rows[id.Row]) {
			text = t.rows[id.Row][id.Col]
		}
		o.(*widget.Label).SetText(text)
	}
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(t.Headers) {
			o.(*widget.Label).SetText(t.Headers[id.Col])
		}
	}
	t.ExtendBaseWidget(t)
	return t
}

// SetRows replaces the rows and sizes the columns to fit them.
func (t *KVTable) SetRows(rows [][]string) {
	t.rows = rows
	maxW := t.MaxColumnWidth
	if maxW == 0 {
		maxW = 420
	}
	probe := widget.NewLabel("")
	t.natural = t.natural[:0]
	for c := range t.Headers {
		probe.TextStyle.Bold = true
		probe.SetText(t.Headers[c])
		w := probe.MinSize().Width
		probe.TextStyle.Bold = false
		for _, r := range rows {
			if c < len(r) {
				probe.SetText(r[c])
				w = max(w, probe.MinSize().Width)
			}
			if w >= maxW {
				break
			}
		}
		// One pixel of slack: a truncating label sized exactly to its text draws an ellipsis.
		t.natural = append(t.natural, min(w+1, maxW))
	}
	t.fitted = nil
	t.fit()
	t.Refresh()
}

// Resize fits the columns to the new width.
func (t *KVTable) Resize(size fyne.Size) {
	t.Table.Resize(size)
	if size.Width != t.width {
		t.width = size.Width
		t.fit()
	}
}

// fit gives the columns their natural widths when they fit the table, else shares the width out so that no
// column leaves the view: the narrow ones keep their width and the wide ones split what is left equally
// (never below 80), so a table's last column (比较's 之后) is not off to the right.
func (t *KVTable) fit() {
	widths := fitColumns(t.natural, t.width-theme.ScrollBarSize()-theme.Padding())
	if slices.Equal(widths, t.fitted) {
		return
	}
	t.fitted = widths
	for c, w := range widths {
		t.SetColumnWidth(c, w)
	}
}

// fitColumns is the widths for natural widths in avail: water-filling, with a floor of 80 per column.
func fitColumns(natural []float32, avail float32) []float32 {
	out := slices.Clone(natural)
	var sum float32
	for _, w := range natural {
		sum += w
	}
	if avail <= 0 || sum <= avail {
		return out
	}
	sorted := slices.Clone(natural)
	slices.Sort(sorted)
	left, n := avail, len(sorted)
	limit := sorted[n-1]
	for i, w := range sorted {
		share := left / float32(n-i)
		if w > share {
			limit = share
			break
		}
		left -= w
	}
	limit = max(limit, 80)
	for i, w := range out {
		out[i] = min(w, limit)
	}
	return out
}

// Rows are the rows shown.
func (t *KVTable) Rows() [][]string { return t.rows }
