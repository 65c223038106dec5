package main

import (
	"fmt"
	"strings"

	"github.com/bgfetch/devtools/app/cli"
)

// noDisplay says why the window cannot open, or returns "" when it may. On Linux and the BSDs Fyne's
// GLFW driver needs an X11 or Wayland display and panics without one, so main checks first: before
// Fyne or GLFW initialises.
func noDisplay(goos string, getenv func(string) string) string {
	switch goos {
	case "windows", "darwin", "ios", "android", "js", "wasip1":
		return ""
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return fmt.Sprintf("no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open; "+
		"these verbs run without one: %s (bgfetch help explains them)", strings.Join(cli.Verbs(), ", "))
}
