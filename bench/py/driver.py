#!/usr/bin/env python3
"""bench/py/driver.py — the official Python client (`gotrue`, sync API), one client shared by all threads.

usage: driver.py OP THREADS CALLS WARMUP
         OP = sign_in | get_user | refresh | get_claims_es256 | get_claims_rs256
       driver.py footprint CYCLES WARMUP_CYCLES
Same environment and one-line JSON output as bench/c/driver.c.
"""
import gc
import json
import os
import sys
import threading
import time

import warnings
from importlib.metadata import version

# BENCH_PY_MODULE=libgotrue runs this same script on the drop-in (bindings/python) instead.
CLIENT_MODULE = os.environ.get("BENCH_PY_MODULE", "gotrue")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # "gotrue is deprecated, use supabase_auth"
    SyncGoTrueClient = __import__(CLIENT_MODULE).SyncGoTrueClient

CLIENT_VERSION = version(CLIENT_MODULE)

ENV = os.environ


def rss_kib(field="VmRSS"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def make_client():
    key = ENV["BENCH_API_KEY"]
    return SyncGoTrueClient(
        url=ENV["BENCH_URL"],
        headers={"apikey": key, "Authorization": f"Bearer {key}"},
        auto_refresh_token=False,
        persist_session=False,
    )


def creds():
    return {"email": ENV["BENCH_EMAIL"], "password": ENV["BENCH_PASSWORD"]}


def out(obj):
    print(json.dumps(obj), flush=True)


def bench(op, threads, total, warmup):
    client = make_client()
    per = max(1, total // threads)
    barrier = threading.Barrier(threads)
    lats = [None] * threads
    errors = []
    t0 = [0]

    def worker(i):
        try:
            s = client.sign_in_with_password(creds()).session
            access, refresh = s.access_token, s.refresh_token
            tok = ENV.get("BENCH_TOKEN_RS256" if op == "get_claims_rs256" else "BENCH_TOKEN_ES256")

            def call():
                nonlocal access, refresh
                if op == "sign_in":
                    access = client.sign_in_with_password(creds()).session.access_token
                elif op == "get_user":
                    assert client.get_user(access).user.id
                elif op == "refresh":
                    sess = client.refresh_session(refresh).session
                    access = sess.access_token
                    refresh = sess.refresh_token  # rotated, as on the server
                elif op.startswith("get_claims"):
                    assert client.get_claims(tok)["claims"]["sub"]
                else:
                    raise ValueError(op)

            for _ in range(warmup):
                call()
        except BaseException as e:  # noqa: BLE001
            errors.append(f"thread {i} setup/warm-up: {type(e).__name__}: {e}")
            barrier.abort()
            return
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        if i == 0:
            t0[0] = time.perf_counter_ns()
        lat = [0] * per
        pc = time.perf_counter_ns
        try:
            for k in range(per):
                t = pc()
                call()
                lat[k] = pc() - t
        except BaseException as e:  # noqa: BLE001
            errors.append(f"thread {i} call: {type(e).__name__}: {e}")
            return
        lats[i] = lat

    ths = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    wall = (time.perf_counter_ns() - t0[0]) / 1e9
    if errors:
        out({"driver": "python", "op": op, "threads": threads, "ok": False, "error": errors[0]})
        return 1
    allv = sorted(v for lat in lats for v in lat)
    n = len(allv)
    out({"driver": "python", "op": op, "threads": threads, "ok": True, "calls": n, "warmup_per_thread": warmup,
         "median_us": round(allv[n // 2] / 1000, 2), "p99_us": round(allv[int((n - 1) * 0.99)] / 1000, 2),
         "mean_us": round(sum(allv) / n / 1000, 2), "wall_s": round(wall, 4), "calls_per_s": round(n / wall, 1),
         "client": f"{CLIENT_MODULE} {CLIENT_VERSION}", "threading": "threading.Thread x N, one shared client"})
    return 0


def footprint(cycles, warm):
    gc.collect()
    rss0 = rss_kib()
    client = make_client()
    client.sign_in_with_password(creds())
    rss_si, hwm_si = rss_kib(), rss_kib("VmHWM")

    def cycle():
        client.sign_in_with_password(creds())
        client.sign_out()

    for _ in range(warm):
        cycle()
    rss_w = rss_kib()
    t = time.perf_counter()
    for _ in range(cycles):
        cycle()
    secs = time.perf_counter() - t
    rss_e = rss_kib()
    out({"driver": "python", "op": "footprint", "ok": True, "rss_baseline_kib": rss0, "rss_signed_in_kib": rss_si,
         "hwm_signed_in_kib": hwm_si, "warmup_cycles": warm, "rss_after_warmup_kib": rss_w, "cycles": cycles,
         "rss_after_cycles_kib": rss_e, "hwm_after_cycles_kib": rss_kib("VmHWM"), "growth_kib": rss_e - rss_w,
         "cycles_s": round(secs, 3), "note": "baseline = interpreter with gotrue imported"})
    return 0


def main():
    op = sys.argv[1]
    if op == "footprint":
        return footprint(int(sys.argv[2]), int(sys.argv[3]))
    return bench(op, int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))


if __name__ == "__main__":
    sys.exit(main())
