package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// ErrNotProject is wrapped by the error Load returns when the folder holds neither
// project.config.json nor bgfetch.config.json.
var ErrNotProject = errors.New("not a mini-program project")

// ConfigError is a problem in one of the project's configuration files, with the position it is
// about when there is one. Its Msg says what is wrong and what to do about it.
type ConfigError struct {
	File string // absolute path (or the name given to ParseConfig/ParsePreload)
	Line int    // 1-based; 0 when the error is not about a position
	Col  int    // 1-based, counted in characters
	Msg  string // what is wrong and what to do
	Err  error  // underlying error, if any
}

// Error returns "bgfetch.config.json:3:7: <Msg>", with the file's base name; ":line:col" is omitted
// when Line is 0.
func (e *ConfigError) Error() string {
	name := ""
	if e.File != "" {
		name = filepath.Base(e.File)
	}
	switch {
	case name == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", name, e.Line, e.Col, e.Msg)
	default:
		return name + ": " + e.Msg
	}
}

// Unwrap returns the underlying error, if any.
func (e *ConfigError) Unwrap() error { return e.Err }

// lineCol converts a byte offset in data into a 1-based line and a 1-based column counted in
// characters (runes; each invalid UTF-8 byte counts as one).
func lineCol(data []byte, off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	start := bytes.LastIndexByte(before, '\n') + 1
	col = 1 + utf8.RuneCount(before[start:])
	return line, col
}

// syntaxError turns an error from encoding/json's validation of data into a *ConfigError that says
// where the problem is and what to do.
func syntaxError(name string, data []byte, err error) *ConfigError {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return &ConfigError{File: name, Msg: fmt.Sprintf("invalid JSON: %v; fix the file's syntax", err), Err: err}
	}
	detail := se.Error()
	off := int(se.Offset)
	if strings.Contains(detail, "unexpected end of JSON input") || off > len(data) {
		end := len(bytes.TrimRight(data, " \t\r\n"))
		line, col := lineCol(data, end)
		return &ConfigError{File: name, Line: line, Col: col, Err: err, Msg: fmt.Sprintf(
			"invalid JSON: the file ends before the JSON is complete (%s); it may be half-written, "+
				"or a closing }, ] or \" is missing", detail)}
	}
	// encoding/json reports the number of bytes read including the offending one.
	bad := off - 1
	if bad < 0 {
		bad = 0
	}
	var c byte
	if bad < len(data) {
		c = data[bad]
	}
	prev := byte(0)
	if p := bytes.TrimRight(data[:bad], " \t\r\n"); len(p) > 0 {
		prev = p[len(p)-1]
	}
	var what, todo string
	switch {
	case strings.Contains(detail, "after object key:value pair"):
		what, todo = "expected a comma or } after the value", "put a comma between two entries, or close the object with }"
	case strings.Contains(detail, "after object key"):
		what, todo = "expected a colon after the key", `write each entry as "key": value`
	case strings.Contains(detail, "looking for beginning of object key string") && c == '}' && prev == ',':
		what, todo = "a comma before }", "JSON allows no comma after the last entry; remove it"
	case (strings.Contains(detail, "looking for beginning of value") || strings.Contains(detail, "looking for beginning of object key string")) && c == '/':
		what, todo = "comments are not allowed in JSON", `remove the comment (in bgfetch.config.json you can write a "//": "..." entry instead)`
	case strings.Contains(detail, "looking for beginning of object key string"):
		what, todo = "expected a key in double quotes", `keys must be strings in double quotes, like "url"`
	case strings.Contains(detail, "after array element"):
		what, todo = "expected a comma or ] after the array element", "put a comma between two elements, or close the array with ]"
	case strings.Contains(detail, "looking for beginning of value") && c == ']' && prev == ',':
		what, todo = "a comma before ]", "JSON allows no comma after the last element; remove it"
	case strings.Contains(detail, "looking for beginning of value") && c == '\'':
		what, todo = "strings must be in double quotes", `replace the single quotes with double quotes`
	case strings.Contains(detail, "looking for beginning of value"):
		what, todo = "expected a value", "a value is a string in double quotes, a number, true, false, null, an object {...} or an array [...]"
	case strings.Contains(detail, "in string literal"):
		what, todo = "a control character inside a string", `a string cannot span lines; write a line break as \n and a tab as \t`
	case strings.Contains(detail, "in string escape code"):
		what, todo = "an invalid escape sequence in a string", `write a backslash as \\`
	case strings.Contains(detail, "in literal"):
		what, todo = "a misspelled true, false or null", "write true, false and null in lower case, without quotes"
	case strings.Contains(detail, "numeric literal"):
		what, todo = "an invalid number", "write numbers like 10, -1, 2.5 or 1e3, without leading zeros or a trailing dot"
	case strings.Contains(detail, "after top-level value"):
		what, todo = "text after the end of the JSON value", "the file must hold exactly one JSON value; remove what follows its closing bracket"
	default:
		what, todo = "a syntax error", "fix the JSON syntax at this position"
	}
	line, col := lineCol(data, bad)
	return &ConfigError{File: name, Line: line, Col: col, Err: err,
		Msg: fmt.Sprintf("invalid JSON: %s (%s); %s", what, detail, todo)}
}
