package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bgfetch/devtools/app/msg"
)

// ErrNotProject is wrapped by the error Load returns when the folder holds neither
// project.config.json nor bgfetch.config.json.
var ErrNotProject = errors.New("not a mini-program project")

// ConfigError is a problem in one of the project's configuration files, with the position it is
// about when there is one. Its Msg says what is wrong and what to do about it.
type ConfigError struct {
	File string  // absolute path (or the name given to ParseConfig/ParsePreload)
	Line int     // 1-based; 0 when the error is not about a position
	Col  int     // 1-based, counted in characters
	Msg  string  // what is wrong and what to do, in English
	M    msg.Msg // Msg as a message code, for the window to say in its language; zero when there is none
	Err  error   // underlying error, if any
}

// Error returns "bgfetch.config.json:3:7: <Msg>", with the file's base name; ":line:col" is omitted
// when Line is 0.
func (e *ConfigError) Error() string { return e.Where() + e.Msg }

// Where is what Error puts before Msg: "bgfetch.config.json:3:7: ", "bgfetch.config.json: " or "", so that
// the window can put the message in its own language after it.
func (e *ConfigError) Where() string {
	name := ""
	if e.File != "" {
		name = filepath.Base(e.File)
	}
	switch {
	case name == "":
		return ""
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: ", name, e.Line, e.Col)
	default:
		return name + ": "
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
		return cfgErr(name, mInvalidJSON.With(err), err)
	}
	detail := se.Error()
	off := int(se.Offset)
	if strings.Contains(detail, "unexpected end of JSON input") || off > len(data) {
		end := len(bytes.TrimRight(data, " \t\r\n"))
		line, col := lineCol(data, end)
		e := cfgErr(name, mIncompleteJSON.With(detail), err)
		e.Line, e.Col = line, col
		return e
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
	var sx [2]msg.Def
	switch {
	case strings.Contains(detail, "after object key:value pair"):
		sx = sxComma
	case strings.Contains(detail, "after object key"):
		sx = sxColon
	case strings.Contains(detail, "looking for beginning of object key string") && c == '}' && prev == ',':
		sx = sxTrailObj
	case (strings.Contains(detail, "looking for beginning of value") || strings.Contains(detail, "looking for beginning of object key string")) && c == '/':
		sx = sxComment
	case strings.Contains(detail, "looking for beginning of object key string"):
		sx = sxKey
	case strings.Contains(detail, "after array element"):
		sx = sxArrayComma
	case strings.Contains(detail, "looking for beginning of value") && c == ']' && prev == ',':
		sx = sxTrailArr
	case strings.Contains(detail, "looking for beginning of value") && c == '\'':
		sx = sxSingleQuotes
	case strings.Contains(detail, "looking for beginning of value"):
		sx = sxValue
	case strings.Contains(detail, "in string literal"):
		sx = sxControl
	case strings.Contains(detail, "in string escape code"):
		sx = sxEscape
	case strings.Contains(detail, "in literal"):
		sx = sxLiteral
	case strings.Contains(detail, "numeric literal"):
		sx = sxNumber
	case strings.Contains(detail, "after top-level value"):
		sx = sxAfter
	default:
		sx = sxOther
	}
	line, col := lineCol(data, bad)
	e := cfgErr(name, mSyntax.With(sx[0].With(), detail, sx[1].With()), err)
	e.Line, e.Col = line, col
	return e
}
