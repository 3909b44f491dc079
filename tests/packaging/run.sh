#!/usr/bin/env bash
# Packaging suite (run by ./x test): installs libgotrue into a clean temporary prefix with
# packaging/install.sh, checks what was installed (SONAME, links, exports, pkg-config and CMake
# files), builds the examples against it the way users do (C with pkg-config, shared and static;
# C++ with find_package(gotrue CONFIG)), builds the gotrue.hpp tests under ASan + UBSan with and
# without exceptions, checks the C# and Swift package descriptions, and runs every program
# against the real server when GOTRUE_TEST_URL and GOTRUE_TEST_ANON_KEY are set and it answers.
# Prints one line per check and a summary; exits non-zero when any check failed.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PREFIX=$WORK/prefix
CC=${CC:-cc}
CXX=${CXX:-c++}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

# The tools users build with; a fresh Debian machine may lack some (as the C# suite does for Mono).
missing=()
for tool in cmake:cmake pkg-config:pkg-config readelf:binutils nm:binutils "$CXX":g++ curl:curl; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing ${missing[*]} (Debian)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
fi

passed=0 failed=0 not_run=0
say() { printf '== %s\n' "$*"; }
# check NAME CMD...: one check; its output is shown only when it fails.
check() {
  local name=$1; shift
  if "$@" >"$WORK/out" 2>&1; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' "$WORK/out" | tail -n 40
  fi
}
not_run() { not_run=$((not_run + 1)); echo "NOT RUN $1"; }

# The version of the package that builds the cdylib (robust to a workspace split).
VERSION=$(cd "$ROOT" && cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"]
           if any("cdylib" in t["crate_types"] for t in p["targets"])))')
IFS=. read -r MAJOR MINOR _ <<<"${VERSION%%[-+]*}"
if [[ $MAJOR == 0 ]]; then COMPAT=0.$MINOR; else COMPAT=$MAJOR; fi
REAL=libgotrue.so.$VERSION
SONAME=libgotrue.so.$COMPAT
LIB=$PREFIX/lib

# --- install -------------------------------------------------------------------------------
say "install into a clean prefix ($PREFIX)"
if ! "$ROOT/packaging/install.sh" "$PREFIX"; then
  echo "FAIL install"; echo "packaging: 0 passed, 1 failed"; exit 1
fi

layout() {
  local f
  for f in lib/$REAL lib/libgotrue.a include/gotrue.h include/gotrue.hpp lib/pkgconfig/gotrue.pc \
           lib/cmake/gotrue/gotrueConfig.cmake lib/cmake/gotrue/gotrueConfigVersion.cmake; do
    [[ -f $PREFIX/$f ]] || { echo "missing $f"; return 1; }
  done
  [[ $(readlink "$LIB/$SONAME") == "$REAL" ]] || { echo "$SONAME does not link to $REAL"; return 1; }
  [[ $(readlink "$LIB/libgotrue.so") == "$SONAME" ]] || { echo "libgotrue.so does not link to $SONAME"; return 1; }
  cmp "$ROOT/include/gotrue.h" "$PREFIX/include/gotrue.h"
}
check "layout: lib/$REAL, $SONAME -> $REAL, libgotrue.so -> $SONAME, .a, headers, .pc, CMake files" layout

