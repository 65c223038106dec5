package project

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bgfetch/devtools/app/msg"
)

var (
	preloadEntryKeys  = []string{"fetchType", "params"}
	preloadParamsKeys = []string{"url", "method", "data", "headers", "dataType", "jsapi"}
	preloadMethods    = []string{"GET", "POST", "PUT", "DELETE"}
	preloadDataTypes  = []string{"json", "text", "base64", "arraybuffer"}
	preloadFetchTypes = []string{"pre", "jsapiPre"}
)

// jsapiGetLocation is the only JSAPI Alipay's jsapiPre prefetch supports.
const jsapiGetLocation = "my.getLocation"

// ParsePreload parses and validates the content of Alipay's preload.json; name is used as
// ConfigError.File. It enforces the MaxPreloadBytes limit, fills in the defaults (fetchType pre,
// method GET, dataType json) and normalizes case. Every error is a *ConfigError. It never panics.
func ParsePreload(name string, data []byte) ([]PreloadEntry, error) {
	if len(data) > MaxPreloadBytes {
		return nil, cfgErr(name, mPreloadBig.With(len(data), PreloadFile, MaxPreloadBytes, len(data)-MaxPreloadBytes), nil)
	}
	d, err := parseDoc(name, data)
	if err != nil {
		return nil, err
	}
	if d.root.kind != kindArray {
		return nil, d.typeErr(d.root, "", mWantEntries.With())
	}
	entries := make([]PreloadEntry, 0, len(d.root.elems))
	seen := map[string]int{}
	for i, n := range d.root.elems {
		path := fmt.Sprintf("[%d]", i)
		e, defaulted, err := d.preloadEntry(n, path)
		if err != nil {
			return nil, err
		}
		if first, ok := seen[e.FetchType]; ok {
			var how any = ""
			if defaulted {
				how = mPreloadDefault.With()
			}
			return nil, d.errAt(n.start, mPreloadDup.With(path, q(e.FetchType), how, first))
		}
		seen[e.FetchType] = i
		entries = append(entries, e)
	}
	return entries, nil
}

// preloadEntry parses one entry; defaulted says that it had no "fetchType" and got the default pre.
func (d *doc) preloadEntry(n *node, path string) (e PreloadEntry, defaulted bool, err error) {
	e = PreloadEntry{Method: "GET", DataType: "json"}
	var params *node
	err = d.walk(n, path, preloadEntryKeys, false, func(m member) error {
		var err error
		switch m.key {
		case "fetchType":
			e.FetchType, err = d.oneOf(m.val, path+".fetchType", preloadFetchTypes, map[string]string{"jsapipre": "jsapiPre", "pre": "pre"})
		case "params":
			params = m.val
		}
		return err
	})
	if err != nil {
		return e, defaulted, err
	}
	if e.FetchType == "" {
		// Alipay documents fetchType as optional with the default pre (数据预拉取, 属性说明: 必填 否,
		// 默认值 pre).
		e.FetchType, defaulted = "pre", true
	}
	if params == nil {
		return e, defaulted, d.errAt(n.start, mPreloadNoParams.With(path))
	}
	ppath := path + ".params"
	var urlNode, jsapiNode *node
	err = d.walk(params, ppath, preloadParamsKeys, false, func(m member) error {
		var err error
		kpath := join(ppath, m.key)
		switch m.key {
		case "url":
			urlNode = m.val
			e.URL, err = d.absURL(m.val, kpath)
		case "method":
			var s string
			if s, err = d.str(m.val, kpath); err == nil {
				e.Method, err = d.caseFold(m.val, kpath, strings.ToUpper(s), preloadMethods)
			}
		case "dataType":
			var s string
			if s, err = d.str(m.val, kpath); err == nil {
				e.DataType, err = d.caseFold(m.val, kpath, strings.ToLower(s), preloadDataTypes)
			}
		case "data":
			if m.val.kind != kindObject {
				return d.typeErr(m.val, kpath, mWantObject.With())
			}
			err = json.Unmarshal(d.data[m.val.start:m.val.end], &e.Data)
			if err != nil {
				err = d.errAt(m.val.start, mPreloadData.With(q(kpath), err))
			}
		case "headers":
			if m.val.kind != kindObject {
				return d.typeErr(m.val, kpath, mWantHeaders.With())
			}
			e.Headers = make(map[string]string, len(m.val.members))
			for _, h := range m.val.members {
				if h.val.kind != kindString {
					return d.typeErr(h.val, join(kpath, h.key), mWantHeader.With())
				}
				e.Headers[h.key] = h.val.str
			}
		case "jsapi":
			jsapiNode = m.val
			e.JSAPI, err = d.str(m.val, kpath)
		}
		return err
	})
	if err != nil {
		return e, defaulted, err
	}
	switch e.FetchType {
	case "pre":
		if jsapiNode != nil {
			return e, defaulted, d.errAt(jsapiNode.start, mPreloadJSAPIPre.With(q(ppath+".jsapi"), noFetchType(defaulted, mPreloadIsPre)))
		}
		if e.URL == "" {
			at := params.start
			if urlNode != nil {
				at = urlNode.start
			}
			return e, defaulted, d.errAt(at, mPreloadNeedsURL.With(path, noFetchType(defaulted, mPreloadIsPreSemi), q(ppath+".url")))
		}
	case "jsapiPre":
		if urlNode != nil {
			return e, defaulted, d.errAt(urlNode.start, mPreloadURLJSAPI.With(q(ppath+".url"), jsapiGetLocation))
		}
		if e.JSAPI != jsapiGetLocation {
			at := params.start
			if jsapiNode != nil {
				at = jsapiNode.start
			}
			return e, defaulted, d.errAt(at, mPreloadJSAPI.With(q(ppath+".jsapi"), q(jsapiGetLocation), q(e.JSAPI)))
		}
	}
	return e, defaulted, nil
}

// noFetchType says, when an entry had no "fetchType", that it was taken as pre (how: the words around it).
func noFetchType(defaulted bool, how msg.Def) any {
	if !defaulted {
		return ""
	}
	return how.With()
}

// caseFold accepts norm when it is one of allowed.
func (d *doc) caseFold(n *node, path, norm string, allowed []string) (string, error) {
	for _, a := range allowed {
		if a == norm {
			return norm, nil
		}
	}
	return "", d.errAt(n.start, mNotOneOfCase.With(q(path), orMsg(allowed), q(n.str)))
}
