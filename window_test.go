package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds bgfetch once per test binary run, with -race when the tests run with it (so that it
// reuses the packages `go test -race` just compiled).
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bgfetch")
	args := []string{"build", "-tags", "migrated_fynedo,sqlite_fts5", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestVersionAndHelp(t *testing.T) {
	bin := buildBinary(t)
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "bgfetch "+strings.Split(version(), " ")[0]) {
		t.Errorf("--version: %q %v", out, err)
	}
	out, _ = exec.Command(bin, "help").Output()
	if !strings.Contains(string(out), "bgfetch pull") {
		t.Errorf("help: %s", out)
	}
	cmd := exec.Command(bin, "--nope")
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 2 {
		t.Errorf("bad flag: exit %d (%v)", cmd.ProcessState.ExitCode(), err)
	}
}

// TestRealWindow starts the real window on the demo project under X, pulls with Ctrl+R, checks the result
// through the command line, saves a screenshot, and quits with Ctrl+Q.
func TestRealWindow(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("BGFETCH_WINDOW_TEST") != "" {
			t.Fatal("BGFETCH_WINDOW_TEST is set but DISPLAY is not: start Xvfb (make test does)")
		}
		t.Skip("no X display; make test starts Xvfb and runs this test")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (make test-deps installs it): %v", tool, err)
		}
	}
	bin := buildBinary(t)
	data, home := t.TempDir(), t.TempDir()
	var logs bytes.Buffer
	app := exec.Command(bin, "--demo", "--data", data)
	app.Env = append(os.Environ(), "LANG=zh_CN.UTF-8", "LANGUAGE=zh_CN", "XDG_CONFIG_HOME="+home)
	app.Stdout, app.Stderr = &logs, &logs
	start := time.Now()
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		if app.ProcessState == nil {
			_ = app.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("app output:\n%s", logs.String())
		}
	}()

	var win string
	poll(t, "the window to map", 30*time.Second, func() bool {
		// By the app's pid: another BgFetch window on the same display must not be taken for this one.
		out, _ := exec.Command("xdotool", "search", "--all", "--onlyvisible", "--pid", strconv.Itoa(app.Process.Pid), "--name", "BgFetch DevTools").Output()
		win = strings.TrimSpace(strings.Split(string(out), "\n")[0])
		return win != ""
	})
	t.Logf("window mapped %v after start (race=%v)", time.Since(start).Round(time.Millisecond), raceEnabled)

	demoDir := filepath.Join(data, "demo-project")
	cli := func(args ...string) []byte {
		out, _ := exec.Command(bin, append(args, "--project", demoDir, "--data", data)...).Output()
		return out
	}
	// Ctrl+R is 拉取周期性缓存数据. Send it until the window has taken it (the first frame may not be up yet).
	var h struct {
		Total    int `json:"total"`
		Attempts []struct {
			Cached bool   `json:"cached"`
			URL    string `json:"url"`
		} `json:"attempts"`
	}
	poll(t, "a pull from the window", 30*time.Second, func() bool {
		if h.Total == 0 {
			_ = exec.Command("xdotool", "key", "--window", win, "ctrl+r").Run()
		}
		_ = json.Unmarshal(cli("history", "--json", "--include-secrets"), &h)
		return h.Total > 0
	})
	if !h.Attempts[0].Cached || !strings.Contains(h.Attempts[0].URL, "/periodic?from=bgfetch-demo&appid=wxbgfetchdemo0001&token=demo-token") {
		t.Errorf("the window's pull: %+v", h.Attempts[0])
	}
	if rss := rssKB(app.Process.Pid); rss > 0 {
		t.Logf("RSS after the pull: %d MB (race=%v)", rss/1024, raceEnabled)
	}
	time.Sleep(700 * time.Millisecond) // let the panels draw the result before the screenshot
	dir := os.Getenv("BGFETCH_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "window.png")
	if out, err := exec.Command("import", "-window", win, shot).CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v %s", err, out)
	}
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Errorf("screenshot %s looks empty: %v", shot, err)
	}
	t.Logf("screenshot: %s", shot)

	// A file dialog opens and closes without taking the window down (every one of them used to panic).
	_ = exec.Command("xdotool", "key", "--window", win, "ctrl+o").Run()
	time.Sleep(1500 * time.Millisecond)
	if app.Process.Signal(syscall.Signal(0)) != nil {
		t.Fatalf("the window died on 打开项目… (Ctrl+O):\n%s", logs.String())
	}
	_ = exec.Command("import", "-window", win, filepath.Join(dir, "file-dialog.png")).Run()
	_ = exec.Command("xdotool", "key", "--window", win, "Escape").Run()
	time.Sleep(300 * time.Millisecond)

	// Every tab at 1280×800 and at the smallest size the window is made for (720×560), for the README.
	for _, size := range [][2]int{{1280, 800}, {720, 560}} {
		_ = exec.Command("xdotool", "windowsize", win, strconv.Itoa(size[0]), strconv.Itoa(size[1])).Run()
		time.Sleep(500 * time.Millisecond)
		for tab := 1; tab <= 6; tab++ {
			_ = exec.Command("xdotool", "key", "--window", win, "ctrl+"+strconv.Itoa(tab)).Run()
			time.Sleep(400 * time.Millisecond)
			name := filepath.Join(dir, fmt.Sprintf("tab%d-%dx%d.png", tab, size[0], size[1]))
			if out, err := exec.Command("import", "-window", win, name).CombinedOutput(); err != nil {
				t.Errorf("screenshot %s: %v %s", name, err, out)
			}
		}
		if app.Process.Signal(syscall.Signal(0)) != nil {
			t.Fatalf("the window died while visiting the tabs at %v:\n%s", size, logs.String())
		}
	}

	// Ctrl+Q quits cleanly: the process ends, and the database is usable by the command line at once.
	_ = exec.Command("xdotool", "key", "--window", win, "ctrl+q").Run()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the app exited with %v", err)
		}
	case <-time.After(60 * time.Second): // under -race on a loaded 2-core runner the window lags keys by seconds
		t.Fatal("the app did not quit on Ctrl+Q")
	}
	var got map[string]any
	if err := json.Unmarshal(cli("get", "--type", "periodic", "--json"), &got); err != nil || got["errMsg"] != "getBackgroundFetchData:ok" {
		t.Errorf("after quitting, get says %v (%v)", got, err)
	}
}

func poll(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func rssKB(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}
