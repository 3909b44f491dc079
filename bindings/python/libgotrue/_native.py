"""The one place that talks to the C ABI: loads libgotrue.so, owns handles, turns errors into
exceptions. Everything above this module sees Python strings, dicts and `NativeError`s.

Nothing here decides a flow: every request, refresh and error classification happens in the
Rust core; this module only moves values across the boundary.
"""
from __future__ import annotations

import ctypes as _c
import json
import os
import threading
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _ffi_decl as ffi

_LIB_NAME = "libgotrue.so"


class NativeError(Exception):
    """A GoTrueError copied out of the library (the handle is freed at once)."""

    def __init__(self, code: int, message: str, http_status: int, server_code: Optional[str],
                 weak_password_reasons: Optional[List[str]], retry_after: Optional[int],
                 retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.name = ffi.ERROR_CODE_SHORT_NAMES.get(code, "unknown")
        self.message = message
        self.http_status = http_status
        self.server_code = server_code
        self.weak_password_reasons = weak_password_reasons
        self.retry_after = retry_after
        # The core's verdict (gotrue_error_is_retryable): a transient cause worth retrying.
        self.retryable = retryable


class LibraryMismatch(ImportError):
    pass


def _load() -> _c.CDLL:
    path = os.environ.get("LIBGOTRUE_PATH")
    if not path:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), _LIB_NAME)
    try:
        lib = _c.CDLL(path)
    except OSError as e:
        raise ImportError(
            "libgotrue: cannot load %s (%s); set LIBGOTRUE_PATH to a libgotrue.so" % (path, e)
        ) from e
    # The ABI version is checked before anything else is bound: a mismatched library fails here.
    lib.gotrue_abi_version.restype = _c.c_uint32
    lib.gotrue_abi_version.argtypes = ()
    found = lib.gotrue_abi_version()
    if found != ffi.ABI_VERSION:
        raise LibraryMismatch(
            "libgotrue: %s has ABI version %d, these declarations need %d" % (path, found, ffi.ABI_VERSION)
        )
    ffi.bind(lib)
    return lib


LIB = _load()
LIBRARY_PATH = LIB._name
VERSION = LIB.gotrue_version().decode()


