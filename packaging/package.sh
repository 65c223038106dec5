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
dist=$PWD/dist
tools=$PWD/bin/packaging
syso=$PWD/bgfetch_windows_amd64.syso # see windows()
mkdir -p "$dist" "$tools"

step_start=0
step() { step_start=$(date +%s%N); printf '%-44s' "$1..."; }
done_step() { printf ' %5.1f s%s\n' "$(( ($(date +%s%N) - step_start) / 1000000 ))e-3" "${1:+  $1}"; }
size() { du -h "$1" | cut -f1; }

# build_tool NAME: the helpers live in their own module, packaging/tools (nfpm stays out of go.mod).
build_tool() { "$GO" -C packaging/tools build -o "$tools/$1" "./$1"; }

linux() {
  local s=$dist/.stage/linux
  rm -rf "$s" "$dist"/bgfetch-*-linux-amd64.tar.xz* "$dist"/bgfetch_*_amd64.deb*
  mkdir -p "$s/fyne/assets"

  step "linux binary ($version)"
  "$GO" build -tags "$TAGS" -ldflags "$ldflags" -o "$s/bgfetch" .
  done_step "$(size "$s/bgfetch")"

  # fyne package reads FyneApp.toml from --src and writes Build+1 back into it, and works in the
  # current folder: give it a staged copy so the work tree is never written.
  step "fyne package -os linux"
  cp FyneApp.toml "$s/fyne/"
  cp assets/icon.png "$s/fyne/assets/"
  printf 'package main\n\nfunc main() {}\n' > "$s/fyne/stub.go" # fyne wants Go code in --src
  # xz on both cores: the 27 MB binary takes most of this step.
  (cd "$s/fyne" && XZ_OPT=${XZ_OPT:--T0} "$GO" tool fyne package -os linux -executable "$s/bgfetch" -src "$s/fyne" >/dev/null)
  local tarball=$dist/bgfetch-$version-linux-amd64.tar.xz
  mv "$s/fyne/"*.tar.xz "$tarball"
  done_step "$(size "$tarball")"

  step "deb (nfpm)"
  build_tool debpkg
  mkdir -p "$s/tar"
  tar -xJf "$tarball" -C "$s/tar"
  cp "$(find "$s/tar" -name dev.bgfetch.devtools.desktop)" "$s/"
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
  "${env[@]}" "$GO" build -tags "$TAGS" -ldflags "$ldflags -H windowsgui" -o "$s/bgfetch.exe" .
  done_step "$(size "$s/bgfetch.exe")"

  step "windows bgfetch-cli.exe (console)"
  winres bgfetch-cli.exe "BgFetch DevTools command line"
  "${env[@]}" "$GO" build -tags headless,sqlite_fts5 -ldflags "$ldflags" -o "$s/bgfetch-cli.exe" .
  rm -f "$syso"
  done_step "$(size "$s/bgfetch-cli.exe")"

  step "NSIS installer"
  local setup=$dist/bgfetch-$version-windows-amd64-setup.exe
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
