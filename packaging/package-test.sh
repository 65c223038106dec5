#!/usr/bin/env bash
# `make package-test` (after `make package`): checks what is in dist/ as a user would get it.
#  - every artifact has a .sha256 that verifies, and SHA256SUMS lists them all;
#  - the .tar.xz holds the binary, the .desktop entry, the icons, metainfo, man page and the install
#    Makefile, whose user-install and user-uninstall work;
#  - the .deb: lintian reports no error or warning; the binary is hardened; the changelog, the man page
#    (no groff warnings, every verb), the hicolor icons, the AppStream metainfo (appstreamcli);
#  - the .deb: its control fields (version, runtime dependencies covering every library the binary
#    links), its files; installed into a temporary root with `dpkg -x`, its /usr/bin/bgfetch prints
#    the version and pulls from the demo server (the headless verbs) with the body cached;
#  - the Windows binaries: bgfetch.exe a PE32+ GUI program, bgfetch-cli.exe a PE32+ console program,
#    both needing only Windows' own DLLs and carrying the icon, version and manifest; the installer an
#    NSIS installer holding exactly those two files (and, where wine64 is installed, bgfetch-cli.exe
#    runs: --version and the same pull); with the 32-bit wine DLLs (packaging/wine32.sh), the installer
#    under WoW64: an older one installed, setup and uninstall refusing while bgfetch-cli.exe runs, the
#    upgrade, the installed program run, the uninstall keeping %AppData%\bgfetch;
#  - the version rule (packaging/version_test.sh) and the macOS Info.plist (infoplist_test.py);
#  - licences: assets/THIRD_PARTY_NOTICES.txt and assets/LICENSE are up to date (`make notices`; the
#    notices tool fails on a linked module without a known licence), every package carries them (the
#    .deb as /usr/share/doc/bgfetch/copyright in Debian's machine-readable format);
#  - the .desktop entry has a Chinese name and comment;
#  - reproducible builds: the packages are built a second time into another folder and must be
#    byte-identical (same SHA-256).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
TAGS=${TAGS:-migrated_fynedo,sqlite_fts5}
version=$(packaging/version.sh)
dist=$PWD/dist
tarball=$dist/bgfetch-$version-linux-amd64.tar.xz
deb=$dist/bgfetch_${version}_amd64.deb
setup=$dist/bgfetch-$version-windows-amd64-setup.exe
winstage=$dist/.stage/windows

work=$(mktemp -d)
demo=""
cleanup() {
  # Nothing here may fail the run (set -e applies in the trap): the verdict is the checks'.
  if [ -n "$demo" ]; then kill "$demo" 2>/dev/null || true; fi
  # stop this test's wineserver (only the one for its own WINEPREFIX); it may have exited already
  if [ -n "${WINEPREFIX:-}" ]; then { wineserver -k || /usr/lib/wine/wineserver64 -k || true; } >/dev/null 2>&1; fi
  rm -rf "$work" || true
}
trap cleanup EXIT

passed=0 failed=0
# check NAME COMMAND...: runs COMMAND, prints ok or FAIL with its output.
check() {
  local name=$1; shift
  if "$@" > "$work/out" 2>&1; then
    passed=$((passed + 1)); echo "ok    $name"
  else
    failed=$((failed + 1)); echo "FAIL  $name"; sed 's/^/      /' "$work/out" | head -40
  fi
}
has() { grep -qE -- "$1" "$2" || { echo "no line matching /$1/ in $2:"; cat "$2"; return 1; }; }

# --- checksums ---
sums_ok() {
  for f in "$tarball" "$deb" "$setup"; do [ -f "$f" ] && [ -f "$f.sha256" ] || { echo "missing $f or $f.sha256"; return 1; }; done
  (cd "$dist" && sha256sum -c --strict SHA256SUMS && for f in *.sha256; do sha256sum -c --strict "$f"; done)
}
check "checksums: a .sha256 beside every artifact, SHA256SUMS verifies" sums_ok

