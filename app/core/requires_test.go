package core

import (
	"testing"

	"github.com/bgfetch/devtools/app/project"
)

func TestRequires(t *testing.T) {
	for _, tt := range []struct {
		platform  project.Platform
		fetchType string
		want      string // "" when no document gives a minimum
	}{
		{project.Weapp, "periodic", "requires base library ≥ 2.8.0"},
		{project.Weapp, "pre", ""},
		{project.QQ, "periodic", "requires base library ≥ 1.14.0"},
		{project.QQ, "pre", "requires base library ≥ 1.14.0"},
		{project.Alipay, "pre", "requires base library ≥ 2.7.11 and client ≥ 10.2.36"},
		{project.Alipay, "jsapiPre", "requires base library ≥ 2.7.11 and client ≥ 10.2.36"},
		{project.Alipay, "periodic", ""},
		{project.Weapp, "jsapiPre", ""},
	} {
		r, ok := Requires(tt.platform, tt.fetchType)
		if got := map[bool]string{true: r.String()}[ok]; got != tt.want {
			t.Errorf("Requires(%s, %s) = %q, want %q", tt.platform, tt.fetchType, got, tt.want)
		}
		if ok && r.Source == "" {
			t.Errorf("Requires(%s, %s) names no source", tt.platform, tt.fetchType)
		}
	}
	if n := len(AllRequirements()); n != 5 {
		t.Errorf("AllRequirements has %d rows, want 5", n)
	}
}
