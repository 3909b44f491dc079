#!/usr/bin/env bash
# Installs libgotrue the way C and C++ builds expect (what `./x install [PREFIX]` runs):
#
#   PREFIX/lib/libgotrue.so.X.Y.Z    SONAME libgotrue.so.<compat>, plus libgotrue.so.<compat> and libgotrue.so links
#   PREFIX/lib/libgotrue.a
#   PREFIX/include/gotrue.h, gotrue.hpp
#   PREFIX/lib/pkgconfig/gotrue.pc                       (Libs.private: what libgotrue.a needs)
#   PREFIX/lib/cmake/gotrue/gotrueConfig.cmake + gotrueConfigVersion.cmake
#                                                        (imported targets gotrue::gotrue, gotrue::gotrue_static)
#
# <compat> is the part of the version that changes on a breaking release (Cargo's semver reading):
# the major version from 1.0 on, "0.<minor>" before (0.2.0 -> libgotrue.so.0.2), as cargo-c does.
# PREFIX defaults to /usr/local; DESTDIR (for packagers) is prepended to every path written.
# The pkg-config and CMake files locate the prefix relative to themselves, so an installed
# tree can be moved or copied as a whole.
#
# The shared library is linked here from the release build's libgotrue.a with the SONAME and
# the same export list build.rs gives the cdylib (gotrue.map: gotrue_* only). Cargo cannot
# set a SONAME on target/*/libgotrue.so without breaking every in-tree program that links it
# by -lgotrue (they would look for a libgotrue.so.<compat> cargo never creates), and a second
# LTO build just for installing would cost minutes.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PREFIX=${1:-/usr/local}
[[ $PREFIX == /* ]] || PREFIX=$(pwd)/$PREFIX
DEST=${DESTDIR:-}$PREFIX
CC=${CC:-cc}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
REL=$CARGO_TARGET_DIR/release

say() { printf '== %s\n' "$*"; }

say "cargo build --release (target dir $CARGO_TARGET_DIR)"
(cd "$ROOT" && cargo build --release --quiet --lib)

# The version of the package that builds the cdylib (robust to a workspace split).
VERSION=$(cd "$ROOT" && cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"]
           if any("cdylib" in t["crate_types"] for t in p["targets"])))')
IFS=. read -r MAJOR MINOR PATCH <<<"${VERSION%%[-+]*}"
if [[ $MAJOR == 0 ]]; then COMPAT=0.$MINOR; else COMPAT=$MAJOR; fi
REAL=libgotrue.so.$VERSION
SONAME=libgotrue.so.$COMPAT

# The system libraries a static libgotrue needs: std's, as rustc reports them for this target
# (the crate's dependencies add none on Linux; the static link test in tests/packaging
# proves the list complete).
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo '' >"$probe/empty.rs"
NATIVE_LIBS=$(rustc --crate-type staticlib --crate-name probe --print native-static-libs \
  -o "$probe/libprobe.a" "$probe/empty.rs" 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -n1)
[[ -n $NATIVE_LIBS ]] || { echo "could not learn the native libraries from rustc" >&2; exit 1; }

say "install into $DEST (version $VERSION, SONAME $SONAME)"
install -d "$DEST/lib/pkgconfig" "$DEST/lib/cmake/gotrue" "$DEST/include"
# shellcheck disable=SC2086  # NATIVE_LIBS is a list of -l flags
"$CC" -shared -o "$DEST/lib/$REAL" -Wl,-soname,"$SONAME" \
  -Wl,--version-script="$ROOT/packaging/gotrue.map" -Wl,--gc-sections -Wl,--strip-debug -Wl,-z,relro,-z,now -Wl,-z,noexecstack \
  -Wl,--whole-archive "$REL/libgotrue.a" -Wl,--no-whole-archive $NATIVE_LIBS
ln -sfn "$REAL" "$DEST/lib/$SONAME"
ln -sfn "$SONAME" "$DEST/lib/libgotrue.so"
install -m 0644 "$REL/libgotrue.a" "$DEST/lib/libgotrue.a"
install -m 0644 "$ROOT/include/gotrue.h" "$ROOT/include/gotrue.hpp" "$DEST/include/"

cat >"$DEST/lib/pkgconfig/gotrue.pc" <<PC
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: gotrue
Description: Supabase Auth (GoTrue) client with a C ABI
Version: $VERSION
Libs: -L\${libdir} -lgotrue
Libs.private: $NATIVE_LIBS
Cflags: -I\${includedir}
PC

cmake_libs=$(sed 's/-l//g; s/ \+/;/g' <<<"$NATIVE_LIBS")
cat >"$DEST/lib/cmake/gotrue/gotrueConfig.cmake" <<CM
# libgotrue $VERSION. Written by ./x install. Imported targets:
#   gotrue::gotrue         the shared library ($SONAME)
#   gotrue::gotrue_static  libgotrue.a with the system libraries it needs
# Both give include/gotrue.h and the C++17 header gotrue.hpp.
get_filename_component(_gotrue_prefix "\${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET gotrue::gotrue)
  add_library(gotrue::gotrue SHARED IMPORTED)
  set_target_properties(gotrue::gotrue PROPERTIES
    IMPORTED_LOCATION "\${_gotrue_prefix}/lib/$REAL"
    IMPORTED_SONAME "$SONAME"
    INTERFACE_INCLUDE_DIRECTORIES "\${_gotrue_prefix}/include")
endif()
if(NOT TARGET gotrue::gotrue_static)
  add_library(gotrue::gotrue_static STATIC IMPORTED)
  set_target_properties(gotrue::gotrue_static PROPERTIES
    IMPORTED_LOCATION "\${_gotrue_prefix}/lib/libgotrue.a"
    IMPORTED_LINK_INTERFACE_LANGUAGES "C"
    INTERFACE_INCLUDE_DIRECTORIES "\${_gotrue_prefix}/include"
    INTERFACE_LINK_LIBRARIES "$cmake_libs")
endif()
unset(_gotrue_prefix)
set(gotrue_VERSION "$VERSION")
CM

cat >"$DEST/lib/cmake/gotrue/gotrueConfigVersion.cmake" <<CM
# libgotrue $VERSION: compatible with a requested version of the same release series
# (same major version from 1.0 on, same 0.minor before), not older than it, and 64-bit.
set(PACKAGE_VERSION "$VERSION")
set(PACKAGE_VERSION_COMPATIBLE FALSE)
if(NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  if("$MAJOR" STREQUAL "0")
    if(PACKAGE_FIND_VERSION_MAJOR STREQUAL "0" AND PACKAGE_FIND_VERSION_MINOR STREQUAL "$MINOR")
      set(PACKAGE_VERSION_COMPATIBLE TRUE)
    endif()
  elseif(PACKAGE_FIND_VERSION_MAJOR STREQUAL "$MAJOR")
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
endif()
if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
# (A project without languages has no CMAKE_SIZEOF_VOID_P: nothing to compare.)
if(CMAKE_SIZEOF_VOID_P AND NOT CMAKE_SIZEOF_VOID_P STREQUAL "8")
  set(PACKAGE_VERSION "\${PACKAGE_VERSION} (64-bit)")
  set(PACKAGE_VERSION_UNSUITABLE TRUE)
endif()
CM
# A system prefix: refresh the loader's cache so programs find $SONAME at once.
if [[ -z ${DESTDIR:-} && $EUID == 0 && ($PREFIX == /usr || $PREFIX == /usr/local) ]] && command -v ldconfig >/dev/null; then
  ldconfig
fi
say "installed libgotrue $VERSION into $DEST"
