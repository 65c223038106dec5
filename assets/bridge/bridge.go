// Package bridge embeds the JavaScript snippet a developer pastes into a dev build of a mini program
// (native, Taro or uni-app, or their H5 builds) to route its analytics reports and getBackgroundFetchData
// to the bgfetch bridge on loopback.
package bridge

import _ "embed"

// Snippet is bgfetch-bridge.js as written, with the default address and an empty key (which leaves the
// snippet switched off); app/bridge.Snippet fills in a running bridge's address and key.
//
//go:embed bgfetch-bridge.js
var Snippet string
