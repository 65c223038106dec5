package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestDiffJSON(t *testing.T) {
	tests := []struct {
		name    string
		a, b    string
		equal   bool
		changes []string // "kind path old new"
	}{
		{"equal", `{"a":1,"b":[1,2]}`, `{"a":1,"b":[1,2]}`, true, nil},
		{"key order, spacing and 1.0 against 1 do not count", `{"a": 1.0, "b": {"x": true, "y": null}}`,
			"{\n  \"b\": {\"y\": null, \"x\": true},\n  \"a\": 1\n}\n", true, nil},
		{"a changed value in nested objects", `{"data":{"user":{"name":"张三","age":30}}}`, `{"data":{"user":{"name":"李四","age":30}}}`,
			false, []string{`changed $.data.user.name "张三" "李四"`}},
		{"added and removed keys, in key order", `{"a":1,"c":{"d":[1]},"keep":0}`, `{"b":{"x":"<&>"},"a":1,"keep":0}`,
			false, []string{`added $.b  {"x":"<&>"}`, `removed $.c {"d":[1]} `}},
		{"an array element changed", `{"items":[{"id":1,"title":"a"},{"id":2,"title":"b"}]}`, `{"items":[{"id":1,"title":"a"},{"id":2,"title":"B"}]}`,
			false, []string{`changed $.data.items[1].title "b" "B"`}},
		{"elements appended", `[1,2]`, `[1,2,3,{"x":1}]`, false, []string{`added $[2]  3`, `added $[3]  {"x":1}`}},
		{"elements removed from the end", `{"l":[1,2,3]}`, `{"l":[1]}`, false, []string{`removed $.l[1] 2 `, `removed $.l[2] 3 `}},
		{"an element removed from the front shifts the rest (compared by index)", `[1,2,3]`, `[2,3]`, false,
			[]string{`changed $[0] 1 2`, `changed $[1] 2 3`, `removed $[2] 3 `}},
		{"type changes", `{"a":1,"b":"1","c":[1],"d":{"x":1},"e":null,"f":true}`, `{"a":"1","b":1,"c":{"0":1},"d":[1],"e":false,"f":"true"}`, false, []string{
			`changed $.a 1 "1"`, `changed $.b "1" 1`, `changed $.c [1] {"0":1}`, `changed $.d {"x":1} [1]`, `changed $.e null false`, `changed $.f true "true"`}},
		{"keys that are not identifiers", `{"a b":1,"$ok":1,"中文":1,"x.y":1}`, `{"a b":2,"$ok":2,"中文":2,"x.y":2}`, false, []string{
			`changed $.$ok 1 2`, `changed $["a b"] 1 2`, `changed $["x.y"] 1 2`, `changed $["中文"] 1 2`}},
		{"the whole body changes type", `[1]`, `"text"`, false, []string{`changed $ [1] "text"`}},
		{"big numbers compare as JavaScript sees them", `{"id":12345678901234567890,"n":1e2}`, `{"id":12345678901234567891,"n":100.5}`,
			false, []string{`changed $.n 1e2 100.5`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diff([]byte(tt.a), []byte(tt.b))
			if !r.JSON || r.Equal != tt.equal {
				t.Fatalf("JSON %v Equal %v, want true %v", r.JSON, r.Equal, tt.equal)
			}
			var got []string
			for _, c := range r.Changes {
				got = append(got, strings.Join([]string{c.Kind, c.Path, c.Old, c.New}, " "))
			}
			want := tt.changes
			for i := range want { // the one nested-array case is written with its full path
				want[i] = strings.Replace(want[i], "$.data.items", "$.items", 1)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("changes\n got %q\nwant %q", got, want)
			}
			// The line diff of the pretty-printed bodies agrees.
			if changed := hasChange(r.Lines); changed == tt.equal && !strings.Contains(tt.name, "1e2") {
				t.Errorf("lines changed = %v with Equal %v:\n%s", changed, tt.equal, r.Unified("a", "b", 3))
			}
		})
	}
}

func hasChange(lines []DiffLine) bool {
	for _, l := range lines {
		if l.Kind != ' ' {
			return true
		}
	}
	return false
}

