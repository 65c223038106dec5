package project

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Defaults of source watching (WatchOptions).
const (
	// DefaultCompileDelay is how long after the last save of a burst a compile starts: about what WeChat
	// DevTools waits before it rebuilds, so that a "save all" of five files is one compile.
	DefaultCompileDelay = 400 * time.Millisecond
	// DefaultMaxSourceDirs caps the folders watched for source saves. Each folder is one inotify watch on
	// Linux, and the editor, WeChat DevTools and every other watcher share the user's limit
	// (fs.inotify.max_user_watches, 8192 on older kernels).
	DefaultMaxSourceDirs = 2000
)

// WatchOptions configure a Watcher beyond the configuration files.
type WatchOptions struct {
	// Compile, when set, also watches the mini program's sources (app.js/ts, app.json, pages, components,
	// styles, templates, images, and project.config.json) as WeChat DevTools does, and is called after a
	// burst of saves has settled (CompileDelay after the last), as a compile. It is called from Run's
	// goroutine, after fn has had the project reloaded when a configuration file was among the saves.
	Compile func(Compile)
	// CompileDelay is the debounce of compiles; 0 = DefaultCompileDelay.
	CompileDelay time.Duration
	// MaxSourceDirs caps the folders watched for sources; 0 = DefaultMaxSourceDirs.
	MaxSourceDirs int
}

// Compile is one compile: the files whose saves caused it.
type Compile struct {
	Files []string // slash-separated, relative to the project folder, sorted; at most maxCompileFiles
	More  int      // how many more files changed than Files lists
}

// maxCompileWait is how many compile delays a burst of saves that never pauses may postpone its compile.
const maxCompileWait = 5

// maxCompileFiles bounds Compile.Files (a branch switch can touch thousands).
const maxCompileFiles = 20

// SourceInfo says what a Watcher watches of the sources.
type SourceInfo struct {
	Root   string // the folder compiled (miniprogramRoot, else the project folder); "" when sources are not watched
	Dirs   int    // folders watched under Root
	Capped bool   // not every folder is watched: saves in the others are not seen
	Limit  int    // the cap that was reached (MaxSourceDirs), when Capped by the cap
	Err    error  // the system's refusal that capped it (inotify's watch limit), when Capped by the system
}

// skippedDirs are folders never compiled: installed packages, npm's build for the mini program, VCS.
var skippedDirs = map[string]bool{"node_modules": true, "miniprogram_npm": true, "miniprogram_dist": true}

// outputDirs are the obvious build outputs, skipped at the top of the project folder unless they are
// what DevTools compiles (miniprogramRoot "dist/" in a Taro or uni-app project).
var outputDirs = map[string]bool{"dist": true, "build": true, "unpackage": true, "output": true, "coverage": true}

// sourceExts are the extensions of the files a mini program is built from, on the three platforms.
var sourceExts = map[string]bool{
	".js": true, ".ts": true, ".mjs": true, ".cjs": true, ".jsx": true, ".tsx": true, ".json": true,
	".wxml": true, ".wxss": true, ".wxs": true, // WeChat
	".qml": true, ".qss": true, // QQ
	".axml": true, ".acss": true, ".sjs": true, // Alipay
	".css": true, ".less": true, ".scss": true, ".sass": true, ".styl": true,
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true,
}

// IsToolFile reports whether a base name is one of BgFetch's own files (bgfetch.config.json,
// bgfetch.analytics.json, anything bgfetch.*): saving one reloads the tool's config, it is no compile.
func IsToolFile(name string) bool {
	return strings.HasPrefix(strings.ToLower(name), "bgfetch.")
}

// isSourceFile reports whether a base name is a source a save of which is a compile: not hidden, not
// an editor's temporary or backup file, not the tool's, with a source extension.
func isSourceFile(name string) bool {
	switch {
	case name == "" || name[0] == '.' || IsToolFile(name) || strings.HasSuffix(name, "~") || name == "4913",
		strings.Contains(name, "___jb_"):
		return false
	}
	return sourceExts[strings.ToLower(filepath.Ext(name))]
}

// skipDir reports whether the folder name, rel (slash-separated) below the project folder, is not compiled.
func (w *Watcher) skipDir(name, rel string) bool {
	if name == "" || name[0] == '.' || skippedDirs[name] || IsToolFile(name) {
		return true
	}
	if w.cloudRoot != "" && rel == w.cloudRoot {
		return true
	}
	// A top-level build output, unless the compiled root is inside it.
	return !strings.Contains(rel, "/") && outputDirs[name] && !strings.HasPrefix(w.srcRel+"/", rel+"/")
}