# --- the tarball ---
tar_ok() {
  tar -tJf "$tarball" > "$work/tar.list"
  for f in bgfetch/Makefile bgfetch/usr/local/bin/bgfetch bgfetch/usr/local/bin/bgfetch-cli \
           bgfetch/usr/local/share/man/man1/bgfetch-cli.1.gz bgfetch/usr/local/share/applications/dev.bgfetch.devtools.desktop \
           bgfetch/usr/local/share/pixmaps/dev.bgfetch.devtools.png bgfetch/LICENSE bgfetch/THIRD_PARTY_NOTICES.txt \
           bgfetch/usr/local/share/metainfo/dev.bgfetch.devtools.metainfo.xml bgfetch/usr/local/share/man/man1/bgfetch.1.gz \
           bgfetch/usr/local/share/icons/hicolor/{16x16,22x22,24x24,32x32,48x48,64x64,128x128,256x256,512x512}/apps/dev.bgfetch.devtools.png; do
    grep -qx "$f" "$work/tar.list" || { echo "$f not in $(basename "$tarball")"; cat "$work/tar.list"; return 1; }
  done
}
check "tar.xz: binary, bgfetch-cli, .desktop entry, icons, metainfo, man page, Makefile, LICENSE, THIRD_PARTY_NOTICES.txt" tar_ok
# The tarball's `make user-install` (into a made-up home) puts everything where the desktop finds it.
tar_user_install() {
  local d=$work/tar-install h=$work/tar-install/home
  mkdir -p "$h" && tar -xJf "$tarball" -C "$d" && make -s -C "$d/bgfetch" user-install HOME="$h" DESTDIR= &&
    for f in bin/bgfetch bin/bgfetch-cli share/man/man1/bgfetch-cli.1.gz share/applications/dev.bgfetch.devtools.desktop share/metainfo/dev.bgfetch.devtools.metainfo.xml \
             share/man/man1/bgfetch.1.gz share/icons/hicolor/16x16/apps/dev.bgfetch.devtools.png \
             share/icons/hicolor/512x512/apps/dev.bgfetch.devtools.png; do
      [ -f "$h/.local/$f" ] || { echo "make user-install did not install ~/.local/$f"; find "$h"; return 1; }
    done &&
    make -s -C "$d/bgfetch" user-uninstall HOME="$h" DESTDIR= >/dev/null 2>&1 &&
    { [ -z "$(find "$h" -type f)" ] || { echo "left after make user-uninstall:"; find "$h" -type f; return 1; }; }
}
check "tar.xz: make user-install installs binary, bgfetch-cli, entry, icons, metainfo, man page; user-uninstall removes them" tar_user_install
tar_fixed() { # every entry owned by 0/0 and dated SOURCE_DATE_EPOCH, in name order
  local epoch; epoch=$(git log -1 --format=%ct)
  tar --utc --full-time -tvJf "$tarball" | awk -v want="$(date -u -d "@$epoch" '+%F %T')" \
    '$2 != "0/0" || ($4 " " $5) != want { print "not 0/0 at " want ": " $0; bad = 1 } END { exit bad }' &&
    tar -tJf "$tarball" | LC_ALL=C sort -c
}
check "tar.xz: entries sorted, owned by 0/0, dated the commit's time" tar_fixed

