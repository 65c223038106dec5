#!/usr/bin/env bash
# Whole-process benchmark of `bgfetch pull` of a 256KB body from a loopback server: wall time and peak RSS
# over N runs, for the full binary and the headless build (-tags headless,sqlite_fts5, no Fyne). Target: under 30 ms and
# 40 MB RSS. Usage: bench/cli.sh [N] (builds bin/bgfetch and bin/bgfetch-headless if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-30}
BIN=bin/bgfetch
[ -x "$BIN" ] || make -s build
[ -x bin/bgfetch-headless ] || go build -tags headless,sqlite_fts5 -o bin/bgfetch-headless .
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian package: time)"; exit 1; }
work=$(mktemp -d); trap 'kill $demo 2>/dev/null; rm -rf "$work"' EXIT
"$BIN" demo --addr 127.0.0.1:0 --data "$work" --project "$work/p" > "$work/demo.log" 2>&1 & demo=$!
for _ in $(seq 100); do grep -q '^demo server on' "$work/demo.log" && break; sleep 0.05; done
url=$(sed -n 's/^demo server on \(http[^ ]*\).*/\1/p' "$work/demo.log")
sed -i "s#\"url\": \"$url/periodic?from=bgfetch-demo\"#\"url\": \"$url/size/262144\"#" "$work/p/bgfetch.config.json"
"$BIN" pull --project "$work/p" --data "$work" --json | grep -q '"cached": true' || { echo "the 256KB pull was not cached"; exit 1; }
for bin in "$BIN" bin/bgfetch-headless; do
  : > "$work/times"
  for _ in $(seq "$N"); do
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss" "$bin" pull --project "$work/p" --data "$work" >/dev/null
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 )) $(cat "$work/rss")" >> "$work/times"
  done
  sort -n "$work/times" | awk -v name="$(basename "$bin")" '{ t[NR]=$1/1000; m[NR]=$2 } END {
    printf "%s pull, 256KB body, %d runs: median %.1f ms, p90 %.1f ms, max %.1f ms; peak RSS median %.1f MB\n",
      name, NR, t[int((NR+1)/2)], t[int(NR*0.9)], t[NR], m[int((NR+1)/2)]/1024 }'
done

# Issue 4's schedule benchmark: 30 simulated days of periodic updates (60 pulls) against the loopback demo
# server. At --speed 86400 a simulated day takes a real second by definition, so 30 days take 30 s; --speed
# max jumps between updates and measures the work itself.
sed -i "s#\"url\": \"$url/size/262144\"#\"url\": \"$url/periodic\"#" "$work/p/bgfetch.config.json"
t0=$(date +%s%N)
pulls=$("$BIN" schedule --project "$work/p" --data "$work" --speed max --for 30d | grep -c ' pull ')
t1=$(date +%s%N)
echo "bgfetch schedule --speed max --for 30d: $pulls pulls in $(( (t1 - t0) / 1000000 )) ms"
