#!/bin/sh
# Builds the C quick start (examples/c/quickstart.c) against an installed libgotrue with
# pkg-config, linked to the shared library, and again statically:
#   PKG_CONFIG_PATH=PREFIX/lib/pkgconfig examples/cmake/quickstart_pkgconfig.sh OUTDIR
# A prefix outside the loader's search path needs LD_LIBRARY_PATH=PREFIX/lib (or an rpath) to run
# OUTDIR/quickstart_c.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-.}
cc=${CC:-cc}
# shellcheck disable=SC2046  # pkg-config prints a list of flags
"$cc" -std=c11 -Wall -Wextra -Werror -o "$out/quickstart_c" "$here/../c/quickstart.c" \
  $(pkg-config --cflags --libs gotrue)
# Static: the linker takes libgotrue.a when it finds no libgotrue.so beside it (a prefix
# without the shared library), or when told so; --static adds the system libraries it needs.
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -o "$out/quickstart_c_static" "$here/../c/quickstart.c" \
  $(pkg-config --cflags gotrue) -Wl,-Bstatic $(pkg-config --libs-only-L gotrue) -lgotrue -Wl,-Bdynamic \
  $(pkg-config --libs-only-l --static gotrue | sed 's/-lgotrue//')
