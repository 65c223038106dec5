#!/bin/sh
# packaging/macos/infoplist.sh CONTENTS: writes the macOS app's Info.plist and its English and
# Simplified Chinese InfoPlist.strings into CONTENTS (the .app's Contents folder), replacing what
# `fyne package -os darwin` wrote, which has an empty category (public.app-category.), a minimum of
# macOS 10.11 while the binary needs 12.0, build number 1 and no localisations. The macOS workflow
# runs it before signing; `make package-test` checks its output on Linux (python3's plistlib).
#   CFBundleShortVersionString  x.y.z, the release or the one being worked towards (version.sh short)
#   CFBundleVersion             the number of commits (version.sh build): rises with every build
#   LSApplicationCategoryType   public.app-category.developer-tools
#   LSMinimumSystemVersion      12.0 (what Go 1.26 supports)
set -eu
contents=$1
here=$(cd "$(dirname "$0")" && pwd)
id=$(sed -n 's/^[[:space:]]*ID[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$here/../../FyneApp.toml")
short=$("$here/../version.sh" short)
build=$("$here/../version.sh" build)
copyright="Copyright © 2026 The BgFetch DevTools authors. MIT License."
mkdir -p "$contents/Resources/en.lproj" "$contents/Resources/zh_Hans.lproj"
cat > "$contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleDevelopmentRegion</key>
	<string>en</string>
	<key>CFBundleLocalizations</key>
	<array>
		<string>en</string>
		<string>zh_Hans</string>
	</array>
	<key>CFBundleName</key>
	<string>BgFetch DevTools</string>
	<key>CFBundleDisplayName</key>
	<string>BgFetch DevTools</string>
	<key>CFBundleExecutable</key>
	<string>bgfetch</string>
	<key>CFBundleIdentifier</key>
	<string>$id</string>
	<key>CFBundleIconFile</key>
	<string>icon.icns</string>
	<key>CFBundleShortVersionString</key>
	<string>$short</string>
	<key>CFBundleVersion</key>
	<string>$build</string>
	<key>CFBundleSupportedPlatforms</key>
	<array>
		<string>MacOSX</string>
	</array>
	<key>CFBundleInfoDictionaryVersion</key>
	<string>6.0</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
	<key>NSHighResolutionCapable</key>
	<true/>
	<key>NSSupportsAutomaticGraphicsSwitching</key>
	<true/>
	<key>NSHumanReadableCopyright</key>
	<string>$copyright</string>
	<key>LSApplicationCategoryType</key>
	<string>public.app-category.developer-tools</string>
	<key>LSMinimumSystemVersion</key>
	<string>12.0</string>
</dict>
</plist>
PLIST
# InfoPlist.strings: the names Finder, the Dock and the menu bar show in each language (UTF-8).
cat > "$contents/Resources/en.lproj/InfoPlist.strings" <<STRINGS
/* English */
"CFBundleName" = "BgFetch DevTools";
"CFBundleDisplayName" = "BgFetch DevTools";
"NSHumanReadableCopyright" = "$copyright";
STRINGS
cat > "$contents/Resources/zh_Hans.lproj/InfoPlist.strings" <<STRINGS
/* 简体中文 */
"CFBundleName" = "BgFetch 开发者工具";
"CFBundleDisplayName" = "BgFetch 开发者工具";
"NSHumanReadableCopyright" = "版权所有 © 2026 BgFetch DevTools 作者。MIT 许可证。";
STRINGS
