package platform

// Alipay is Alipay's mini programs (支付宝).
const Alipay ID = "alipay"

func init() {
	register(&Spec{
		ID: Alipay, Name: "Alipay", NameZh: "支付宝", API: "my", order: 2,
		Aliases:    []string{"my", "ali", "mp-alipay"},
		FetchTypes: []string{Pre, JSAPIPre},
		Prefetch:   SwitchPreloadJSON,
		Requests:   RequestsPreload,
		Shape:      ShapeAlipay,
		Msg: Messages{
			BadFetchType: "invalid parameter!", BadFetchTypeCode: 2,
			NoData: "没有预加载数据", NoDataCode: 3,
			NoToken: "my.getBackgroundFetchToken is not a function",
		},
		Requires: map[string]Requirement{
			Pre:      {BaseLibrary: "2.7.11", Client: "10.2.36", Source: "Alipay my.getBackgroundFetchData: 支付宝客户端 10.2.36 版本，基础库 2.7.11 开始支持"},
			JSAPIPre: {BaseLibrary: "2.7.11", Client: "10.2.36", Source: "Alipay my.getBackgroundFetchData: 支付宝客户端 10.2.36 版本，基础库 2.7.11 开始支持"},
		},
		Facts: []Fact{
			{Key: "preload-json", Documented: true,
				Text:   "prefetch is described by preload.json at the project root, at most 2048 bytes; fetchType defaults to pre",
				Source: "Alipay 数据预拉取: preload.json; fetchType 必填 否，默认值 pre"},
			{Key: "fetched-object", Documented: true,
				Text:   "fetchedData is an Object parsed by dataType (JSON by default), and the time is timestamp (lower-case s)",
				Source: "Alipay my.getBackgroundFetchData"},
			{Key: "errors", Documented: true,
				Text:   "error 2 invalid parameter!, 3 没有预加载数据, 5 用户未授权 (jsapiPre)",
				Source: "Alipay my.getBackgroundFetchData"},
			{Key: "post-query",
				Text:   "a POST sends data as an x-www-form-urlencoded body and appends nothing to the address",
				Source: "the documents disagree: the request-parameter table lists appId and timestamp without limiting them to GET", Setting: "assume.postQuery"},
			{Key: "no-token", Documented: true,
				Text:   "there is no set/getBackgroundFetchToken; the prefetch sends no token",
				Source: "Alipay's API lists no token call"},
		},
	})
}
