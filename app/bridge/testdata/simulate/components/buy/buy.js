// A goods component as a mini program writes it: it reads the cache when attached, with callbacks (as most code
// does) and as a Promise, and counts the taps on its buy button.
Component({
  data: { goods: { price: 9.5, color: "red" } },
  lifetimes: {
    attached() {
      const got = (globalThis.got = {});
      for (const fetchType of ["pre", "periodic"]) {
        const r = (got[fetchType] = {});
        r.returned = describe(wx.getBackgroundFetchData({
          fetchType,
          success: (d) => (r.success = d),
          fail: (e) => (r.fail = e),
          complete: () => (r.complete = true),
        }));
      }
      got.promised = {};
      wx.getBackgroundFetchData({ fetchType: "pre" }).then((d) => (got.promised.resolved = d), (e) => (got.promised.rejected = e));
      if (typeof Taro === "object") { // Taro's rejects even with a fail callback: this call is left uncaught, as code written for wx would leave it
        got.taro = {};
        got.taro.returned = describe(Taro.getBackgroundFetchData({ fetchType: "pre", fail: (e) => (got.taro.fail = e) }));
      }
    },
  },
  methods: {
    onBuy(e) { this.taps = (this.taps || 0) + 1; },
  },
});

function describe(ret) {
  return ret === undefined ? "nothing" : ret && typeof ret.then === "function" ? "promise" : typeof ret;
}
