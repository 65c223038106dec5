package history

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// Open opens attempt id in the inspector (the window keeps it open across a language switch).
func (h *Panel) Open(id int64) { h.open(id, false) }

// open loads one attempt in full (and the comparison with the cached body before it) and shows it; again
// shows it again when it is open already.
func (h *Panel) open(id int64, again bool) {
	if h.shown != nil && h.shown.ID == id && h.detail.Visible() && !again {
		return
	}
	h.selected = id
	env := h.env
	type opened struct {
		a    core.Attempt
		prev *core.Attempt
	}
	// Another attempt opened meanwhile drops this one (its read is cancelled).
	shell.Background(h.env, &h.openJob, func(ctx context.Context) (opened, error) {
		a, err := env.Attempt(ctx, id)
		var prev *core.Attempt
		if err == nil && a.Cached {
			prev = previousCached(ctx, env, &a)
		}
		return opened{a, prev}, err
	}, func(o opened, err error) {
		if err != nil {
			h.env.ShowError(err)
			return
		}
		if id == h.selected {
			h.showDiff(h.show(&o.a), h.env.MaskAttempt(o.prev))
		}
	})
}

// previousCached finds the cached attempt of the same type just before a, with its body.
func previousCached(ctx context.Context, env Env, a *core.Attempt) *core.Attempt {
	yes := true
	list, err := env.History(ctx, core.HistoryFilter{AppID: a.AppID, FetchType: a.FetchType, Cached: &yes, BeforeID: a.ID, Limit: 1})
	if err != nil || len(list) == 0 {
		return nil
	}
	p, err := env.Attempt(ctx, list[0].ID)
	if err != nil {
		return nil
	}
	return &p
}

// show opens a in the inspector and returns it as shown (the token masked unless 显示 token is on).
func (h *Panel) show(a *core.Attempt) *core.Attempt {
	t := h.env.T
	h.shown = a
	shown := *h.env.MaskAttempt(a)
	h.placeholder.Hide()
	h.detail.Show()
	h.summary.SetText(fmt.Sprintf("#%d %s %s", shown.ID, shown.Method, shown.URL))
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line(t("时间"), shown.StartedAt.Local().Format("2006-01-02 15:04:05.000"))
	line(t("类型"), shown.FetchType+" · "+shown.Platform+" · appid "+shown.AppID)
	line(t("结果"), shell.AttemptSummary(h.env, &shown))
	if shown.Bytes > fetch.MaxBody {
		line(t("大小"), t("超过 256 KB（262144 字节）：平台不会缓存，也不会告诉小程序"))
	} else if shown.Status != 0 {
		line(t("大小"), h.env.F("%d 字节，256 KB 的 %.1f%%", shown.Bytes, float64(shown.Bytes)*100/fetch.MaxBody))
	}
	words := h.env.AttemptWords(&shown)
	line(t("未缓存原因"), words.Reason)
	line(t("错误"), words.Err)
	for _, w := range words.Warnings {
		line(t("警告"), w)
	}
	for i, r := range shown.Redirects {
		line(h.env.F("重定向 %d", i+1), r)
	}
	line(t("地址选择"), shown.Variant+" — "+words.Variant)
	if shown.FetchType != fetch.Periodic {
		line(t("启动参数"), fmt.Sprintf("path=%q query=%q scene=%d", shown.LaunchPath, shown.LaunchQuery, shown.LaunchScene))
	}
	line(t("请求体"), shown.RequestBody)
	line("dataType", shown.DataType)
	switch shown.Origin {
	case "rerun":
		line(t("来源"), h.env.F("重新发送 #%d", shown.RerunOf))
	case "har":
		line(t("来源"), t("从 HAR 导入"))
	case core.OriginCompile:
		line(t("来源"), t("编译时预拉取"))
	}
	if tm := shown.Timing; tm != nil {
		ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
		line(t("耗时"), fmt.Sprintf("DNS %s · %s %s · TLS %s · %s %s · %s %s", ms(tm.DNS), t("连接"), ms(tm.Connect),
			ms(tm.TLS), t("首字节"), ms(tm.FirstByte), t("读取内容"), ms(tm.Body)))
	}
	if s := shown.TLS; s != nil {
		verified := t("证书有效")
		if !s.Verified {
			verified = t("证书未通过验证：") + s.VerifyError
		}
		line("TLS", fmt.Sprintf("%s · %s · %s", s.Version, s.CipherSuite, verified))
		line(t("证书"), fmt.Sprintf("%s · %s %s · %s %s — %s", s.Subject, t("签发者"), s.Issuer, t("有效期"),
			s.NotBefore.Format("2006-01-02"), s.NotAfter.Format("2006-01-02")))
		line(t("证书域名"), strings.Join(s.DNSNames, ", "))
	}
	h.info.SetText(b.String())
	rows := make([][]string, 0, len(shown.Params))
	for _, p := range shown.Params {
		raw := url.QueryEscape(p.Value)
		if strings.Contains(p.Value, "••••••") {
			raw = p.Value // a masked secret: its escaped bullets would say nothing
		}
		rows = append(rows, []string{p.Name, raw, p.Value, sourceText(h.env, p.Source)})
	}
	h.params.SetRows(rows)
	h.reqH.SetRows(headerRows(shown.RequestHeaders))
	h.respH.SetRows(headerRows(shown.ResponseHeaders))
	h.body.SetBody(shown.Body)
	h.env.RefreshActions()
	return &shown
}

