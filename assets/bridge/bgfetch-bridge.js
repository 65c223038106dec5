// bgfetch bridge, for dev builds only: wx.reportAnalytics / wx.reportEvent also go to the tool's report log, and
// Taro.getBackgroundFetchData (wx.getBackgroundFetchData where it is missing) reads the tool's cache.
const BGFETCH_BRIDGE = { url: "http://127.0.0.1:17878", key: "" }; // filled in by `bgfetch bridge --snippet` and the 桥接 tab
(function (B, wx, Taro) {
  if (!B.url || !B.key) return;
  const h = { "Content-Type": "application/json", "X-BgFetch-Key": B.key };
  const req = (method, path, body) => typeof fetch === "function"
    ? fetch(B.url + path, { method, headers: h, body: body && JSON.stringify(body) }).then((r) => r.json().then((data) => ({ status: r.status, data })))
    : new Promise((ok, no) => wx.request({ url: B.url + path, method, header: h, data: body, success: (r) => ok({ status: r.statusCode, data: r.data }), fail: no }));
  const page = () => { const ps = typeof getCurrentPages === "function" ? getCurrentPages() : [], p = ps[ps.length - 1]; return (p && (p.route || p.path)) || ""; };
  const report = (o, api, key) => { const orig = o[api]; o[api] = function (event, data) { req("POST", "/report", { api, [key]: event, data, page: page() }).catch(() => {}); return orig && orig.apply(this, arguments); }; };
  const fail = (m) => ({ errMsg: "getBackgroundFetchData:fail bgfetch bridge: " + m });
  const get = (o = {}) => req("GET", "/backgroundFetchData?fetchType=" + encodeURIComponent(o.fetchType || ""))
    .then((r) => r.status === 200 ? r.data : Promise.reject(r.status === 404 ? r.data : fail(r.data.error)), (e) => Promise.reject(fail(e.message || e.errMsg)))
    .then((d) => (o.success && o.success(d), o.complete && o.complete(d), d), (e) => (o.fail && o.fail(e), o.complete && o.complete(e), Promise.reject(e)));
  const o = wx || Taro; // Taro's own report APIs call wx's in a mini program: patch one of them, not both
  if (o) { report(o, "reportAnalytics", "eventName"); report(o, "reportEvent", "eventId"); }
  if (Taro) Taro.getBackgroundFetchData = get;
  if (wx && !wx.getBackgroundFetchData) wx.getBackgroundFetchData = get;
})(BGFETCH_BRIDGE, typeof wx === "object" ? wx : undefined, typeof Taro === "object" ? Taro : undefined);
