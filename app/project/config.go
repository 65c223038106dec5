package project

import (
	"fmt"
	"math"
	"unicode/utf16"

	"github.com/bgfetch/devtools/app/platform"
)

// Config is the content of bgfetch.config.json as written, before defaults are applied. A nil
// pointer means the key is absent (or null); Load turns a Config into a Project.
type Config struct {
	Platform      *Platform // "weapp", "qq" or "alipay"
	AppID         *string   // nil when absent, null or ""
	Token         *string   // nil when absent or null; may point to ""
	TimestampUnit *string   // "ms" or "s"
	TimeoutMs     *int      // 1..600000
	Periodic      *Source   // nil when "periodic" is absent
	Prefetch      *Prefetch // nil when "prefetch" is absent
	Assume        *Assume   // nil when "assume" is absent; else every field set (defaults for what it omits)
	User          *User     // nil when "user" is absent
}

var (
	configKeys   = []string{"platform", "appid", "token", "timestampUnit", "timeoutMs", "periodic", "prefetch", "user", "assume"}
	assumeKeys   = []string{"space", "maxRedirects", "userAgent", "tokenLength", "postQuery"}
	sourceKeys   = []string{"url", "gray", "cloud"}
	prefetchKeys = []string{"url", "gray", "cloud", "path", "query", "scene", "customMiniprogramVersion"}
	cloudKeys    = []string{"env", "function", "localUrl"}
	grayKeys     = []string{"url", "percent"}
	userKeys     = []string{"openid", "tester", "code"}

	unitAliases = map[string]string{
		"millisecond": "ms", "milliseconds": "ms", "ms": "ms", "second": "s", "seconds": "s", "sec": "s", "s": "s",
	}
)

const maxTimeoutMs = 600000

