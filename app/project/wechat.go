package project

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// wechatConfig is what BgFetch reads from WeChat DevTools' project.config.json or
// project.private.config.json. Every other key in those files belongs to WeChat and is ignored.
type wechatConfig struct {
	appid   string
	preload *bool // setting.preloadBackgroundData; nil when absent
}

// readWeChatFile reads dir/name if it exists (nil, nil when it does not) and records it in p.Files.
func readWeChatFile(dir, name string, p *Project) (*wechatConfig, error) {
	path := filepath.Join(dir, name)
	data, found, err := readFile(path, maxConfigBytes)
	if err != nil || !found {
		return nil, err
	}
	p.Files = append(p.Files, name)
	d, err := parseDoc(path, data)
	if err != nil {
		return nil, err
	}
	return parseWeChat(d, name == ProjectConfigFile)
}

func parseWeChat(d *doc, withAppID bool) (*wechatConfig, error) {
	if d.root.kind != kindObject {
		return nil, d.typeErr(d.root, "", mWantJSONObj.With())
	}
	wc := &wechatConfig{}
	if n := d.root.get("appid"); withAppID && n != nil && n.kind != kindNull {
		s, err := d.str(n, "appid")
		if err != nil {
			return nil, err
		}
		wc.appid = s
	}
	setting := d.root.get("setting")
	if setting == nil || setting.kind == kindNull {
		return wc, nil
	}
	if setting.kind != kindObject {
		return nil, d.typeErr(setting, "setting", mWantObject.With())
	}
	if n := setting.get("preloadBackgroundData"); n != nil && n.kind != kindNull {
		b, err := d.boolean(n, "setting.preloadBackgroundData")
		if err != nil {
			return nil, err
		}
		wc.preload = &b
	}
	return wc, nil
}

// SetPreloadBackgroundData sets setting.preloadBackgroundData (本地设置 → 启用数据预拉取) to on in
// dir/project.config.json, or in dir/project.private.config.json when that file already has the
// key, since it wins. Only that value's bytes change: the rest of the file, its key order,
// indentation and unknown keys stay byte for byte as they were. A missing key is inserted into
// "setting" (and a missing "setting" into the file) with the file's indentation. The file is
// replaced atomically (a temporary file in the same folder, then rename) and keeps its mode.
func SetPreloadBackgroundData(dir string, on bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("project folder %s: %w", dir, err)
	}
	target := filepath.Join(abs, ProjectConfigFile)
	var d *doc
	privPath := filepath.Join(abs, PrivateConfigFile)
	if data, found, err := readFile(privPath, maxConfigBytes); err != nil {
		return err
	} else if found {
		pd, err := parseDoc(privPath, data)
		if err != nil {
			return err
		}
		if pd.root.get("setting").get("preloadBackgroundData") != nil {
			target, d = privPath, pd
		}
	}
	if d == nil {
		data, found, err := readFile(target, maxConfigBytes)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("cannot switch 启用数据预拉取: %s has no %s; import the project into WeChat DevTools once, or create the file with {\"appid\": \"...\"}: %w",
				abs, ProjectConfigFile, fs.ErrNotExist)
		}
		if d, err = parseDoc(target, data); err != nil {
			return err
		}
	}
	out, changed, err := setPreloadBytes(d, on)
	if err != nil || !changed {
		return err
	}
	return writeFileAtomic(target, out)
}

// setPreloadBytes returns the file's bytes (BOM included) with setting.preloadBackgroundData set
// to on, and whether anything changed.
func setPreloadBytes(d *doc, on bool) ([]byte, bool, error) {
	lit := "false"
	if on {
		lit = "true"
	}
	root := d.root
	if root.kind != kindObject {
		return nil, false, d.typeErr(root, "", mWantJSONObj.With())
	}
	data := d.data
	var start, end int
	var insert string
	setting := root.get("setting")
	switch {
	case setting == nil:
		// Insert "setting": {"preloadBackgroundData": on} into the top-level object.
		f := d.format(root)
		inner := f.memberIndent + f.unit
		val := "{" + f.nl + inner + `"preloadBackgroundData"` + f.colon + lit + f.nl + f.memberIndent + "}"
		if f.nl == "" {
			val = `{"preloadBackgroundData"` + f.colon + lit + "}"
		}
		start, end, insert = d.insertion(root, f, `"setting"`+f.colon+val)
	case setting.kind != kindObject:
		return nil, false, d.errAt(setting.start, mSettingObj.With(d.text(setting)))
	default:
		if v := setting.get("preloadBackgroundData"); v != nil {
			if string(data[v.start:v.end]) == lit {
				return nil, false, nil
			}
			start, end, insert = v.start, v.end, lit
		} else {
			f := d.format(setting)
			start, end, insert = d.insertion(setting, f, `"preloadBackgroundData"`+f.colon+lit)
		}
	}
	out := make([]byte, 0, d.bom+len(data)+len(insert))
	out = append(out, utf8BOM[:d.bom]...)
	out = append(out, data[:start]...)
	out = append(out, insert...)
	out = append(out, data[end:]...)
	return out, true, nil
}

