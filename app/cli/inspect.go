package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/storage"
)

// parseWhen reads --since or --until: RFC 3339, or a date in local time. With endOfDay, a date means
// the end of that day (the next midnight), so that --until 2026-11-23 includes the 23rd.
func parseWhen(s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date like 2026-11-23 nor a time like 2026-11-23T18:00:00+08:00", s)
	}
	if endOfDay {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// writeHAR writes the attempts f selects, oldest first, as a HAR file (path "-" = stdout), an attempt at
// a time. The token is masked unless --include-secrets; a file that holds it is readable by its owner only.
func (c *command) writeHAR(ctx context.Context, e *core.Engine, f core.HistoryFilter, path string) int {
	if path == "-" {
		bw := bufio.NewWriter(c.env.Stdout)
		_, err := e.ExportHAR(ctx, bw, f, c.includeSecrets, c.env.Version, c.shown)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			c.errorf("%v", err)
			return ExitFailed
		}
		return ExitOK
	}
	perm := os.FileMode(0o644)
	if c.includeSecrets {
		perm = 0o600
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	if c.includeSecrets {
		err = file.Chmod(perm) // an existing file keeps its permissions through O_TRUNC
	}
	w := bufio.NewWriterSize(file, 256<<10)
	n := 0
	prog := c.startProgress("exporting "+filepath.Base(path), 0)
	if err == nil {
		n, err = e.ExportHAR(ctx, io.MultiWriter(w, prog), f, c.includeSecrets, c.env.Version, c.shown)
	}
	if err == nil {
		err = w.Flush()
	}
	prog.done()
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path) // no half-written HAR file left behind
		c.errorf("write %s: %v", path, err)
		return ExitFailed
	}
	note := "the token is masked; --include-secrets keeps it"
	if c.includeSecrets {
		note = "it holds the token: share it with care"
	}
	fprintf(c.env.Stdout, "wrote %d %s to %s (%s)\n", n, plural(int64(n), "attempt", "attempts"), path, note)
	return ExitOK
}

func (c *command) importHAR(ctx context.Context, args []string) int {
	fs := c.flags()
	keep := fs.Bool("keep-appid", false, "keep the appid each entry bgfetch wrote carries, instead of putting every entry under the project's app")
	pos, ok := c.parseWithArgs(args)
	if !ok {
		return ExitUsage
	}
	if len(pos) != 1 {
		c.errorf("give one HAR file: bgfetch import-har FILE")
		return ExitUsage
	}
	file, err := os.Open(pos[0])
	if err != nil {
		c.errorf("%v", err)
		return ExitFailed
	}
	defer file.Close()
	if fi, err := file.Stat(); err == nil && fi.IsDir() {
		c.errorf("%s is a folder: give a HAR file", pos[0])
		return ExitUsage
	}
	// A project is not needed: entries the tool wrote carry their appid. With a valid project, every entry
	// goes under its app unless --keep-appid.
	e := c.openEngine(nil)
	if e == nil {
		return ExitUsage
	}
	defer e.Close()
	var size int64
	if fi, err := file.Stat(); err == nil {
		size = fi.Size()
	}
	prog := c.startProgress("importing "+filepath.Base(pos[0]), size)
	res, err := e.ImportHARWith(ctx, io.TeeReader(bufio.NewReaderSize(file, 64<<10), prog), core.HARImportOptions{KeepAppID: *keep})
	prog.done()
	if err != nil {
		c.errorf("%s: %v", pos[0], err)
		return ExitFailed
	}
	if c.jsonOut {
		c.printJSON(map[string]any{"imported": res.Imported, "moved": res.Moved, "cut": res.Cut})
		return ExitOK
	}
	n := res.Imported
	fprintf(c.env.Stdout, "imported %d %s from %s into the history\n", n, plural(int64(n), "attempt", "attempts"), pos[0])
	if res.Moved > 0 {
		fprintf(c.env.Stdout, "note: %d %s of another app put under this project's app (--keep-appid keeps their own)\n",
			res.Moved, plural(int64(res.Moved), "entry", "entries"))
	}
	if res.Cut > 0 {
		fprintf(c.env.Stdout, "note: %d %s cut to the first %dKB, as bgfetch keeps a body it would not cache\n",
			res.Cut, plural(int64(res.Cut), "body", "bodies"), core.StoredErrorBody>>10)
	}
	return ExitOK
}

// parseWithArgs parses flags placed before, between or after the positional arguments, and returns those.
func (c *command) parseWithArgs(args []string) ([]string, bool) {
	var pos []string
	for {
		if err := c.fs.Parse(args); err != nil {
			return nil, false
		}
		if c.fs.NArg() == 0 {
			return pos, true
		}
		pos = append(pos, c.fs.Arg(0))
		args = c.fs.Args()[1:]
	}
}

