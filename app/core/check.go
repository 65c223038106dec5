package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// The verdicts of a check case.
const (
	CheckPass = "PASS" // every rule holds
	CheckWarn = "WARN" // every rule holds, with something to know (plain HTTP on loopback, a body that is not UTF-8, ...)
	CheckFail = "FAIL" // a rule is broken: the platform would not cache the body, or would send nothing
)

// CheckPlatforms are the platforms Check knows, in the order it checks them: the registry's.
var CheckPlatforms = func() []project.Platform {
	var ids []project.Platform
	for _, s := range platform.All() {
		ids = append(ids, s.ID)
	}
	return ids
}()

// CheckOptions configure Check.
type CheckOptions struct {
	ProjectDir string
	// Platforms to check; nil = the project's own. Each is checked with the project's addresses, as that
	// platform would send them.
	Platforms []project.Platform
	Transport http.RoundTripper // nil = the fetch package's own
	Parallel  int               // requests in flight at once; 0 = 4
}

// ContractCase is one case of the contract test: one request as the platform would send it, and what the
// rules say of the answer. Cases that send nothing (a fetch type with no address configured, the size
// of preload.json) have no OS, address or request.
type ContractCase struct {
	Name      string `json:"name"` // "weapp periodic android main normal"
	Platform  string `json:"platform"`
	FetchType string `json:"fetchType,omitempty"`
	OS        string `json:"os,omitempty"`
	Address   string `json:"address,omitempty"` // main, gray or cloud
	User      string `json:"user,omitempty"`    // normal or tester (WeChat and QQ, which have grayscale)
	Verdict   string `json:"verdict"`
	Reason    string `json:"reason"` // the failures and warnings in one line, or a summary of the answer when it passed

	Failures    []string `json:"failures"`
	Warnings    []string `json:"warnings"`
	Method      string   `json:"method,omitempty"`
	URL         string   `json:"url,omitempty"`
	Status      int      `json:"status"`
	Bytes       int64    `json:"bytes"`
	ContentType string   `json:"contentType,omitempty"`
	DurationMs  int64    `json:"durationMs"`
	TimeoutMs   int64    `json:"timeoutMs,omitempty"`
	Error       string   `json:"error,omitempty"`
	// Sent reports whether a request went out (false for a case that only reports configuration).
	Sent bool `json:"sent"`
}

// ContractReport is what Check found: the project checked and its cases, in a stable order.
type ContractReport struct {
	Project *project.Project
	Cases   []ContractCase
}

// Count counts the cases of each verdict.
func (r *ContractReport) Count() (pass, warn, fail int) {
	for _, c := range r.Cases {
		switch c.Verdict {
		case CheckPass:
			pass++
		case CheckWarn:
			warn++
		default:
			fail++
		}
	}
	return pass, warn, fail
}

// ErrNothingToCheck is returned by Check when no address is configured for any fetch type it would check.
var ErrNothingToCheck = errors.New("nothing to check: no download address is configured for any fetch type")

// Check is the server's contract test. It loads the project and, for each platform, each of its fetch types
// that sends a request (periodic and pre on WeChat and QQ, pre on Alipay; jsapiPre sends none), each OS
// (android, ios), each configured address (main, grayscale) and each kind of user who gets that address
// (normal, tester: WeChat and QQ only), sends the request the platform would send, for real, and checks the
// rules: HTTPS (plain HTTP is a warning on loopback, a failure elsewhere), a 2xx status, at most 256KB after
// decoding, an answer within the project's timeout, valid JSON when the body looks like JSON or says it is
// (and, on Alipay, when dataType is json), and Alipay's preload.json within 2048 bytes.
//
// Check opens no database: a check is not a pull, so nothing is cached and nothing is recorded in history.
// An invalid project is returned as the error (as Open's Project would say it), as is ErrNothingToCheck.
func Check(ctx context.Context, opt CheckOptions) (*ContractReport, error) {
	p, err := project.Load(opt.ProjectDir)
	if err != nil {
		return nil, err
	}
	platforms := opt.Platforms
	if len(platforms) == 0 {
		platforms = []project.Platform{p.Platform}
	}
	var cases []ContractCase
	var plans []checkPlan
	for _, pl := range platforms {
		c, pp := checkPlans(p, pl)
		cases = append(cases, c...)
		plans = append(plans, pp...)
	}
	if len(plans) == 0 {
		return &ContractReport{Project: p, Cases: cases}, ErrNothingToCheck
	}
	results := make([]ContractCase, len(plans))
	par := opt.Parallel
	if par <= 0 {
		par = 4
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, pl := range plans {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = pl.run(ctx, opt.Transport)
		}()
	}
	wg.Wait()
	// The configuration cases first (preload.json, what is not configured), then the requests in plan order.
	return &ContractReport{Project: p, Cases: append(cases, results...)}, nil
}

