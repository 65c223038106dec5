#!/usr/bin/env bash
# `make package-test` (after `make package`): checks what is in dist/ as a user would get it.
#  - every artifact has a .sha256 that verifies, and SHA256SUMS lists them all;
#  - the .tar.xz holds the binary, the .desktop entry, the icon and the install Makefile;
#  - the .deb: its control fields (version, runtime dependencies covering every library the binary
#    links), its files; installed into a temporary root with `dpkg -x`, its /usr/bin/bgfetch prints
#    the version and pulls from the demo server (the headless verbs) with the body cached;
#  - the Windows binaries: bgfetch.exe a PE32+ GUI program, bgfetch-cli.exe a PE32+ console program,
#    both needing only Windows' own DLLs and carrying the icon, version and manifest; the installer an
#    NSIS installer holding exactly those two files (and, where wine64 is installed, bgfetch-cli.exe
#    runs: --version and the same pull);
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
app=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml)
describe=$(git describe --tags --always --dirty 2>/dev/null || true)
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
  for f in bgfetch/Makefile bgfetch/usr/local/bin/bgfetch bgfetch/usr/local/share/applications/dev.bgfetch.devtools.desktop \
           bgfetch/usr/local/share/pixmaps/dev.bgfetch.devtools.png bgfetch/LICENSE bgfetch/THIRD_PARTY_NOTICES.txt; do
    grep -qx "$f" "$work/tar.list" || { echo "$f not in $(basename "$tarball")"; cat "$work/tar.list"; return 1; }
  done
}
check "tar.xz: binary, .desktop entry, icon, Makefile, LICENSE, THIRD_PARTY_NOTICES.txt" tar_ok
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

# --- the installed binary runs ---
"$root/usr/bin/bgfetch" --version > "$work/version" 2>&1 || true
version_re="^bgfetch $(printf '%s' "$app" | sed 's/\./\\./g')( \($describe\))?\$"
check "deb: bgfetch --version says $app${describe:+ ($describe)}" has "$version_re" "$work/version"

# start_demo BIN DIR: the demo server from BIN on a free loopback port, its project written to DIR/project.
start_demo() {
  "$1" demo --addr 127.0.0.1:0 --data "$2/demo-data" --project "$2/project" > "$2/demo.log" 2>&1 & demo=$!
  for _ in $(seq 100); do grep -q '^demo server on' "$2/demo.log" && break; sleep 0.1; done
  grep '^demo server on' "$2/demo.log" || { echo "the demo server did not start:"; cat "$2/demo.log"; return 1; }
}
stop_demo() { kill "$demo" 2>/dev/null; wait "$demo" 2>/dev/null || true; demo=""; }
cached() { cat "$1"; grep -q '"cached": true' "$1"; }
deb_pull() {
  local d=$work/deb-pull rc=0; mkdir -p "$d"
  start_demo "$root/usr/bin/bgfetch" "$d" &&
    "$root/usr/bin/bgfetch" pull --project "$d/project" --data "$d/data" --json > "$d/pull.json" &&
    cached "$d/pull.json" || rc=1
  stop_demo; return $rc
}
check "deb: bgfetch pull --json from the demo server: \"cached\": true" deb_pull

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
