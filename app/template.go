package app

// configTemplate is the bgfetch.config.json that 打开配置文件 creates when the project has none.
const configTemplate = `{
  "//": [
    "BgFetch DevTools settings for this mini program; the tool reloads this file on save.",
    "platform: weapp | qq | alipay. token: what the mini program passes to setBackgroundFetchToken",
    "(remove it to simulate 'not set'). timestampUnit: ms | s. gray.percent: 0-100 (0 = testers only).",
    "The url values are the 数据下载地址 of the admin console (开发管理 › 开发设置)."
  ],
  "platform": "weapp",
  "token": "replace-with-your-token",
  "timestampUnit": "ms",
  "timeoutMs": 10000,
  "periodic": {
    "url": "https://example.com/api/periodic",
    "gray": { "url": "", "percent": 0 }
  },
  "prefetch": {
    "url": "https://example.com/api/prefetch",
    "gray": { "url": "", "percent": 0 },
    "path": "pages/index/index",
    "query": "",
    "scene": 1001,
    "customMiniprogramVersion": ""
  },
  "user": { "openid": "oSimulatedUser0001", "tester": false }
}
`
