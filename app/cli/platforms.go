package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/bgfetch/devtools/app/platform"
)

// platformJSON is one platform's Spec as `bgfetch platforms --json` prints it.
type platformJSON struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	NameZh        string            `json:"nameZh"`
	API           string            `json:"api"`
	Aliases       []string          `json:"aliases"`
	FetchTypes    []string          `json:"fetchTypes"`
	Periodic      bool              `json:"periodic"`
	Gray          bool              `json:"gray"`
	Token         bool              `json:"token"`
	PrefetchOnBy  string            `json:"prefetchSwitchedOnBy"`
	LaunchParams  []string          `json:"launchParams"`
	Requires      []requirementJSON `json:"requires"`
	VersionRules  []versionJSON     `json:"versionRules"`
	Facts         []factJSON        `json:"facts"`
	NoDataAndroid string            `json:"noDataAndroidErrMsg,omitempty"`
	TokenNotSet   string            `json:"tokenNotSet,omitempty"`
	NoPermission  string            `json:"noPermission,omitempty"`
}

type requirementJSON struct {
	FetchType   string `json:"fetchType"`
	BaseLibrary string `json:"baseLibrary"`
	Client      string `json:"client,omitempty"`
	Source      string `json:"source"`
}

type versionJSON struct {
	Key    string `json:"key"`
	OS     string `json:"os,omitempty"`
	Before string `json:"before,omitempty"`
	Since  string `json:"since,omitempty"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

type factJSON struct {
	Key        string `json:"key"`
	Text       string `json:"text"`
	Documented bool   `json:"documented"`
	Source     string `json:"source"`
	Setting    string `json:"setting,omitempty"`
}

func facts(fs []platform.Fact) []factJSON {
	out := []factJSON{}
	for _, f := range fs {
		out = append(out, factJSON(f))
	}
	return out
}

// switchedOnBy says how a platform's prefetch is switched on.
func switchedOnBy(s *platform.Spec) string {
	if s.Prefetch == platform.SwitchPreloadJSON {
		return "a pre entry in preload.json"
	}
	return "启用数据预拉取 (setting.preloadBackgroundData in project.config.json)"
}

// platforms prints what the tool knows of each platform, from the registry: what it has, the documented
// version minimums and rules, and every fact with its source, documented or the tool's assumption.
func (c *command) platforms(_ context.Context, args []string) int {
	fs := c.flags()
	only := fs.String("platform", "", "only this platform ("+strings.Join(platform.IDs(), ", ")+")")
	if !c.parse(args) {
		return ExitUsage
	}
	specs := platform.All()
	if *only != "" {
		s, err := platform.Lookup(platform.ID(*only))
		if err != nil {
			c.errorf("--platform: %v", err)
			return ExitUsage
		}
		specs = []*platform.Spec{s}
	}
	if c.jsonOut {
		out := struct {
			Platforms   []platformJSON `json:"platforms"`
			Assumptions []factJSON     `json:"assumptions"`
		}{Platforms: []platformJSON{}, Assumptions: facts(platform.Assumptions)}
		for _, s := range specs {
			j := platformJSON{ID: string(s.ID), Name: s.Name, NameZh: s.NameZh, API: s.API, Aliases: append([]string{}, s.Aliases...),
				FetchTypes: s.FetchTypes, Periodic: s.Periodic(), Gray: s.Gray, Token: s.Token, PrefetchOnBy: switchedOnBy(s),
				LaunchParams: append([]string{}, s.LaunchParams...), Requires: []requirementJSON{}, VersionRules: []versionJSON{},
				Facts: facts(s.Facts), NoDataAndroid: s.Msg.NoDataAndroid, TokenNotSet: s.Msg.TokenNotSet, NoPermission: s.Msg.NoPermission}
			for _, ft := range s.FetchTypes {
				if r, ok := s.Requires[ft]; ok {
					j.Requires = append(j.Requires, requirementJSON{ft, r.BaseLibrary, r.Client, r.Source})
				}
			}
			for _, v := range s.Versions {
				j.VersionRules = append(j.VersionRules, versionJSON(v))
			}
			out.Platforms = append(out.Platforms, j)
		}
		c.printJSON(out)
		return ExitOK
	}
	w := c.env.Stdout
	yes := map[bool]string{true: "yes", false: "no"}
	for _, s := range specs {
		fprintf(w, "%s (%s, %s.*): fetchType %s; periodic %s, grayscale %s, token %s; prefetch is switched on by %s\n",
			s.Name, s.ID, s.API, strings.Join(s.FetchTypes, ", "), yes[s.Periodic()], yes[s.Gray], yes[s.Token], switchedOnBy(s))
		for _, ft := range s.FetchTypes {
			if r, ok := s.Requires[ft]; ok {
				fprintf(w, "  %-9s %s  (%s)\n", ft, r, r.Source)
			}
		}
		for _, v := range s.Versions {
			fprintf(w, "  version   %s  (%s)\n", v.Text, v.Source)
		}
		for _, f := range s.Facts {
			fprintln(w, "  "+factLine(f))
		}
		fprintln(w, "")
	}
	fprintln(w, "On every platform (no document says; the tool's assumptions):")
	for _, f := range platform.Assumptions {
		fprintln(w, "  "+factLine(f))
	}
	return ExitOK
}

func factLine(f platform.Fact) string {
	mark := "documented"
	if !f.Documented {
		mark = "ASSUMED   "
	}
	s := fmt.Sprintf("%s  %s  (%s)", mark, f.Text, f.Source)
	if f.Setting != "" {
		s += "; change it with " + f.Setting + " in bgfetch.config.json"
	}
	return s
}
