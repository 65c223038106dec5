package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bgfetch/devtools/app/project"
)

// With no periodic address, the attempt the window shows gives the tool's explanation and WeChat's own
// failure, "-10007 no permission".
func TestNoAddressShowsThePlatformsFailureInTheWindow(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.write(project.ConfigFile, `{"token": "tok", "prefetch": {"url": "`+f.srv.URL+`/pre"}}`)
	f.p.until(t, "the reload", func() bool { return u.proj != nil && u.proj.Periodic.URL == "" })
	test.Tap(u.periodic.runBtn)
	f.p.until(t, "the attempt", func() bool { return strings.Contains(u.periodic.attemptWhy.Text, "no periodic address is configured") })
	if !strings.Contains(u.periodic.attemptWhy.Text, `"-10007 no permission", errno -10007`) {
		t.Errorf("the window shows %q, want WeChat's -10007 no permission too", u.periodic.attemptWhy.Text)
	}
}

// The getBackgroundFetchData tab also shows what getBackgroundFetchToken() returns, masked until 显示 token.
func TestGetPanelShowsTheToken(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	f.p.until(t, "the token line", func() bool { return strings.Contains(u.get.token.Text, "getBackgroundFetchToken:ok") })
	if got := u.get.token.Text; !strings.HasPrefix(got, "wx.getBackgroundFetchToken() ⟶ success {") || !strings.Contains(got, `"token":"••••••"`) {
		t.Errorf("masked: %q", got)
	}
	secret := *u.proj.Token
	u.setShowSecrets(true)
	f.p.until(t, "the token shown", func() bool { return strings.Contains(u.get.token.Text, `"token":"`+secret+`"`) })
	u.setShowSecrets(false)
}
