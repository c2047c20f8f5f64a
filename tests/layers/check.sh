#!/usr/bin/env bash
# The layering rule of src/layers.cmake holds on the tree, and a wrong-way
# include (the verdict rules including the run driver) makes it fail, naming
# the file and both layers. Runs the same check the configure step runs.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cmake=${CMAKE:-cmake}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
out=$("$cmake" -DROOT="$root" -P "$root/src/layers.cmake" 2>&1) || fail "the tree itself: $out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/src" "$work/src"
# One include added the wrong way: analysis (verdict.cpp) including the run layer.
sed -i '0,/^#include "analysis\/verdict.h"/s//&\n#include "run\/engine.h"/' "$work/src/analysis/verdict.cpp"
grep -q '^#include "run/engine.h"' "$work/src/analysis/verdict.cpp" || fail "could not add the include"
if out=$("$cmake" -DROOT="$work" -P "$root/src/layers.cmake" 2>&1); then
  fail "a wrong-way include was accepted"
else
  grep -q 'src/analysis/verdict.cpp (analysis) includes run/engine.h (run, above it)' <<<"$out" ||
    fail "the message does not name the include: $out"
fi
# A file in a folder of src/ that is no layer is refused too.
mkdir -p "$work/src/core"
echo '#pragma once' >"$work/src/core/stray.h"
if out=$("$cmake" -DROOT="$work" -P "$root/src/layers.cmake" 2>&1); then
  fail "a file in no layer was accepted"
else
  grep -q 'src/core/stray.h: in no layer' <<<"$out" || fail "no word on the stray file: $out"
fi
((fails == 0)) && echo "layers: the tree holds, a wrong-way include and a stray file are refused"
exit $((fails > 0))
