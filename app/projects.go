package app

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"runtime"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// Opening a project: the engine reads it off the UI goroutine, the window then watches it, remembers it
// and refreshes every panel; the recent list, the folder dialog and the config file in the system's editor.

// switchedProject runs after the engine opened a project: it starts watching it, remembers it and
// refreshes every panel.
func (u *UI) switchedProject() {
	u.startWatch()
	dir := u.eng.ProjectDir()
	if dir != u.demoDir() {
		u.remember(dir)
	}
	u.app.Preferences().SetString(prefLast, dir)
	u.proj, u.projErr = u.eng.Project()
	u.refreshProject()
	u.setConfigState(u.tr.T("正在监听配置文件"), false)
	if u.projErr != nil {
		u.setConfigState(u.errText(u.projErr), true)
	}
	u.refreshData()
}

// startWatch (re)starts watching the project: its config files, and with 保存代码时预拉取 its sources. The
// watch is put in place off the UI goroutine (inotify adds, one per source folder); once it is, u.watching
// is set, and the panels hear shell.SourcesChanged.
func (u *UI) startWatch() {
	if u.watchCancel != nil {
		u.watchCancel()
	}
	ctx, cancel := context.WithCancel(u.ctx)
	u.watchCancel = cancel
	u.watching = false
	ready := make(chan struct{})
	var sources project.SourceInfo // written before ready is closed
	opt := core.WatchOptions{CompilePrefetch: u.compilePrefetch, Sources: func(i project.SourceInfo) { sources = i }}
	eng := u.eng
	go func() {
		if err := eng.WatchWith(ctx, ready, opt); err != nil && ctx.Err() == nil {
			u.do(func() { u.setConfigState(u.tr.F("无法监听配置文件：%v", err), true) })
		}
	}()
	go func() {
		select {
		case <-ready:
		case <-ctx.Done():
			return
		}
		u.do(func() {
			if ctx.Err() != nil || u.closed.Load() {
				return // a newer watch, or the window closed
			}
			u.watching, u.sources = true, sources
			switch {
			case sources.Err != nil:
				u.toast(u.tr.F("只监听了 %d 个源码文件夹：系统拒绝了更多（%v），其余文件夹中的保存不会触发编译", sources.Dirs, sources.Err))
			case sources.Capped:
				u.toast(u.tr.F("只监听了前 %d 个源码文件夹（上限），其余文件夹中的保存不会触发编译", sources.Limit))
			}
			u.changed(shell.SourcesChanged)
		})
	}()
}

// setCompilePrefetch switches 保存代码时预拉取 and restarts the watch with it.
func (u *UI) setCompilePrefetch(on bool) {
	u.compilePrefetch = on
	u.app.Preferences().SetBool(prefCompilePrefetch, on)
	u.startWatch()
	u.changed(shell.ProjectChanged) // 数据预拉取 says what a save of the sources does now
	u.refreshActions()
}

// openProject switches the engine to dir.
func (u *UI) openProject(dir string) {
	if dir == u.eng.ProjectDir() {
		return
	}
	if dir == u.demoDir() {
		if _, err := u.startDemo(); err != nil {
			u.showError(err)
			return
		}
	}
	u.cancelRequests()
	// The engine reads the project off the UI goroutine. Opens run one at a time, and only the newest
	// one asked for: a slow read of the project before never lands after it.
	u.openWant.Store(dir)
	u.watching = false // until the new project's watch is in place
	eng := u.eng
	background(u, &u.openJob, func(context.Context) (struct{}, error) {
		u.openMu.Lock()
		defer u.openMu.Unlock()
		if u.openWant.Load() == dir {
			eng.SetProjectDir(dir)
		}
		return struct{}{}, nil
	}, func(struct{}, error) { u.switchedProject() })
}

func (u *UI) remember(dir string) {
	list := u.app.Preferences().StringList(prefRecent)
	list = slices.DeleteFunc(list, func(s string) bool { return s == dir })
	list = append([]string{dir}, list...)
	if len(list) > maxRecent {
		list = list[:maxRecent]
	}
	u.app.Preferences().SetStringList(prefRecent, list)
	if u.recentMenu != nil {
		u.recentMenu.ChildMenu.Items = u.recentItems()
		u.win.MainMenu().Refresh()
	}
}

func (u *UI) chooseProject() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if dir == nil {
			return
		}
		u.openProject(dir.Path())
	}, u.win)
	if cur, err := listable(u.eng.ProjectDir()); err == nil {
		d.SetLocation(cur)
	}
	u.showFileDialog(d, "")
}

// openConfigFile opens bgfetch.config.json in the system's editor, creating it from the template first
// (the engine writes it, off the UI goroutine).
func (u *UI) openConfigFile() {
	eng := u.eng
	background(u, nil, func(context.Context) (string, error) { return eng.EnsureConfig(configTemplate) },
		func(path string, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.openInEditor(path)
		})
}

// openInEditor opens path in the system's editor; without one, it says so and copies the path.
func (u *UI) openInEditor(path string) {
	noEditor := func(err error) {
		u.app.Clipboard().SetContent(path)
		u.showText(u.tr.T("无法打开系统编辑器"), u.tr.F("没有可用的系统编辑器（%v）。配置文件的路径已复制到剪贴板，请用任意编辑器打开；保存后工具会自动重新加载：\n\n%s", err, path))
	}
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" {
		// fyne's OpenURL starts xdg-open and forgets it: a machine with no editor would fail unseen.
		bin, err := exec.LookPath(cmp.Or(u.opener, "xdg-open"))
		if err != nil {
			noEditor(err)
			return
		}
		background(u, nil, func(context.Context) (struct{}, error) {
			out, err := exec.Command(bin, path).CombinedOutput()
			if err != nil {
				if msg := strings.TrimSpace(string(out)); msg != "" {
					err = fmt.Errorf("%w: %s", err, oneLine(msg, 200))
				}
			}
			return struct{}{}, err
		}, func(_ struct{}, err error) {
			if err != nil {
				noEditor(err)
			}
		})
		return
	}
	if err := u.app.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
		noEditor(err)
	}
}
