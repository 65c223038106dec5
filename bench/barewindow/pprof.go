//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // the profiles bench/window.sh reads, in a -tags pprof build only
	"os"
)

// A build with -tags pprof serves net/http/pprof on $BGFETCH_PPROF (e.g. 127.0.0.1:6060), for profiling the
// real window (bench/window.sh); the binary users install has no such listener.
func init() {
	if addr := os.Getenv("BGFETCH_PPROF"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
