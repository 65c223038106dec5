package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes name → content into dir (created if needed) and returns dir.
func writeFiles(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// newProject writes files into a fresh temporary folder.
func newProject(t testing.TB, files map[string]string) string {
	t.Helper()
	return writeFiles(t, t.TempDir(), files)
}

// asConfigError checks that err is a *ConfigError about file and returns it.
func asConfigError(t testing.TB, err error, file string) *ConfigError {
	t.Helper()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *ConfigError", err, err)
	}
	if filepath.Base(ce.File) != file {
		t.Errorf("ConfigError.File = %q, want base name %q", ce.File, file)
	}
	if ce.Line < 0 || ce.Col < 0 || (ce.Line > 0) != (ce.Col > 0) {
		t.Errorf("ConfigError position %d:%d is not valid", ce.Line, ce.Col)
	}
	if ce.Line > 0 && !strings.HasPrefix(ce.Error(), fmt.Sprintf("%s:%d:%d: ", file, ce.Line, ce.Col)) {
		t.Errorf("Error() = %q, want prefix %s:%d:%d: ", ce.Error(), file, ce.Line, ce.Col)
	}
	return ce
}

const wxConfig = `{
  "appid": "wx0123456789abcdef",
  "projectname": "demo",
  "setting": {
    "urlCheck": true,
    "preloadBackgroundData": false
  }
}
`

func ptr[T any](v T) *T { return &v }
