"""libgotrue additions to the seed's client: the session status and the desktop loopback sign-in."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .. import _native
from ..errors import AuthError, from_native
from ..types import Session


@dataclass(frozen=True)
class SessionStatusInfo:
    """SyncGoTrueClient.get_session_status(): the core's status (gotrue_client_session_status)."""

    status: str
    is_sign_out: bool = False
    last_error: Optional[AuthError] = None


class LoopbackSignIn:
    """A desktop sign-in in progress (gotrue_client_start_loopback_sign_in). Open `url` in the
    browser, then `wait()`. `cancel()` from another thread ends a wait; use as a context manager
    (or call `close()`) to free the listener."""

    def __init__(self, handle: _native.Loopback) -> None:
        self._handle = handle
        self.url: str = handle.url
        self.redirect_to: str = handle.redirect_to

    def wait(self, timeout: float = 300.0) -> Session:
        """The session, once the browser came back (it is also the client's session). Raises the
        flow's AuthError; on timeout an AuthRetryableError (the listener stays open: wait again);
        after cancel() an AuthError with code "cancelled"."""
        try:
            session_json = self._handle.wait(int(timeout * 1000))
        except _native.NativeError as e:
            raise from_native(e) from None
        return Session.model_validate_json(session_json)

    def cancel(self) -> None:
        self._handle.cancel()

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "LoopbackSignIn":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
