#!/bin/sh
# packaging/wine32.sh DIR: puts wine's 32-bit Windows DLLs in DIR/i386-windows, for `make package-test`
# to run the (32-bit) NSIS installer under wine64's WoW64 mode with WINEDLLPATH=DIR. They come from
# Debian's libwine:i386 of the same version as the installed wine64, downloaded with apt-get (its
# i386 package lists kept in DIR/apt, so the system needs no i386 architecture) and extracted with
# dpkg-deb -x: nothing is installed. Does nothing when they are there or wine64 is not installed.
set -eu
dir=$1
[ -f "$dir/i386-windows/ntdll.dll" ] && exit 0
wine_version=$(dpkg-query -W -f '${Version}' wine64 2>/dev/null) || { echo "wine32.sh: wine64 is not installed"; exit 0; }
echo "wine32.sh: libwine:i386 $wine_version (the 32-bit wine DLLs) into $dir"
mkdir -p "$dir/apt/lists/partial" "$dir/apt/deb"
apt="-q -o Dir::State::Lists=$dir/apt/lists -o APT::Architectures::=amd64 -o APT::Architectures::=i386 -o Debug::NoLocking=1"
# shellcheck disable=SC2086 # $apt is options
apt-get $apt update >/dev/null 2>&1 || true # a list that fails to refresh is not libwine's
# apt's sandbox user may not write DIR: download where it can, then move
(cd "$dir/apt/deb" && apt-get $apt -o APT::Sandbox::User=root download "libwine:i386=$wine_version" >/dev/null)
rm -rf "$dir/x"
dpkg-deb -x "$dir/apt/deb/"libwine_*_i386.deb "$dir/x"
rm -rf "$dir/i386-windows"
mv "$dir/x/usr/lib/i386-linux-gnu/wine/i386-windows" "$dir/i386-windows"
rm -rf "$dir/x" "$dir/apt"
[ -f "$dir/i386-windows/ntdll.dll" ]
