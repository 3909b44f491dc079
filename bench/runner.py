#!/usr/bin/env python3
"""bench/runner.py — runs every driver against a private canned nginx (and, when GOTRUE_TEST_URL is set,
against a real Supabase Auth server), then writes bench/results/{results.md,results.json,chart.svg}.

Invoked by bench/run, which installs and builds first. Standard library only.
Exit status: non-zero when a driver failed or could not be built (never for a missed target).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BUILD = BENCH / "build"
VENV_PY = BENCH / ".venv" / "bin" / "python"
LIB = ROOT / "target" / "release" / "libgotrue.so"

HTTP_OPS = ["sign_in", "get_user", "refresh"]
CLAIM_OPS = ["get_claims_es256", "get_claims_rs256"]
DRIVER_LABEL = {
    "libgotrue": "libgotrue (C ABI)",
    "libgotrue-cached": "libgotrue, verified-token cache on (the default)",
    "floor": "raw keep-alive loop (floor)",
    "python": "Python gotrue (sync)",
    "authjs": "auth-js (Node)",
    "authjs-workers": "auth-js, worker_threads",
}
DRIVER_ORDER = ["floor", "libgotrue", "libgotrue-cached", "authjs", "authjs-workers", "python"]
# get_claims: "libgotrue" verifies every call ({"cache":false}), like its peers do;
# "libgotrue-cached" is the default behaviour (a token verified once is only re-checked for expiry).
CLAIMS_OPTIONS = {"libgotrue": '{"cache":false}', "libgotrue-cached": '{"cache":true}'}
COLORS = {"floor": "#7f7f7f", "libgotrue": "#d95f02", "libgotrue-cached": "#e6ab02", "authjs": "#1b9e77", "authjs-workers": "#66c2a5",
          "python": "#7570b3"}

# Targets (DESIGN.md §5 / the benchmark issue).
T_FLOOR = 1.5        # libgotrue median <= 1.5x the raw floor (1 thread)
T_PY = 5.0           # >= 5x faster than Python (1 thread median)
T_JS = 2.0           # >= 2x faster than auth-js (1 thread median)
T_CLAIMS_JS = 2.0    # get_claims rate >= 2x auth-js
T_CLAIMS_PY = 3.0    # get_claims rate >= 3x Python
T_LIB_BYTES = 3_000_000   # stripped libgotrue.so <= 3 MB
T_GROWTH_BYTES = 1_000_000  # RSS growth over 10,000 sign-in/sign-out cycles < 1 MB


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- canned server

class Canned:
    """A private nginx: own config, pid, logs and temp dirs; loopback only; stopped by its own pid."""

    def __init__(self, port: int):
        self.dir = Path(tempfile.mkdtemp(prefix="gotrue-bench-"))
        self.port = port
        self.pid = None

    def start(self) -> dict:
        subprocess.run([str(VENV_PY), str(BENCH / "canned" / "setup.py"), str(self.dir), str(self.port)], check=True)
        conf, err = self.dir / "nginx.conf", self.dir / "error.log"
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        subprocess.run([nginx, "-p", str(self.dir), "-e", str(err), "-c", str(conf)], check=True)
        for _ in range(100):
            try:
                self.pid = int((self.dir / "nginx.pid").read_text())
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except (OSError, ValueError):
                time.sleep(0.05)
        else:
            raise RuntimeError(f"canned nginx did not come up; see {err}")
        env = {}
        for line in (self.dir / "bench.env").read_text().splitlines():
            k, _, v = line.partition("=")
            env[k] = v
        return env

    def requests(self) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__requests", timeout=2) as r:
            nums = r.read().decode().splitlines()[2].split()
        return int(nums[2]) - 1  # minus this status request itself

    def stop(self):
        if self.pid:
            try:
                os.kill(self.pid, 15)  # the master stops its workers
            except ProcessLookupError:
                pass
            for _ in range(50):
                try:
                    os.kill(self.pid, 0)
                    time.sleep(0.05)
                except ProcessLookupError:
                    break
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port(preferred: int) -> int:
    for port in [preferred] + list(range(preferred + 1, preferred + 50)):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free loopback port")


# ---------------------------------------------------------------------------------------------- drivers

def driver_cmd(driver: str, args: list[str]) -> list[str]:
    if driver == "floor":
        return [str(BUILD / "floor")] + args
    if driver in ("libgotrue", "libgotrue-cached"):
        return [str(BUILD / "driver")] + args
    if driver == "python":
        return [str(VENV_PY), str(BENCH / "py" / "driver.py")] + args
    if driver == "authjs":
        return ["node", "--expose-gc", str(BENCH / "js" / "driver.mjs")] + args + ["promises"]
    if driver == "authjs-workers":
        return ["node", str(BENCH / "js" / "driver.mjs")] + args + ["workers"]
    raise ValueError(driver)


def run_driver(driver: str, args: list[str], env: dict, timeout: float) -> dict:
    cmd = driver_cmd(driver, args)
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"driver": driver, "ok": False, "error": f"timed out after {timeout:.0f}s"}
    except OSError as e:
        return {"driver": driver, "ok": False, "error": str(e)}
    line = next((l for l in reversed(p.stdout.splitlines()) if l.startswith("{")), None)
    if line is None:
        tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
        return {"driver": driver, "ok": False, "error": f"exit {p.returncode}: {tail}"}
    res = json.loads(line)
    res["driver"] = driver  # authjs-workers reports itself; keep our key
    if p.returncode != 0 and res.get("ok"):
        res = {"driver": driver, "ok": False, "error": f"exit {p.returncode}"}
    if not res.get("ok") and p.stderr.strip():
        res["stderr"] = p.stderr.strip()[-500:]
    return res


# ---------------------------------------------------------------------------------------------- machine info

def sh(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
        "loadavg_start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "node": sh(["node", "--version"]), "python": sh([str(VENV_PY), "--version"]),
        "nginx": sh(["sh", "-c", "nginx -v 2>&1"]).replace("nginx version: ", ""),
        "rustc": sh(["rustc", "--version"]), "cc": sh(["sh", "-c", "cc --version | head -1"]),
        "gotrue_py": sh([str(VENV_PY), "-c", "from importlib.metadata import version; print(version('gotrue'))"]),
        "auth_js": json.loads((BENCH / "js" / "node_modules" / "@supabase" / "auth-js" / "package.json").read_text())["version"]
        if (BENCH / "js" / "node_modules" / "@supabase" / "auth-js" / "package.json").exists() else "",
        "commit": sh(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
        + (" + uncommitted changes" if sh(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]) else ""),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


# ---------------------------------------------------------------------------------------------- plan

def plan(quick: bool, scale: float) -> dict:
    """Calls per (driver, op, threads) measurement: the same total for 1 and 8 threads."""
    if quick:
        n = {"floor": 200, "libgotrue": 200, "authjs": 100, "authjs-workers": 80, "python": 80}
        return {"calls": n, "claims": dict(n), "warmup": 10, "cycles": 300, "cycle_warmup": 50, "runs": 1,
                "e2e_calls": 8}
    n = {"floor": 10000, "libgotrue": 10000, "authjs": 3000, "authjs-workers": 2000, "python": 2000}
    c = {"libgotrue": 20000, "authjs": 3000, "authjs-workers": 2000, "python": 3000}
    s = lambda d: {k: max(50, int(v * scale)) for k, v in d.items()}
    return {"calls": s(n), "claims": s(c), "warmup": 200, "cycles": 10000, "cycle_warmup": 1000, "runs": 3,
            "e2e_calls": 100}


# ---------------------------------------------------------------------------------------------- canned suite

def canned_suite(drivers: list[str], env: dict, canned: Canned, p: dict, runs: int, pause: float = 0):
    raw, failures = [], []
    failed_drivers: set[str] = set()
    unsupported: set[str] = set()

    def measure(driver, op, threads, calls, run):
        if driver in failed_drivers:
            return
        warm = p["warmup"] if threads == 1 else max(5, p["warmup"] // threads)
        before = canned.requests()
        driver_env = {**env, "BENCH_CLAIMS_OPTIONS": CLAIMS_OPTIONS[driver]} if driver in CLAIMS_OPTIONS else env
        res = run_driver(driver, [op, str(threads), str(calls), str(warm)], driver_env, timeout=240)
        after = canned.requests()
        res.update({"op": op, "threads": threads, "run": run})
        if res.get("unsupported"):
            log(f"  run {run} {op:17s} {threads}t {driver:15s} unsupported: {res.get('error')}")
            unsupported.add(f"{driver} {op}: {res.get('error')}")
            return
        if res.get("ok"):
            ops_done = res["calls"] + warm * threads + threads  # + one setup sign-in per thread
            res["http_requests"] = after - before
            res["requests_per_call"] = round((after - before) / ops_done, 3)
            log(f"  run {run} {op:17s} {threads}t {driver:15s} median {res['median_us']:9.1f} us "
                f"p99 {res['p99_us']:9.1f} us {res['calls_per_s']:9.0f}/s  req/call {res['requests_per_call']}")
        else:
            log(f"  run {run} {op:17s} {threads}t {driver:15s} FAILED: {res.get('error')}")
            failures.append(res)
            failed_drivers.add(driver)
        raw.append(res)

    for run in range(1, runs + 1):
        if run > 1 and pause:
            log(f"  pausing {pause:.0f}s between runs (--pause)")
            time.sleep(pause)
        for op in HTTP_OPS:
            for threads in (1, 8):
                for d in drivers:
                    if d == "authjs-workers" and threads == 1:
                        continue
                    measure(d, op, threads, p["calls"][d], run)
        claim_drivers = drivers + (["libgotrue-cached"] if "libgotrue" in drivers else [])
        for op in CLAIM_OPS:
            for threads in (1, 8):
                for d in claim_drivers:
                    if d == "floor" or (d == "authjs-workers" and threads == 1):
                        continue
                    measure(d, op, threads, p["claims"]["libgotrue" if d == "libgotrue-cached" else d], run)
    return raw, failures, sorted(unsupported)


def aggregate(raw: list) -> dict:
    """(driver, op, threads) -> medians over runs."""
    groups: dict = {}
    for r in raw:
        if r.get("ok"):
            groups.setdefault((r["driver"], r["op"], r["threads"]), []).append(r)
    agg = {}
    for key, rs in groups.items():
        agg[key] = {
            "runs": len(rs),
            "median_us": statistics.median(r["median_us"] for r in rs),
            "p99_us": statistics.median(r["p99_us"] for r in rs),
            "calls_per_s": statistics.median(r["calls_per_s"] for r in rs),
            "calls": rs[0]["calls"],
            "requests_per_call": statistics.median(r.get("requests_per_call", 0) for r in rs),
            "note": rs[0].get("concurrency") or rs[0].get("threading") or "",
        }
    return agg


# ---------------------------------------------------------------------------------------------- footprint

def footprint(drivers: list[str], env: dict, p: dict) -> tuple[dict, list]:
    out, failures = {"lib": None, "procs": {}}, []
    if LIB.exists():
        with tempfile.TemporaryDirectory() as td:
            cp = Path(td) / "libgotrue.so"
            shutil.copy(LIB, cp)
            subprocess.run(["strip", "--strip-all", str(cp)], check=True)
            out["lib"] = {"unstripped_bytes": LIB.stat().st_size, "stripped_bytes": cp.stat().st_size}
    for d in drivers:
        if d in ("floor", "authjs-workers"):
            continue
        res = run_driver(d, ["footprint", str(p["cycles"]), str(p["cycle_warmup"])], env, timeout=300)
        if res.get("ok"):
            log(f"  footprint {d:10s} signed-in RSS {res['rss_signed_in_kib']} KiB, growth over {res['cycles']} "
                f"cycles {res['growth_kib']} KiB")
        else:
            log(f"  footprint {d:10s} FAILED: {res.get('error')}")
            failures.append({**res, "op": "footprint"})
        out["procs"][d] = res
    return out, failures


# ---------------------------------------------------------------------------------------------- end-to-end

def e2e_suite(drivers: list[str], p: dict) -> dict:
    url, key = os.environ.get("GOTRUE_TEST_URL"), os.environ.get("GOTRUE_TEST_ANON_KEY")
    if not url or not key:
        return {"status": "not run (no real server)",
                "detail": "set GOTRUE_TEST_URL and GOTRUE_TEST_ANON_KEY to a real Supabase Auth server "
                          "(email autoconfirm on) to measure server cost"}
    url = url.rstrip("/")
    email, password = f"bench-{uuid.uuid4().hex[:12]}@example.com", f"Bench-{uuid.uuid4().hex}"
    req = urllib.request.Request(f"{url}/signup", data=json.dumps({"email": email, "password": password}).encode(),
                                 headers={"apikey": key, "Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            body = json.loads(r.read())
    except (urllib.error.URLError, OSError, ValueError) as e:
        return {"status": f"failed: sign-up at {url} did not work ({e})", "results": {}}
    if not body.get("access_token"):
        return {"status": "failed: sign-up returned no session (is email autoconfirm on?)", "results": {}}
    env = {**os.environ, "BENCH_URL": url, "BENCH_API_KEY": key, "BENCH_EMAIL": email,
           "BENCH_PASSWORD": password}
    raw, failures = [], []
    for op in HTTP_OPS:
        for threads in (1, 8):
            for d in drivers:
                if d == "authjs-workers" or (d == "floor" and not url.startswith("http://")):
                    continue
                res = run_driver(d, [op, str(threads), str(p["e2e_calls"]), "3"], env, timeout=600)
                res.update({"op": op, "threads": threads, "run": 1})
                log(f"  e2e {op:9s} {threads}t {d:10s} " + (f"median {res['median_us']:.0f} us" if res.get("ok")
                                                           else f"FAILED: {res.get('error')}"))
                (raw if res.get("ok") else failures).append(res)
    return {"status": "run", "url": url, "results": aggregate(raw), "raw": raw, "failures": failures}


# ---------------------------------------------------------------------------------------------- report

def fmt_us(v):
    return "—" if v is None else (f"{v:,.0f}" if v >= 100 else f"{v:.1f}")


def ratio(a, b):
    return None if (a is None or b is None or b == 0) else a / b


def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}x"


def get(agg, d, op, t, field="median_us"):
    v = agg.get((d, op, t))
    return v[field] if v else None


def targets(agg: dict, fp: dict) -> list:
    rows = []

    def add(name, value, goal, ok):
        rows.append({"target": name, "value": value, "goal": goal,
                     "result": "n/a" if ok is None else ("pass" if ok else "miss")})

    for op in HTTP_OPS:
        lib = get(agg, "libgotrue", op, 1)
        r = ratio(lib, get(agg, "floor", op, 1))
        add(f"{op}: libgotrue / floor (1 thread, median)", fmt_ratio(r), f"<= {T_FLOOR}x", None if r is None else r <= T_FLOOR)
        r = ratio(get(agg, "python", op, 1), lib)
        add(f"{op}: Python / libgotrue (1 thread, median)", fmt_ratio(r), f">= {T_PY:.0f}x", None if r is None else r >= T_PY)
        r = ratio(get(agg, "authjs", op, 1), lib)
        add(f"{op}: auth-js / libgotrue (1 thread, median)", fmt_ratio(r), f">= {T_JS:.0f}x", None if r is None else r >= T_JS)
    for op in CLAIM_OPS:
        alg = op.rsplit("_", 1)[1].upper()
        lib = get(agg, "libgotrue", op, 1, "calls_per_s")
        r = ratio(lib, get(agg, "authjs", op, 1, "calls_per_s"))
        add(f"get_claims {alg}: libgotrue / auth-js rate (1 thread)", fmt_ratio(r), f">= {T_CLAIMS_JS:.0f}x",
            None if r is None else r >= T_CLAIMS_JS)
        r = ratio(lib, get(agg, "python", op, 1, "calls_per_s"))
        add(f"get_claims {alg}: libgotrue / Python rate (1 thread)", fmt_ratio(r), f">= {T_CLAIMS_PY:.0f}x",
            None if r is None else r >= T_CLAIMS_PY)
    lib = fp.get("lib")
    add("stripped libgotrue.so size", f"{lib['stripped_bytes']:,} B" if lib else "—", f"<= {T_LIB_BYTES:,} B",
        None if not lib else lib["stripped_bytes"] <= T_LIB_BYTES)
    g = fp["procs"].get("libgotrue")
    ok_g = g and g.get("ok")
    full = ok_g and g["cycles"] >= 10000
    add(f"RSS growth over {g['cycles'] if ok_g else 10000:,} sign-in/sign-out cycles (libgotrue)"
        + ("" if not ok_g or full else " [quick: fewer cycles than the 10,000 the target names]"),
        f"{g['growth_kib'] * 1024:,} B" if ok_g else "—", f"< {T_GROWTH_BYTES:,} B",
        None if not ok_g else g["growth_kib"] * 1024 < T_GROWTH_BYTES)
    return rows


def md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def overhead_rows(agg: dict, ops: list[str], floor_col: bool) -> list[list[str]]:
    rows = []
    for op in ops:
        for t in (1, 8):
            ref = get(agg, "libgotrue", op, t)
            for d in DRIVER_ORDER:
                v = agg.get((d, op, t))
                if not v:
                    continue
                row = [op, t, DRIVER_LABEL[d] + (f" ({v['note']})" if t > 1 and d.startswith("authjs") else ""),
                       fmt_us(v["median_us"]), fmt_us(v["p99_us"]), f"{v['calls_per_s']:,.0f}",
                       fmt_ratio(ratio(v["median_us"], ref)) if ref else "—"]
                if floor_col:
                    row.append(fmt_ratio(ratio(v["median_us"], get(agg, "floor", op, t))))
                row.append(f"{v['requests_per_call']:.3f}")
                rows.append(row)
    return rows


def render(info, p, agg, fp, tg, e2e, failures, quick, missing) -> str:
    L = []
    L.append("# libgotrue benchmark results" + (" (quick mode: smoke run, numbers not meaningful)" if quick else ""))
    L.append("")
    L.append(f"Generated by `bench/run{' --quick' if quick else ''}` on {info['date']}, repo commit `{info['commit']}`.")
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append(f"- CPU: {info['cpu']} — nproc {info['nproc']}, memory {info['memory']}, kernel {info['kernel']}")
    L.append(f"- load average at start: {info['loadavg_start']}; at end: {info.get('loadavg_end', '?')} "
             "(other work on the machine inflates absolute times; compare ratios)")
    L.append(f"- {info['rustc']}; {info['cc']}; Node {info['node']}; {info['python']}; nginx {info['nginx']}")
    L.append(f"- peers: Python `gotrue` {info['gotrue_py']} (sync API), `@supabase/auth-js` {info['auth_js']}")
    L.append(f"- medians of {p['runs']} run(s); calls per measurement: "
             + ", ".join(f"{DRIVER_LABEL[k]} {v:,}" for k, v in p["calls"].items()))
    L.append("")
    if missing:
        L.append("**Not measured:** " + "; ".join(missing))
        L.append("")
    if failures:
        L.append("**Driver failures:**")
        L.append("")
        for f in failures:
            L.append(f"- {f.get('driver')} {f.get('op', '')} {f.get('threads', '')}t: {f.get('error')}")
        L.append("")
    L.append("## Targets")
    L.append("")
    L.append(md_table(["target", "measured", "goal", "result"],
                      [[r["target"], r["value"], r["goal"], r["result"]] for r in tg]))
    L.append("")
    L.append("## Client overhead (canned server: nginx on loopback returning fixed, valid responses)")
    L.append("")
    L.append("Latency per call in µs (median and p99 over all calls of all threads); calls/s = calls / wall time. "
             "`vs lib` = this row's median / libgotrue's median for the same op and thread count; "
             "`vs floor` = this row's median / the raw loop's. `req/call` = HTTP requests nginx served per "
             "client call (setup and warm-up included): 1.000 means no request was coalesced or cached.")
    L.append("")
    L.append(md_table(["op", "threads", "client", "median µs", "p99 µs", "calls/s", "vs lib", "vs floor", "req/call"],
                      overhead_rows(agg, HTTP_OPS, True)))
    L.append("")
    L.append("## Local JWT verification (get_claims, JWKS cached)")
    L.append("")
    L.append("Same asymmetric tokens for every client, JWKS served by the canned nginx and fetched once "
             "(req/call near 0 confirms the cache). `libgotrue (C ABI)` verifies the signature on every call "
             "(`{\"cache\":false}`), as its peers do; the targets use that row. The `verified-token cache` row "
             "is libgotrue's default: a token verified once is only re-checked for expiry while its key set "
             "is current.")
    L.append("")
    L.append(md_table(["op", "threads", "client", "median µs", "p99 µs", "calls/s", "vs lib", "req/call"],
                      overhead_rows(agg, CLAIM_OPS, False)))
    L.append("")
    L.append("## Footprint")
    L.append("")
    lib = fp.get("lib")
    if lib:
        L.append(f"- `target/release/libgotrue.so`: {lib['unstripped_bytes']:,} bytes; stripped copy "
                 f"(`strip --strip-all`): **{lib['stripped_bytes']:,} bytes** ({lib['stripped_bytes'] / 1e6:.2f} MB)")
    else:
        L.append("- libgotrue.so: not built")
    L.append("")
    rows = []
    for d in ["libgotrue", "authjs", "python"]:
        r = fp["procs"].get(d)
        if not r:
            continue
        if not r.get("ok"):
            rows.append([DRIVER_LABEL[d], "failed: " + str(r.get("error")), "", "", "", "", ""])
            continue
        rows.append([DRIVER_LABEL[d], f"{r['rss_baseline_kib']:,}", f"{r['rss_signed_in_kib']:,}",
                     f"{r['hwm_signed_in_kib']:,}", f"{r['rss_after_warmup_kib']:,} (after {r['warmup_cycles']:,})",
                     f"{r['rss_after_cycles_kib']:,} (after {r['cycles']:,} more)", f"{r['growth_kib']:+,}"])
    L.append("Resident memory in KiB from `/proc/self/status` of the driver process. Baseline = before the client "
             "exists (C: bare process; Node/Python: runtime with the client module imported). A cycle = sign in "
             "with password + sign out (scope global) against the canned server. Node and Python RSS read after a "
             "forced GC.")
    L.append("")
    L.append(md_table(["process", "baseline RSS", "RSS, one signed-in client", "VmHWM then",
                       "RSS after warm-up cycles", "RSS after measured cycles", "growth KiB"], rows))
    L.append("")
    L.append("## End to end (real Supabase Auth server)")
    L.append("")
    if e2e.get("status") != "run":
        L.append(f"end-to-end: {e2e['status']}. {e2e.get('detail', '')}")
    else:
        L.append(f"Server: {e2e['url']}. Refreshes chain (each uses the token the previous one returned). "
                 f"{p['e2e_calls']} calls per measurement, one run.")
        L.append("")
        L.append(md_table(["op", "threads", "client", "median µs", "p99 µs", "calls/s", "vs lib", "vs floor", "req/call"],
                          [r[:-1] + ["—"] for r in overhead_rows(e2e["results"], HTTP_OPS, True)]))
        for f in e2e.get("failures", []):
            L.append(f"- failure: {f.get('driver')} {f.get('op')} {f.get('threads')}t: {f.get('error')}")
    L.append("")
    L.append("## Notes")
    L.append("")
    L.append("- 8 threads: libgotrue and Python share ONE client across 8 OS threads; the floor uses one "
             "connection per thread; auth-js runs 8 concurrent promise loops on ONE client in Node's single "
             "event loop, and separately 8 `worker_threads` each with its own client (auth-js clients cannot be "
             "shared across isolates).")
    L.append("- refresh on the canned server: each thread refreshes its own distinct refresh-token string, so "
             "libgotrue's single-flight (which merges identical concurrent refreshes by design) cannot turn 8 "
             "threads' calls into fewer requests; `req/call` shows whether any client merged requests anyway. "
             "auth-js serializes refreshes on one client behind its internal lock queue.")
    L.append("- The machine has 2 cores shared by the clients and nginx (one worker), so 8-thread numbers "
             "measure contention as much as scaling.")
    L.append("- See bench/README.md for the method.")
    L.append("")
    return "\n".join(L)


def svg_chart(agg: dict, quick: bool) -> str:
    """Three panels: median µs per HTTP op (1 thread), calls/s with 8 threads, get_claims calls/s (1 thread)."""
    W, panel_h = 900, 300
    H = 3 * panel_h + 90
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">libgotrue vs peers, '
           f'canned server{" (quick mode)" if quick else ""}</text>']

    def panel(y0, title, ops, field, drivers, unit, better, threads=1):
        out.append(f'<text x="{W / 2}" y="{y0 + 18}" text-anchor="middle" font-size="13">{title} '
                   f'({better} is better)</text>')
        left, right, top, bottom = 70, W - 20, y0 + 35, y0 + panel_h - 30
        vals = [get(agg, d, op, threads, field) for op in ops for d in drivers]
        vmax = max([v for v in vals if v] or [1]) * 1.12
        out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>')
        out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#333"/>')
        for i in range(5):
            v = vmax * i / 4
            y = bottom - (bottom - top) * i / 4
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ddd"/>')
            out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
        out.append(f'<text x="16" y="{(top + bottom) / 2}" transform="rotate(-90 16 {(top + bottom) / 2})" '
                   f'text-anchor="middle">{unit}</text>')
        gw = (right - left) / len(ops)
        bw = min(46, gw * 0.8 / len(drivers))
        for gi, op in enumerate(ops):
            gx = left + gi * gw + (gw - bw * len(drivers)) / 2
            for di, d in enumerate(drivers):
                v = get(agg, d, op, threads, field)
                x = gx + di * bw
                if v is None:
                    out.append(f'<text x="{x + bw / 2:.1f}" y="{bottom - 4}" text-anchor="middle" font-size="10" '
                               f'fill="#999">n/a</text>')
                    continue
                h = (bottom - top) * v / vmax
                out.append(f'<rect x="{x + 2:.1f}" y="{bottom - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" '
                           f'fill="{COLORS[d]}"><title>{DRIVER_LABEL[d]} {op}: {v:,.1f} {unit}</title></rect>')
                out.append(f'<text x="{x + bw / 2:.1f}" y="{bottom - h - 4:.1f}" text-anchor="middle" '
                           f'font-size="10">{v:,.0f}</text>')
            out.append(f'<text x="{left + gi * gw + gw / 2:.1f}" y="{bottom + 18}" text-anchor="middle">{op}</text>')

    panel(35, "1 thread: median latency per call, µs", HTTP_OPS, "median_us",
          ["floor", "libgotrue", "authjs", "python"], "µs per call", "lower")
    panel(35 + panel_h, "8 threads (auth-js: 8 promises on one client / 8 workers): calls/s", HTTP_OPS,
          "calls_per_s", ["floor", "libgotrue", "authjs", "authjs-workers", "python"], "calls / s", "higher", 8)
    panel(35 + 2 * panel_h, "1 thread: get_claims with cached JWKS, calls/s", CLAIM_OPS, "calls_per_s",
          ["libgotrue", "authjs", "python"], "calls / s", "higher")
    lx = 40
    for d in ["floor", "libgotrue", "authjs", "authjs-workers", "python"]:
        out.append(f'<rect x="{lx}" y="{H - 28}" width="14" height="14" fill="{COLORS[d]}"/>')
        out.append(f'<text x="{lx + 20}" y="{H - 17}">{DRIVER_LABEL[d]}</text>')
        lx += 25 + 6.6 * len(DRIVER_LABEL[d])
    out.append("</svg>")
    return "\n".join(out) + "\n"


def print_table(agg: dict, tg: list, fp: dict, e2e: dict):
    print()
    print(f"{'op':18s} {'thr':>3s} {'client':28s} {'median us':>10s} {'p99 us':>10s} {'calls/s':>10s} "
          f"{'vs lib':>8s} {'req/call':>8s}")
    for op in HTTP_OPS + CLAIM_OPS:
        for t in (1, 8):
            ref = get(agg, "libgotrue", op, t)
            for d in DRIVER_ORDER:
                v = agg.get((d, op, t))
                if v:
                    print(f"{op:18s} {t:3d} {DRIVER_LABEL[d]:28s} {fmt_us(v['median_us']):>10s} "
                          f"{fmt_us(v['p99_us']):>10s} {v['calls_per_s']:10,.0f} "
                          f"{fmt_ratio(ratio(v['median_us'], ref)) if ref else '—':>8s} {v['requests_per_call']:8.3f}")
    print()
    lib = fp.get("lib")
    print("stripped libgotrue.so:", f"{lib['stripped_bytes']:,} bytes" if lib else "not built")
    for d, r in fp["procs"].items():
        if r.get("ok"):
            print(f"footprint {DRIVER_LABEL[d]:28s} signed-in RSS {r['rss_signed_in_kib']:,} KiB; "
                  f"growth over {r['cycles']:,} cycles {r['growth_kib']:+,} KiB")
    print()
    for r in tg:
        print(f"[{r['result']:4s}] {r['target']}: {r['value']} (goal {r['goal']})")
    print()
    print("end-to-end:", e2e["status"])


# ---------------------------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="few iterations; checks every driver works (CI)")
    ap.add_argument("--runs", type=int, help="runs to take the median of (default 3; quick 1)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply call counts (full mode)")
    ap.add_argument("--out", help="output directory (default bench/results, quick: bench/results/quick)")
    ap.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18080")))
    ap.add_argument("--skip-footprint", action="store_true")
    ap.add_argument("--pause", type=float, default=0, help="seconds to sleep between runs (share the machine)")
    a = ap.parse_args()

    p = plan(a.quick, a.scale)
    runs = a.runs or p["runs"]
    p["runs"] = runs
    out_dir = Path(a.out) if a.out else (BENCH / "results" / "quick" if a.quick else BENCH / "results")
    out_dir.mkdir(parents=True, exist_ok=True)

    drivers, missing = [], []
    if (BUILD / "floor").exists():
        drivers.append("floor")
    else:
        missing.append("floor: bench/build/floor not built")
    if (BUILD / "driver").exists() and LIB.exists():
        drivers.append("libgotrue")
    else:
        why = (BUILD / "lib-build-error.txt").read_text().strip() if (BUILD / "lib-build-error.txt").exists() else \
            "target/release/libgotrue.so or bench/build/driver missing"
        missing.append(f"libgotrue: not built ({why})")
    if (BENCH / "js" / "node_modules" / "@supabase" / "auth-js").exists():
        drivers += ["authjs", "authjs-workers"]
    else:
        missing.append("auth-js: bench/js/node_modules missing (npm ci)")
    drivers.append("python")

    info = machine_info()
    log(f"bench: {info['cpu']} x{info['nproc']}, load {info['loadavg_start']}; drivers: {', '.join(drivers)}; "
        f"{runs} run(s){' (quick)' if a.quick else ''}")
    canned = Canned(free_port(a.port))
    try:
        env = {**os.environ, **canned.start()}
        log(f"canned nginx on {env['BENCH_URL']} (pid {canned.pid})")
        raw, failures, unsupported = canned_suite(drivers, env, canned, p, runs, a.pause)
        missing += [f"{u} (reported as n/a, not a failure)" for u in unsupported]
        if a.skip_footprint:
            fp, ff = {"lib": None, "procs": {}}, []
        else:
            fp, ff = footprint(drivers, env, p)
        failures += ff
    finally:
        canned.stop()
    e2e = e2e_suite(drivers, p)
    failures += e2e.get("failures", [])
    info["loadavg_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    agg = aggregate(raw)
    tg = targets(agg, fp)
    md = render(info, p, agg, fp, tg, e2e, failures, a.quick, missing)
    (out_dir / "results.md").write_text(md)
    (out_dir / "chart.svg").write_text(svg_chart(agg, a.quick))
    (out_dir / "results.json").write_text(json.dumps({
        "machine": info, "plan": p, "raw": raw, "footprint": fp, "targets": tg,
        "e2e": {k: v for k, v in e2e.items() if k != "results"},
        "aggregate": [{"driver": k[0], "op": k[1], "threads": k[2], **v} for k, v in agg.items()],
        "missing": missing,
    }, indent=1))
    print_table(agg, tg, fp, e2e)
    print(f"\nwrote {out_dir / 'results.md'}, {out_dir / 'chart.svg'}, {out_dir / 'results.json'}")
    fatal = [m for m in missing if "not a failure" not in m]
    if fatal or failures:
        log("bench: FAILED drivers: " + "; ".join(fatal + [f"{f.get('driver')} {f.get('op', '')}: {f.get('error')}"
                                                            for f in failures]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