// sourceRoots reads where the sources are: project.config.json's miniprogramRoot (Alipay's
// mini.project.json also has one), relative to the project folder; "" is the folder itself. A root that
// leaves the folder or does not exist is ignored. cloudfunctionRoot is skipped: saving a cloud
// function does not rebuild the mini program.
func sourceRoots(real string) (src, cloud string) {
	clean := func(s string) string {
		s = filepath.ToSlash(filepath.Clean(filepath.FromSlash(strings.TrimSpace(s))))
		if s == "." || s == "" || s == ".." || strings.HasPrefix(s, "../") || filepath.IsAbs(s) || strings.HasPrefix(s, "/") {
			return ""
		}
		return s
	}
	for _, f := range []string{ProjectConfigFile, "mini.project.json"} {
		data, _, err := readFile(filepath.Join(real, f), maxConfigBytes)
		if err != nil || data == nil {
			continue
		}
		var c struct {
			MiniprogramRoot   string `json:"miniprogramRoot"`
			CloudfunctionRoot string `json:"cloudfunctionRoot"`
		}
		if json.Unmarshal(trimBOM(data), &c) != nil {
			continue
		}
		src, cloud = clean(c.MiniprogramRoot), clean(c.CloudfunctionRoot)
		if src != "" {
			if fi, err := os.Stat(filepath.Join(real, filepath.FromSlash(src))); err != nil || !fi.IsDir() {
				src = ""
			}
		}
		return src, cloud
	}
	return "", ""
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// scanSources finds the compiled root again and watches its folders (breadth first, so that a cap
// leaves the deep folders out, not the top ones). Folders watched before and no longer wanted are
// dropped.
func (w *Watcher) scanSources() {
	if w.opt.Compile == nil {
		return
	}
	w.srcRel, w.cloudRoot = sourceRoots(w.real)
	root := w.real
	if w.srcRel != "" {
		root = filepath.Join(w.real, filepath.FromSlash(w.srcRel))
	}
	old := w.srcDirs
	w.srcDirs = map[string]bool{}
	info := SourceInfo{Root: root}
	w.addTree(root, &info)
	for d := range old {
		if !w.srcDirs[d] && !w.dirs[d] {
			_ = w.fsw.Remove(d)
		}
	}
	w.setInfo(info)
}

// addTree watches dir and the folders below it that are compiled, up to the cap; it reports whether it
// found a source file (a folder created with files in it, or moved in, is a compile).
func (w *Watcher) addTree(dir string, info *SourceInfo) (found bool) {
	queue := []string{dir}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		if w.srcDirs[d] {
			continue
		}
		if len(w.srcDirs) >= w.maxDirs {
			info.Capped, info.Limit = true, w.maxDirs
			break
		}
		if err := w.fsw.Add(d); err != nil {
			if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
				info.Capped, info.Err = true, err
				break
			}
			continue // a folder that went away or cannot be read
		}
		w.srcDirs[d] = true
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if e.IsDir() {
				if !w.skipDir(e.Name(), w.rel(p)) {
					queue = append(queue, p)
				}
			} else if isSourceFile(e.Name()) {
				found = true
			}
		}
	}
	info.Dirs = len(w.srcDirs)
	return found
}

// rel is p relative to the project folder, slash-separated ("" when outside it).
func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.real, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

// sourceEvent reports whether an event under the watched source folders is a save that compiles; a
// folder created (or moved in) is watched with the folders below it.
func (w *Watcher) sourceEvent(name string, created, removed bool) bool {
	parent := filepath.Dir(name)
	if !w.srcDirs[parent] && !w.srcDirs[name] {
		return false
	}
	rel := w.rel(name)
	if rel == "" {
		return false
	}
	base := filepath.Base(name)
	if w.srcDirs[name] && removed { // a watched folder removed or moved away: its files went with it
		delete(w.srcDirs, name)
		w.updateDirs()
		return true
	}
	if created {
		if fi, err := os.Lstat(name); err == nil && fi.IsDir() {
			if w.skipDir(base, rel) {
				return false
			}
			info := w.Sources()
			found := w.addTree(name, &info)
			w.setInfo(info)
			return found
		}
	}
	return isSourceFile(base)
}

func (w *Watcher) updateDirs() {
	info := w.Sources()
	info.Dirs = len(w.srcDirs)
	w.setInfo(info)
}

func (w *Watcher) setInfo(info SourceInfo) {
	w.infoMu.Lock()
	w.info = info
	w.infoMu.Unlock()
}

// Sources says which folders are watched for source saves (Root "" when compiles are not watched).
func (w *Watcher) Sources() SourceInfo {
	w.infoMu.Lock()
	defer w.infoMu.Unlock()
	return w.info
}

// pendingCompile collects the files of the compile to come.
type pendingCompile map[string]bool

func (pc pendingCompile) take() Compile {
	files := make([]string, 0, len(pc))
	for f := range pc {
		files = append(files, f)
	}
	slices.Sort(files)
	c := Compile{Files: files}
	if len(files) > maxCompileFiles {
		c.Files, c.More = files[:maxCompileFiles], len(files)-maxCompileFiles
	}
	clear(pc)
	return c
}
