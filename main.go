// Command bgfetch is BgFetch DevTools: with no verb it opens the window, with a verb it runs headless.
package main

import (
	"context"
	_ "embed"
	"os"
	"os/signal"
	"regexp"
	"syscall"

	"github.com/bgfetch/devtools/app/cli"
)

//go:embed FyneApp.toml
var fyneAppToml string

// buildVersion is set by the Makefile and the packages (-ldflags -X main.buildVersion=...) from
// packaging/version.sh, the one version rule: 0.1.0 on the commit tagged v0.1.0, 0.1.1~dev.3+g1a2b3c4
// (a pre-release of the next version) on any other.
var buildVersion string

// version is buildVersion, or for a build without it (go build, go run) FyneApp.toml's Version as a
// pre-release of unknown commit: never a bare release number.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	v := "0.0.0"
	if m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindStringSubmatch(fyneAppToml); m != nil {
		v = m[1]
	}
	return v + "~dev"
}

func main() {
	markRunning()
	args := os.Args[1:]
	if len(args) > 0 && (cli.IsVerb(args[0]) || args[0] == "--version" || args[0] == "-h" || args[0] == "--help") {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, args, cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: version()})
		stop()
		os.Exit(code)
	}
	os.Exit(openWindow(args))
}