// checkPlan is one request to send: the project as this case sees it (platform, one address, the user).
type checkPlan struct {
	c         ContractCase
	p         *project.Project
	fetchType string
	warnings  []string // about how the case was made (an address borrowed from another platform's config)
}

// checkPlans lists the cases of one platform: the configuration cases, which are complete, and the
// requests to send.
func checkPlans(orig *project.Project, pl project.Platform) (cases []ContractCase, plans []checkPlan) {
	cp := *orig
	p := &cp
	p.Platform = pl
	name := string(pl)
	spec := platform.Of(pl)
	if spec.Requests == platform.RequestsPreload {
		var borrowed []string
		if _, ok := p.PreloadFor(fetch.Pre); ok {
			cases = append(cases, preloadCase(p))
		} else if p.Prefetch.URL != "" {
			// No preload.json entry (a WeChat or QQ project checked --platform all): Alipay would send nothing, but
			// the prefetch address is checked as Alipay's default request would reach it.
			p.Preload = append(append([]project.PreloadEntry(nil), p.Preload...),
				project.PreloadEntry{FetchType: fetch.Pre, URL: p.Prefetch.URL, Method: http.MethodGet, DataType: "json"})
			borrowed = []string{fmt.Sprintf("%s has no \"pre\" entry, so %s would prefetch nothing; the prefetch address of %s is checked as a GET with dataType json",
				project.PreloadFile, spec.Name, project.ConfigFile)}
		} else {
			cases = append(cases, notConfigured(name, fetch.Pre,
				fmt.Sprintf("no \"pre\" entry in %s (and no prefetch address): not checked", project.PreloadFile)))
			return cases, nil
		}
		for _, osName := range []OS{Android, IOS} {
			plans = append(plans, checkPlan{
				c:         ContractCase{Name: strings.Join([]string{name, fetch.Pre, string(osName), "main"}, " "), Platform: name, FetchType: fetch.Pre, OS: string(osName), Address: "main"},
				p:         p,
				fetchType: fetch.Pre,
				warnings:  borrowed,
			})
		}
		return cases, plans
	}

	for _, ft := range spec.FetchTypes {
		src, key := p.Periodic, "periodic"
		var borrowed []string
		if ft == fetch.Pre {
			src, key = p.Prefetch.Source, "prefetch"
			if src.URL == "" && src.Cloud == nil {
				if e, ok := p.PreloadFor(fetch.Pre); ok && e.URL != "" {
					src = project.Source{URL: e.URL}
					borrowed = []string{fmt.Sprintf("no prefetch address in %s; the \"pre\" address of %s is checked as %s would request it (GET)",
						project.ConfigFile, project.PreloadFile, fetch.PlatformName(pl))}
				}
			}
		}
		type target struct{ address, url string }
		var targets []target
		switch {
		case src.Cloud != nil:
			targets = []target{{"cloud", ""}}
		default:
			if src.URL != "" {
				targets = append(targets, target{"main", src.URL})
			}
			if src.Gray.URL != "" {
				targets = append(targets, target{"gray", src.Gray.URL})
			}
		}
		if len(targets) == 0 {
			cases = append(cases, notConfigured(name, ft, fmt.Sprintf("no %s address is configured: not checked", key)))
			continue
		}
		for _, osName := range []OS{Android, IOS} {
			for _, t := range targets {
				for _, tester := range []bool{false, true} {
					if !reaches(src, t.address, tester) {
						continue
					}
					user := "normal"
					if tester {
						user = "tester"
					}
					q := *p
					q.User.Tester = tester
					if t.address != "cloud" { // this address only: the grayscale choice is the case's
						s := project.Source{URL: t.url}
						if ft == fetch.Periodic {
							q.Periodic = s
						} else {
							q.Prefetch.Source = s
						}
					}
					plans = append(plans, checkPlan{
						c: ContractCase{Name: strings.Join([]string{name, ft, string(osName), t.address, user}, " "), Platform: name,
							FetchType: ft, OS: string(osName), Address: t.address, User: user},
						p:         &q,
						fetchType: ft,
						warnings:  borrowed,
					})
				}
			}
		}
	}
	return cases, plans
}

