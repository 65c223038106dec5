package app

import (
	"context"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
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

// fetchEnv is fetchpanel.Env.
type fetchEnv struct{ panelEnv }

func (e fetchEnv) SetShowSecrets(on bool)      { e.u.setShowSecrets(on) }
func (e fetchEnv) CompilePrefetch() bool       { return e.u.compilePrefetch }
func (e fetchEnv) SetCompilePrefetch(on bool)  { e.u.setCompilePrefetch(on) }
func (e fetchEnv) Sources() project.SourceInfo { return e.u.sources }
func (e fetchEnv) SetPreloadBackgroundData(on bool) error {
	return e.u.eng.SetPreloadBackgroundData(on)
}
func (e fetchEnv) CurrentUser() (project.User, bool) { return e.u.eng.CurrentUser() }
func (e fetchEnv) Pull(ctx context.Context) (*core.Attempt, error) {
	return e.u.eng.Pull(ctx)
}
func (e fetchEnv) Prefetch(ctx context.Context, launch *fetch.Launch) (*core.Attempt, error) {
	return e.u.eng.Prefetch(ctx, launch)
}
func (e fetchEnv) Cached(ctx context.Context, fetchType string) (core.CacheEntry, error) {
	return e.u.eng.Cached(ctx, fetchType)
}
func (e fetchEnv) History(ctx context.Context, f core.HistoryFilter) ([]core.Attempt, error) {
	return e.u.eng.History(ctx, f)
}