func TestDiffText(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		equal bool
		lines string // the line diff, one "<kind><text>" per line
	}{
		{"equal", "a\nb\n", "a\nb\n", true, " a\n b"},
		{"a changed line", "a\nb\nc\n", "a\nB\nc\n", false, " a\n-b\n+B\n c"},
		{"lines added and removed", "one\ntwo\nthree\nfour", "zero\none\nthree\nfour\nfive", false,
			"+zero\n one\n-two\n three\n four\n+five"},
		{"CRLF is a line end", "a\r\nb\r\n", "a\nb\n", false, " a\n b"},
		{"empty against text", "", "x", false, "+x"},
		{"not JSON on one side", `{"a":1}`, `<html>`, false, "-{\"a\":1}\n+<html>"},
		{"two JSON values are not one", `{"a":1} {"b":2}`, `{"a":1} {"b":2}`, true, ` {"a":1} {"b":2}`},
		{"a long single line", strings.Repeat("x", 300_000), strings.Repeat("x", 299_999) + "y", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diff([]byte(tt.a), []byte(tt.b))
			if r.JSON || r.Equal != tt.equal || len(r.Changes) != 0 {
				t.Fatalf("JSON %v Equal %v changes %d, want false %v 0", r.JSON, r.Equal, len(r.Changes), tt.equal)
			}
			if tt.lines == "" {
				if len(r.Lines) != 2 || r.Lines[0].Kind != '-' || r.Lines[1].Kind != '+' {
					t.Errorf("%d lines", len(r.Lines))
				}
				return
			}
			var got []string
			for _, l := range r.Lines {
				got = append(got, string(l.Kind)+l.Text)
			}
			if g := strings.Join(got, "\n"); g != tt.lines {
				t.Errorf("lines\n got %q\nwant %q", g, tt.lines)
			}
		})
	}
}