// reaches reports whether a user (a tester or not) can get address of src: with a grayscale address,
// testers always get it and never the main one; normal users get the main one below 100% and the
// grayscale one above 0%.
func reaches(src project.Source, address string, tester bool) bool {
	if src.Gray.URL == "" || address == "cloud" {
		return true
	}
	if address == "gray" {
		return tester || src.Gray.Percent > 0
	}
	return !tester && src.Gray.Percent < 100
}

func notConfigured(platform, fetchType, why string) ContractCase {
	return ContractCase{Name: platform + " " + fetchType, Platform: platform, FetchType: fetchType, Verdict: CheckWarn,
		Reason: why, Failures: []string{}, Warnings: []string{why}}
}

// preloadCase checks the size of Alipay's preload.json. project.Load already refuses a file over
// MaxPreloadBytes (the whole check then stops with that config error), so this case says the size that passed.
func preloadCase(p *project.Project) ContractCase {
	c := ContractCase{Name: string(p.Platform) + " " + project.PreloadFile, Platform: string(p.Platform), Failures: []string{}, Warnings: []string{}}
	fi, err := os.Stat(filepath.Join(p.Dir, project.PreloadFile))
	switch {
	case err != nil:
		c.Failures = append(c.Failures, fmt.Sprintf("cannot read %s: %v", project.PreloadFile, err))
	case fi.Size() > project.MaxPreloadBytes:
		c.Failures = append(c.Failures, fmt.Sprintf("%s is %d bytes; Alipay accepts at most %d and would ignore it", project.PreloadFile, fi.Size(), project.MaxPreloadBytes))
	}
	c.finish()
	if c.Verdict == CheckPass {
		c.Reason = fmt.Sprintf("%d bytes, within Alipay's %d", fi.Size(), project.MaxPreloadBytes)
	}
	return c
}

// run sends the plan's request and judges the answer.
func (pl checkPlan) run(ctx context.Context, transport http.RoundTripper) ContractCase {
	c := pl.c
	c.Failures, c.Warnings = []string{}, append([]string{}, pl.warnings...)
	req, err := fetch.Build(pl.p, pl.fetchType, fetch.Options{})
	if err != nil {
		c.Failures = append(c.Failures, "not sent: "+err.Error())
		if req != nil {
			c.Method, c.URL = req.Method, req.URL
		}
		c.finish()
		return c
	}
	c.Method, c.URL, c.TimeoutMs = req.Method, req.URL, req.Timeout.Milliseconds()
	if c.Address == "gray" {
		req.Variant = "gray"
	}
	c.checkScheme(req.URL, req.Platform)
	rec := fetch.Do(ctx, transport, req)
	c.Sent = true
	c.Status, c.Bytes, c.DurationMs = rec.Status, rec.Bytes, rec.Duration.Milliseconds()
	if rec.ResponseHeader != nil {
		c.ContentType = rec.ResponseHeader.Get("Content-Type")
	}
	for _, w := range rec.Warnings {
		switch {
		case strings.Contains(w, " is not HTTPS: "): // checkScheme says it, with the loopback rule
		case strings.HasPrefix(w, "the body does not parse as dataType json"): // checkJSON fails it
		default:
			c.Warnings = append(c.Warnings, w)
		}
	}
	switch {
	case rec.Err != nil:
		c.Error = rec.Err.Error()
		c.Failures = append(c.Failures, rec.Err.Error())
	case rec.Status < 200 || rec.Status > 299:
		c.Failures = append(c.Failures, fmt.Sprintf("HTTP %d: the platform caches only 2xx responses", rec.Status))
	case rec.Bytes > fetch.MaxBody:
		size := fmt.Sprintf("%d bytes", rec.Bytes)
		if rec.Bytes > fetch.MaxCounted {
			size = fmt.Sprintf("more than %d bytes", fetch.MaxCounted)
		}
		if rec.Decoded != "" {
			size += " once decoded from " + rec.Decoded
		}
		c.Failures = append(c.Failures, fmt.Sprintf("the body is %s, over the 262144-byte (256KB) limit: the platform drops it without a word", size))
	default:
		c.checkJSON(rec)
	}
	c.finish()
	return c
}

