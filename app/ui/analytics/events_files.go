package analytics

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/bgfetch/devtools/app/project"
	"github.com/bgfetch/devtools/app/ui/shell"
)

// The events editor's files: 放弃修改, 删除…, 导入…, 导出… and 保存到项目.

// Discard drops the draft's changes.
func (v *EventsView) Discard() {
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

// Delete deletes the event in the editor after asking (a new one is only dropped).
func (v *EventsView) Delete() {
	if !v.editing {
		return
	}
	if v.isNew() {
		v.dirty = true
		v.Discard()
		return
	}
	id, name, row := v.oldID, v.draft.Name, v.draftRow()
	t := v.env.T
	d := v.env.Confirm(t("删除事件"), v.env.F("删除事件 %s（%s）？它的上报记录会保留。", id, name), func(ok bool) {
		if ok {
			v.deleteEvent(id, row)
		}
	})
	d.SetConfirmText(t("删除"))
	d.SetConfirmImportance(widget.DangerImportance)
	v.env.ShowDialog(d)
}

func (v *EventsView) deleteEvent(id string, row int) {
	v.nextRow = max(row, 0) // the reload after the delete opens the event that takes its place
	env := v.env
	shell.BackgroundErr(env, func(ctx context.Context) error { return env.DeleteAnalyticsEvent(ctx, id) }, func() {
		if v.oldID == id {
			v.editing, v.dirty, v.oldID = false, false, ""
			v.clearError()
		}
		v.env.Toast(v.env.F("已删除事件 %s", id))
		v.reload()
	})
}

// Import asks for a bgfetch.analytics.json file and makes its events the app's (asking first when they
// would replace some).
func (v *EventsView) Import() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			v.env.ShowError(err)
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		if len(v.events) == 0 {
			v.importFrom(path)
			return
		}
		v.env.ShowDialog(v.env.Confirm(v.env.T("导入事件"), v.env.F("用 %s 中的事件替换当前的 %d 个事件？", filepath.Base(path), len(v.events)), func(ok bool) {
			if ok {
				v.importFrom(path)
			}
		}))
	}, v.env.Window())
	if dir, err := storage.ListerForURI(storage.NewFileURI(v.env.ProjectDir())); err == nil {
		d.SetLocation(dir)
	}
	v.env.ShowFileDialog(d, "", ".json")
}

// importFrom makes the events of a bgfetch.analytics.json file the app's.
func (v *EventsView) importFrom(path string) {
	env := v.env
	shell.Background(env, nil, func(ctx context.Context) (int, error) { return env.ImportAnalytics(ctx, path) }, func(n int, err error) {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		v.env.Toast(v.env.F("已从 %s 导入 %d 个事件", path, n))
		v.reload()
	})
}

// Export asks where, then writes the events there in bgfetch.analytics.json's format.
func (v *EventsView) Export() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			v.env.ShowError(err)
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		v.exportTo(path)
	}, v.env.Window())
	v.env.ShowFileDialog(d, project.AnalyticsFile, ".json")
}

// exportTo writes the app's events to path in bgfetch.analytics.json's format.
func (v *EventsView) exportTo(path string) {
	env := v.env
	shell.BackgroundErr(env, func(ctx context.Context) error { return env.ExportAnalytics(ctx, path) }, func() {
		v.env.Toast(v.env.F("已导出事件到 %s", path))
	})
}

// SaveToProject writes the events to the project's bgfetch.analytics.json, which is their source from then on.
func (v *EventsView) SaveToProject() {
	v.exportTo(filepath.Join(v.env.ProjectDir(), project.AnalyticsFile))
}
