#!/usr/bin/env bash
# The issue 15 figures, whole processes, each beside its peer measured in the same run and interleaved with
# it (R repetitions, min and median): a history of N realistic attempts (bench/genhar: JSON bodies of
# 0.5-4 KB, English and Chinese, every one different) imported from a HAR file, then
#   history --search over it              vs the same binary's --version (the process floor): a rare text,
#                                         and a common one (its count a lower bound past 1,000 candidates)
#   pull of 256KB after N imported        vs the same pull after 1,000 imported
#   pull of 256KB (installed binary)      vs curl -s -o /dev/null of the same address
#   the full binary's --version / get     vs the headless build's (what a verb pays for the GUI)
#   import-har of the N-entry file        peak RSS, and history --har of them (streamed) peak RSS
#   database growth per cached 256KB pull (different bodies, and the same body again)
# Usage: bench/scale.sh [R] (N=100000 by default: N=10000 bench/scale.sh for a quick run).
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-5}
N=${N:-100000}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian package: time)"; exit 1; }
command -v curl >/dev/null || { echo "needs curl"; exit 1; }
TAGS=migrated_fynedo,sqlite_fts5
go build -trimpath -tags "$TAGS" -o bin/bgfetch .
go build -trimpath -tags headless,sqlite_fts5 -o bin/bgfetch-headless .
go build -o bin/genhar ./bench/genhar
B=$PWD/bin
pids=()
if [ -n "${KEEP:-}" ]; then # KEEP=DIR: work in DIR and keep it; a second run reuses its imported history
  work=$KEEP; mkdir -p "$work"
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
else
  work=$(mktemp -d)
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
fi
cd "$work"
rm -rf dg t.* demo.log srv.log

"$B/bgfetch" demo --addr 127.0.0.1:0 --data demo --project p > demo.log 2>&1 & pids+=($!)
"$B/genhar" -serve 127.0.0.1:0 > srv.log 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q '^demo server on' demo.log && grep -q '^serving on' srv.log && break; sleep 0.05; done
demo=$(sed -n 's/^demo server on \(http[^ ]*\).*/\1/p' demo.log)
srv=$(sed -n 's/^serving on //p' srv.log)
setURL() { sed -i -E "0,/\"url\": \"[^\"]*\"/s##\"url\": \"$1\"#" p/bgfetch.config.json; }
setURL "$srv/same/262144"

if [ ! -e dN/bgfetch.db ]; then
  "$B/genhar" -n "$N" > big.har
  "$B/genhar" -n 1000 > small.har
  /usr/bin/time -f "%e %M" -o import.rss "$B/bgfetch" import-har big.har --project p --data dN > /dev/null
  "$B/bgfetch" import-har small.har --project p --data d1k > /dev/null
fi
harMB=$(( $(stat -c %s big.har) / 1048576 ))
read -r importS importKB < import.rss
echo "import-har of $N entries ($harMB MB): $importS s, peak RSS $(( importKB / 1024 )) MB"
dbMB=$(( $(stat -c %s dN/bgfetch.db) / 1048576 ))
echo "database of $N imported attempts: $dbMB MB"

# run NAME CMD...: one timed run (ms, peak RSS KB) appended to NAME's list.
run() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%M" -o rss.tmp "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; cat rss.tmp >&2; exit 1; }
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000 )) $(tail -1 rss.tmp)" >> "t.$name"
}
cases=(version version_headless get get_headless search search_headless search_common pullN pull1k pull_headless curl)
for c in "${cases[@]}"; do : > "t.$c"; done
"$B/bgfetch" pull --project p --data dN > /dev/null; "$B/bgfetch" pull --project p --data d1k > /dev/null # warm
for _ in $(seq "$R"); do
  run version "$B/bgfetch" --version
  run version_headless "$B/bgfetch-headless" --version
  run get "$B/bgfetch" get --type periodic --project p --data d1k
  run get_headless "$B/bgfetch-headless" get --type periodic --project p --data d1k
  run search "$B/bgfetch" history --search needle-5000 --project p --data dN
  run search_headless "$B/bgfetch-headless" history --search needle-5000 --project p --data dN
  run search_common "$B/bgfetch" history --search "summer sale" --project p --data dN
  run pullN "$B/bgfetch" pull --project p --data dN
  run pull1k "$B/bgfetch" pull --project p --data d1k
  run pull_headless "$B/bgfetch-headless" pull --project p --data d1k
  run curl curl -s -o /dev/null "$srv/same/262144"
done

# summary NAME: "min median rssMedianMB" of NAME's runs (ms).
summary() {
  local rss
  rss=$(sort -n -k2 "t.$1" | awk '{ m[NR]=$2 } END { printf "%.0f", m[int((NR+1)/2)]/1024 }')
  sort -n "t.$1" | awk -v rss="$rss" '{ t[NR]=$1/1000 } END { printf "%.1f %.1f %s", t[1], t[int((NR+1)/2)], rss }'
}
line() { # line LABEL NAME PEER PEERLABEL
  read -r mn md rss <<< "$(summary "$2")"
  read -r pmn pmd prss <<< "$(summary "$3")"
  awk -v l="$1" -v pl="$4" -v mn="$mn" -v md="$md" -v rss="$rss" -v pmn="$pmn" -v pmd="$pmd" -v prss="$prss" 'BEGIN {
    printf "%-44s min %7.1f ms  median %7.1f ms  %4d MB | %-26s min %7.1f  median %7.1f  %4d MB | ratio min %.2fx median %.2fx\n",
      l, mn, md, rss, pl, pmn, pmd, prss, mn/pmn, md/pmd }'
}
echo
echo "$R interleaved runs each; ratio = figure / its peer, same run"
line "history --search over $N (bgfetch)" search version "bgfetch --version"
line "history --search over $N (headless)" search_headless version_headless "headless --version"
line "history --search a common text (bgfetch)" search_common version "bgfetch --version"
line "pull 256KB after $N imported" pullN pull1k "pull after 1k imported"
line "pull 256KB (bgfetch)" pull1k curl "curl -s -o /dev/null"
line "pull 256KB (headless)" pull_headless curl "curl -s -o /dev/null"
line "bgfetch --version" version version_headless "headless --version"
line "bgfetch get" get get_headless "headless get"

# history --har of every attempt, streamed to a file.
/usr/bin/time -f "%e %M" -o har.rss "$B/bgfetch" history --har out.har --project p --data dN > /dev/null
read -r harS harKB < har.rss
echo "history --har of the $N: $harS s, $(( $(stat -c %s out.har) / 1048576 )) MB written, peak RSS $(( harKB / 1024 )) MB"
rm -f out.har

# Growth per cached 256KB pull: 10 pulls of different bodies, then 10 of one body again and again.
size() { echo $(( $(stat -c %s dg/bgfetch.db) + $(stat -c %s dg/bgfetch.db-wal 2>/dev/null || echo 0) )); }
setURL "$srv/new/262144"
"$B/bgfetch" pull --project p --data dg > /dev/null
s0=$(size); for _ in $(seq 10); do "$B/bgfetch" pull --project p --data dg > /dev/null; done; s1=$(size)
setURL "$srv/same/262144"
"$B/bgfetch" pull --project p --data dg > /dev/null
s2=$(size); for _ in $(seq 10); do "$B/bgfetch" pull --project p --data dg > /dev/null; done; s3=$(size)
awk -v a=$(( (s1 - s0) / 10 )) -v b=$(( (s3 - s2) / 10 )) 'BEGIN {
  printf "database growth per cached 256KB pull: %.3f MB a different body, %.3f MB the same body again\n", a/1048576, b/1048576 }'
