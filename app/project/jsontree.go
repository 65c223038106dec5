package project

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/msg"
)

// kind is the type of a JSON value.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// describe names the kind for an error message ("a string", "an object", ...).
func (k kind) describe() msg.Msg {
	switch k {
	case kindNull:
		return mKindNull.With()
	case kindBool:
		return mKindBool.With()
	case kindNumber:
		return mKindNumber.With()
	case kindString:
		return mKindString.With()
	case kindArray:
		return mKindArray.With()
	default:
		return mKindObject.With()
	}
}

// node is a JSON value with the byte offsets where it starts and ends in its document.
type node struct {
	kind       kind
	start, end int // data[start:end] is the value's text
	str        string
	num        json.Number
	b          bool
	members    []member // kindObject, in file order (duplicates kept)
	elems      []*node  // kindArray
}

// member is one "key": value entry of an object.
type member struct {
	key              string
	keyStart, keyEnd int
	val              *node
}

// get returns the value of the last member named key (the one JSON.parse keeps), or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kindObject {
		return nil
	}
	for i := len(n.members) - 1; i >= 0; i-- {
		if n.members[i].key == key {
			return n.members[i].val
		}
	}
	return nil
}

// doc is a parsed JSON file with positions.
type doc struct {
	name string // ConfigError.File
	data []byte // the file's bytes without a UTF-8 byte order mark
	bom  int    // length of the byte order mark that was removed (0 or 3)
	root *node
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseDoc parses data as a single JSON value, keeping the position of every key and value.
// Errors are *ConfigError.
func parseDoc(name string, raw []byte) (*doc, error) {
	d := &doc{name: name, data: raw}
	if bytes.HasPrefix(raw, utf8BOM) {
		d.data, d.bom = raw[len(utf8BOM):], len(utf8BOM)
	}
	if len(bytes.TrimSpace(d.data)) == 0 {
		what := mEmptyFile
		if len(raw) > 0 {
			what = mBlankFile
		}
		return nil, cfgErr(name, mEmpty.With(what.With()), nil)
	}
	// encoding/json validates the whole input first and reports the offset of the first error.
	var rm json.RawMessage
	if err := json.Unmarshal(d.data, &rm); err != nil {
		return nil, syntaxError(name, d.data, err)
	}
	dec := json.NewDecoder(bytes.NewReader(d.data))
	dec.UseNumber()
	b := &builder{dec: dec, data: d.data}
	root, err := b.value()
	if err != nil {
		return nil, cfgErr(name, mInvalidJSON.With(err), err)
	}
	d.root = root
	if err := d.checkText(root, ""); err != nil {
		return nil, err
	}
	return d, nil
}

// checkText rejects a key or string value that is not valid text: bytes that are not UTF-8 (a file
// saved in GBK or Latin-1), or a \u escape that is half of a UTF-16 surrogate pair. encoding/json
// would silently turn both into U+FFFD, and the tool would send that instead of what was meant.
func (d *doc) checkText(n *node, path string) error {
	switch n.kind {
	case kindString:
		return d.checkString(n.start, n.end, path, false)
	case kindArray:
		for i, e := range n.elems {
			if err := d.checkText(e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case kindObject:
		for _, m := range n.members {
			if err := d.checkString(m.keyStart, m.keyEnd, path, true); err != nil {
				return err
			}
			if err := d.checkText(m.val, join(path, m.key)); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkString checks the quoted string data[start:end]; path and what name it in the message.
func (d *doc) checkString(start, end int, path string, key bool) error {
	raw := d.data[start:end]
	name := mText.With(q(path))
	switch {
	case path == "" && key:
		name = mTopKey.With()
	case path == "":
		name = mTopValue.With()
	case key:
		name = mKeyIn.With(q(path))
	}
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			off := start + i
			return d.errAt(off, mNotUTF8.With(name, fmt.Sprintf("0x%02X", raw[i]), off+d.bom))
		}
		if r == '\\' && i+1 < len(raw) {
			if raw[i+1] != 'u' {
				i += 2
				continue
			}
			hi, ok := hex4(raw, i+2)
			switch {
			case ok && hi >= 0xD800 && hi <= 0xDBFF:
				if lo, ok := hex4(raw, i+8); ok && i+7 < len(raw) && raw[i+6] == '\\' && raw[i+7] == 'u' && lo >= 0xDC00 && lo <= 0xDFFF {
					i += 12
					continue
				}
				fallthrough
			case ok && hi >= 0xDC00 && hi <= 0xDFFF:
				off := start + i
				return d.errAt(off, mSurrogate.With(name, string(raw[i:i+6]), off+d.bom))
			}
			i += 2
			continue
		}
		i += size
	}
	return nil
}

// hex4 reads four hexadecimal digits at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[i:i+4]), 16, 32)
	return rune(v), err == nil
}

// builder turns a json.Decoder's tokens into nodes. The input has been validated already, so the
// bytes between two tokens are only white space, commas and colons.
type builder struct {
	dec  *json.Decoder
	data []byte
}

// next returns the next token and the offset where it starts.
func (b *builder) next() (json.Token, int, error) {
	i := int(b.dec.InputOffset())
	for i < len(b.data) {
		switch b.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	t, err := b.dec.Token()
	return t, i, err
}

func (b *builder) value() (*node, error) {
	t, start, err := b.next()
	if err != nil {
		return nil, err
	}
	return b.valueFrom(t, start)
}

func (b *builder) valueFrom(t json.Token, start int) (*node, error) {
	n := &node{start: start}
	switch v := t.(type) {
	case json.Delim:
		switch v {
		case '{':
			n.kind = kindObject
			for b.dec.More() {
				kt, ks, err := b.next()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key at offset %d is not a string", ks)
				}
				m := member{key: key, keyStart: ks, keyEnd: int(b.dec.InputOffset())}
				if m.val, err = b.value(); err != nil {
					return nil, err
				}
				n.members = append(n.members, m)
			}
		case '[':
			n.kind = kindArray
			for b.dec.More() {
				e, err := b.value()
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
		default:
			return nil, fmt.Errorf("unexpected %q at offset %d", v, start)
		}
		if _, _, err := b.next(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.str = kindString, v
	case json.Number:
		n.kind, n.num = kindNumber, v
	case bool:
		n.kind, n.b = kindBool, v
	case nil:
		n.kind = kindNull
	default:
		return nil, fmt.Errorf("unexpected token %v at offset %d", t, start)
	}
	n.end = int(b.dec.InputOffset())
	return n, nil
}

// errAt returns a *ConfigError about the byte offset off of d.data.
func (d *doc) errAt(off int, m msg.Msg) *ConfigError {
	line, col := lineCol(d.data, off)
	return &ConfigError{File: d.name, Line: line, Col: col, Msg: m.English(), M: m}
}

// text returns a short quotation of a value for an error message: `"wechat" (a string)`.
func (d *doc) text(n *node) msg.Msg {
	switch n.kind {
	case kindObject, kindArray:
		return n.kind.describe()
	case kindNull:
		return mKindNull.With()
	}
	s := string(d.data[n.start:n.end])
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return mValueKind.With(s, n.kind.describe())
}

// join builds the dotted path of a key for messages: join("prefetch.gray", "url").
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// quoteList formats known keys for a message: "url", "gray".
func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}