# --- the .deb ---
dpkg-deb -f "$deb" > "$work/control"
check "deb: Package bgfetch, Version $version" has "^Version: $(printf '%s' "$version" | sed 's/[.+]/\\&/g')$" "$work/control"
check "deb: Depends on GL and a CJK font" has '^Depends: .*libgl1.*fonts-noto-cjk \| fonts-wqy-microhei' "$work/control"
root=$work/root
dpkg -x "$deb" "$root"
files_ok() {
  for f in usr/bin/bgfetch usr/share/applications/dev.bgfetch.devtools.desktop usr/share/icons/hicolor/512x512/apps/dev.bgfetch.devtools.png \
           usr/share/doc/bgfetch/copyright; do
    [ -f "$root/$f" ] || { echo "$f not in the .deb"; dpkg-deb -c "$deb"; return 1; }
  done
  [ -x "$root/usr/bin/bgfetch" ] || { echo "usr/bin/bgfetch is not executable"; return 1; }
  if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$root/usr/share/applications/dev.bgfetch.devtools.desktop"; fi
}
check "deb: /usr/bin/bgfetch, the .desktop entry (valid), the icon and the copyright file" files_ok
zh_desktop() {
  local d=$root/usr/share/applications/dev.bgfetch.devtools.desktop
  has '^Name\[zh_CN\]=BgFetch 开发者工具$' "$d" && has '^Comment\[zh_CN\]=.*小程序' "$d" && cat "$d"
}
check "deb: the .desktop entry has Name[zh_CN] and Comment[zh_CN]" zh_desktop
# Debian's machine-readable format: the header, the project under Expat, a paragraph for every linked
# module (those the notices list) and SQLite, GLFW.
copyright_ok() {
  local c=$root/usr/share/doc/bgfetch/copyright m
  head -1 "$c" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' || { echo "no Format: line"; head -3 "$c"; return 1; }
  grep -A2 -x 'Files: \*' "$c" | grep -qx 'License: Expat' || { echo "no Files: * under Expat"; return 1; }
  for m in $(sed -n 's/^  \([a-z0-9.-]*\.[a-z]*\/[^ ]*\) .*/\1/p' assets/THIRD_PARTY_NOTICES.txt); do
    grep -qxF "Files: $m/*" "$c" || { echo "no Files: paragraph for $m"; return 1; }
  done
  for m in "github.com/mattn/go-sqlite3/sqlite3-binding.c " "github.com/go-gl/glfw/v3.4/glfw/glfw/*"; do
    grep -qF "Files: $m" "$c" || { echo "no Files: paragraph for $m"; return 1; }
  done
  # every paragraph is "Field: value" lines with " " continuations; paragraphs apart by one empty line
  awk 'NF == 0 { next } /^[A-Z][A-Za-z-]*: ?/ || /^ / { next } { print "not a field or continuation line " NR ": " $0; bad = 1 } END { exit bad }' "$c"
  grep -c '^Files:' "$c"
}
check "deb: /usr/share/doc/bgfetch/copyright (DEP-5) lists the project's MIT and every linked module" copyright_ok
# Every library the binary links must come from a package in Depends (GLFW's dlopen'ed X11/Wayland
# libraries are listed in packaging/linux/nfpm.yaml by hand).
depends_cover_needed() {
  local depends lib pkg
  depends=$(sed -n 's/^Depends: //p' "$work/control" | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g')
  for lib in $(objdump -p "$root/usr/bin/bgfetch" | awk '/NEEDED/ { print $2 }'); do
    pkg=$(dpkg -S "*/$lib" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || { echo "$lib: no installed package has it"; return 1; }
    grep -qx "$pkg" <<< "$depends" || { echo "the binary links $lib (package $pkg), which Depends does not list"; return 1; }
    echo "$lib: $pkg"
  done
}
check "deb: Depends covers every library the binary links" depends_cover_needed

# lintian, as Debian's archive runs it: no error and no warning (the information tags are printed).
# There are no overrides; one would go in /usr/share/lintian/overrides/bgfetch with a comment saying why.
lintian_clean() {
  command -v lintian >/dev/null || { echo "lintian is not installed: make package-test-deps"; return 1; }
  lintian --fail-on error,warning --display-info --show-overrides "$deb" 2>&1 | grep -v '^running with root privileges' | tee "$work/lintian"
  [ "${PIPESTATUS[0]}" = 0 ] && ! grep -qE '^[EW]: ' "$work/lintian"
}
check "deb: lintian reports no errors or warnings" lintian_clean
# What lintian's hardening tags look for, said directly: a PIE with full RELRO and immediate binding,
# the C code's stack protector and fortified functions, no .comment section.
hardened() {
  local b=$root/usr/bin/$1 syms
  # Each readelf's whole output first: grep -q stops reading at the first match, and under pipefail the
  # writer's SIGPIPE would fail a check that found what it looked for.
  syms=$(readelf -sW --dyn-syms "$b")
  readelf -h "$b" > "$work/elf.h"; readelf -lW "$b" > "$work/elf.l"; readelf -dW "$b" > "$work/elf.d"; readelf -SW "$b" > "$work/elf.s"
  grep -q 'Type:.*DYN' "$work/elf.h" || { echo "not a PIE"; cat "$work/elf.h"; return 1; }
  grep -q GNU_RELRO "$work/elf.l" || { echo "no RELRO segment"; return 1; }
  grep -qE 'BIND_NOW|FLAGS.*NOW' "$work/elf.d" || { echo "no BIND_NOW"; return 1; }
  grep -q '__stack_chk_fail' <<< "$syms" || { echo "no stack protector"; return 1; }
  grep -qE '__[a-z]+_chk@' <<< "$syms" || { echo "no fortified function"; return 1; }
  ! grep -q '\.comment' "$work/elf.s" || { echo "a .comment section"; return 1; }
  echo "PIE, RELRO, BIND_NOW, stack protector, fortified, no .comment"
}
check "deb: /usr/bin/bgfetch is hardened (PIE, full RELRO, bindnow, stack protector, fortify)" hardened bgfetch
check "deb: /usr/bin/bgfetch-cli is hardened too" hardened bgfetch-cli
changelog_ok() {
  local c=$root/usr/share/doc/bgfetch/changelog.gz
  zcat "$c" | tee "$work/changelog" | head -1 | grep -qxF "bgfetch ($version) unstable; urgency=medium" &&
    { grep -qxF " -- $(sed -n 's/^maintainer: *//p' packaging/linux/nfpm.yaml)  $(LC_ALL=C date -u -R -d "@$(git log -1 --format=%ct)")" "$work/changelog" ||
      { echo "no signature line with the commit's date"; cat "$work/changelog"; false; }; } &&
    has "$(git rev-parse HEAD)" "$work/changelog"
}
check "deb: changelog.gz names $version, the commit and its date" changelog_ok
manpage_ok() {
  local m=$root/usr/share/man/man1/bgfetch.1.gz verb
  # as lintian reads it: groff's warnings are errors
  LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$m" > /dev/null 2> "$work/man.err"
  [ ! -s "$work/man.err" ] || { cat "$work/man.err"; return 1; }
  MANWIDTH=200 man -l "$m" 2>/dev/null > "$work/man.txt"
  for verb in $("$root/usr/bin/bgfetch" --help | sed -n 's/^  bgfetch \([a-z-]*\).*/\1/p' | sort -u); do
    grep -q "bgfetch $verb" "$work/man.txt" || { echo "bgfetch(1) does not have the verb $verb"; return 1; }
  done
  has "bgfetch $(printf '%s' "$version" | sed 's/[.+]/\\&/g')" "$work/man.txt" >/dev/null
  head -12 "$work/man.txt"
}
check "deb: bgfetch(1) renders without groff warnings and has every verb of --help" manpage_ok
# The hicolor sizes, each a PNG of its size, in the .deb and the tarball alike.
icon_sizes="16 22 24 32 48 64 128 256 512"
icons_ok() {
  local n f out
  for n in $icon_sizes; do
    f=usr/share/icons/hicolor/${n}x$n/apps/dev.bgfetch.devtools.png
    out=$(file -b "$root/$f") || return 1
    case "$out" in "PNG image data, $n x $n,"*) echo "$f: $out" ;; *) echo "$f: $out"; return 1 ;; esac
  done
}
check "deb: icons at $(echo $icon_sizes | tr ' ' ,) pixels in hicolor" icons_ok
metainfo_ok() {
  local m=$root/usr/share/metainfo/dev.bgfetch.devtools.metainfo.xml
  has '<name xml:lang="zh_CN">BgFetch 开发者工具</name>' "$m" >/dev/null && has '<summary xml:lang="zh_CN">' "$m" >/dev/null &&
    has '<launchable type="desktop-id">dev.bgfetch.devtools.desktop</launchable>' "$m" >/dev/null &&
    has '<image[^>]*>https://[^<]*/docs/screenshot.png</image>' "$m" >/dev/null &&
    has "<release type=\"[a-z]*\" version=\"$(printf '%s' "$version" | sed 's/[.+]/\\&/g')\"" "$m" >/dev/null &&
    appstreamcli validate --no-net --pedantic "$m"
}
check "deb: AppStream metainfo (screenshot, zh_CN, release $version) validates (appstreamcli)" metainfo_ok

