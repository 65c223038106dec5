package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// The progress line says how far a transfer has gone, against the file's size when known.
func TestProgressLine(t *testing.T) {
	p := &progress{label: "importing big.har", total: 283 << 20}
	if _, err := io.Copy(p, bytes.NewReader(make([]byte, 120<<20))); err != nil {
		t.Fatal(err)
	}
	if got, want := p.line(), "importing big.har: 42% (120.0 MB of 283.0 MB)"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	p = &progress{label: "exporting x.har"}
	_, _ = p.Write(make([]byte, 2048))
	if got := p.line(); !strings.HasPrefix(got, "exporting x.har: 2") || strings.Contains(got, "%") {
		t.Errorf("line without a total %q", got)
	}
}

// Anywhere but a terminal (a pipe, a file, CI's log) there is no progress line.
func TestNoProgressOffATerminal(t *testing.T) {
	var stderr bytes.Buffer
	c := &command{env: Env{Stderr: &stderr}}
	p := c.startProgress("importing x.har", 10)
	_, _ = p.Write(make([]byte, 5))
	p.done()
	if stderr.Len() != 0 {
		t.Errorf("progress off a terminal wrote %q", stderr.String())
	}
}
