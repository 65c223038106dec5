// Package platform holds what each mini-program platform does, as data: one Spec per platform, in a file
// of its own (weapp.go, qq.go, alipay.go), and a registry the engine, the command line and the window
// iterate. Nothing outside this package decides a rule by a platform's name: it asks the Spec. A new
// platform is one file and its tests.
//
// Every fact a Spec states says whether a document gives it (and which) or whether it is the tool's
// assumption; the assumptions shared by all platforms are in Assumptions.
package platform

import (
	"fmt"
	"slices"
	"strings"
)

// ID is a platform's identifier in bgfetch.config.json and on the command line: "weapp", "qq", "alipay".
type ID string

// The fetch types (fetchType) a platform may have.
const (
	Periodic = "periodic" // 周期性更新
	Pre      = "pre"      // 数据预拉取
	JSAPIPre = "jsapiPre" // Alipay API 预调用 (my.getLocation)
)

// Switch is how a platform's prefetch is switched on for a project.
type Switch int

const (
	// SwitchDevTools: the IDE's 启用数据预拉取, setting.preloadBackgroundData in project.config.json.
	SwitchDevTools Switch = iota
	// SwitchPreloadJSON: an entry of fetchType pre in preload.json at the project root.
	SwitchPreloadJSON
)

// Shape is the form of a platform's getBackgroundFetchData results.
type Shape int

const (
	// ShapeWx: success {fetchedData: string, timeStamp, path, query, scene, errMsg}, fail {errMsg}.
	ShapeWx Shape = iota
	// ShapeAlipay: success {fetchType, timestamp, fetchedData: Object}, fail {error, errorMessage}.
	ShapeAlipay
)

// Requests is how a platform builds the request it sends.
type Requests int

const (
	// RequestsQuery: GET the configured address with appid, token (or code) and timestamp in the query,
	// plus the launch parameters for a prefetch.
	RequestsQuery Requests = iota
	// RequestsPreload: the method, address, data and headers of the preload.json entry, with appId and
	// timestamp.
	RequestsPreload
)

// Fact is one rule the tool reproduces, and where it comes from.
type Fact struct {
	Key        string // a short stable name: "ios-empty-success", "body-limit", ...
	Text       string // the rule, in English
	Documented bool   // a platform document says so; false: the tool's assumption
	Source     string // the document and its words, or why the tool assumes it
	Setting    string // the bgfetch.config.json key that changes it, "" when none
}

// Requirement is the oldest version a platform's document says a fetch type works on.
type Requirement struct {
	BaseLibrary string // 基础库
	Client      string // the app's version, "" when the document gives none
	Source      string // the document that says so, and its words
}

// String is the requirement as the CLI and the window state it.
func (r Requirement) String() string {
	s := "requires base library ≥ " + r.BaseLibrary
	if r.Client != "" {
		s += " and client ≥ " + r.Client
	}
	return s
}

// VersionRule is a documented behaviour that depends on the client's version.
type VersionRule struct {
	Key    string // "ios-timestamp", "realdevice-fetch"
	OS     string // "ios", "android", or "" for both
	Before string // the client version from which the rule no longer applies; "" when it always does
	Since  string // the client version from which the rule applies; "" when it always did
	Text   string // what happens, in English
	Source string // the document and its words
}

// Messages are the words a platform's API and servers use; "" where the platform documents none.
type Messages struct {
	TokenNotSet    string // the periodic update's failure with no token
	NoPermission   string // the feature is not switched on in the admin console
	NoPermissionNo int    // its errno
	NoDataAndroid  string // getBackgroundFetchData's errMsg on Android with nothing cached
	// NoDataAndroidOwn: NoDataAndroid is the tool's wording; the platform does not publish the text.
	NoDataAndroidOwn bool
	BadFetchType     string // getBackgroundFetchData with a fetchType the platform lacks (errMsg or errorMessage)
	BadFetchTypeCode int    // its error code, on platforms whose fail result has one (Alipay: 2)
	NoData           string // Alipay: errorMessage with nothing cached
	NoDataCode       int    // its error code (Alipay: 3)
	NoToken          string // getBackgroundFetchToken's fail errMsg with no token set
}