// showAgain follows 显示 token switched anywhere: the inspector's box, and the open attempt redrawn.
func (h *Panel) showAgain() {
	h.secrets.SetChecked(h.env.ShowSecrets()) // its OnChanged asks for the state the window has: a no-op
	if h.shown != nil {
		h.open(h.shown.ID, true)
	}
}

// showDiff compares a cached attempt's body with the cached one before it, both as shown (masked).
func (h *Panel) showDiff(a, prev *core.Attempt) {
	t := h.env.T
	switch {
	case !a.Cached:
		h.diffNote.SetText(t("这条记录没有缓存内容，无法比较"))
		h.diffTable.SetRows(nil)
		h.diffText.Clear()
		return
	case prev == nil:
		h.diffNote.SetText(t("这是该类型的第一条缓存记录，没有可比较的上一条"))
		h.diffTable.SetRows(nil)
		h.diffText.Clear()
		return
	}
	d := core.Diff(prev.Body, a.Body)
	switch {
	case d.Equal:
		h.diffNote.SetText(h.env.F("与 #%d 的缓存内容相同", prev.ID))
	case d.JSON:
		h.diffNote.SetText(h.env.F("与 #%d 相比：%d 处 JSON 变化", prev.ID, len(d.Changes)))
	default:
		h.diffNote.SetText(h.env.F("与 #%d 相比（按行）", prev.ID))
	}
	kinds := map[string]string{"added": t("新增"), "removed": t("移除"), "changed": t("修改")}
	rows := make([][]string, 0, len(d.Changes))
	for _, c := range d.Changes {
		rows = append(rows, []string{c.Path, kinds[c.Kind], c.Old, c.New})
	}
	h.diffTable.SetRows(rows)
	var buf bytes.Buffer
	for _, l := range d.Lines {
		buf.WriteByte(l.Kind)
		buf.WriteByte(' ')
		buf.WriteString(l.Text)
		buf.WriteByte('\n')
	}
	if buf.Len() == 0 {
		h.diffText.Clear()
	} else {
		h.diffText.SetBody(buf.Bytes())
	}
}

func sourceText(tr shell.Shell, s string) string {
	switch s {
	case fetch.FromAddress:
		return tr.T("配置的地址")
	case fetch.FromPlatform:
		return tr.T("平台添加")
	case fetch.FromUser:
		return tr.T("模拟用户")
	case fetch.FromLaunch:
		return tr.T("启动参数")
	case fetch.FromData:
		return "preload.json data"
	}
	return s
}

func headerRows(h map[string][]string) [][]string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rows := make([][]string, 0, len(keys))
	for _, k := range keys {
		rows = append(rows, []string{k, strings.Join(h[k], ", ")})
	}
	return rows
}
