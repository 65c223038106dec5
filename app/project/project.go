// Package project reads a mini-program project folder — WeChat DevTools' project.config.json (and
// project.private.config.json), BgFetch's own bgfetch.config.json and Alipay's preload.json —
// validates it with errors that point at file, line and column, and watches the folder to reload it
// whenever one of those files is saved.
package project

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/platform"
)

// Platform is the mini-program platform whose behaviour is simulated; what each one does is its
// platform.Spec.
type Platform = platform.ID

// The platforms, for the project's own tests and defaults; everything else iterates platform.All.
const (
	Weapp  = platform.Weapp
	QQ     = platform.QQ
	Alipay = platform.Alipay
)

// File names and platform limits.
const (
	ProjectConfigFile = "project.config.json"         // WeChat DevTools' project file
	PrivateConfigFile = "project.private.config.json" // WeChat DevTools' local settings; its "setting" wins
	ConfigFile        = "bgfetch.config.json"         // BgFetch DevTools' own file
	PreloadFile       = "preload.json"                // Alipay's prefetch description
	MaxTokenLen       = 1024                          // characters setBackgroundFetchToken accepts
	MaxPreloadBytes   = 2048                          // bytes Alipay accepts in preload.json
)

// Defaults applied by Load when bgfetch.config.json does not set a value.
const (
	DefaultPlatform      = Weapp
	DefaultTimestampUnit = "ms"
	DefaultTimeout       = 10 * time.Second
)

// maxConfigBytes bounds how much of a configuration file is read.
const maxConfigBytes = 4 << 20

// Gray is a grayscale (灰度) download address and the percentage of users that get it.
type Gray struct {
	URL     string
	Percent int // 0..100; 0 means only the developers and testers get URL
}

// Source is a download address with its optional grayscale address.
type Source struct {
	URL   string // absolute http(s) URL; "" when not configured
	Gray  Gray
	Cloud *Cloud // a cloud function as the data source instead of URL; nil when not configured
}

// Cloud is a cloud-development data source (云开发): the platform calls the function with an event
// {path, query, scene, token, userInfo: {appId, openId}} instead of requesting an address. LocalURL,
// when set, is a local HTTP endpoint that receives that event as a JSON POST, so the function's handler
// can run on the developer's machine.
type Cloud struct {
	Env      string
	Function string
	LocalURL string
}

// Prefetch is the data prefetch (数据预拉取) configuration: the address and the launch it simulates.
type Prefetch struct {
	Source
	Path                     string
	Query                    string
	Scene                    int
	CustomMiniprogramVersion string
}

// User is the simulated user.
type User struct {
	OpenID string
	Tester bool // a tester (体验者) always gets the grayscale address
	// Code is a real login code (from wx.login on a device) to send instead of a generated one when no
	// token is set, so the server's code2Session exchange can be tested; "" = a generated one.
	Code string
}

// PreloadEntry is one entry of Alipay's preload.json.
type PreloadEntry struct {
	FetchType string            // "pre" or "jsapiPre"
	URL       string            // "" for jsapiPre
	Method    string            // upper case, default GET
	Data      map[string]any    // params.data as decoded JSON (nil if absent)
	Headers   map[string]string // nil if absent
	DataType  string            // json (default), text, base64, arraybuffer
	JSAPI     string            // "my.getLocation" for jsapiPre
}

// Project is a loaded and validated project folder.
type Project struct {
	Dir                   string // absolute
	AppID                 string
	AppIDFrom             string // base name of the file the appid came from
	Platform              Platform
	Token                 *string // nil = not set
	TimestampUnit         string  // "ms" or "s"
	Timeout               time.Duration
	Periodic              Source
	Prefetch              Prefetch
	User                  User
	Assume                Assume         // the tool's choices where no document says (DefaultAssume unless "assume" is set)
	PreloadBackgroundData bool           // setting.preloadBackgroundData (启用数据预拉取)
	Preload               []PreloadEntry // from preload.json (nil if absent)
	Files                 []string       // base names of the config files that were found and read
	// Analytics are the events of bgfetch.analytics.json; HasAnalytics says whether the file exists
	// (it may hold no event).
	Analytics    []AnalyticsEvent
	HasAnalytics bool
}

// PreloadFor returns the preload.json entry for fetchType, if any.
func (p *Project) PreloadFor(fetchType string) (PreloadEntry, bool) {
	for _, e := range p.Preload {
		if e.FetchType == fetchType {
			return e, true
		}
	}
	return PreloadEntry{}, false
}

