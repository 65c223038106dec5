package core

import (
	"github.com/bgfetch/devtools/app/fetch"
	"github.com/bgfetch/devtools/app/project"
)

// Requirement is the oldest version a platform's document says a fetch type works on.
type Requirement struct {
	BaseLibrary string // 基础库
	Client      string // the app's version, "" when the document gives none
	Source      string // the document that says so, and its words
}

// String is the requirement as the CLI and the window state it.
func (r Requirement) String() string {
	s := "requires base library ≥ " + r.BaseLibrary
	if r.Client != "" {
		s += " and client ≥ " + r.Client
	}
	return s
}

// Requires is the documented minimum for fetchType on platform; ok is false when no document gives one.
// It is the one place that holds them, per platform, and it holds only what a document says.
func Requires(platform project.Platform, fetchType string) (r Requirement, ok bool) {
	switch platform {
	case project.Weapp:
		// WeChat's 数据预拉取 page gives no base library version.
		if fetchType == fetch.Periodic {
			return Requirement{BaseLibrary: "2.8.0", Source: "WeChat 周期性更新 (framework/ability/background-fetch): 基础库 2.8.0 开始支持"}, true
		}
	case project.QQ:
		switch fetchType {
		case fetch.Periodic:
			return Requirement{BaseLibrary: "1.14.0", Source: "QQ 周期性更新: 基础库 1.14.0 版本开始支持"}, true
		case fetch.Pre:
			return Requirement{BaseLibrary: "1.14.0", Source: "QQ 数据预拉取: 基础库 1.14.0 版本开始支持"}, true
		}
	case project.Alipay:
		if fetchType == fetch.Pre || fetchType == fetch.JSAPIPre {
			return Requirement{BaseLibrary: "2.7.11", Client: "10.2.36",
				Source: "Alipay my.getBackgroundFetchData: 支付宝客户端 10.2.36 版本，基础库 2.7.11 开始支持"}, true
		}
	}
	return Requirement{}, false
}

// RequirementRow is one documented minimum, for listing them all.
type RequirementRow struct {
	Platform  project.Platform
	FetchType string
	Requirement
}

// AllRequirements lists every documented minimum, platform by platform (weapp, qq, alipay) and fetch
// type by fetch type (periodic, pre, jsapiPre).
func AllRequirements() []RequirementRow {
	var rows []RequirementRow
	for _, p := range []project.Platform{project.Weapp, project.QQ, project.Alipay} {
		for _, ft := range []string{fetch.Periodic, fetch.Pre, fetch.JSAPIPre} {
			if r, ok := Requires(p, ft); ok {
				rows = append(rows, RequirementRow{Platform: p, FetchType: ft, Requirement: r})
			}
		}
	}
	return rows
}
