#!/usr/bin/env bash
# Checks the Swift package against the ABI manifest include/gotrue-abi.json without a Swift toolchain (Python 3 stdlib):
# the generated error-code enum is fresh and complete, and every C function the Swift code calls
# exists with the same parameter count. With `swift` on PATH it also builds the package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if command -v swift >/dev/null 2>&1; then
    root=$(cd "$here/../.." && pwd)
    (cd "$root" && CARGO_TARGET_DIR="$root/target" cargo build --release --quiet)
    swift build -Xlinker -L"$root/target/release"
else
    echo "(swift is not installed: package not compiled)"
fi
python3 gen/abi.py check
