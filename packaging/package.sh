#!/usr/bin/env bash
# Builds the release packages into dist/ (`make package` runs all three):
#   package.sh linux    dist/bgfetch-VERSION-linux-amd64.tar.xz  (fyne package -os linux: binary,
#                       .desktop entry, icon and a Makefile for `make install` / `make user-install`;
#                       and hicolor icons, AppStream metainfo, the bgfetch(1) manual page)
#                       dist/bgfetch_VERSION_amd64.deb           (nfpm: /usr/bin/bgfetch, the same
#                       .desktop entry, icons, metainfo and manual page, changelog.gz, runtime
#                       dependencies declared; hardened, lintian-clean)
#   package.sh windows  dist/bgfetch-VERSION-windows-amd64-setup.exe (NSIS installer of bgfetch.exe,
#                       cross-compiled with mingw-w64 as a GUI program, and bgfetch-cli.exe, the
#                       headless build as a console program)
#   package.sh sums     dist/ARTIFACT.sha256 beside each artifact, and dist/SHA256SUMS
# Every package carries LICENSE and THIRD_PARTY_NOTICES.txt (packaging/tools/notices, from the modules
# the builds link; the .deb has them as /usr/share/doc/bgfetch/copyright in Debian's format).
# Reproducible: the same commit gives byte-identical packages (`make package-test` builds twice and
# compares): binaries built with -trimpath, every file dated SOURCE_DATE_EPOCH (the commit's time),
# the tarball's entries sorted and owned by 0:0. DIST=dir writes the packages there instead of dist/.
# VERSION comes from packaging/version.sh (FyneApp.toml and the v-tags); the binaries report the
# same through `bgfetch --version` and the About dialog. Build files are staged in dist/.stage.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
TAGS=${TAGS:-migrated_fynedo,sqlite_fts5}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
MINGW_WINDRES=${MINGW_WINDRES:-x86_64-w64-mingw32-windres}

