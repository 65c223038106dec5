package widgets

import (
	"fmt"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// DefaultMask is what a TokenField shows in place of a hidden secret when its Mask is "".
const DefaultMask = "••••••"

// TokenField shows a secret (a token) on one row without giving it away: the text says the mask and the
// secret's length ("已设置 ••••••（12 个字符）"), and a check beside it (显示 token) shows the secret in
// clear while it is ticked. Where there is no secret to show, the row holds a note instead (未设置：…,
// 不发送 token) and the check is hidden. The text wraps and can be selected.
type TokenField struct {
	widget.BaseWidget
	// Mask stands for the secret while it is hidden; "" is DefaultMask.
	Mask string
	// Format words the value shown (the mask or the secret) and the secret's length in characters, in
	// the caller's language; nil is "•••••• (12 characters)".
	Format func(shown string, chars int) string
	// OnRevealed is called when the user ticks or clears the check (not when SetRevealed is called).
	OnRevealed func(on bool)

	label    *widget.Label
	check    *widget.Check
	secret   string
	noted    bool // a note shows instead of the secret
	revealed bool
}

var _ fyne.Widget = (*TokenField)(nil)

// NewTokenField returns an empty field whose check says checkLabel (显示 token, Show token).
func NewTokenField(checkLabel string) *TokenField {
	f := &TokenField{noted: true}
	f.label = widget.NewLabel("")
	f.label.Wrapping = fyne.TextWrapWord
	f.label.Selectable = true
	f.check = widget.NewCheck(checkLabel, f.onCheck)
	f.check.Hide()
	f.ExtendBaseWidget(f)
	return f
}

func (f *TokenField) onCheck(on bool) {
	if on == f.revealed {
		return
	}
	f.revealed = on
	f.show()
	if f.OnRevealed != nil {
		f.OnRevealed(on)
	}
}

// SetSecret shows the secret, masked unless revealed, with the check beside it.
func (f *TokenField) SetSecret(secret string) {
	f.secret, f.noted = secret, false
	f.label.Importance = widget.MediumImportance
	f.check.Show()
	f.show()
}

// SetNote shows text (with its importance) in place of a secret, and hides the check. The field forgets
// any secret it held.
func (f *TokenField) SetNote(text string, importance widget.Importance) {
	f.secret, f.noted = "", true
	f.check.Hide()
	f.label.Importance = importance
	f.label.Text = text
	f.label.Refresh()
}

// SetRevealed shows the secret in clear (on) or masked, and ticks the check to match, without calling
// OnRevealed.
func (f *TokenField) SetRevealed(on bool) {
	f.revealed = on
	f.check.SetChecked(on)
	f.show()
}

// Revealed reports whether the secret shows in clear.
func (f *TokenField) Revealed() bool { return f.revealed }

// Text is what the field says: the worded secret (masked unless revealed) or the note.
func (f *TokenField) Text() string { return f.label.Text }

// show words the secret into the label; a note stays as it is.
func (f *TokenField) show() {
	if f.noted {
		return
	}
	shown := f.Mask
	if shown == "" {
		shown = DefaultMask
	}
	if f.revealed {
		shown = f.secret
	}
	n := utf8.RuneCountInString(f.secret)
	format := f.Format
	if format == nil {
		format = defaultTokenFormat
	}
	f.label.Text = format(shown, n)
	f.label.Refresh()
}

func defaultTokenFormat(shown string, chars int) string {
	if chars == 1 {
		return fmt.Sprintf("%s (1 character)", shown)
	}
	return fmt.Sprintf("%s (%d characters)", shown, chars)
}

// CreateRenderer is part of fyne.Widget: the text, with the check at its right.
func (f *TokenField) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, f.check, f.label))
}
