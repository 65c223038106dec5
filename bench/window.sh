#!/usr/bin/env bash
# Window to first frame under Xvfb, and idle RSS: starts bin/bgfetch on the demo project N times, measures
# the time until the window is mapped and has painted (the screenshot differs from the empty screen), and
# the RSS after 3 s idle. Targets: under 1 s; idle RSS under 100 MB. Usage: bench/window.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5}
[ -x bin/bgfetch ] || make -s build
started=""
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :98 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & started=$!
  export DISPLAY=:98
  for _ in $(seq 50); do [ -e /tmp/.X11-unix/X98 ] && break; sleep 0.1; done
fi
work=$(mktemp -d); trap 'rm -rf "$work"; [ -n "$started" ] && kill $started' EXIT
for i in $(seq "$N"); do
  t0=$(date +%s%N)
  XDG_CONFIG_HOME="$work/cfg$i" LANG=zh_CN.UTF-8 bin/bgfetch --demo --data "$work/d$i" >/dev/null 2>&1 & pid=$!
  until win=$(xdotool search --onlyvisible --name "BgFetch DevTools" 2>/dev/null | head -1) && [ -n "$win" ]; do sleep 0.01; done
  t1=$(date +%s%N)
  # Painted: the tab bar's strip is no longer uniform (a mapped but unpainted window is one colour).
  until [ "$(import -window "$win" -crop 400x30+0+36 +repage -format '%[fx:standard_deviation>0.01]' info: 2>/dev/null)" = 1 ]; do sleep 0.01; done
  t2=$(date +%s%N)
  sleep 3
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "run $i: mapped $(( (t1 - t0) / 1000000 )) ms, painted $(( (t2 - t0) / 1000000 )) ms, idle RSS $(( rss / 1024 )) MB"
  kill $pid; wait $pid 2>/dev/null || true
done
