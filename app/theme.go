package app

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	gtlang "github.com/go-text/typesetting/language"
)

// Theme is fyne's default theme with bold text in a CJK font that has a real bold weight, when the system
// has one (Noto Sans CJK, Source Han Sans, Microsoft YaHei, PingFang). Without it fyne draws bold Chinese
// with the regular face it finds for the rune (unless the OS locale is Chinese), so the Latin of a bold
// caption or tab title is bold and its Chinese is not. The CJK face draws the Latin of bold text as well (it
// has Latin glyphs), so both weights match. Everything else is the default theme's.
//
// Under a Chinese, Japanese or Korean system locale fyne finds a bold CJK face itself (it asks the system
// for the locale's font in each style), so the theme adds none: a face of its own would be a second copy
// of the same font's tables in memory (about 15 MB for Noto Sans CJK Bold, docs/performance.md).
func Theme() fyne.Theme {
	if cjkLocale(lang.SystemLocale().LanguageString()) {
		return newCJKTheme(nil)
	}
	return newCJKTheme(cjkBoldFiles)
}

// cjkLocale reports whether fyne looks up a CJK font for the locale's language (painter.lookupLangFont,
// through fontscan): the language is Chinese, Japanese or Korean and fontscan knows it ("zh-CN", "zh-TW",
// "ja", "ko-KR"; not a bare "zh", which fontscan does not, so fyne falls back to a Latin font then).
func cjkLocale(language string) bool {
	l := gtlang.NewLanguage(language)
	if _, ok := gtlang.NewLangID(l); !ok {
		return false
	}
	switch l.Primary() {
	case "zh", "ja", "ko":
		return true
	}
	return false
}

type cjkTheme struct {
	fyne.Theme
	files func() []string // finds the font files with a bold CJK face, best first

	once sync.Once
	bold fyne.Resource // the bold face as a single font (a *fileFont); nil when no file gave one
}

// newCJKTheme is the theme with the bold face of the first of files that has one; files nil: no bold
// face of its own (the default theme's bold).
func newCJKTheme(files func() []string) *cjkTheme {
	return &cjkTheme{Theme: theme.DefaultTheme(), files: files}
}

// Font is the CJK bold face for bold (and bold italic: the CJK fonts have no italic) proportional text,
// looked for and loaded the first time bold text is drawn; the default theme's font otherwise.
func (t *cjkTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Bold && !s.Monospace && !s.Symbol {
		if r := t.boldFont(); r != nil {
			return r
		}
	}
	return t.Theme.Font(s)
}

func (t *cjkTheme) boldFont() fyne.Resource {
	t.once.Do(func() {
		if t.files == nil {
			return
		}
		for _, f := range t.files() {
			data, err := extractBoldCJK(f)
			if err != nil {
				slog.Info("bold CJK font", "file", f, "err", err)
				continue
			}
			t.bold = &fileFont{path: f, name: strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)) + ".otf", first: data}
			return
		}
	})
	return t.bold
}

// fileFont is the bold face as a resource whose content is not kept: fyne parses a theme font's content
// into a face of its own (about 21 MB for Noto Sans CJK Bold) each time it fills its font cache (the first
// bold text, and after a theme or scale change), and keeping the 17 MB it parsed it from would only double
// the heap. The face read at start (to check it) is handed to the first Content; later ones read the file
// again (about 50 ms).
type fileFont struct {
	path, name string

	mu    sync.Mutex
	first []byte
}

var _ fyne.Resource = (*fileFont)(nil)

func (f *fileFont) Name() string { return f.name }

// Content is the single font; the default bold font if the file has gone since (fyne has no way to take
// no font for an answer).
func (f *fileFont) Content() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if data := f.first; data != nil {
		f.first = nil
		return data
	}
	data, err := extractBoldCJK(f.path)
	if err != nil {
		slog.Error("bold CJK font", "file", f.path, "err", err)
		return theme.DefaultTextBoldFont().Content()
	}
	return data
}

// boldCJKNames are the file names of fonts with a bold CJK face, best first: Simplified Chinese forms
// before the collections that hold them, a real bold before a semibold.
var boldCJKNames = []string{
	"notosanscjksc-bold.otf", "notosanssc-bold.otf", "notosanssc-bold.ttf", "sourcehansanssc-bold.otf",
	"sourcehanssanscn-bold.otf", "sourcehansanscn-bold.otf",
	"notosanscjk-bold.ttc", "sourcehansans-bold.ttc", "sourcehanssans-bold.ttc",
	"msyhbd.ttc", "msyhbd.ttf", // Microsoft YaHei Bold
	"pingfang.ttc", "stheiti medium.ttc", "hiragino sans gb.ttc", // macOS: PingFang SC Semibold, Heiti SC Medium
}

// cjkBoldFiles finds the fonts of boldCJKNames in the system's and the user's font folders.
func cjkBoldFiles() []string {
	home, _ := os.UserHomeDir()
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		windir := os.Getenv("WINDIR")
		if windir == "" {
			windir = `C:\Windows`
		}
		dirs = []string{filepath.Join(windir, "Fonts"), filepath.Join(os.Getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts")}
	case "darwin":
		dirs = []string{"/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts")}
	default:
		dataHome := os.Getenv("XDG_DATA_HOME")
		if dataHome == "" {
			dataHome = filepath.Join(home, ".local", "share")
		}
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(dataHome, "fonts"), filepath.Join(home, ".fonts")}
	}
	return findFonts(dirs, boldCJKNames)
}