// ParseConfig parses and validates the content of bgfetch.config.json; name is used as
// ConfigError.File. Every error is a *ConfigError, with the line and column of the offending key or
// value. It never panics.
func ParseConfig(name string, data []byte) (*Config, error) {
	d, err := parseDoc(name, data)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	var tokenNode *node
	err = d.walk(d.root, "", configKeys, true, func(m member) error {
		var err error
		switch m.key {
		case "platform":
			var s string
			if s, err = d.oneOf(m.val, "platform", platform.IDs(), platform.Aliases()); err == nil {
				p := platform.ID(s)
				c.Platform = &p
			}
		case "appid":
			var s string
			if s, err = d.str(m.val, "appid"); err == nil && s != "" {
				c.AppID = &s
			}
		case "token":
			var s string
			if s, err = d.str(m.val, "token"); err == nil {
				c.Token, tokenNode = &s, m.val
			}
		case "assume":
			a := DefaultAssume
			c.Assume = &a
			err = d.walk(m.val, "assume", assumeKeys, true, func(am member) error {
				var err error
				switch am.key {
				case "space":
					a.Space, err = d.oneOf(am.val, "assume.space", []string{"+", "%20"}, nil)
				case "maxRedirects":
					a.MaxRedirects, err = d.integer(am.val, "assume.maxRedirects", 0, 20, mUnitRedir)
				case "userAgent":
					a.UserAgent, err = d.str(am.val, "assume.userAgent")
				case "tokenLength":
					a.TokenLength, err = d.oneOf(am.val, "assume.tokenLength", []string{"utf16", "codepoints"}, nil)
				case "postQuery":
					a.PostQuery, err = d.boolean(am.val, "assume.postQuery")
				}
				return err
			})
		case "timestampUnit":
			var s string
			if s, err = d.oneOf(m.val, "timestampUnit", []string{"ms", "s"}, unitAliases); err == nil {
				c.TimestampUnit = &s
			}
		case "timeoutMs":
			var v int
			if v, err = d.integer(m.val, "timeoutMs", 1, maxTimeoutMs, mUnitMs); err == nil {
				c.TimeoutMs = &v
			}
		case "periodic":
			c.Periodic = &Source{}
			err = d.walk(m.val, "periodic", sourceKeys, true, func(sm member) error {
				return d.source(sm, "periodic", c.Periodic)
			})
			if err == nil {
				err = d.checkGray(m.val, "periodic", c.Periodic.Gray)
			}
			if err == nil {
				err = d.checkCloud(m.val, "periodic", c.Periodic)
			}
		case "prefetch":
			c.Prefetch = &Prefetch{}
			err = d.walk(m.val, "prefetch", prefetchKeys, true, func(pm member) error {
				return d.prefetch(pm, c.Prefetch)
			})
			if err == nil {
				err = d.checkGray(m.val, "prefetch", c.Prefetch.Gray)
			}
			if err == nil {
				err = d.checkCloud(m.val, "prefetch", &c.Prefetch.Source)
			}
		case "user":
			c.User = &User{}
			err = d.walk(m.val, "user", userKeys, true, func(um member) error {
				var err error
				switch um.key {
				case "openid":
					c.User.OpenID, err = d.str(um.val, "user.openid")
				case "tester":
					c.User.Tester, err = d.boolean(um.val, "user.tester")
				case "code":
					c.User.Code, err = d.str(um.val, "user.code")
				}
				return err
			})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if tokenNode != nil {
		unit := DefaultAssume.TokenLength
		if c.Assume != nil {
			unit = c.Assume.TokenLength
		}
		if err := d.tokenLength(tokenNode, *c.Token, unit); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// tokenLength checks "token" against MaxTokenLen characters, counted as unit says: "utf16" as JavaScript's
// length does (the default), or "codepoints". The platforms say 1024 characters without saying how they
// count: either way is the tool's assumption, and assume.tokenLength chooses.
func (d *doc) tokenLength(n *node, s, unit string) error {
	l, how := len(utf16.Encode([]rune(s))), mUTF16
	if unit == "codepoints" {
		l, how = len([]rune(s)), mCodepts
	}
	if l > MaxTokenLen {
		return d.errAt(n.start, mTokenLong.With(l, how.With(), MaxTokenLen))
	}
	return nil
}

// Assume holds the tool's choices where no platform document says what the platform does
// (platform.Assumptions says why each one is an assumption); "assume" in bgfetch.config.json changes them.
type Assume struct {
	Space        string // how a space in a query value the platform adds is encoded: "+" or "%20"
	MaxRedirects int    // redirects followed before the attempt fails: 0..20
	UserAgent    string // the request's User-Agent; "" = bgfetch-devtools (<platform> <fetchType>)
	TokenLength  string // how the 1024-character token limit counts: "utf16" (JavaScript's length) or "codepoints"
	// PostQuery: a preload.json POST (PUT, DELETE) also puts appId and timestamp in the address's query.
	// Alipay's documents disagree; the default appends nothing.
	PostQuery bool
}

// DefaultAssume is what the tool assumes when bgfetch.config.json says nothing.
var DefaultAssume = Assume{Space: "+", MaxRedirects: 5, TokenLength: "utf16"}

// source handles a member of "periodic" or "prefetch" shared by both: url and gray.
func (d *doc) source(m member, path string, s *Source) error {
	var err error
	switch m.key {
	case "url":
		s.URL, err = d.absURL(m.val, join(path, "url"))
	case "cloud":
		cpath := join(path, "cloud")
		s.Cloud = &Cloud{}
		err = d.walk(m.val, cpath, cloudKeys, true, func(cm member) error {
			var err error
			switch cm.key {
			case "env":
				s.Cloud.Env, err = d.str(cm.val, join(cpath, "env"))
			case "function":
				s.Cloud.Function, err = d.str(cm.val, join(cpath, "function"))
			case "localUrl":
				s.Cloud.LocalURL, err = d.absURL(cm.val, join(cpath, "localUrl"))
			}
			return err
		})
	case "gray":
		gpath := join(path, "gray")
		err = d.walk(m.val, gpath, grayKeys, true, func(gm member) error {
			var err error
			switch gm.key {
			case "url":
				s.Gray.URL, err = d.absURL(gm.val, join(gpath, "url"))
			case "percent":
				s.Gray.Percent, err = d.integer(gm.val, join(gpath, "percent"), 0, 100, mUnitPercent)
			}
			return err
		})
	}
	return err
}

// checkGray rejects a grayscale percentage without a grayscale address.
func (d *doc) checkGray(obj *node, path string, g Gray) error {
	if g.Percent == 0 || g.URL != "" {
		return nil
	}
	at := obj.get("gray")
	if p := at.get("percent"); p != nil {
		at = p
	}
	return d.errAt(at.start, mGrayNoURL.With(q(join(path, "gray.percent")), g.Percent, q(join(path, "gray.url"))))
}

// checkCloud requires a function name for a cloud source, and one data source, not both.
func (d *doc) checkCloud(obj *node, path string, s *Source) error {
	if s.Cloud == nil {
		return nil
	}
	at := obj.get("cloud")
	if s.Cloud.Function == "" {
		return d.errAt(at.start, mCloudFn.With(q(join(path, "cloud"))))
	}
	if s.URL != "" {
		return d.errAt(at.start, mCloudBoth.With(q(path)))
	}
	return nil
}

func (d *doc) prefetch(m member, p *Prefetch) error {
	var err error
	switch m.key {
	case "url", "gray", "cloud":
		err = d.source(m, "prefetch", &p.Source)
	case "path":
		p.Path, err = d.str(m.val, "prefetch.path")
	case "query":
		p.Query, err = d.str(m.val, "prefetch.query")
	case "scene":
		p.Scene, err = d.integer(m.val, "prefetch.scene", 0, math.MaxInt32, mUnitScene)
	case "customMiniprogramVersion":
		p.CustomMiniprogramVersion, err = d.str(m.val, "prefetch.customMiniprogramVersion")
	default:
		err = fmt.Errorf("unhandled key %q", m.key)
	}
	return err
}
