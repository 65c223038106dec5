//go:build headless

package main

import (
	"fmt"
	"os"

	"github.com/bgfetch/devtools/app/cli"
)

// openWindow: a build with -tags headless has the verbs only, without Fyne, for scripts and CI where
// every millisecond of process start counts (Fyne's package initialisation alone takes about 25 ms).
func openWindow([]string) int {
	fmt.Fprintln(os.Stderr, "bgfetch: this build has no window (built with -tags headless); run bgfetch help for the verbs")
	return cli.ExitUsage
}
