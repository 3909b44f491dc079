"""Thin methods for the server features gotrue 2.12.4 has no API for: Web3 sign-in, passkeys,
WebAuthn MFA factors, the OAuth 2.1 server's consent side, and the newer admin API. Answers are
the core's JSON as dicts and lists; sign-ins return AuthResponse. Names follow auth-js."""
from __future__ import annotations

import ctypes as _c
import json
from typing import Any, Dict, List, Optional

from .. import _native
from .gotrue_base_api import text, translated


def _loads(value: Optional[str]) -> Any:
    return None if value is None else json.loads(value)


def _obj(value: Any, what: str) -> bytes:
    if not isinstance(value, dict):
        raise TypeError("%s must be a dict" % what)
    return json.dumps(value).encode("utf-8")


def build_web3_message(options: Dict[str, Any]) -> str:
    """The EIP-4361 (or Sign-In-With-Solana) message a wallet signs: options chain, domain,
    address, uri, statement, chain_id, nonce, issued_at, expiration_time, not_before,
    request_id, resources. No request is made."""
    from ..errors import from_native

    out = _c.c_void_p()
    try:
        _native.check(_native.LIB.gotrue_web3_build_message(_obj(options, "options"), _c.byref(out)))
    except _native.NativeError as e:
        raise from_native(e) from None
    return _native.take_string(out) or ""


