#!/usr/bin/env bash
# bench/callgrind.sh [--calls N] [--warmup N] [--lib PATH] [--md FILE] [--label TEXT] [OP...]
#
# Client-side instructions per call, counted by callgrind (the same on every run, unlike wall clock).
# Builds bench/c/cg.c against target/release/libgotrue.so (or --lib), starts a private canned nginx
# (bench/canned/setup.py, as bench/run does), and for each OP runs the driver under
# `valgrind --tool=callgrind --collect-atstart=no --toggle-collect=cg_measured`: only the CALLS calls
# inside cg_measured() are counted (client creation, the setup sign-in, WARMUP calls and the JWKS fetch
# are not). get_claims runs with {"cache":false} (BENCH_CLAIMS_OPTIONS overrides). Prints "op instructions/call"; --md appends a markdown table to FILE.
# When target/release/examples/bare_verify exists (cargo build --release --example bare_verify), also counts
# the bare ring signature check on the same ES256/RS256 tokens and keys, for the get_claims ratio.
# OPs default to: sign_in get_user refresh get_claims_es256 get_claims_rs256. Does not run cargo build.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
CALLS=200 WARMUP=5 LIB=$ROOT/target/release/libgotrue.so MD= LABEL=
OPS=()
while [ $# -gt 0 ]; do
  case $1 in
    --calls) CALLS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --lib) LIB=$(realpath "$2"); shift ;;
    --md) MD=$2; shift ;;
    --label) LABEL=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) OPS+=("$1") ;;
  esac
  shift
done
[ ${#OPS[@]} -gt 0 ] || OPS=(sign_in get_user refresh get_claims_es256 get_claims_rs256)
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx not installed (apt-get install nginx-light)" >&2; exit 1; }
[ -f "$LIB" ] || { echo "no $LIB (cargo build --release)" >&2; exit 1; }
PY=$BENCH/.venv/bin/python
[ -x "$PY" ] || PY=python3

WORK=$(mktemp -d /tmp/gotrue-cg-XXXXXX)
NGINX_PID=
cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  sleep 0.2
  rm -rf "$WORK"
}
trap cleanup EXIT

# the driver, linked to the library under test (rpath = its directory)
mkdir -p "$WORK/lib"
cp "$LIB" "$WORK/lib/libgotrue.so"
gcc -O2 -Wall -Wextra -I"$ROOT/include" -o "$WORK/cg" "$BENCH/c/cg.c" -L"$WORK/lib" -lgotrue -Wl,-rpath,"$WORK/lib"

# a free port, then the canned server
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PY" "$BENCH/canned/setup.py" "$WORK/srv" "$PORT" >/dev/null
"$NGINX" -p "$WORK/srv" -e "$WORK/srv/error.log" -c "$WORK/srv/nginx.conf"
for _ in $(seq 100); do
  NGINX_PID=$(cat "$WORK/srv/nginx.pid" 2>/dev/null || true)
  [ -n "$NGINX_PID" ] && curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.05
done
set -a; . "$WORK/srv/bench.env"; set +a
# get_claims verifies the signature on every call (as bench/run's "libgotrue" row), not the verified-token cache
export BENCH_CLAIMS_OPTIONS=${BENCH_CLAIMS_OPTIONS:-'{"cache":false}'}

count() { # count OUTFILE CMD... -> instructions collected in cg_measured
  local out=$1; shift
  valgrind --tool=callgrind --collect-atstart=no --toggle-collect=cg_measured \
    --callgrind-out-file="$out" "$@" 2>"$out.log" >/dev/null || { cat "$out.log" >&2; return 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out.log" | tail -1
}

declare -A RES
printf '%-18s %12s\n' op "instr/call"
for op in "${OPS[@]}"; do
  n=$(count "$WORK/cg.$op" "$WORK/cg" "$op" "$CALLS" "$WARMUP")
  RES[$op]=$((n / CALLS))
  printf '%-18s %12d\n' "$op" "${RES[$op]}"
done
BARE=$ROOT/target/release/examples/bare_verify
if [ -x "$BARE" ]; then
  for alg in es256 rs256; do
    n=$(count "$WORK/bare.$alg" "$BARE" "$alg" "$CALLS" "$WORK/srv/jwks.json")
    RES[bare_$alg]=$((n / CALLS))
    printf '%-18s %12d\n' "bare_ring_$alg" "${RES[bare_$alg]}"
    if [ -n "${RES[get_claims_$alg]:-}" ]; then
      printf '%-18s %12s\n' "get_claims/bare" "$(awk -v a="${RES[get_claims_$alg]}" -v b="${RES[bare_$alg]}" 'BEGIN{printf "%.2fx", a/b}')"
    fi
  done
fi

if [ -n "$MD" ]; then
  {
    echo
    echo "### ${LABEL:-$(git -C "$ROOT" log -1 --format='%h %s' 2>/dev/null)}"
    echo
    echo "\`bench/callgrind.sh --calls $CALLS --warmup $WARMUP\`; $(valgrind --version); $(basename "$LIB") $(stat -c %s "$LIB") bytes unstripped"
    echo
    echo "| op | instructions / call |"
    echo "|---|---:|"
    for k in "${OPS[@]}" bare_es256 bare_rs256; do
      [ -n "${RES[$k]:-}" ] && echo "| $k | ${RES[$k]} |"
    done
    for alg in es256 rs256; do
      if [ -n "${RES[bare_$alg]:-}" ] && [ -n "${RES[get_claims_$alg]:-}" ]; then
        echo "| get_claims_$alg / bare ring | $(awk -v a="${RES[get_claims_$alg]}" -v b="${RES[bare_$alg]}" 'BEGIN{printf "%.2fx", a/b}') |"
      fi
    done
  } >>"$MD"
fi
