package widgets

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// rows builds the expected lines of a body whose lines are all shorter than the wrap width.
func rows(texts ...string) []Line {
	out := make([]Line, len(texts))
	for i, s := range texts {
		out[i] = Line{No: i + 1, Text: s}
	}
	return out
}

// checkLines asserts what holds for every result of FormatBody: rows are at most width runes, valid
// UTF-8 with no tab or line break, numbered from 1 without gaps, and a continuation row carries the
// number of the row before it.
// cells is how many monospace cells s takes in the viewer: a CJK rune two.
func cells(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2E80 {
			n++
		}
	}
	return n
}

func checkLines(t *testing.T, lines []Line, width int) {
	t.Helper()
	for i, l := range lines {
		if n := cells(l.Text); n > width && utf8.RuneCountInString(l.Text) > 1 {
			t.Errorf("row %d is %d cells wide, more than %d", i, n, width)
		}
		if !utf8.ValidString(l.Text) {
			t.Errorf("row %d is not valid UTF-8: %q", i, l.Text)
		}
		if strings.ContainsAny(l.Text, "\t\r\n") {
			t.Errorf("row %d holds a tab or line break: %q", i, l.Text)
		}
		switch {
		case i == 0:
			if l.No != 1 || l.Cont {
				t.Errorf("first row = %+v, want No 1 and not a continuation", l)
			}
		case l.Cont:
			if l.No != lines[i-1].No {
				t.Errorf("continuation row %d has No %d, the row before has %d", i, l.No, lines[i-1].No)
			}
			if prev := cells(lines[i-1].Text); lines[i-1].Text == "" || prev < width-1 { // a CJK rune (2 cells) may not fit the last cell
				t.Errorf("row %d continues row %d, which is not full (%d cells)", i, i-1, prev)
			}
		default:
			if l.No != lines[i-1].No+1 {
				t.Errorf("row %d has No %d after No %d", i, l.No, lines[i-1].No)
			}
		}
	}
}

// joinWrapped undoes the wrapping: the text of each numbered line.
func joinWrapped(lines []Line) []string {
	var out []string
	for _, l := range lines {
		if l.Cont {
			out[len(out)-1] += l.Text
		} else {
			out = append(out, l.Text)
		}
	}
	return out
}

