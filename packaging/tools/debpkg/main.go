// Command debpkg writes a .deb from an nfpm config file: the one thing `make package` needs from
// nfpm's command line (nfpm package -p deb -f CONFIG -t TARGET).
//
// It links nfpm's library with its deb packager only. nfpm's own command (cmd/nfpm) also links the
// rpm and msix packagers, whose modules (go.digitalxero.dev/rpm, go.digitalxero.dev/go-msix) the Go
// module proxy refuses to serve, so `go get -tool .../cmd/nfpm` cannot be built here. This module is
// kept apart from the application's go.mod so that nfpm's dependency tree never mixes with the app's.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the "deb" packager
)

func main() {
	config := flag.String("f", "nfpm.yaml", "the nfpm config file (${VAR} expands from the environment)")
	target := flag.String("t", "", "the .deb file to write")
	flag.Parse()
	if *target == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: debpkg -f nfpm.yaml -t out.deb")
		os.Exit(2)
	}
	if err := run(*config, *target); err != nil {
		fmt.Fprintln(os.Stderr, "debpkg:", err)
		os.Exit(1)
	}
}

func run(configPath, target string) error {
	config, err := nfpm.ParseFile(configPath)
	if err != nil {
		return fmt.Errorf("%s: %w", configPath, err)
	}
	info, err := config.Get("deb")
	if err != nil {
		return err
	}
	info = nfpm.WithDefaults(info)
	pkg, err := nfpm.Get("deb")
	if err != nil {
		return err
	}
	tmp := target + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	info.Target = target
	if err := pkg.Package(info, f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, target)
}
