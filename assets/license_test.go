package assets

import (
	"os"
	"strings"
	"testing"
)

// TestLicense: the embedded licence is LICENSE at the root (`make notices` copies it), and the notices
// are there.
func TestLicense(t *testing.T) {
	root, err := os.ReadFile("../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	if License != string(root) {
		t.Error("assets/LICENSE differs from LICENSE: run `make notices`")
	}
	if !strings.HasPrefix(License, "MIT License") {
		t.Errorf("LICENSE: %.40q", License)
	}
	for _, want := range []string{"fyne.io/fyne/v2", "github.com/mattn/go-sqlite3", "SQLite", "GLFW"} {
		if !strings.Contains(ThirdPartyNotices, want) {
			t.Errorf("THIRD_PARTY_NOTICES.txt does not mention %s", want)
		}
	}
}
