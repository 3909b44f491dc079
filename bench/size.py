#!/usr/bin/env python3
"""bench/size.py [LIB] [--top N] [--md FILE --label TEXT]: the stripped size of libgotrue.so and what is in it.

LIB defaults to target/release/libgotrue.so. Prints the stripped size (a copy run through `strip --strip-all`,
as bench/run reports it), the size of each ELF section that takes file space, and code + data per crate:
`nm --print-size --size-sort --demangle` on the unstripped file (the .symtab that strip removes), each symbol
attributed to the crate its demangled path starts with (for `<A as B>::f` and `<impl A>::f`, the crate of A).
Symbols without a Rust path (C code in ring, libc glue) count as "[C/asm]". `cargo bloat` would say the
same thing; this needs nothing beyond binutils.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def crate_of(name: str) -> str:
    n = name
    while n.startswith("<"):
        n = n[1:]
        if n.startswith("impl "):
            n = n[5:]
        n = n.lstrip("&*").replace("mut ", "", 1).replace("dyn ", "", 1).replace("const ", "", 1)
    if n.startswith("gotrue_"):
        return "gotrue"  # the extern "C" functions
    if n.startswith(("ring_core_", "ecp_nistz", "p256_", "p384_", "fe_", "ge_", "x25519_")):
        return "ring (C/asm)"
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", n)
    if m:
        return m.group(1)
    if n.startswith(("_ZN", "_R")):
        return "[mangled]"
    return "[C/asm]"


def main(argv):
    top, md, label, lib = 25, None, None, os.path.join(ROOT, "target", "release", "libgotrue.so")
    it = iter(argv)
    for a in it:
        if a == "--top":
            top = int(next(it))
        elif a == "--md":
            md = next(it)
        elif a == "--label":
            label = next(it)
        else:
            lib = a
    with tempfile.TemporaryDirectory() as d:
        stripped = os.path.join(d, "lib.so")
        shutil.copy(lib, stripped)
        subprocess.run(["strip", "--strip-all", stripped], check=True)
        size = os.path.getsize(stripped)
        sections = subprocess.run(["size", "-A", stripped], capture_output=True, text=True, check=True).stdout
    per = collections.Counter()
    out = subprocess.run(["nm", "--print-size", "--size-sort", "--demangle", lib], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        per[crate_of(parts[3])] += int(parts[1], 16)
    lines = [f"{os.path.relpath(lib, ROOT)}: {size:,} bytes stripped ({size / 1e6:.2f} MB)", "", "sections (stripped):"]
    for line in sections.splitlines():
        f = line.split()
        if len(f) == 3 and f[0].startswith(".") and f[1].isdigit() and int(f[1]) >= 16384:
            lines.append(f"  {f[0]:<22} {int(f[1]):>10,}")
    total = sum(per.values())
    lines += ["", f"symbols by crate (nm, {total:,} bytes in sized symbols):"]
    for crate, n in per.most_common(top):
        lines.append(f"  {crate:<28} {n:>10,}  {100 * n / total:5.1f}%")
    print("\n".join(lines))
    if md:
        with open(md, "a") as f:
            f.write(f"\n### {label or os.path.basename(lib)}\n\nstripped: **{size:,} bytes ({size / 1e6:.2f} MB)**\n\n")
            f.write("| crate | bytes |\n|---|---:|\n")
            for crate, n in per.most_common(top):
                f.write(f"| {crate} | {n:,} |\n")


if __name__ == "__main__":
    main(sys.argv[1:])
