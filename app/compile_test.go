package app

import (
	"strings"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/core"
)

// TestSavingSourcesPrefetches: with 启用数据预拉取 on, saving app.js is a compile whose prefetch shows up in
// 数据预拉取 and in 请求记录 as 编译时预拉取; with 保存代码时预拉取 off, a save sends nothing.
func TestSavingSourcesPrefetches(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	if !u.compilePrefetch || !u.prefetch.W().Compile.Checked {
		t.Fatal("保存代码时预拉取 is not on by default")
	}
	u.prefetch.W().Preload.SetChecked(true) // the tool's own save of project.config.json: no compile
	f.p.until(t, "the switch on", func() bool { return u.proj.PreloadBackgroundData })
	f.p.until(t, "the hint", func() bool {
		return strings.Contains(u.prefetch.W().CompileHint.Text, "以配置的启动参数发送预拉取请求")
	})
	time.Sleep(time.Second) // a compile would have happened by now
	f.p.drain()
	if n, _ := u.eng.CountHistory(u.ctx, core.HistoryFilter{}); n != 0 {
		t.Fatalf("switching 启用数据预拉取 on sent %d requests", n)
	}

	for range 5 { // a burst of saves is one compile
		f.write("app.js", "App({})")
		time.Sleep(20 * time.Millisecond)
	}
	f.p.until(t, "the compile's prefetch in 数据预拉取", func() bool {
		return strings.Contains(u.prefetch.W().Attempt.Text, "编译时预拉取") && strings.Contains(u.prefetch.W().Attempt.Text, "HTTP 200")
	})
	f.p.until(t, "the cached body", func() bool { return strings.Contains(u.prefetch.W().Body.Text(), `"served": "/pre"`) })
	f.p.until(t, "the status bar", func() bool { return strings.Contains(u.status.config.Text, "已编译") })
	f.p.until(t, "the history row", func() bool { return len(u.history.Rows()) == 1 })
	time.Sleep(time.Second)
	f.p.drain()
	if n, _ := u.eng.CountHistory(u.ctx, core.HistoryFilter{}); n != 1 {
		t.Errorf("%d attempts for a burst of 5 saves, want 1", n)
	}
	a := u.history.Rows()[0]
	if a.Origin != core.OriginCompile || !strings.Contains(a.URL, "path=pages%2Fa") {
		t.Errorf("attempt origin %q url %s", a.Origin, a.URL)
	}
	u.history.Select(0)
	f.p.until(t, "the inspector", func() bool {
		return u.history.Shown() != nil && strings.Contains(u.history.Info(), "编译时预拉取")
	})

	// 保存代码时预拉取 off: a save is no compile.
	u.prefetch.W().Compile.SetChecked(false)
	f.p.drain()
	if u.compilePrefetch || u.menuItems["settings.compilePrefetch"][0].Checked {
		t.Fatal("保存代码时预拉取 did not switch off")
	}
	f.write("app.js", "App({onLaunch() {}})")
	time.Sleep(1500 * time.Millisecond)
	f.p.drain()
	if n, _ := u.eng.CountHistory(u.ctx, core.HistoryFilter{}); n != 1 {
		t.Errorf("a save with 保存代码时预拉取 off sent a request (%d attempts)", n)
	}
}