// checkScheme applies the HTTPS rule: plain HTTP is a failure, except on loopback (a server started for the
// test in CI), where it is a warning.
func (c *ContractCase) checkScheme(raw string, pl project.Platform) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "https" {
		return
	}
	if loopbackHost(u.Hostname()) {
		c.Warnings = append(c.Warnings, fmt.Sprintf("plain HTTP, accepted because %s is loopback; in production %s requests only HTTPS addresses", u.Host, fetch.PlatformName(pl)))
		return
	}
	c.Failures = append(c.Failures, fmt.Sprintf("plain HTTP to %s: %s requests only HTTPS addresses in production (only loopback is let through, for a local test server)", u.Host, fetch.PlatformName(pl)))
}

func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// checkJSON requires valid JSON when the body looks like JSON (its first non-blank byte is { or [), when
// Content-Type says JSON, or on Alipay with dataType json (which parses it into fetchedData).
func (c *ContractCase) checkJSON(rec *fetch.Record) {
	if rec.Decoded == "" && rec.ResponseHeader != nil && rec.ResponseHeader.Get("Content-Encoding") != "" {
		return // left encoded (a warning says so): what the client would parse is unknown
	}
	body := rec.Body
	trimmed := strings.TrimLeft(strings.TrimPrefix(string(body), "\ufeff"), " \t\r\n")
	var why string
	switch {
	case strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "["):
		why = "the body starts with " + trimmed[:1]
	case jsonMediaType(c.ContentType):
		why = "Content-Type is " + c.ContentType
	case rec.DataType == "json":
		why = "dataType is json, so Alipay parses it into fetchedData"
	default:
		return
	}
	var v json.RawMessage
	err := json.Unmarshal(body, &v)
	if err == nil {
		return
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		c.Failures = append(c.Failures, fmt.Sprintf("invalid JSON (%s): %v at byte %d", why, err, se.Offset))
		return
	}
	c.Failures = append(c.Failures, fmt.Sprintf("invalid JSON (%s): %v", why, err))
}

func jsonMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// finish sets the verdict and the one-line reason.
func (c *ContractCase) finish() {
	switch {
	case len(c.Failures) > 0:
		c.Verdict = CheckFail
		c.Reason = strings.Join(append(append([]string{}, c.Failures...), c.Warnings...), "; ")
	case len(c.Warnings) > 0:
		c.Verdict = CheckWarn
		c.Reason = c.answer() + "; " + strings.Join(c.Warnings, "; ")
	default:
		c.Verdict = CheckPass
		c.Reason = c.answer()
	}
}

// answer summarises the answer of a case that passed: "HTTP 200 · 1.2 KB · 3 ms".
func (c *ContractCase) answer() string {
	if !c.Sent {
		return "not sent"
	}
	size := fmt.Sprintf("%d B", c.Bytes)
	if c.Bytes >= 1024 {
		size = fmt.Sprintf("%.1f KB", float64(c.Bytes)/1024)
	}
	return fmt.Sprintf("HTTP %d · %s · %d ms", c.Status, size, c.DurationMs)
}

// ContractCase is a copy of c with every secret masked: in the URL, the reason, the failures, the warnings
// and the error.
func (m Masker) ContractCase(c ContractCase) ContractCase {
	c.URL, c.Reason, c.Error = m.String(c.URL), m.String(c.Reason), m.String(c.Error)
	fs := make([]string, len(c.Failures))
	for i, s := range c.Failures {
		fs[i] = m.String(s)
	}
	ws := make([]string, len(c.Warnings))
	for i, s := range c.Warnings {
		ws[i] = m.String(s)
	}
	c.Failures, c.Warnings = fs, ws
	return c
}