// findFonts walks dirs (three levels deep at most) for files named as one of names, case-insensitively,
// and returns them in the order of names.
func findFonts(dirs, names []string) []string {
	rank := map[string]int{}
	for i, n := range names {
		rank[n] = i
	}
	found := make([][]string, len(names))
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder: skip it
			}
			if d.IsDir() {
				if rel, _ := filepath.Rel(dir, path); strings.Count(rel, string(filepath.Separator)) >= 3 {
					return filepath.SkipDir
				}
				return nil
			}
			if i, ok := rank[strings.ToLower(d.Name())]; ok {
				found[i] = append(found[i], path)
			}
			return nil
		})
	}
	var out []string
	for _, f := range found {
		out = append(out, f...)
	}
	return out
}

// extractBoldCJK reads the bold (or semibold) upright CJK face of a font file, the Simplified Chinese one
// of a collection, and returns it as a single font: fyne parses a theme's font with font.ParseTTF, which
// does not read collections.
func extractBoldCJK(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lds, err := ot.NewLoaders(f)
	if err != nil {
		return nil, err
	}
	best, bestScore := -1, 0
	for i, ld := range lds {
		d, _ := font.Describe(ld, nil)
		score := faceScore(d)
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("no bold upright CJK face among its %d", len(lds))
	}
	ld := lds[best]
	var tabs []ot.Table
	for _, tag := range ld.Tables() {
		raw, err := ld.RawTable(tag)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", tag, err)
		}
		tabs = append(tabs, ot.Table{Tag: tag, Content: raw})
	}
	if err := matchLineMetrics(tabs, theme.DefaultTextBoldFont().Content()); err != nil {
		return nil, err
	}
	data := ot.WriteTTF(tabs)
	if err := checkCJK(data); err != nil {
		return nil, err
	}
	return data, nil
}

// matchLineMetrics sets the CJK face's line to the height of the Latin font's (fyne's bold) with the CJK
// font's own ascent, so a bold line is as tall as a regular one and sits on the baseline of a regular line
// with Chinese in it. Fyne draws a regular line as tall as Noto Sans' (1.36 em) with its baseline at the
// largest ascent of its runs, the CJK fallback's (1.16 em) when there is Chinese; the CJK font's own line
// (1.45 em) would make every row with a bold caption a pixel or two taller than before. The CJK glyphs
// (the em box, 0.88 em up and 0.12 em down) fit inside. It writes hhea and clears OS/2's
// USE_TYPO_METRICS, so hhea is what a shaper reads.
func matchLineMetrics(tabs []ot.Table, latin []byte) error {
	ld, err := ot.NewLoader(bytes.NewReader(latin))
	if err != nil {
		return err
	}
	lhead, _, err := font.LoadHeadTable(ld, nil)
	if err != nil {
		return err
	}
	lhhea, err := ld.RawTable(ot.MustNewTag("hhea"))
	if err != nil || len(lhhea) < 10 {
		return fmt.Errorf("the Latin font's hhea: %v", err)
	}
	var head, hhea, os2 []byte
	for _, t := range tabs {
		switch t.Tag {
		case ot.MustNewTag("head"):
			head = t.Content
		case ot.MustNewTag("hhea"):
			hhea = t.Content
		case ot.MustNewTag("OS/2"):
			os2 = t.Content
		}
	}
	if len(head) < 20 || len(hhea) < 10 {
		return fmt.Errorf("no head or hhea table")
	}
	i16 := func(b []byte, off int) float64 { return float64(int16(binary.BigEndian.Uint16(b[off:]))) }
	scale := float64(binary.BigEndian.Uint16(head[18:])) / float64(lhead.Upem())
	line := (i16(lhhea, 4) - i16(lhhea, 6) + i16(lhhea, 8)) * scale // ascent - descent + gap
	ascent := i16(hhea, 4)
	const useTypoMetrics = 1 << 7
	if len(os2) >= 74 && binary.BigEndian.Uint16(os2[62:])&useTypoMetrics != 0 {
		ascent = i16(os2, 68)
		binary.BigEndian.PutUint16(os2[62:], binary.BigEndian.Uint16(os2[62:])&^useTypoMetrics)
	}
	for off, v := range map[int]float64{4: ascent, 6: ascent - line, 8: 0} {
		binary.BigEndian.PutUint16(hhea[off:], uint16(int16(math.Round(v))))
	}
	return nil
}

// faceScore rates a face of a font file for bold Chinese text; 0 is unfit.
func faceScore(d font.Description) int {
	fam := strings.ToLower(d.Family)
	if d.Aspect.Weight < font.WeightSemibold || d.Aspect.Style != font.StyleNormal || strings.Contains(fam, "mono") {
		return 0
	}
	score := 1
	if d.Aspect.Weight >= font.WeightBold {
		score += 2
	}
	for _, sc := range []string{" sc", " cn", " gb", "yahei", "pingfang sc"} {
		if strings.Contains(fam, sc) {
			score += 4
			break
		}
	}
	return score
}

// checkCJK checks that a single font parses where fyne needs it to (cmap, head, maxp) and draws both Chinese
// and Latin.
func checkCJK(data []byte) error {
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if _, _, err := font.LoadHeadTable(ld, nil); err != nil {
		return err
	}
	raw, err := ld.RawTable(ot.MustNewTag("maxp"))
	if err != nil {
		return err
	}
	if _, _, err := tables.ParseMaxp(raw); err != nil {
		return err
	}
	raw, err = ld.RawTable(ot.MustNewTag("cmap"))
	if err != nil {
		return err
	}
	tb, _, err := tables.ParseCmap(raw)
	if err != nil {
		return err
	}
	cmap, _, err := font.ProcessCmap(tb, 0)
	if err != nil {
		return err
	}
	for _, r := range "中文粗体Ab" {
		if _, ok := cmap.Lookup(r); !ok {
			return fmt.Errorf("no glyph for %q", r)
		}
	}
	return nil
}
