package platform

// QQ is QQ's mini programs.
const QQ ID = "qq"

func init() {
	register(&Spec{
		ID: QQ, Name: "QQ", NameZh: "QQ", API: "qq", order: 1,
		Aliases:    []string{"mp-qq"},
		FetchTypes: []string{Periodic, Pre},
		Gray:       true, Token: true, Cloud: true,
		Prefetch: SwitchDevTools,
		Requests: RequestsQuery,
		Shape:    ShapeWx,
		// QQ's pre_fetch page lists appid, token or code, timestamp, path, query and scene: not
		// customMiniprogramVersion.
		LaunchParams:     []string{"path", "query", "scene"},
		CodeWithoutToken: true,
		// WeChat's documented iOS rule, which QQ does not document, applied to QQ.
		IOSEmptySuccess: true,
		HTTPSOnly:       true,
		Msg: Messages{
			TokenNotSet:   "token is empty!",
			NoDataAndroid: "getBackgroundFetchData:fail 缓存数据不存在",
			BadFetchType:  "getBackgroundFetchData:fail invalid fetchType",
			NoToken:       "getBackgroundFetchToken:fail token not set",
		},
		Requires: map[string]Requirement{
			Periodic: {BaseLibrary: "1.14.0", Source: "QQ 周期性更新: 基础库 1.14.0 版本开始支持"},
			Pre:      {BaseLibrary: "1.14.0", Source: "QQ 数据预拉取: 基础库 1.14.0 版本开始支持"},
		},
		Facts: []Fact{
			{Key: "ios-empty-success",
				Text:   "with nothing cached, getBackgroundFetchData calls success with empty fetchedData on iOS",
				Source: "QQ documents nothing about iOS with nothing cached; the tool applies WeChat's documented rule"},
			{Key: "no-data-errmsg", Documented: true,
				Text:   `Android's fail errMsg with nothing cached says 缓存数据不存在`,
				Source: "QQ: 缓存数据不存在"},
			{Key: "no-permission",
				Text:   "with no address configured QQ's error text is unknown",
				Source: "QQ documents no error text for this case"},
			{Key: "code-without-token", Documented: true,
				Text:   "a prefetch with no token set sends a login code",
				Source: "QQ pre_fetch (q.qq.com): token 或 code"},
			{Key: "no-custom-version", Documented: true,
				Text:   "a prefetch does not send customMiniprogramVersion",
				Source: "QQ pre_fetch lists appid, token or code, timestamp, path, query and scene only"},
			{Key: "token-empty", Documented: true,
				Text:   "with no token QQ sends no periodic update (token is empty!)",
				Source: "QQ 周期性更新: token is empty!"},
			{Key: "https", Documented: true, Text: "download addresses must be HTTPS", Source: "QQ: 只支持 HTTPS"},
			{Key: "token-fail-errmsg",
				Text:   "getBackgroundFetchToken's fail errMsg with no token is " + `"getBackgroundFetchToken:fail token not set"`,
				Source: "QQ documents that the call fails, not its words"},
		},
	})
}
