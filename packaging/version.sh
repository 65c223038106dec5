#!/bin/sh
# Prints the version the packages carry, from FyneApp.toml's Version and `git describe`:
#   HEAD tagged v$Version            -> 0.1.0             (a release; a tag that differs from
#                                                          FyneApp.toml's Version is an error)
#   N commits after tag v$Version    -> 0.1.0+git.N.gHASH (after the 0.1.0 release)
#   no tag yet, or an older tag      -> 0.1.0~git.N.gHASH (towards 0.1.0; N counts commits since the
#                                                          last tag, or all commits when none)
# and ".dirty" when the work tree has changes. "~" and "+" sort as Debian expects (0.1.0~x < 0.1.0 <
# 0.1.0+x). `version.sh windows` prints the four numbers a Windows VERSIONINFO wants (0.1.0.N).
set -eu
cd "$(dirname "$0")/.."
app=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml)
case "$app" in
  [0-9]*.[0-9]*.[0-9]*) ;;
  *) echo "version.sh: FyneApp.toml's Version \"$app\" is not x.y.z" >&2; exit 1 ;;
esac
describe=$(git describe --tags --long --match 'v[0-9]*' --dirty 2>/dev/null || true)
hash=g$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
case "$describe" in *-dirty) dirty=.dirty; describe=${describe%-dirty} ;; esac
if [ -z "$describe" ]; then # no tag at all
  n=$(git rev-list --count HEAD 2>/dev/null || echo 0)
  [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=.dirty
  version="$app~git.$n.$hash$dirty"
else
  tag=${describe%-*-g*}  # v0.1.0-3-gabc1234 -> v0.1.0
  n=${describe#"$tag"-}; n=${n%%-*}
  if [ "$n" = 0 ]; then
    [ "$tag" = "v$app" ] || { echo "version.sh: HEAD is tagged $tag but FyneApp.toml says Version = \"$app\"" >&2; exit 1; }
    version="$app${dirty:++dirty}"
  elif [ "$tag" = "v$app" ]; then
    version="$app+git.$n.$hash$dirty"
  else
    version="$app~git.$n.$hash$dirty"
  fi
fi
if [ "${1:-}" = windows ]; then
  echo "$app.$n" | tr . ' ' | awk '{ printf "%d.%d.%d.%d\n", $1, $2, $3, ($4 > 65535 ? 65535 : $4) }'
else
  echo "$version"
fi
