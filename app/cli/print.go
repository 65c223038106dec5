package cli

import (
	"fmt"
	"io"

	"github.com/bgfetch/devtools/app/core"
)

// The human-readable output prints what came from outside (report fields, URLs, headers, bodies, file
// names, error texts quoting them) through these: each string argument (a string, an error, a
// fmt.Stringer) formatted with %s or %v is made core.Printable, so an ESC or OSC sequence never reaches
// the terminal and a line break in a field cannot forge a line of output. %q is left alone (Go quoting
// escapes already); --json output is escaped by encoding/json. Format strings are the tool's own.

// escape is core.Printable: one field on one line.
func escape(s string) string { return core.Printable(s) }

// fprintf is fmt.Fprintf with the arguments made printable (in place: a is the call's own slice).
func fprintf(w io.Writer, format string, a ...any) {
	printableArgs(format, a)
	fmt.Fprintf(w, format, a...)
}

func fprintln(w io.Writer, a ...any) {
	for i := range a {
		a[i] = printableArg(a[i])
	}
	fmt.Fprintln(w, a...)
}

func sprintf(format string, a ...any) string {
	printableArgs(format, a)
	return fmt.Sprintf(format, a...)
}

// printableArgs escapes, in place, the arguments format prints with a verb other than %q.
func printableArgs(format string, a []any) {
	n := 0
	for i := 0; i < len(format) && n < len(a); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0' ||
			format[i] == '.' || format[i] == '*' || (format[i] >= '1' && format[i] <= '9')) {
			if format[i] == '*' {
				n++ // a width or precision argument
			}
			i++
		}
		if i >= len(format) || format[i] == '%' {
			continue
		}
		if n < len(a) && format[i] != 'q' {
			a[n] = printableArg(a[n])
		}
		n++
	}
}

func printableArg(v any) any {
	switch v := v.(type) {
	case string:
		return escape(v)
	case error:
		return escape(v.Error())
	case fmt.Stringer:
		return escape(v.String())
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = escape(s)
		}
		return out
	}
	return v
}
