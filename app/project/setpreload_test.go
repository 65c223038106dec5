package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetPreloadBackgroundData(t *testing.T) {
	// A file the way WeChat DevTools writes it, with keys BgFetch does not know, Chinese text and
	// a value that looks like the key elsewhere.
	const wx = `{
    "description": "项目配置文件，详见文档：https://developers.weixin.qq.com/miniprogram/dev/devtools/projectconfig.html",
    "packOptions": {"ignore": [], "include": []},
    "setting": {
        "urlCheck": true,
        "preloadBackgroundData": false,
        "minified": true,
        "condition": {"preloadBackgroundData": "not this one"}
    },
    "compileType": "miniprogram",
    "appid": "wx0123456789abcdef"
}
`
	tests := []struct {
		name string
		in   string
		on   bool
		want string
	}{
		{"flip false to true", wx, true, strings.Replace(wx, `"preloadBackgroundData": false`, `"preloadBackgroundData": true`, 1)},
		{"flip true to false", strings.Replace(wx, `"preloadBackgroundData": false`, `"preloadBackgroundData": true`, 1), false, wx},
		{"CRLF and tabs", "{\r\n\t\"appid\": \"wx1\",\r\n\t\"setting\": {\r\n\t\t\"preloadBackgroundData\":true\r\n\t}\r\n}", false,
			"{\r\n\t\"appid\": \"wx1\",\r\n\t\"setting\": {\r\n\t\t\"preloadBackgroundData\":false\r\n\t}\r\n}"},
		{"non-boolean value is replaced", `{"appid": "wx1", "setting": {"preloadBackgroundData": "yes", "es6": true}}`, true,
			`{"appid": "wx1", "setting": {"preloadBackgroundData": true, "es6": true}}`},
		{"missing key", `{
  "appid": "wx1",
  "setting": {
    "urlCheck": false,
    "es6": true
  },
  "libVersion": "3.0.0"
}
`, true, `{
  "appid": "wx1",
  "setting": {
    "urlCheck": false,
    "es6": true,
    "preloadBackgroundData": true
  },
  "libVersion": "3.0.0"
}
`},
		{"missing key, one member, four spaces", "{\n    \"setting\": {\n        \"es6\": true\n    },\n    \"appid\": \"wx1\"\n}\n", false,
			"{\n    \"setting\": {\n        \"es6\": true,\n        \"preloadBackgroundData\": false\n    },\n    \"appid\": \"wx1\"\n}\n"},
		{"empty setting", "{\n  \"appid\": \"wx1\",\n  \"setting\": {}\n}\n", true,
			"{\n  \"appid\": \"wx1\",\n  \"setting\": {\n    \"preloadBackgroundData\": true\n  }\n}\n"},
		{"missing setting", "{\n  \"appid\": \"wx1\",\n  \"compileType\": \"miniprogram\"\n}\n", true,
			"{\n  \"appid\": \"wx1\",\n  \"compileType\": \"miniprogram\",\n  \"setting\": {\n    \"preloadBackgroundData\": true\n  }\n}\n"},
		{"missing setting, tabs and CRLF", "{\r\n\t\"appid\": \"wx1\"\r\n}\r\n", false,
			"{\r\n\t\"appid\": \"wx1\",\r\n\t\"setting\": {\r\n\t\t\"preloadBackgroundData\": false\r\n\t}\r\n}\r\n"},
		{"one line", `{"appid":"wx1","setting":{"es6":true}}`, true, `{"appid":"wx1","setting":{"es6":true,"preloadBackgroundData":true}}`},
		{"one line, missing setting", `{"appid": "wx1"}`, true, `{"appid": "wx1", "setting": {"preloadBackgroundData": true}}`},
		{"one line, empty setting", `{"appid":"wx1","setting":{}}`, true, `{"appid":"wx1","setting":{"preloadBackgroundData":true}}`},
		{"byte order mark kept", "\ufeff{\"appid\": \"wx1\", \"setting\": {\"preloadBackgroundData\": false}}", true,
			"\ufeff{\"appid\": \"wx1\", \"setting\": {\"preloadBackgroundData\": true}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newProject(t, map[string]string{ProjectConfigFile: tt.in})
			path := filepath.Join(dir, ProjectConfigFile)
			if err := os.Chmod(path, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := SetPreloadBackgroundData(dir, tt.on); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("file =\n%s\nwant\n%s", got, tt.want)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
			}
			p, err := Load(dir)
			if err != nil && !strings.Contains(tt.in, `"yes"`) {
				t.Fatalf("Load after the change: %v", err)
			}
			if err == nil && p.PreloadBackgroundData != tt.on {
				t.Errorf("Load: PreloadBackgroundData = %v, want %v", p.PreloadBackgroundData, tt.on)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 {
				t.Errorf("the folder holds %d entries, want only %s (temporary file left behind?)", len(entries), ProjectConfigFile)
			}
		})
	}
}

