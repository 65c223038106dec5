// Command notices writes THIRD_PARTY_NOTICES.txt: the licence of every module linked into the
// bgfetch binaries, in full, and (with -debian-copyright) the .deb's /usr/share/doc/bgfetch/copyright
// in Debian's machine-readable format (DEP-5).
//
// The modules are the ones `go list -deps` reports for each build (GOOS and build tags: -builds),
// which is what the linker puts into the binary; the standard library is added as "Go". Each module's
// licence file (LICENSE, LICENCE, COPYING, UNLICENSE, ... at the module's root in the module cache,
// `go env GOMODCACHE`) is identified with github.com/google/licenseclassifier/v2 and its embedded
// licence texts (no network). Some modules carry third-party code with its own licence, listed in
// `extras` (SQLite in go-sqlite3, GLFW in go-gl/glfw, the fonts Fyne embeds).
//
// A module without a licence file, or whose licence is not identified or not in `accepted`, makes it
// exit 1 with a message naming the module: a new dependency has to be looked at before it ships.
// With -check FILE it writes nothing and exits 1 when FILE is not what it would write. It runs $GO
// (else go) for go list and go env.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	classifier "github.com/google/licenseclassifier/v2"
	"github.com/google/licenseclassifier/v2/assets"
)

// accepted are the licences (the classifier's SPDX names) a linked module may have, and their names in
// Debian's copyright format.
var accepted = map[string]string{
	"MIT":          "Expat",
	"BSD-2-Clause": "BSD-2-clause",
	"BSD-3-Clause": "BSD-3-clause",
	"Apache-2.0":   "Apache-2.0",
	"ISC":          "ISC",
	"MPL-2.0":      "MPL-2.0",
	"Zlib":         "Zlib",
	"Unlicense":    "Unlicense",
	"CC0-1.0":      "CC0-1.0",
	"OFL-1.1":      "OFL-1.1",
	"Bitstream":    "Bitstream-Vera", // DejaVu fonts: the Bitstream Vera font licence
	publicDomain:   "public-domain",
}

const publicDomain = "public domain"

// commonLicences are the accepted licences every Debian system has in /usr/share/common-licenses: the
// copyright file refers to them instead of holding their text.
var commonLicences = map[string]string{
	"Apache-2.0": "/usr/share/common-licenses/Apache-2.0",
	"MPL-2.0":    "/usr/share/common-licenses/MPL-2.0",
}

// extra is third-party code inside a module, with a licence of its own in File (relative to the
// module's root). PublicDomain: File is source whose header dedicates it to the public domain. Covers
// are the files it covers, as DEP-5 Files: patterns relative to the module's root.
type extra struct {
	Module, What, File string
	Covers             string
	PublicDomain       bool
}

var extras = []extra{
	{Module: "github.com/mattn/go-sqlite3", What: "SQLite (the amalgamation, sqlite3-binding.c)", File: "sqlite3-binding.c",
		Covers: "sqlite3-binding.c sqlite3-binding.h sqlite3ext.h", PublicDomain: true},
	{Module: "github.com/go-gl/glfw/v3.4/glfw", What: "GLFW (the C library, glfw/)", File: "glfw/LICENSE.md", Covers: "glfw/*"},
	{Module: "fyne.io/fyne/v2", What: "Noto Sans (font embedded by Fyne)", File: "theme/font/LICENSE.txt", Covers: "theme/font/NotoSans-*"},
	{Module: "fyne.io/fyne/v2", What: "Inter (font embedded by Fyne)", File: "theme/font/LICENSE_Inter.txt", Covers: "theme/font/Inter*"},
	{Module: "fyne.io/fyne/v2", What: "DejaVu Sans Mono Powerline (font embedded by Fyne)", File: "theme/font/LICENSE_DejaVu-Powerline.txt",
		Covers: "theme/font/DejaVuSansMono-Powerline.ttf"},
	{Module: "fyne.io/fyne/v2", What: "EmojiOne Color (font embedded by Fyne)", File: "theme/font/LICENSE_EmojiOneColor.txt",
		Covers: "theme/font/EmojiOneColor.otf"},
}

// entry is one licence in the notices: a module's own or an extra's.
type entry struct {
	Name, Version string   // module path (or what an extra is) and version
	Files         []string // licence files, relative to Dir
	Covers        string   // for an extra: the DEP-5 Files: patterns
	Dir           string
	Licences      []string // SPDX names
	Text          string
}

