#!/usr/bin/env bash
# Go binding tests: installs libgotrue (release, the repository's own target/) into
# target/go-prefix and builds against it through pkg-config, as users do; vets the package
# (realserver files included, so they always compile), runs the tests that need no server
# under the race detector, vets it once more with -tags gotrue_manual_link (no pkg-config),
# and runs the real-server tests when GOTRUE_TEST_URL is set and its /health answers. Exits non-zero
# on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# cgo asks pkg-config for the flags; a fresh Debian machine may not have it.
if ! command -v pkg-config >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config) >/dev/null
fi
prefix=$root/target/go-prefix
CARGO_TARGET_DIR="$root/target" "$root/packaging/install.sh" "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

cd "$here"
export CGO_ENABLED=1
# The override documented in the README: no pkg-config, flags from the environment.
CGO_CFLAGS="-I$prefix/include" CGO_LDFLAGS="-L$prefix/lib" go vet -tags gotrue_manual_link ./...
go vet ./...
go vet -tags realserver ./...
go test -race -count=1 ./...

if [[ -n ${GOTRUE_TEST_URL:-} ]] && curl -fsS -m 5 -o /dev/null \
    -H "apikey: ${GOTRUE_TEST_ANON_KEY:-}" "$GOTRUE_TEST_URL/health"; then
  go test -race -count=1 -tags realserver -run '^TestReal' ./gotrue/
else
  echo "bindings/go: real-server tests NOT RUN (GOTRUE_TEST_URL unset or its /health does not answer)"
fi