class NewerClientMixin:
    """Mixed into SyncGoTrueClient (which provides _native and _signed_in sessions)."""

    build_web3_message = staticmethod(build_web3_message)

    @translated
    def sign_in_with_web3(self, chain: str, message: str, signature: str, captcha_token: Optional[str] = None):
        """Signs in with a wallet's signature of `message` (hex for "ethereum", base64 for "solana")."""
        from .gotrue_client import _signed_in

        return _signed_in(self._native.session(
            "gotrue_client_sign_in_with_web3", _native.arg(text(chain, "chain") or ""), _native.arg(text(message, "message") or ""),
            _native.arg(text(signature, "signature") or ""), _native.options({"captcha_token": captcha_token})))

    @translated
    def passkey_registration_options(self) -> Dict[str, Any]:
        """{"challenge_id", "options", "expires_at"}: hand "options" to the platform authenticator."""
        return _loads(self._native.string("gotrue_client_passkey_registration_options"))

    @translated
    def passkey_registration_verify(self, challenge_id: str, credential: Dict[str, Any]) -> Dict[str, Any]:
        return _loads(self._native.string(
            "gotrue_client_passkey_registration_verify", _native.arg(text(challenge_id, "challenge_id") or ""), _obj(credential, "credential")))

    @translated
    def passkey_authentication_options(self, captcha_token: Optional[str] = None) -> Dict[str, Any]:
        return _loads(self._native.string("gotrue_client_passkey_authentication_options", _native.options({"captcha_token": captcha_token})))

    @translated
    def passkey_authentication_verify(self, challenge_id: str, credential: Dict[str, Any]):
        from .gotrue_client import _signed_in

        return _signed_in(self._native.session(
            "gotrue_client_passkey_authentication_verify", _native.arg(text(challenge_id, "challenge_id") or ""), _obj(credential, "credential")))

    @translated
    def list_passkeys(self) -> List[Dict[str, Any]]:
        return _loads(self._native.string("gotrue_client_list_passkeys"))

    @translated
    def update_passkey(self, passkey_id: str, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return _loads(self._native.string(
            "gotrue_client_update_passkey", _native.arg(text(passkey_id, "passkey_id") or ""), _obj(attributes, "attributes")))

    @translated
    def delete_passkey(self, passkey_id: str) -> None:
        self._native.call("gotrue_client_delete_passkey", _native.arg(text(passkey_id, "passkey_id") or ""))

    @translated
    def mfa_enroll_webauthn(self, friendly_name: Optional[str] = None) -> Dict[str, Any]:
        return _loads(self._native.string("gotrue_client_mfa_enroll_webauthn", _native.arg(text(friendly_name, "friendly_name"))))

    @translated
    def mfa_verify_webauthn(self, factor_id: str, challenge_id: str, webauthn_type: str, credential: Dict[str, Any]):
        from .gotrue_client import _signed_in

        return _signed_in(self._native.session(
            "gotrue_client_mfa_verify_webauthn", _native.arg(text(factor_id, "factor_id") or ""),
            _native.arg(text(challenge_id, "challenge_id") or ""), _native.arg(text(webauthn_type, "webauthn_type") or ""),
            _obj(credential, "credential")))

    @translated
    def oauth_get_authorization_details(self, authorization_id: str) -> Dict[str, Any]:
        return _loads(self._native.string(
            "gotrue_client_oauth_get_authorization_details", _native.arg(text(authorization_id, "authorization_id") or "")))

    @translated
    def oauth_approve_authorization(self, authorization_id: str) -> Dict[str, Any]:
        return _loads(self._native.string(
            "gotrue_client_oauth_approve_authorization", _native.arg(text(authorization_id, "authorization_id") or "")))

    @translated
    def oauth_deny_authorization(self, authorization_id: str) -> Dict[str, Any]:
        return _loads(self._native.string(
            "gotrue_client_oauth_deny_authorization", _native.arg(text(authorization_id, "authorization_id") or "")))

    @translated
    def oauth_list_grants(self) -> List[Dict[str, Any]]:
        return _loads(self._native.string("gotrue_client_oauth_list_grants"))

    @translated
    def oauth_revoke_grant(self, client_id: str) -> None:
        self._native.call("gotrue_client_oauth_revoke_grant", _native.arg(text(client_id, "client_id") or ""))


class NewerAdminMixin:
    """Mixed into SyncGoTrueAdminAPI (service-role key)."""

    def _json(self, name: str, *args: Any) -> Any:
        return _loads(self._native.string(name, *args))

    @translated
    def list_audit_log(self, page: Optional[int] = None, per_page: Optional[int] = None, query: Optional[str] = None) -> Dict[str, Any]:
        return self._json("gotrue_admin_list_audit_log", _native.options({"page": page, "per_page": per_page, "query": query}))

    @translated
    def update_factor(self, user_id: str, factor_id: str, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_mfa_update_factor", _native.arg(user_id), _native.arg(factor_id), _obj(attributes, "attributes"))

    @translated
    def list_user_passkeys(self, user_id: str) -> List[Dict[str, Any]]:
        return self._json("gotrue_admin_list_user_passkeys", _native.arg(user_id))

    @translated
    def delete_user_passkey(self, user_id: str, passkey_id: str) -> None:
        self._native.call("gotrue_admin_delete_user_passkey", _native.arg(user_id), _native.arg(passkey_id))

    @translated
    def list_oauth_clients(self) -> List[Dict[str, Any]]:
        return self._json("gotrue_admin_oauth_list_clients")

    @translated
    def create_oauth_client(self, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_oauth_create_client", _obj(attributes, "attributes"))

    @translated
    def get_oauth_client(self, client_id: str) -> Dict[str, Any]:
        return self._json("gotrue_admin_oauth_get_client", _native.arg(client_id))

    @translated
    def update_oauth_client(self, client_id: str, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_oauth_update_client", _native.arg(client_id), _obj(attributes, "attributes"))

    @translated
    def delete_oauth_client(self, client_id: str) -> None:
        self._native.call("gotrue_admin_oauth_delete_client", _native.arg(client_id))

    @translated
    def regenerate_oauth_client_secret(self, client_id: str) -> Dict[str, Any]:
        return self._json("gotrue_admin_oauth_regenerate_client_secret", _native.arg(client_id))

    @translated
    def list_custom_providers(self, provider_type: Optional[str] = None) -> List[Dict[str, Any]]:
        return self._json("gotrue_admin_list_custom_providers", _native.options({"type": provider_type}))

    @translated
    def create_custom_provider(self, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_create_custom_provider", _obj(attributes, "attributes"))

    @translated
    def get_custom_provider(self, identifier: str) -> Dict[str, Any]:
        return self._json("gotrue_admin_get_custom_provider", _native.arg(identifier))

    @translated
    def update_custom_provider(self, identifier: str, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_update_custom_provider", _native.arg(identifier), _obj(attributes, "attributes"))

    @translated
    def delete_custom_provider(self, identifier: str) -> None:
        self._native.call("gotrue_admin_delete_custom_provider", _native.arg(identifier))

    @translated
    def list_sso_providers(self, resource_id: Optional[str] = None, resource_id_prefix: Optional[str] = None) -> List[Dict[str, Any]]:
        return self._json("gotrue_admin_list_sso_providers",
                          _native.options({"resource_id": resource_id, "resource_id_prefix": resource_id_prefix}))

    @translated
    def create_sso_provider(self, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_create_sso_provider", _obj(attributes, "attributes"))

    @translated
    def get_sso_provider(self, provider_id: str) -> Dict[str, Any]:
        return self._json("gotrue_admin_get_sso_provider", _native.arg(provider_id))

    @translated
    def update_sso_provider(self, provider_id: str, attributes: Dict[str, Any]) -> Dict[str, Any]:
        return self._json("gotrue_admin_update_sso_provider", _native.arg(provider_id), _obj(attributes, "attributes"))

    @translated
    def delete_sso_provider(self, provider_id: str) -> Dict[str, Any]:
        return self._json("gotrue_admin_delete_sso_provider", _native.arg(provider_id))
