package app

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

func TestThemeBoldIsACJKFaceWhenTheSystemHasOne(t *testing.T) {
	start := time.Now()
	files := cjkBoldFiles()
	t.Logf("the font folders searched in %v", time.Since(start))
	if len(files) == 0 {
		t.Skip("no bold CJK font on this system (Debian: fonts-noto-cjk); the fallback is tested on its own")
	}
	th := newCJKTheme(func() []string { return files })
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	bold := th.Font(fyne.TextStyle{Bold: true})
	if bold == theme.DefaultTheme().Font(fyne.TextStyle{Bold: true}) {
		t.Fatalf("bold is the default Latin bold although %v exist", files)
	}
	face, err := font.ParseTTF(bytes.NewReader(bold.Content())) // as fyne does when it fills its font cache
	if err != nil {
		t.Fatalf("fyne could not parse %s: %v", bold.Name(), err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%s from %s: the heap grows by %.1f MB with the face fyne parses (the theme keeps none of the font data)",
		bold.Name(), files[0], float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6)
	again, err := font.ParseTTF(bytes.NewReader(bold.Content())) // after a theme or scale change
	if err != nil || again.Describe() != face.Describe() {
		t.Errorf("the font read a second time: %v", err)
	}
	for _, r := range "数据下载地址Token" {
		if _, ok := face.NominalGlyph(r); !ok {
			t.Errorf("the bold face has no glyph for %q", r)
		}
	}
	if w := face.Describe().Aspect.Weight; w < font.WeightSemibold {
		t.Errorf("the bold face weighs %v", w)
	}
	latin, err := font.ParseTTF(bytes.NewReader(theme.DefaultTextBoldFont().Content()))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := face.FontHExtents()
	want, _ := latin.FontHExtents()
	em, lem := float64(face.Upem()), float64(latin.Upem())
	line := func(e font.FontExtents, em float64) float64 { return float64(e.Ascender-e.Descender+e.LineGap) / em }
	if math.Abs(line(got, em)-line(want, lem)) > 0.002 {
		t.Errorf("the bold face's line is %+v per %v units, the Latin bold's %+v per %v: a bold row would not be as tall as a regular one", got, em, want, lem)
	}
	if a := float64(got.Ascender) / em; a < 0.88 || a > 1.2 {
		t.Errorf("the bold face's ascent is %.3f em: not the CJK font's own", a)
	}

	if th.Font(fyne.TextStyle{Bold: true}) != bold {
		t.Error("the bold font is loaded again: fyne compares it by identity and it should be read once")
	}
	if th.Font(fyne.TextStyle{Bold: true, Italic: true}) != bold {
		t.Error("bold italic is not the CJK bold face")
	}
	for _, s := range []fyne.TextStyle{{}, {Italic: true}, {Monospace: true}, {Bold: true, Monospace: true}, {Symbol: true}} {
		if th.Font(s) != theme.DefaultTheme().Font(s) {
			t.Errorf("%+v is not the default theme's font", s)
		}
	}
}

func TestThemeFallsBackToTheDefaultWithoutACJKFont(t *testing.T) {
	junk := filepath.Join(t.TempDir(), "NotoSansCJK-Bold.ttc")
	if err := os.WriteFile(junk, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, files := range map[string][]string{"none": nil, "missing": {"/nonexistent/msyhbd.ttc"}, "not a font": {junk}} {
		t.Run(name, func(t *testing.T) {
			th := newCJKTheme(func() []string { return files })
			for _, s := range []fyne.TextStyle{{}, {Bold: true}, {Bold: true, Italic: true}, {Monospace: true}} {
				if th.Font(s) != theme.DefaultTheme().Font(s) {
					t.Errorf("%+v is not the default theme's font", s)
				}
			}
			if th.Size(theme.SizeNameText) != theme.DefaultTheme().Size(theme.SizeNameText) {
				t.Error("the text size is not the default theme's")
			}
		})
	}
}

func TestThemeLooksForTheFontOnceAndOnlyForBold(t *testing.T) {
	looked := 0
	th := newCJKTheme(func() []string { looked++; return nil })
	th.Font(fyne.TextStyle{})
	th.Font(fyne.TextStyle{Monospace: true, Bold: true})
	if looked != 0 {
		t.Fatalf("looked for the bold CJK font %d times before any bold text", looked)
	}
	th.Font(fyne.TextStyle{Bold: true})
	th.Font(fyne.TextStyle{Bold: true})
	if looked != 1 {
		t.Errorf("looked for the bold CJK font %d times, want once", looked)
	}
}

func TestFindFontsInNameOrder(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a/NotoSansCJK-Bold.ttc", "b/c/msyhbd.ttc", "NotoSansSC-Bold.otf", "a/b/c/d/NotoSansCJKsc-Bold.otf", "other.ttf"} {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := findFonts([]string{dir, filepath.Join(dir, "missing")}, boldCJKNames)
	want := []string{filepath.Join(dir, "NotoSansSC-Bold.otf"), filepath.Join(dir, "a/NotoSansCJK-Bold.ttc"), filepath.Join(dir, "b/c/msyhbd.ttc")}
	if len(got) != len(want) {
		t.Fatalf("found %v, want %v (the one four folders deep is too deep)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("found %v, want %v", got, want)
			break
		}
	}
}

// TestThemeLeavesBoldToFyneUnderACJKLocale: the locales under which fyne looks up a CJK font for every
// style itself (so the theme's own bold face would be a second copy of the same tables), and those under
// which it does not.
func TestThemeLeavesBoldToFyneUnderACJKLocale(t *testing.T) {
	for lang, want := range map[string]bool{"zh-CN": true, "zh-TW": true, "ja": true, "ja-JP": true, "ko-KR": true,
		"zh": false, "en-US": false, "en": false, "fr-FR": false} {
		if got := cjkLocale(lang); got != want {
			t.Errorf("cjkLocale(%q) = %v, want %v", lang, got, want)
		}
	}
	th := newCJKTheme(nil)
	if th.Font(fyne.TextStyle{Bold: true}) != theme.DefaultTheme().Font(fyne.TextStyle{Bold: true}) {
		t.Error("without font files, bold is not the default theme's")
	}
}
