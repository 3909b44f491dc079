"""How the package finds its library: the bundled copy, or LIBGOTRUE_PATH."""
import os
import shutil
import subprocess
import sys

import libgotrue
from libgotrue import _native

PROBE = "from libgotrue import _native; print(_native.LIBRARY_PATH)"


def test_the_installed_wheel_is_what_is_tested():
    venv = os.environ.get("LIBGOTRUE_EXPECT_INSTALLED")
    if venv:  # set by test.sh
        assert os.path.realpath(libgotrue.__file__).startswith(os.path.realpath(venv))
        assert _native.LIBRARY_PATH == os.path.join(os.path.dirname(libgotrue.__file__), "libgotrue.so")


def test_libgotrue_path_selects_another_copy(tmp_path):
    copy = tmp_path / "libgotrue-copy.so"
    shutil.copy(_native.LIBRARY_PATH, copy)
    out = subprocess.run([sys.executable, "-c", PROBE], env={**os.environ, "LIBGOTRUE_PATH": str(copy)},
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(copy)


def test_a_missing_library_fails_at_import_with_a_clear_message(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROBE],
                         env={**os.environ, "LIBGOTRUE_PATH": str(tmp_path / "nope.so")},
                         capture_output=True, text=True)
    assert out.returncode != 0
    assert "set LIBGOTRUE_PATH" in out.stderr


def test_the_library_matches_the_declarations():
    from libgotrue import _ffi_decl

    assert _native.LIB.gotrue_abi_version() == _ffi_decl.ABI_VERSION
    assert _native.VERSION == _ffi_decl.VERSION


def test_the_error_translation_names_only_codes_the_manifest_has():
    from libgotrue import _ffi_decl, errors

    client_side = {name for code, name in _ffi_decl.ERROR_CODE_SHORT_NAMES.items() if code < 100}
    assert set(errors._CLIENT_SIDE) <= client_side
    # Every client-side code the core can report has a seed class chosen for it. The sync client
    # never starts a non-blocking request, so it never sees "cancelled" or "request_pending".
    assert client_side - set(errors._CLIENT_SIDE) <= {"ok", "http_error", "unknown_server_code", "storage",
                                                      "pkce_verifier_missing", "cancelled", "request_pending"}


def test_event_and_scope_names_are_the_seeds():
    from libgotrue._sync.gotrue_admin_api import SIGN_OUT_SCOPES
    from libgotrue._sync.gotrue_client import EVENT_NAMES

    assert set(SIGN_OUT_SCOPES) == {"global", "local", "others"}
    assert set(EVENT_NAMES.values()) == {"INITIAL_SESSION", "SIGNED_IN", "SIGNED_OUT", "TOKEN_REFRESHED",
                                         "USER_UPDATED", "PASSWORD_RECOVERY", "MFA_CHALLENGE_VERIFIED",
                                         # libgotrue's own addition (the session was kept after a failed refresh)
                                         "REFRESH_FAILED"}


def test_callback_registrations_hold_their_object_until_the_library_finalizes_it():
    """user_data is a reference the registration's finalizer drops: on unsubscribe or client free."""
    seen = []

    def callback(event, session_json):
        seen.append(event)

    class Storage:
        def get_item(self, key):
            return None

        def set_item(self, key, value):
            pass

        def remove_item(self, key):
            pass

    storage = Storage()
    before = sys.getrefcount(callback), sys.getrefcount(storage)
    client = _native.Client("http://127.0.0.1:1", "anon", {}, storage)
    assert sys.getrefcount(storage) == before[1] + 1
    first = client.subscribe(callback)
    client.subscribe(callback)
    assert sys.getrefcount(callback) == before[0] + 2
    client.call("gotrue_client_initialize", None)  # INITIAL_SESSION to both, no network
    assert seen == [0, 0]
    client.unsubscribe(first)
    assert sys.getrefcount(callback) == before[0] + 1
    client.close()  # frees the client: the other subscription's and the storage's finalizers run
    assert (sys.getrefcount(callback), sys.getrefcount(storage)) == before
    # A failed registration takes no reference.
    try:
        _native.Client("not a url", "anon", {}, storage)
    except _native.NativeError:
        pass
    assert sys.getrefcount(storage) == before[1]
