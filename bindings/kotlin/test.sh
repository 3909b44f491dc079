#!/usr/bin/env bash
# Kotlin binding tests: builds libgotrue (release, the repository's own target/), checks that the
# generated declarations match include/gotrue-abi.json, then builds the binding with Maven and runs
# its JUnit 5 tests through surefire. The real-server tests (tag real-server) run only when
# GOTRUE_TEST_URL is set and its /health answers; otherwise they are reported as NOT RUN.
# Maven resolves everything from Maven Central on the first run (a fresh machine needs no cache).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
    echo "== installing maven and a JDK (Debian)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven default-jdk-headless) >/dev/null
fi

echo "== generated declarations are up to date"
manifest="$root/include/gotrue-abi.json"
if [[ ! -f $manifest ]]; then
    echo "FAIL: $manifest is missing (build.rs writes it with the header)" >&2
    exit 1
fi
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
python3 gen/gen_kotlin.py "$manifest" "$fresh" >/dev/null
for f in Native.g.kt ErrorCode.g.kt; do
    if ! diff -u "src/main/kotlin/dev/libgotrue/$f" "$fresh/$f"; then
        echo "FAIL: src/main/kotlin/dev/libgotrue/$f is stale; run: python3 bindings/kotlin/gen/gen_kotlin.py" >&2
        exit 1
    fi
done

echo "== cargo build --release (target dir $root/target)"
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release --quiet)

groups=(-DexcludedGroups=real-server)
real=0
if [[ -n ${GOTRUE_TEST_URL:-} ]] && curl -fsS -m 5 -o /dev/null \
    -H "apikey: ${GOTRUE_TEST_ANON_KEY:-}" "${GOTRUE_TEST_URL%/}/health"; then
    echo "== the server at GOTRUE_TEST_URL answers: including the real-server tests"
    groups=()
    real=1
fi

echo "== mvn test"
mvn -B -ntp test -Dgotrue.library.path="$root/target/release" "${groups[@]}"
if [[ $real == 0 ]]; then
    echo "bindings/kotlin: real-server tests NOT RUN (GOTRUE_TEST_URL unset or its /health does not answer)"
fi
