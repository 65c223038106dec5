//go:build pprof

package main

import (
	"net/http"
	_ "net/http/pprof" // the profiles bench/window.sh reads, in a -tags pprof build only
	"os"
	"runtime/pprof"
	"time"
)

// A build with -tags pprof serves net/http/pprof on $BGFETCH_PPROF (e.g. 127.0.0.1:6060), for profiling the
// real window (bench/window.sh); the binary users install has no such listener. $BGFETCH_CPUPROFILE names a
// file for a CPU profile of the first 3 seconds (the start).
func init() {
	if addr := os.Getenv("BGFETCH_PPROF"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
	if path := os.Getenv("BGFETCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			time.AfterFunc(3*time.Second, func() { pprof.StopCPUProfile(); _ = f.Close() })
		}
	}
}
