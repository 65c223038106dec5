package project

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/bgfetch/devtools/app/platform"
)

// SetPlatform sets "platform" in dir/bgfetch.config.json, changing only that value's bytes (or inserting
// the key with the file's layout, or creating the file when there is none). The file is replaced
// atomically. A file that does not parse is left alone and its error returned.
func SetPlatform(dir string, p Platform) error {
	spec, err := platform.Lookup(p)
	if err != nil {
		return err
	}
	p = spec.ID
	path := filepath.Join(dir, ConfigFile)
	data, found, err := readFile(path, maxConfigBytes)
	if err != nil {
		return err
	}
	lit := strconv.Quote(string(p))
	if !found {
		if err := os.WriteFile(path, []byte("{\n  \"platform\": "+lit+"\n}\n"), 0o644); err != nil {
			return fmt.Errorf("cannot create %s: %w", path, err)
		}
		return nil
	}
	d, err := parseDoc(path, data)
	if err != nil {
		return err
	}
	if d.root.kind != kindObject {
		return d.typeErr(d.root, "", mWantJSONObj.With())
	}
	var start, end int
	var insert string
	if v := d.root.get("platform"); v != nil {
		if string(d.data[v.start:v.end]) == lit {
			return nil
		}
		start, end, insert = v.start, v.end, lit
	} else {
		f := d.format(d.root)
		start, end, insert = d.insertion(d.root, f, `"platform"`+f.colon+lit)
	}
	out := make([]byte, 0, d.bom+len(d.data)+len(insert))
	out = append(out, utf8BOM[:d.bom]...)
	out = append(out, d.data[:start]...)
	out = append(out, insert...)
	out = append(out, d.data[end:]...)
	if err := writeFileAtomic(path, out); err != nil {
		return err
	}
	return nil
}
