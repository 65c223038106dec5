// bgfetch bridge, for dev builds only: reportAnalytics / reportEvent of wx, qq or my (Alipay) also go to the tool's
// report log; Taro's getBackgroundFetchData, getBackgroundFetchToken and onBackgroundFetchData (wx/qq/my's where they
// are missing) read the tool's cache and token.
const BGFETCH_BRIDGE = { url: "http://127.0.0.1:17878", key: "" }; // filled in by `bgfetch bridge --snippet` and the 桥接 tab
(function (B, wx, qq, my, Taro) {
  if (!B.url || !B.key) return;
  const h = { "Content-Type": "application/json", "X-BgFetch-Key": B.key };
  const native = wx || qq || my; // the mini program's own API object (QQ also answers to wx)
  const req = (method, path, body) => typeof fetch === "function"
    ? fetch(B.url + path, { method, headers: h, body: body && JSON.stringify(body) }).then((r) => r.json().then((data) => ({ status: r.status, data })))
    : new Promise((ok, no) => native === my && my // Alipay's my.request takes headers and answers status
      ? my.request({ url: B.url + path, method, headers: h, data: body && JSON.stringify(body), dataType: "json", success: (r) => ok({ status: r.status, data: r.data }), fail: no })
      : native.request({ url: B.url + path, method, header: h, data: body, success: (r) => ok({ status: r.statusCode, data: r.data }), fail: no }));
  const page = () => { const ps = typeof getCurrentPages === "function" ? getCurrentPages() : [], p = ps[ps.length - 1]; return (p && (p.route || p.path)) || ""; };
  const report = (o, api, key) => {
    const orig = o[api];
    if (orig ? orig.bgfetch : o !== Taro) return; // patched once (QQ's wx may be qq); a native API the platform lacks stays missing
    const patched = function (event, data) { req("POST", "/report", { api, [key]: event, data, page: page() }).catch(() => {}); return orig && orig.apply(this, arguments); };
    patched.bgfetch = true;
    o[api] = patched;
  };
  const fail = (m) => ({ errMsg: "getBackgroundFetchData:fail bgfetch bridge: " + m });
  const get = (promised) => (o = {}) => {
    const p = req("GET", "/backgroundFetchData?fetchType=" + encodeURIComponent(o.fetchType || ""))
      .then((r) => r.status === 200 ? r.data : Promise.reject(r.status === 404 ? r.data : fail(r.data.error)), (e) => Promise.reject(fail(e.message || e.errMsg)))
      .then((d) => (o.success && o.success(d), o.complete && o.complete(d), d), (e) => (o.fail && o.fail(e), o.complete && o.complete(e), Promise.reject(e)));
    if (promised || !(o.success || o.fail || o.complete)) return p;
    p.catch(() => {}); // like the platform's API: with callbacks it returns nothing, and a failure is only the fail callback
  };
  // Taro's own report APIs call the native ones in a mini program: patch the native ones when there are any, not both.
  for (const o of native ? [wx, qq, my] : [Taro]) {
    if (!o) continue;
    report(o, "reportAnalytics", "eventName");
    report(o, "reportEvent", "eventId");
  }
  // getBackgroundFetchToken: {token, errMsg}; fails when no token is set. onBackgroundFetchData: the listener
  // gets the prefetched data once, {fetchType, fetchedData, timeStamp, path, query, scene}, when there is some.
  const token = (promised) => (o = {}) => {
    const p = req("GET", "/backgroundFetchToken")
      .then((r) => r.status === 200 ? r.data : Promise.reject(r.status === 404 ? r.data : { errMsg: "getBackgroundFetchToken:fail bgfetch bridge: " + r.data.error }))
      .then((d) => (o.success && o.success(d), o.complete && o.complete(d), d), (e) => (o.fail && o.fail(e), o.complete && o.complete(e), Promise.reject(e)));
    if (promised || !(o.success || o.fail || o.complete)) return p;
    p.catch(() => {});
  };
  const listen = (cb) => {
    if (typeof cb !== "function") return;
    get(true)({ fetchType: "pre" }).then((d) => {
      const { errMsg, ...rest } = d || {}; // the listener's object is the get result without errMsg
      if (rest.fetchedData !== undefined && rest.fetchedData !== "") cb({ fetchType: "pre", ...rest });
    }, () => {});
  };
  if (Taro) { // Taro's return Promises that reject on failure, callbacks or not
    Taro.getBackgroundFetchData = get(true);
    Taro.getBackgroundFetchToken = token(true);
    Taro.onBackgroundFetchData = listen;
  }
  for (const o of [wx, qq, my]) {
    if (!o) continue;
    if (!o.getBackgroundFetchData) o.getBackgroundFetchData = get(false);
    if (!o.getBackgroundFetchToken && o !== my) o.getBackgroundFetchToken = token(false); // Alipay has none
    if (!o.onBackgroundFetchData && o !== my) o.onBackgroundFetchData = listen;
  }
})(BGFETCH_BRIDGE, typeof wx === "object" ? wx : undefined, typeof qq === "object" ? qq : undefined,
  typeof my === "object" ? my : undefined, typeof Taro === "object" ? Taro : undefined);
