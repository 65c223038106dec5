#!/usr/bin/env bash
# Tests packaging/version.sh on made-up git histories: what each build is called, that only v-tags
# count, and that the versions sort in the order of the builds, for Debian (dpkg --compare-versions)
# and as Windows file versions. Run by `make package-test`; alone: packaging/version_test.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
git -C "$repo" init -q
v() { VERSION_ROOT=$repo "$here/version.sh" "$@"; }
fyne() { printf '[Details]\n  ID = "dev.bgfetch.devtools"\n  Version = "%s"\n  Build = 1\n' "$1" > "$repo/FyneApp.toml"; }
commit() { echo "$RANDOM" >> "$repo/f"; git -C "$repo" add -A; git -C "$repo" commit -q -m c; }
h() { git -C "$repo" rev-parse --short=7 HEAD; }

failed=0 debs=() wins=()
# expect WHAT WANT GOT
expect() {
  if [ "$2" = "$3" ]; then echo "ok    $1: $3"; else echo "FAIL  $1: want $2, got $3"; failed=1; fi
}
# build NAME DEB WIN: the current commit's version and Windows version, kept in build order.
build() {
  expect "$1" "$2" "$(v)"; expect "$1 (windows)" "$3" "$(v windows)"
  debs+=("$2"); wins+=("$3")
}

fyne 0.1.0; commit; commit; commit
build "no tag, 3 commits" "0.1.0~dev.3+g$(h)" 0.0.65535.3
expect "no tag: short" 0.1.0 "$(v short)"
expect "no tag: build number" 3 "$(v build)"
git -C "$repo" tag 0.1.0; git -C "$repo" tag release-0.1.0; git -C "$repo" tag v0.1.0-rc1
expect "tags without v, or not vX.Y.Z, do not count" "0.1.0~dev.3+g$(h)" "$(v)"
echo x >> "$repo/f"
expect "a changed work tree" "0.1.0~dev.3+g$(h).dirty" "$(v)"
git -C "$repo" checkout -q -- f
commit
build "no v-tag, 4 commits" "0.1.0~dev.4+g$(h)" 0.0.65535.4
git -C "$repo" tag v0.1.0
build "HEAD tagged v0.1.0" 0.1.0 0.1.0.0
expect "release: short" 0.1.0 "$(v short)"
commit
build "1 commit after v0.1.0, Version still 0.1.0" "0.1.1~dev.1+g$(h)" 0.1.0.1
expect "after v0.1.0: short" 0.1.1 "$(v short)"
expect "after v0.1.0: build number" 5 "$(v build)"
commit
build "2 commits after v0.1.0" "0.1.1~dev.2+g$(h)" 0.1.0.2
fyne 0.2.0; commit
build "Version raised to 0.2.0" "0.2.0~dev.3+g$(h)" 0.1.65535.3
git -C "$repo" tag v0.2.0
build "HEAD tagged v0.2.0" 0.2.0 0.2.0.0
fyne 1.0.0; commit
build "Version raised to 1.0.0" "1.0.0~dev.1+g$(h)" 0.65535.65535.1
git -C "$repo" tag v1.0.0
build "HEAD tagged v1.0.0" 1.0.0 1.0.0.0
commit; git -C "$repo" tag v1.1.0
expect "a v-tag that is not FyneApp.toml's Version is an error" "error" "$(v 2>/dev/null || echo error)"

# Every build sorts after the one before it.
for i in $(seq 1 $((${#debs[@]} - 1))); do
  a=${debs[$((i - 1))]} b=${debs[$i]}
  if dpkg --compare-versions "$a" lt "$b"; then echo "ok    dpkg: $a < $b"; else echo "FAIL  dpkg: $a is not < $b"; failed=1; fi
  a=${wins[$((i - 1))]} b=${wins[$i]}
  if [ "$(printf '%s\n%s\n' "$b" "$a" | sort -t. -k1,1n -k2,2n -k3,3n -k4,4n | head -1)" = "$a" ] && [ "$a" != "$b" ]; then
    echo "ok    windows: $a < $b"
  else
    echo "FAIL  windows: $a is not < $b"; failed=1
  fi
done
exit $failed
