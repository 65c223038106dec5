// bgfetch bridge, for dev builds only: reportAnalytics / reportEvent of wx, qq or my (Alipay) also go to the tool's
// report log; Taro's getBackgroundFetchData, getBackgroundFetchToken and onBackgroundFetchData (wx/qq/my's where they
// are missing, or all of them with replace: true) read the tool's cache and token; while 自定义分析's 保存并测试 runs,
// the configured triggers (page and app lifecycles, clicks) report as the platform's analytics would.
const BGFETCH_BRIDGE = { url: "http://127.0.0.1:17878", key: "", replace: false }; // url and key: filled in by `bgfetch bridge --snippet` and the 桥接 tab
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
    const patched = function (event, data) { req("POST", "/report", { api, [key]: event, data, page: page(), trigger: "code" }).catch(() => {}); return orig && orig.apply(this, arguments); };
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
  for (const o of [wx, qq, my]) { // replace: also where the platform has them (DevTools' own cache, a test runtime's mocks)
    if (!o) continue;
    if (B.replace || !o.getBackgroundFetchData) o.getBackgroundFetchData = get(false);
    if ((B.replace || !o.getBackgroundFetchToken) && o !== my) o.getBackgroundFetchToken = token(false); // Alipay has none
    if ((B.replace || !o.onBackgroundFetchData) && o !== my) o.onBackgroundFetchData = listen;
  }

  // Triggers. GET /config is the running 保存并测试 (404: none, so nothing fires); read again when a trigger fires
  // 2 s after the last read. Each matching action reports its event with the fields from its sources: 'text' or a
  // number as written, options.x (onLaunch's or onLoad's options), dataset.x (the tapped element's), app.x
  // (getApp(), then its globalData), else a path in the page's data (goods.price, list[0].id).
  let conf = null, confAt = 0, reading = null, said = "";
  const config = () => Date.now() - confAt < 2000 ? Promise.resolve(conf) : reading || (reading = req("GET", "/config")
    .then((r) => (r.status === 200 && r.data && r.data.events) || null, () => conf)
    .then((evs) => (warn(evs), conf = evs, confAt = Date.now(), reading = null, evs)));
  const route = (p) => String(p || "").replace(/^\//, "").replace(/[?#].*$/, "").replace(/\.html$/, "");
  const dig = (v, path) => path.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), v);
  const value = (src, c) => {
    const s = String(src).trim(), path = s.replace(/\[(\d+)\]/g, ".$1").split(".");
    if (/^(['"]).*\1$/.test(s)) return s.slice(1, -1);
    if (s !== "" && !isNaN(Number(s))) return Number(s);
    if (path[0] === "options" || path[0] === "dataset") return dig(c[path[0]], path.slice(1));
    if (path[0] === "app" && typeof getApp === "function") { const a = getApp() || {}, v = dig(a, path.slice(1)); return v !== undefined ? v : dig(a.globalData, path.slice(1)); }
    return dig(c.data, path);
  };
  // A tap event names the element by id and dataset only (currentTarget: the bound element; target: the tapped
  // one): #id is the id, [data-x] and [data-x=y] the dataset, .name a word of data-class (a mini program never
  // shows an element's classes to its code); a tag is checked only where the event has tagName (Alipay; a bare
  // tag matches nothing elsewhere), and ancestors (".list .buy") never: the last part is matched.
  const compound = /^([a-zA-Z][\w-]*|\*)?((?:[#.][\w-]+|\[[\w-]+(?:=["']?[^\]"']*["']?)?\])*)$/;
  const simple = (sel) => sel.trim().split(/\s*[\s>+~]\s*/).pop();
  const tapped = (sel, t) => !sel || String(sel).split(",").some((one) => {
    const m = compound.exec(simple(one));
    if (!m || !t) return false;
    const ds = t.dataset || {}, words = String(ds.class || "").split(/\s+/);
    if (m[1] && m[1] !== "*" && (t.tagName ? String(t.tagName).toLowerCase() !== m[1].toLowerCase() : !m[2])) return false; // a bare tag: Alipay only
    return (m[2].match(/[#.][\w-]+|\[[^\]]+\]/g) || []).every((p) => {
      if (p[0] === "#") return t.id === p.slice(1);
      if (p[0] === ".") return words.includes(p.slice(1));
      const [, k, v] = /^\[([\w-]+)(?:=["']?([^"']*)["']?)?\]$/.exec(p), key = k.replace(/^data-/, "").replace(/-(\w)/g, (_, c) => c.toUpperCase());
      return k.startsWith("data-") && (v === undefined ? key in ds : String(ds[key]) === v);
    });
  });
  const warn = (evs) => {
    const notes = [];
    for (const ev of evs || []) for (const a of ev.actions || []) {
      if (a.trigger !== "click" || !a.selector) continue;
      for (const one of String(a.selector).split(",")) {
        const s = simple(one), why = [];
        if (s !== one.trim()) why.push("its ancestors are not checked");
        if (/^[a-zA-Z]/.test(s)) why.push("its tag is checked only where the event has tagName (Alipay; a bare tag matches nothing elsewhere)");
        const classes = s.replace(/\[[^\]]*\]/g, "").match(/\.[\w-]+/g);
        if (classes) why.push("a class is matched against the element's data-class (add data-class=\"" + classes.map((c) => c.slice(1)).join(" ") + "\")");
        if (!compound.test(s)) why.push("it cannot be matched from a tap event: use #id, .class (with data-class) or [data-x=y]");
        if (why.length) notes.push(ev.id + " click " + one.trim() + ": " + why.join("; "));
      }
    }
    const text = notes.join("\n");
    if (text && text !== said && typeof console === "object") console.warn("bgfetch bridge: what a tap event cannot show\n" + text);
    said = text;
  };
  const fire = (trigger, c) => config().then((evs) => {
    for (const ev of evs || []) (ev.actions || []).forEach((a, i) => {
      if (a.trigger !== trigger || (a.page && route(a.page) !== route(c.page))) return;
      if (trigger === "click" && !(tapped(a.selector, c.current) || tapped(a.selector, c.target))) return;
      const data = {};
      for (const d of a.data || []) { const v = value(d.source, c); if (v !== undefined) data[d.field] = v; }
      req("POST", "/report", { api: native && native === my ? "reportAnalytics" : "reportEvent", event: ev.id, data, page: route(c.page), trigger, action: ("#" + (i + 1) + " " + trigger + " " + (a.selector || "")).trim() }).catch(() => {});
    });
  }).catch(() => {}); // a trigger never raises an unhandled rejection in the mini program
  const on = (o, name, before, always) => {
    const f = o[name];
    if (typeof f !== "function" && !always) return; // onShareAppMessage only where the page has one (it enables sharing)
    o[name] = function () {
      try { before(this, arguments); } catch (e) { /* the mini program runs on */ }
      return typeof f === "function" ? f.apply(this, arguments) : undefined;
    };
  };
  const at = (pg, more) => Object.assign({ page: (pg && (pg.route || pg.__route__)) || page(), data: pg && pg.data, options: pg && pg.options }, more);
  const lifecycles = { onLoad: 1, onShow: 1, onReady: 1, onHide: 1, onUnload: 1, onPullDownRefresh: 1, onReachBottom: 1, onShareAppMessage: 1, onShareTimeline: 1, onAddToFavorites: 1, onPageScroll: 1, onResize: 1, onTabItemTap: 1, onSaveExitState: 1, onInit: 1, onBack: 1, onKeyboardHeight: 1, onTitleClick: 1, onOptionMenuClick: 1, onPopMenuClick: 1, onPullIntercept: 1, onSelectedTabItemTap: 1, onUnhandledRejection: 1 };
  const taps = typeof WeakSet === "function" ? new WeakSet() : null;
  const leave = (pg) => { if (pg.__bgfetchShown) { pg.__bgfetchShown = false; fire("leavePage", at(pg)); } };
  // Page lifecycles (on a Page's options, or a Component's methods when it builds a page: only an instance with a
  // route is a page) and every other function as an event handler: a tap or click on it is a click.
  const pageOptions = (o, component) => {
    if (!o || typeof o !== "object") return;
    const life = (name, fn, always) => on(o, name, (pg, a) => { if (!component || (pg && (pg.route || pg.__route__))) fn(pg, a); }, always);
    life("onLoad", (pg, a) => fire("pageLoad", at(pg, { options: a[0] })), true);
    life("onShow", (pg) => { pg.__bgfetchShown = true; fire("enterPage", at(pg)); }, true);
    life("onHide", leave, true);
    life("onUnload", (pg) => { leave(pg); fire("pageUnload", at(pg)); }, true);
    life("onPullDownRefresh", (pg) => fire("pullDownRefresh", at(pg)), true);
    life("onTabItemTap", (pg) => fire("switchTab", at(pg)), true);
    life("onShareAppMessage", (pg) => fire("share", at(pg)));
    for (const k of Object.keys(o)) {
      if (lifecycles[k] || typeof o[k] !== "function") continue;
      on(o, k, (pg, a) => {
        const e = a[0];
        if (e && typeof e === "object" && (e.type === "tap" || e.type === "click") && (e.currentTarget || e.target) && !(taps && taps.has(e))) {
          const t = e.currentTarget || e.target;
          if (taps) taps.add(e); // one tap, one click, when a handler calls another with its event (Taro's eh does)
          fire("click", at(pg, { current: e.currentTarget, target: e.target, dataset: t.dataset }));
        }
      });
    }
  };
  // Page, Component and App are the mini program's globals (Taro's and uni-app's mini-program builds call them too);
  // an H5 build has none, so no lifecycle or click fires there.
  const wrap = (orig, change) => {
    if (typeof orig !== "function" || orig.bgfetch) return orig;
    const wrapped = function (o) { try { change(o); } catch (e) { /* register the page anyway */ } return orig.apply(this, arguments); };
    wrapped.bgfetch = true;
    return wrapped;
  };
  try { if (typeof Page === "function") Page = wrap(Page, pageOptions); } catch (e) { /* read-only: no page triggers */ }
  try { if (typeof Component === "function") Component = wrap(Component, (o) => o && pageOptions(o.methods || (o.methods = {}), true)); } catch (e) { /* read-only */ }
  try {
    if (typeof App === "function") App = wrap(App, (o) => {
      if (!o || typeof o !== "object") return;
      let hidden = false;
      on(o, "onLaunch", (app, a) => fire("launch", at(null, { page: "", data: app && app.globalData, options: a[0] })), true);
      on(o, "onShow", (app, a) => { if (hidden) fire("foreground", at(null, { data: app && app.globalData, options: a[0] })); hidden = false; }, true);
      on(o, "onHide", (app) => { hidden = true; fire("background", at(null, { data: app && app.globalData })); }, true);
    });
  } catch (e) { /* read-only: no app triggers */ }
})(BGFETCH_BRIDGE, typeof wx === "object" ? wx : undefined, typeof qq === "object" ? qq : undefined,
  typeof my === "object" ? my : undefined, typeof Taro === "object" ? Taro : undefined);
