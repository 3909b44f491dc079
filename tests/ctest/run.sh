#!/usr/bin/env bash
# Checks the Rust side of the C ABI against include/gotrue.h with ctest 0.5: every variant
# of the C enums (GoTrueErrorCode from its table, GoTrueSignOutScope, GoTrueAuthEvent),
# their size/alignment/signedness, and GOTRUE_ABI_VERSION. Prints ctest's summary
# ("PASSED N tests", or the mismatches and "FAILED ..."); exits non-zero on any mismatch.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE"
# Its own target dir: a standalone crate with its own lock file.
export CARGO_TARGET_DIR=${GOTRUE_CTEST_TARGET_DIR:-$HERE/target}
echo "== ctest: Rust ABI items vs include/gotrue.h"
if RUST_BACKTRACE=0 cargo run --quiet; then
  echo "== ctest: passed"
else
  echo "== ctest: FAILED (the Rust enums/constants and include/gotrue.h disagree)"
  exit 1
fi
