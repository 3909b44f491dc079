from __future__ import annotations

from ..types import (
    AuthMFAChallengeResponse,
    AuthMFAEnrollResponse,
    AuthMFAGetAuthenticatorAssuranceLevelResponse,
    AuthMFAListFactorsResponse,
    AuthMFAUnenrollResponse,
    AuthMFAVerifyResponse,
    MFAChallengeAndVerifyParams,
    MFAChallengeParams,
    MFAEnrollParams,
    MFAUnenrollParams,
    MFAVerifyParams,
)


class SyncGoTrueMFAAPI:
    """The multi-factor authentication API (client.mfa)."""

    def __init__(self, client=None) -> None:
        self._client = client

    def enroll(self, params: MFAEnrollParams) -> AuthMFAEnrollResponse:
        """Enrolls a new factor (unverified until a challenge for it is verified)."""
        return self._client._enroll(params)

    def challenge(self, params: MFAChallengeParams) -> AuthMFAChallengeResponse:
        """Creates a challenge for a factor."""
        return self._client._challenge(params)

    def challenge_and_verify(self, params: MFAChallengeAndVerifyParams) -> AuthMFAVerifyResponse:
        """Creates a challenge and verifies the code against it."""
        return self._client._challenge_and_verify(params)

    def verify(self, params: MFAVerifyParams) -> AuthMFAVerifyResponse:
        """Verifies a code against a challenge; the session becomes aal2."""
        return self._client._verify(params)

    def unenroll(self, params: MFAUnenrollParams) -> AuthMFAUnenrollResponse:
        """Removes a factor."""
        return self._client._unenroll(params)

    def list_factors(self) -> AuthMFAListFactorsResponse:
        """The user's factors (fetched from the server by the core)."""
        return self._client._list_factors()

    def get_authenticator_assurance_level(self) -> AuthMFAGetAuthenticatorAssuranceLevelResponse:
        """The session's current and next assurance level (computed locally by the core)."""
        return self._client._get_authenticator_assurance_level()
