package project

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bgfetch/devtools/app/msg"
)

// commentKey is the key bgfetch.config.json accepts as a comment in any object.
const commentKey = "//"

// walk calls fn for every member of the object n, in file order, after rejecting duplicate keys and
// keys that are not in known (with a suggestion of the closest known key). When comments is true,
// "//" members holding a string or an array of strings are accepted and skipped. Null values are
// skipped: they mean "not set".
func (d *doc) walk(n *node, path string, known []string, comments bool, fn func(m member) error) error {
	if n.kind != kindObject {
		return d.typeErr(n, path, mWantObject.With())
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
			return d.errAt(m.keyStart, mDupKey.With(q(join(path, m.key)), d.where(path), line, col))
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
func (d *doc) where(path string) msg.Msg {
	if path == "" {
		return mWhereTop.With()
	}
	return mText.With(q(path))
}

func (d *doc) unknownKey(m member, path string, known []string, comments bool) error {
	if s := suggest(m.key, known); s != "" {
		if path != "" {
			return d.errAt(m.keyStart, mUnknownKeyIn.With(q(m.key), q(path), q(s)))
		}
		return d.errAt(m.keyStart, mUnknownKey.With(q(m.key), q(s)))
	}
	var hint any = ""
	if comments {
		hint = mCommentHint.With()
	}
	if path != "" {
		return d.errAt(m.keyStart, mUnknownListIn.With(q(m.key), q(path), quoteList(known), hint))
	}
	return d.errAt(m.keyStart, mUnknownList.With(q(m.key), quoteList(known), hint))
}

func (d *doc) checkComment(n *node, path string) error {
	switch n.kind {
	case kindString:
		return nil
	case kindArray:
		for _, e := range n.elems {
			if e.kind != kindString {
				return d.errAt(e.start, mBadComment.With(q(path), d.text(e)))
			}
		}
		return nil
	}
	return d.errAt(n.start, mBadComment.With(q(path), d.text(n)))
}

// typeErr says that the value at path has the wrong type.
func (d *doc) typeErr(n *node, path string, want msg.Msg) *ConfigError {
	if path == "" {
		return d.errAt(n.start, mTypeTop.With(want, d.text(n)))
	}
	return d.errAt(n.start, mType.With(q(path), want, d.text(n)))
}

func (d *doc) str(n *node, path string) (string, error) {
	if n.kind != kindString {
		return "", d.typeErr(n, path, mWantString.With())
	}
	return n.str, nil
}

func (d *doc) boolean(n *node, path string) (bool, error) {
	if n.kind != kindBool {
		return false, d.typeErr(n, path, mWantBool.With())
	}
	return n.b, nil
}

// integer accepts a JSON number with an integral value in [lo, hi]; unit is added to the message.
func (d *doc) integer(n *node, path string, lo, hi int64, unit msg.Def) (int, error) {
	want := mWantRange.With(lo, hi, unit.With())
	if hi == math.MaxInt32 {
		want = mWantAtLeast.With(lo, unit.With())
	}
	if n.kind != kindNumber {
		return 0, d.typeErr(n, path, mWantUnquoted.With(want))
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
	var hint any = ""
	if a, ok := aliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		hint = mDidYouMean.With(q(a))
	} else if sg := suggest(s, allowed); sg != "" {
		hint = mDidYouMean.With(q(sg))
	}
	return "", d.errAt(n.start, mNotOneOf.With(q(path), orMsg(allowed), q(s), hint))
}

// absURL accepts an absolute http or https URL. An empty string means "not set".
func (d *doc) absURL(n *node, path string) (string, error) {
	s, err := d.str(n, path)
	if err != nil || s == "" {
		return s, err
	}
	bad := func(why msg.Msg) error {
		return d.errAt(n.start, mBadURL.With(q(path), q(s), why))
	}
	if strings.TrimSpace(s) != s {
		return "", bad(mURLSpaces.With())
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", bad(mText.With(strings.TrimPrefix(err.Error(), fmt.Sprintf("parse %q: ", s))))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return "", bad(mURLNoScheme.With())
	default:
		return "", bad(mURLScheme.With(q(u.Scheme)))
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", bad(mURLNoHost.With())
	}
	return s, nil
}
