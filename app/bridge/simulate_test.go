package bridge_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bgfetch/devtools/app/bridge"
	"github.com/bgfetch/devtools/app/core"
)

// simulateDir holds the snippet's test runtime: miniprogram-simulate and jsdom (package.json, package-lock.json),
// the harness and a goods component. `make test-deps` installs the modules (npm ci).
const simulateDir = "testdata/simulate"

// TestSnippetInSimulate runs the snippet in WeChat's component test runtime, miniprogram-simulate, against a
// real bridge. With callbacks, wx.getBackgroundFetchData returns nothing, as the platform's API does: with
// nothing cached only fail runs, and no unhandled rejection is raised (a false error for
// wx.onUnhandledRejection monitoring); without callbacks it is a Promise that rejects. Taro's rejects even
// with a fail callback, as Taro does. A tap on the component's .buy button fires the configured click.
func TestSnippetInSimulate(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the snippet is not run in miniprogram-simulate (install Node.js 18 or later, then run make test-deps)")
	}
	if _, err := os.Stat(filepath.Join(simulateDir, "node_modules", "miniprogram-simulate", "package.json")); err != nil {
		t.Skipf("miniprogram-simulate is not installed in %s: the snippet is not run in WeChat's component test runtime "+
			"(run make test-deps, or npm ci --prefix app/bridge/%s)", simulateDir, simulateDir)
	}
	ctx := context.Background()
	f := newFixture(t, core.Options{}, bridge.Options{})
	if _, err := f.eng.Pull(ctx); err != nil { // periodic is cached, pre is not
		t.Fatal(err)
	}
	if _, err := f.eng.TestAnalytics(ctx); err != nil { // 保存并测试: buy fires on a click on .buy
		t.Fatal(err)
	}
	want := func(fetchType string) map[string]any { return engineResult(t, f.eng, fetchType) }
	snippet := filepath.Join(t.TempDir(), "snippet.js")
	write(t, snippet, bridge.Snippet(f.srv.URL(), f.srv.Key()))
	harness, err := filepath.Abs(filepath.Join(simulateDir, "simulate.js"))
	if err != nil {
		t.Fatal(err)
	}
	type call struct {
		Returned           string
		Success, Fail      map[string]any
		Resolved, Rejected map[string]any
		Complete           bool
	}
	seen := int64(0)
	for _, mode := range []string{"wx", "taro"} {
		t.Run(mode, func(t *testing.T) {
			out, err := exec.Command(node, harness, snippet, mode).Output()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, out)
			}
			var got struct {
				Replaced      bool
				Pre, Periodic call
				Promised      call
				Taro          *call
				Unhandled     []map[string]any
				Taps          int
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("harness output %s: %v", out, err)
			}
			if !got.Replaced {
				t.Fatal("with replace: true the snippet did not replace the runtime's mock wx.getBackgroundFetchData")
			}
			if p := got.Pre; p.Returned != "nothing" || !reflect.DeepEqual(p.Fail, want("pre")) || p.Success != nil || !p.Complete {
				t.Errorf("pre (nothing cached) with callbacks: %+v\nwant nothing returned and fail %v", p, want("pre"))
			}
			if p := got.Periodic; p.Returned != "nothing" || !reflect.DeepEqual(p.Success, want("periodic")) || p.Fail != nil || !p.Complete {
				t.Errorf("periodic with callbacks: %+v\nwant nothing returned and success %v", p, want("periodic"))
			}
			if p := got.Promised; !reflect.DeepEqual(p.Rejected, want("pre")) || p.Resolved != nil {
				t.Errorf("pre as a Promise: %+v, want it rejected with %v", p, want("pre"))
			}
			wantUnhandled := 0
			if mode == "taro" {
				if got.Taro == nil || got.Taro.Returned != "promise" || !reflect.DeepEqual(got.Taro.Fail, want("pre")) {
					t.Errorf("Taro.getBackgroundFetchData with a fail callback: %+v, want a Promise and fail %v", got.Taro, want("pre"))
				}
				wantUnhandled = 1 // Taro's Promise rejects even with a fail callback; the harness leaves it uncaught
			}
			if len(got.Unhandled) != wantUnhandled || wantUnhandled == 1 && !reflect.DeepEqual(got.Unhandled[0], want("pre")) {
				t.Errorf("unhandled rejections %v, want %d", got.Unhandled, wantUnhandled)
			}
			if got.Taps != 2 {
				t.Errorf("the component's handler ran %d times for two taps", got.Taps)
			}
			// The tap on #buy (data-class="buy") fired the click on .buy; the tap on #other did not.
			reps, err := f.eng.Reports(ctx, core.ReportFilter{AfterID: seen})
			if err != nil {
				t.Fatal(err)
			}
			if len(reps) != 1 {
				t.Fatalf("%d reports, want the one click: %+v", len(reps), reps)
			}
			r := reps[0]
			seen = r.ID
			if r.EventID != "buy" || r.Trigger != "click" || r.Action != "#1 click .buy" || r.Page != "pages/goods/goods" ||
				r.Data != `{"color":"red","price":9.5}` || r.Flagged() {
				t.Errorf("the click's report: %+v", r)
			}
		})
	}
}
