package widgets

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const testSecret = "s3cr3t-令牌-0123456789"

// TestTokenFieldNeverShowsTheSecretUnlessRevealed: masked with its length in characters; revealed only
// by the check (which tells OnRevealed) or SetRevealed (which does not); a note hides the check and
// forgets the secret.
func TestTokenFieldNeverShowsTheSecretUnlessRevealed(t *testing.T) {
	test.NewTempApp(t)
	f := NewTokenField("显示 token")
	var told []bool
	f.OnRevealed = func(on bool) { told = append(told, on) }
	w := test.NewTempWindow(t, f)
	w.Resize(fyne.NewSize(500, 60))
	check := find[*widget.Check](t, f, nil)
	if check.Visible() || f.Text() != "" {
		t.Errorf("a new field: check shown %v, text %q", check.Visible(), f.Text())
	}
	drawn := func() string { return strings.Join(texts(w.Canvas().Content()), "|") }

	f.SetSecret(testSecret)
	if want := DefaultMask + " (20 characters)"; f.Text() != want || strings.Contains(drawn(), "s3cr3t") || !check.Visible() || check.Checked {
		t.Errorf("masked: text %q (want %q), drawn %q, check shown %v ticked %v", f.Text(), want, drawn(), check.Visible(), check.Checked)
	}
	test.Tap(check)
	if !f.Revealed() || !strings.Contains(drawn(), testSecret) || fmt.Sprint(told) != "[true]" {
		t.Errorf("after a tick: revealed %v, drawn %q, told %v", f.Revealed(), drawn(), told)
	}
	test.Tap(check)
	if f.Revealed() || strings.Contains(drawn(), "s3cr3t") || fmt.Sprint(told) != "[true false]" {
		t.Errorf("after a second tap: revealed %v, drawn %q, told %v", f.Revealed(), drawn(), told)
	}
	f.SetRevealed(true)
	if !check.Checked || !strings.Contains(f.Text(), testSecret) || len(told) != 2 {
		t.Errorf("SetRevealed(true): ticked %v, text %q, told %v", check.Checked, f.Text(), told)
	}
	f.SetNote("未设置", widget.WarningImportance)
	if check.Visible() || f.Text() != "未设置" || strings.Contains(drawn(), "s3cr3t") {
		t.Errorf("note: check shown %v, text %q, drawn %q", check.Visible(), f.Text(), drawn())
	}
	f.SetRevealed(false)
	f.Mask = "***"
	f.Format = func(shown string, n int) string { return fmt.Sprintf("已设置 %s（%d 个字符）", shown, n) }
	f.SetSecret("x")
	if f.Text() != "已设置 ***（1 个字符）" {
		t.Errorf("custom mask and format: %q", f.Text())
	}
}

var tokenWords = map[string]struct {
	check  string
	format func(string, int) string
}{
	"en": {"Show token", nil},
	"zh": {"显示 token", func(shown string, n int) string { return fmt.Sprintf("已设置 %s（%d 个字符）", shown, n) }},
}

// TestTokenFieldGolden draws the Token row masked and revealed.
func TestTokenFieldGolden(t *testing.T) {
	for _, revealed := range []bool{false, true} {
		name := "tokenfield-masked"
		if revealed {
			name = "tokenfield-revealed"
		}
		t.Run(name, func(t *testing.T) {
			assertGoldens(t, name, func(t *testing.T, lang string, _ *uiQueue) (fyne.CanvasObject, fyne.Size) {
				f := NewTokenField(tokenWords[lang].check)
				f.Format = tokenWords[lang].format
				f.SetSecret(testSecret)
				f.SetRevealed(revealed)
				return f, fyne.NewSize(480, f.MinSize().Height+8)
			})
		})
	}
}