version=$(packaging/version.sh)
ldflags="-s -w -X main.buildVersion=$version"
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

  # Hardened as Debian builds its packages (lintian checks it): a position-independent executable,
  # the C parts (go-sqlite3, GLFW) with fortified functions and stack protection, linked with full
  # RELRO and immediate binding; and without the compilers' .comment section.
  step "linux binary ($version)"
  CGO_CPPFLAGS="-D_FORTIFY_SOURCE=2" CGO_CFLAGS="-g -O2 -fstack-protector-strong" CGO_LDFLAGS="-Wl,-z,relro,-z,now" \
    "$GO" build -trimpath -buildmode=pie -tags "$TAGS" \
    -ldflags "$ldflags -linkmode=external -extldflags=-Wl,-z,relro,-z,now" -o "$s/bgfetch" .
  objcopy --remove-section=.comment "$s/bgfetch"
  # The verbs without Fyne, for scripts and CI (the .deb's /usr/bin/bgfetch-cli): no GL or X11 to load.
  CGO_CPPFLAGS="-D_FORTIFY_SOURCE=2" CGO_CFLAGS="-g -O2 -fstack-protector-strong" CGO_LDFLAGS="-Wl,-z,relro,-z,now" \
    "$GO" build -trimpath -buildmode=pie -tags headless,sqlite_fts5 \
    -ldflags "$ldflags -linkmode=external -extldflags=-Wl,-z,relro,-z,now" -o "$s/bgfetch-cli" .
  objcopy --remove-section=.comment "$s/bgfetch-cli"
  done_step "$(size "$s/bgfetch")"

  # What both Linux packages add to fyne's: icons at the hicolor theme's sizes (from the 512-pixel
  # one), the AppStream metainfo, the manual page (from the CLI's help) and, for the .deb, Debian's
  # changelog; all generated, so the same commit gives the same bytes.
  step "icons, metainfo, manual page, changelog"
  build_tool mkico
  "$tools/mkico" -i assets/icon.png -hicolor "$s/hicolor" -name dev.bgfetch.devtools
  local day type=stable
  day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)
  case "$version" in *~*) type=development ;; esac
  sed -e "s|@VERSION@|$version|; s|@DATE@|$day|; s|<release version=|<release type=\"$type\" version=|" \
    packaging/linux/dev.bgfetch.devtools.metainfo.xml > "$s/dev.bgfetch.devtools.metainfo.xml"
  packaging/linux/manpage.sh "$s/bgfetch" "$version" "$SOURCE_DATE_EPOCH" | gzip -9n > "$s/bgfetch.1.gz"
  printf '.so man1/bgfetch.1\n' | gzip -9n > "$s/bgfetch-cli.1.gz" # the same verbs: the same page
  local maintainer
  maintainer=$(sed -n 's/^maintainer: *//p' packaging/linux/nfpm.yaml)
  { printf 'bgfetch (%s) unstable; urgency=medium\n\n' "$version"
    printf '  * BgFetch DevTools %s, built from commit\n    %s.\n' "$version" "$(git rev-parse HEAD 2>/dev/null || echo unknown)"
    printf '  * What changed: https://github.com/bgfetch/devtools/releases\n\n'
    printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
  } | gzip -9n > "$s/changelog.gz"
  done_step

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
  local t=$s/tar/bgfetch
  mkdir -p "$t/usr/local/share/icons" "$t/usr/local/share/metainfo" "$t/usr/local/share/man/man1"
  cp -r "$s/hicolor" "$t/usr/local/share/icons/"
  cp "$s/dev.bgfetch.devtools.metainfo.xml" "$t/usr/local/share/metainfo/"
  cp "$s/bgfetch.1.gz" "$s/bgfetch-cli.1.gz" "$t/usr/local/share/man/man1/"
  # The verbs without Fyne (no GL or X11 to load), for scripts and CI, as in the .deb.
  install -m 0755 "$s/bgfetch-cli" "$t/usr/local/bin/bgfetch-cli"
  # fyne's Makefile installs the binary, the .desktop entry and the pixmap: the rest too.
  local icons='for d in usr/local/share/icons/hicolor/*/apps; do install -Dm00644 $$d/$(Icon) DEST/share/icons/$${d#usr/local/share/icons/}/$(Icon); done'
  local meta='install -Dm00644 usr/local/share/metainfo/$(AppID).metainfo.xml DEST/share/metainfo/$(AppID).metainfo.xml'
  local man='install -Dm00644 usr/local/share/man/man1/$(Exec).1.gz DEST/share/man/man1/$(Exec).1.gz'
  local cli='install -Dm00755 usr/local/bin/$(Exec)-cli DEST/bin/$(Exec)-cli; install -Dm00644 usr/local/share/man/man1/$(Exec)-cli.1.gz DEST/share/man/man1/$(Exec)-cli.1.gz'
  local rm_icons='-rm -f DEST/share/icons/hicolor/*/apps/$(Icon)'
  awk -v icons="$icons" -v meta="$meta" -v man="$man" -v cli="$cli" -v rmi="$rm_icons" '
    function add(dest) { for (i = 1; i <= 4; i++) { l = (i == 1 ? icons : i == 2 ? meta : i == 3 ? man : cli); gsub("DEST", dest, l); print "\t" l } }
    function del(dest, withman) { l = rmi; gsub("DEST", dest, l); print "\t" l
      print "\t-rm -f " dest "/share/metainfo/$(AppID).metainfo.xml " dest "/bin/$(Exec)-cli " dest "/share/man/man1/$(Exec)-cli.1.gz"
      if (withman) print "\t-rm -f " dest "/share/man/man1/$(Exec).1.gz" }
    { print }
    /^install:/ { add("$(DESTDIR)$(PREFIX)") }
    /^uninstall:/ { del("$(DESTDIR)$(PREFIX)", 1) }
    /^user-install:/ { add("$(DESTDIR)$(HOME)/.local") }
    /^user-uninstall:/ { del("$(DESTDIR)$(HOME)/.local", 1) }
  ' "$t/Makefile" > "$s/Makefile" && cat "$s/Makefile" > "$t/Makefile"
  chmod -R u=rwX,go=rX "$t/usr/local/share"
  epoch "$s/tar"
  # xz in multi-threaded mode with a fixed thread count: the same blocks, so the same bytes, on any machine.
  tar -C "$s/tar" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner -cf - bgfetch |
    xz -6 -T2 > "$tarball"
  done_step "$(size "$tarball")"

  step "deb (nfpm)"
  build_tool debpkg
  cp "$desktop" "$s/"
  epoch "$s/hicolor" # nfpm keeps the dates of a tree's files
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
