// Package profile serves the window's profiles for bench/window.sh, in -tags pprof builds only (the real
// window's and the bare window's): net/http/pprof on $BGFETCH_PPROF (e.g. 127.0.0.1:6060), and a CPU profile
// of the first 3 seconds (the start) into the file $BGFETCH_CPUPROFILE names.
package profile

import (
	"net/http"
	_ "net/http/pprof" // the profiles bench/window.sh reads
	"os"
	"runtime/pprof"
	"time"
)

// Start serves what the environment asks for; it does nothing when it asks for nothing.
func Start() {
	if addr := os.Getenv("BGFETCH_PPROF"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
	if path := os.Getenv("BGFETCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			time.AfterFunc(3*time.Second, func() { pprof.StopCPUProfile(); _ = f.Close() })
		}
	}
}
