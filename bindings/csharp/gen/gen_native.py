#!/usr/bin/env python3
"""Generates src/Native.g.cs (P/Invoke declarations, enums, constants) from the ABI manifest
include/gotrue-abi.json, which the library's build writes from its Rust sources (DESIGN §2b).
Every C type must have a mapping below; an unknown type stops the generator, so a new ABI
feature cannot be silently mis-declared.

Usage: gen_native.py [MANIFEST] [OUTPUT]   (defaults: ../../include/gotrue-abi.json, src/Native.g.cs)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MANIFEST = os.path.join(HERE, "..", "..", "..", "include", "gotrue-abi.json")
DEFAULT_OUTPUT = os.path.join(HERE, "..", "src", "Native.g.cs")

# C parameter type -> C# parameter declaration. SafeHandle parameters keep the native object
# alive for the whole call (the marshaller AddRefs them) and throw ObjectDisposedException
# after Dispose. `const char *` goes in as explicit NUL-terminated UTF-8 bytes.
PARAM_TYPES = {
    "const GoTrueClient *": "ClientHandle",
    "GoTrueClient *": "IntPtr",
    "GoTrueClient **": "out ClientHandle",
    "const GoTrueSession *": "SessionHandle",
    "GoTrueSession *": "IntPtr",
    "GoTrueSession **": "out SessionHandle",
    "const GoTrueRequest *": "RequestHandle",
    "GoTrueRequest *": "IntPtr",
    "GoTrueRequest **": "out RequestHandle",
    "GoTrueRequestStatus *": "out RequestStatus",
    "const GoTrueError *": "ErrorHandle",
    "GoTrueError *": "IntPtr",
    "const GoTrueLoopback *": "LoopbackHandle",
    "GoTrueLoopback *": "IntPtr",
    "GoTrueLoopback **": "out LoopbackHandle",
    "const char *": "byte[]",
    "char *": "IntPtr",
    "char **": "out StringHandle",
    "void *": "IntPtr",
    "const GoTrueStorageCallbacks *": "ref StorageCallbacks",
    "GoTrueStorageValue *": "IntPtr",
    "uint64_t *": "out ulong",
    "bool *": "[MarshalAs(UnmanagedType.U1)] out bool",
    "GoTrueError **": "out ErrorHandle",
    "bool": "[MarshalAs(UnmanagedType.U1)] bool",
    "int32_t": "int",
    "uint32_t": "uint",
    "int64_t": "long",
    "uint64_t": "ulong",
    "uint16_t": "ushort",
    "size_t": "UIntPtr",
    "size_t *": "out UIntPtr",
}
# Parameters whose C type alone does not say how they travel: gotrue_client_poll fills a
# caller-sized array of borrowed request pointers (not one owned handle).
PARAM_OVERRIDES = {
    ("gotrue_client_poll", "out_requests"): "[Out] IntPtr[]",
}
# Inside callbacks (native -> managed) every pointer stays an IntPtr: the arguments are borrowed
# for the call only, so no SafeHandle may take ownership of them.
CALLBACK_TYPES = {
    "const GoTrueSession *": "IntPtr",
    "GoTrueRequest *": "IntPtr",
    "GoTrueStorageValue *": "IntPtr",
    "const char *": "IntPtr",
    "void *": "IntPtr",
    "int32_t": "int",
    "void": "void",
}
RETURN_TYPES = {
    "GoTrueError *": "ErrorHandle",  # owned; NULL (IsInvalid) means success
    "const char *": "IntPtr",  # borrowed or static: read, never free
    "void": "void",
    "bool": "bool",
    "int32_t": "int",
    "uint32_t": "uint",
    "int64_t": "long",
    "uint16_t": "ushort",
    "size_t": "UIntPtr",
}


def csharp_enum_name(c_name):
    return c_name[len("GoTrue"):] if c_name.startswith("GoTrue") else c_name


def screaming(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def pascal(screaming_name):
    return "".join(part.capitalize() for part in screaming_name.lower().split("_"))


def parse(manifest):
    """Returns (abi_version, enums, callbacks, structs, functions) from the manifest."""
    enums = []
    for enum in manifest["enums"]:
        prefix = "GOTRUE_" + screaming(csharp_enum_name(enum["name"])) + "_"
        items = []
        for v in enum["variants"]:
            if not v["name"].startswith(prefix):
                sys.exit("gen_native: %s does not start with %s" % (v["name"], prefix))
            items.append((v["name"], pascal(v["name"][len(prefix):]), v["value"], v["doc"].splitlines()))
        enums.append((enum["name"], items))
    callbacks, structs = [], []
    for t in manifest["types"]:
        if t["kind"] == "callback":
            callbacks.append((t["name"], t["returns"], [(p["type"], p["name"]) for p in t["params"]]))
        elif t["kind"] == "struct":
            structs.append((t["name"], [(f["name"], f["type"]) for f in t["fields"]]))
    functions = [(f["returns"], f["name"], [(p["type"], p["name"]) for p in f["params"]], f["doc"].splitlines())
                 for f in manifest["functions"]]
    return manifest["abi_version"], enums, callbacks, structs, functions


def map_type(ctype, table, enum_names, what):
    if ctype in enum_names:
        return csharp_enum_name(ctype)
    # An out-parameter of an enum type (e.g. GoTrueSessionStatus *): only for calls.
    if table is PARAM_TYPES and ctype.endswith(" *") and ctype[:-2] in enum_names:
        return "out " + csharp_enum_name(ctype[:-2])
    if ctype not in table:
        sys.exit("gen_native: no C# mapping for %s type '%s' (add one to gen_native.py)" % (what, ctype))
    return table[ctype]


CS_KEYWORDS = {"string", "object", "params", "out", "ref", "in", "base", "event", "lock", "operator", "checked"}


def strip_gotrue(name):
    return name[len("GoTrue"):] if name.startswith("GoTrue") else name


def render_delegate(out, name, ret, args, enum_names):
    cs_args = ", ".join("%s %s" % (map_type(t, CALLBACK_TYPES, enum_names, "callback parameter"), "@" + n if n in CS_KEYWORDS else n)
                        for t, n in args)
    out.append("    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]")
    out.append("    internal delegate %s %s(%s);" % (map_type(ret, CALLBACK_TYPES, enum_names, "callback return"), name, cs_args))
    out.append("")


def render(abi, enums, callbacks, structs, functions):
    enum_names = {name for name, _ in enums}
    callback_names = {}
    for name, _, _ in callbacks:
        callback_names[name] = strip_gotrue(name)
    for name, _ in structs:
        PARAM_TYPES.setdefault("const %s *" % name, "ref " + strip_gotrue(name))
    out = [
        "// GENERATED by bindings/csharp/gen/gen_native.py from include/gotrue-abi.json: do not edit.",
        "// Regenerate: python3 bindings/csharp/gen/gen_native.py (test.sh fails when this file is stale).",
        "using System;",
        "using System.Runtime.InteropServices;",
        "",
        "namespace GoTrue",
        "{",
    ]
    for name, items in enums:
        cs = csharp_enum_name(name)
        out.append("    /// <summary>C enum <c>%s</c>.</summary>" % name)
        out.append("    public enum %s" % cs)
        out.append("    {")
        for c_name, cs_name, value, doc in items:
            if doc:
                text = " ".join(doc).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                out.append("        /// <summary>%s</summary>" % text)
            out.append("        %s = %d, // %s" % (cs_name, value, c_name))
        out.append("    }")
        out.append("")
    for name, ret, args in callbacks:
        out.append("    /// <summary>C callback type <c>%s</c>.</summary>" % name)
        render_delegate(out, callback_names[name], ret, args, enum_names)
    for name, fields in structs:
        cs = strip_gotrue(name)
        out.append("    /// <summary>C struct <c>%s</c>; function pointer fields hold Marshal.GetFunctionPointerForDelegate values.</summary>" % name)
        out.append("    [StructLayout(LayoutKind.Sequential)]")
        out.append("    internal struct %s" % cs)
        out.append("    {")
        for field, ctype in fields:
            if ctype in callback_names:
                out.append("        public IntPtr %s; // %s" % (field, callback_names[ctype]))
            else:
                out.append("        public %s %s;" % (map_type(ctype, CALLBACK_TYPES, enum_names, "struct field"), field))
        out.append("    }")
        out.append("")
    out.append("    internal static partial class Native")
    out.append("    {")
    out.append('        internal const string Library = "gotrue";')
    out.append("        /// <summary>GOTRUE_ABI_VERSION of the header these declarations were generated from.</summary>")
    out.append("        internal const uint HeaderAbiVersion = %d;" % abi)
    out.append("")
    for ret, name, args, doc in functions:
        for d in doc:
            out.append("        // " + d if d else "        //")
        cs_ret = map_type(ret, RETURN_TYPES, enum_names, "return")
        cs_args = []
        for ctype, pname in args:
            if pname in CS_KEYWORDS:
                pname = "@" + pname
            if (name, pname.lstrip("@")) in PARAM_OVERRIDES:
                cs_type = PARAM_OVERRIDES[(name, pname.lstrip("@"))]
            elif ctype in callback_names:
                cs_type = callback_names[ctype]
            else:
                cs_type = map_type(ctype, PARAM_TYPES, enum_names, "parameter")
            cs_args.append("%s %s" % (cs_type, pname))
        out.append("        [DllImport(Library, EntryPoint = \"%s\", CallingConvention = CallingConvention.Cdecl)]" % name)
        if cs_ret == "bool":
            out.append("        [return: MarshalAs(UnmanagedType.U1)]")
        out.append("        internal static extern %s %s(%s);" % (cs_ret, name, ", ".join(cs_args)))
        out.append("")
    if out[-1] == "":
        out.pop()
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    manifest_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MANIFEST
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    abi, enums, callbacks, structs, functions = parse(manifest)
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(abi, enums, callbacks, structs, functions))
    print("gen_native: %d functions, %d enums, ABI %d -> %s" % (len(functions), len(enums), abi, os.path.relpath(output)))


if __name__ == "__main__":
    main()
