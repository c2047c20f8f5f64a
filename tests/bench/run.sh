#!/usr/bin/env bash
# Builds (when needed) and runs the benchmark of the query path:
# `wfpredir query --port P --count N --format json` against the minimal
# accept-and-query loop, natively or under Wine. Prints medians, the ratio,
# peak memory at each N, descriptor counts, and the exact commands.
#
# usage: tests/bench/run.sh [--wine] [--redirect] [--runs R] [--count N]... [-- TOOL-ARGS...]
#   --wine       the Windows build (MinGW preset) under Wine: wfpredir.exe and
#                a Windows wfpredir_bench.exe (CreateProcess, GetProcessMemoryInfo,
#                GetProcessHandleCount)
#   --redirect   natively, in a private network namespace where an nft rule
#                redirects port 80 to 8080, so every connection really has an
#                original destination to read (needs root)
#   BUILD_DIR / MINGW_BUILD_DIR override build/linux and build/mingw.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
wine=false redirect=false runs=5 counts=() extra=()
while (($#)); do
  case $1 in
    --wine) wine=true ;;
    --redirect) redirect=true ;;
    --runs) runs=$2; shift ;;
    --count) counts+=("$2"); shift ;;
    --) shift; extra=("$@"); break ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
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
  tool=$(winepath -w "$build/wfpredir.exe" 2>/dev/null || echo "Z:${build//\//\\}\\wfpredir.exe")
  echo "+ $wine_bin $bench --tool '$tool' ${count_args[*]} --runs $runs ${extra:+-- ${extra[*]}}"
  "$wine_bin" "$bench" --tool "$tool" "${count_args[@]}" --runs "$runs" ${extra:+-- "${extra[@]}"}
  exit
fi

build=$(realpath -m "${BUILD_DIR:-$root/build/linux}")
configure "$build" linux
cmake --build "$build" --target wfpredir wfpredir_bench
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
