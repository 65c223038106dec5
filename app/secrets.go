package app

import (
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// The token is masked in everything the window draws unless 显示 token is on (u.showSecrets, off at every
// start). These are the only ways panels put request data on screen.

// maskText masks the project's token in s (and extra secrets) unless 显示 token is on.
func (u *UI) maskText(s string, extra ...string) string {
	if u.showSecrets || s == "" {
		return s
	}
	return u.eng.Redact(s, extra...)
}

// maskAttempt is a with the project's token and the token a itself sent masked, unless 显示 token is on.
func (u *UI) maskAttempt(a *core.Attempt) *core.Attempt {
	if u.showSecrets || a == nil {
		return a
	}
	m := u.eng.MaskAttempt(*a)
	return &m
}

// maskBody is a cached body as the window shows it: a server may echo the token.
func (u *UI) maskBody(b []byte) []byte {
	if u.showSecrets || len(b) == 0 {
		return b
	}
	return []byte(u.eng.Redact(string(b)))
}

// setShowSecrets turns 显示 token on or off everywhere, and redraws what shows request data.
func (u *UI) setShowSecrets(on bool) {
	if u.showSecrets == on {
		return
	}
	u.showSecrets = on
	u.refreshProject()
	u.refreshData()
	u.changed(shell.SecretsChanged)
}
