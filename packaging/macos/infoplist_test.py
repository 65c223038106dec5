#!/usr/bin/env python3
"""Checks what packaging/macos/infoplist.sh writes, on Linux (no plutil): Info.plist parses as a
property list and has the keys macOS needs with the right values, and each InfoPlist.strings is
"key" = "value"; lines for keys the plist has. Run by `make package-test`."""
import pathlib, plistlib, re, subprocess, sys, tempfile

root = pathlib.Path(__file__).resolve().parents[2]
version = lambda *a: subprocess.run([root / "packaging/version.sh", *a], check=True, capture_output=True, text=True).stdout.strip()
with tempfile.TemporaryDirectory() as d:
    contents = pathlib.Path(d) / "BgFetch DevTools.app/Contents"
    subprocess.run([root / "packaging/macos/infoplist.sh", contents], check=True)
    plist = plistlib.loads((contents / "Info.plist").read_bytes())
    want = {
        "CFBundleIdentifier": "dev.bgfetch.devtools",
        "CFBundleExecutable": "bgfetch",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": version("short"),
        "CFBundleVersion": version("build"),
        "LSApplicationCategoryType": "public.app-category.developer-tools",
        "LSMinimumSystemVersion": "12.0",
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "zh_Hans"],
    }
    bad = [f"{k}: {plist.get(k)!r}, want {v!r}" for k, v in want.items() if plist.get(k) != v]
    if not re.fullmatch(r"\d+\.\d+\.\d+", plist["CFBundleShortVersionString"]):
        bad.append("CFBundleShortVersionString is not x.y.z")
    if not plist["CFBundleVersion"].isdigit() or int(plist["CFBundleVersion"]) < 1:
        bad.append("CFBundleVersion is not a positive number")
    line = re.compile(r'^"([A-Za-z]+)" = "([^"\\]*)";$')
    for lang, name in (("en", "BgFetch DevTools"), ("zh_Hans", "BgFetch 开发者工具")):
        f = contents / "Resources" / f"{lang}.lproj" / "InfoPlist.strings"
        keys = {}
        for l in f.read_text(encoding="utf-8").splitlines():
            if not l or (l.startswith("/*") and l.endswith("*/")):
                continue
            m = line.match(l)
            if not m:
                bad.append(f"{lang}: not a strings line: {l!r}")
            elif m[1] not in plist:
                bad.append(f"{lang}: {m[1]} is not in Info.plist")
            else:
                keys[m[1]] = m[2]
        if keys.get("CFBundleDisplayName") != name:
            bad.append(f"{lang}: CFBundleDisplayName {keys.get('CFBundleDisplayName')!r}, want {name!r}")
    for b in bad:
        print(b)
    if bad:
        sys.exit(1)
    print(f"Info.plist: {plist['CFBundleShortVersionString']} build {plist['CFBundleVersion']}, "
          f"{plist['LSApplicationCategoryType']}, macOS {plist['LSMinimumSystemVersion']}+, en and zh_Hans")
