package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkReloadLatency measures the time from writing bgfetch.config.json to fn being called
// with the new project, and reports its median and 95th percentile. The 100 ms debounce is
// part of it by design.
func BenchmarkReloadLatency(b *testing.B) {
	dir := newProject(b, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("init")})
	path := filepath.Join(dir, ConfigFile)
	w, err := NewWatcher(dir)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan string, 16)
	done := make(chan error, 1)
	go func() {
		done <- w.Run(ctx, func(p *Project, err error) {
			if err != nil || p.Token == nil {
				return
			}
			select {
			case got <- *p.Token:
			case <-ctx.Done():
			}
		})
	}()
	defer func() {
		cancel()
		<-done
	}()

	var durations []time.Duration
	i := 0
	for b.Loop() {
		i++
		tok := fmt.Sprintf("t%d", i)
		start := time.Now()
		if err := os.WriteFile(path, []byte(tokenConfig(tok)), 0o644); err != nil {
			b.Fatal(err)
		}
		timeout := time.After(5 * time.Second)
	wait:
		for {
			select {
			case t := <-got:
				if t == tok {
					break wait
				}
			case <-timeout:
				b.Fatalf("no reload with token %s within 5s", tok)
			}
		}
		durations = append(durations, time.Since(start))
	}
	slices.Sort(durations)
	pct := func(p float64) float64 {
		k := int(float64(len(durations))*p+0.999999) - 1
		return float64(durations[max(k, 0)]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
}
