package platform

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRegistryInOrder(t *testing.T) {
	if got := IDs(); !slices.Equal(got, []string{"weapp", "qq", "alipay"}) {
		t.Fatalf("IDs() = %v", got)
	}
	if got := Known(); got != "weapp, qq or alipay" {
		t.Errorf("Known() = %q", got)
	}
}

func TestLookup(t *testing.T) {
	for in, want := range map[ID]ID{"weapp": Weapp, "WeChat": Weapp, "mp-weixin": Weapp, " qq ": QQ, "my": Alipay, "ALIPAY": Alipay} {
		s, err := Lookup(in)
		if err != nil || s.ID != want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", in, s, err, want)
		}
	}
	for _, bad := range []ID{"", "tt", "baidu", "wechat2"} {
		_, err := Lookup(bad)
		if err == nil || !strings.Contains(err.Error(), "weapp, qq or alipay") {
			t.Errorf("Lookup(%q): %v, want an error that lists the platforms", bad, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Of(unknown) did not panic: it must never fall back to a platform")
		}
	}()
	Of("tt")
}

// Each Spec is complete and consistent: what it says it has, it describes.
func TestSpecsAreComplete(t *testing.T) {
	for _, s := range All() {
		t.Run(string(s.ID), func(t *testing.T) {
			if s.NameZh == "" || s.API == "" {
				t.Error("no Chinese name or API object")
			}
			for ft := range s.Requires {
				if !s.Has(ft) {
					t.Errorf("a requirement for %s, which it does not have", ft)
				}
			}
			for _, ft := range s.FetchTypes {
				if ft != Periodic && ft != Pre && ft != JSAPIPre {
					t.Errorf("unknown fetch type %q", ft)
				}
			}
			if s.Periodic() && (!s.Token || s.Msg.TokenNotSet == "") {
				t.Error("periodic updates need a token and the words of its failure")
			}
			if s.Requests == RequestsQuery && !slices.Contains(s.LaunchParams, "scene") {
				t.Errorf("launch params %v", s.LaunchParams)
			}
			if s.Shape == ShapeAlipay && (s.Msg.NoDataCode == 0 || s.Msg.BadFetchTypeCode == 0) {
				t.Error("an Alipay-shaped result needs its error codes")
			}
			if s.Shape == ShapeWx && s.Msg.NoDataAndroid == "" {
				t.Error("no Android errMsg for nothing cached")
			}
			if s.Msg.NoToken == "" {
				t.Error("no getBackgroundFetchToken failure")
			}
			keys := map[string]bool{}
			for _, f := range append(slices.Clone(s.Facts), Assumptions...) {
				if f.Key == "" || f.Text == "" || f.Source == "" {
					t.Errorf("fact %+v: a key, a text and a source are required", f)
				}
				if keys[f.Key] {
					t.Errorf("fact %q twice", f.Key)
				}
				keys[f.Key] = true
			}
			for _, v := range s.Versions {
				if v.Source == "" || (v.Before == "" && v.Since == "") {
					t.Errorf("version rule %+v", v)
				}
			}
		})
	}
}

func TestPlatformFacts(t *testing.T) {
	wx, qq, ali := Of(Weapp), Of(QQ), Of(Alipay)
	if !wx.IOSEmptySuccessDocumented || qq.IOSEmptySuccessDocumented || !qq.IOSEmptySuccess {
		t.Error("iOS empty success: documented by WeChat, assumed for QQ")
	}
	if slices.Contains(qq.LaunchParams, "customMiniprogramVersion") || !slices.Contains(wx.LaunchParams, "customMiniprogramVersion") {
		t.Error("customMiniprogramVersion: WeChat sends it, QQ does not list it")
	}
	if wx.Msg.NoPermission != "-10007 no permission" || wx.Msg.NoPermissionNo != -10007 || qq.Msg.NoPermission != "" {
		t.Error("-10007 no permission is WeChat's; QQ documents none")
	}
	if ali.Periodic() || ali.Gray || ali.Token || ali.Prefetch != SwitchPreloadJSON {
		t.Error("Alipay: no periodic, no gray, no token, prefetch by preload.json")
	}
	if r := ali.Requires[Pre]; r.BaseLibrary != "2.7.11" || r.Client != "10.2.36" {
		t.Errorf("Alipay requirement %+v", r)
	}
	if r := wx.Requires[Periodic]; r.BaseLibrary != "2.8.0" {
		t.Errorf("WeChat periodic requirement %+v", r)
	}
	rules := map[string]VersionRule{}
	for _, v := range wx.Versions {
		rules[v.Key] = v
	}
	if rules["ios-timestamp"].Before != "8.0.27" || rules["realdevice-fetch"].Since != "7.0.7" {
		t.Errorf("WeChat version rules %+v", wx.Versions)
	}
	for _, key := range []string{"cache-2xx", "redirects", "body-limit", "user-agent", "space", "token-length"} {
		f, ok := wx.Fact(key)
		if !ok || f.Documented {
			t.Errorf("%s must be listed as the tool's assumption: %+v", key, f)
		}
	}
}

// Nothing outside the platform package decides a rule by naming a platform: comparing with, or switching on,
// project.Weapp/QQ/Alipay (or their strings) is a rule that belongs in a Spec.
func TestNoPlatformSwitchOutsideSpecs(t *testing.T) {
	root := filepath.Join("..", "..")
	names := map[string]bool{"Weapp": true, "QQ": true, "Alipay": true}
	lits := map[string]bool{`"weapp"`: true, `"qq"`: true, `"alipay"`: true}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "platform", "testdata", "bin", "dist", "node_modules", ".git", "packaging", "bench":
				if path != root {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		isPlatform := func(e ast.Expr) bool {
			switch x := e.(type) {
			case *ast.SelectorExpr:
				return names[x.Sel.Name] && isIdent(x.X, "project")
			case *ast.Ident:
				return names[x.Name] && f.Name.Name == "project"
			case *ast.BasicLit:
				return lits[x.Value]
			}
			return false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				if (x.Op == token.EQL || x.Op == token.NEQ) && (isPlatform(x.X) || isPlatform(x.Y)) {
					t.Errorf("%s: compares with a platform by name; ask its platform.Spec", path)
				}
			case *ast.CaseClause:
				for _, e := range x.List {
					if isPlatform(e) {
						t.Errorf("%s: a case on a platform by name; ask its platform.Spec", path)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
