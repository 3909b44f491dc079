#!/usr/bin/env python3
"""Checks that bindings/csharp/GoTrue.csproj packs the native library where NuGet looks for it.

`dotnet pack` is not available on this machine, so this does what pack does with the csproj's
native items: stages the installed libgotrue as native/linux-x64/libgotrue.so beside a copy of
the csproj, evaluates each <None Pack="true"> item (Include, Condition="Exists(...)", PackagePath)
and writes the package's file list into a .nupkg (a zip). It fails when an item is missing or
points elsewhere than runtimes/<rid>/native/<the name DllImport("gotrue") resolves to on that
OS>, or when the packed linux-x64 library is not the installed one.

usage: csharp_pack_layout.py GoTrue.csproj INSTALLED_LIB WORKDIR
"""
import re
import shutil
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

# What .NET probes for DllImport("gotrue"), per runtime identifier.
EXPECTED = {
    "linux-x64": "libgotrue.so",
    "linux-arm64": "libgotrue.so",
    "osx-x64": "libgotrue.dylib",
    "osx-arm64": "libgotrue.dylib",
    "win-x64": "gotrue.dll",
}


def main() -> int:
    csproj, installed, work = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    errors = []
    native_g = csproj.parent / "src" / "Native.g.cs"
    if 'const string Library = "gotrue";' not in native_g.read_text():
        errors.append(f'{native_g}: DllImport library name is not "gotrue"')

    project = work / "project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(csproj, project / csproj.name)
    staged = project / "native" / "linux-x64" / "libgotrue.so"
    staged.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(installed, staged)  # a NuGet package carries the real file, not a link chain

    root = ET.parse(project / csproj.name).getroot()
    packed = {}  # path in the package -> source file
    seen_rids = set()
    for item in root.iter("None"):
        if item.get("Pack") != "true":
            continue
        include, package_path = item.get("Include", ""), item.get("PackagePath", "")
        m = re.fullmatch(r"native/([^/]+)/([^/]+)", include)
        if not m:
            errors.append(f"packed item {include!r} is not native/<rid>/<file>")
            continue
        rid, name = m.groups()
        seen_rids.add(rid)
        if EXPECTED.get(rid) != name:
            errors.append(f"{include}: {rid} needs {EXPECTED.get(rid, '(unknown rid)')}")
        if package_path.rstrip("/") != f"runtimes/{rid}/native":
            errors.append(f"{include}: PackagePath {package_path!r}, NuGet expects runtimes/{rid}/native/")
        cond = item.get("Condition", "")
        cm = re.fullmatch(r"Exists\('([^']+)'\)", cond.strip())
        if cond and not cm:
            errors.append(f"{include}: unexpected Condition {cond!r}")
        if (project / include).exists():
            packed[f"{package_path.rstrip('/')}/{name}"] = project / include
    for rid in EXPECTED:
        if rid not in seen_rids:
            errors.append(f"no packed native item for {rid}")

    nupkg = work / "GoTrue.Native.nupkg"
    with zipfile.ZipFile(nupkg, "w") as z:
        for path, src in sorted(packed.items()):
            z.write(src, path)
    with zipfile.ZipFile(nupkg) as z:
        names = z.namelist()
        want = "runtimes/linux-x64/native/libgotrue.so"
        if want not in names:
            errors.append(f"the package lacks {want}: {names}")
        elif z.read(want) != installed.read_bytes():
            errors.append(f"{want} in the package is not the installed library")
        elif not z.read(want).startswith(b"\x7fELF"):
            errors.append(f"{want} is not an ELF file")
    print("package files:", ", ".join(names))
    for e in errors:
        print("error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
