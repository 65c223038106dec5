// Package fetch builds the request a mini-program platform sends to the developer's download address,
// sends it with the platform's limits, and reports what the platform would cache.
package fetch

import (
	"cmp"
	"crypto/rand"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/msg"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// The fetch types of getBackgroundFetchData.
const (
	Periodic = platform.Periodic // 周期性更新
	Pre      = platform.Pre      // 数据预拉取
	JSAPIPre = platform.JSAPIPre // Alipay API 预调用 (my.getLocation)
)

// MaxBody is the largest body the platforms cache: 256KB. A larger body is silently not cached.
const MaxBody = 262144

// MaxRedirects is how many redirects are followed before the attempt fails.
const MaxRedirects = 5

// DefaultScene is the launch scene used when none is configured: 1001, the main entry of the
// Discover tab (发现栏小程序主入口).
const DefaultScene = 1001

// Where a query parameter came from.
const (
	FromAddress  = "address"  // already in the configured address
	FromPlatform = "platform" // added by the platform (appid, timestamp, ...)
	FromUser     = "user"     // the simulated user's identity (token or code)
	FromLaunch   = "launch"   // the launch parameters (path, query, scene)
	FromData     = "data"     // Alipay preload.json params.data
)

// Param is one query parameter of the request.
type Param struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// Launch holds the cold-start parameters of a prefetch: the page path, its query and the scene.
type Launch struct {
	Path                     string
	Query                    string
	Scene                    int
	CustomMiniprogramVersion string
}

// Options are the per-attempt inputs of Build.
type Options struct {
	Now    time.Time // the (possibly simulated) time the request is sent; zero = time.Now()
	Launch *Launch   // prefetch launch parameters; nil = the project's configured ones
	Code   string    // the login code to send when no token is set; "" = a generated one
}

// Request is the request exactly as the platform would send it.
type Request struct {
	FetchType     string
	Platform      project.Platform
	AppID         string
	Method        string
	URL           string // the full URL as sent
	Params        []Param
	Header        http.Header
	Body          string // Alipay POST/PUT/DELETE: params.data as x-www-form-urlencoded
	Variant       string // "main" or "gray"
	VariantReason string
	DataType      string // Alipay dataType; "" elsewhere
	Launch        Launch // what the cached body will be associated with (pre only)
	SentAt        time.Time
	Timeout       time.Duration
	Warnings      []string
	WarningMsgs   []msg.Msg // Warnings as codes, for the window's language (one per warning, in order)
	VariantMsg    msg.Msg   // VariantReason as a code
	// Assume is the project's choices where no platform document says (project.DefaultAssume when nil):
	// how a space is encoded, how many redirects are followed, the User-Agent.
	Assume *project.Assume
}

// assume is the request's choices, the defaults when it has none.
func (r *Request) assume() project.Assume {
	if r.Assume == nil {
		return project.DefaultAssume
	}
	return *r.Assume
}

// Build returns the request the platform would send for fetchType, or an *Error when the platform would
// send nothing (no token for a periodic update, no address configured, a fetch type the platform lacks).
func Build(p *project.Project, fetchType string, opt Options) (*Request, error) {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &Request{
		FetchType: fetchType,
		Platform:  p.Platform,
		AppID:     p.AppID,
		Method:    http.MethodGet,
		Header:    http.Header{},
		SentAt:    now,
		Timeout:   p.Timeout,
		Variant:   "main",
	}
	if p.Assume != (project.Assume{}) { // a Project made by hand, not by project.Load, has the defaults
		r.Assume = &p.Assume
	}
	if r.Timeout <= 0 {
		r.Timeout = 10 * time.Second
	}
	spec, err := platform.Lookup(p.Platform)
	if err != nil {
		return r, newError(KindConfig, mNoPlatform.With(err), mSetPlatform.With(project.ConfigFile), nil)
	}
	switch {
	case !spec.Has(fetchType):
		if spec.Msg.BadFetchTypeCode != 0 { // the platform's own words, with its error code
			return r, newError(KindUnsupported, mInvalidParam.With(spec.Msg.BadFetchType),
				mNoSuchType.With(spec.Name, fetchType, spec.ListFetchTypes(), spec.Msg.BadFetchTypeCode), nil)
		}
		return r, newError(KindUnsupported, mUnsupported.With(fetchType, spec.Name), mSupports.With(spec.Name, spec.ListFetchTypes()), nil)
	case spec.Requests == platform.RequestsPreload:
		return r, buildPreload(p, r, fetchType)
	case fetchType == Periodic:
		return r, buildPeriodic(spec, p, r)
	default:
		return r, buildPre(spec, p, r, opt)
	}
}

func buildPeriodic(spec *platform.Spec, p *project.Project, r *Request) error {
	if p.Periodic.Cloud == nil {
		if err := chooseSource(spec, p, r, p.Periodic, "periodic"); err != nil {
			return err
		}
	}
	if p.Token == nil || *p.Token == "" {
		return newError(KindToken, mTokenNotSet.With(spec.Msg.TokenNotSet), mSetToken.With(), nil)
	}
	if c := p.Periodic.Cloud; c != nil {
		return buildCloud(p, r, c, Launch{})
	}
	return r.setQuery([]Param{
		{"appid", p.AppID, FromPlatform},
		{"token", *p.Token, FromUser},
		{"timestamp", timestamp(r.SentAt, p.TimestampUnit), FromPlatform},
	})
}

func buildPre(spec *platform.Spec, p *project.Project, r *Request, opt Options) error {
	if p.Prefetch.Cloud == nil {
		if err := chooseSource(spec, p, r, p.Prefetch.Source, "prefetch"); err != nil {
			return err
		}
	}
	l := Launch{
		Path:                     p.Prefetch.Path,
		Query:                    p.Prefetch.Query,
		Scene:                    p.Prefetch.Scene,
		CustomMiniprogramVersion: p.Prefetch.CustomMiniprogramVersion,
	}
	if opt.Launch != nil {
		l = *opt.Launch
	}
	if l.Scene == 0 {
		l.Scene = DefaultScene
	}
	r.Launch = l
	if c := p.Prefetch.Cloud; c != nil {
		return buildCloud(p, r, c, l)
	}
	params := []Param{{"appid", p.AppID, FromPlatform}}
	if p.Token != nil && *p.Token != "" {
		params = append(params, Param{"token", *p.Token, FromUser})
	} else {
		code := cmp.Or(opt.Code, p.User.Code)
		// WeChat's and QQ's pre_fetch pages both document the code sent without a token.
		w := mCodeYours.With()
		if code == "" {
			code = NewCode()
			w = mCodeMadeUp.With()
		}
		params = append(params, Param{"code", code, FromUser})
		r.warn(w)
	}
	params = append(params, Param{"timestamp", timestamp(r.SentAt, p.TimestampUnit), FromPlatform})
	launch := map[string]string{"path": l.Path, "query": l.Query, "scene": strconv.Itoa(l.Scene),
		"customMiniprogramVersion": l.CustomMiniprogramVersion}
	for _, name := range spec.LaunchParams {
		if name == "customMiniprogramVersion" && l.CustomMiniprogramVersion == "" {
			continue
		}
		params = append(params, Param{name, launch[name], FromLaunch})
	}
	if l.CustomMiniprogramVersion != "" && !slices.Contains(spec.LaunchParams, "customMiniprogramVersion") {
		// Send only what the platform's document lists.
		r.warn(mNoCustomVer.With(l.CustomMiniprogramVersion, spec.Name, strings.Join(spec.LaunchParams, ", ")))
	}
	return r.setQuery(params)
}

// buildPreload builds the request of a preload.json entry (Alipay).
func buildPreload(p *project.Project, r *Request, fetchType string) error {
	e, ok := p.PreloadFor(fetchType)
	if !ok {
		return newError(KindConfig, mNoEntry.With(fetchType, project.PreloadFile), mAddEntry.With(fetchType, project.PreloadFile), nil)
	}
	if fetchType == JSAPIPre {
		return newError(KindUnsupported, mJSAPI.With(e.JSAPI), mJSAPIHint.With(), nil)
	}
	r.Method = e.Method
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	r.DataType = e.DataType
	if r.DataType == "" {
		r.DataType = "json"
	}
	for k, v := range e.Headers {
		r.Header.Set(k, v)
	}
	base, err := parseAddress(e.URL, project.PreloadFile)
	if err != nil {
		return err
	}
	r.URL = base.String()
	keys := make([]string, 0, len(e.Data))
	for k := range e.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if r.Method != http.MethodGet {
		form := url.Values{}
		for _, k := range keys {
			form.Set(k, dataValue(e.Data[k]))
		}
		r.Body = form.Encode()
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r.Method != http.MethodPost {
			r.warn(mMethodData.With(r.Method))
		}
		if !r.assume().PostQuery {
			r.warn(mPostQuery.With(r.Method))
			r.Params = addressParams(base)
			return nil
		}
		r.Params = addressParams(base)
		return r.setQuery([]Param{
			{"appId", p.AppID, FromPlatform},
			{"timestamp", timestamp(r.SentAt, p.TimestampUnit), FromPlatform},
		})
	}
	params := []Param{
		{"appId", p.AppID, FromPlatform},
		{"timestamp", timestamp(r.SentAt, p.TimestampUnit), FromPlatform},
	}
	for _, k := range keys {
		params = append(params, Param{k, dataValue(e.Data[k]), FromData})
	}
	return r.setQuery(params)
}

// CloudUserInfo is the userInfo of a cloud function's event.
type CloudUserInfo struct {
	AppID  string `json:"appId"`
	OpenID string `json:"openId"`
}

// CloudEventObject is the event a cloud-function data source receives instead of an HTTP request.
type CloudEventObject struct {
	Path     string        `json:"path"`
	Query    string        `json:"query"`
	Scene    int           `json:"scene"`
	Token    string        `json:"token"`
	UserInfo CloudUserInfo `json:"userInfo"`
}

// CloudEvent is the event the cloud function would receive for this launch (zero Launch for periodic).
func CloudEvent(p *project.Project, l Launch) CloudEventObject {
	ev := CloudEventObject{Path: l.Path, Query: l.Query, Scene: l.Scene, UserInfo: CloudUserInfo{AppID: p.AppID, OpenID: p.User.OpenID}}
	if p.Token != nil {
		ev.Token = *p.Token
	}
	return ev
}

// buildCloud makes the request to a cloud function's local stand-in: the event as a JSON POST. Without
// a local endpoint nothing can be sent, and the error says what to set.
func buildCloud(p *project.Project, r *Request, c *project.Cloud, l Launch) error {
	ev := CloudEvent(p, l)
	body, _ := json.Marshal(ev)
	r.Body = string(body)
	r.Method = http.MethodPost
	r.Header.Set("Content-Type", "application/json")
	r.Variant = "cloud"
	r.variant(mCloudVariant.With(c.Function, c.Env))
	if c.LocalURL == "" {
		key := map[string]string{Periodic: "periodic", Pre: "prefetch"}[r.FetchType]
		return newError(KindConfig, mCloud.With(key, c.Function), mCloudHint.With(key, project.ConfigFile, string(body)), nil)
	}
	u, err := parseAddress(c.LocalURL, project.ConfigFile)
	if err != nil {
		return err
	}
	r.URL = u.String()
	r.Params = addressParams(u)
	return nil
}

// chooseSource picks the main or the grayscale address for the simulated user and sets r.URL to it.
func chooseSource(spec *platform.Spec, p *project.Project, r *Request, s project.Source, key string) error {
	addr := s.URL
	r.variant(mNoGray.With())
	if s.Gray.URL != "" {
		gray, why := inGray(p.AppID, p.User, s.Gray.Percent)
		r.variant(why)
		if gray {
			addr, r.Variant = s.Gray.URL, "gray"
		}
	}
	if addr == "" {
		if spec.Msg.NoPermission == "" {
			return newError(KindConfig, mNoAddress.With(key), mSetAddressNo.With(key, project.ConfigFile, spec.Name), nil)
		}
		e := newError(KindConfig, mNoAddress.With(key), mSetAddress.With(key, project.ConfigFile), nil)
		e.PlatformErrMsg, e.PlatformErrno = spec.Msg.NoPermission, spec.Msg.NoPermissionNo
		return e
	}
	u, err := parseAddress(addr, project.ConfigFile)
	if err != nil {
		return err
	}
	r.URL = u.String()
	if u.Scheme != "https" && spec.HTTPSOnly {
		r.warn(mHTTPSOnly.With(addr, spec.Name))
	}
	return nil
}

// GrayCode says why a user does or does not get the grayscale address.
type GrayCode int

// The grayscale rules, in the order they apply.
const (
	GrayTester   GrayCode = iota // testers and developers always get it
	GrayAll                      // 100%: the grayscale address has become the main one
	GrayNone                     // 0%: only testers and developers get it
	GrayBelow                    // the user's bucket is below the percentage
	GrayNotBelow                 // the user's bucket is not below the percentage
)

// GrayDecision is InGray with the rule that decided and the user's bucket, for a UI to word itself.
func GrayDecision(appID string, u project.User, percent int) (in bool, code GrayCode, bucket int) {
	bucket = Bucket(appID, u.OpenID)
	switch {
	case u.Tester:
		return true, GrayTester, bucket
	case percent >= 100:
		return true, GrayAll, bucket
	case percent <= 0:
		return false, GrayNone, bucket
	case bucket < percent:
		return true, GrayBelow, bucket
	}
	return false, GrayNotBelow, bucket
}

// InGray reports whether the simulated user gets the grayscale address for the given percentage, and why.
// Testers always do; otherwise a stable hash of the appid and the user's openid, mod 100, must be below the
// percentage. 0% means only developers and testers; 100% makes the grayscale address the main one.
func InGray(appID string, u project.User, percent int) (bool, string) {
	in, m := inGray(appID, u, percent)
	return in, m.English()
}

func inGray(appID string, u project.User, percent int) (bool, msg.Msg) {
	in, code, b := GrayDecision(appID, u, percent)
	switch code {
	case GrayTester:
		return in, mGrayTester.With()
	case GrayAll:
		return in, mGrayAll.With()
	case GrayNone:
		return in, mGrayNone.With()
	case GrayBelow:
		return in, mGrayBelow.With(b, percent)
	}
	return in, mGrayAbove.With(b, percent)
}

// Bucket is the simulated user's grayscale bucket, 0..99: FNV-1a of appid and openid, mod 100. The
// platforms do not publish their bucketing; this one is stable so that a result can be reproduced.
func Bucket(appID, openID string) int {
	h := fnv.New32a()
	h.Write([]byte(appID))
	h.Write([]byte{0})
	h.Write([]byte(openID))
	return int(h.Sum32() % 100)
}

// setQuery appends params to r.URL, keeping the configured address's own query as it is, and warns about
// names that clash with it.
func (r *Request) setQuery(params []Param) error {
	u, err := url.Parse(r.URL)
	if err != nil {
		return newError(KindConfig, mInvalidAddr.With(r.URL), msg.Msg{}, err)
	}
	existing := addressParams(u)
	have := map[string]bool{}
	for _, p := range existing {
		have[p.Name] = true
	}
	var b strings.Builder
	b.WriteString(u.RawQuery)
	escape := url.QueryEscape
	if r.assume().Space == "%20" {
		escape = func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	}
	for _, p := range params {
		if have[p.Name] {
			r.warn(mDupParam.With(p.Name))
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(p.Name))
		b.WriteByte('=')
		b.WriteString(escape(p.Value))
	}
	u.RawQuery = b.String()
	r.URL = u.String()
	r.Params = append(existing, params...)
	return nil
}

// addressParams lists the parameters already in the configured address, in order.
func addressParams(u *url.URL) []Param {
	return QueryParams(u.RawQuery, FromAddress)
}

// QueryParams lists the parameters of a raw query in order (url.Values would sort and group them),
// decoded where they decode, each marked with source.
func QueryParams(rawQuery, source string) []Param {
	var out []Param
	for _, kv := range strings.Split(rawQuery, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out = append(out, Param{k, v, source})
	}
	return out
}

func parseAddress(addr, file string) (*url.URL, error) {
	u, err := url.Parse(addr)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, newError(KindConfig, mBadAddress.With(addr), mFixAddress.With(file), err)
	}
	u.Fragment = ""
	return u, nil
}

func timestamp(t time.Time, unit string) string {
	if unit == "s" {
		return strconv.FormatInt(t.Unix(), 10)
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

// dataValue renders one value of Alipay's params.data as a query or form value.
func dataValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// NewCode returns a login code of the shape WeChat generates (32 characters of [0-9A-Za-z]).
func NewCode() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// PlatformName is the platform as developers call it ("WeChat"), or its ID when it is unknown.
func PlatformName(p project.Platform) string {
	if s, err := platform.Lookup(p); err == nil {
		return s.Name
	}
	return string(p)
}

// GraySplit says how many of n simulated users (openids "o0" … "o{n-1}", none of them testers) get the
// grayscale address at percent.
func GraySplit(appID string, percent, n int) (gray, main int) {
	for i := range n {
		if in, _ := InGray(appID, project.User{OpenID: "o" + strconv.Itoa(i)}, percent); in {
			gray++
		}
	}
	return gray, n - gray
}
