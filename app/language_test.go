package app

import (
	"net"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/project"
)

// windowTexts is every visible text the window draws now.
func windowTexts(u *UI) []string {
	var out []string
	for _, o := range test.LaidOutObjects(u.win.Content()) {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && strings.TrimSpace(t.Text) != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

// The Chinese window speaks Chinese: after a pull, a prefetch, a failed pull and a cold-start race, no tab
// shows a sentence of English (code, URLs, JSON, API names and the platforms' own quoted words allowed).
func TestNoEnglishProseInTheChineseWindow(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	f := newFixture(t)
	u := f.ui
	u.win.Resize(fyne.NewSize(1280, 800))
	f.trigger(t, "fetch.periodic")
	f.p.until(t, "the pull", func() bool { return len(u.history.Rows()) == 1 })
	f.trigger(t, "fetch.pre")
	f.p.until(t, "the prefetch", func() bool { return len(u.history.Rows()) == 2 })
	f.trigger(t, "sim.race")
	f.p.until(t, "the race", func() bool { return u.sim.RaceText() != "" && !u.sim.ColdRunning() })
	f.write(project.ConfigFile, config(dead, "/periodic"))
	f.p.until(t, "the dead address", func() bool { return strings.HasPrefix(u.proj.Periodic.URL, dead) })
	f.trigger(t, "fetch.periodic")
	f.p.until(t, "the failure", func() bool { return strings.Contains(u.periodic.W().AttemptWhy.Text, "拒绝连接") })
	u.history.Select(0)
	f.p.drain()

	check := func(lang string, bad func(string) bool, want ...string) {
		seen := map[string]bool{}
		all := ""
		for i, name := range tabNames {
			u.tabs.SelectIndex(i)
			f.p.drain()
			for _, s := range windowTexts(u) {
				all += s + "\n"
				if bad(s) && !seen[s] {
					seen[s] = true
					t.Errorf("%s, tab %s: %q", lang, name, s)
				}
			}
		}
		for _, w := range want { // the walk sees what the tabs show
			if !strings.Contains(all, w) {
				t.Errorf("%s: no %q among the window's texts", lang, w)
			}
		}
	}
	check("zh", hasEnglishProse, "拒绝连接", "那里没有服务在监听", "版本要求", "发送预拉取请求")
	u.setLanguage(LangEnglish)
	f.p.drain()
	check("en", hasChineseProse, "connection refused by", "Versions")
	u.setLanguage(LangChinese)
	f.p.drain()
}

// hasChineseProse reports Chinese in English text outside quotes and parentheses, where a DevTools term or
// the platforms' own words may stand.
func hasChineseProse(s string) bool {
	depth, quoted := 0, false
	for _, r := range s {
		switch {
		case r == '(' || r == '（' || r == '[':
			depth++
		case r == ')' || r == '）' || r == ']':
			depth--
		case r == '"' || r == '“' || r == '”':
			quoted = !quoted
		case unicode.Is(unicode.Han, r) && depth <= 0 && !quoted:
			return true
		}
	}
	return false
}
