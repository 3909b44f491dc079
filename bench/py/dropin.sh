#!/usr/bin/env bash
# bench/py/dropin.sh [CALLS] [WARMUP] — gotrue 2.12.4 vs the drop-in libgotrue, same script, one run.
# Builds libgotrue (release) and its wheel, makes a venv with both clients (bench/.venv-dropin),
# and runs dropin.py: on the canned nginx (client cost) and, with GOTRUE_TEST_URL set, on the real server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# Canned nginx always (when installed); the real server too when GOTRUE_TEST_URL is set.
(cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release --quiet)
venv=$root/bench/.venv-dropin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/pip" --disable-pip-version-check -q)
cp -r "$root/bindings/python" "$work/src"
LIBGOTRUE_BUILD_LIB="$root/target/release/libgotrue.so" "${pip[@]}" wheel --no-deps -w "$work/dist" "$work/src"
"${pip[@]}" install --force-reinstall --no-deps "$work"/dist/libgotrue-*.whl
"${pip[@]}" install -r "$here/requirements.txt" "pydantic>=2,<3" "typing_extensions>=4.6"
"$venv/bin/python" "$here/dropin.py" "$venv/bin/python" "${1:-100}" "${2:-10}"