func (c *command) diff(ctx context.Context, args []string) int {
	fs := c.flags()
	typ := fs.String("type", fetch.Periodic, "with no ids: the fetch type whose two latest cached bodies to compare (periodic, pre, jsapiPre)")
	pos, ok := c.parseWithArgs(args)
	if !ok {
		return ExitUsage
	}
	if len(pos) > 2 {
		c.errorf("give at most two attempt ids: bgfetch diff [A] [B]")
		return ExitUsage
	}
	ids := make([]int64, len(pos))
	for i, p := range pos {
		id, err := strconv.ParseInt(strings.TrimPrefix(p, "#"), 10, 64)
		if err != nil || id <= 0 {
			c.errorf("%q is not an attempt id (bgfetch history lists them)", p)
			return ExitUsage
		}
		ids[i] = id
	}
	switch *typ {
	case fetch.Periodic, fetch.Pre, fetch.JSAPIPre:
	default:
		c.errorf("--type must be periodic, pre or jsapiPre")
		return ExitUsage
	}
	e, code := c.open()
	if e == nil {
		return code
	}
	defer e.Close()

	var a, b core.Attempt
	var nameA, nameB string
	var err error
	switch len(ids) {
	case 0:
		a, b, err = e.CachedPair(ctx, *typ)
		if errors.Is(err, storage.ErrNotFound) {
			c.errorf("%v; pull again, or give two attempt ids", err)
			return ExitUsage
		}
	case 1: // the attempt against what is cached now for its app and fetch type
		if a, err = e.Attempt(ctx, ids[0]); err == nil {
			var entry storage.CacheEntry
			if entry, err = e.CachedFor(ctx, a.AppID, a.FetchType); err == nil {
				b = core.Attempt{ID: entry.AttemptID, FetchType: a.FetchType, StartedAt: entry.FetchedAt, Body: entry.Body, Cached: true}
				nameB = fmt.Sprintf("the cached %s body (%s)", a.FetchType, entry.FetchedAt.Local().Format("2006-01-02 15:04:05"))
			} else if errors.Is(err, storage.ErrNotFound) {
				err = fmt.Errorf("nothing is cached for %s of %s to compare attempt %d with: %w", a.FetchType, a.AppID, a.ID, err)
			}
		}
	case 2:
		if a, err = e.Attempt(ctx, ids[0]); err == nil {
			b, err = e.Attempt(ctx, ids[1])
		}
	}
	if err != nil {
		c.errorf("%v", err)
		return ExitUsage
	}
	// Both bodies are shown side by side: each hides the tokens either attempt sent.
	m := c.masker(append(core.AttemptSecrets(a), core.AttemptSecrets(b)...)...)
	a, b = m.Attempt(a), m.Attempt(b)
	if nameA == "" {
		nameA = describeAttempt(a)
	}
	if nameB == "" {
		nameB = describeAttempt(b)
	}
	r := core.Diff(a.Body, b.Body)
	// A JSON diff prints the values decoded and encoded again: an escape the masker did not know in the
	// body comes out as the token itself, so what is printed is masked too.
	for i := range r.Changes {
		ch := &r.Changes[i]
		ch.Path, ch.Old, ch.New = m.String(ch.Path), m.String(ch.Old), m.String(ch.New)
	}
	for i := range r.Lines {
		r.Lines[i].Text = m.String(r.Lines[i].Text)
	}
	fprintf(c.env.Stderr, "comparing %s with %s\n", nameA, nameB)
	if c.jsonOut {
		c.printJSON(r)
	} else if r.JSON {
		printChanges(c.env.Stdout, r.Changes)
	} else {
		fmt.Fprint(c.env.Stdout, r.Unified(nameA, nameB, 3))
	}
	if r.Equal {
		return ExitOK
	}
	return ExitFailed
}

func describeAttempt(a core.Attempt) string {
	verdict := "not cached"
	if a.Cached {
		verdict = "cached"
	}
	return fmt.Sprintf("attempt %d (%s, %s, %s)", a.ID, a.FetchType, a.StartedAt.Local().Format("2006-01-02 15:04:05"), verdict)
}

// printChanges prints a JSON diff one change a line: "~ $.a.b: 1 → 2", "+ $.c: 3", "- $.d: 4".
func printChanges(w io.Writer, changes []core.DiffChange) {
	for _, ch := range changes {
		switch ch.Kind {
		case "added":
			fprintf(w, "+ %s: %s\n", ch.Path, ch.New)
		case "removed":
			fprintf(w, "- %s: %s\n", ch.Path, ch.Old)
		default:
			fprintf(w, "~ %s: %s → %s\n", ch.Path, ch.Old, ch.New)
		}
	}
}