# --- the installed binary runs ---
"$root/usr/bin/bgfetch" --version > "$work/version" 2>&1 || true
version_re="^bgfetch $(printf '%s' "$version" | sed 's/[.+]/\\&/g')\$"
check "deb: bgfetch --version says $version" has "$version_re" "$work/version"

# start_demo BIN DIR: the demo server from BIN on a free loopback port, its project written to DIR/project.
start_demo() {
  "$1" demo --addr 127.0.0.1:0 --data "$2/demo-data" --project "$2/project" > "$2/demo.log" 2>&1 & demo=$!
  for _ in $(seq 100); do grep -q '^demo server on' "$2/demo.log" && break; sleep 0.1; done
  grep '^demo server on' "$2/demo.log" || { echo "the demo server did not start:"; cat "$2/demo.log"; return 1; }
}
stop_demo() { kill "$demo" 2>/dev/null; wait "$demo" 2>/dev/null || true; demo=""; }
cached() { cat "$1"; grep -q '"cached": true' "$1"; }
deb_pull() {
  local d=$work/deb-pull-$1 rc=0; mkdir -p "$d"
  start_demo "$root/usr/bin/$1" "$d" &&
    "$root/usr/bin/$1" pull --project "$d/project" --data "$d/data" --json > "$d/pull.json" &&
    cached "$d/pull.json" || rc=1
  stop_demo; return $rc
}
check "deb: bgfetch pull --json from the demo server: \"cached\": true" deb_pull bgfetch
check "deb: bgfetch-cli (no Fyne) does the same" deb_pull bgfetch-cli

