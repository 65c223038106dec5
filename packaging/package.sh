#!/usr/bin/env bash
# Builds the release packages into dist/ (`make package` runs all three):
#   package.sh linux    dist/bgfetch-VERSION-linux-amd64.tar.xz  (fyne package -os linux: binary,
#                       .desktop entry, icon and a Makefile for `make install` / `make user-install`)
#                       dist/bgfetch_VERSION_amd64.deb           (nfpm: /usr/bin/bgfetch, the same
#                       .desktop entry and icon, runtime dependencies declared)
#   package.sh windows  dist/bgfetch-VERSION-windows-amd64-setup.exe (NSIS installer of bgfetch.exe,
#                       cross-compiled with mingw-w64 as a GUI program, and bgfetch-cli.exe, the
#                       headless build as a console program)
#   package.sh sums     dist/ARTIFACT.sha256 beside each artifact, and dist/SHA256SUMS
# Every package carries LICENSE and THIRD_PARTY_NOTICES.txt (packaging/tools/notices, from the modules
# the builds link; the .deb has them as /usr/share/doc/bgfetch/copyright in Debian's format).
# Reproducible: the same commit gives byte-identical packages (`make package-test` builds twice and
# compares): binaries built with -trimpath, every file dated SOURCE_DATE_EPOCH (the commit's time),
# the tarball's entries sorted and owned by 0:0. DIST=dir writes the packages there instead of dist/.
# VERSION comes from FyneApp.toml and `git describe` (packaging/version.sh); the binaries report the
# same through `bgfetch --version` and the About dialog. Build files are staged in dist/.stage.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
TAGS=${TAGS:-migrated_fynedo,sqlite_fts5}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
MINGW_WINDRES=${MINGW_WINDRES:-x86_64-w64-mingw32-windres}

version=$(packaging/version.sh)
describe=$(git describe --tags --always --dirty 2>/dev/null || true)
ldflags="-s -w -X main.gitVersion=$describe"
# Reproducible file dates inside the .deb: the last commit's time.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
dist=${DIST:-$PWD/dist}
tools=$PWD/bin/packaging
syso=$PWD/bgfetch_windows_amd64.syso # see windows()
mkdir -p "$dist" "$tools"

step_start=0
step() { step_start=$(date +%s%N); printf '%-44s' "$1..."; }
done_step() { printf ' %5.1f s%s\n' "$(( ($(date +%s%N) - step_start) / 1000000 ))e-3" "${1:+  $1}"; }
size() { du -h "$1" | cut -f1; }

# build_tool NAME: the helpers live in their own module, packaging/tools (nfpm stays out of go.mod).
build_tool() { "$GO" -C packaging/tools build -trimpath -o "$tools/$1" "./$1"; }

# notices DIR: DIR/THIRD_PARTY_NOTICES.txt and DIR/copyright (Debian's machine-readable format) for
# what the Linux and Windows builds link; fails on a module whose licence the tool does not know.
notices() {
  build_tool notices
  "$tools/notices" -builds "linux:$TAGS;windows:$TAGS;windows:headless,sqlite_fts5" \
    -o "$1/THIRD_PARTY_NOTICES.txt" -debian-copyright "$1/copyright"
}

