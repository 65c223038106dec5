package app

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"runtime"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/bgfetch/devtools/assets"
)

// Language choices kept in preferences.
const (
	LangSystem  = ""   // Chinese unless the system locale is English
	LangChinese = "zh" // the DevTools wording
	LangEnglish = "en"
)

// translator turns the Chinese keys into the chosen language. The system choice goes through fyne's lang
// (which follows the OS locale); an explicit choice bypasses it, so it works on every OS without a restart.
type translator struct {
	choice string
	system string // the OS locale's language if it is one we translate to, else Chinese
	en     map[string]string
}

func newTranslator(choice string) *translator {
	t := &translator{choice: choice, en: map[string]string{}}
	data, err := assets.Translations.ReadFile("translations/en.json")
	if err == nil {
		err = json.Unmarshal(data, &t.en)
	}
	if err != nil {
		slog.Error("load the English translation", "err", err)
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		slog.Error("register translations", "err", err)
	}
	t.system = LangChinese
	if systemSaysEnglish() {
		t.system = LangEnglish
	}
	return t
}

// T translates a key.
func (t *translator) T(key string) string {
	switch t.choice {
	case LangChinese:
		return key
	case LangEnglish:
		if v, ok := t.en[key]; ok {
			return v
		}
		return key
	}
	if t.system == LangEnglish {
		return lang.L(key) // the OS locale through fyne's lang, which has our en.json
	}
	return key
}

// F translates a key holding fmt verbs and formats it. In English, a count of one takes the singular
// ("1 field", not "1 fields"); Chinese has no plural.
func (t *translator) F(key string, a ...any) string {
	format := t.T(key)
	s := fmt.Sprintf(format, a...)
	if format != key && t.english() { // an English translation: its counts
		s = singular(s)
	}
	return s
}

// english reports whether the window speaks English now.
func (t *translator) english() bool {
	return t.choice == LangEnglish || t.choice == LangSystem && t.system == LangEnglish
}

// oneOf matches a count of exactly one before a plural noun of the window's sentences.
var oneOf = regexp.MustCompile(`(^|[^\d.,])1 (fields|actions|events|reports|attempts|requests|cached bodies|header values|rows|matches|users|cases|days|hours|minutes|seconds|problems|items)\b`)

var singulars = map[string]string{"cached bodies": "cached body", "matches": "match"}

// singular puts "1 fields" as "1 field".
func singular(s string) string {
	return oneOf.ReplaceAllStringFunc(s, func(m string) string {
		sub := oneOf.FindStringSubmatch(m)
		noun, ok := singulars[sub[2]]
		if !ok {
			noun = strings.TrimSuffix(sub[2], "s")
		}
		return sub[1] + "1 " + noun
	})
}

// systemSaysEnglish reports whether the OS locale is English. On Linux with no locale variable at all (the
// C or C.UTF-8 locale) fyne's lookup says English by default; that is no choice of the user's, so Chinese, the
// primary language, stays.
func systemSaysEnglish() bool {
	if runtime.GOOS == "linux" {
		set := false
		for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
			if v := os.Getenv(k); v != "" && v != "C" && v != "POSIX" && !strings.HasPrefix(v, "C.") {
				set = true
			}
		}
		if !set {
			return false
		}
	}
	return strings.HasPrefix(lang.SystemLocale().LanguageString(), "en")
}
