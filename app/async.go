package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/msg"

	"github.com/bgfetch/devtools/app/ui/shell"
)

// job is a slot for background work of which only the newest run counts (shell.Job).
type job = shell.Job

// background runs work off the UI goroutine and gives its result to done on it (shell.Background).
func background[T any](u *UI, j *job, work func(context.Context) (T, error), done func(T, error)) {
	shell.Background(u.shell(), j, work, done)
}

// backgroundErr is background for work that has only an error (shell.BackgroundErr).
func backgroundErr(u *UI, work func(context.Context) error, ok func()) {
	shell.BackgroundErr(u.shell(), work, ok)
}

// uiShell is the window as the feature panels see it (shell.Shell), and as their environments embed it.
type uiShell struct{ u *UI }

func (u *UI) shell() uiShell { return uiShell{u} }

func (s uiShell) T(key string) string                             { return s.u.tr.T(key) }
func (s uiShell) F(key string, a ...any) string                   { return s.u.tr.F(key, a...) }
func (s uiShell) Do(f func())                                     { s.u.do(f) }
func (s uiShell) Context() context.Context                        { return s.u.ctx }
func (s uiShell) Closed() bool                                    { return s.u.closed.Load() }
func (s uiShell) Toast(msg string)                                { s.u.toast(msg) }
func (s uiShell) ShowError(err error)                             { s.u.showError(err) }
func (s uiShell) ErrText(err error) string                        { return s.u.errText(err) }
func (s uiShell) Clipboard() fyne.Clipboard                       { return s.u.app.Clipboard() }
func (s uiShell) RefreshActions()                                 { s.u.refreshActions() }
func (s uiShell) Subscribe(f func(shell.Change))                  { s.u.subscribers = append(s.u.subscribers, f) }
func (s uiShell) Say(m msg.Msg) string                            { return s.u.say(m) }
func (s uiShell) AttemptWords(a *core.Attempt) shell.AttemptWords { return s.u.attemptWords(a) }
func (s uiShell) MaskText(t string, extra ...string) string       { return s.u.maskText(t, extra...) }
func (s uiShell) MaskAttempt(a *core.Attempt) *core.Attempt       { return s.u.maskAttempt(a) }
func (s uiShell) MaskBody(b []byte) []byte                        { return s.u.maskBody(b) }
func (s uiShell) Window() fyne.Window                             { return s.u.win }
func (s uiShell) ShowDialog(d dialog.Dialog)                      { s.u.showDialog(d) }
func (s uiShell) SaveBody(body []byte, name string)               { saveBody(s.u, body, name) }
func (s uiShell) ShowText(title, text string)                     { s.u.showText(title, text) }
func (s uiShell) ShowFileDialog(d *dialog.FileDialog, name string, exts ...string) {
	s.u.showFileDialog(d, name, exts...)
}
func (s uiShell) Confirm(title, message string, callback func(bool)) *dialog.ConfirmDialog {
	return s.u.newConfirm(title, message, callback)
}
func (s uiShell) ActionButton(id string, imp widget.Importance) *widget.Button {
	return s.u.actionButton(id, imp)
}

// changed tells the panels that subscribed to the window's changes (shell.Change).
func (u *UI) changed(c shell.Change) {
	for _, f := range u.subscribers {
		f(c)
	}
}
