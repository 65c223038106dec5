package app

import (
	"net"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/uitest"
)

// Every message code the engine defines has a Chinese template with the same arguments, and the Chinese
// is Chinese: no template is the English left as it was.
func TestEveryMessageHasChinese(t *testing.T) {
	zh := zhMessages()
	for code, en := range msg.EnglishTemplates() {
		if strings.HasPrefix(code, "test.") {
			continue
		}
		tmpl, ok := zh[code]
		if !ok {
			t.Errorf("%s: no Chinese in assets/messages/zh.json (English: %q)", code, en)
			continue
		}
		want, got := msg.Placeholders(en), msg.Placeholders(tmpl)
		for n := range want {
			if !got[n] {
				t.Errorf("%s: the Chinese does not use {%d}: %q", code, n, tmpl)
			}
		}
		for n := range got {
			if !want[n] {
				t.Errorf("%s: the Chinese uses {%d}, which the English has not: %q", code, n, tmpl)
			}
		}
		if tmpl != en && hasEnglishProse(tmpl) {
			t.Errorf("%s: English prose in the Chinese: %q", code, tmpl)
		}
		if tmpl == en && hasEnglishProse(en) {
			t.Errorf("%s: the Chinese is the English: %q", code, tmpl)
		}
	}
	for code := range zh {
		if _, ok := msg.EnglishTemplates()[code]; !ok {
			t.Errorf("%s in assets/messages/zh.json is no code the engine defines", code)
		}
	}
}

// hasEnglishProse reports a sentence left untranslated (uitest.HasEnglishProse).
func hasEnglishProse(s string) bool { return uitest.HasEnglishProse(s) }

// A failed pull says why in the window's language: Chinese from the message codes, English from the
// engine's own text, with the same facts.
func TestAttemptReasonsInTheWindowsLanguage(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String() // nothing listens there once closed: connection refused
	l.Close()
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, config(dead, "/periodic"))
	f.p.until(t, "the reload", func() bool { return u.proj != nil && strings.HasPrefix(u.proj.Periodic.URL, dead) })
	test.Tap(u.periodic.W().Run)
	f.p.until(t, "the failure", func() bool { return strings.Contains(u.periodic.W().AttemptWhy.Text, "拒绝连接") })
	why := u.periodic.W().AttemptWhy.Text
	for _, want := range []string{l.Addr().String() + " 拒绝连接", "那里没有服务在监听", "不是 HTTPS"} {
		if !strings.Contains(why, want) {
			t.Errorf("zh: %q lacks %q", why, want)
		}
	}
	if hasEnglishProse(why) {
		t.Errorf("zh: English prose in %q", why)
	}
	u.setLanguage(LangEnglish)
	f.p.drain()
	f.p.until(t, "English", func() bool { return strings.Contains(u.periodic.W().AttemptWhy.Text, "connection refused by") })
	if why := u.periodic.W().AttemptWhy.Text; !strings.Contains(why, "nothing is listening there") || strings.ContainsFunc(why, func(r rune) bool { return unicode.Is(unicode.Han, r) && !strings.Contains(why, "只支持 HTTPS") }) {
		t.Errorf("en: %q", why)
	}
	u.setLanguage(LangChinese)
	f.p.drain()
}

func TestHasEnglishProse(t *testing.T) {
	for s, want := range map[string]bool{
		"服务器返回 HTTP 500；平台只缓存 2xx 响应":                     false,
		"未发送：token not set, maybe you should":             true,
		`在 bgfetch.config.json 中设置 "user": {"code": "…"}`: false,
		"the server answered HTTP 500":                    true,
	} {
		if got := hasEnglishProse(s); got != want {
			t.Errorf("hasEnglishProse(%q) = %v", s, got)
		}
	}
}

// A broken bgfetch.config.json is said in the window's language: the banner and the status bar show the
// file:line:col and the message from its code, Chinese without English prose, or the engine's English.
func TestConfigErrorsInTheWindowsLanguage(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, config(f.srv.URL, "/first"))
	f.p.until(t, "the first config", func() bool { return u.periodic.W().Addr.Text == f.srv.URL+"/first" })
	for _, tt := range []struct {
		config, where string
		zh, en        []string
	}{
		{`{"token": "t", "periodc": {}}`, "bgfetch.config.json:1:16: ",
			[]string{`未知的键 "periodc"；你是不是要写 "periodic"？`},
			[]string{`unknown key "periodc"; did you mean "periodic"?`}},
		{`{"platform": "wechat"}`, "bgfetch.config.json:1:14: ",
			[]string{`"platform" 必须是 "weapp"`, ` 或 "alipay"，实际是 "wechat"；你是不是要写 "weapp"？`},
			[]string{`"platform" must be "weapp"`, ` or "alipay", got "wechat"; did you mean "weapp"?`}},
		{`{"periodic": {"url": "example.com/x"}}`, "bgfetch.config.json:1:22: ",
			[]string{`"periodic.url" 必须是以 http:// 或 https:// 开头的完整地址`, `实际是 "example.com/x"：缺少协议；在前面加上 https://`},
			[]string{`"periodic.url" must be an absolute http:// or https:// URL`, `got "example.com/x": it has no scheme; put https:// in front of it`}},
		{`{"timeoutMs": "5000"}`, "bgfetch.config.json:1:15: ",
			[]string{`"timeoutMs" 必须是介于 1 和 600000 之间的整数（毫秒），不加引号，实际是 "5000"（字符串）`},
			[]string{`"timeoutMs" must be an integer from 1 to 600000 (milliseconds), without quotes, got "5000" (a string)`}},
	} {
		f.write(project.ConfigFile, tt.config)
		f.p.until(t, "the banner for "+tt.config, func() bool {
			return u.banner.content.Visible() && strings.Contains(u.banner.text.Text, tt.where)
		})
		if !strings.Contains(u.banner.text.Text, "配置有误") {
			t.Errorf("zh: %q lacks 配置有误", u.banner.text.Text)
		}
		for _, s := range []string{u.banner.text.Text, u.status.config.Text} {
			for _, want := range append([]string{tt.where}, tt.zh...) {
				if !strings.Contains(s, want) {
					t.Errorf("zh: %q lacks %q", s, want)
				}
			}
			if hasEnglishProse(s) {
				t.Errorf("zh: English prose in %q", s)
			}
		}
		u.setLanguage(LangEnglish)
		f.p.drain()
		if !u.banner.content.Visible() {
			t.Errorf("en: no banner for %s", tt.config)
		}
		for _, s := range []string{u.banner.text.Text, u.status.config.Text} {
			for _, want := range append([]string{tt.where}, tt.en...) {
				if !strings.Contains(s, want) {
					t.Errorf("en: %q lacks %q", s, want)
				}
			}
		}
		u.setLanguage(LangChinese)
		f.p.drain()
	}
	f.write(project.ConfigFile, config(f.srv.URL, "/fixed"))
	f.p.until(t, "the banner to go", func() bool { return !u.banner.content.Visible() })
}
