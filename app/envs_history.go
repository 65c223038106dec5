package app

import (
	"context"
	"io"

	"github.com/bgfetch/devtools/app/core"
)

// historyEnv is history.Env: the shell, 显示 token, the app's version and the engine's history.
type historyEnv struct{ panelEnv }

func (e historyEnv) SetShowSecrets(on bool)                    { e.u.setShowSecrets(on) }
func (e historyEnv) Version() string                           { return e.u.opts.Version }
func (e historyEnv) Retention() int                            { return e.u.eng.Retention() }
func (e historyEnv) MaskedAttempt(a core.Attempt) core.Attempt { return e.u.eng.MaskAttempt(a) }

func (e historyEnv) History(ctx context.Context, f core.HistoryFilter) ([]core.Attempt, error) {
	return e.u.eng.History(ctx, f)
}

func (e historyEnv) CountHistory(ctx context.Context, f core.HistoryFilter) (int64, error) {
	return e.u.eng.CountHistory(ctx, f)
}

func (e historyEnv) HistoryPage(ctx context.Context, f core.HistoryFilter) ([]core.Attempt, int64, bool, error) {
	return e.u.eng.HistoryPage(ctx, f)
}

func (e historyEnv) Attempt(ctx context.Context, id int64) (core.Attempt, error) {
	return e.u.eng.Attempt(ctx, id)
}

func (e historyEnv) Rerun(ctx context.Context, id int64) (*core.Attempt, error) {
	return e.u.eng.Rerun(ctx, id)
}

func (e historyEnv) DeleteAttempt(ctx context.Context, id int64) error {
	return e.u.eng.DeleteAttempt(ctx, id)
}

func (e historyEnv) SetRetention(ctx context.Context, n int) error {
	return e.u.eng.SetRetention(ctx, n)
}

func (e historyEnv) ImportHAR(ctx context.Context, r io.Reader) (int, error) {
	return e.u.eng.ImportHAR(ctx, r)
}

func (e historyEnv) ExportHAR(ctx context.Context, w io.Writer, f core.HistoryFilter, includeSecrets bool, creatorVersion string,
	show func(core.Attempt) core.Attempt) (int, error) {
	return e.u.eng.ExportHAR(ctx, w, f, includeSecrets, creatorVersion, show)
}
