package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/project"
)

// TestNoTokenOnTheCanvas draws every tab after a pull, a prefetch, an error and a simulated update, with a
// token that the server echoes back, and fails if the token shows anywhere on the canvas or in a dialog
// while 显示 token is off.
func TestNoTokenOnTheCanvas(t *testing.T) {
	const secret = "s3cret-Tok/én"
	f := newFixture(t)
	u := f.ui
	cfg := strings.Replace(config(f.srv.URL, "/periodic"), `"token": "tok"`, `"token": "`+secret+`"`, 1)
	f.write(project.ConfigFile, cfg)
	f.write(project.ProjectConfigFile, `{"appid": "wxui", "setting": {"preloadBackgroundData": true}}`)
	f.p.until(t, "the new token", func() bool { return u.proj.Token != nil && *u.proj.Token == secret && u.proj.PreloadBackgroundData })
	u.act("fetch.periodic")
	f.p.until(t, "the pull", func() bool {
		return strings.Contains(u.periodic.W().Attempt.Text, "HTTP 200") && u.periodic.W().Body.Body() != nil
	})
	u.act("fetch.pre")
	f.p.until(t, "the prefetch", func() bool { return strings.Contains(u.prefetch.W().Attempt.Text, "HTTP 200") })
	u.act("sim.race")
	f.p.until(t, "the race", func() bool { return strings.Contains(u.sim.RaceText(), "getBackgroundFetchData") })
	if strings.Contains(u.sim.RaceText(), secret) {
		t.Error("the race's text (复制文本) holds the token")
	}
	u.history.Select(0)
	f.p.until(t, "the inspector", func() bool { return u.history.Shown() != nil })
	u.act("history.rerun")
	f.p.until(t, "the rerun toast", func() bool { return strings.Contains(u.toaster.Text(), "已重新发送") })
	// A failing request whose error holds the URL.
	f.write(project.ConfigFile, strings.Replace(cfg, f.srv.URL+"/periodic", "http://127.0.0.1:1/p", 1))
	f.p.until(t, "the bad address", func() bool { return strings.Contains(u.periodic.W().Addr.Text, "127.0.0.1:1") })
	u.act("fetch.periodic")
	f.p.until(t, "the failure", func() bool { return !u.periodic.Running() && strings.Contains(u.periodic.W().Attempt.Text, "✗") })

	leaks := func(where string) {
		t.Helper()
		var all []string
		all = append(all, texts(u.win.Content())...)
		if top := u.win.Canvas().Overlays().Top(); top != nil {
			all = append(all, texts(top)...)
		}
		for _, s := range all {
			if strings.Contains(s, secret) || strings.Contains(s, "s3cret") {
				t.Errorf("%s: the token shows in %q", where, s)
			}
		}
	}
	for i := range tabNames {
		u.tabs.SelectIndex(i)
		f.p.drain()
		leaks(tabNames[i])
	}
	for _, sub := range u.ana.Views().Items {
		u.ana.Views().Select(sub)
		leaks("自定义分析 › " + sub.Text)
	}
	// The open attempt in every inspector tab.
	u.tabs.SelectIndex(3)
	walk(u.history.Inspector(), func(o fyne.CanvasObject) {
		if tabs, ok := o.(*container.AppTabs); ok {
			for _, it := range tabs.Items {
				tabs.Select(it)
				leaks("请求记录 › " + it.Text)
			}
		}
	})
	// 显示 token shows it, and nothing else has to.
	u.act("view.secrets")
	f.p.until(t, "the token shown", func() bool { return strings.Contains(u.periodic.W().Identity.Text(), secret) })
}

// TestSmallWindow: the whole window fits 720×560, beside DevTools on a laptop, whatever the tab, and a
// long config error does not widen it.
func TestSmallWindow(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	u.act("fetch.periodic")
	f.p.until(t, "the pull", func() bool { return u.periodic.W().Body.Body() != nil })
	long := `{"token": "tok", "periodic": {"url": "` + strings.Repeat("x", 3000)
	f.write(project.ConfigFile, long)
	f.p.until(t, "the banner", func() bool { return u.banner.content.Visible() })
	for _, choice := range []string{LangChinese, LangEnglish} {
		u.setLanguage(choice)
		f.p.drain()
		for i := range tabNames {
			u.tabs.SelectIndex(i)
			f.p.drain()
			if m := u.win.Content().MinSize(); m.Width > 720 || m.Height > 560 {
				t.Errorf("%s, tab %d: the window needs %v, more than 720×560", choice, i+1, m)
			}
		}
	}
	if h := u.banner.content.MinSize().Height; h > 120 {
		t.Errorf("the banner is %v high for a long error", h)
	}
	_ = os.Remove(filepath.Join(f.dir, "nothing"))
}

// TestEscClosesDialogsNewestFirst: with a question over a file dialog, Esc closes the question (as 否),
// then the file dialog (as cancelled), then, with no dialog left, cancels nothing and closes nothing.
func TestEscClosesDialogsNewestFirst(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	esc := func() { u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
	f.pulled(t)
	u.act("history.import")
	f.p.until(t, "the file dialog", func() bool { return u.fileDialog != nil && len(u.win.Canvas().Overlays().List()) == 1 })
	u.act("history.delete")
	f.p.until(t, "the question over it", func() bool { return strings.Contains(f.overlayText(), "删除记录") })
	n := len(u.history.Rows())
	esc()
	f.p.until(t, "the question closed", func() bool { return len(u.win.Canvas().Overlays().List()) == 1 })
	if f.p.drain(); len(u.history.Rows()) != n {
		t.Error("Esc on 删除记录？ deleted the attempt")
	}
	esc()
	f.p.until(t, "the file dialog closed", func() bool { return u.win.Canvas().Overlays().Top() == nil })
	esc() // nothing open: no panic, nothing to close
	if len(u.dialogs) != 0 {
		t.Errorf("%d dialogs still remembered", len(u.dialogs))
	}
}

// A save dialog opens with its suggested name selected: typing replaces it, as in the system's dialogs.
func TestSaveDialogSelectsTheSuggestedName(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	u.act("history.export")
	f.p.until(t, "the save dialog", func() bool { return u.fileDialog != nil && u.win.Canvas().Overlays().Top() != nil })
	e, ok := u.win.Canvas().Focused().(*widget.Entry)
	if !ok {
		t.Fatalf("focused: %T, want the file name entry", u.win.Canvas().Focused())
	}
	if e.Text != "bgfetch.har" || e.SelectedText() != e.Text {
		t.Fatalf("name %q, selected %q", e.Text, e.SelectedText())
	}
	e.TypedRune('h')
	if e.Text != "h" {
		t.Errorf("typing gave %q, want the suggestion replaced", e.Text)
	}
	f.cancelFileDialog(t)
}
