package shell

import (
	"fmt"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/widgets"
)

// AttemptSummary is one line: time, request, status, size, duration, verdict; the URL's token masked.
func AttemptSummary(s Shell, a *core.Attempt) string {
	mark, status, verdict := AttemptVerdict(s, a)
	if a.Origin == core.OriginCompile {
		mark += " " + s.T("编译时预拉取") + " ·"
	}
	return fmt.Sprintf("%s %s · %s %s · %s · %s · %d ms · %s", mark, a.StartedAt.Local().Format("15:04:05"),
		a.Method, shortURL(s.MaskText(a.URL, core.AttemptSecrets(*a)...)), status, widgets.FormatBytes(a.Bytes), a.DurationMs, verdict)
}

func shortURL(s string) string {
	if r := []rune(s); len(r) > 90 {
		return string(r[:87]) + "…"
	}
	return s
}

// GaugeText is a body viewer's size gauge: the body's size against the 256 KB the platforms cache.
func GaugeText(s Shell, n, limit int64) string {
	pct := float64(n) * 100 / float64(limit)
	if n > limit {
		return s.F("%s，超过 256 KB：平台不会缓存", widgets.FormatBytes(n))
	}
	return fmt.Sprintf("%s / 256 KB (%.0f%%)", widgets.FormatBytes(n), pct)
}
