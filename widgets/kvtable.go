package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// KVTable is a read-only table of rows of text with a header row, sized to its content (virtualised, so a
// long list of headers or parameters stays cheap). Selecting a cell copies nothing; it only highlights.
type KVTable struct {
	widget.Table
	Headers []string
	// MaxColumnWidth caps a column's width; 0 means 420.
	MaxColumnWidth float32

	rows [][]string
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
		t.SetColumnWidth(c, min(w+1, maxW))
	}
	t.Refresh()
}

// Rows are the rows shown.
func (t *KVTable) Rows() [][]string { return t.rows }
