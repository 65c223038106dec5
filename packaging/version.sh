#!/bin/sh
# The one version rule. `bgfetch --version`, the About dialog, the .deb, the tarball, the installer and
# the macOS app all take their version from here (the binaries through -ldflags -X main.buildVersion).
#
# FyneApp.toml's Version is the release being worked towards; only tags named v<x.y.z> count (a tag
# without the "v", or any other name, is ignored):
#   HEAD tagged v$Version          -> 0.1.0                  a release (a v-tag on HEAD that differs
#                                                             from FyneApp.toml's Version is an error)
#   any other commit               -> NEXT~dev.N+gHASH        a pre-release of NEXT, sorting before it
#     NEXT is FyneApp.toml's Version when it is newer than the last v-tag (or there is none), else the
#     last tag's version with the patch number raised (after v0.1.0 with Version still 0.1.0: 0.1.1);
#     N counts the commits since that tag (all commits when there is none).
# and ".dirty" after a changed work tree's hash ("+dirty" on a release). Debian's order (dpkg
# --compare-versions) is the order of the builds: 0.1.0~dev.5+g… < 0.1.0~dev.63+g… < 0.1.0 <
# 0.1.1~dev.1+g… < 0.1.1.
#
#   version.sh           that version
#   version.sh windows   the four 16-bit numbers of a Windows file version, in the same order:
#                        a release x.y.z is x.y.z.0; a pre-release of x.y.z is the version before it
#                        with N as the fourth number (0.1.1~dev.N -> 0.1.0.N, 0.2.0~dev.N ->
#                        0.1.65535.N, 1.0.0~dev.N -> 0.65535.65535.N; N at most 65535), so it sorts
#                        after the previous release and before its own
#   version.sh short     x.y.z (NEXT, or the release): macOS's CFBundleShortVersionString
#   version.sh build     the number of commits up to HEAD: macOS's CFBundleVersion, always rising
# VERSION_ROOT=dir runs it on another repository (packaging/version_test.sh makes up histories).
set -eu
root=${VERSION_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
app=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml)
case "$app" in
  *[!0-9.]* | *..* | .* | *.) app_ok=no ;;
  *.*.*.*) app_ok=no ;;
  *.*.*) app_ok=yes ;;
  *) app_ok=no ;;
esac
[ "$app_ok" = yes ] || { echo "version.sh: FyneApp.toml's Version \"$app\" is not x.y.z" >&2; exit 1; }

# vercmp A B: prints -1, 0 or 1 for two x.y.z.
vercmp() {
  echo "$1 $2" | awk '{ split($1, a, "."); split($2, b, ".");
    for (i = 1; i <= 3; i++) { if (a[i] + 0 < b[i] + 0) { print -1; exit } if (a[i] + 0 > b[i] + 0) { print 1; exit } }
    print 0 }'
}

# (v-tags with anything but digits and dots, such as v0.2.0-rc1, are not versions either)
describe=$(git describe --tags --long --match 'v[0-9]*.[0-9]*.[0-9]*' --exclude 'v*[!0-9.]*' --dirty 2>/dev/null || true)
hash=g$(git rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
dirty=""
case "$describe" in *-dirty) dirty=yes; describe=${describe%-dirty} ;; esac
if [ -z "$describe" ]; then # no v-tag at all
  n=$(git rev-list --count HEAD 2>/dev/null || echo 0)
  [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=yes
  tag=""
else
  tag=${describe%-*-g*} # v0.1.0-3-gabc1234 -> v0.1.0
  n=${describe#"$tag"-}; n=${n%%-*}
  tag=${tag#v}
  case "$tag" in
    *[!0-9.]* | *.*.*.*) echo "version.sh: the tag v$tag is not vx.y.z" >&2; exit 1 ;;
  esac
fi

if [ -n "$tag" ] && [ "$n" = 0 ]; then
  [ "$tag" = "$app" ] || { echo "version.sh: HEAD is tagged v$tag but FyneApp.toml says Version = \"$app\"" >&2; exit 1; }
  release=yes next=$app
  version=$app${dirty:++dirty}
else
  release=no next=$app
  if [ -n "$tag" ] && [ "$(vercmp "$app" "$tag")" -le 0 ]; then
    next=$(echo "$tag" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')
  fi
  version="$next~dev.$n+$hash${dirty:+.dirty}"
fi

case "${1:-}" in
  "") echo "$version" ;;
  short) echo "$next" ;;
  build) git rev-list --count HEAD 2>/dev/null || echo 0 ;;
  windows)
    if [ "$release" = yes ]; then
      echo "$next.0"
    else
      echo "$next $n" | awk '{ split($1, v, "."); n = $2 > 65535 ? 65535 : $2
        if (v[3] > 0) { v[3]-- } else if (v[2] > 0) { v[2]--; v[3] = 65535 } else if (v[1] > 0) { v[1]--; v[2] = 65535; v[3] = 65535 }
        else { print "version.sh: 0.0.0 has no version before it" > "/dev/stderr"; exit 1 }
        printf "%d.%d.%d.%d\n", v[1], v[2], v[3], n }'
    fi ;;
  *) echo "usage: version.sh [windows|short|build]" >&2; exit 2 ;;
esac
