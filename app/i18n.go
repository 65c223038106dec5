package app

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
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

// F translates a key holding fmt verbs and formats it.
func (t *translator) F(key string, a ...any) string {
	return fmt.Sprintf(t.T(key), a...)
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
