#!/usr/bin/env bash
# Builds libgotrue (debug), compiles the C test suite against include/gotrue.h with
# -Wall -Wextra -Werror -std=c11 and AddressSanitizer + UndefinedBehaviorSanitizer, runs it
# with leak detection, then runs the same suite (built without sanitizers) under valgrind.
# Exit status: non-zero when anything failed to build or any test failed or leaked.
#
#   tests/c/run.sh              ASan/UBSan run, then valgrind run (when valgrind is installed)
#   tests/c/run.sh NAME         only tests whose name contains NAME
#   GOTRUE_C_VALGRIND=0         skip the valgrind run
#   GOTRUE_TEST_URL=... GOTRUE_TEST_ANON_KEY=...   also run the real-server C tests (ASan run)
#
# Uses its own cargo target dir (<repo>/target): the programs link target/debug/libgotrue.so.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export CARGO_TARGET_DIR=${GOTRUE_C_TARGET_DIR:-$ROOT/target}
LIBDIR=$CARGO_TARGET_DIR/debug
BUILD=$HERE/build
CC=${CC:-cc}

say() { printf '== %s\n' "$*"; }

say "cargo build (target dir $CARGO_TARGET_DIR)"
(cd "$ROOT" && cargo build --quiet --lib)

mkdir -p "$BUILD"
"$HERE/gen.sh" "$ROOT/include/gotrue-abi.json" "$BUILD"

SOURCES=("$HERE"/harness.c "$HERE"/main.c "$HERE"/test_*.c)
CFLAGS=(-Wall -Wextra -Werror -std=c11 -g -I"$ROOT/include" -I"$HERE" -I"$BUILD")
LINK=(-L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lgotrue -pthread)

say "compile (ASan + UBSan)"
"$CC" "${CFLAGS[@]}" -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
  -o "$BUILD/gotrue_c_tests_asan" "${SOURCES[@]}" "${LINK[@]}"

status=0
say "run under ASan/UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$BUILD/gotrue_c_tests_asan" "$@" || status=1

if [[ ${GOTRUE_C_VALGRIND:-1} != 0 ]]; then
  if command -v valgrind >/dev/null; then
    say "compile (plain, for valgrind)"
    "$CC" "${CFLAGS[@]}" -O0 -o "$BUILD/gotrue_c_tests" "${SOURCES[@]}" "${LINK[@]}"
    say "run the no-server suite under valgrind"
    # The no-server suite only: real-server tests run in the ASan pass above.
    env -u GOTRUE_TEST_URL valgrind --quiet --leak-check=full --error-exitcode=1 --suppressions="$HERE/valgrind.supp" \
      "$BUILD/gotrue_c_tests" "$@" || status=1
  else
    say "valgrind: NOT RUN (not installed)"
  fi
fi

if [[ $status == 0 ]]; then say "C tests: all passed"; else say "C tests: FAILED"; fi
exit $status