// objFormat is how the members of one object are laid out.
type objFormat struct {
	nl           string // "\n", "\r\n", or "" for an object written on one line
	memberIndent string // white space before a member's key on its line
	sep          string // white space between the comma after a member and the next key
	colon        string // text between a key and its value, e.g. ": "
	unit         string // one level of indentation
}

// format works out the layout of obj's members from the object itself and the rest of the file.
func (d *doc) format(obj *node) objFormat {
	data := d.data
	f := objFormat{nl: "\n", colon: ": ", unit: "  "}
	if bytes.Contains(data, []byte("\r\n")) {
		f.nl = "\r\n"
	}
	if !bytes.Contains(data, []byte("\n")) {
		f.nl, f.colon = "", ":"
	}
	// Take the colon style from the object itself, else from the top level; the indentation unit
	// from the first member of the top level.
	for _, o := range []*node{obj, d.root} {
		if len(o.members) > 0 {
			m := o.members[0]
			f.colon = string(data[m.keyEnd:m.val.start])
			break
		}
	}
	if len(d.root.members) > 0 {
		if ind := indentBefore(data, d.root.members[0].keyStart); ind != "" {
			f.unit = ind
		}
	}
	parentIndent := indentBefore(data, obj.start)
	if !lineStartsAt(data, obj.start) {
		parentIndent = lineIndent(data, obj.start)
	}
	switch len(obj.members) {
	case 0:
		f.memberIndent = parentIndent + f.unit
		if f.nl != "" {
			f.sep = f.nl + f.memberIndent
		}
	default:
		first := obj.members[0]
		between := string(data[obj.start+1 : first.keyStart])
		if !strings.Contains(between, "\n") {
			f.nl = ""
		}
		f.sep = between
		if between == "" && strings.HasSuffix(f.colon, " ") {
			f.sep = " " // {"a": 1} is written as {"a": 1, "b": 2}
		}
		if len(obj.members) > 1 {
			prev, last := obj.members[len(obj.members)-2], obj.members[len(obj.members)-1]
			gap := string(data[prev.val.end:last.keyStart])
			if i := strings.IndexByte(gap, ','); i >= 0 {
				f.sep = gap[i+1:]
			}
		}
		f.memberIndent = lineIndent(data, first.keyStart)
	}
	return f
}

// insertion returns the byte range to replace and the text that adds member (already formatted as
// `"key": value`) as the last member of obj.
func (d *doc) insertion(obj *node, f objFormat, member string) (start, end int, text string) {
	if len(obj.members) > 0 {
		last := obj.members[len(obj.members)-1]
		return last.val.end, last.val.end, "," + f.sep + member
	}
	// Empty object: replace everything between the braces.
	closeIndent := ""
	if f.nl != "" {
		closeIndent = f.nl + strings.TrimSuffix(f.memberIndent, f.unit)
	}
	return obj.start + 1, obj.end - 1, f.sep + member + closeIndent
}

// lineIndent returns the white space at the start of the line containing off.
func lineIndent(data []byte, off int) string {
	ls := bytes.LastIndexByte(data[:off], '\n') + 1
	i := ls
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return string(data[ls:i])
}

// indentBefore returns the white space between the start of off's line and off when only white
// space precedes off on its line, else "".
func indentBefore(data []byte, off int) string {
	if !lineStartsAt(data, off) {
		return ""
	}
	return lineIndent(data, off)
}

// lineStartsAt reports whether only spaces and tabs precede off on its line.
func lineStartsAt(data []byte, off int) bool {
	ls := bytes.LastIndexByte(data[:off], '\n') + 1
	return len(bytes.Trim(data[ls:off], " \t")) == 0
}

// writeFileAtomic replaces path (following a symbolic link) with data through a temporary file in
// the same folder, keeping the file mode.
func writeFileAtomic(path string, data []byte) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w; check that the folder exists and is writable", path, err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w; check that the folder is writable and the disk is not full", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("cannot replace %s: %w; is it open read-only or locked by another program?", path, err)
		}
		return fmt.Errorf("cannot replace %s: %w", path, err)
	}
	return nil
}
