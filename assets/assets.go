// Package assets holds what the binary embeds: the demo project, the icon and the translations.
package assets

import "embed"

// Demo is the demo mini-program project, under "demo/". Its addresses say {{DEMO}} where the demo
// server's address goes.
//
//go:embed all:demo
var Demo embed.FS

// Translations are the UI's translations for fyne's lang package, under "translations/". The keys are
// the Chinese DevTools wording, which is the primary language, so Chinese needs no file.
//
//go:embed translations/*.json
var Translations embed.FS

// Icon is the app icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte
