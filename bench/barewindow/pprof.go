//go:build pprof

package main

import "github.com/bgfetch/devtools/bench/profile"

// A build with -tags pprof serves its profiles for bench/window.sh (bench/profile); the binary users install
// has no such listener.
func init() { profile.Start() }
