package app

import (
	"context"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/sim"
)

// simEnv is sim.Env: the simulation's clock, schedule and engine, the real engine's user and cold start,
// and the launch parameters of the prefetch tab.
type simEnv struct{ panelEnv }

func (e simEnv) Clock() sim.Clock                  { return e.u.clock }
func (e simEnv) Schedule() sim.Schedule            { return e.u.sched }
func (e simEnv) LastOpened() time.Time             { return e.u.simEng.LastOpened() }
func (e simEnv) CurrentUser() (project.User, bool) { return e.u.eng.CurrentUser() }
func (e simEnv) Launch() (*fetch.Launch, error)    { return e.u.prefetch.Launch() }

// SetUser switches the simulated user for real requests and for the simulation alike.
func (e simEnv) SetUser(user *project.User) {
	e.u.eng.SetUser(user)
	e.u.simEng.SetUser(user)
}

func (e simEnv) ColdStart(ctx context.Context, opt core.ColdStartOptions) (*core.ColdStartResult, error) {
	return e.u.eng.ColdStart(ctx, opt)
}
