package project

import (
	"errors"
	"strings"
	"testing"
)

func TestCloudSource(t *testing.T) {
	tests := []struct {
		name, cfg, err string
	}{
		{"prefetch cloud with a local endpoint", `{"prefetch": {"cloud": {"env": "prod-1", "function": "pre", "localUrl": "http://127.0.0.1:3000/pre"}}}`, ""},
		{"periodic cloud without a local endpoint", `{"periodic": {"cloud": {"function": "periodic"}}}`, ""},
		{"no function", `{"prefetch": {"cloud": {"env": "prod-1"}}}`, `"prefetch.cloud" needs "function"`},
		{"both url and cloud", `{"periodic": {"url": "https://a.example/p", "cloud": {"function": "f"}}}`, "both \"url\" and \"cloud\""},
		{"bad local url", `{"prefetch": {"cloud": {"function": "f", "localUrl": "localhost:3000"}}}`, "prefetch.cloud.localUrl"},
		{"unknown key", `{"prefetch": {"cloud": {"function": "f", "locaUrl": "x"}}}`, `did you mean "localUrl"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig(ConfigFile, []byte(tt.cfg))
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				src := c.Periodic
				if c.Prefetch != nil {
					src = &c.Prefetch.Source
				}
				if src.Cloud == nil || src.Cloud.Function == "" {
					t.Errorf("cloud not parsed: %+v", src)
				}
				return
			}
			var ce *ConfigError
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
			if !errors.As(err, &ce) || ce.Line == 0 {
				t.Errorf("no position: %v", err)
			}
		})
	}
}