# --- Windows ---
pe_is() { # FILE PATTERN: file(1) says what FILE is
  local out; out=$(file -b "$1"); echo "$out"
  # shellcheck disable=SC2254 # $2 is a glob
  case "$out" in $2) ;; *) echo "expected: $2"; return 1 ;; esac
}
check "windows: bgfetch.exe is a PE32+ GUI binary" pe_is "$winstage/bgfetch.exe" "PE32+ executable (GUI) x86-64*"
check "windows: bgfetch-cli.exe is a PE32+ console binary" pe_is "$winstage/bgfetch-cli.exe" "PE32+ executable (console) x86-64*"
check "windows: the installer is an NSIS installer" pe_is "$setup" "PE32 executable (GUI) Intel 80386*Nullsoft Installer*"
# Only DLLs that every Windows has: a libwinpthread or libgcc DLL here would not start on a user's PC.
system_dlls_only() {
  local exe dll bad=""
  for exe in "$winstage/bgfetch.exe" "$winstage/bgfetch-cli.exe"; do
    for dll in $(objdump -p "$exe" | awk '/DLL Name:/ { print tolower($3) }'); do
      echo "$(basename "$exe"): $dll"
      case "$dll" in
        kernel32.dll|user32.dll|gdi32.dll|shell32.dll|advapi32.dll|ole32.dll|opengl32.dll|winmm.dll|ws2_32.dll|\
        msvcrt.dll|ntdll.dll|imm32.dll|dwmapi.dll|shcore.dll|comdlg32.dll|oleaut32.dll|uxtheme.dll|bcryptprimitives.dll|\
        api-ms-win-*|userenv.dll|dnsapi.dll|iphlpapi.dll|mswsock.dll|powrprof.dll|secur32.dll|crypt32.dll|version.dll|\
        setupapi.dll|hid.dll|dinput8.dll|xinput1_4.dll|winspool.drv|comctl32.dll) ;;
        *) bad="$bad $(basename "$exe"):$dll" ;;
      esac
    done
  done
  [ -z "$bad" ] || { echo "not a Windows system DLL:$bad"; return 1; }
}
check "windows: both binaries need only Windows' own DLLs" system_dlls_only
resources_ok() {
  local exe
  for exe in bgfetch.exe bgfetch-cli.exe; do
    x86_64-w64-mingw32-windres -i "$winstage/$exe" -O rc > "$work/$exe.rc" 2>&1 || { cat "$work/$exe.rc"; return 1; }
    grep -q 'VERSIONINFO' "$work/$exe.rc" && grep -q "\"OriginalFilename\", \"$exe\"" "$work/$exe.rc" &&
      grep -q "\"ProductVersion\", \"$version\"" "$work/$exe.rc" && grep -qE '^1 ICON|^1 24|GROUP_ICON|ICON' "$work/$exe.rc" &&
      grep -qE '^1 24|MANIFEST' "$work/$exe.rc" || { echo "$exe: missing icon, manifest or version $version:"; head -60 "$work/$exe.rc"; return 1; }
    echo "$exe: icon, manifest, version $version"
  done
}
check "windows: icon, manifest and version $version in both binaries" resources_ok
installer_holds() {
  local d=$work/setup
  7zz x -y -o"$d" "$setup" > "$work/7z.log" || { cat "$work/7z.log"; return 1; }
  find "$d" -type f | sed "s|^$d/||" | sort
  cmp "$d/bgfetch.exe" "$winstage/bgfetch.exe" || return 1
  cmp "$d/bgfetch-cli.exe" "$winstage/bgfetch-cli.exe" || return 1
  [ -e "$d/uninstall.exe" ] || { echo "no uninstall.exe in the installer"; return 1; }
  tr -d '\r' < "$d/LICENSE.txt" | cmp - LICENSE || return 1
  tr -d '\r' < "$d/THIRD_PARTY_NOTICES.txt" | cmp - assets/THIRD_PARTY_NOTICES.txt || return 1
}
if command -v 7zz >/dev/null; then
  check "windows: the installer holds bgfetch.exe, bgfetch-cli.exe, LICENSE.txt, THIRD_PARTY_NOTICES.txt, the uninstaller" installer_holds
