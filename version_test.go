package main

import (
	"strings"
	"testing"
)

// The version without -ldflags is FyneApp.toml's as a pre-release (go build, go run), never a bare
// release number; with it, exactly what packaging/version.sh said.
func TestVersion(t *testing.T) {
	saved := buildVersion
	t.Cleanup(func() { buildVersion = saved })
	buildVersion = ""
	if v := version(); !strings.HasSuffix(v, "~dev") || !strings.Contains(fyneAppToml, `"`+strings.TrimSuffix(v, "~dev")+`"`) {
		t.Errorf("without buildVersion: %q, want FyneApp.toml's Version + ~dev", v)
	}
	buildVersion = "0.1.1~dev.3+g1a2b3c4"
	if v := version(); v != buildVersion {
		t.Errorf("with buildVersion: %q", v)
	}
}
