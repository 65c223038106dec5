package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPlatformsListsEverySpec(t *testing.T) {
	r := runCLI(t, "platforms", "--json")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Platforms []struct {
			ID           string   `json:"id"`
			FetchTypes   []string `json:"fetchTypes"`
			Periodic     bool     `json:"periodic"`
			LaunchParams []string `json:"launchParams"`
			Requires     []struct {
				FetchType, BaseLibrary, Client string
			} `json:"requires"`
			VersionRules []struct{ Key, Before, Since string } `json:"versionRules"`
			Facts        []struct {
				Key        string `json:"key"`
				Documented bool   `json:"documented"`
				Source     string `json:"source"`
			} `json:"facts"`
		} `json:"platforms"`
		Assumptions []struct {
			Key        string `json:"key"`
			Documented bool   `json:"documented"`
			Setting    string `json:"setting"`
		} `json:"assumptions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(out.Platforms) != 3 || out.Platforms[0].ID != "weapp" || out.Platforms[2].ID != "alipay" || out.Platforms[2].Periodic {
		t.Fatalf("%+v", out.Platforms)
	}
	wx := out.Platforms[0]
	if len(wx.VersionRules) != 2 || wx.VersionRules[0].Before != "8.0.27" || wx.VersionRules[1].Since != "7.0.7" {
		t.Errorf("WeChat's version rules: %+v", wx.VersionRules)
	}
	if ali := out.Platforms[2]; len(ali.Requires) != 2 || ali.Requires[0].Client != "10.2.36" {
		t.Errorf("Alipay's minimums: %+v", ali.Requires)
	}
	settings := 0
	for _, a := range out.Assumptions {
		if a.Documented {
			t.Errorf("assumption %s marked documented", a.Key)
		}
		if a.Setting != "" {
			settings++
		}
	}
	if len(out.Assumptions) != 6 || settings != 4 { // redirects, User-Agent, space, token length
		t.Errorf("%d assumptions, %d with a setting: %+v", len(out.Assumptions), settings, out.Assumptions)
	}

	r = runCLI(t, "platforms", "--platform", "qq")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "QQ (qq, qq.*)") || strings.Contains(r.stdout, "WeChat (weapp") ||
		!strings.Contains(r.stdout, "ASSUMED     with nothing cached, getBackgroundFetchData calls success with empty fetchedData on iOS") ||
		!strings.Contains(r.stdout, "change it with assume.space in bgfetch.config.json") {
		t.Errorf("platforms --platform qq: exit %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "platforms", "--platform", "tt")
	if r.code != ExitUsage || !strings.Contains(r.stderr, `unknown platform "tt": use weapp, qq or alipay`) {
		t.Errorf("unknown platform: exit %d %s", r.code, r.stderr)
	}
}
