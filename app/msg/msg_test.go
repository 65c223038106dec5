package msg

import "testing"

func TestFill(t *testing.T) {
	for _, tt := range []struct {
		tmpl string
		args []string
		want string
	}{
		{"plain", nil, "plain"},
		{"HTTP {0}; {1} and {0}", []string{"502", "x"}, "HTTP 502; x and 502"},
		{"{1} before {0}", []string{"a", "b"}, "b before a"},
		{"missing {2}", []string{"a"}, "missing {2}"},
		{`JSON {"k": 1} stays`, nil, `JSON {"k": 1} stays`},
		{"unclosed {0", []string{"a"}, "unclosed {0"},
	} {
		if got := Fill(tt.tmpl, tt.args); got != tt.want {
			t.Errorf("Fill(%q, %q) = %q, want %q", tt.tmpl, tt.args, got, tt.want)
		}
	}
}

func TestDefineAndRender(t *testing.T) {
	d := Define("test.status", "the server answered HTTP {0}")
	m := d.With(404)
	if m.English() != "the server answered HTTP 404" || m.Code != "test.status" {
		t.Errorf("%+v %q", m, m.English())
	}
	if s, ok := m.In(map[string]string{"test.status": "服务器返回 HTTP {0}"}); !ok || s != "服务器返回 HTTP 404" {
		t.Errorf("In: %q %v", s, ok)
	}
	if _, ok := m.In(nil); ok {
		t.Error("In(nil) found a template")
	}
	if got := (Msg{Code: "from.newer", Args: []string{"1"}}).English(); got != "from.newer 1" {
		t.Errorf("unknown code: %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a code defined twice did not panic")
		}
	}()
	Define("test.status", "again")
}

func TestSubMessages(t *testing.T) {
	inner := Define("test.fail", "fail")
	outer := Define("test.get", "get ⟶ {0} ({1})")
	m := outer.With(inner.With(), "x")
	if got := m.English(); got != "get ⟶ fail (x)" {
		t.Errorf("English %q", got)
	}
	zh := map[string]string{"test.get": "读取 ⟶ {0}（{1}）", "test.fail": "失败"}
	if got, _ := m.In(zh); got != "读取 ⟶ 失败（x）" {
		t.Errorf("In %q", got)
	}
	delete(zh, "test.fail")
	if got, _ := m.In(zh); got != "读取 ⟶ fail（x）" {
		t.Errorf("In without the sub's template %q", got)
	}
}
