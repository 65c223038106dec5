package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// DiffChange is one difference between two JSON bodies.
type DiffChange struct {
	Path string `json:"path"` // where, like $.data.items[3].title ($ is the whole body)
	Kind string `json:"kind"` // "added", "removed" or "changed"
	Old  string `json:"old"`  // the value before, as compact JSON ("" when added)
	New  string `json:"new"`  // the value after, as compact JSON ("" when removed)
}

// DiffLine is one line of a line diff: Kind ' ' (in both), '-' (only in the first) or '+' (only in
// the second).
type DiffLine struct {
	Kind byte
	Text string
}

// MarshalJSON writes {"kind": "+", "text": "..."}.
func (l DiffLine) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
	}{string(l.Kind), l.Text})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (l *DiffLine) UnmarshalJSON(b []byte) error {
	var v struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if len(v.Kind) != 1 {
		return fmt.Errorf("diff line kind %q: want one of \" \", \"+\", \"-\"", v.Kind)
	}
	l.Kind, l.Text = v.Kind[0], v.Text
	return nil
}

// DiffResult compares two bodies.
type DiffResult struct {
	// JSON: both bodies are JSON, compared as values (key order, spacing and 1.0 against 1 do not count,
	// as JSON.parse sees them); Changes lists the differences, keys in byte order, and Lines is a line
	// diff of both bodies pretty-printed with sorted keys (numbers as written). Otherwise Lines is a line
	// diff of the bodies as they are.
	JSON    bool         `json:"json"`
	Equal   bool         `json:"equal"`
	Changes []DiffChange `json:"changes"`
	Lines   []DiffLine   `json:"lines"`
}

// maxDiffEdits bounds the line diff: past this many inserted and deleted lines, the rest of the region
// between the common beginning and end is shown as removed then added, so that two unrelated 256KB
// bodies still compare in milliseconds.
const maxDiffEdits = 2000

// Diff compares two bodies, JSON-aware when both parse as JSON: objects key by key, arrays index by index
// (elements past the shorter one's end are added or removed), a value of another type is changed. Else a
// line diff (Myers).
func Diff(a, b []byte) DiffResult {
	// The two sides are parsed, and pretty-printed, on two goroutines: a 256KB body takes milliseconds.
	var (
		va, vb     any
		errA, errB error
		wg         sync.WaitGroup
	)
	wg.Go(func() { va, errA = parseJSON(a) })
	vb, errB = parseJSON(b)
	wg.Wait()
	if errA == nil && errB == nil {
		r := DiffResult{JSON: true, Changes: []DiffChange{}}
		d := differ{out: &r.Changes}
		var pa []string
		wg.Go(func() { pa = prettyLines(va, len(a)) })
		d.value("$", va, vb)
		pb := prettyLines(vb, len(b))
		wg.Wait()
		r.Equal = len(r.Changes) == 0
		if r.Equal { // numbers written differently (1.0, 1) are the same value: no line differs
			pa = pb
		}
		r.Lines = lineDiff(pa, pb)
		return r
	}
	return DiffResult{Equal: bytes.Equal(a, b), Changes: []DiffChange{}, Lines: lineDiff(splitLines(a), splitLines(b))}
}

// parseJSON parses exactly one JSON value, keeping numbers as written.
func parseJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

type differ struct{ out *[]DiffChange }

func (d differ) add(path, kind string, old, new any) {
	c := DiffChange{Path: path, Kind: kind}
	if kind != "added" {
		c.Old = compact(old)
	}
	if kind != "removed" {
		c.New = compact(new)
	}
	*d.out = append(*d.out, c)
}

func (d differ) value(path string, a, b any) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			d.add(path, "changed", a, b)
			return
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			va, inA := x[k]
			vb, inB := y[k]
			p := path + keyPath(k)
			switch {
			case !inB:
				d.add(p, "removed", va, nil)
			case !inA:
				d.add(p, "added", nil, vb)
			default:
				d.value(p, va, vb)
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok {
			d.add(path, "changed", a, b)
			return
		}
		for i := range max(len(x), len(y)) {
			p := path + "[" + strconv.Itoa(i) + "]"
			switch {
			case i >= len(y):
				d.add(p, "removed", x[i], nil)
			case i >= len(x):
				d.add(p, "added", nil, y[i])
			default:
				d.value(p, x[i], y[i])
			}
		}
	case json.Number:
		y, ok := b.(json.Number)
		if !ok || !sameNumber(x, y) {
			d.add(path, "changed", a, b)
		}
	default: // string, bool, nil
		if a != b {
			d.add(path, "changed", a, b)
		}
	}
}

