package project

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// commentKey is the key bgfetch.config.json accepts as a comment in any object.
const commentKey = "//"

// walk calls fn for every member of the object n, in file order, after rejecting duplicate keys and
// keys that are not in known (with a suggestion of the closest known key). When comments is true,
// "//" members holding a string or an array of strings are accepted and skipped. Null values are
// skipped: they mean "not set".
func (d *doc) walk(n *node, path string, known []string, comments bool, fn func(m member) error) error {
	if n.kind != kindObject {
		return d.typeErr(n, path, "an object {...}")
	}
	seen := make(map[string]int, len(n.members))
	for _, m := range n.members {
		if comments && m.key == commentKey {
			if err := d.checkComment(m.val, join(path, m.key)); err != nil {
				return err
			}
			continue
		}
		if first, ok := seen[m.key]; ok {
			line, col := lineCol(d.data, first)
			return d.errAt(m.keyStart, "key %q appears twice in %s (first at %d:%d); remove one of them",
				join(path, m.key), d.where(path), line, col)
		}
		seen[m.key] = m.keyStart
		if !slices.Contains(known, m.key) {
			return d.unknownKey(m, path, known, comments)
		}
		if m.val.kind == kindNull {
			continue
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

// where names the object a path refers to, for messages.
func (d *doc) where(path string) string {
	if path == "" {
		return "the top-level object"
	}
	return fmt.Sprintf("%q", path)
}

func (d *doc) unknownKey(m member, path string, known []string, comments bool) error {
	in := ""
	if path != "" {
		in = fmt.Sprintf(" in %q", path)
	}
	if s := suggest(m.key, known); s != "" {
		return d.errAt(m.keyStart, "unknown key %q%s; did you mean %q?", m.key, in, s)
	}
	hint := ""
	if comments {
		hint = ` (write comments as "//": "...")`
	}
	return d.errAt(m.keyStart, "unknown key %q%s; the keys allowed here are %s%s",
		m.key, in, quoteList(known), hint)
}

func (d *doc) checkComment(n *node, path string) error {
	switch n.kind {
	case kindString:
		return nil
	case kindArray:
		for _, e := range n.elems {
			if e.kind != kindString {
				return d.errAt(e.start, "a %q comment must be a string or an array of strings, got %s", path, d.text(e))
			}
		}
		return nil
	}
	return d.errAt(n.start, "a %q comment must be a string or an array of strings, got %s", path, d.text(n))
}

// typeErr says that the value at path has the wrong type.
func (d *doc) typeErr(n *node, path, want string) *ConfigError {
	if path == "" {
		return d.errAt(n.start, "the file must hold %s, got %s", want, d.text(n))
	}
	return d.errAt(n.start, "%q must be %s, got %s", path, want, d.text(n))
}

func (d *doc) str(n *node, path string) (string, error) {
	if n.kind != kindString {
		return "", d.typeErr(n, path, "a string in double quotes")
	}
	return n.str, nil
}

func (d *doc) boolean(n *node, path string) (bool, error) {
	if n.kind != kindBool {
		return false, d.typeErr(n, path, "true or false (without quotes)")
	}
	return n.b, nil
}

// integer accepts a JSON number with an integral value in [lo, hi]; unit is added to the message.
func (d *doc) integer(n *node, path string, lo, hi int64, unit string) (int, error) {
	want := fmt.Sprintf("an integer from %d to %d%s", lo, hi, unit)
	if hi == math.MaxInt32 {
		want = fmt.Sprintf("an integer of at least %d%s", lo, unit)
	}
	if n.kind != kindNumber {
		return 0, d.typeErr(n, path, want+", without quotes")
	}
	v, err := strconv.ParseInt(string(n.num), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(string(n.num), 64)
		if ferr != nil || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
			return 0, d.typeErr(n, path, want)
		}
		v = int64(f)
	}
	if v < lo || v > hi {
		return 0, d.typeErr(n, path, want)
	}
	return int(v), nil
}

// oneOf accepts a string from allowed, suggesting the closest one (or an alias's target) otherwise.
func (d *doc) oneOf(n *node, path string, allowed []string, aliases map[string]string) (string, error) {
	s, err := d.str(n, path)
	if err != nil {
		return "", err
	}
	if slices.Contains(allowed, s) {
		return s, nil
	}
	hint := ""
	if a, ok := aliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		hint = fmt.Sprintf("; did you mean %q?", a)
	} else if sg := suggest(s, allowed); sg != "" {
		hint = fmt.Sprintf("; did you mean %q?", sg)
	}
	return "", d.errAt(n.start, "%q must be %s, got %q%s", path, orList(allowed), s, hint)
}

// orList formats allowed values: "weapp", "qq" or "alipay".
func orList(vals []string) string {
	q := quoteList(vals)
	if i := strings.LastIndex(q, ", "); i >= 0 {
		q = q[:i] + " or " + q[i+2:]
	}
	return q
}

// absURL accepts an absolute http or https URL. An empty string means "not set".
func (d *doc) absURL(n *node, path string) (string, error) {
	s, err := d.str(n, path)
	if err != nil || s == "" {
		return s, err
	}
	bad := func(why string) error {
		return d.errAt(n.start, "%q must be an absolute http:// or https:// URL such as \"https://example.com/bgfetch\", got %q: %s",
			path, s, why)
	}
	if strings.TrimSpace(s) != s {
		return "", bad("remove the spaces around it")
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", bad(strings.TrimPrefix(err.Error(), fmt.Sprintf("parse %q: ", s)))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return "", bad("it has no scheme; put https:// in front of it")
	default:
		return "", bad(fmt.Sprintf("the scheme %q is not supported; use https:// (or http:// for a local server)", u.Scheme))
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", bad("it has no host name")
	}
	return s, nil
}