func TestFormatBody(t *testing.T) {
	cn := strings.Repeat("中文", 100)                         // 200 runes, 600 bytes
	mixed := strings.Repeat("a中", 100)                      // 200 runes, 400 bytes: rune starts are not every 3 bytes
	single := strings.Repeat("0123456789abcdef", 262144/16) // 256KB on one line
	longValue := strings.Repeat("x", 300)

	tests := []struct {
		name    string
		body    string
		nilBody bool
		pretty  bool
		width   int
		want    []Line // nil with wantN > 0 checks the count only
		wantN   int
		isJSON  bool
	}{
		{name: "nil body", nilBody: true, pretty: true, want: nil},
		{name: "empty raw", body: "", pretty: false, want: nil},
		{name: "small object pretty", body: `{"a":1,"b":"x","c":[true,null]}`, pretty: true, isJSON: true,
			want: rows(`{`, `  "a": 1,`, `  "b": "x",`, `  "c": [`, `    true,`, `    null`, `  ]`, `}`)},
		{name: "array pretty", body: `[1,{"k":"v"},"s"]`, pretty: true, isJSON: true,
			want: rows(`[`, `  1,`, `  {`, `    "k": "v"`, `  },`, `  "s"`, `]`)},
		{name: "empty object", body: `{}`, pretty: true, isJSON: true, want: rows(`{}`)},
		{name: "raw keeps JSON as is", body: `{"a":1,"b":"x"}`, pretty: false, isJSON: true,
			want: rows(`{"a":1,"b":"x"}`)},
		{name: "raw keeps lines as is", body: "line one\n  line two\n", pretty: false,
			want: rows("line one", "  line two", "")},
		{name: "invalid JSON shown raw", body: `{"a":1,`, pretty: true, isJSON: false, want: rows(`{"a":1,`)},
		{name: "JSON scalar is not pretty-printed", body: `"just a string"`, pretty: true, isJSON: false,
			want: rows(`"just a string"`)},
		{name: "plain text", body: "hello\nworld", pretty: true, want: rows("hello", "world")},
		{name: "whitespace around JSON pretty", body: " \r\n\t{\"a\": 1} \n\n", pretty: true, isJSON: true,
			want: rows(`{`, `  "a": 1`, `}`)},
		{name: "whitespace around JSON raw", body: "  {\"a\":1}  \n", pretty: false, isJSON: true,
			want: rows(`  {"a":1}  `, "")},
		{name: "whitespace only", body: "   ", pretty: true, want: rows("   ")},
		{name: "tabs expanded", body: "a\tb\t\tc", pretty: false, want: rows("a    b        c")},
		{name: "CRLF normalised", body: "a\r\nb\r\nc", pretty: false, want: rows("a", "b", "c")},
		{name: "lone CR is a line break", body: "a\rb", pretty: false, want: rows("a", "b")},
		{name: "CRLF in JSON", body: "{\r\n\t\"a\": \"x\"\r\n}\r\n", pretty: true, isJSON: true,
			want: rows(`{`, `  "a": "x"`, `}`)},
		{name: "invalid UTF-8 becomes U+FFFD", body: "a\xffb\xfe\xfdc", pretty: false,
			want: rows("a\uFFFDb\uFFFDc")},
		{name: "truncated rune at the end", body: "ok" + "中"[:2], pretty: false, want: rows("ok\uFFFD")},
		{name: "invalid UTF-8 inside JSON", body: "{\"a\":\"\xff\"}", pretty: true, isJSON: true,
			want: rows(`{`, "  \"a\": \"\uFFFD\"", `}`)},
		{name: "exactly the width", body: strings.Repeat("y", WrapWidth), want: rows(strings.Repeat("y", WrapWidth))},
		{name: "one rune over the width", body: strings.Repeat("y", WrapWidth+1),
			want: []Line{{No: 1, Text: strings.Repeat("y", WrapWidth)}, {No: 1, Text: "y", Cont: true}}},
		{name: "zero width means WrapWidth", body: strings.Repeat("z", WrapWidth+1), width: -1, wantN: 2},
		{name: "custom width", body: "abcdefg", width: 3,
			want: []Line{{No: 1, Text: "abc"}, {No: 1, Text: "def", Cont: true}, {No: 1, Text: "g", Cont: true}}},
		{name: "Chinese wrapped by cells, two a rune", body: cn,
			want: []Line{{No: 1, Text: strings.Repeat("中文", 30)}, {No: 1, Text: strings.Repeat("中文", 30), Cont: true},
				{No: 1, Text: strings.Repeat("中文", 30), Cont: true}, {No: 1, Text: strings.Repeat("中文", 10), Cont: true}}},
		{name: "mixed ASCII and Chinese wrapped by cells", body: mixed,
			want: []Line{{No: 1, Text: strings.Repeat("a中", 40)}, {No: 1, Text: strings.Repeat("a中", 40), Cont: true},
				{No: 1, Text: strings.Repeat("a中", 20), Cont: true}}},
		{name: "a CJK rune that does not fit the last cell goes to the next row", body: strings.Repeat("a", WrapWidth-1) + "中",
			want: []Line{{No: 1, Text: strings.Repeat("a", WrapWidth-1)}, {No: 1, Text: "中", Cont: true}}},
		{name: "long JSON value wraps and numbering goes on", body: `{"k":"` + longValue + `","n":1}`, pretty: true, isJSON: true,
			want: []Line{
				{No: 1, Text: "{"},
				{No: 2, Text: (`  "k": "` + longValue)[:WrapWidth]},
				{No: 2, Text: (`  "k": "` + longValue)[WrapWidth : 2*WrapWidth], Cont: true},
				{No: 2, Text: (`  "k": "` + longValue + `",`)[2*WrapWidth:], Cont: true},
				{No: 3, Text: `  "n": 1`},
				{No: 4, Text: "}"},
			}},
		{name: "256KB on one line", body: single, pretty: true, wantN: (262144 + WrapWidth - 1) / WrapWidth},
		{name: "256KB on one line raw", body: single, pretty: false, wantN: (262144 + WrapWidth - 1) / WrapWidth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			width := tt.width
			body := []byte(tt.body)
			if tt.nilBody {
				body = nil
			}
			got, isJSON := FormatBody(body, tt.pretty, width)
			if width <= 0 {
				width = WrapWidth
			}
			if isJSON != tt.isJSON {
				t.Errorf("isJSON = %v, want %v", isJSON, tt.isJSON)
			}
			checkLines(t, got, width)
			if tt.wantN > 0 {
				if len(got) != tt.wantN {
					t.Fatalf("got %d rows, want %d", len(got), tt.wantN)
				}
			} else if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("FormatBody(%.60q, %v, %d) =\n%+v\nwant\n%+v", tt.body, tt.pretty, tt.width, got, tt.want)
			}
		})
	}
}

