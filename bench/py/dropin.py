#!/usr/bin/env python3
"""bench/py/dropin.py — the same Python script (driver.py) on gotrue 2.12.4 and on the drop-in
libgotrue (bindings/python), in one run.

usage: dropin.py PYTHON [CALLS] [WARMUP]
  PYTHON: an interpreter whose environment has gotrue==2.12.4, cryptography and the libgotrue
  wheel (bench/py/dropin.sh makes one). Prints a Markdown table of medians and ratios for
  sign_in, get_user, refresh and get_claims:
  - against the canned nginx of bench/runner.py (fixed answers: what each client itself costs),
    when nginx is installed;
  - against the real server named by GOTRUE_TEST_URL, when set (a fresh user per run; server
    time dominates there).
"""
import json
import os
import shutil
import subprocess
import sys
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
OPS = ["sign_in", "get_user", "refresh", "get_claims_es256"]
IMPLS = ["gotrue", "libgotrue"]


def post(url, path, key, body):
    req = urllib.request.Request(url.rstrip("/") + path, data=json.dumps(body).encode(),
                                 headers={"apikey": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def measure(python, env, calls, warmup):
    results = {}
    for op in OPS:
        for impl in IMPLS:
            out = subprocess.run([python, os.path.join(HERE, "driver.py"), op, "1", str(calls), str(warmup)],
                                 env={**env, "BENCH_PY_MODULE": impl}, capture_output=True, text=True)
            row = json.loads((out.stdout.strip().splitlines() or ["{}"])[-1])
            if out.returncode != 0 or not row.get("ok"):
                sys.exit("dropin: %s on %s failed: %s %s" % (op, impl, row.get("error"), out.stderr[-500:]))
            results[(op, impl)] = row
    return results


def table(title, results):
    client = {impl: results[(OPS[0], impl)]["client"] for impl in IMPLS}
    print(title)
    print()
    print("| operation | %s median µs | %s median µs | gotrue / libgotrue |" % (client["gotrue"], client["libgotrue"]))
    print("| --- | ---: | ---: | ---: |")
    for op in OPS:
        a, b = results[(op, "gotrue")]["median_us"], results[(op, "libgotrue")]["median_us"]
        print("| %s | %.1f | %.1f | %.2fx |" % (op, a, b, a / b if b else float("nan")))
    print()


def main():
    python = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    ran = False
    if shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"):
        import runner  # bench/runner.py: its private canned nginx

        runner.VENV_PY = python  # canned/setup.py needs cryptography, which this venv has
        canned = runner.Canned(runner.free_port(18480))
        try:
            env = {**os.environ, **canned.start()}
            table("Canned server (client cost), one thread, %d calls after %d warm-up" % (calls * 5, warmup),
                  measure(python, env, calls * 5, warmup))
        finally:
            canned.stop()
        ran = True
    if os.environ.get("GOTRUE_TEST_URL"):
        url, key = os.environ["GOTRUE_TEST_URL"], os.environ.get("GOTRUE_TEST_ANON_KEY", "")
        email, password = "bench-py-%s@example.com" % uuid.uuid4().hex[:12], "Bench-" + uuid.uuid4().hex
        post(url, "/signup", key, {"email": email, "password": password})
        token = post(url, "/token?grant_type=password", key, {"email": email, "password": password})["access_token"]
        env = {**os.environ, "BENCH_URL": url, "BENCH_API_KEY": key, "BENCH_EMAIL": email,
               "BENCH_PASSWORD": password, "BENCH_TOKEN_ES256": token}
        table("Real server %s, one thread, %d calls after %d warm-up" % (url, calls, warmup),
              measure(python, env, calls, warmup))
        ran = True
    if not ran:
        sys.exit("dropin: neither nginx (canned server) nor GOTRUE_TEST_URL (real server) is available")


if __name__ == "__main__":
    main()
