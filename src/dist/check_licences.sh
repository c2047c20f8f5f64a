#!/usr/bin/env bash
# Compares the third-party code a build compiled with the licences a package
# ships: every header the build read from outside the source and build trees
# (ninja's dependency log) belongs to a Debian package that bundled.cmake
# lists, and every library bundled.cmake lists has licences/NAME.txt in
# LICENCE_DIR (and nothing else is there). Usage:
#   check_licences.sh BUILD_DIR LICENCE_DIR
# Prints one line per library; exit 1 on the first mismatch.
set -euo pipefail
build=$1 licences=$2
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
bundled="$here/bundled.cmake"

# NAME|PACKAGES|LICENCE|FILE lines of bundled.cmake (the Windows ones too:
# which apply is decided by what the build compiled and what the zip holds).
entries=$(grep -oE '"[^"|]+\|[^"|]+\|[^"|]+\|[^"|]+"' "$bundled" | tr -d '"')

# The log's paths are relative to the build directory; the MinGW build reads
# the Debian headers through symlinks in it (host-headers/), followed here.
buildabs=$(realpath "$build")
headers=$(cd "$buildabs" && ninja -t deps | awk '/^    [^ ]/ { print $1 }' | sort -u |
          while read -r h; do
            p=$(realpath -s -e "$h" 2>/dev/null) || continue
            case "$p" in "$buildabs"/*) p=$(readlink -f "$p") ;; esac
            echo "$p"
          done | grep -v -e "^$src/" -e "^$buildabs/" | sort -u)
[ -n "$headers" ] || { echo "licences: no dependency log in $build"; exit 1; }
packages=$(echo "$headers" | xargs -r dpkg -S 2>/dev/null | cut -d: -f1 | tr ',' '\n' | tr -d ' ' | sort -u)
used=()
for pkg in $packages; do
  name=$(awk -F'|' -v p="$pkg" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == p) print $1 }' <<<"$entries" | head -1)
  if [ -z "$name" ]; then
    echo "licences: FAILED: the build compiled headers of $pkg, which bundled.cmake does not list:"
    echo "$headers" | xargs -r dpkg -S 2>/dev/null | grep "^$pkg" | head -3
    exit 1
  fi
  used+=("$name")
done
mapfile -t used < <(printf '%s\n' "${used[@]}" | sort -u)
for name in "${used[@]}"; do
  [ -s "$licences/$name.txt" ] || { echo "licences: FAILED: $name is compiled in, $licences/$name.txt is missing"; exit 1; }
  echo "licences: ok: $name (compiled in, licences/$name.txt shipped)"
done
for f in "$licences"/*.txt; do
  n=$(basename "$f" .txt)
  printf '%s\n' "${used[@]}" | grep -qxF "$n" ||
    { echo "licences: FAILED: $f ships a licence of $n, which the build did not compile"; exit 1; }
done
echo "licences: ok: ${#used[@]} libraries compiled in, ${#used[@]} licence files shipped"
