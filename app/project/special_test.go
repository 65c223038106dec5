//go:build unix

package project

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadWithin runs Load and fails the test if it does not return within the bound: reading a named pipe
// would block forever.
func loadWithin(t *testing.T, dir string) (*Project, error) {
	t.Helper()
	type res struct {
		p   *Project
		err error
	}
	done := make(chan res, 1)
	go func() {
		p, err := Load(dir)
		done <- res{p, err}
	}()
	select {
	case r := <-done:
		return r.p, r.err
	case <-time.After(within):
		t.Fatalf("Load(%s) did not return within %v", dir, within)
		return nil, nil
	}
}

// TestLoadRefusesSpecialFiles: a config file that is a named pipe, a device, a socket or a folder (or a
// symbolic link to one) is a config error naming what it is, and Load never blocks on it.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	makers := []struct {
		name, what string
		make       func(t *testing.T, path string)
	}{
		{"fifo", "a named pipe (FIFO)", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"link to a fifo", "a named pipe (FIFO) (through the symbolic link", func(t *testing.T, path string) {
			fifo := filepath.Join(t.TempDir(), "pipe")
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Fatal(err)
			}
			symlink(t, fifo, path)
		}},
		{"link to /dev/zero", "a character device", func(t *testing.T, path string) { symlink(t, "/dev/zero", path) }},
		{"link to /dev/null", "a character device", func(t *testing.T, path string) { symlink(t, "/dev/null", path) }},
		{"socket", "a socket", func(t *testing.T, path string) {
			// A short path: a socket's name is limited to about 100 bytes.
			short, err := os.MkdirTemp("", "bgf")
			if err != nil {
				t.Fatal(err)
			}
			sock := filepath.Join(short, "s")
			l, err := net.Listen("unix", sock)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close(); os.RemoveAll(short) })
			symlink(t, sock, path)
		}},
		{"folder", "a folder", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"dangling link", "does not exist", func(t *testing.T, path string) {
			symlink(t, filepath.Join(t.TempDir(), "missing.json"), path)
		}},
	}
	for _, name := range []string{ConfigFile, ProjectConfigFile, PrivateConfigFile, PreloadFile, AnalyticsFile} {
		for _, m := range makers {
			t.Run(name+"/"+m.name, func(t *testing.T) {
				files := map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("tk")}
				delete(files, name)
				dir := newProject(t, files)
				m.make(t, filepath.Join(dir, name))
				p, err := loadWithin(t, dir)
				if p != nil {
					t.Fatalf("Load succeeded: %+v", p)
				}
				ce := asConfigError(t, err, name)
				if !strings.Contains(ce.Msg, m.what) || !strings.Contains(ce.Msg, "symbolic link") {
					t.Errorf("message %q does not say %q and what to do", ce.Msg, m.what)
				}
			})
		}
	}
}

// TestWatcherSurvivesAFIFO: a config file replaced by a named pipe while watched is reported as an
// error without blocking the watcher, which reloads once a regular file is back.
func TestWatcherSurvivesAFIFO(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("before")})
	path := filepath.Join(dir, ConfigFile)
	r, _ := watch(t, dir)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	c := r.waitFor(t, "an error for the named pipe", func(c call) bool { return c.err != nil })
	if ce := asConfigError(t, c.err, ConfigFile); !strings.Contains(ce.Msg, "named pipe") {
		t.Errorf("error %v", ce)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{ConfigFile: tokenConfig("after")})
	r.waitFor(t, "the regular file back", hasToken("after"))
}
