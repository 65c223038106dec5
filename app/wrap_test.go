package app

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bgfetch/devtools/assets"
)

// fileName is a file name in the window's sentences (project.config.json, bgfetch-sim.db, app.js).
var fileName = regexp.MustCompile(`[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(json|js|db|har|wxml|wxss|ts)\b`)

// TestFileNamesWrapWhole: fyne's word wrap breaks a line only at a space, and inside a word only when the
// word is wider than the line. A file name glued to the Chinese before it (地址（project.config.json) ends
// such a word, and a label narrow enough for the word splits the name: project.config.jso|n. So in every
// Chinese sentence of the window the run up to the end of a file name since the last space is at most
// 16 em wide (224 px at fyne's 14 px text, narrower than any word-wrapped label at the window's smallest
// size); a longer one needs a space before the name (开关是 project.config.json 的 ...).
func TestFileNamesWrapWhole(t *testing.T) {
	var sentences []string
	en := map[string]string{}
	data, err := assets.Translations.ReadFile("translations/en.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &en); err != nil {
		t.Fatal(err)
	}
	for zh := range en {
		sentences = append(sentences, zh)
	}
	var zhMsgs map[string]any
	data, err = assets.Messages.ReadFile("messages/zh.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &zhMsgs); err != nil {
		t.Fatal(err)
	}
	for _, v := range zhMsgs {
		if s, ok := v.(string); ok {
			sentences = append(sentences, s)
		}
	}
	checked := 0
	for _, s := range sentences {
		for _, m := range fileName.FindAllStringIndex(s, -1) {
			checked++
			start := strings.LastIndexAny(s[:m[0]], " \n\t") + 1
			if w := ems(s[start:m[1]]); w > 16 {
				t.Errorf("%q: %q is %.1f em without a space, so a narrow label breaks inside %q", s, s[start:m[1]], w, s[m[0]:m[1]])
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d file names in the window's sentences: is the pattern still right?", checked)
	}
}

var argument = regexp.MustCompile(`^\{\d+\}`)

// ems estimates the width of s in em: a CJK character or fullwidth mark is one, ASCII about half, an
// argument (%s, %d, {0}) a guessed four.
func ems(s string) float64 {
	w := 0.0
	for i := 0; i < len(s); {
		if s[i] == '%' && i+1 < len(s) {
			w += 4
			i += 2
			continue
		}
		if m := argument.FindString(s[i:]); m != "" {
			w += 4
			i += len(m)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x80 {
			w += 0.55
		} else {
			w++
		}
		i += n
	}
	return w
}
