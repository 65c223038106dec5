package app

import (
	"context"
	"net"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/uitest"
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

// The Chinese window speaks Chinese, on the demo project: after a pull, a prefetch, a failed pull, a cold-start race and two
// reports (one the events do not expect), no tab and no view of 自定义分析 shows a sentence of English (code,
// URLs, JSON, API names and the platforms' own quoted words allowed); and the English window no Chinese.
func TestNoEnglishProseInTheChineseWindow(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	f := newDemoFixture(t)
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
	// A report the events do not expect (a string price) and one they do.
	if err := u.eng.SaveAnalyticsEvent(context.Background(), "", uitest.GoodsEvent); err != nil {
		t.Fatal(err)
	}
	f.report("buy", `{"price": "3", "color": "red"}`)
	f.report("buy", `{"price": 3, "color": "red"}`)
	f.p.until(t, "the reports", func() bool { return u.ana.Reports().Len() == 2 })
	f.p.drain()

	check := func(lang string, bad func(string) bool, want ...string) {
		seen := map[string]bool{}
		all := ""
		walk := func(where string) {
			f.p.drain()
			for _, s := range windowTexts(u) {
				all += s + "\n"
				if bad(s) && !seen[s] {
					seen[s] = true
					t.Errorf("%s, %s: %q", lang, where, s)
				}
			}
		}
		for i, name := range tabNames {
			u.tabs.SelectIndex(i)
			walk("tab " + name)
		}
		// 自定义分析's own tabs: 事件, 上报记录 (its first report selected), 同步结果, 桥接.
		views := u.ana.Views()
		for i, item := range views.Items {
			views.SelectIndex(i)
			if i == 1 {
				u.ana.Reports().Select(0)
			}
			walk("自定义分析 › " + item.Text)
		}
		views.SelectIndex(0)
		for _, w := range want { // the walk sees what the tabs show
			if !strings.Contains(all, w) {
				t.Errorf("%s: no %q among the window's texts", lang, w)
			}
		}
	}
	check("zh", hasEnglishProse, "拒绝连接", "那里没有服务在监听", "版本要求", "发送预拉取请求")
	u.setLanguage(LangEnglish)
	f.p.drain()
	// The user's own words stay as written: the events' names (购买, the demo's 下单流程) and what the
	// server sent (the demo's cached bodies are Chinese). A code block's cells (the bridge snippet, drawn a
	// rune per text) are code.
	var data []string
	evs, err := u.eng.AnalyticsEvents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		data = append(data, ev.Name)
	}
	for _, ft := range []string{"periodic", "pre"} {
		if c, err := u.eng.Cached(context.Background(), ft); err == nil {
			data = append(data, string(c.Body))
		}
	}
	userData := func(s string) bool {
		if _, ui := u.tr.en[strings.TrimSpace(s)]; ui {
			return false // the window's own words, not the server's
		}
		for _, d := range data {
			if d != "" && strings.Contains(d, strings.TrimSpace(s)) {
				return true
			}
		}
		return false
	}
	check("en", func(s string) bool {
		for _, ev := range evs {
			s = strings.ReplaceAll(s, ev.Name, "")
		}
		return hasChineseProse(s) && len([]rune(s)) > 1 && !userData(s)
	}, "connection refused by", "Versions")
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
