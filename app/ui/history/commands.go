package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	fstorage "fyne.io/fyne/v2/storage"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// Rerun sends the open attempt's request again; the new attempt opens when the list reloads.
func (h *Panel) Rerun() {
	if h.shown == nil {
		return
	}
	id := h.shown.ID
	shell.Background(h.env, nil, func(ctx context.Context) (*core.Attempt, error) { return h.env.Rerun(ctx, id) }, func(a *core.Attempt, err error) {
		if a == nil {
			h.env.ShowError(err)
			return
		}
		h.selected = a.ID
		h.env.Toast(h.env.F("已重新发送 #%d：%s", id, shell.AttemptSummary(h.env, a)))
	})
}

// CopyCurl puts the open attempt's request on the clipboard as a cURL command.
func (h *Panel) CopyCurl() {
	if h.shown == nil {
		return
	}
	// Masked, the command cannot run: the toast says so, and how to copy one that does.
	if h.env.ShowSecrets() {
		h.env.Clipboard().SetContent(core.CurlCommand(h.shown, true))
		h.env.Toast(h.env.T("已复制 cURL 命令（含 token，可直接运行）"))
		return
	}
	h.env.Clipboard().SetContent(core.CurlCommand(h.env.MaskAttempt(h.shown), false))
	h.env.Toast(h.env.T("已复制 cURL 命令：token 已隐藏为 ••••••，勾选「显示 token」后复制的命令才能运行"))
}

// DeleteSelected asks, then deletes the open attempt.
func (h *Panel) DeleteSelected() {
	if h.shown == nil {
		return
	}
	id := h.shown.ID
	h.env.ShowDialog(h.env.Confirm(h.env.T("删除记录"), h.env.F("删除记录 #%d？缓存数据不受影响。", id), func(ok bool) {
		if !ok {
			return
		}
		shell.Background(h.env, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, h.env.DeleteAttempt(ctx, id) }, func(_ struct{}, err error) {
			if err != nil && !errors.Is(err, core.ErrNotFound) {
				h.env.ShowError(err)
				return
			}
			h.shown, h.selected = nil, 0
			h.detail.Hide()
			h.placeholder.Show()
			h.env.RefreshActions()
		})
	}))
}

func (h *Panel) setRetention() {
	i := h.retention.SelectedIndex()
	if i < 0 || h.env.Retention() == retentionChoices[i] {
		return
	}
	n := retentionChoices[i]
	shell.Background(h.env, nil, func(ctx context.Context) (struct{}, error) { return struct{}{}, h.env.SetRetention(ctx, n) }, func(_ struct{}, err error) {
		h.env.ShowError(err)
		h.Reload()
	})
}

// ExportHAR asks where, then writes the attempts the filters select (all pages) as HAR 1.2.
func (h *Panel) ExportHAR() {
	f := h.filterValue()
	include := h.env.ShowSecrets()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			h.env.ShowError(err)
			return
		}
		f.Limit = 0 // all of them, streamed an attempt at a time
		var show func(core.Attempt) core.Attempt
		if !include {
			show = h.env.MaskedAttempt
		}
		path := w.URI().Path()
		prog, ctx := shell.StartProgress(h.env, h.env.T("正在导出 HAR…"))
		env := h.env
		shell.Background(h.env, nil, func(context.Context) (int, error) {
			n, err := env.ExportHAR(ctx, io.MultiWriter(w, prog), f, include, env.Version(), show)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				_ = fstorage.Delete(w.URI()) // no half-written HAR file left behind
			}
			return n, err
		}, func(n int, err error) {
			prog.Stop()
			switch {
			case err != nil && ctx.Err() != nil:
				h.env.Toast(h.env.T("已取消导出"))
			case err != nil:
				h.env.ShowError(fmt.Errorf("export %s: %w", path, err))
			default:
				h.env.Toast(h.env.F("已导出 %d 条记录到 %s", n, path))
			}
		})
	}, h.env.Window())
	h.env.ShowFileDialog(d, "bgfetch.har", ".har", ".json")
}

// ImportHAR asks for a HAR file and adds its requests to the history.
func (h *Panel) ImportHAR() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			h.env.ShowError(err)
			return
		}
		path := r.URI().Path()
		prog, ctx := shell.StartProgress(h.env, h.env.T("正在导入 HAR…"))
		env := h.env
		shell.Background(h.env, nil, func(context.Context) (int, error) {
			if st, err := os.Stat(path); err == nil {
				prog.SetTotal(st.Size())
			}
			n, err := env.ImportHAR(ctx, io.TeeReader(r, prog))
			_ = r.Close()
			return n, err
		}, func(n int, err error) {
			prog.Stop()
			switch {
			case err != nil && ctx.Err() != nil:
				h.env.Toast(h.env.T("已取消导入"))
				h.Reload()
			case err != nil:
				h.env.ShowError(err)
			default:
				h.env.Toast(h.env.F("已导入 %d 条记录", n))
				h.Reload()
			}
		})
	}, h.env.Window())
	h.env.ShowFileDialog(d, "", ".har", ".json")
}
