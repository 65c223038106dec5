package app

import (
	"context"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
)

// The environments the window gives its feature panels (app/ui/...): each is the shell (uiShell) and the
// few engine calls and pieces of window state its panel's Env names, and nothing else.

// panelEnv is the window state the panels read: the project, the simulated OS and 显示 token.
type panelEnv struct{ uiShell }

func (e panelEnv) Project() *project.Project { return e.u.proj }
func (e panelEnv) OS() core.OS               { return e.u.osChoice }
func (e panelEnv) SetOS(o core.OS)           { e.u.setOS(o) }
func (e panelEnv) ShowSecrets() bool         { return e.u.showSecrets }
func (e panelEnv) Secrets() []string         { return e.u.eng.Secrets() }

// getEnv is get.Env.
type getEnv struct{ panelEnv }

func (e getEnv) GetFor(ctx context.Context, appID string, id project.Platform, fetchType string, os core.OS) (core.Result, error) {
	return e.u.eng.GetFor(ctx, appID, id, fetchType, os)
}