// TestLineDiffIsMinimal checks Myers' script on many pairs: it turns a into b, and is no longer than an
// LCS computed the slow way says.
func TestLineDiffIsMinimal(t *testing.T) {
	words := []string{"a", "b", "c", "d"}
	seq := func(seed, n int) []string {
		out := make([]string, n)
		for i := range out {
			seed = seed*1103515245 + 12345
			out[i] = words[(seed>>16)&3]
		}
		return out
	}
	for i := range 300 {
		a, b := seq(i, i%9), seq(i*7+1, (i/9)%11)
		lines := lineDiff(a, b)
		var gotA, gotB []string
		edits := 0
		for _, l := range lines {
			if l.Kind != '+' {
				gotA = append(gotA, l.Text)
			}
			if l.Kind != '-' {
				gotB = append(gotB, l.Text)
			}
			if l.Kind != ' ' {
				edits++
			}
		}
		if !reflect.DeepEqual(gotA, a) && len(a) > 0 || !reflect.DeepEqual(gotB, b) && len(b) > 0 {
			t.Fatalf("%q → %q: the script gives %q → %q", a, b, gotA, gotB)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("%q → %q: %d edits, the minimum is %d", a, b, edits, want)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

func TestLineDiffBounded(t *testing.T) {
	// Two unrelated bodies of 20,000 lines: past maxDiffEdits the middle is removed, then added.
	var a, b []string
	for i := range 20_000 {
		a = append(a, fmt.Sprintf("a%d", i))
		b = append(b, fmt.Sprintf("b%d", i))
	}
	a[0], b[0] = "same", "same"
	lines := lineDiff(a, b)
	if len(lines) != 1+2*19_999 || lines[0] != (DiffLine{' ', "same"}) || lines[1].Kind != '-' || lines[len(lines)-1].Kind != '+' {
		t.Errorf("%d lines", len(lines))
	}
}

func TestUnified(t *testing.T) {
	var a, b []string
	for i := 1; i <= 20; i++ {
		a = append(a, fmt.Sprint(i))
		b = append(b, fmt.Sprint(i))
	}
	b[1] = "two"                  // line 2
	b = append(b[:10], b[11:]...) // line 11 removed
	b = append(b, "21")           // added at the end
	r := Diff([]byte(strings.Join(a, "\n")), []byte(strings.Join(b, "\n")))
	// What diff -u prints for the same files.
	want := `--- A
+++ B
@@ -1,5 +1,5 @@
 1
-2
+two
 3
 4
 5
@@ -8,7 +8,6 @@
 8
 9
 10
-11
 12
 13
 14
@@ -18,3 +17,4 @@
 18
 19
 20
+21
`
	if got := r.Unified("A", "B", 3); got != want {
		t.Errorf("unified\n%s\nwant\n%s", got, want)
	}
	if got := Diff([]byte("x"), []byte("x")).Unified("A", "B", 3); got != "" {
		t.Errorf("equal bodies: %q", got)
	}
}

func TestDiffResultJSON(t *testing.T) {
	r := Diff([]byte(`{"a":1}`), []byte(`{"a":2}`))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"changes":[{"path":"$.a","kind":"changed","old":"1","new":"2"}]`)) ||
		!bytes.Contains(b, []byte(`{"kind":"-","text":"  \"a\": 1"}`)) {
		t.Errorf("%s", b)
	}
	var back DiffResult
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, r) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

// body256KBJSON is a 256KB JSON body like a periodic update's: a list of items.
func body256KBJSON(changed bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":1,"updatedAt":"2026-11-23T09:00:00Z","data":{"items":[`)
	for i := 0; b.Len() < 256<<10-200; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		title := fmt.Sprintf("商品 %d", i)
		price := fmt.Sprintf("%d.%02d", i%500, i%100)
		if changed && i%700 == 3 {
			title, price = title+" (新)", "0.99"
		}
		fmt.Fprintf(&b, `{"id":%d,"title":%q,"price":%s,"tags":["a","b"],"stock":{"sh":%d,"bj":%d}}`, i, title, price, i%7, i%11)
	}
	if changed {
		b.WriteString(`,{"id":-1,"title":"appended"}`)
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

func BenchmarkDiff256KB(b *testing.B) {
	x, y := body256KBJSON(false), body256KBJSON(true)
	b.SetBytes(int64(len(x)))
	b.ReportAllocs()
	for b.Loop() {
		r := Diff(x, y)
		if !r.JSON || r.Equal || len(r.Changes) == 0 {
			b.Fatal(r.JSON, r.Equal, len(r.Changes))
		}
	}
}

func BenchmarkDiff256KBText(b *testing.B) {
	x, y := body256KBJSON(false), body256KBJSON(true)
	x = bytes.ReplaceAll(x, []byte("},{"), []byte("}\n{"))
	y = bytes.ReplaceAll(y, []byte("},{"), []byte("}\n{"))
	x, y = append([]byte("not json\n"), x...), append([]byte("not json\n"), y...)
	b.SetBytes(int64(len(x)))
	b.ReportAllocs()
	for b.Loop() {
		if r := Diff(x, y); r.JSON || r.Equal {
			b.Fatal(r.JSON, r.Equal)
		}
	}
}

// TestPrettyLines: the diff's own printer writes what encoding/json does.
func TestPrettyLines(t *testing.T) {
	for _, body := range []string{
		`{"b":[1,{"x":[]},{}],"a":"\u0000\b\f\n\r\t\"\\/<>&\u007f\u2028\u2029 中文 \ud83d\ude00","c":{"d":{"e":null,"f":true,"g":-1.5e10}}}`,
		`[]`, `{}`, `"s"`, `12`, `[[[]]]`, "\"\xff invalid\"",
	} {
		v, err := parseJSON([]byte(body))
		if err != nil {
			t.Fatal(body, err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(prettyLines(v, len(body)), "\n") + "\n"; got != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", body, got, want.String())
		}
	}
}

// BenchmarkDiff256KBUnrelated: every item differs (thousands of changes; the line diff gives up at
// maxDiffEdits).
func BenchmarkDiff256KBUnrelated(b *testing.B) {
	x := body256KBJSON(false)
	y := bytes.ReplaceAll(x, []byte(`"price":`), []byte(`"price":1`))
	b.ReportAllocs()
	for b.Loop() {
		if r := Diff(x, y); !r.JSON || len(r.Changes) < 2000 {
			b.Fatal(r.JSON, len(r.Changes))
		}
	}
}
