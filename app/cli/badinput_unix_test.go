//go:build unix

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialConfigFilesNeverBlock: a config that is a named pipe or a device is a config error (exit 2)
// for a verb, and an error line for watch, which still stops when asked; nothing blocks on the pipe.
func TestSpecialConfigFilesNeverBlock(t *testing.T) {
	for _, name := range []string{"bgfetch.config.json", "project.config.json", "preload.json", "bgfetch.analytics.json"} {
		for _, kind := range []string{"fifo", "device"} {
			t.Run(name+"/"+kind, func(t *testing.T) {
				f := newFixture(t, okConfig)
				path := filepath.Join(f.dir, name)
				os.Remove(path)
				what := "named pipe"
				if kind == "fifo" {
					if err := syscall.Mkfifo(path, 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					what = "character device"
					if err := os.Symlink("/dev/zero", path); err != nil {
						t.Fatal(err)
					}
				}
				r := runWithin(t, "pull", "--project", f.dir, "--data", f.data)
				if r.code != ExitUsage || !strings.Contains(r.stderr, what) || !strings.Contains(r.stderr, name) {
					t.Errorf("pull: exit %d, stderr %q", r.code, r.stderr)
				}
				ctx, cancel := context.WithCancel(context.Background())
				out := &syncBuffer{}
				done := make(chan int, 1)
				go func() {
					done <- Run(ctx, []string{"watch", "--project", f.dir, "--data", f.data}, Env{Stdout: out, Stderr: out})
				}()
				waitFor(t, out, what)
				cancel() // what SIGINT and SIGTERM do in main
				select {
				case code := <-done:
					if code != ExitOK {
						t.Errorf("watch stopped with %d: %s", code, out.String())
					}
				case <-time.After(5 * time.Second):
					t.Fatal("watch did not stop when its context was cancelled")
				}
			})
		}
	}
}
