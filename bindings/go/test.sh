#!/usr/bin/env bash
# Go binding tests: builds libgotrue (release, the repository's own target/), vets the
# package (realserver files included, so they always compile), runs the tests that need
# no server under the race detector, and the real-server tests when GOTRUE_TEST_URL is
# set and its /health answers. Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# The cgo flags link against $root/target/release (see gotrue/cgo.go), so build there
# whatever CARGO_TARGET_DIR the caller uses.
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release --quiet)

cd "$here"
export CGO_ENABLED=1
go vet ./...
go vet -tags realserver ./...
go test -race -count=1 ./...

if [[ -n ${GOTRUE_TEST_URL:-} ]] && curl -fsS -m 5 -o /dev/null \
    -H "apikey: ${GOTRUE_TEST_ANON_KEY:-}" "$GOTRUE_TEST_URL/health"; then
  go test -race -count=1 -tags realserver -run '^TestReal' ./gotrue/
else
  echo "bindings/go: real-server tests NOT RUN (GOTRUE_TEST_URL unset or its /health does not answer)"
fi
