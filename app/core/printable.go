package core

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s safe to print on a terminal, on one line: control characters (C0 with line
// breaks and tabs, DEL, C1), the Unicode line and paragraph separators, the bidirectional overrides
// and bytes that are not UTF-8 are written as Go escapes (\n, \x1b, \u202e, \xff). A report field, a
// body, a URL or a header from outside goes through it before the CLI prints it, so that an ESC or
// OSC sequence does not reach the terminal and a line break cannot forge a line of the tool's output.
// Everything else, backslashes included, is left as it is.
func Printable(s string) string {
	i := strings.IndexFunc(s, unsafeRune)
	if i < 0 && utf8.ValidString(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&sb, `\x%02x`, s[0])
		case r == '\n':
			sb.WriteString(`\n`)
		case r == '\r':
			sb.WriteString(`\r`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&sb, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.WriteString(s[:size])
		}
		s = s[size:]
	}
	return sb.String()
}

func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
		return true // bidirectional controls: they reorder what follows on the line
	}
	return false
}
