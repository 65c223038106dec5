package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// palette is the command palette (Ctrl+Shift+P or Ctrl+K): type to filter the actions by their Chinese or
// English label or id, ↑/↓ to choose, Enter to run, Esc to close.
type palette struct {
	u       *UI
	popup   *widget.PopUp
	entry   *paletteEntry
	list    *widget.List
	matches []string // action ids, in table order
	sel     int
}

// paletteEntry is the palette's search box: ↑, ↓ and Esc move the choice or close it.
type paletteEntry struct {
	widget.Entry
	p *palette
}

var _ fyne.Focusable = (*paletteEntry)(nil)

func (e *paletteEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		e.p.move(1)
	case fyne.KeyUp:
		e.p.move(-1)
	case fyne.KeyEscape:
		e.p.close()
	default:
		e.Entry.TypedKey(ev)
	}
}

func (u *UI) showPalette() {
	if u.palette != nil && u.palette.popup.Visible() {
		u.win.Canvas().Focus(u.palette.entry)
		return
	}
	p := &palette{u: u}
	p.entry = &paletteEntry{p: p}
	p.entry.ExtendBaseWidget(p.entry)
	p.entry.SetPlaceHolder(u.tr.T("输入命令名称，例如 清除、HAR、token"))
	p.entry.OnChanged = func(string) { p.filter() }
	p.entry.OnSubmitted = func(string) { p.runSelected() }
	p.list = &widget.List{
		Length: func() int { return len(p.matches) },
		CreateItem: func() fyne.CanvasObject {
			name, key := widget.NewLabel(""), widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			key.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, key, name)
		},
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(p.matches) {
				return
			}
			a := u.actions[p.matches[i]]
			row := o.(*fyne.Container)
			name, key := row.Objects[0].(*widget.Label), row.Objects[1].(*widget.Label)
			label := u.tr.T(a.label)
			if a.checked != nil && a.checked() {
				label = "✓ " + label
			}
			name.Importance = widget.MediumImportance
			if !a.canRun() {
				name.Importance = widget.LowImportance
			}
			name.SetText(label)
			key.SetText(shortcutText(a.shortcut))
		},
		OnSelected: func(i widget.ListItemID) {
			p.sel = i
			p.runSelected()
		},
	}
	win := u.win.Canvas().Size()
	w, h := min(560, win.Width-40), min(380, win.Height-80)
	box := container.NewBorder(p.entry, nil, nil, nil, p.list)
	sized := container.New(layout.NewGridWrapLayout(fyne.NewSize(w, h)), box)
	p.popup = widget.NewModalPopUp(sized, u.win.Canvas())
	p.filter()
	p.popup.Show()
	p.popup.Move(fyne.NewPos((win.Width-p.popup.MinSize().Width)/2, 40))
	u.win.Canvas().Focus(p.entry)
	u.palette = p
}

// filter keeps the actions whose label (in Chinese, in English, or its id) holds every word typed.
func (p *palette) filter() {
	words := strings.Fields(strings.ToLower(p.entry.Text))
	p.matches = p.matches[:0]
	for _, id := range p.u.actionOrder {
		a := p.u.actions[id]
		if id == "view.palette" {
			continue
		}
		hay := strings.ToLower(a.label + " " + p.u.tr.en[a.label] + " " + a.button + " " + p.u.tr.en[a.button] + " " + id)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			p.matches = append(p.matches, id)
		}
	}
	p.list.Refresh()
	p.highlight(0)
}

// highlight marks the i-th match as the one Enter runs, without running it (a click runs it).
func (p *palette) highlight(i int) {
	p.sel = i
	if i >= len(p.matches) {
		p.list.UnselectAll()
		return
	}
	run := p.list.OnSelected
	p.list.OnSelected = nil
	p.list.Select(i)
	p.list.ScrollTo(i)
	p.list.OnSelected = run
}

func (p *palette) move(d int) {
	if len(p.matches) == 0 {
		return
	}
	p.highlight((p.sel + d + len(p.matches)) % len(p.matches))
}

// runSelected closes the palette and runs the chosen action, if it can run now.
func (p *palette) runSelected() {
	if p.sel < 0 || p.sel >= len(p.matches) {
		return
	}
	id := p.matches[p.sel]
	p.close()
	p.u.act(id)
}

func (p *palette) close() {
	p.popup.Hide()
}