func TestFormatBodySingleLine256KB(t *testing.T) {
	body := singleLineBody()
	if len(body) != 262144 {
		t.Fatalf("body is %d bytes", len(body))
	}
	lines, isJSON := FormatBody(body, true, WrapWidth)
	if isJSON {
		t.Error("isJSON = true for text")
	}
	if want := (len(body) + WrapWidth - 1) / WrapWidth; len(lines) != want {
		t.Fatalf("got %d rows, want ceil(%d/%d) = %d", len(lines), len(body), WrapWidth, want)
	}
	checkLines(t, lines, WrapWidth)
	for i, l := range lines {
		if l.No != 1 || l.Cont != (i > 0) {
			t.Fatalf("row %d = {No %d, Cont %v}, want No 1 and Cont %v", i, l.No, l.Cont, i > 0)
		}
		if i < len(lines)-1 && len(l.Text) != WrapWidth {
			t.Fatalf("row %d has %d bytes, want %d", i, len(l.Text), WrapWidth)
		}
	}
	if got := joinWrapped(lines); len(got) != 1 || got[0] != string(body) {
		t.Error("the rows do not join back into the body")
	}
}

func TestFormatBodyChineseNeverSplitsARune(t *testing.T) {
	// 262144 bytes of 3-byte runes and ASCII in an order that puts rune starts everywhere.
	var sb strings.Builder
	for i := 0; sb.Len() < 262144-4; i++ {
		sb.WriteString([]string{"中", "a", "文bc", "字", "🙂"}[i%5])
	}
	body := sb.String()
	for _, width := range []int{1, 7, WrapWidth, 400} {
		lines, _ := FormatBody([]byte(body), false, width)
		checkLines(t, lines, width)
		// Every row but the last is full, or one cell short when a CJK rune did not fit.
		if c := cells(body); width > 1 && (len(lines) < (c+width-1)/width || len(lines) > (c+width-2)/(width-1)) {
			t.Errorf("width %d: %d rows for %d cells", width, len(lines), c)
		}
		if got := joinWrapped(lines); len(got) != 1 || got[0] != body {
			t.Errorf("width %d: the rows do not join back into the body", width)
		}
	}
}

func TestFormatBodyPretty256KB(t *testing.T) {
	body := prettyBody()
	lines, isJSON := FormatBody(body, true, WrapWidth)
	if !isJSON {
		t.Fatal("isJSON = false for the 256KB JSON document")
	}
	checkLines(t, lines, WrapWidth)
	if lines[0].Text != "[" || lines[1].Text != "  {" || lines[len(lines)-1].Text != "]" {
		t.Errorf("not pretty-printed: %q %q … %q", lines[0].Text, lines[1].Text, lines[len(lines)-1].Text)
	}
	raw, _ := FormatBody(body, false, WrapWidth)
	if got := joinWrapped(raw); len(got) != 1 || got[0] != string(body) {
		t.Error("raw rows do not join back into the body")
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{1, "1 B"},
		{512, "512 B"},
		{1023, "1023 B"},
		{1024, "1.0 KB"},
		{1536, "1.5 KB"},
		{12595, "12.3 KB"},
		{200 * 1024, "200.0 KB"},
		{262144, "256.0 KB"},
		{262145, "256.0 KB"},
		{1 << 20, "1.0 MB"},
		{3 << 19, "1.5 MB"},
		{10 << 30, "10240.0 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatBytes(tt.n); got != tt.want {
				t.Errorf("FormatBytes(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}