soname() {
  local got; got=$(readelf -d "$LIB/$REAL" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  echo "SONAME: ${got:-none}"; [[ $got == "$SONAME" ]]
}
check "readelf -d: SONAME $SONAME" soname

# exports FILE: the dynamic symbols FILE defines are exactly the functions gotrue.h declares.
exports() {
  local defined declared
  defined=$(nm -D --defined-only "$1" | awk '{print $3}' | sort -u)
  declared=$(grep -o '\bgotrue_[a-z0-9_]*(' "$ROOT/include/gotrue.h" | tr -d '(' | sort -u)
  if grep -v '^gotrue_' <<<"$defined"; then echo "^ exported but not gotrue_*"; return 1; fi
  diff <(echo "$declared") <(echo "$defined") || { echo "(< declared in gotrue.h only, > exported only)"; return 1; }
  echo "$(wc -l <<<"$defined") symbols"
}
check "nm -D --defined-only: only gotrue_*, all of gotrue.h (installed $REAL)" exports "$LIB/$REAL"
check "nm -D --defined-only: only gotrue_*, all of gotrue.h (cargo's target/release/libgotrue.so)" \
  exports "$CARGO_TARGET_DIR/release/libgotrue.so"

# gotrue.hpp is written by hand over gotrue.h: a function added to the C ABI must get its
# C++ method (or a call from one) before this passes, as the Swift check does for Swift.
hpp_covers_header() {
  comm -23 <(grep -o '\bgotrue_[a-z0-9_]*(' "$ROOT/include/gotrue.h" | tr -d '(' | sort -u) \
    <(grep -o '\bgotrue_[a-z0-9_]*(' "$ROOT/include/gotrue.hpp" | tr -d '(' | sort -u) >"$WORK/uncovered"
  [[ ! -s $WORK/uncovered ]] || { echo "gotrue.h functions gotrue.hpp does not call:"; cat "$WORK/uncovered"; return 1; }
}
check "gotrue.hpp calls every function of gotrue.h" hpp_covers_header

export PKG_CONFIG_PATH=$LIB/pkgconfig
check "pkg-config --modversion gotrue = $VERSION" test "$(pkg-config --modversion gotrue)" = "$VERSION"

needs() { readelf -d "$1" | grep -q "(NEEDED).*\[$2\]"; }
needs_no_gotrue() { ! readelf -d "$1" | grep "(NEEDED).*libgotrue"; }

# --- C with pkg-config ---------------------------------------------------------------------
say "C quick start with pkg-config (examples/cmake/quickstart_pkgconfig.sh)"
mkdir -p "$WORK/c"
check "C: cc \$(pkg-config --cflags --libs gotrue), and a -Bstatic libgotrue.a build" \
  env CC="$CC" "$ROOT/examples/cmake/quickstart_pkgconfig.sh" "$WORK/c"
check "C: the shared build needs $SONAME" needs "$WORK/c/quickstart_c" "$SONAME"
check "C: the static build needs no libgotrue" needs_no_gotrue "$WORK/c/quickstart_c_static"

# A copy of the prefix without the shared library: plain `pkg-config --libs --static` links
# libgotrue.a, which proves Libs.private complete (and the .pc relocatable).
static_only() {
  cp -a "$PREFIX" "$WORK/static-prefix" && rm -f "$WORK/static-prefix"/lib/libgotrue.so*
  local pc=$WORK/static-prefix/lib/pkgconfig
  # shellcheck disable=SC2046
  "$CC" -std=c11 -Wall -Wextra -Werror -o "$WORK/c/quickstart_c_static_only" "$ROOT/examples/c/quickstart.c" \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs --static gotrue) && needs_no_gotrue "$WORK/c/quickstart_c_static_only"
}
check "C: cc \$(pkg-config --cflags --libs --static gotrue) with only libgotrue.a links statically" static_only

# --- C++ with CMake ------------------------------------------------------------------------
say "C++ quick start with find_package(gotrue CONFIG REQUIRED) (examples/cmake)"
cmake_build() {
  cmake -S "$ROOT/examples/cmake" -B "$WORK/cmake" -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_CXX_COMPILER="$CXX" &&
    cmake --build "$WORK/cmake" -j2
}
check "CMake: configure and build quickstart_cpp (gotrue::gotrue) and quickstart_cpp_static (gotrue::gotrue_static)" cmake_build
check "CMake: quickstart_cpp needs $SONAME" needs "$WORK/cmake/quickstart_cpp" "$SONAME"
check "CMake: quickstart_cpp_static needs no libgotrue" needs_no_gotrue "$WORK/cmake/quickstart_cpp_static"
# gotrueConfigVersion.cmake: 0.x releases are compatible only within their minor version.
find_version() {
  mkdir -p "$WORK/cmake-version-$1"
  printf 'cmake_minimum_required(VERSION 3.16)\nproject(v NONE)\nfind_package(gotrue %s CONFIG REQUIRED)\n' "$1" \
    >"$WORK/cmake-version-$1/CMakeLists.txt"
  cmake -S "$WORK/cmake-version-$1" -B "$WORK/cmake-version-$1/build" -DCMAKE_PREFIX_PATH="$PREFIX"
}
next_series=$([[ $MAJOR == 0 ]] && echo "0.$((MINOR + 1))" || echo "$((MAJOR + 1)).0")
versions() { find_version "$VERSION" && ! find_version "$next_series"; }
check "CMake: find_package(gotrue $VERSION) found, find_package(gotrue $next_series) refused" versions

