package app

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bgfetch/devtools/app/ui/shell"
)

// Work that streams for over a second shows its progress against the file's size, and 取消 cancels it.
func TestProgressShowsAfterASecondAndCancels(t *testing.T) {
	f := newFixture(t)
	u := f.ui
	prog, ctx := shell.StartProgress(u.shell(), "正在导入 HAR…")
	prog.SetTotal(4 << 20)
	if _, err := io.Copy(prog, bytes.NewReader(make([]byte, 1<<20))); err != nil {
		t.Fatal(err)
	}
	f.p.until(t, "the progress dialog", func() bool { return strings.Contains(f.overlayText(), "已处理 1.0 MB / 4.0 MB") })
	if !strings.Contains(f.overlayText(), "正在导入 HAR…") {
		t.Errorf("dialog %q lacks its title", f.overlayText())
	}
	f.answer(t, "已处理", "取消")
	if ctx.Err() == nil {
		t.Error("取消 did not cancel the work")
	}
	prog.Stop()
	f.p.until(t, "the dialog gone", func() bool { return u.win.Canvas().Overlays().Top() == nil })
}

// Work that ends within a second shows no dialog.
func TestQuickWorkShowsNoProgress(t *testing.T) {
	f := newFixture(t)
	prog, _ := shell.StartProgress(f.ui.shell(), "正在导出 HAR…")
	prog.Stop()
	time.Sleep(1500 * time.Millisecond) // past the second after which it would show
	f.p.drain()
	if top := f.overlayText(); top != "" {
		t.Errorf("quick work showed a dialog: %q", top)
	}
}