fi

# bgfetch-cli.exe under wine: the mingw-w64 build of go-sqlite3 and the verbs really work on Windows.
wine=$(command -v wine64 || ls /usr/lib/wine/wine64 2>/dev/null || true)
if [ -n "$wine" ]; then
  export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  # the 32-bit wine DLLs for WoW64 (packaging/wine32.sh): on WINEDLLPATH before wineboot makes the prefix
  wine32=${WINE32:-$PWD/bin/packaging/wine32}
  if [ -f "$wine32/i386-windows/ntdll.dll" ]; then export WINEDLLPATH=$wine32; fi
  wine_prefix() {
    "$wine" wineboot -i &&
      x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
        packaging/windows/wine-bcryptprimitives.c -ladvapi32
  }
  check "windows (wine): a wine prefix" wine_prefix
  wine_version() { "$wine" "$winstage/bgfetch-cli.exe" --version | tr -d '\r' | tee "$work/winver"; grep -qE "$version_re" "$work/winver"; }
  check "windows (wine): bgfetch-cli.exe --version" wine_version
  # The demo server from the Linux binary, the pull from the Windows one (wine's Z: is /).
  wine_pull() {
    local d=$work/wine-pull rc=0; mkdir -p "$d"
    start_demo "$root/usr/bin/bgfetch" "$d" &&
      "$wine" "$winstage/bgfetch-cli.exe" pull --project "Z:${d//\//\\}\\project" --data "Z:${d//\//\\}\\data" --json \
        > "$d/pull.json" && cached "$d/pull.json" || rc=1
    stop_demo; return $rc
  }
  check "windows (wine): bgfetch-cli.exe pull --json: \"cached\": true" wine_pull

  # The installer itself, silently, under wine64's WoW64 mode (it is a 32-bit program): the 32-bit
  # wine DLLs from Debian's libwine:i386, extracted by packaging/wine32.sh, on WINEDLLPATH. An older
  # installer (the same files, version 0.0.1) goes in first, the real one upgrades it, and the
  # uninstaller removes it; the user's data in %AppData%\bgfetch stays.
  if [ -n "${WINEDLLPATH:-}" ]; then
    winpath() { printf 'Z:%s' "${1//\//\\}"; }
    users=$WINEPREFIX/drive_c/users
    home=$(find "$users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)
    instdir="$home/AppData/Local/Programs/BgFetch DevTools"
    appdata=$home/AppData/Roaming/bgfetch
    lnk="$home/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/BgFetch DevTools.lnk"
    uninstkey='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\dev.bgfetch.devtools'
    w32() { "$wine" "$@"; }
    displayed() { # the DisplayVersion Settings > Apps shows
      "$wine" reg query "$uninstkey" /v DisplayVersion 2>/dev/null | tr -d '\r' | awk '$1 == "DisplayVersion" { print $3 }'
    }
    installed_is() { # VERSION: what the registry says, and the files are there
      local got; got=$(displayed); echo "DisplayVersion: ${got:-none}"
      [ "$got" = "$1" ] || { echo "expected $1"; return 1; }
      for f in bgfetch.exe bgfetch-cli.exe LICENSE.txt THIRD_PARTY_NOTICES.txt uninstall.exe; do
        [ -f "$instdir/$f" ] || { echo "no $f in $instdir"; ls -la "$instdir"; return 1; }
      done
      [ -f "$lnk" ] || { echo "no Start-menu shortcut $lnk"; return 1; }
    }
    old_install() {
      makensis -V2 -DVERSION=0.0.1 -DVERSION4=0.0.1.0 -DSTAGE="$winstage" -DOUTFILE="$work/setup-0.0.1.exe" \
        packaging/windows/bgfetch.nsi &&
        w32 "$work/setup-0.0.1.exe" /S && installed_is 0.0.1
    }
    check "windows (wine, WoW64): an older installer (0.0.1) installs silently" old_install
    # A running bgfetch-cli.exe (it holds the mutex dev.bgfetch.devtools.running): the installer and the
    # uninstaller (run in place, _?=, so that its exit code is the answer; else it runs from a copy in
    # %TEMP% and returns at once) refuse with exit code 2. (Wine, unlike Windows, would let them
    # overwrite and delete the running exe: only the check stops them.) The message box is not seen:
    # silent mode answers it with Cancel.
    refuse_running() {
      local d=$work/wine-running rc=0 code; mkdir -p "$d"
      "$wine" "$instdir/bgfetch-cli.exe" demo --addr 127.0.0.1:0 --data "$(winpath "$d/data")" --project "$(winpath "$d/project")" \
        > "$d/demo.log" 2>&1 & demo=$!
      for _ in $(seq 150); do grep -q '^demo server on' "$d/demo.log" && break; sleep 0.2; done
      grep -q '^demo server on' "$d/demo.log" || { echo "bgfetch-cli.exe demo did not start:"; cat "$d/demo.log"; rc=1; }
      if [ $rc = 0 ]; then
        code=0; w32 "$setup" /S || code=$?
        echo "setup.exe /S while bgfetch-cli.exe runs: exit code $code"; [ "$code" = 2 ] || rc=1
        # _?= must reach the uninstaller unquoted, and wine quotes an argument with a space: a batch file
        printf '@"%s\\uninstall.exe" /S _?=%s\r\n@exit /b %%ERRORLEVEL%%\r\n' "$(winpath "$instdir")" "$(winpath "$instdir")" > "$d/uninstall.bat"
        code=0; w32 cmd /c "$(winpath "$d/uninstall.bat")" || code=$?
        echo "uninstall.exe /S while bgfetch-cli.exe runs: exit code $code"; [ "$code" = 2 ] || rc=1
      fi
      stop_demo
      installed_is 0.0.1 || rc=1
      return $rc
    }
    check "windows (wine, WoW64): setup and uninstall refuse while bgfetch-cli.exe runs (exit code 2), nothing changed" refuse_running
    upgrade() {
      w32 "$setup" /S && installed_is "$version" &&
        cmp "$instdir/bgfetch-cli.exe" "$winstage/bgfetch-cli.exe" && cmp "$instdir/bgfetch.exe" "$winstage/bgfetch.exe"
    }
    check "windows (wine, WoW64): the installer upgrades 0.0.1 to $version silently" upgrade
    # The installed program: its version, and a pull into the default data folder (%AppData%\bgfetch).
    installed_runs() {
      local d=$work/wine-installed rc=0; mkdir -p "$d"
      "$wine" "$instdir/bgfetch-cli.exe" --version | tr -d '\r' | tee "$d/version"
      grep -qE "$version_re" "$d/version" || { echo "expected bgfetch $version"; return 1; }
      start_demo "$root/usr/bin/bgfetch" "$d" &&
        "$wine" "$instdir/bgfetch-cli.exe" pull --project "$(winpath "$d/project")" --json > "$d/pull.json" &&
        cached "$d/pull.json" || rc=1
      stop_demo
      [ -f "$appdata/bgfetch.db" ] || { echo "no $appdata/bgfetch.db"; rc=1; }
      return $rc
    }
    check "windows (wine, WoW64): the installed bgfetch-cli.exe --version, and a pull into %AppData%\\bgfetch" installed_runs
    uninstall() {
      w32 "$instdir/uninstall.exe" /S || return 1
      # the uninstaller runs from a copy in %TEMP% and returns at once: wait for it
      for _ in $(seq 120); do [ -e "$instdir" ] || break; sleep 0.5; done
      [ ! -e "$instdir" ] || { echo "$instdir is still there:"; ls -la "$instdir"; return 1; }
      [ ! -e "$lnk" ] || { echo "the Start-menu shortcut is still there"; return 1; }
      [ -z "$(displayed)" ] || { echo "the uninstall registry entry is still there"; return 1; }
      [ -f "$appdata/bgfetch.db" ] || { echo "the user's data went: no $appdata/bgfetch.db"; return 1; }
      echo "removed: $instdir, the shortcut, $uninstkey; kept: $appdata"; ls "$appdata"
    }
    check "windows (wine, WoW64): uninstall.exe /S removes program, shortcut, registry entry; %AppData%\\bgfetch stays" uninstall
  else
    echo "skip  windows (wine, WoW64): no 32-bit wine DLLs in $wine32 (make package-test-deps), so the installer was not run"
  fi
else
  echo "skip  windows (wine): wine64 is not installed, so bgfetch-cli.exe was not run"
fi

# --- licences ---
# The committed notices are what the tool writes now (a new or updated module: `make notices`), and the
# tool knows every linked module's licence (else it fails, naming the module).
notices_current() {
  "$GO" -C packaging/tools build -trimpath -o "$work/notices" ./notices &&
    "$work/notices" -builds "linux:$TAGS;windows:$TAGS;windows:headless,sqlite_fts5" -check assets/THIRD_PARTY_NOTICES.txt &&
    { cmp LICENSE assets/LICENSE || { echo "assets/LICENSE is not LICENSE: run make notices"; return 1; }; } &&
    cmp assets/THIRD_PARTY_NOTICES.txt "$dist/.stage/linux/THIRD_PARTY_NOTICES.txt"
}
check "notices: assets/THIRD_PARTY_NOTICES.txt and assets/LICENSE are up to date, every licence known" notices_current

# --- versions, macOS ---
check "versions: packaging/version_test.sh (names, only v-tags, dpkg and Windows order)" packaging/version_test.sh
check "macos: Info.plist (python3 plistlib) and en, zh_Hans InfoPlist.strings from packaging/macos/infoplist.sh" \
  python3 packaging/macos/infoplist_test.py

# --- reproducible builds ---
# The same commit built again, into another folder, gives the same bytes.
dist2=$work/dist2
rebuild() { DIST=$dist2 GO=$GO TAGS=$TAGS packaging/package.sh "$1" > "$work/rebuild-$1.log" 2>&1 || { cat "$work/rebuild-$1.log"; return 1; }; }
check "reproducible: the Linux packages built again" rebuild linux
check "reproducible: the Windows installer built again" rebuild windows
same() {
  local a b; a=$(sha256sum < "$1" | cut -d' ' -f1); b=$(sha256sum < "$dist2/$(basename "$1")" 2>/dev/null | cut -d' ' -f1)
  echo "$(basename "$1"): $a, again: ${b:-missing}"; [ "$a" = "$b" ]
}
check "reproducible: $(basename "$tarball") is byte-identical when built again" same "$tarball"
check "reproducible: $(basename "$deb") is byte-identical when built again" same "$deb"
check "reproducible: $(basename "$setup") is byte-identical when built again" same "$setup"

echo "package-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
