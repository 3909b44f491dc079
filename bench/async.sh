#!/usr/bin/env bash
# bench/async.sh [--quick]: benchmarks of the non-blocking calls against the real Auth server
# (GOTRUE_TEST_URL + GOTRUE_TEST_ANON_KEY, e.g. from `set -a; . .cache/env; set +a`): start-call
# time, 60 Hz frame time with 100 sign-ins in flight, memory per in-flight request, throughput of
# 1,000 in flight against blocking calls on 8 threads. Reported, not asserted. Writes the report to
# bench/results/async.md (quick mode: bench/results/quick/async.md) and prints it.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
mkdir -p "$BENCH/build"
: "${GOTRUE_TEST_URL:?set GOTRUE_TEST_URL and GOTRUE_TEST_ANON_KEY (a real server with autoconfirm)}"
(cd "$ROOT" && cargo build --release --quiet)
gcc -O2 -Wall -Wextra -Werror -std=c11 -I"$ROOT/include" -o "$BENCH/build/async" "$BENCH/c/async.c" \
  -L"$ROOT/target/release" -Wl,-rpath,"$ROOT/target/release" -lgotrue -lpthread
out=$BENCH/results
[[ ${1:-} == --quick ]] && out=$BENCH/results/quick
mkdir -p "$out"
{
  echo "# Non-blocking calls (bench/async.sh${1:+ $1})"
  echo
  echo "$(date -u +%Y-%m-%d), commit $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores, against the real"
  echo "Auth server at GOTRUE_TEST_URL (loaded machine: compare rows, not machines). Reported, not asserted."
  echo "Default client options (4 request workers)."
  echo
  "$BENCH/build/async" "$GOTRUE_TEST_URL" "${GOTRUE_TEST_ANON_KEY:-}" "$@"
} > "$out/async.md.tmp"
mv "$out/async.md.tmp" "$out/async.md"
cat "$out/async.md"
