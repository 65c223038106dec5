package core

import (
	"context"

	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// WxToken is the success result of wx.getBackgroundFetchToken (and qq's): {token, errMsg}.
type WxToken struct {
	Token  string `json:"token"`
	ErrMsg string `json:"errMsg"`
}

// ErrMsgTokenOK is getBackgroundFetchToken's success errMsg.
const ErrMsgTokenOK = "getBackgroundFetchToken:ok"

// Token is what the mini program's getBackgroundFetchToken() returns now on the current project's platform:
// the token the project configures (what setBackgroundFetchToken would have set), or the fail callback when
// there is none. Alipay has no such API.
func (e *Engine) Token(ctx context.Context) (Result, error) {
	p, err := e.current()
	if err != nil {
		return Result{}, err
	}
	return TokenFor(p), nil
}

// TokenFor is Token for a loaded project.
func TokenFor(p *project.Project) Result {
	spec := platform.Of(p.Platform)
	name := spec.Name
	switch {
	case !spec.Token:
		return Result{Value: WxFail{ErrMsg: spec.Msg.NoToken},
			Note: name + " has no getBackgroundFetchToken (nor setBackgroundFetchToken): its prefetch sends no token"}
	case p.Token == nil || *p.Token == "":
		return Result{Value: WxFail{ErrMsg: spec.Msg.NoToken},
			Note: "no token is set (\"token\" in bgfetch.config.json stands for setBackgroundFetchToken): " + name +
				" calls fail; the errMsg's words are the tool's, " + name + " documents only that it fails"}
	}
	return Result{OK: true, Value: WxToken{Token: *p.Token, ErrMsg: ErrMsgTokenOK},
		Note: "the token setBackgroundFetchToken set (\"token\" in bgfetch.config.json)"}
}
