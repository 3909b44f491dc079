#!/usr/bin/env bash
# tools/loc.sh [REV]: line counts of the hand-written code, for the simplification record.
#   src/ (core and ffi separately; code and in-file unit tests apart), then per wrapper: library code and tests, generated files excluded
#   (every file whose first lines say "do not edit": Native.g.cs, codes_gen.go, *.g.kt, *.g.swift,
#   _ffi_decl.py). Generators (bindings/*/gen, bindings/go/internal) are counted as their own line.
# With REV (a commit), counts that commit's tree instead of the work tree.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rev=${1:-}

files() { # files under a path, as tracked at REV or in the work tree
  if [[ -n $rev ]]; then git ls-tree -r --name-only "$rev" -- "$@"; else git ls-files -- "$@"; fi
}
content() { if [[ -n $rev ]]; then git show "$rev:$1"; else cat "$1"; fi; }
generated() { local head; head=$(content "$1" | head -3 || true); grep -qi 'do not edit' <<<"$head"; }

# count LABEL PATH...: lines of the Rust files under PATH, split at each file's first
# `#[cfg(test)]` into code and unit tests
count() {
  local label=$1 code=0 unit=0 n t f; shift
  while IFS= read -r f; do
    [[ $f =~ \.rs$ ]] || continue
    generated "$f" && continue
    n=$(content "$f" | wc -l)
    t=$(content "$f" | awk '/^#\[cfg\(test\)\]/ { on = 1 } on { c++ } END { print c + 0 }')
    code=$((code + n - t)); unit=$((unit + t))
  done < <(files "$@")
  printf '%-18s code %6d   unit tests %5d\n' "$label" "$code" "$unit"
  TOTAL=$((TOTAL + code)); UNIT=$((UNIT + unit))
}

TOTAL=0 UNIT=0
count "src/core" src/core
count "src/ffi + lib.rs" src/ffi src/lib.rs
echo "src total: code $TOTAL, unit tests $UNIT, together $((TOTAL + UNIT))"
echo
lib='\.(go|cs|swift|kt|py)$'
declare -A tests=([go]='_test\.go$' [csharp]='^bindings/csharp/tests/' [swift]='^bindings/swift/Tests/' [kotlin]='/src/test/' [python]='^bindings/python/tests/')
declare -A gens=([go]='^bindings/go/internal/' [csharp]='/gen/' [swift]='/gen/' [kotlin]='/gen/' [python]='/gen/')
TOTAL=0
for w in go csharp swift kotlin python; do
  # library code: not tests, not generators
  libf=$(files "bindings/$w" | grep -E "$lib" | grep -vE "${tests[$w]}|${gens[$w]}" || true)
  n=0; for f in $libf; do generated "$f" && continue; n=$((n + $(content "$f" | wc -l))); done
  t=0; for f in $(files "bindings/$w" | grep -E "$lib" | grep -E "${tests[$w]}" || true); do t=$((t + $(content "$f" | wc -l))); done
  g=0; for f in $(files "bindings/$w" | grep -E "${gens[$w]}" | grep -E "$lib" || true); do g=$((g + $(content "$f" | wc -l))); done
  printf '%-10s library %6d   tests %6d   generator %5d\n' "$w" "$n" "$t" "$g"
  TOTAL=$((TOTAL + n))
done
echo "wrappers' hand-written library code total: $TOTAL"