# --- gotrue.hpp tests under ASan + UBSan ---------------------------------------------------
say "gotrue.hpp tests (tests/cpp) under ASan + UBSan"
SAN=(-g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
build_hpp_test() {
  # shellcheck disable=SC2046
  "$CXX" -std=c++17 -Wall -Wextra -Werror -Wpedantic "${SAN[@]}" "$@" $(pkg-config --cflags gotrue) \
    "$ROOT/tests/cpp/test_gotrue_hpp.cpp" $(pkg-config --libs gotrue) -Wl,-rpath,"$LIB" -pthread
}
check "C++: build the gotrue.hpp tests (exceptions)" build_hpp_test -o "$WORK/hpp_test"
check "C++: build the gotrue.hpp tests (-fno-exceptions: nothrow::Client only)" \
  build_hpp_test -fno-exceptions -o "$WORK/hpp_test_noexcept"

server=no
if [[ -n ${GOTRUE_TEST_URL:-} && -n ${GOTRUE_TEST_ANON_KEY:-} ]] &&
  curl -fsS -m 5 -o /dev/null -H "apikey: $GOTRUE_TEST_ANON_KEY" "$GOTRUE_TEST_URL/health"; then
  server=yes
fi
[[ $server == yes ]] || echo "(GOTRUE_TEST_URL unset or not answering: the real-server parts are NOT RUN)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# run_hpp_test BIN: runs it; with a server its real-server tests must have run.
run_hpp_test() {
  "$1" | tee "$WORK/hpp.log" || return 1
  [[ $server == no ]] || ! grep -q "0 real-server tests" "$WORK/hpp.log"
}
check "C++: gotrue.hpp tests, exceptions, ASan+UBSan$([[ $server == yes ]] && echo ', real server')" run_hpp_test "$WORK/hpp_test"
check "C++: gotrue.hpp tests, -fno-exceptions, ASan+UBSan$([[ $server == yes ]] && echo ', real server')" \
  run_hpp_test "$WORK/hpp_test_noexcept"

# --- the examples on the real server -------------------------------------------------------
quickstart() { env SUPABASE_AUTH_URL="$GOTRUE_TEST_URL" SUPABASE_ANON_KEY="$GOTRUE_TEST_ANON_KEY" "$@"; }
if [[ $server == yes ]]; then
  say "the installed examples on the real server ($GOTRUE_TEST_URL)"
  check "run: C quick start, shared (found through LD_LIBRARY_PATH=PREFIX/lib as $SONAME)" \
    quickstart LD_LIBRARY_PATH="$LIB" "$WORK/c/quickstart_c"
  check "run: C quick start, static" quickstart "$WORK/c/quickstart_c_static"
  check "run: C quick start, static-only prefix" quickstart "$WORK/c/quickstart_c_static_only"
  check "run: C++ quick start (CMake, gotrue::gotrue)" quickstart "$WORK/cmake/quickstart_cpp"
  check "run: C++ quick start (CMake, gotrue::gotrue_static)" quickstart "$WORK/cmake/quickstart_cpp_static"
else
  not_run "run the C and C++ quick starts against the real server"
fi

# --- wrapper packages ----------------------------------------------------------------------
say "wrapper packages"
check "C#: GoTrue.csproj packs runtimes/<rid>/native/ as NuGet expects (simulated pack of the installed library)" \
  python3 "$HERE/csharp_pack_layout.py" "$ROOT/bindings/csharp/GoTrue.csproj" "$LIB/$REAL" "$WORK/nuget"
swift_package() {
  grep -q 'pkgConfig: "gotrue"' "$ROOT/bindings/swift/Package.swift" &&
    grep -q 'link "gotrue"' "$ROOT/bindings/swift/Sources/CGoTrue/module.modulemap" &&
    pkg-config --exists gotrue
}
check "Swift: the CGoTrue system library resolves through pkg-config (no Swift compiler: manifest check only)" swift_package

echo "packaging: $passed passed, $failed failed, $not_run not run"
[[ $failed == 0 ]]
