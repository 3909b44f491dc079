"""The seed's exception classes (same names, hierarchy, attributes and to_dict shapes).

`from_native` picks the class for an error the Rust core reported. The core has already
classified the failure (its stable code, HTTP status and the server's code string); this only
names the seed's class for that classification.
"""
from __future__ import annotations

from typing import List, Literal, Optional

from typing_extensions import TypedDict

from ._ffi_decl import ERROR_CODE_SHORT_NAMES

# Every server error code the core knows (codes >= 100 in the ABI), by their server spelling.
ErrorCode = Literal[tuple(name for code, name in sorted(ERROR_CODE_SHORT_NAMES.items()) if code >= 100)]  # type: ignore[misc]


class AuthError(Exception):
    def __init__(self, message: str, code: ErrorCode) -> None:
        Exception.__init__(self, message)
        self.message = message
        self.name = "AuthError"
        self.code = code


class AuthApiErrorDict(TypedDict):
    name: str
    message: str
    status: int
    code: ErrorCode


class AuthApiError(AuthError):
    def __init__(self, message: str, status: int, code: ErrorCode) -> None:
        AuthError.__init__(self, message, code)
        self.name = "AuthApiError"
        self.status = status
        self.code = code

    def to_dict(self) -> AuthApiErrorDict:
        return {"name": self.name, "message": self.message, "status": self.status, "code": self.code}


class AuthUnknownError(AuthError):
    def __init__(self, message: str, original_error: Exception) -> None:
        AuthError.__init__(self, message, None)
        self.name = "AuthUnknownError"
        self.original_error = original_error


class CustomAuthError(AuthError):
    def __init__(self, message: str, name: str, status: int, code: ErrorCode) -> None:
        AuthError.__init__(self, message, code)
        self.name = name
        self.status = status

    def to_dict(self) -> AuthApiErrorDict:
        return {"name": self.name, "message": self.message, "status": self.status}


class AuthSessionMissingError(CustomAuthError):
    def __init__(self) -> None:
        CustomAuthError.__init__(self, "Auth session missing!", "AuthSessionMissingError", 400, None)


class AuthInvalidCredentialsError(CustomAuthError):
    def __init__(self, message: str) -> None:
        CustomAuthError.__init__(self, message, "AuthInvalidCredentialsError", 400, None)


class AuthImplicitGrantRedirectErrorDetails(TypedDict):
    error: str
    code: str


class AuthImplicitGrantRedirectErrorDict(AuthApiErrorDict):
    details: Optional[AuthImplicitGrantRedirectErrorDetails]


class AuthImplicitGrantRedirectError(CustomAuthError):
    def __init__(self, message: str, details: Optional[AuthImplicitGrantRedirectErrorDetails] = None) -> None:
        CustomAuthError.__init__(self, message, "AuthImplicitGrantRedirectError", 500, None)
        self.details = details

    def to_dict(self) -> AuthImplicitGrantRedirectErrorDict:
        return {"name": self.name, "message": self.message, "status": self.status, "details": self.details}


class AuthRetryableError(CustomAuthError):
    def __init__(self, message: str, status: int) -> None:
        CustomAuthError.__init__(self, message, "AuthRetryableError", status, None)


class AuthWeakPasswordError(CustomAuthError):
    def __init__(self, message: str, status: int, reasons: List[str]) -> None:
        CustomAuthError.__init__(self, message, "AuthWeakPasswordError", status, "weak_password")
        self.reasons = reasons

    def to_dict(self) -> AuthApiErrorDict:
        return {"name": self.name, "message": self.message, "status": self.status, "reasons": self.reasons}


class AuthInvalidJwtError(CustomAuthError):
    def __init__(self, message: str) -> None:
        CustomAuthError.__init__(self, message, "AuthInvalidJwtError", 400, "invalid_jwt")


# The core's client-side codes (by short name) -> the seed's class for the same situation.
_CLIENT_SIDE = {
    "session_missing": lambda e: AuthSessionMissingError(),
    # "the server answer has no user": an answer of the wrong shape (retryable in the seed).
    "user_missing": lambda e: AuthRetryableError(e.message, 0),
    "invalid_argument": lambda e: AuthInvalidCredentialsError(e.message),
    "null_argument": lambda e: AuthInvalidCredentialsError(e.message),
    "invalid_utf8": lambda e: AuthInvalidCredentialsError(e.message),
    "invalid_json": lambda e: AuthInvalidCredentialsError(e.message),
    "network": lambda e: AuthRetryableError(e.message, 0),
    "timeout": lambda e: AuthRetryableError(e.message, 0),
    "invalid_jwt": lambda e: AuthInvalidJwtError(e.message),
    "jwt_expired": lambda e: AuthInvalidJwtError(e.message),
    "jwk_not_found": lambda e: AuthInvalidJwtError(e.message),
    "auth_redirect": lambda e: AuthImplicitGrantRedirectError(
        e.message, {"code": e.server_code, "error": e.server_code} if e.server_code else None),
    # The seed reports any undecodable 2xx answer as retryable (status 0); so does this.
    "invalid_response": lambda e: AuthRetryableError(e.message, 0),
    "unknown_error": lambda e: AuthUnknownError(e.message, e),
    "panic": lambda e: AuthUnknownError(e.message, e),
    # libgotrue's own: a loopback sign-in cancelled (or its client freed) before it completed.
    "cancelled": lambda e: CustomAuthError(e.message, "AuthCancelledError", 0, "cancelled"),
}
# HTTP answers the seed treats as retryable whatever their body says.
_RETRYABLE_STATUS = (502, 503, 504)


def from_native(e) -> AuthError:
    """The seed's exception for a NativeError from the core; `retryable` (an addition to
    the seed's classes) is the core's own verdict on whether a retry may succeed."""
    error = _seed_class_for(e)
    error.retryable = bool(getattr(e, "retryable", False))
    return error


def _seed_class_for(e) -> AuthError:
    if e.http_status in _RETRYABLE_STATUS:
        return AuthRetryableError(e.message, e.http_status)
    if e.name == "weak_password":
        return AuthWeakPasswordError(e.message, e.http_status, e.weak_password_reasons or [])
    if e.http_status:
        return AuthApiError(e.message, e.http_status, e.server_code)
    make = _CLIENT_SIDE.get(e.name)
    return make(e) if make else AuthError(e.message, e.name)