func main() {
	dir := flag.String("C", ".", "the application's module `dir`")
	pkg := flag.String("pkg", ".", "the main `package` whose dependencies are listed")
	builds := flag.String("builds", "linux:migrated_fynedo,sqlite_fts5;windows:migrated_fynedo,sqlite_fts5;windows:headless,sqlite_fts5",
		"the builds, as GOOS:TAGS (TAGS as go build -tags takes them), separated by ;")
	out := flag.String("o", "THIRD_PARTY_NOTICES.txt", "the notices `file` to write (- for standard output)")
	check := flag.String("check", "", "compare with this `file` instead of writing; exit 1 when it differs")
	debian := flag.String("debian-copyright", "", "also write Debian's machine-readable copyright `file`")
	license := flag.String("license", "LICENSE", "the project's own licence `file` (for -debian-copyright), relative to -C")
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir, *pkg, *builds, *out, *check, *debian, *license); err != nil {
		fmt.Fprintln(os.Stderr, "notices:", err)
		os.Exit(1)
	}
}

func run(dir, pkg, builds, out, check, debian, license string) error {
	mods, err := linkedModules(dir, pkg, strings.Split(builds, ";"))
	if err != nil {
		return err
	}
	cache, err := goEnv(dir, "GOMODCACHE")
	if err != nil {
		return err
	}
	goroot, err := goEnv(dir, "GOROOT")
	if err != nil {
		return err
	}
	c, err := assets.DefaultClassifier()
	if err != nil {
		return err
	}
	entries, err := collect(c, cache, goroot, mods)
	if err != nil {
		return err
	}
	text := notices(entries)
	switch {
	case check != "":
		have, err := os.ReadFile(check)
		if err != nil {
			return err
		}
		if !bytes.Equal(have, text) {
			return fmt.Errorf("%s is out of date with the modules the builds link: run `make notices` and commit it", check)
		}
	case out == "-":
		os.Stdout.Write(text)
	default:
		if err := os.WriteFile(out, text, 0o644); err != nil {
			return err
		}
	}
	if debian != "" {
		own, err := os.ReadFile(filepath.Join(dir, license))
		if err != nil {
			return err
		}
		if err := os.WriteFile(debian, debianCopyright(string(own), entries), 0o644); err != nil {
			return err
		}
	}
	return nil
}

type module struct{ Path, Version string }

// linkedModules lists the modules (not the main one) the builds of pkg link, sorted by path.
func linkedModules(dir, pkg string, builds []string) ([]module, error) {
	seen := map[module]bool{}
	for _, b := range builds {
		goos, tags, _ := strings.Cut(b, ":")
		cmd := exec.Command(goCmd(), "list", "-deps", "-tags", tags,
			"-f", "{{with .Module}}{{if not .Main}}{{with .Replace}}{{.Path}} {{.Version}}{{else}}{{.Path}} {{.Version}}{{end}}{{end}}{{end}}", pkg)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		listed, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list (%s): %v\n%s", b, err, stderr.String())
		}
		for _, line := range strings.Split(string(listed), "\n") {
			if p, v, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
				seen[module{p, v}] = true
			}
		}
	}
	mods := make([]module, 0, len(seen))
	for m := range seen {
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b module) int { return strings.Compare(a.Path+" "+a.Version, b.Path+" "+b.Version) })
	return mods, nil
}

// goCmd is the go command: $GO (as the Makefile sets it) or go.
func goCmd() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

