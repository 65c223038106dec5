package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/licenseclassifier/v2/assets"
)

const mit = `MIT License

Copyright (c) 2020 Someone

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`

func fakeModule(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestModuleLicences(t *testing.T) {
	c, err := assets.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	e, err := moduleEntry(c, "example.com/mit", "v1.0.0", fakeModule(t, map[string]string{"LICENSE": mit, "main.go": "package x"}))
	if err != nil || strings.Join(e.Licences, ",") != "MIT" || strings.Join(e.Files, ",") != "LICENSE" {
		t.Errorf("MIT module: %v %v %v", e.Licences, e.Files, err)
	}
	// A module without a licence file, with an unknown licence, or with one the project does not accept.
	for name, files := range map[string]map[string]string{
		"no licence file": {"README.md": mit},
		"unknown licence": {"LICENSE": "You may do whatever the moon allows.\n"},
		"not accepted":    {"COPYING": gpl(t)},
	} {
		if _, err := moduleEntry(c, "example.com/bad", "v1.0.0", fakeModule(t, files)); err == nil ||
			!strings.Contains(err.Error(), "example.com/bad v1.0.0") {
			t.Errorf("%s: %v, want an error naming the module", name, err)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// gpl is the GPL-3.0 text from the classifier's own assets.
func gpl(t *testing.T) string {
	b, err := assets.ReadLicenseFile("License/GPL-3.0/license.txt")
	if err != nil {
		t.Skip("no GPL-3.0 text in the classifier's assets:", err)
	}
	return string(b)
}

func TestBlessing(t *testing.T) {
	src := "/*\n** 2001 September 15\n**\n** The author disclaims copyright to this source code.  In place of\n" +
		"** a legal notice, here is a blessing:\n**\n**    May you do good and not evil.\n" +
		"**    May you find forgiveness for yourself and forgive others.\n**    May you share freely, never taking more than you give.\n**\n*/\n"
	got, err := blessing(src)
	want := "The author disclaims copyright to this source code.  In place of\na legal notice, here is a blessing:\n\n" +
		"   May you do good and not evil.\n   May you find forgiveness for yourself and forgive others.\n   May you share freely, never taking more than you give.\n"
	if err != nil || got != want {
		t.Errorf("blessing: %v\n%q\nwant\n%q", err, got, want)
	}
	if _, err := blessing("int main;"); err == nil {
		t.Error("no error for a file without the dedication")
	}
}

func TestEscapePathAndDEP5(t *testing.T) {
	if got := escapePath("github.com/BurntSushi/toml"); got != "github.com/!burnt!sushi/toml" {
		t.Error(got)
	}
	if got := dep5Text("a\n\nb  \n"); got != " a\n .\n b\n" {
		t.Errorf("%q", got)
	}
}
