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

// gitVersion is set by the Makefile from `git describe`.
var gitVersion string

func version() string {
	v := "dev"
	if m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindStringSubmatch(fyneAppToml); m != nil {
		v = m[1]
	}
	if gitVersion != "" && gitVersion != "v"+v {
		v += " (" + gitVersion + ")"
	}
	return v
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 && (cli.IsVerb(args[0]) || args[0] == "--version" || args[0] == "-h" || args[0] == "--help") {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, args, cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: version()})
		stop()
		os.Exit(code)
	}
	os.Exit(openWindow(args))
}
