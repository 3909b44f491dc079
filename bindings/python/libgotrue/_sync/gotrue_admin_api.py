from __future__ import annotations

import json
import uuid
from typing import Any, Dict, List, Optional

from .. import _ffi_decl as ffi
from .. import _native
from ..errors import AuthInvalidCredentialsError
from ..types import (
    AdminUserAttributes,
    AuthMFAAdminDeleteFactorParams,
    AuthMFAAdminDeleteFactorResponse,
    AuthMFAAdminListFactorsParams,
    AuthMFAAdminListFactorsResponse,
    GenerateLinkParams,
    GenerateLinkResponse,
    InviteUserByEmailOptions,
    SignOutScope,
    User,
    UserResponse,
)
from .gotrue_admin_mfa_api import SyncGoTrueAdminMFAAPI
from .gotrue_base_api import SyncGoTrueBaseAPI, fields, text, translated
from .newer import NewerAdminMixin

# Sign-out scopes by the seed's names -> the ABI's GoTrueSignOutScope values.
SIGN_OUT_SCOPES = {name: value for value, name in ffi.SIGN_OUT_SCOPE_SHORT_NAMES.items()}


def scope_value(scope: Any) -> int:
    if scope not in SIGN_OUT_SCOPES:
        raise AuthInvalidCredentialsError("scope must be one of %s" % ", ".join(sorted(SIGN_OUT_SCOPES)))
    return SIGN_OUT_SCOPES[scope]


def user_id(value: Any) -> str:
    """A user or factor id as the seed accepts it: a UUID (ValueError otherwise)."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError):
        raise ValueError(f"Invalid id, '{value}' is not a valid uuid") from None


def user_response(user_json: Optional[str]) -> UserResponse:
    return UserResponse(user=User.model_validate_json(user_json))


def attributes_json(attributes: Any) -> bytes:
    return json.dumps(fields(attributes, "attributes")).encode("utf-8")


class SyncGoTrueAdminAPI(SyncGoTrueBaseAPI, NewerAdminMixin):
    def __init__(
        self,
        *,
        url: str = "",
        headers: Dict[str, str] = {},
        http_client: Optional[Any] = None,
        verify: bool = True,
        proxy: Optional[str] = None,
    ) -> None:
        SyncGoTrueBaseAPI.__init__(self, url=url, headers=headers, http_client=http_client, verify=verify, proxy=proxy)
        self._open({})
        self.mfa = SyncGoTrueAdminMFAAPI(self)

    @classmethod
    def _sharing(cls, native: _native.Client, url: str, headers: Dict[str, str]) -> "SyncGoTrueAdminAPI":
        """The admin API of a SyncGoTrueClient: same native client, same headers."""
        admin = cls.__new__(cls)
        admin._url, admin._headers, admin._native = url, headers, native
        admin.mfa = SyncGoTrueAdminMFAAPI(admin)
        return admin

    @translated
    def sign_out(self, jwt: str, scope: SignOutScope = "global") -> None:
        """Ends the session (or sessions, by scope) that `jwt` belongs to."""
        self._native.call("gotrue_admin_sign_out", _native.arg(text(jwt, "jwt") or ""), scope_value(scope))

    @translated
    def invite_user_by_email(self, email: str, options: InviteUserByEmailOptions = {}) -> UserResponse:
        """Creates a user and mails them an invite link."""
        options = fields(options, "options")
        opts = {"data": options.get("data"), "redirect_to": options.get("redirect_to")}
        return user_response(self._native.string(
            "gotrue_admin_invite_user_by_email", _native.arg(text(email, "email") or ""), _native.options(opts)))

    @translated
    def generate_link(self, params: GenerateLinkParams) -> GenerateLinkResponse:
        """Generates an email link and OTP without sending mail."""
        params = fields(params, "params")
        options = fields(params.get("options"), "options")
        opts = {"data": options.get("data"), "redirect_to": options.get("redirect_to"), "new_email": params.get("new_email")}
        link = self._native.string(
            "gotrue_admin_generate_link",
            _native.arg(text(params.get("type"), "type") or ""),
            _native.arg(text(params.get("email"), "email") or ""),
            _native.arg(text(params.get("password"), "password")),
            _native.options(opts),
        )
        return GenerateLinkResponse.model_validate_json(link)

    @translated
    def create_user(self, attributes: AdminUserAttributes) -> UserResponse:
        """Creates a user (service-role key required)."""
        return user_response(self._native.string("gotrue_admin_create_user", attributes_json(attributes)))

    @translated
    def list_users(self, page: int = None, per_page: int = None) -> List[User]:
        """One page of users (service-role key required)."""
        page_json = self._native.string("gotrue_admin_list_users", _native.options({"page": page, "per_page": per_page}))
        return [User.model_validate(u) for u in json.loads(page_json).get("users", [])]

    @translated
    def get_user_by_id(self, uid: str) -> UserResponse:
        """A user by id (service-role key required)."""
        return user_response(self._native.string("gotrue_admin_get_user_by_id", _native.arg(user_id(uid))))

    @translated
    def update_user_by_id(self, uid: str, attributes: AdminUserAttributes) -> UserResponse:
        """Updates a user by id (service-role key required)."""
        uid = user_id(uid)
        return user_response(self._native.string(
            "gotrue_admin_update_user_by_id", _native.arg(uid), attributes_json(attributes)))

    @translated
    def delete_user(self, id: str, should_soft_delete: bool = False) -> None:
        """Deletes a user, or anonymises it with should_soft_delete (service-role key required)."""
        self._native.call("gotrue_admin_delete_user", _native.arg(user_id(id)), bool(should_soft_delete))

    @translated
    def _list_factors(self, params: AuthMFAAdminListFactorsParams) -> AuthMFAAdminListFactorsResponse:
        uid = user_id(fields(params, "params").get("user_id"))
        factors = self._native.string("gotrue_admin_mfa_list_factors", _native.arg(uid))
        return AuthMFAAdminListFactorsResponse(factors=json.loads(factors))

    @translated
    def _delete_factor(self, params: AuthMFAAdminDeleteFactorParams) -> AuthMFAAdminDeleteFactorResponse:
        params = fields(params, "params")
        uid, factor_id = user_id(params.get("user_id")), user_id(params.get("id"))
        deleted = self._native.string("gotrue_admin_mfa_delete_factor", _native.arg(uid), _native.arg(factor_id))
        return AuthMFAAdminDeleteFactorResponse.model_validate_json(deleted) if deleted else \
            AuthMFAAdminDeleteFactorResponse(id=factor_id)