// Load reads and validates the project in dir. A problem in a file is a *ConfigError; a folder with
// neither project.config.json nor bgfetch.config.json gives an error wrapping ErrNotProject.
func Load(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("project folder %s: %w", dir, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("project folder %s does not exist; pass the folder that contains %s: %w", abs, ProjectConfigFile, err)
		}
		return nil, fmt.Errorf("cannot open project folder %s: %w", abs, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a folder; pass the mini-program project folder that contains it", abs)
	}

	p := &Project{
		Dir:           abs,
		Platform:      DefaultPlatform,
		TimestampUnit: DefaultTimestampUnit,
		Timeout:       DefaultTimeout,
		Assume:        DefaultAssume,
	}

	wc, err := readWeChatFile(abs, ProjectConfigFile, p)
	if err != nil {
		return nil, err
	}
	if wc != nil {
		p.AppID, p.AppIDFrom = wc.appid, ProjectConfigFile
		p.PreloadBackgroundData = wc.preload != nil && *wc.preload
	}
	pc, err := readWeChatFile(abs, PrivateConfigFile, p)
	if err != nil {
		return nil, err
	}
	if pc != nil && pc.preload != nil {
		p.PreloadBackgroundData = *pc.preload
	}

	cfgPath := filepath.Join(abs, ConfigFile)
	data, found, err := readFile(cfgPath, maxConfigBytes)
	if err != nil {
		return nil, err
	}
	if !found && wc == nil {
		return nil, fmt.Errorf("%s is not a mini-program project: neither %s nor %s was found there; "+
			"open the folder that holds %s (the folder you open in WeChat DevTools) or create %s in it: %w",
			abs, ProjectConfigFile, ConfigFile, ProjectConfigFile, ConfigFile, ErrNotProject)
	}
	if found {
		p.Files = append(p.Files, ConfigFile)
		c, err := ParseConfig(cfgPath, data)
		if err != nil {
			return nil, err
		}
		p.apply(c)
	}

	prePath := filepath.Join(abs, PreloadFile)
	data, found, err = readFile(prePath, maxConfigBytes)
	if err != nil {
		return nil, err
	}
	if found {
		p.Files = append(p.Files, PreloadFile)
		if p.Preload, err = ParsePreload(prePath, data); err != nil {
			return nil, err
		}
	}

	anaPath := filepath.Join(abs, AnalyticsFile)
	data, found, err = readFile(anaPath, maxConfigBytes)
	if err != nil {
		return nil, err
	}
	if found {
		p.Files = append(p.Files, AnalyticsFile)
		p.HasAnalytics = true
		if p.Analytics, err = ParseAnalytics(anaPath, data); err != nil {
			return nil, err
		}
	}

	if p.AppID == "" {
		file := filepath.Join(abs, ProjectConfigFile)
		if wc == nil {
			file = cfgPath
		}
		return nil, cfgErr(file, mNoAppID.With(ProjectConfigFile, ConfigFile), nil)
	}
	return p, nil
}

// apply copies what bgfetch.config.json sets over the defaults.
func (p *Project) apply(c *Config) {
	if c.Platform != nil {
		p.Platform = *c.Platform
	}
	if c.AppID != nil {
		p.AppID, p.AppIDFrom = *c.AppID, ConfigFile
	}
	p.Token = c.Token
	if c.TimestampUnit != nil {
		p.TimestampUnit = *c.TimestampUnit
	}
	if c.TimeoutMs != nil {
		p.Timeout = time.Duration(*c.TimeoutMs) * time.Millisecond
	}
	if c.Periodic != nil {
		p.Periodic = *c.Periodic
	}
	if c.Prefetch != nil {
		p.Prefetch = *c.Prefetch
	}
	if c.User != nil {
		p.User = *c.User
	}
	if c.Assume != nil {
		p.Assume = *c.Assume
	}
}

// readFile reads at most limit bytes of path. A missing file is (nil, false, nil); any other problem
// is a *ConfigError. Only a regular file (a symbolic link is followed) is read: a named pipe, a device
// or a socket is refused before it is opened, since reading one could block forever, and the file is
// opened without blocking and checked again in case it was swapped in between.
func readFile(path string, limit int64) ([]byte, bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(path); lerr == nil { // a symbolic link to nothing
			target, _ := os.Readlink(path)
			return nil, false, cfgErr(path, mDanglingLink.With(target), err)
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, cfgErr(path, mCannotRead.With(err), err)
	}
	if err := regular(path, fi); err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, cfgErr(path, mCannotRead.With(err), err)
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, false, cfgErr(path, mCannotRead.With(err), err)
		}
		return nil, false, regular(path, fi)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, false, cfgErr(path, mCannotReadDir.With(err), err)
	}
	if int64(len(data)) > limit {
		return nil, false, cfgErr(path, mTooLarge.With(limit), nil)
	}
	return data, true, nil
}

// regular returns nil when fi is a regular file's, or a *ConfigError that says what path is instead.
func regular(path string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	var what msg.Msg
	switch {
	case m.IsDir():
		what = mIsFolder.With()
	case m&fs.ModeNamedPipe != 0:
		what = mIsPipe.With()
	case m&fs.ModeCharDevice != 0:
		what = mIsCharDev.With()
	case m&fs.ModeDevice != 0:
		what = mIsBlockDev.With()
	case m&fs.ModeSocket != 0:
		what = mIsSocket.With()
	default:
		what = mIsType.With(m.Type().String())
	}
	var link any = ""
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		target, _ := filepath.EvalSymlinks(path)
		link = mThroughLink.With(target)
	}
	return cfgErr(path, mNotRegular.With(what, link), nil)
}
