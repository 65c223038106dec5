#!/bin/sh
# Writes the bgfetch(1) manual page to stdout, generated from the program's own help (`bgfetch
# --help`, and `bgfetch analytics help`), so that it never drifts from the verbs:
#   packaging/linux/manpage.sh BINARY VERSION EPOCH > bgfetch.1
# VERSION goes in the footer, EPOCH (seconds, SOURCE_DATE_EPOCH) is the page's date: the same
# commit gives the same page. The help text is kept as it is printed (a no-fill block), escaped for
# roff: backslashes, minus signs, and lines that would start with a control character.
set -eu
bin=$1 version=$2 epoch=$3
date=$(date -u -d "@$epoch" +%Y-%m-%d)

# roff: "\" -> "\e", "-" -> "\-" (a minus, as options need), a leading "." or "'" kept literal.
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"; }

help=$("$bin" --help)
analytics=$("$bin" analytics help)
summary=$(printf '%s\n' "$help" | head -1 | sed 's/^bgfetch: //')

cat <<EOF
.TH BGFETCH 1 "$date" "bgfetch $version" "User Commands"
.SH NAME
bgfetch \\- $(printf '%s\n' "$summary" | esc)
.SH SYNOPSIS
.B bgfetch
.br
.B bgfetch
.I verb
.RI [ options ]
.br
.B bgfetch \\-\\-version
.SH DESCRIPTION
BgFetch DevTools sends a mini program's background\\-fetch download address exactly the request
WeChat, QQ or Alipay would send, caches what the client would cache, keeps every attempt in SQLite
and shows what getBackgroundFetchData returns.
With no verb,
.B bgfetch
opens its window on the project in the current folder
.RB ( "bgfetch \\-\\-demo" :
on the embedded demo project).
The verbs below run headless on the same engine, for scripts and CI.
.SH VERBS AND OPTIONS
The text of
.BR "bgfetch \\-\\-help" :
.PP
.nf
.ft CR
$(printf '%s\n' "$help" | tail -n +3 | esc)
.ft
.fi
.SH ANALYTICS
The text of
.BR "bgfetch analytics help" :
.PP
.nf
.ft CR
$(printf '%s\n' "$analytics" | esc)
.ft
.fi
.SH ENVIRONMENT
.TP
.B BGFETCH_DATA
the folder of the database, as
.BR \\-\\-data .
.SH FILES
.TP
.I ~/.config/bgfetch
the database (bgfetch.db, and bgfetch\\-sim.db for the simulation), unless
.B \\-\\-data
or
.B BGFETCH_DATA
moves it.
.SH SEE ALSO
https://github.com/bgfetch/devtools
EOF
