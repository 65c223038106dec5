package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// With no periodic address, the attempt the window shows gives the tool's explanation and WeChat's own
// failure, "-10007 no permission".
func TestNoAddressShowsThePlatformsFailureInTheWindow(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, `{"token": "tok", "prefetch": {"url": "`+f.srv.URL+`/pre"}}`)
	f.p.until(t, "the reload", func() bool { return u.proj != nil && u.proj.Periodic.URL == "" })
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the attempt", func() bool { return strings.Contains(u.periodic.W().AttemptWhy.Text, "未配置 periodic 地址") })
	if !strings.Contains(u.periodic.W().AttemptWhy.Text, `平台报告 "-10007 no permission"，errno -10007`) {
		t.Errorf("the window shows %q, want WeChat's -10007 no permission too", u.periodic.W().AttemptWhy.Text)
	}
}

// The getBackgroundFetchData tab also shows what getBackgroundFetchToken() returns, masked until 显示 token.
func TestGetPanelShowsTheToken(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.p.until(t, "the token line", func() bool { return strings.Contains(u.get.Token(), "getBackgroundFetchToken:ok") })
	if got := u.get.Token(); !strings.HasPrefix(got, "wx.getBackgroundFetchToken() ⟶ success {") || !strings.Contains(got, `"token":"••••••"`) {
		t.Errorf("masked: %q", got)
	}
	secret := *u.proj.Token
	u.setShowSecrets(true)
	f.p.until(t, "the token shown", func() bool { return strings.Contains(u.get.Token(), `"token":"`+secret+`"`) })
	u.setShowSecrets(false)
}

// The getBackgroundFetchData tab says why each result in the window's language, from the result itself.
func TestGetPanelNotesInChinese(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.p.until(t, "the empty results", func() bool {
		return strings.Contains(u.get.Note(0), "没有缓存数据：Android 走 fail 回调")
	})
	u.act("fetch.periodic")
	f.p.until(t, "the cached result", func() bool {
		return strings.Contains(u.get.Note(0), "success 回调 — 缓存的响应内容：fetchedData 是字符串，需要 JSON.parse")
	})
	u.setOS(core.IOS)
	f.p.until(t, "iOS", func() bool {
		return strings.Contains(u.get.Note(1), "没有缓存数据：iOS 走 success 回调，fetchedData 为空")
	})
	u.setOS(core.Android)
}

// The window names every registered platform in both languages: its menu item and its name.
func TestEveryPlatformIsTranslated(t *testing.T) {
	tr := newTranslator(LangEnglish)
	for _, spec := range platform.All() {
		for _, key := range []string{spec.NameZh, "平台：" + spec.NameZh} {
			if _, ok := tr.en[key]; !ok && key != spec.Name {
				t.Errorf("%s: no English for %q in assets/translations/en.json", spec.ID, key)
			}
		}
	}
}
