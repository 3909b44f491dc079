#!/usr/bin/env bash
# Python binding tests: builds libgotrue (release, the repository's own target/), checks that
# libgotrue/_ffi_decl.py matches include/gotrue-abi.json, builds the wheel (hatchling from PyPI,
# libgotrue.so bundled), installs it into a fresh venv together with pytest and the reference
# gotrue==2.12.4 (for the shape contract only), and runs pytest there from outside the source
# tree so the installed wheel is what is tested. Real-server tests (marker `server`) run only
# when GOTRUE_TEST_URL is set and its /health answers. Exits non-zero on any failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-python3}

echo "== cargo build --release (target dir $root/target)"
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release --quiet)
lib="$root/target/release/libgotrue.so"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== generated declarations are up to date"
"$py" "$here/gen/gen_ffi.py" "${GOTRUE_ABI_MANIFEST:-$root/include/gotrue-abi.json}" "$work/_ffi_decl.py" >/dev/null
if ! diff -u "$here/libgotrue/_ffi_decl.py" "$work/_ffi_decl.py"; then
    echo "FAIL: bindings/python/libgotrue/_ffi_decl.py is stale; run: python3 bindings/python/gen/gen_ffi.py" >&2
    exit 1
fi

echo "== fresh venv, wheel, install"
"$py" -m venv "$work/venv"
pip=("$work/venv/bin/pip" --disable-pip-version-check -q)
# The wheel is built from a copy so no build residue lands in the source tree.
cp -r "$here" "$work/src"
rm -rf "$work/src/build" "$work/src/dist"
LIBGOTRUE_BUILD_LIB="$lib" "${pip[@]}" wheel --no-deps -w "$work/dist" "$work/src"
wheel=$(ls "$work"/dist/libgotrue-*.whl)
echo "   $(basename "$wheel")"
"${pip[@]}" install "$wheel" "pytest>=8,<9" "gotrue==2.12.4"

markers=(-m "not server")
if [[ -n ${GOTRUE_TEST_URL:-} ]] && curl -fsS -m 5 -o /dev/null "${GOTRUE_TEST_URL%/}/health"; then
    echo "== the server at $GOTRUE_TEST_URL answers: including the real-server tests"
    markers=()
    server=yes
else
    server=no
fi

echo "== pytest (installed wheel, from $work)"
cd "$work"
export LIBGOTRUE_EXPECT_INSTALLED="$work/venv"
"$work/venv/bin/python" -m pytest -c "$here/pytest.ini" --rootdir "$here" -p no:cacheprovider -q \
    "${markers[@]}" "$here/tests"

if [[ $server == yes ]]; then
    echo "== examples/python/quickstart.py"
    SUPABASE_URL=${SUPABASE_URL:-$GOTRUE_TEST_URL} SUPABASE_ANON_KEY=${SUPABASE_ANON_KEY:-${GOTRUE_TEST_ANON_KEY:-}} \
        "$work/venv/bin/python" "$root/examples/python/quickstart.py" | sed -E 's/(access token: .{12}).*/\1.../'
else
    echo "bindings/python: real-server tests and the quick start NOT RUN (GOTRUE_TEST_URL unset or its /health does not answer)"
fi
