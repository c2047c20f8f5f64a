#!/usr/bin/env bash
# Builds (when needed) and runs the benchmark of the query path:
# `wfpredir query --port P --count N --format json` against the minimal
# accept-and-query loop, natively or under Wine. Prints medians, the ratio,
# peak memory at each N, descriptor counts, and the exact commands.
#
# usage: tests/bench/run.sh [--wine] [--redirect] [--runs R] [--count N]... [-- TOOL-ARGS...]
#        tests/bench/run.sh --dump [--runs R]
#   --wine       the Windows build (MinGW preset) under Wine: a stripped copy of
#                wfpredir.exe (as packaged) and
#                a Windows wfpredir_bench.exe (CreateProcess, GetProcessMemoryInfo,
#                GetProcessHandleCount)
#   --redirect   natively, in a private network namespace where an nft rule
#                redirects port 80 to 8080, so every connection really has an
#                original destination to read (needs root)
#   --dump       instead, `wfpredir dump` of a 16 MiB file (and of 1 MiB, to
#                show memory does not follow the input) next to `xxd` and
#                `hexdump -C` on the same file, output to /dev/null: median wall
#                time of R runs, the ratios, peak memory (GNU time), and a
#                byte comparison with hexdump -C (needs xxd, hexdump, /usr/bin/time)
#   BUILD_DIR / MINGW_BUILD_DIR override build/linux and build/mingw.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
wine=false redirect=false dump=false runs=5 counts=() extra=()
while (($#)); do
  case $1 in
    --wine) wine=true ;;
    --dump) dump=true ;;
    --redirect) redirect=true ;;
    --runs) runs=$2; shift ;;
    --count) counts+=("$2"); shift ;;
    --) shift; extra=("$@"); break ;;
    *) sed -n '2,23p' "$0" >&2; exit 2 ;;
  esac
  shift
done
((${#counts[@]})) || counts=(1000 10000)
count_args=()
for n in "${counts[@]}"; do count_args+=(--count "$n"); done

configure() {  # DIR PRESET
  [[ -f $1/CMakeCache.txt ]] || cmake --preset "$2" -B "$1" >/dev/null
}

if $wine; then
  build=$(realpath -m "${MINGW_BUILD_DIR:-$root/build/mingw}")
  configure "$build" mingw
  cmake --build "$build" --target wfpredir
  bench=$build/tests/bench/wfpredir_bench.exe
  cmake --build "$build" --target wfpredir_bench
  export WINEPREFIX=$build/wineprefix WINEDEBUG=-all
  wine_bin=$(command -v wine64 || echo /usr/lib/wine/wine64)
  [[ -d $WINEPREFIX ]] || "$wine_bin" wineboot --init
  # What the package ships: a stripped copy. The build tree's exe carries
  # about 70 MB of DWARF inside its image, which Wine reads into memory at
  # load, so its peak working set says more about the debug info than the tool.
  mkdir -p "$build/bench"
  "${MINGW_STRIP:-x86_64-w64-mingw32-strip}" -o "$build/bench/wfpredir.exe" "$build/wfpredir.exe"
  echo "+ strip -o $build/bench/wfpredir.exe $build/wfpredir.exe ($(stat -c %s "$build/bench/wfpredir.exe") bytes)"
  tool=$(winepath -w "$build/bench/wfpredir.exe" 2>/dev/null || echo "Z:${build//\//\\}\\bench\\wfpredir.exe")
  echo "+ $wine_bin $bench --tool '$tool' ${count_args[*]} --runs $runs ${extra:+-- ${extra[*]}}"
  "$wine_bin" "$bench" --tool "$tool" "${count_args[@]}" --runs "$runs" ${extra:+-- "${extra[@]}"}
  exit
fi

build=$(realpath -m "${BUILD_DIR:-$root/build/linux}")
configure "$build" linux
cmake --build "$build" --target wfpredir wfpredir_bench

if $dump; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # Random bytes: no line repeats, so every line is formatted (the worst case).
  head -c $((16 * 1024 * 1024)) /dev/urandom >"$tmp/16m.bin"
  head -c $((1024 * 1024)) "$tmp/16m.bin" >"$tmp/1m.bin"
  median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  # One run: wall seconds (bash's clock) and peak KiB (GNU time).
  once() {
    local start=$EPOCHREALTIME
    /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null
    echo "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {print b - a}') $(cat "$tmp/rss")"
  }
  measure() {  # NAME CMD...: prints "NAME median-seconds median-KiB"
    local name=$1 r; shift
    : >"$tmp/runs"
    for ((r = 0; r < runs; r++)); do once "$@" >>"$tmp/runs"; done
    echo "$name $(cut -d' ' -f1 "$tmp/runs" | median) $(cut -d' ' -f2 "$tmp/runs" | median)"
  }
  "$build/wfpredir" dump "$tmp/16m.bin" >"$tmp/ours"
  hexdump -C "$tmp/16m.bin" >"$tmp/theirs"
  cmp -s "$tmp/ours" "$tmp/theirs" && same="byte-identical" || same="DIFFERENT"
  echo "+ $build/wfpredir dump FILE (16 MiB of random bytes; $runs runs each, output to /dev/null)"
  echo "  output of wfpredir dump vs hexdump -C: $same"
  {
    measure "wfpredir-dump" "$build/wfpredir" dump "$tmp/16m.bin"
    measure "wfpredir-dump-json" "$build/wfpredir" dump --format json "$tmp/16m.bin"
    measure "wfpredir-dump-1MiB" "$build/wfpredir" dump "$tmp/1m.bin"
    measure "wfpredir-dump-stdin" sh -c '"$0" dump - <"$1"' "$build/wfpredir" "$tmp/16m.bin"
    measure "xxd" xxd "$tmp/16m.bin"
    measure "hexdump-C" hexdump -C "$tmp/16m.bin"
  } >"$tmp/results"
  awk '{mib = $1 ~ /1MiB/ ? 1 : 16; printf "  %-20s median %.3f s  %6.1f MiB/s  peak %6d KiB\n", $1, $2, mib / $2, $3}' "$tmp/results"
  awk '{t[$1] = $2} END {
    printf "  throughput of wfpredir dump: %.2f x xxd, %.2f x hexdump -C (1.00 = as fast; higher is faster)\n",
           t["xxd"] / t["wfpredir-dump"], t["hexdump-C"] / t["wfpredir-dump"] }' "$tmp/results"
  [[ $same == byte-identical ]]
  exit
fi
bench=$build/tests/bench/wfpredir_bench
cmd=("$bench" --tool "$build/wfpredir" "${count_args[@]}" --runs "$runs")
if $redirect; then
  [[ $(id -u) == 0 ]] || { echo "--redirect needs root (a network namespace and an nft rule)" >&2; exit 1; }
  ns=wfpredir-bench-$$
  trap 'ip netns del "$ns" 2>/dev/null' EXIT
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip netns exec "$ns" nft -f - <<'EOF'
table inet nat {
  chain output {
    type nat hook output priority -100; policy accept;
    tcp dport 80 redirect to :8080
  }
}
EOF
  # The client connects to :80; both servers listen on 8080 and read 127.0.0.1:80 back.
  cmd=(ip netns exec "$ns" "${cmd[@]}" --port 8080 --connect-port 80)
fi
((${#extra[@]})) && cmd+=(-- "${extra[@]}")
echo "+ ${cmd[*]}"
"${cmd[@]}"
