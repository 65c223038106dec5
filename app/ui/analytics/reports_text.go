package analytics

import (
	"strconv"
	"strings"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// How the report log and 同步结果 say a report: its trigger, its status and problems, a field's type, and
// the numbers.

// reportTrigger names the trigger that fired a report in the window's language: 点击元素 (click), or 代码上报
// for a report the mini program's code sent (reportEvent, reportAnalytics), and for one logged without a
// trigger before triggers were recorded.
func reportTrigger(s shell.Shell, trigger string) string {
	if trigger == "" || trigger == core.TriggerCode {
		return s.T("代码上报")
	}
	return triggerLabel(s, trigger)
}

// reportStatus is ✓, or ⚠ and what is wrong, in the window's language.
func reportStatus(s shell.Shell, r *core.Report) string {
	if !r.Flagged() {
		return "✓"
	}
	ps := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		ps[i] = problemText(s, p, false)
	}
	return "⚠ " + strings.Join(ps, s.T("；"))
}

// problemText says a problem in the window's language; long adds the event's fields to an unknown one.
func problemText(s shell.Shell, p core.Problem, long bool) string {
	switch p.Kind {
	case core.ProblemUnconfigured:
		return s.T("事件未配置")
	case core.ProblemNotObject:
		return s.F("data 不是对象，实际为%s", gotText(s, p))
	case core.ProblemUnknownField:
		if long {
			if p.Want == "" {
				return s.F("未知字段 %s（该事件没有字段）", p.Field)
			}
			return s.F("未知字段 %s（该事件的字段：%s）", p.Field, p.Want)
		}
		return s.F("未知字段 %s", p.Field)
	case core.ProblemMissingField:
		return s.F("缺少字段 %s", p.Field)
	case core.ProblemWrongType:
		return s.F("字段 %s 应为%s，实际为%s", p.Field, typeText(s, p.Want), gotText(s, p))
	}
	return p.String()
}

// typeText names a field type.
func typeText(s shell.Shell, typ string) string {
	switch typ {
	case "number":
		return s.T("数字")
	case "string":
		return s.T("字符串")
	case "":
		return s.T("未配置")
	}
	return typ
}

// gotText says what was sent, from the problem's data (its JSON type and value); a report logged before the
// type was kept as data has only the engine's English, shown as it is.
func gotText(s shell.Shell, p core.Problem) string {
	kind := map[string]string{"string": s.T("字符串"), "number": s.T("数字"), "boolean": s.T("布尔值"),
		"array": s.T("数组"), "object": s.T("对象"), "null": "null"}[p.GotKind]
	switch {
	case kind == "":
		return p.Got
	case p.GotKind == "string" && p.Kind == core.ProblemWrongType: // the string sent, even ""
		return kind + " " + strconv.Quote(p.GotValue)
	case p.GotValue != "":
		return kind + " " + p.GotValue
	}
	return kind
}

func shorten(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
