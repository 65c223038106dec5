package platform

// Weapp is WeChat (微信).
const Weapp ID = "weapp"

func init() {
	register(&Spec{
		ID: Weapp, Name: "WeChat", NameZh: "微信", API: "wx", order: 0,
		Aliases:    []string{"wechat", "weixin", "wx", "mp-weixin"},
		FetchTypes: []string{Periodic, Pre},
		Gray:       true, Token: true, Cloud: true,
		Prefetch:                  SwitchDevTools,
		Requests:                  RequestsQuery,
		Shape:                     ShapeWx,
		LaunchParams:              []string{"path", "query", "scene", "customMiniprogramVersion"},
		CodeWithoutToken:          true,
		IOSEmptySuccess:           true,
		IOSEmptySuccessDocumented: true,
		HTTPSOnly:                 true,
		Msg: Messages{
			TokenNotSet:      "token not set, maybe you should setBackgroundFetchToken first",
			NoPermission:     "-10007 no permission",
			NoPermissionNo:   -10007,
			NoDataAndroid:    "getBackgroundFetchData:fail no background fetch data",
			NoDataAndroidOwn: true,
			BadFetchType:     "getBackgroundFetchData:fail invalid fetchType",
			NoToken:          "getBackgroundFetchToken:fail token not set",
		},
		Requires: map[string]Requirement{
			// WeChat's 数据预拉取 page gives no base library version.
			Periodic: {BaseLibrary: "2.8.0", Source: "WeChat 周期性更新 (framework/ability/background-fetch): 基础库 2.8.0 开始支持"},
		},
		Versions: []VersionRule{
			{Key: "ios-timestamp", OS: "ios", Before: "8.0.27",
				Text:   "getBackgroundFetchData's timeStamp is wrong on iOS before WeChat 8.0.27",
				Source: "wx.getBackgroundFetchData: timeStamp 客户端拿到缓存数据的时间戳 ms（iOS 时间戳存在异常，8.0.27 修复）"},
			{Key: "realdevice-fetch", Since: "7.0.7",
				Text:   "the real-device debugger's 拉取缓存 (fetch now) works only on WeChat 7.0.7 and later, Android and iOS",
				Source: "WeChat 周期性更新: 只有 Android/iOS 7.0.7 及其以上版本才可使用真机调试触发客户端立即拉取的调试能力"},
		},
		Facts: []Fact{
			{Key: "ios-empty-success", Documented: true,
				Text:   "with nothing cached, getBackgroundFetchData fails on Android and calls success with empty fetchedData on iOS",
				Source: "wx.getBackgroundFetchData"},
			{Key: "no-data-errmsg",
				Text:   "Android's fail errMsg with nothing cached is " + `"getBackgroundFetchData:fail no background fetch data"`,
				Source: "WeChat does not publish the exact errMsg; these are the tool's words"},
			{Key: "no-permission", Documented: true,
				Text:   "with no address configured in the console the platform answers -10007 no permission",
				Source: "WeChat 周期性更新: -10007 no permission"},
			{Key: "code-without-token", Documented: true,
				Text:   "a prefetch with no token set sends a login code; exchanging it may refresh the session_key",
				Source: "WeChat 数据预拉取: token 或 code"},
			{Key: "body-size", Documented: true,
				Text:   "a body over 256KB is not cached",
				Source: "WeChat: 大小应不超过 256KB，否则将无法缓存数据"},
			{Key: "https", Documented: true, Text: "download addresses must be HTTPS", Source: "WeChat: 只支持 HTTPS"},
			{Key: "token-fail-errmsg",
				Text:   "getBackgroundFetchToken's fail errMsg with no token is " + `"getBackgroundFetchToken:fail token not set"`,
				Source: "WeChat documents that the call fails, not its words"},
		},
	})
}