// sameNumber: the same number as JavaScript's JSON.parse sees it (a float64).
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	fa, errA := a.Float64()
	fb, errB := b.Float64()
	return errA == nil && errB == nil && fa == fb
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// keyPath is the path step to an object's key: .name, or ["any key"] when it is not an identifier.
func keyPath(k string) string {
	if identifier.MatchString(k) {
		return "." + k
	}
	return "[" + compact(k) + "]"
}

// compact is v as compact JSON, without HTML escaping.
func compact(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// prettyLines is v as JSON indented by two spaces, with sorted keys and no HTML escaping (what
// json.MarshalIndent writes with SetEscapeHTML(false)), one string per line. It writes the lines itself,
// into one string: encoding then re-indenting a 256KB body, a string per line, costs several times more.
func prettyLines(v any, sizeHint int) []string {
	p := printer{buf: make([]byte, 0, 2*sizeHint), ends: make([]int, 0, sizeHint/16)}
	p.value(v, 0, nil, false)
	text := string(p.buf)
	lines := make([]string, len(p.ends))
	start := 0
	for i, end := range p.ends {
		lines[i] = text[start:end]
		start = end
	}
	return lines
}

type printer struct {
	buf  []byte // the lines, one after another
	ends []int  // where each line ends in buf
}

// value writes v on a line that starts with indent levels and key (nil for none) and ends with a comma
// when comma; a non-empty object or array spans lines.
func (p *printer) value(v any, indent int, key []byte, comma bool) {
	lineStart := func() {
		for range indent {
			p.buf = append(p.buf, "  "...)
		}
	}
	lineEnd := func() { p.ends = append(p.ends, len(p.buf)) }
	lineStart()
	p.buf = append(p.buf, key...)
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			p.buf = append(p.buf, "{}"...)
			break
		}
		p.buf = append(p.buf, '{')
		lineEnd()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var kb []byte
		for i, k := range keys {
			kb = appendJSONString(kb[:0], k)
			kb = append(kb, ": "...)
			p.value(x[k], indent+1, kb, i < len(keys)-1)
		}
		lineStart()
		p.buf = append(p.buf, '}')
	case []any:
		if len(x) == 0 {
			p.buf = append(p.buf, "[]"...)
			break
		}
		p.buf = append(p.buf, '[')
		lineEnd()
		for i, e := range x {
			p.value(e, indent+1, nil, i < len(x)-1)
		}
		lineStart()
		p.buf = append(p.buf, ']')
	case string:
		p.buf = appendJSONString(p.buf, x)
	case json.Number:
		p.buf = append(p.buf, x...)
	case bool:
		p.buf = strconv.AppendBool(p.buf, x)
	case nil:
		p.buf = append(p.buf, "null"...)
	default: // not produced by parseJSON
		p.buf = append(p.buf, compact(x)...)
	}
	if comma {
		p.buf = append(p.buf, ',')
	}
	lineEnd()
}

