//go:build unix

package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withoutDisplay is the environment without DISPLAY and WAYLAND_DISPLAY.
func withoutDisplay() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return env
}

// TestBadInputProcesses runs the real binary: without a display the window says so in one line and exits
// 2 (no GLFW panic); watch on a config that is a named pipe or a device reports it and stops on SIGTERM
// and SIGINT; watch on a missing folder exits 2.
func TestBadInputProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()

	for _, args := range [][]string{nil, {"--demo"}, {"--data", data}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = withoutDisplay()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		_ = cmd.Run()
		msg := stderr.String()
		if code := cmd.ProcessState.ExitCode(); code != 2 || strings.Count(msg, "\n") != 1 ||
			!strings.Contains(msg, "DISPLAY") || !strings.Contains(msg, "pull, schedule") || strings.Contains(msg, "panic") {
			t.Errorf("bgfetch %v without a display: exit %d, stderr %q", args, code, msg)
		}
	}

	cmd := exec.Command(bin, "watch", "--project", filepath.Join(t.TempDir(), "nonexistent"), "--data", data)
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 2 {
		t.Errorf("watch on a missing folder: exit %d (%v), want 2", cmd.ProcessState.ExitCode(), err)
	}

	for _, kind := range []string{"fifo", "device"} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			t.Run(kind+"/"+sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "project.config.json"), []byte(`{"appid": "wxsig"}`), 0o644); err != nil {
					t.Fatal(err)
				}
				cfg := filepath.Join(dir, "bgfetch.config.json")
				what := "named pipe"
				if kind == "fifo" {
					if err := syscall.Mkfifo(cfg, 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					what = "character device"
					if err := os.Symlink("/dev/zero", cfg); err != nil {
						t.Fatal(err)
					}
				}
				cmd := exec.Command(bin, "watch", "--project", dir, "--data", data)
				out, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan struct{})
				go func() { _ = cmd.Wait(); close(exited) }() // the exit code is checked below
				line := make(chan string, 1)
				go func() {
					s := bufio.NewScanner(out)
					for s.Scan() {
						if strings.Contains(s.Text(), what) {
							line <- s.Text()
							break
						}
					}
					_, _ = io.Copy(io.Discard, out)
				}()
				select {
				case l := <-line:
					if !strings.Contains(l, "bgfetch.config.json") {
						t.Errorf("error line %q does not name the file", l)
					}
				case <-time.After(20 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("watch did not report the %s", what)
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				select {
				case <-exited:
					if code := cmd.ProcessState.ExitCode(); code != 0 {
						t.Errorf("watch after %v: exit %d, want 0", sig, code)
					}
				case <-time.After(10 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("watch ignored %v", sig)
				}
			})
		}
	}
}