// Spec is one platform.
type Spec struct {
	ID      ID
	Name    string   // as developers call it in English: "WeChat"
	NameZh  string   // and in Chinese: "微信"
	API     string   // the API object: "wx", "qq", "my"
	Aliases []string // other spellings accepted in bgfetch.config.json and --platform (lower case)

	FetchTypes []string // in the order panels and listings show them
	Gray       bool     // the admin console has grayscale (灰度) addresses
	Token      bool     // set/getBackgroundFetchToken exist, and periodic updates need a token
	Cloud      bool     // a cloud function (云开发) can be the data source
	Prefetch   Switch
	Requests   Requests
	Shape      Shape

	// LaunchParams are the launch parameters a prefetch sends, in order, after appid, token or code and
	// timestamp; "customMiniprogramVersion" only where the platform documents it.
	LaunchParams []string
	// CodeWithoutToken: with no token set, a prefetch sends a login code instead (documented).
	CodeWithoutToken bool
	// IOSEmptySuccess: on iOS, getBackgroundFetchData with nothing cached calls success with empty
	// fetchedData (on Android it fails). IOSEmptySuccessDocumented says whether a document says so.
	IOSEmptySuccess           bool
	IOSEmptySuccessDocumented bool
	// HTTPSOnly: the console accepts only HTTPS download addresses.
	HTTPSOnly bool

	Msg      Messages
	Requires map[string]Requirement // by fetch type; only what a document says
	Versions []VersionRule
	Facts    []Fact // the platform's own facts, documented or assumed

	order int // its place in All
}

// Has reports whether the platform has fetchType.
func (s *Spec) Has(fetchType string) bool { return slices.Contains(s.FetchTypes, fetchType) }

// Periodic reports whether the platform has periodic updates.
func (s *Spec) Periodic() bool { return s.Has(Periodic) }

// ListFetchTypes is the fetch types as prose: "periodic and pre".
func (s *Spec) ListFetchTypes() string { return orList(s.FetchTypes, "and") }

// Fact returns the fact under key, the platform's own first, then the shared assumptions.
func (s *Spec) Fact(key string) (Fact, bool) {
	for _, f := range s.Facts {
		if f.Key == key {
			return f, true
		}
	}
	for _, f := range Assumptions {
		if f.Key == key {
			return f, true
		}
	}
	return Fact{}, false
}

var registry []*Spec

// register adds s to the registry; each platform's file calls it from init.
func register(s *Spec) {
	if s.ID == "" || s.Name == "" || s.API == "" || len(s.FetchTypes) == 0 {
		panic(fmt.Sprintf("platform: incomplete spec %+v", s))
	}
	for _, o := range registry {
		if o.ID == s.ID {
			panic("platform: " + string(s.ID) + " registered twice")
		}
	}
	registry = append(registry, s)
	slices.SortStableFunc(registry, func(a, b *Spec) int { return a.order - b.order })
}

// All is every platform, in the order menus list them (WeChat, QQ, Alipay).
func All() []*Spec { return slices.Clone(registry) }

// IDs is every platform's ID, in order.
func IDs() []string {
	ids := make([]string, len(registry))
	for i, s := range registry {
		ids[i] = string(s.ID)
	}
	return ids
}

// Known is the list of IDs for an error message: "weapp, qq or alipay".
func Known() string { return orList(IDs(), "or") }

// Aliases maps every accepted spelling (lower case) to its platform's ID.
func Aliases() map[string]string {
	m := map[string]string{}
	for _, s := range registry {
		m[string(s.ID)] = string(s.ID)
		for _, a := range s.Aliases {
			m[a] = string(s.ID)
		}
	}
	return m
}

// Lookup is the platform id names (or one of its aliases, in any case); an unknown one is an error that
// lists the known ones. There is no default platform here: callers that have none say so.
func Lookup(id ID) (*Spec, error) {
	key := strings.ToLower(strings.TrimSpace(string(id)))
	if canon, ok := Aliases()[key]; ok {
		key = canon
	}
	for _, s := range registry {
		if string(s.ID) == key {
			return s, nil
		}
	}
	if id == "" {
		return nil, fmt.Errorf("no platform given: use %s", Known())
	}
	return nil, fmt.Errorf("unknown platform %q: use %s", string(id), Known())
}

// Of is Lookup for an ID the caller has already validated (a loaded project's): it panics on an unknown
// one, which is a bug in the caller, never a silent fallback to another platform.
func Of(id ID) *Spec {
	s, err := Lookup(id)
	if err != nil {
		panic("platform.Of: " + err.Error())
	}
	return s
}

func orList(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
