from __future__ import annotations

import functools
import warnings
from typing import Any, Dict, Optional

from pydantic import ValidationError
from typing_extensions import Self

from .. import _native
from ..errors import AuthInvalidCredentialsError, AuthRetryableError, from_native


def translated(method):
    """Raises the seed's exception class for any error the core reports."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except _native.NativeError as e:
            raise from_native(e) from None
        except ValidationError as e:
            # An answer that does not fit the seed's models: the seed reports it this way too.
            raise AuthRetryableError(str(e), 0) from None

    return wrapper


def fields(value: Any, what: str) -> Dict[str, Any]:
    """A credentials/params/options dict (None is an empty one)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise AuthInvalidCredentialsError("%s must be a dict, not %s" % (what, type(value).__name__))
    return value


def text(value: Any, what: str) -> Optional[str]:
    """A string argument for the C ABI; falsy values mean "not given", as in the seed."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise AuthInvalidCredentialsError("%s must be a string, not %s" % (what, type(value).__name__))
    if "\x00" in value:
        # A C string ends at NUL: the rest would be dropped silently.
        raise AuthInvalidCredentialsError("%s must not contain NUL characters" % what)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise AuthInvalidCredentialsError("%s is not valid Unicode (lone surrogate)" % what) from None
    return value


def split_headers(headers: Optional[Dict[str, str]]) -> Dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, dict):
        raise TypeError("headers must be a dict")
    return {str(k): str(v) for k, v in headers.items()}


class SyncGoTrueBaseAPI:
    def __init__(
        self,
        *,
        url: str,
        headers: Dict[str, str],
        http_client: Optional[Any],
        verify: bool = True,
        proxy: Optional[str] = None,
    ):
        self._url = url
        self._headers = headers
        if http_client is not None:
            warnings.warn("libgotrue: http_client is ignored; the native core does its own HTTP", stacklevel=3)
        if proxy is not None:
            raise ValueError("libgotrue: proxy is not supported by the native core")
        if not verify and str(url).startswith("https:"):
            raise ValueError("libgotrue: verify=False is not supported (the core always verifies TLS)")
        self._native: Optional[_native.Client] = None

    def _open(self, client_options: Dict[str, Any], storage: Any = None) -> None:
        """Creates the native client this API object owns."""
        opts = dict(client_options)
        opts["headers"] = split_headers(self._headers)
        try:
            # The headers carry the keys exactly as the seed sends them (apikey / Authorization),
            # so no separate API key is given to the core.
            self._native = _native.Client(self._url, "", opts, storage)
        except _native.NativeError as e:
            raise from_native(e) from None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_t, exc_v, exc_tb) -> None:
        self.close()

    def close(self) -> None:
        if self._native is not None:
            self._native.close()