// appendJSONString appends s as a JSON string, escaped as encoding/json does without HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// splitLines splits text into lines without their line ends ("\n" or "\r\n"); a last line end does not
// start another line.
func splitLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	s := strings.TrimSuffix(string(b), "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// lineDiff is a shortest edit script from a to b (Myers' O(ND) algorithm) after the common beginning and
// end are taken off, bounded by maxDiffEdits.
func lineDiff(a, b []string) []DiffLine {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	out := make([]DiffLine, 0, len(a)+len(b)-pre-suf)
	for _, l := range a[:pre] {
		out = append(out, DiffLine{' ', l})
	}
	out = myers(out, a[pre:len(a)-suf], b[pre:len(b)-suf])
	for _, l := range a[len(a)-suf:] {
		out = append(out, DiffLine{' ', l})
	}
	return out
}

// myers appends the edit script from a to b to out.
func myers(out []DiffLine, a, b []string) []DiffLine {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return whole(out, a, b)
	}
	maxD := min(n+m, maxDiffEdits)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32 // v's diagonals -d..d after each step d
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int32
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: an insertion
			} else {
				x = v[off+k-1] + 1 // right: a deletion
			}
			y := x - int32(k)
			for int(x) < n && int(y) < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if int(x) >= n && int(y) >= m {
				found = d
			}
		}
		trace = append(trace, slices.Clone(v[off-d:off+d+1]))
	}
	if found < 0 {
		return whole(out, a, b) // too different to be worth the time: remove all, add all
	}

	// Walk back from (n, m), appending the script in reverse, then turn it around. trace[d] holds
	// diagonal k at k+d.
	first := len(out)
	x, y := int32(n), int32(m)
	for d := found; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int32 { return prev[k+d-1] }
		k := int(x - y)
		down := k == -d || (k != d && at(k-1) < at(k+1))
		pk := k - 1
		if down {
			pk = k + 1
		}
		px := at(pk)
		py := px - int32(pk)
		mx := px + 1 // where the edit ended; the snake runs from there to (x, y)
		if down {
			mx = px
		}
		for x > mx {
			x, y = x-1, y-1
			out = append(out, DiffLine{' ', a[x]})
		}
		if down {
			out = append(out, DiffLine{'+', b[py]})
		} else {
			out = append(out, DiffLine{'-', a[px]})
		}
		x, y = px, py
	}
	for x > 0 {
		x, y = x-1, y-1
		out = append(out, DiffLine{' ', a[x]})
	}
	slices.Reverse(out[first:])
	return out
}

func whole(out []DiffLine, a, b []string) []DiffLine {
	for _, l := range a {
		out = append(out, DiffLine{'-', l})
	}
	for _, l := range b {
		out = append(out, DiffLine{'+', l})
	}
	return out
}

// Unified is r's line diff as diff -u prints it: a header naming the two sides, then hunks of changed
// lines with context lines around them. "" when there is no difference. Names and lines are Printable:
// control characters and bytes that are not UTF-8 (a binary body) come out as escapes.
func (r DiffResult) Unified(nameA, nameB string, context int) string {
	lines := r.Lines
	changed := slices.IndexFunc(lines, func(l DiffLine) bool { return l.Kind != ' ' })
	if changed < 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", Printable(nameA), Printable(nameB))
	// Line numbers (1-based) in a and b where each diff line falls.
	na, nb := make([]int, len(lines)+1), make([]int, len(lines)+1)
	ia, ib := 1, 1
	for i, l := range lines {
		na[i], nb[i] = ia, ib
		if l.Kind != '+' {
			ia++
		}
		if l.Kind != '-' {
			ib++
		}
	}
	na[len(lines)], nb[len(lines)] = ia, ib
	i := 0
	for i < len(lines) {
		// The next change, and the hunk around it: changes closer than 2*context join one hunk.
		for i < len(lines) && lines[i].Kind == ' ' {
			i++
		}
		if i == len(lines) {
			break
		}
		start := max(i-context, 0)
		end := i
		for j := i; j < len(lines); j++ {
			if lines[j].Kind != ' ' {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		end = min(end+context, len(lines))
		countA, countB := 0, 0
		for _, l := range lines[start:end] {
			if l.Kind != '+' {
				countA++
			}
			if l.Kind != '-' {
				countB++
			}
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(na[start], countA), hunkRange(nb[start], countB))
		for _, l := range lines[start:end] {
			sb.WriteByte(l.Kind)
			sb.WriteString(Printable(l.Text)) // a binary body's bytes, a \r or an ESC do not reach the terminal
			sb.WriteByte('\n')
		}
		i = end
	}
	return sb.String()
}

func hunkRange(start, count int) string {
	if count == 0 {
		start-- // diff -u: an empty range starts at the line before
	}
	if count == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(count)
}
