package app

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/project"
)

// The events editor's files: 放弃修改, 删除…, 导入…, 导出… and 保存到项目.

// discard drops the draft's changes.
func (v *eventsView) discard() {
	if !v.dirty {
		return
	}
	v.clearError()
	if i := v.index(v.oldID); i >= 0 && !v.isNew() {
		v.open(v.events[i])
	} else {
		v.editing, v.dirty, v.oldID = false, false, ""
		if len(v.events) > 0 {
			v.open(v.events[0])
		} else {
			v.setForm(nil)
		}
	}
	v.list.Refresh()
	v.selectRow(v.draftRow())
	v.updateChrome()
}

// onDelete deletes the event in the editor after asking (a new one is only dropped).
func (v *eventsView) onDelete() {
	if !v.editing {
		return
	}
	if v.isNew() {
		v.dirty = true
		v.discard()
		return
	}
	id, name, row := v.oldID, v.draft.Name, v.draftRow()
	t := v.u.tr.T
	d := v.u.newConfirm(t("删除事件"), v.u.tr.F("删除事件 %s（%s）？它的上报记录会保留。", id, name), func(ok bool) {
		if ok {
			v.deleteEvent(id, row)
		}
	})
	d.SetConfirmText(t("删除"))
	d.SetConfirmImportance(widget.DangerImportance)
	v.u.showDialog(d)
}

func (v *eventsView) deleteEvent(id string, row int) {
	v.nextRow = max(row, 0) // the reload after the delete opens the event that takes its place
	eng := v.u.eng
	backgroundErr(v.u, func(ctx context.Context) error { return eng.DeleteAnalyticsEvent(ctx, id) }, func() {
		if v.oldID == id {
			v.editing, v.dirty, v.oldID = false, false, ""
			v.clearError()
		}
		v.u.toast(v.u.tr.F("已删除事件 %s", id))
		v.reload()
	})
}

func (v *eventsView) onImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			v.u.showError(err)
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		if len(v.events) == 0 {
			v.importFrom(path)
			return
		}
		v.u.showDialog(v.u.newConfirm(v.u.tr.T("导入事件"), v.u.tr.F("用 %s 中的事件替换当前的 %d 个事件？", filepath.Base(path), len(v.events)), func(ok bool) {
			if ok {
				v.importFrom(path)
			}
		}))
	}, v.u.win)
	if dir, err := listable(v.u.eng.ProjectDir()); err == nil {
		d.SetLocation(dir)
	}
	v.u.showFileDialog(d, "", ".json")
}

// importFrom makes the events of a bgfetch.analytics.json file the app's.
func (v *eventsView) importFrom(path string) {
	eng := v.u.eng
	background(v.u, nil, func(ctx context.Context) (int, error) { return eng.ImportAnalytics(ctx, path) }, func(n int, err error) {
		if err != nil {
			v.u.showError(err)
			return
		}
		v.u.toast(v.u.tr.F("已从 %s 导入 %d 个事件", path, n))
		v.reload()
	})
}

func (v *eventsView) onExport() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			v.u.showError(err)
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		v.exportTo(path)
	}, v.u.win)
	v.u.showFileDialog(d, project.AnalyticsFile, ".json")
}

// exportTo writes the app's events to path in bgfetch.analytics.json's format.
func (v *eventsView) exportTo(path string) {
	eng := v.u.eng
	backgroundErr(v.u, func(ctx context.Context) error { return eng.ExportAnalytics(ctx, path) }, func() {
		v.u.toast(v.u.tr.F("已导出事件到 %s", path))
	})
}

// saveToProject writes the events to the project's bgfetch.analytics.json, which is their source from then on.
func (v *eventsView) saveToProject() {
	v.exportTo(filepath.Join(v.u.eng.ProjectDir(), project.AnalyticsFile))
}
