package app

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// The window's side of 自定义分析 (app/ui/analytics): showing the tab, and the loopback bridge (桥接), which
// the window starts with the engine, restarts when the 桥接 view asks and stops before the engine closes;
// the view reads its state through analytics.BridgeEnv (analyticsEnv).

// showAnalytics selects the 自定义分析 tab with its 事件 view.
func (u *UI) showAnalytics() {
	for i, c := range u.tabContents {
		if c == u.ana.Content() {
			u.tabs.SelectIndex(i)
		}
	}
	u.ana.Views().SelectIndex(0)
}

// bridgeAddr is where the window's bridge listens first (tests change it); bridgeAnyPort is the fallback
// when that port is taken.
var (
	bridgeAddr    = net.JoinHostPort("127.0.0.1", strconv.Itoa(bridge.DefaultPort))
	bridgeAnyPort = "127.0.0.1:0"
)

// bridgeState is what the window knows about its bridge besides the server itself (UI goroutine).
type bridgeState struct {
	key      string // the persisted key, known even while the bridge is stopped
	addr     string // where the bridge last listened, to listen there again after a restart
	err      error  // why the bridge is not running
	fellBack error  // why it listens on another port than the default one
	busy     bool   // a start, stop or key change is under way
}

// openBridge starts a bridge with the persisted key on addr, or, when that fails (the port is taken), on
// the first of also that is free, else on any free loopback port; fellBack then says why addr failed.
func openBridge(ctx context.Context, eng *core.Engine, addr string, also ...string) (srv *bridge.Server, key string, fellBack, err error) {
	if key, err = bridge.KeyFor(ctx, eng); err != nil {
		return nil, "", nil, err
	}
	origins, err := bridge.SavedOrigins(ctx, eng)
	if err != nil {
		return nil, key, nil, err
	}
	start := func(addr string) (*bridge.Server, error) {
		s, err := bridge.New(eng, bridge.Options{Addr: addr, Key: key, AllowOrigins: origins, Logger: slog.Default()})
		if err != nil {
			return nil, err
		}
		if err := s.Start(); err != nil {
			_ = s.Close()
			return nil, err
		}
		return s, nil
	}
	if srv, err = start(addr); err == nil {
		return srv, key, nil, nil
	}
	fellBack = err
	slog.Info("the bridge's port is not available; trying another", "addr", addr, "err", err)
	for _, a := range append(also, bridgeAnyPort) {
		if a == addr {
			continue
		}
		if srv, err = start(a); err == nil {
			return srv, key, fellBack, nil
		}
	}
	return nil, key, nil, err
}

// startBridge starts the window's bridge; New calls it once the engine is open. Every second the panels
// hear shell.BridgeChanged as well, for the bridge's counters: a rejected request publishes no event.
func (u *UI) startBridge() {
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-u.ctx.Done():
				return
			case <-tick.C:
				u.do(func() {
					if !u.closed.Load() {
						u.changed(shell.BridgeChanged)
					}
				})
			}
		}
	}()
	srv, key, fellBack, err := openBridge(u.ctx, u.eng, bridgeAddr)
	u.bridge = srv
	u.bridgeState = bridgeState{key: key, addr: listenAddr(srv, ""), err: err, fellBack: fellBack}
	if err != nil {
		slog.Warn("the bridge did not start", "err", err)
	}
}

// listenAddr is the host:port srv listens on, or else if srv is nil.
func listenAddr(srv *bridge.Server, or string) string {
	if srv == nil {
		return or
	}
	return strings.TrimPrefix(srv.URL(), "http://")
}

// closeBridge stops the bridge; shutdown calls it before the engine closes.
func (u *UI) closeBridge() {
	if u.bridge != nil {
		if err := u.bridge.Close(); err != nil {
			slog.Warn("stop the bridge", "err", err)
		}
		u.bridge = nil
	}
}

// restartBridge stops the bridge, optionally makes a new key, and starts it again if run, off the UI
// goroutine (stopping waits for the requests in flight). A bridge that had to fall back to another port
// gets that port again if it is free, so a pasted snippet keeps its address.
func (u *UI) restartBridge(newKey, run bool) {
	if u.bridgeState.busy {
		return
	}
	old := u.bridge
	u.bridge = nil
	u.bridgeState.busy = true
	u.changed(shell.BridgeChanged)
	first, last := bridgeAddr, u.bridgeState.addr
	eng, ctx := u.eng, u.ctx
	go func() {
		var srv *bridge.Server
		var key string
		var fellBack, err error
		if old != nil {
			err = old.Close()
		}
		if newKey && err == nil {
			key, err = bridge.NewKey(ctx, eng)
		}
		if run && err == nil {
			srv, key, fellBack, err = openBridge(ctx, eng, first, last)
		}
		u.do(func() {
			if u.closed.Load() {
				if srv != nil {
					_ = srv.Close()
				}
				return
			}
			u.bridge = srv
			u.bridgeState = bridgeState{key: cmp.Or(key, u.bridgeState.key), addr: listenAddr(srv, last), err: err,
				fellBack: fellBack}
			u.changed(shell.BridgeChanged)
		})
	}()
}