func goEnv(dir, name string) (string, error) {
	cmd := exec.Command(goCmd(), "env", name)
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// collect reads and identifies the licences: Go's, then each module's followed by its extras.
func collect(c *classifier.Classifier, cache, goroot string, mods []module) ([]entry, error) {
	var entries []entry
	var errs []error
	add := func(e entry, err error) {
		if err != nil {
			errs = append(errs, err)
			return
		}
		entries = append(entries, e)
	}
	add(moduleEntry(c, "Go (standard library and runtime)", "", goroot))
	for _, m := range mods {
		modDir := filepath.Join(cache, escapePath(m.Path)+"@"+m.Version)
		add(moduleEntry(c, m.Path, m.Version, modDir))
		for _, x := range extras {
			if x.Module == m.Path {
				add(extraEntry(c, x, m.Version, modDir))
			}
		}
	}
	return entries, errors.Join(errs...)
}

var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|unlicense|copyright)([._-].*)?$`)

func moduleEntry(c *classifier.Classifier, name, version, dir string) (entry, error) {
	e := entry{Name: name, Version: version, Dir: dir}
	des, err := os.ReadDir(dir)
	if err != nil {
		return e, fmt.Errorf("%s %s: %v (is the module downloaded? go mod download)", name, version, err)
	}
	var texts []string
	for _, de := range des {
		if de.Type().IsRegular() && licenceFile.MatchString(de.Name()) && !strings.HasSuffix(de.Name(), ".go") {
			b, err := os.ReadFile(filepath.Join(dir, de.Name()))
			if err != nil {
				return e, err
			}
			e.Files = append(e.Files, de.Name())
			texts = append(texts, string(b))
		}
	}
	if len(e.Files) == 0 {
		return e, fmt.Errorf("%s %s: no licence file (LICENSE, COPYING, ...) in %s", name, version, dir)
	}
	e.Text = strings.Join(texts, "\n")
	e.Licences, err = identify(c, e.Text)
	if err != nil {
		return e, fmt.Errorf("%s %s (%s): %v", name, version, strings.Join(e.Files, ", "), err)
	}
	return e, nil
}

func extraEntry(c *classifier.Classifier, x extra, version, modDir string) (entry, error) {
	var covers []string
	for _, c := range strings.Fields(x.Covers) {
		covers = append(covers, x.Module+"/"+c)
	}
	e := entry{Name: x.What, Version: "in " + x.Module + " " + version, Dir: modDir, Files: []string{x.File}, Covers: strings.Join(covers, " ")}
	b, err := os.ReadFile(filepath.Join(modDir, x.File))
	if err != nil {
		return e, fmt.Errorf("%s: %v (the module no longer has this file: update extras in packaging/tools/notices)", x.What, err)
	}
	if x.PublicDomain {
		e.Text, err = blessing(string(b))
		if err != nil {
			return e, fmt.Errorf("%s (%s): %v", x.What, x.File, err)
		}
		e.Licences = []string{publicDomain}
		return e, nil
	}
	e.Text = string(b)
	if e.Licences, err = identify(c, e.Text); err != nil {
		return e, fmt.Errorf("%s (%s): %v", x.What, x.File, err)
	}
	return e, nil
}

// identify names the licences in text: every licence the classifier finds in full (not a header or
// a mere mention), which must all be accepted.
func identify(c *classifier.Classifier, text string) ([]string, error) {
	var names []string
	for _, m := range c.Match([]byte(text)).Matches {
		if m.MatchType == "License" && !slices.Contains(names, m.Name) {
			names = append(names, m.Name)
		}
	}
	if len(names) == 0 {
		return nil, errors.New("unknown licence: no licence text identified; check it by hand and, if it may ship, teach packaging/tools/notices about it")
	}
	slices.Sort(names)
	for _, n := range names {
		if _, ok := accepted[n]; !ok {
			return nil, fmt.Errorf("licence %s is not one this project accepts (%s): check it and add it to accepted in packaging/tools/notices", n, acceptedList())
		}
	}
	return names, nil
}

func acceptedList() string {
	var names []string
	for n := range accepted {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// blessing is SQLite's public-domain dedication, from the first source header that has it.
func blessing(src string) (string, error) {
	start := strings.Index(src, "The author disclaims copyright to this source code.")
	if start < 0 {
		return "", errors.New("no public-domain dedication (\"The author disclaims copyright\") in the file")
	}
	end := strings.Index(src[start:], "share freely, never taking more than you give.")
	if end < 0 {
		return "", errors.New("the public-domain dedication does not end as SQLite's does")
	}
	var lines []string
	for _, l := range strings.Split(src[start:start+end+len("share freely, never taking more than you give.")], "\n") {
		l = strings.TrimPrefix(strings.TrimSpace(l), "**")
		lines = append(lines, strings.TrimRight(strings.TrimPrefix(l, " "), " "))
	}
	return strings.Join(lines, "\n") + "\n", nil
}

// escapePath is the module cache's spelling of a module path: each capital letter as ! and the lower.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

const rule = "================================================================================"

func notices(entries []entry) []byte {
	var b bytes.Buffer
	b.WriteString("BgFetch DevTools: third-party notices\n\n")
	b.WriteString("BgFetch DevTools is MIT-licensed (LICENSE). Its binaries for Linux and Windows also contain the\n")
	b.WriteString("software below, each under its own licence, given here in full. This file is generated by\n")
	b.WriteString("packaging/tools/notices (`make notices`) from the Go modules the builds link; do not edit it.\n\n")
	w := 0
	for _, e := range entries {
		w = max(w, len(e.Name))
	}
	for _, e := range entries {
		fmt.Fprintf(&b, "  %-*s  %s\n", w, e.Name, strings.Join(e.Licences, " AND "))
	}
	for _, e := range entries {
		fmt.Fprintf(&b, "\n%s\n%s", rule, e.Name)
		if e.Version != "" {
			fmt.Fprintf(&b, " %s", e.Version)
		}
		fmt.Fprintf(&b, "\nLicence: %s (%s)\n%s\n\n", strings.Join(e.Licences, " AND "), strings.Join(e.Files, ", "), strings.Repeat("-", len(rule)))
		b.WriteString(strings.Trim(strings.ReplaceAll(e.Text, "\r\n", "\n"), "\n \t"))
		b.WriteString("\n")
	}
	return b.Bytes()
}

// copyrightLine is a line naming a copyright holder ("Copyright (c) 2020 X", "Copyright 2009 X",
// "(c) 2016 X", "© X"), not one about "the above copyright notice".
var copyrightLine = regexp.MustCompile(`(?i)^\s*(copyright\s*(\(c\)|©|\d)|\(c\)\s*\d|©)`)

// debianCopyright is /usr/share/doc/bgfetch/copyright: the project (Files: *) under own, then a
// paragraph for each entry, named by module path, with its copyright lines and full licence.
func debianCopyright(own string, entries []entry) []byte {
	var b bytes.Buffer
	b.WriteString("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
	b.WriteString("Upstream-Name: BgFetch DevTools\n")
	b.WriteString("Source: https://github.com/bgfetch/devtools\n")
	b.WriteString("Comment: /usr/bin/bgfetch is a statically linked Go program. Besides the project's\n")
	b.WriteString(" own code it contains the Go standard library and the Go modules below (Files: names\n")
	b.WriteString(" the module path), and the C libraries and fonts some of them carry.\n\n")
	b.WriteString("Files: *\nCopyright: 2026 The BgFetch DevTools authors\nLicense: Expat\n")
	b.WriteString(dep5Text(own))
	for _, e := range entries {
		b.WriteString("\n")
		files := e.Name
		if e.Version == "" {
			files = "go/*"
		} else if e.Covers != "" {
			files = e.Covers
		} else {
			files += "/*"
		}
		fmt.Fprintf(&b, "Files: %s\n", files)
		var holders []string
		for _, l := range strings.Split(e.Text, "\n") {
			if copyrightLine.MatchString(l) && len(holders) < 20 {
				l = strings.TrimSpace(l)
				if !slices.Contains(holders, l) {
					holders = append(holders, l)
				}
			}
		}
		switch {
		case slices.Contains(e.Licences, publicDomain):
			holders = []string{"none: its authors dedicated it to the public domain"}
		case len(holders) == 0:
			holders = []string{"the authors of " + e.Name}
		}
		fmt.Fprintf(&b, "Copyright: %s\n", strings.Join(holders, "\n "))
		var names []string
		for _, l := range e.Licences {
			names = append(names, accepted[l])
		}
		fmt.Fprintf(&b, "License: %s\n", strings.Join(names, " and "))
		if e.Version != "" && !strings.HasPrefix(e.Version, "in ") {
			fmt.Fprintf(&b, "Comment: %s %s\n", e.Name, e.Version)
		}
		if len(e.Licences) == 1 && commonLicences[e.Licences[0]] != "" {
			// Debian policy 12.5 (and lintian's copyright-file-contains-full-*-license): a licence in
			// /usr/share/common-licenses is referred to, not copied.
			fmt.Fprintf(&b, " On Debian systems, the complete text of the %s licence is in\n %s.\n",
				accepted[e.Licences[0]], commonLicences[e.Licences[0]])
			continue
		}
		b.WriteString(dep5Text(e.Text))
	}
	return b.Bytes()
}

// dep5Text indents a licence text as a DEP-5 field continuation: every line by one space, an empty
// line as " .".
func dep5Text(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.Trim(strings.ReplaceAll(text, "\r\n", "\n"), "\n \t"), "\n") {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			b.WriteString(" .\n")
		} else {
			b.WriteString(" " + l + "\n")
		}
	}
	return b.String()
}