# epoch FILE...: dates files (and folders) SOURCE_DATE_EPOCH, so that what packs them is reproducible.
epoch() { find "$@" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

linux() {
  local s=$dist/.stage/linux
  rm -rf "$s" "$dist"/bgfetch-*-linux-amd64.tar.xz* "$dist"/bgfetch_*_amd64.deb*
  mkdir -p "$s/fyne/assets"

  step "linux binary ($version)"
  "$GO" build -trimpath -tags "$TAGS" -ldflags "$ldflags" -o "$s/bgfetch" .
  "$GO" build -trimpath -tags headless,sqlite_fts5 -ldflags "$ldflags" -o "$s/bgfetch-cli" . # the verbs without Fyne (.deb)
  done_step "$(size "$s/bgfetch")"

  # fyne package reads FyneApp.toml from --src and writes Build+1 back into it, and works in the
  # current folder: give it a staged copy so the work tree is never written.
  step "fyne package -os linux"
  cp FyneApp.toml "$s/fyne/"
  cp assets/icon.png "$s/fyne/assets/"
  printf 'package main\n\nfunc main() {}\n' > "$s/fyne/stub.go" # fyne wants Go code in --src
  # xz on both cores: the 27 MB binary takes most of this step.
  # (the fyne tool is the one go.mod declares, run from outside the module: DIST may be anywhere)
  local fyne
  fyne=$("$GO" tool -n fyne)
  (cd "$s/fyne" && XZ_OPT=${XZ_OPT:--T0} "$fyne" package -os linux -executable "$s/bgfetch" -src "$s/fyne" >/dev/null)
  done_step

  # Packed again: with the licence, the notices and the Chinese name in the .desktop entry (which
  # FyneApp.toml cannot give), and reproducibly (fyne dates the files now, in no fixed order).
  step "tar.xz (licence, notices, reproducible)"
  local tarball=$dist/bgfetch-$version-linux-amd64.tar.xz
  mkdir -p "$s/tar"
  tar -xJf "$s/fyne/"*.tar.xz -C "$s/tar"
  notices "$s"
  cp LICENSE "$s/tar/bgfetch/LICENSE"
  cp "$s/THIRD_PARTY_NOTICES.txt" "$s/tar/bgfetch/THIRD_PARTY_NOTICES.txt"
  chmod 0644 "$s/tar/bgfetch/LICENSE" "$s/tar/bgfetch/THIRD_PARTY_NOTICES.txt"
  local desktop
  desktop=$(find "$s/tar" -name dev.bgfetch.devtools.desktop)
  sed -i -e '/^Name=/a Name[zh_CN]=BgFetch 开发者工具' \
    -e '/^GenericName=/a GenericName[zh_CN]=小程序周期性更新与预拉取调试器' \
    -e '/^Comment=/a Comment[zh_CN]=调试微信、QQ 和支付宝小程序的周期性更新与数据预拉取' "$desktop"
  epoch "$s/tar"
  # xz in multi-threaded mode with a fixed thread count: the same blocks, so the same bytes, on any machine.
  tar -C "$s/tar" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -cf - bgfetch |
    xz -6 -T2 > "$tarball"
  done_step "$(size "$tarball")"

  step "deb (nfpm)"
  build_tool debpkg
  cp "$desktop" "$s/"
  cp "$(find "$s/tar" -name dev.bgfetch.devtools.png)" "$s/"
  local deb=$dist/bgfetch_${version}_amd64.deb
  PKG_VERSION=$version STAGE=$s "$tools/debpkg" -f packaging/linux/nfpm.yaml -t "$deb"
  done_step "$(size "$deb")"
}

windows() {
  local s=$dist/.stage/windows
  rm -rf "$s" "$dist"/bgfetch-*-windows-amd64-setup.exe*
  mkdir -p "$s"
  local version4
  version4=$(packaging/version.sh windows)

  build_tool mkico
  "$tools/mkico" -i assets/icon.png -o "$s/bgfetch.ico"
  cp packaging/windows/bgfetch.manifest "$s/"
  # The icon, version and manifest go in through a .syso in the main package's folder; its name
  # (_windows_amd64) keeps it out of every other build, and it is removed when this step ends.
  trap 'rm -f "$syso"' EXIT
  winres() {
    sed -e "s|@VERSION@|$version|g; s|@VERSION4@|${version4//./,}|g; s|@NAME@|$1|g; s|@DESCRIPTION@|$2|g" \
      packaging/windows/bgfetch.rc.in > "$s/bgfetch.rc"
    "$MINGW_WINDRES" -I "$s" -i "$s/bgfetch.rc" -O coff -o "$syso"
  }
  local env=(env CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC="$MINGW_CC")

  step "windows bgfetch.exe (GUI)"
  winres bgfetch.exe "BgFetch DevTools"
  "${env[@]}" "$GO" build -trimpath -tags "$TAGS" -ldflags "$ldflags -H windowsgui" -o "$s/bgfetch.exe" .
  done_step "$(size "$s/bgfetch.exe")"

  step "windows bgfetch-cli.exe (console)"
  winres bgfetch-cli.exe "BgFetch DevTools command line"
  "${env[@]}" "$GO" build -trimpath -tags headless,sqlite_fts5 -ldflags "$ldflags" -o "$s/bgfetch-cli.exe" .
  rm -f "$syso"
  done_step "$(size "$s/bgfetch-cli.exe")"

  step "NSIS installer"
  local setup=$dist/bgfetch-$version-windows-amd64-setup.exe
  # LICENSE.txt and THIRD_PARTY_NOTICES.txt are installed beside the exe, with Windows line ends.
  notices "$s"
  sed 's/$/\r/' LICENSE > "$s/LICENSE.txt"
  sed -i 's/$/\r/' "$s/THIRD_PARTY_NOTICES.txt"
  rm "$s/copyright"
  # NSIS stores each file's date (SetDateSave): SOURCE_DATE_EPOCH's, for the same installer each time.
  epoch "$s"
  makensis -V2 -DVERSION="$version" -DVERSION4="$version4" -DSTAGE="$s" -DOUTFILE="$setup" \
    packaging/windows/bgfetch.nsi >/dev/null
  done_step "$(size "$setup")"
}

sums() {
  cd "$dist"
  rm -f SHA256SUMS
  local f
  for f in bgfetch-*.tar.xz bgfetch_*.deb bgfetch-*-setup.exe bgfetch-*.dmg; do
    [ -f "$f" ] || continue
    sha256sum "$f" > "$f.sha256"
    cat "$f.sha256" >> SHA256SUMS
  done
  echo "dist/:"
  sed 's/.* //' SHA256SUMS | while read -r f; do printf '  %6s  %s\n' "$(du -h "$f" | cut -f1)" "$f"; done
}

case "${1:-}" in
  linux) linux ;;
  windows) windows ;;
  sums) sums ;;
  *) echo "usage: packaging/package.sh linux|windows|sums" >&2; exit 2 ;;
esac