func TestSetPreloadBackgroundDataUnchanged(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
	path := filepath.Join(dir, ProjectConfigFile)
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := SetPreloadBackgroundData(dir, false); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("the file was replaced although the value did not change")
	}
}

func TestSetPreloadBackgroundDataPrivate(t *testing.T) {
	const private = "{\n  \"setting\": {\n    \"preloadBackgroundData\": false\n  },\n  \"projectname\": \"demo\"\n}\n"
	t.Run("private file has the key", func(t *testing.T) {
		dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, PrivateConfigFile: private})
		if err := SetPreloadBackgroundData(dir, true); err != nil {
			t.Fatal(err)
		}
		assertFile(t, filepath.Join(dir, ProjectConfigFile), wxConfig)
		assertFile(t, filepath.Join(dir, PrivateConfigFile), strings.Replace(private, "false", "true", 1))
		p, err := Load(dir)
		if err != nil || !p.PreloadBackgroundData {
			t.Fatalf("Load = %+v, %v; want PreloadBackgroundData", p, err)
		}
	})
	t.Run("private file without the key", func(t *testing.T) {
		const priv = `{"setting": {"urlCheck": false}}`
		dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, PrivateConfigFile: priv})
		if err := SetPreloadBackgroundData(dir, true); err != nil {
			t.Fatal(err)
		}
		assertFile(t, filepath.Join(dir, PrivateConfigFile), priv)
		assertFile(t, filepath.Join(dir, ProjectConfigFile), strings.Replace(wxConfig, `"preloadBackgroundData": false`, `"preloadBackgroundData": true`, 1))
	})
	t.Run("private file is invalid", func(t *testing.T) {
		dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig, PrivateConfigFile: `{"setting": `})
		err := SetPreloadBackgroundData(dir, true)
		asConfigError(t, err, PrivateConfigFile)
		assertFile(t, filepath.Join(dir, ProjectConfigFile), wxConfig)
	})
}

func TestSetPreloadBackgroundDataErrors(t *testing.T) {
	t.Run("no project.config.json", func(t *testing.T) {
		dir := newProject(t, map[string]string{ConfigFile: `{"appid": "wx1"}`})
		err := SetPreloadBackgroundData(dir, true)
		if err == nil || !strings.Contains(err.Error(), ProjectConfigFile) {
			t.Fatalf("err = %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, ProjectConfigFile)); err == nil {
			t.Error("project.config.json was created")
		}
	})
	for _, bad := range []string{`{"appid": "wx1", `, `[]`, `{"setting": 1}`, ``} {
		t.Run("invalid "+bad, func(t *testing.T) {
			dir := newProject(t, map[string]string{ProjectConfigFile: bad})
			err := SetPreloadBackgroundData(dir, true)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ConfigError", err)
			}
			assertFile(t, filepath.Join(dir, ProjectConfigFile), bad)
		})
	}
	t.Run("symbolic link is followed", func(t *testing.T) {
		dir := newProject(t, nil)
		real := filepath.Join(t.TempDir(), "real.json")
		if err := os.WriteFile(real, []byte(wxConfig), 0o644); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(dir, ProjectConfigFile)
		if err := os.Symlink(real, link); err != nil {
			t.Skip("symbolic links not supported:", err)
		}
		if err := SetPreloadBackgroundData(dir, true); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced by a file")
		}
		assertFile(t, real, strings.Replace(wxConfig, `"preloadBackgroundData": false`, `"preloadBackgroundData": true`, 1))
	})
}

func assertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s =\n%s\nwant\n%s", filepath.Base(path), got, want)
	}
}
