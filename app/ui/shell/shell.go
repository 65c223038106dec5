// Package shell is what the window gives its feature panels (app/ui/...): the language, the UI goroutine,
// the toasts and error dialogs, the action table's buttons, and the window's changes to subscribe to. A
// panel's package declares its own environment, an interface that embeds Shell and adds only the engine
// calls and the window state it uses; it never sees the window's *UI nor a sibling panel.
//
// The arrows: app (the window) → app/ui/<feature> → app/ui/shell, app/core and the engine's packages;
// shell itself knows no panel and calls no engine (it names the engine's types it shows: an attempt, a
// message).
package shell

import (
	"context"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/msg"
)

// Shell is what every panel may ask of the window. All of it is for the UI goroutine, except Do and
// Context.
type Shell interface {
	// T translates a key (the Chinese text) into the window's language; F does so and formats it.
	T(key string) string
	F(key string, a ...any) string
	// Do runs f on the UI goroutine.
	Do(f func())
	// Context is cancelled when the window closes.
	Context() context.Context
	// Closed reports whether the window has closed: nothing is shown any more.
	Closed() bool
	// Toast shows a short success notice; ShowError an error dialog (nothing for a nil error).
	Toast(msg string)
	ShowError(err error)
	// ErrText is an error's text as the window shows it: in its language where the error has a message
	// code, the token masked unless 显示 token is on.
	ErrText(err error) string
	// Clipboard is the system clipboard.
	Clipboard() fyne.Clipboard
	// ActionButton is a button for an action of the window's action table (its label, icon, shortcut and
	// enabled state come from the table); RefreshActions brings every one up to date.
	ActionButton(id string, imp widget.Importance) *widget.Button
	RefreshActions()
	// Say is an engine message in the window's language; AttemptWords an attempt's reason, error,
	// warnings and grayscale variant in it (the English recorded, for an attempt from before codes).
	Say(m msg.Msg) string
	AttemptWords(a *core.Attempt) AttemptWords
	// The token masked unless 显示 token is on: in a text (with extra secrets), an attempt (with the
	// token it sent) and a cached body (a server may echo the token).
	MaskText(s string, extra ...string) string
	MaskAttempt(a *core.Attempt) *core.Attempt
	MaskBody(b []byte) []byte
	// Window is the main window, the parent of dialogs; ShowDialog shows one so that Esc closes it, and
	// ShowFileDialog a file dialog sized to the window, with a suggested name (selected) and extensions.
	Window() fyne.Window
	ShowDialog(d dialog.Dialog)
	ShowFileDialog(d *dialog.FileDialog, name string, exts ...string)
	// Confirm is a confirmation dialog with the window's 取消; show it with ShowDialog.
	Confirm(title, message string, callback func(bool)) *dialog.ConfirmDialog
	// SaveBody asks where to save a body (name suggested) and writes it, with a toast or an error.
	SaveBody(body []byte, name string)
	// ShowText is an information dialog whose text wraps, scrolls when long and can be selected.
	ShowText(title, text string)
	// Subscribe calls f on the UI goroutine for each change of the window's state, after the window has
	// applied it, until the panels are rebuilt (a language switch builds new ones). A panel switches on the
	// changes it follows and ignores the others: the set grows.
	Subscribe(f func(Change))
}

// AttemptWords are an attempt's words in the window's language.
type AttemptWords struct {
	Reason, Err, Variant string
	Warnings             []string
}

// Change is a change of what the window shows, as panels subscribe to it.
type Change int

const (
	// ProjectChanged: the project was (re)loaded or its configuration broke; the environment's Project
	// is the one to show now.
	ProjectChanged Change = iota + 1
	// DataChanged: the database changed (a fetch, a clear, another process writing it).
	DataChanged
	// OSChanged: the simulated OS (Android or iOS) changed.
	OSChanged
	// SecretsChanged: 显示 token was switched.
	SecretsChanged
	// SourcesChanged: the watch of the project is in place: what it covers (the source folders a save of
	// which is a compile) is known.
	SourcesChanged
	// The analytics engine events, which the window passes on as changes (a panel never subscribes to the
	// engine itself: the window applies an event first, and coalesces a flood of reports).
	//
	// AnalyticsChanged: the app's events changed, or a test of them started or stopped.
	AnalyticsChanged
	// Reported: new reports were logged, by this window's bridge or another process writing the database;
	// at most one waits for the UI goroutine however many arrive.
	Reported
	// ReportLogCleared: the current app's report log was cleared.
	ReportLogCleared
	// BridgeChanged: the window's loopback bridge started, stopped, began a restart or changed its key;
	// also every second while the window is open, for its counters (a rejected request publishes no event).
	BridgeChanged
)

// Job is a slot for background work of which only the newest run counts: starting it again cancels the
// run before (its context) and drops that run's result. The zero Job is ready to use.
type Job struct {
	gen    atomic.Uint64
	cancel context.CancelFunc
}

// Background runs work off the UI goroutine, with a context the window's closing cancels, and gives its
// result to done on the UI goroutine, unless the window has closed by then or, with a job, a newer run of
// it has started. It is the one way panels run engine work: the window never blocks on the engine or on
// I/O. Call it on the UI goroutine.
func Background[T any](s Shell, j *Job, work func(context.Context) (T, error), done func(T, error)) {
	ctx := s.Context()
	var gen uint64
	if j != nil {
		if j.cancel != nil {
			j.cancel()
		}
		ctx, j.cancel = context.WithCancel(ctx)
		gen = j.gen.Add(1)
	}
	go func() {
		v, err := work(ctx)
		s.Do(func() {
			if s.Closed() || (j != nil && j.gen.Load() != gen) {
				return
			}
			done(v, err)
		})
	}()
}

// BackgroundErr is Background for work that has only an error: a failure shows in an error dialog, and
// ok (when not nil) runs after a success.
func BackgroundErr(s Shell, work func(context.Context) error, ok func()) {
	Background(s, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, work(ctx) }, func(_ struct{}, err error) {
		if err != nil {
			s.ShowError(err)
			return
		}
		if ok != nil {
			ok()
		}
	})
}

// Caption is a bold label, the title of a row of controls.
func Caption(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	return l
}

// Drop cancels the run in flight, if any, and drops its result: what it would show is stale now.
func (j *Job) Drop() {
	if j.cancel != nil {
		j.cancel()
	}
	j.gen.Add(1)
}
