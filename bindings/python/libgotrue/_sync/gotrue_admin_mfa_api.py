from __future__ import annotations

from ..types import (
    AuthMFAAdminDeleteFactorParams,
    AuthMFAAdminDeleteFactorResponse,
    AuthMFAAdminListFactorsParams,
    AuthMFAAdminListFactorsResponse,
)


class SyncGoTrueAdminMFAAPI:
    """The MFA administration API (admin.mfa)."""

    def __init__(self, admin=None) -> None:
        self._admin = admin

    def list_factors(self, params: AuthMFAAdminListFactorsParams) -> AuthMFAAdminListFactorsResponse:
        """Lists every factor of a user."""
        return self._admin._list_factors(params)

    def delete_factor(self, params: AuthMFAAdminDeleteFactorParams) -> AuthMFAAdminDeleteFactorResponse:
        """Deletes one factor of a user."""
        return self._admin._delete_factor(params)
