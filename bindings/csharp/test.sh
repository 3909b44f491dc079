#!/usr/bin/env bash
# Builds libgotrue, checks that src/Native.g.cs matches include/gotrue-abi.json, compiles the bindings and
# their tests with Mono's mcs, and runs them with NUnit 2.6. Real-server tests (category RealServer)
# run only when GOTRUE_TEST_URL is set and the server answers /health.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

# Mono and NUnit 2.6 come from Debian; a fresh machine has neither.
if ! command -v mcs >/dev/null || ! command -v nunit-console >/dev/null \
    || [[ ! -f /usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll ]]; then
    echo "== installing mono-mcs, mono-runtime, libnunit-cil-dev, nunit-console (Debian)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        mono-mcs mono-runtime libnunit-cil-dev nunit-console) >/dev/null
fi

echo "== cargo build --release (target dir $root/target)"
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release --quiet)
lib="$root/target/release"

echo "== generated declarations are up to date"
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
python3 gen/gen_native.py "$root/include/gotrue-abi.json" "$fresh" >/dev/null
if ! diff -u src/Native.g.cs "$fresh"; then
    echo "FAIL: src/Native.g.cs is stale; run: python3 bindings/csharp/gen/gen_native.py" >&2
    exit 1
fi

echo "== mcs"
mkdir -p build
mcs -nologo -target:library -langversion:7.2 -warnaserror+ -out:build/GoTrue.dll src/*.cs
mcs -nologo -target:library -langversion:7.2 -warnaserror+ -out:build/GoTrue.Tests.dll \
    -r:build/GoTrue.dll -r:/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll tests/*.cs
mcs -nologo -target:exe -langversion:7.2 -warnaserror+ -out:build/QuickStart.exe -r:build/GoTrue.dll examples/QuickStart.cs

filter=(-exclude=RealServer)
if [ -n "${GOTRUE_TEST_URL:-}" ] && curl -fsS -m 5 "${GOTRUE_TEST_URL%/}/health" >/dev/null 2>&1; then
    echo "== the server at GOTRUE_TEST_URL answers: including RealServer tests"
    filter=()
fi

echo "== nunit-console"
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GOTRUE_HEADER="$root/include/gotrue.h"
nunit-console -nologo -noshadow "${filter[@]}" -xml=build/TestResult.xml build/GoTrue.Tests.dll
