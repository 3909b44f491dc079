#!/usr/bin/env python3
"""Generates src/Native.g.cs (P/Invoke declarations, enums, constants) from include/gotrue.h.

The header is the one source of truth (DESIGN §2b). Every C type must have a mapping below;
an unknown type stops the generator, so a new ABI feature cannot be silently mis-declared.

Usage: gen_native.py [HEADER] [OUTPUT]   (defaults: ../../include/gotrue.h, src/Native.g.cs)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_HEADER = os.path.join(HERE, "..", "..", "..", "include", "gotrue.h")
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
    "const GoTrueError *": "ErrorHandle",
    "GoTrueError *": "IntPtr",
    "const char *": "byte[]",
    "char *": "IntPtr",
    "char **": "out StringHandle",
    "void *": "IntPtr",
    "const GoTrueStorageCallbacks *": "ref StorageCallbacks",
    "GoTrueStorageValue *": "IntPtr",
    "uint64_t *": "out ulong",
    "bool": "[MarshalAs(UnmanagedType.U1)] bool",
    "int32_t": "int",
    "uint32_t": "uint",
    "int64_t": "long",
    "uint64_t": "ulong",
    "uint16_t": "ushort",
    "size_t": "UIntPtr",
}
# Inside callbacks (native -> managed) every pointer stays an IntPtr: the arguments are borrowed
# for the call only, so no SafeHandle may take ownership of them.
CALLBACK_TYPES = {
    "const GoTrueSession *": "IntPtr",
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
}


def csharp_enum_name(c_name):
    return c_name[len("GoTrue"):] if c_name.startswith("GoTrue") else c_name


def screaming(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def pascal(screaming_name):
    return "".join(part.capitalize() for part in screaming_name.lower().split("_"))


def strip_comment_marker(line):
    return re.sub(r"^\s*//\s?", "", line).rstrip()


def parse(text):
    """Returns (abi_version, enums, functions) from the cbindgen-written header."""
    abi = re.search(r"^#define GOTRUE_ABI_VERSION (\d+)\s*$", text, re.M)
    if not abi:
        sys.exit("gen_native: GOTRUE_ABI_VERSION not found in the header")
    enums = []
    for body, name in re.findall(r"typedef enum \{(.*?)\} (\w+);", text, re.S):
        prefix = "GOTRUE_" + screaming(csharp_enum_name(name)) + "_"
        items, doc = [], []
        for line in body.splitlines():
            if line.strip().startswith("//"):
                doc.append(strip_comment_marker(line))
                continue
            m = re.match(r"\s*(\w+) = (-?\d+),", line)
            if m:
                if not m.group(1).startswith(prefix):
                    sys.exit("gen_native: %s does not start with %s" % (m.group(1), prefix))
                items.append((m.group(1), pascal(m.group(1)[len(prefix):]), int(m.group(2)), doc))
                doc = []
        enums.append((name, items))
    callbacks = []  # (c name, return, [(type, name)])
    for ret, name, params in re.findall(r"^typedef (\w[\w \*]*?)\s*\(\*(\w+)\)\((.*?)\);", text, re.M):
        callbacks.append((name, normalize(ret), split_params(params)))
    structs = []  # (c name, [(field, c type or None, fn-pointer (ret, params) or None)])
    for body, name in re.findall(r"typedef struct \{(.*?)\} (\w+);", text, re.S):
        fields = []
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            fm = re.match(r"(\w[\w \*]*?)\s*\(\*(\w+)\)\((.*)\);$", line)
            if fm:
                fields.append((fm.group(2), None, (normalize(fm.group(1)), split_params(fm.group(3)))))
                continue
            fm = re.match(r"(.*?)\s*(\w+);$", line)
            if not fm:
                sys.exit("gen_native: cannot parse struct field: " + line)
            fields.append((fm.group(2), normalize(fm.group(1)), None))
        structs.append((name, fields))
    block = re.search(r'extern "C" \{\n#endif // __cplusplus\n(.*)\n#ifdef __cplusplus\n\}', text, re.S)
    if not block:
        sys.exit('gen_native: extern "C" block not found')
    functions, doc, pending = [], [], ""
    for line in block.group(1).splitlines():
        if not pending and line.strip().startswith("//"):
            doc.append(strip_comment_marker(line))
            continue
        if not line.strip():
            doc = [] if not pending else doc
            continue
        pending += " " + line.strip()
        if pending.endswith(";"):
            m = re.match(r"\s*(.+?)\b(gotrue_\w+)\((.*)\);$", pending)
            if not m:
                sys.exit("gen_native: cannot parse declaration: " + pending)
            ret, name, params = m.group(1).strip(), m.group(2), m.group(3).strip()
            functions.append((normalize(ret), name, split_params(params), doc))
            pending, doc = "", []
    return int(abi.group(1)), enums, callbacks, structs, functions


def split_params(params):
    params = params.strip()
    if not params or params == "void":
        return []
    args = []
    for p in params.split(","):
        pm = re.match(r"\s*(.*?)\s*(\w+)\s*$", p)
        args.append((normalize(pm.group(1)), pm.group(2)))
    return args


def normalize(ctype):
    return re.sub(r"\s*\*", " *", ctype).replace("* *", "**").strip()


def map_type(ctype, table, enum_names, what):
    if ctype in enum_names:
        return csharp_enum_name(ctype)
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
        "// GENERATED by bindings/csharp/gen/gen_native.py from include/gotrue.h: do not edit.",
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
        for field, ctype, fn in fields:
            if fn:
                render_delegate(out, cs + pascal(field) + "Fn", fn[0], fn[1], enum_names)
        out.append("    /// <summary>C struct <c>%s</c>; function pointer fields hold Marshal.GetFunctionPointerForDelegate values.</summary>" % name)
        out.append("    [StructLayout(LayoutKind.Sequential)]")
        out.append("    internal struct %s" % cs)
        out.append("    {")
        for field, ctype, fn in fields:
            if fn:
                out.append("        public IntPtr %s; // %s" % (field, cs + pascal(field) + "Fn"))
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
            if ctype in callback_names:
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
    header = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_HEADER
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    with open(header, encoding="utf-8") as f:
        text = f.read()
    abi, enums, callbacks, structs, functions = parse(text)
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(abi, enums, callbacks, structs, functions))
    print("gen_native: %d functions, %d enums, ABI %d -> %s" % (len(functions), len(enums), abi, os.path.relpath(output)))


if __name__ == "__main__":
    main()
