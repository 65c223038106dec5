#!/usr/bin/env bash
# The window beside its peer, a bare Fyne window with the app's tab names in Chinese (bench/barewindow, the
# same Fyne and tags), started in turn R times under Xvfb (a new display when DISPLAY is unset): the time
# until the window is mapped, until it has painted (its tab strip is no longer one colour), and its RSS
# after IDLE seconds (10 by default); min and median of each, and the app's over the bare window's.
# Usage: bench/window.sh [R]
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-5}
IDLE=${IDLE:-10}
for tool in xdotool import Xvfb; do command -v $tool >/dev/null || { echo "needs $tool (make test-deps)"; exit 1; }; done
TAGS=migrated_fynedo,sqlite_fts5
go build -trimpath -tags "$TAGS" -o bin/bgfetch .
go build -trimpath -tags "$TAGS" -o bin/barewindow ./bench/barewindow
started=""
if [ -z "${DISPLAY:-}" ]; then
  n=98; while [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ]; do n=$((n+1)); done
  Xvfb :$n -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & started=$!
  export DISPLAY=:$n
  for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.1; done
fi
work=$(mktemp -d); trap 'rm -rf "$work"; [ -n "$started" ] && kill $started' EXIT

# one NAME TITLE CMD...: start CMD, time its window TITLE to mapped and painted, RSS after IDLE s, stop it.
one() {
  local name=$1 title=$2; shift 2
  local t0 t1 t2 win pid rss
  t0=$(date +%s%N)
  XDG_CONFIG_HOME="$work/cfg-$name-$i" LANG=zh_CN.UTF-8 "$@" >/dev/null 2>&1 & pid=$!
  until win=$(xdotool search --onlyvisible --name "$title" 2>/dev/null | head -1) && [ -n "$win" ]; do
    # A program that died (or never maps) would keep the loop waiting for ever: say so and stop.
    kill -0 $pid 2>/dev/null || { echo "bench/window.sh: $* exited before its window \"$title\" mapped" >&2; exit 1; }
    [ $(( $(date +%s%N) - t0 )) -lt 60000000000 ] || { echo "bench/window.sh: no window \"$title\" after 60 s" >&2; kill $pid; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  until [ "$(import -window "$win" -crop 400x30+0+0 +repage -format '%[fx:standard_deviation>0.01]' info: 2>/dev/null)" = 1 ]; do sleep 0.01; done
  t2=$(date +%s%N)
  sleep "$IDLE"
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(( (t1 - t0) / 1000 )) $(( (t2 - t0) / 1000 )) $rss" >> "$work/$name"
}
for i in $(seq "$R"); do
  one app "BgFetch DevTools" bin/bgfetch --demo --data "$work/d$i"
  one bare "Bare Fyne window" bin/barewindow
done
# col NAME N: "min median" of column N (ms, or MB for the RSS).
col() {
  local div=1000; [ "$2" = 3 ] && div=1024
  cut -d' ' -f"$2" "$work/$1" | sort -n | awk -v d=$div '{ v[NR]=$1/d } END { printf "%.0f %.0f", v[1], v[int((NR+1)/2)] }'
}
echo "$R runs each, interleaved; the window vs a bare Fyne window with Chinese tab names (bench/barewindow)"
for c in "2 mapped ms" "3 painted ms" "4 idle RSS MB"; do
  set -- $c
  n=$(( $1 - 1 )); label="$2 $3"
  read -r amin amed <<< "$(col app $n)"
  read -r bmin bmed <<< "$(col bare $n)"
  awk -v l="$label" -v i="$IDLE" -v a1=$amin -v a2=$amed -v b1=$bmin -v b2=$bmed 'BEGIN {
    if (l ~ /RSS/) l = l " at " i " s"
    printf "window %-18s min %5d median %5d | bare min %5d median %5d | ratio min %.2fx median %.2fx\n", l, a1, a2, b1, b2, a1/b1, a2/b2 }'
done
