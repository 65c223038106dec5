package project

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSetPlatform(t *testing.T) {
	tests := []struct{ name, before, after string }{
		{"replace", "{\n  \"platform\": \"weapp\",\n  \"token\": \"x\"\n}\n", "{\n  \"platform\": \"qq\",\n  \"token\": \"x\"\n}\n"},
		{"insert", "{\n    \"token\": \"x\"\n}\n", "{\n    \"token\": \"x\",\n    \"platform\": \"qq\"\n}\n"},
		{"one line", `{"token":"x"}`, `{"token":"x","platform":"qq"}`},
		{"missing file", "", "{\n  \"platform\": \"qq\"\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, ConfigFile)
			if tt.before != "" {
				if err := os.WriteFile(path, []byte(tt.before), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := SetPlatform(dir, QQ); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.after {
				t.Errorf("got\n%s\nwant\n%s", got, tt.after)
			}
			c, err := ParseConfig(path, got)
			if err != nil || c == nil {
				t.Errorf("result does not parse: %v", err)
			}
		})
	}
	dir := t.TempDir()
	broken := []byte(`{"platform": `)
	_ = os.WriteFile(filepath.Join(dir, ConfigFile), broken, 0o644)
	if err := SetPlatform(dir, QQ); err == nil {
		t.Error("a broken file was rewritten")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ConfigFile)); string(got) != string(broken) {
		t.Error("a broken file changed")
	}
	if err := SetPlatform(dir, "wechat"); err == nil {
		t.Error("unknown platform accepted")
	}
}
