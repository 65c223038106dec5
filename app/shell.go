package app

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	fstorage "fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/project"
)

// The window's shell: the config-error banner, the toast for short successes, the error dialog and the
// file dialogs. None of them may make the window grow: long text wraps, and at most bannerLines of it
// show before 详情.

// bannerLines is how many lines of a config error the banner shows; 详情 opens the rest.
const bannerLines = 3

// banner is the strip above the panels for a config error: it stays until the config is fixed.
type banner struct {
	u       *UI
	content *fyne.Container
	bg      *canvas.Rectangle
	text    *widget.Label
	more    *widget.Button
	err     error
}

func newBanner(u *UI) *banner {
	b := &banner{u: u, bg: canvas.NewRectangle(color.Transparent), text: widget.NewLabel("")}
	b.text.Wrapping = fyne.TextWrapWord
	b.more = &widget.Button{Text: u.tr.T("详情"), Importance: widget.LowImportance, OnTapped: func() {
		if b.err != nil {
			u.showText(u.tr.T("配置有误"), b.message())
		}
	}}
	text := newClamp(b.text, bannerLines)
	b.content = container.NewStack(b.bg, container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), b.more, text))
	b.content.Hide()
	return b
}

func (b *banner) message() string {
	// A space before the error, which starts with a file name (bgfetch.config.json:1:276: ...): word
	// wrapping breaks only at spaces, and would break inside the name rather than after the colon.
	return strings.TrimRight(b.u.tr.T("配置有误，仍在使用上次有效的配置："), " ") + " " + b.u.errText(b.err)
}

// set shows the config error (or hides the banner when err is nil).
func (b *banner) set(err error) {
	b.err = err
	if err == nil {
		b.content.Hide()
		return
	}
	b.bg.FillColor = withAlpha(theme.Color(theme.ColorNameError), 0x40)
	b.text.SetText(b.message())
	b.content.Show()
	b.bg.Refresh()
}

// toast shows a short success notice (已复制, 已清除, 已保存 …).
func (u *UI) toast(msg string) {
	if u.closed.Load() || u.toaster == nil {
		return
	}
	u.toaster.Notify(msg)
}

// clamp shows a wrapped label up to a number of lines; the rest scrolls, so it never grows the window.
type clamp struct {
	widget.BaseWidget
	label  *widget.Label
	scroll *container.Scroll
	lines  int
}

func newClamp(l *widget.Label, lines int) *clamp {
	c := &clamp{label: l, scroll: container.NewVScroll(l), lines: lines}
	c.ExtendBaseWidget(c)
	return c
}

func (c *clamp) CreateRenderer() fyne.WidgetRenderer {
	return &clampRenderer{c: c}
}

type clampRenderer struct{ c *clamp }

func (r *clampRenderer) Layout(size fyne.Size) { r.c.scroll.Resize(size) }

// MinSize is the wrapped text's height at the current width, capped at the line count.
func (r *clampRenderer) MinSize() fyne.Size {
	line := fyne.MeasureText("Mg中", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
	limit := line*float32(r.c.lines) + 2*theme.InnerPadding()
	h := r.c.label.MinSize().Height
	return fyne.NewSize(40, min(h, limit))
}

func (r *clampRenderer) Refresh()                     { r.c.scroll.Refresh() }
func (r *clampRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.c.scroll} }
func (r *clampRenderer) Destroy()                     {}

// showError shows err in a dialog that stays until dismissed: wrapped, scrolling when long, in the
// window's language, with the token masked unless 显示 token is on.
func (u *UI) showError(err error) {
	if err == nil || u.closed.Load() {
		return
	}
	u.showText(u.tr.T("出错了"), u.errText(err))
}

// errText is an error's text as the window shows it: in the window's language when it is (or wraps) a
// configuration error with a message code, the token masked unless 显示 token is on.
func (u *UI) errText(err error) string {
	if err == nil {
		return ""
	}
	return u.maskText(u.sayErr(err))
}