def _text(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8")


def take_error(err: int) -> NativeError:
    """Copies an owned GoTrueError* into a NativeError and frees it."""
    try:
        reasons = [_text(LIB.gotrue_error_weak_password_reason(err, i)) or ""
                   for i in range(LIB.gotrue_error_weak_password_reason_count(err))]
        retry_after = LIB.gotrue_error_retry_after(err)
        return NativeError(
            int(LIB.gotrue_error_code(err)),
            _text(LIB.gotrue_error_message(err)) or "",
            int(LIB.gotrue_error_http_status(err)),
            _text(LIB.gotrue_error_server_code(err)),
            reasons or None,
            None if retry_after < 0 else int(retry_after),
            bool(LIB.gotrue_error_is_retryable(err)),
        )
    finally:
        LIB.gotrue_error_free(err)


def check(err: Optional[int]) -> None:
    if err:
        raise take_error(err)


def take_string(ptr: _c.c_void_p) -> Optional[str]:
    """Reads an owned char* out-parameter and frees it (the library wipes it)."""
    if not ptr.value:
        return None
    try:
        return _c.string_at(ptr.value).decode("utf-8")
    finally:
        LIB.gotrue_string_free(ptr.value)


def arg(value: Optional[str]) -> Optional[bytes]:
    """A Python str for a `const char *` parameter (None stays NULL)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("expected a string, got %s" % type(value).__name__)
    if "\x00" in value:
        raise ValueError("strings passed to libgotrue must not contain NUL characters")
    return value.encode("utf-8")


def options(values: Optional[Dict[str, Any]]) -> Optional[bytes]:
    """An `options_json` parameter: None-valued keys are left out, an empty object is NULL."""
    if not values:
        return None
    kept = {k: v for k, v in values.items() if v is not None}
    return json.dumps(kept).encode("utf-8") if kept else None


def session_json(session_ptr: int) -> Optional[str]:
    """The JSON of a session handle (owned or borrowed), or None for NULL."""
    if not session_ptr:
        return None
    out = _c.c_void_p()
    check(LIB.gotrue_session_to_json(session_ptr, _c.byref(out)))
    return take_string(out)


def take_session(ptr: _c.c_void_p) -> Optional[str]:
    """The JSON of an owned session out-parameter, which is freed."""
    if not ptr.value:
        return None
    try:
        return session_json(ptr.value)
    finally:
        LIB.gotrue_session_free(ptr.value)


# Every callback registration's user_data is a strong reference to a Python object (the auth
# callable, the storage), taken here and dropped by the registration's finalizer, which the library
# runs exactly once, after the last callback (on unsubscribe, or when the client is freed). One
# trampoline per callback type serves every client.
_incref, _decref = _c.pythonapi.Py_IncRef, _c.pythonapi.Py_DecRef
_incref.argtypes = _decref.argtypes = [_c.py_object]
_incref.restype = _decref.restype = None


def _pin(target: Any) -> int:
    _incref(target)
    return id(target)


def _pinned(user_data: int) -> Any:
    return _c.cast(user_data, _c.py_object).value


def _unpin(user_data: int) -> None:
    _decref(_pinned(user_data))


def _on_auth_state(event: int, session_ptr: Optional[int], user_data: int) -> None:
    try:
        _pinned(user_data)(int(event), session_json(session_ptr) if session_ptr else None)
    except Exception:  # an exception must never unwind into the library
        pass


def _storage_get(user_data: int, key: bytes, out_value: int) -> int:
    try:
        value = _pinned(user_data).get_item(key.decode("utf-8"))
        err = value is not None and LIB.gotrue_storage_value_set(out_value, value.encode("utf-8"))
        if err:
            LIB.gotrue_error_free(err)
        return 1 if err else 0
    except Exception:  # a failing storage is reported to the caller as a storage error
        return 1


def _storage_call(user_data: int, method: str, *args: bytes) -> int:
    try:
        getattr(_pinned(user_data), method)(*(a.decode("utf-8") for a in args))
        return 0
    except Exception:
        return 1


_AUTH_STATE = ffi.GoTrueAuthStateCallback(_on_auth_state)
_RELEASE = ffi.GoTrueReleaseFn(_unpin)
_STORAGE_FIELDS = dict(ffi.GoTrueStorageCallbacks._fields_)
_STORAGE = (
    _STORAGE_FIELDS["get"](_storage_get),
    _STORAGE_FIELDS["set"](lambda user_data, key, value: _storage_call(user_data, "set_item", key, value)),
    _STORAGE_FIELDS["remove"](lambda user_data, key: _storage_call(user_data, "remove_item", key)),
)


def _free_client(handle: int, gate: "_Gate") -> None:
    gate.close()
    LIB.gotrue_client_free(handle)  # runs the finalizers: no callback of this client runs again


class _Gate:
    """Counts calls in flight so the handle is freed only when none is running."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._busy = 0
        self._closed = False

    def enter(self) -> None:
        with self._cond:
            if self._closed:
                raise ValueError("the client is closed")
            self._busy += 1

    def leave(self) -> None:
        with self._cond:
            self._busy -= 1
            if self._busy == 0:
                self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            while self._busy:
                self._cond.wait()


class Client:
    """Owns one GoTrueClient handle; frees it once (close(), garbage collection or exit)."""

    def __init__(self, url: str, api_key: str, opts: Dict[str, Any], storage: Any = None) -> None:
        out = _c.c_void_p()
        if storage is None:
            check(LIB.gotrue_client_new(arg(url), arg(api_key), options(opts), _c.byref(out)))
        else:
            user_data = _pin(storage)
            callbacks = ffi.GoTrueStorageCallbacks(user_data, *_STORAGE, _RELEASE)
            try:
                check(LIB.gotrue_client_new_with_storage(
                    arg(url), arg(api_key), options(opts), _c.byref(callbacks), _c.byref(out)))
            except BaseException:
                _unpin(user_data)  # `release` is not called when creation fails
                raise
        self._handle = out.value
        self._gate = _Gate()
        self._finalizer = weakref.finalize(self, _free_client, self._handle, self._gate)

    def close(self) -> None:
        self._finalizer()

    def call(self, name: str, *args: Any) -> None:
        """Calls gotrue_<name>(client, *args) and raises NativeError on failure."""
        self._gate.enter()
        try:
            err = getattr(LIB, name)(self._handle, *args)
        finally:
            self._gate.leave()
        if err:
            raise take_error(err)

    # -- small helpers for the common out-parameter shapes ---------------------------------

    def string(self, name: str, *args: Any) -> Optional[str]:
        """A call whose last parameter is a `char **` out-parameter."""
        out = _c.c_void_p()
        self.call(name, *args, _c.byref(out))
        return take_string(out)

    def session(self, name: str, *args: Any) -> Optional[str]:
        """A call whose last parameter is a `GoTrueSession **` out-parameter (session JSON back)."""
        out = _c.c_void_p()
        self.call(name, *args, _c.byref(out))
        return take_session(out)

    def session_and_string(self, name: str, *args: Any) -> Tuple[Optional[str], Optional[str]]:
        """A call ending in `GoTrueSession **` and `char **` out-parameters (written only on success)."""
        session, text = _c.c_void_p(), _c.c_void_p()
        self.call(name, *args, _c.byref(session), _c.byref(text))
        return take_session(session), take_string(text)

    def subscribe(self, callback: Callable[[int, Optional[str]], None]) -> int:
        user_data = _pin(callback)
        out = _c.c_uint64()
        try:
            self.call("gotrue_client_on_auth_state_change", _AUTH_STATE, user_data, _RELEASE, _c.byref(out))
        except BaseException:
            _unpin(user_data)  # the finalizer is not called when registration fails
            raise
        return out.value

    def unsubscribe(self, subscription_id: int) -> None:
        self.call("gotrue_client_unsubscribe", _c.c_uint64(subscription_id))


def _free_loopback(handle: int, gate: "_Gate") -> None:
    LIB.gotrue_loopback_cancel(handle)  # ends waits in progress, so the gate can close
    gate.close()
    LIB.gotrue_loopback_free(handle)


class Loopback:
    """Owns one GoTrueLoopback handle (a desktop sign-in listener); freed once."""

    def __init__(self, handle: int) -> None:
        self._handle = handle
        self._gate = _Gate()
        self.url = _text(LIB.gotrue_loopback_url(handle)) or ""
        self.redirect_to = _text(LIB.gotrue_loopback_redirect_to(handle)) or ""
        self._finalizer = weakref.finalize(self, _free_loopback, handle, self._gate)

    def wait(self, timeout_ms: int) -> Optional[str]:
        """The session JSON once the sign-in completed; raises NativeError (timeout, cancelled, ...)."""
        out = _c.c_void_p()
        self._gate.enter()
        try:
            err = LIB.gotrue_loopback_wait(self._handle, _c.c_uint64(max(0, int(timeout_ms))), _c.byref(out))
        finally:
            self._gate.leave()
        check(err)
        return take_session(out)

    def cancel(self) -> None:
        try:
            self._gate.enter()
        except ValueError:
            return  # closed: already cancelled
        try:
            LIB.gotrue_loopback_cancel(self._handle)
        finally:
            self._gate.leave()

    def close(self) -> None:
        self._finalizer()


def start_loopback(client: "Client", provider_or_flow: str, opts: Optional[bytes]) -> Loopback:
    out = _c.c_void_p()
    client.call("gotrue_client_start_loopback_sign_in", arg(provider_or_flow), opts, _c.byref(out))
    return Loopback(out.value)


def session_status(client: "Client") -> Tuple[int, bool, Optional[NativeError]]:
    """(GoTrueSessionStatus value, is_sign_out, the last refresh error for REFRESH_FAILING)."""
    status, sign_out, last = _c.c_int32(0), _c.c_bool(False), _c.c_void_p()
    client.call("gotrue_client_session_status", _c.byref(status), _c.byref(sign_out), _c.byref(last))
    return status.value, bool(sign_out.value), take_error(last.value) if last.value else None


def error_code_name(code: int) -> str:
    return ffi.ERROR_CODE_SHORT_NAMES.get(code, "unknown")
