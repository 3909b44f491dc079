#!/usr/bin/env bash
# run_clean.sh ENVFILE CMD...: exec CMD with exactly the KEY=value lines of ENVFILE
# as its environment (nothing inherited), so no stray variable reaches the server.
set -euo pipefail
file=$1; shift
mapfile -t vars <"$file"
exec env -i "${vars[@]}" "$@"