// sayErr is err's text with the configuration or analytics error it wraps said in the window's language:
// the engine's own English of that error (its Error()) is replaced by the same position and the message
// rendered from its code; any words around it stay as they are.
func (u *UI) sayErr(err error) string {
	s := err.Error()
	var ce *project.ConfigError
	if errors.As(err, &ce) && !ce.M.IsZero() {
		return strings.Replace(s, ce.Error(), ce.Where()+u.say(ce.M), 1)
	}
	var ae *project.AnalyticsError
	if errors.As(err, &ae) && !ae.M.IsZero() {
		return strings.Replace(s, ae.Msg, u.say(ae.M), 1)
	}
	return s
}

// showText is an information dialog whose text wraps, scrolls past 60% of the window's height and can
// be selected and copied.
func (u *UI) showText(title, msg string) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	win := u.win.Canvas().Size()
	w := min(max(win.Width*0.7, 320), 640)
	scroll := container.NewVScroll(l)
	l.Resize(fyne.NewSize(w, 0))
	h := min(l.MinSize().Height, max(win.Height*0.6, 120))
	scroll.SetMinSize(fyne.NewSize(w, h))
	u.showDialog(dialog.NewCustom(title, u.tr.T("关闭"), scroll, u.win))
}

// shownDialog is a dialog and the overlay it shows in: the overlay tells whether it is still open.
type shownDialog struct {
	d       interface{ Hide() }
	overlay fyne.CanvasObject
}

// newConfirm is a question with 取消 for No (Fyne's own Chinese for it is 不); show it with showDialog.
func (u *UI) newConfirm(title, msg string, callback func(bool)) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, msg, callback, u.win)
	d.SetDismissText(u.tr.T("取消"))
	return d
}

// showDialog shows d and remembers it, so that Esc closes it (as its dismiss button would).
func (u *UI) showDialog(d dialog.Dialog) {
	d.Show()
	u.pushDialog(d)
}

func (u *UI) pushDialog(d interface{ Hide() }) {
	open := u.win.Canvas().Overlays().List()
	u.dialogs = slices.DeleteFunc(u.dialogs, func(s shownDialog) bool { return !slices.Contains(open, s.overlay) }) // closed by their buttons
	u.dialogs = append(u.dialogs, shownDialog{d, u.win.Canvas().Overlays().Top()})
}

// closeTopDialog closes the newest dialog that is still open (a file dialog as cancelled, a question as
// answered no) and reports whether there was one.
func (u *UI) closeTopDialog() bool {
	open := u.win.Canvas().Overlays().List()
	for len(u.dialogs) > 0 {
		top := u.dialogs[len(u.dialogs)-1]
		u.dialogs = u.dialogs[:len(u.dialogs)-1]
		if top.overlay != nil && slices.Contains(open, top.overlay) {
			top.d.Hide()
			return true
		}
	}
	return false
}

// showFileDialog shows a file dialog as large as suits the window (760×520, smaller in a small window),
// suggesting name (in a save dialog) and, when exts are given, listing only the files that end in one of
// them. The size is set after Show: a FileDialog has no size of its own before it is shown.
func (u *UI) showFileDialog(d *dialog.FileDialog, name string, exts ...string) {
	if name != "" {
		d.SetFileName(name)
	}
	if len(exts) > 0 {
		d.SetFilter(fstorage.NewExtensionFileFilter(exts))
	}
	d.Show()
	win := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(760, win.Width-2*theme.Padding()), min(520, win.Height-2*theme.Padding())))
	// A save dialog focuses its file name: the suggested name is selected, so that typing replaces it as in
	// the system's own dialogs, instead of going in front of it.
	if e, ok := u.win.Canvas().Focused().(*widget.Entry); ok && name != "" {
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	u.fileDialog = d
	u.pushDialog(d)
}

// oneLine is the first line of s, cut to n runes with an ellipsis.
func oneLine(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// saveBody asks where to save a body and writes it.
func saveBody(u *UI, body []byte, name string) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w == nil {
			return
		}
		_, werr := w.Write(body)
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			u.showError(fmt.Errorf("save %s: %w", w.URI().Path(), werr))
			return
		}
		u.toast(u.tr.F("已保存到 %s", w.URI().Path()))
	}, u.win)
	u.showFileDialog(d, name)
}
