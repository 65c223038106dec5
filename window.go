//go:build !headless

package main

import (
	"fmt"
	"os"
	"runtime"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/bgfetch/devtools/app"
	"github.com/bgfetch/devtools/app/cli"
)

// openWindow opens the desktop window (no verb given) and returns the exit status when it closes.
func openWindow(args []string) int {
	opts, err := app.ParseFlags(args, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bgfetch:", err)
		return cli.ExitUsage
	}
	if why := noDisplay(runtime.GOOS, os.Getenv); why != "" {
		fmt.Fprintln(os.Stderr, "bgfetch:", why)
		return cli.ExitUsage
	}
	opts.Version = version()
	a := fyneapp.NewWithID("dev.bgfetch.devtools")
	a.Settings().SetTheme(app.Theme()) // bold Chinese in a real bold face, when the system has one
	ui, err := app.New(a, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bgfetch:", err)
		return cli.ExitFailed
	}
	ui.Window().ShowAndRun()
	return cli.ExitOK
}
