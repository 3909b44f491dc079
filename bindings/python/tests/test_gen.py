"""The declaration generator: every C type spelling needs a mapping, or it stops."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gen"))
import gen_ffi  # noqa: E402

BASE = {
    "version": "9.9.9", "abi_version": 7, "constants": [{"name": "GOTRUE_ABI_VERSION", "type": "uint32_t", "value": 7}],
    "enums": [{"name": "GoTrueErrorCode", "variants": [{"name": "GOTRUE_ERROR_CODE_OK", "short": "ok", "value": 0}]}],
    "types": [{"name": "GoTrueClient", "kind": "opaque"},
              {"name": "GoTrueCb", "kind": "callback", "returns": "void", "params": [{"name": "u", "type": "void *"}]},
              {"name": "GoTrueS", "kind": "struct", "fields": [{"name": "cb", "type": "GoTrueCb"},
                                                               {"name": "f", "type": "int32_t (*)(void *user_data, const char *key)"}]}],
    "functions": [{"name": "gotrue_x", "returns": "GoTrueError *", "section": "x",
                   "params": [{"name": "c", "type": "const GoTrueClient *"}, {"name": "out", "type": "char **"},
                              {"name": "s", "type": "const GoTrueS *"}, {"name": "cb", "type": "GoTrueCb"}]}],
}


def test_renders_every_kind():
    text = gen_ffi.render({**BASE, "types": BASE["types"] + [{"name": "GoTrueError", "kind": "opaque"}]})
    namespace = {}
    exec(compile(text, "_ffi_decl.py", "exec"), namespace)
    assert namespace["ABI_VERSION"] == 7 and namespace["VERSION"] == "9.9.9"
    assert namespace["ErrorCode"].OK == 0 and namespace["ERROR_CODE_SHORT_NAMES"] == {0: "ok"}
    (name, restype, argtypes), = namespace["FUNCTIONS"]
    assert name == "gotrue_x" and len(argtypes) == 4
    assert [f[0] for f in namespace["GoTrueS"]._fields_] == ["cb", "f"]


@pytest.mark.parametrize("bad_type", ["GoTrueMystery *", "float", "long double"])
def test_an_unknown_type_stops_the_generator(bad_type):
    manifest = {**BASE, "functions": [{"name": "gotrue_y", "returns": "void", "params": [{"name": "a", "type": bad_type}]}]}
    with pytest.raises(SystemExit):
        gen_ffi.render(manifest)
