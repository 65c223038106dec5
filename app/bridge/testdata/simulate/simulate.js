// Runs the bridge snippet in WeChat's component test runtime (miniprogram-simulate on jsdom, as its docs set up
// under jest) against a real bridge: node simulate.js SNIPPET [taro]. The snippet is loaded with replace: true, as
// a developer sets it where wx is the runtime's mock. It prints what the goods component got from
// getBackgroundFetchData, its taps, and every unhandled rejection, as JSON.
const fs = require("fs"), path = require("path"), vm = require("vm");
const { JSDOM } = require("jsdom");
const [snippetPath, mode] = process.argv.slice(2);
const out = { unhandled: [] };
process.on("unhandledRejection", (e) => out.unhandled.push(e)); // what wx.onUnhandledRejection monitoring would see

const dom = new JSDOM("<!doctype html><html><body></body></html>");
Object.assign(global, { window: dom.window, document: dom.window.document, Event: dom.window.Event, CustomEvent: dom.window.CustomEvent });
const simulate = require("miniprogram-simulate");
global.getCurrentPages = () => [{ route: "pages/goods/goods" }];
if (mode === "taro") global.Taro = {};
vm.runInThisContext(fs.readFileSync(snippetPath, "utf8").replace("replace: false", "replace: true"));
out.replaced = !wx.getBackgroundFetchData.toString().includes("runInAsync");

const id = simulate.load(path.join(__dirname, "components/buy/buy"));
const comp = simulate.render(id);
comp.attach(document.createElement("parent-wrapper"));
comp.querySelector("#buy").dispatchEvent("tap");
comp.querySelector("#other").dispatchEvent("tap");

const settled = () => {
  const g = globalThis.got || {};
  return g.pre && g.pre.complete && g.periodic && g.periodic.complete && (g.promised.resolved || g.promised.rejected) && (!g.taro || g.taro.fail);
};
const start = Date.now();
(function wait() {
  if (!settled() && Date.now() - start < 5000) return setTimeout(wait, 10);
  setTimeout(() => { // a rejection nobody handles is reported after the microtasks: give it a turn
    Object.assign(out, globalThis.got, { taps: comp.instance.taps });
    console.log(JSON.stringify(out));
  }, 200);
})();
