// Package units writes sizes and counts as the window and the command line show them. It imports no GUI
// package, so the headless build and the command line share it with the window.
package units

import (
	"fmt"
	"strconv"
	"strings"
)

// Bytes says a size the way developers read it: 512 B, 12.3 KB, 1.5 MB.
func Bytes(n int64) string {
	switch {
	case float64(n) >= (1<<20)-51: // what would print as 1024.0 KB is 1.0 MB
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%d B", n)
}

// Digits writes n with thousands separators: 1,234,567.
func Digits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
