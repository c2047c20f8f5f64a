#!/usr/bin/env bash
# Fuzzes every libFuzzer target of a `fuzz` preset build for a bounded time
# each, starting from the inputs kept in regressions/<target>/. An input that
# crashes a target is written to regressions/<target>/crash-<hash>, where the
# fuzz preset's tests replay it from then on. Prints the executions per target.
#
#   bash tests/fuzz/run.sh [BUILD_DIR] [SECONDS_EACH]   (default build/fuzz, 20)
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build/fuzz}
seconds=${2:-20}
targets=(hexdump error_code host_port ip_literal buffer_policy expectation numeric visible decode nft proc_tcp wrap cmsg)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 total=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: $bin is missing (cmake --workflow --preset fuzz)"; exit 2; }
  mkdir -p "$work/$t"
  cp "$here/regressions/$t/"* "$work/$t/" 2>/dev/null
  # The corpus grows in the scratch directory; only crashes go to the repository.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -timeout=10 -max_len=4096 \
    -artifact_prefix="$here/regressions/$t/" "$work/$t" >"$work/$t.log" 2>&1
  rc=$?
  runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$work/$t.log" | tail -n 1 | awk '{print $2}')
  if [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
    echo "fuzz $t: FAILED (rc=$rc); the input is kept in tests/fuzz/regressions/$t/"
    grep -E 'ERROR|property failed|runtime error' "$work/$t.log" | head -n 5
  else
    echo "fuzz $t: ${runs:-?} executions in $seconds s, no crash"
    total=$((total + ${runs:-0}))
  fi
done
echo "fuzz: $total executions in all, $failed target(s) failed"
[ "$failed" -eq 0 ]
