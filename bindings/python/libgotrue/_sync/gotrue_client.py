from __future__ import annotations

import base64
import json
from typing import Any, Callable, Dict, Optional

from .. import _ffi_decl as ffi
from .. import _native
from ..constants import DEFAULT_HEADERS, GOTRUE_URL, STORAGE_KEY
from ..errors import AuthInvalidCredentialsError, AuthInvalidJwtError
from ..types import (
    AuthChangeEvent,
    AuthFlowType,
    AuthMFAChallengeResponse,
    AuthMFAEnrollResponse,
    AuthMFAGetAuthenticatorAssuranceLevelResponse,
    AuthMFAListFactorsResponse,
    AuthMFAUnenrollResponse,
    AuthMFAVerifyResponse,
    AuthOtpResponse,
    AuthResponse,
    ClaimsResponse,
    CodeExchangeParams,
    IdentitiesResponse,
    JWKSet,
    MFAChallengeAndVerifyParams,
    MFAChallengeParams,
    MFAEnrollParams,
    MFAUnenrollParams,
    MFAVerifyParams,
    OAuthResponse,
    Options,
    ResendCredentials,
    Session,
    SignInAnonymouslyCredentials,
    SignInWithIdTokenCredentials,
    SignInWithOAuthCredentials,
    SignInWithPasswordCredentials,
    SignInWithPasswordlessCredentials,
    SignInWithSSOCredentials,
    SignOutOptions,
    SignUpWithPasswordCredentials,
    SSOResponse,
    Subscription,
    UpdateUserOptions,
    User,
    UserAttributes,
    UserIdentity,
    UserResponse,
    VerifyOtpParams,
)
from .gotrue_admin_api import SyncGoTrueAdminAPI, scope_value
from .gotrue_base_api import SyncGoTrueBaseAPI, fields, text, translated
from .gotrue_mfa_api import SyncGoTrueMFAAPI
from .newer import NewerClientMixin
from .storage import SyncSupportedStorage
from .loopback import LoopbackSignIn, SessionStatusInfo

# GoTrueAuthEvent values -> the seed's event names.
EVENT_NAMES = {value: name.upper() for value, name in ffi.AUTH_EVENT_SHORT_NAMES.items()}
_QR_PREFIX = "data:image/svg+xml;utf-8,"


def _session(session_json: Optional[str]) -> Optional[Session]:
    return None if session_json is None else Session.model_validate_json(session_json)


def _signed_in(session_json: Optional[str]) -> AuthResponse:
    session = _session(session_json)
    return AuthResponse(session=session, user=session.user if session else None)


def _email_or_phone(values: Dict[str, Any]):
    """The seed uses the email when both are given."""
    email = text(values.get("email"), "email")
    phone = None if email else text(values.get("phone"), "phone")
    return _native.arg(email), _native.arg(phone)


def _signature(jwt: str) -> bytes:
    part = jwt.split(".")[2] if jwt.count(".") == 2 else ""
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class SyncGoTrueClient(SyncGoTrueBaseAPI, NewerClientMixin):
    def __init__(
        self,
        *,
        url: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
        storage_key: Optional[str] = None,
        auto_refresh_token: bool = True,
        persist_session: bool = True,
        storage: Optional[SyncSupportedStorage] = None,
        http_client: Optional[Any] = None,
        flow_type: AuthFlowType = "implicit",
        verify: bool = True,
        proxy: Optional[str] = None,
    ) -> None:
        SyncGoTrueBaseAPI.__init__(
            self, url=url or GOTRUE_URL, headers=headers or DEFAULT_HEADERS,
            http_client=http_client, verify=verify, proxy=proxy,
        )
        self._storage_key = storage_key or STORAGE_KEY
        self._auto_refresh_token = auto_refresh_token
        self._persist_session = persist_session
        self._flow_type = flow_type
        # Without a storage object the core's own memory storage is used (no Python callbacks).
        self._storage = storage
        self._open(
            {
                "storage_key": self._storage_key,
                "auto_refresh": bool(auto_refresh_token),
                "persist_session": bool(persist_session),
                "flow_type": flow_type,
            },
            storage,
        )
        self._subscriptions: Dict[str, Subscription] = {}
        self.admin = SyncGoTrueAdminAPI._sharing(self._native, self._url, self._headers)
        self.mfa = SyncGoTrueMFAAPI(self)

    # Initializations

    @translated
    def initialize(self, *, url: Optional[str] = None) -> None:
        if url:
            self.initialize_from_url(url)
        else:
            self.initialize_from_storage()

    @translated
    def initialize_from_storage(self) -> None:
        self._native.session("gotrue_client_initialize")

    @translated
    def initialize_from_url(self, url: str) -> None:
        self._native.session("gotrue_client_get_session_from_url", _native.arg(text(url, "url") or ""))

    # Public methods

    @translated
    def sign_in_anonymously(self, credentials: Optional[SignInAnonymouslyCredentials] = None) -> AuthResponse:
        """Creates a new anonymous user and signs in as it."""
        options = fields(fields(credentials, "credentials").get("options"), "options")
        opts = {"data": options.get("data"), "captcha_token": options.get("captcha_token")}
        return _signed_in(self._native.session("gotrue_client_sign_in_anonymously", _native.options(opts)))

    @translated
    def sign_up(self, credentials: SignUpWithPasswordCredentials) -> AuthResponse:
        """Creates a new user; signs in at once when the server confirms automatically."""
        credentials = fields(credentials, "credentials")
        options = fields(credentials.get("options"), "options")
        email, phone = _email_or_phone(credentials)
        opts = {
            "data": options.get("data"),
            "redirect_to": (options.get("redirect_to") or options.get("email_redirect_to")) if email else None,
            "captcha_token": options.get("captcha_token"),
            "channel": options.get("channel") if phone else None,
        }
        session, user = self._native.session_and_string(
            "gotrue_client_sign_up", email, phone, _native.arg(text(credentials.get("password"), "password")),
            _native.options(opts))
        parsed = _session(session)
        return AuthResponse(session=parsed, user=parsed.user if parsed else (User.model_validate_json(user) if user else None))

    @translated
    def sign_in_with_password(self, credentials: SignInWithPasswordCredentials) -> AuthResponse:
        """Signs in with an email or phone and a password."""
        credentials = fields(credentials, "credentials")
        options = fields(credentials.get("options"), "options")
        email, phone = _email_or_phone(credentials)
        return _signed_in(self._native.session(
            "gotrue_client_sign_in_with_password", email, phone,
            _native.arg(text(credentials.get("password"), "password")),
            _native.options({"captcha_token": options.get("captcha_token")})))

    @translated
    def sign_in_with_id_token(self, credentials: SignInWithIdTokenCredentials) -> AuthResponse:
        """Signs in with an OpenID Connect ID token from a provider."""
        credentials = fields(credentials, "credentials")
        options = fields(credentials.get("options"), "options")
        return _signed_in(self._native.session(
            "gotrue_client_sign_in_with_id_token",
            _native.arg(text(credentials.get("provider"), "provider") or ""),
            _native.arg(text(credentials.get("token"), "token") or ""),
            _native.arg(text(credentials.get("access_token"), "access_token")),
            _native.arg(text(credentials.get("nonce"), "nonce")),
            _native.options({"captcha_token": options.get("captcha_token")})))

    @translated
    def sign_in_with_sso(self, credentials: SignInWithSSOCredentials):
        """Starts SSO by email domain or provider id; returns the identity provider's URL."""
        credentials = fields(credentials, "credentials")
        options = fields(credentials.get("options"), "options")
        domain = text(credentials.get("domain"), "domain")
        provider_id = None if domain else text(credentials.get("provider_id"), "provider_id")
        url = self._native.string(
            "gotrue_client_sign_in_with_sso", _native.arg(domain), _native.arg(provider_id),
            _native.options({"redirect_to": options.get("redirect_to"), "captcha_token": options.get("captcha_token")}))
        return SSOResponse(url=url)

    @translated
    def sign_in_with_oauth(self, credentials: SignInWithOAuthCredentials) -> OAuthResponse:
        """The URL that starts an OAuth sign-in with a provider (no request is made)."""
        credentials = fields(credentials, "credentials")
        provider = text(credentials.get("provider"), "provider") or ""
        url = self._native.string("gotrue_client_get_oauth_url", _native.arg(provider), self._oauth_options(credentials))
        return OAuthResponse(provider=provider, url=url)

    @translated
    def link_identity(self, credentials: SignInWithOAuthCredentials) -> OAuthResponse:
        """The URL that links an OAuth identity to the signed-in user."""
        credentials = fields(credentials, "credentials")
        provider = text(credentials.get("provider"), "provider") or ""
        url = self._native.string("gotrue_client_link_identity", _native.arg(provider), self._oauth_options(credentials))
        return OAuthResponse(provider=provider, url=url)

    @staticmethod
    def _oauth_options(credentials: Dict[str, Any]) -> Optional[bytes]:
        options = fields(credentials.get("options"), "options")
        return _native.options({
            "redirect_to": options.get("redirect_to"),
            "scopes": options.get("scopes"),
            "query_params": options.get("query_params") or None,
        })

    @translated
    def get_user_identities(self):
        identities = self._native.string("gotrue_client_get_user_identities")
        return IdentitiesResponse(identities=json.loads(identities))

    @translated
    def unlink_identity(self, identity: UserIdentity):
        identity_id = getattr(identity, "identity_id", None)
        if identity_id is None and isinstance(identity, dict):
            identity_id = identity.get("identity_id")
        self._native.call("gotrue_client_unlink_identity", _native.arg(text(identity_id, "identity_id") or ""))

    @translated
    def sign_in_with_otp(self, credentials: SignInWithPasswordlessCredentials) -> AuthOtpResponse:
        """Sends a magic link or one-time code to an email, or a code to a phone."""
        credentials = fields(credentials, "credentials")
        options = fields(credentials.get("options"), "options")
        email, phone = _email_or_phone(credentials)
        opts = {
            "should_create_user": options.get("should_create_user"),
            "data": options.get("data"),
            "redirect_to": options.get("email_redirect_to") if email else None,
            "captcha_token": options.get("captcha_token"),
            "channel": options.get("channel") if phone else None,
        }
        answer = self._native.string("gotrue_client_sign_in_with_otp", email, phone, _native.options(opts))
        return AuthOtpResponse(message_id=(json.loads(answer) if answer else {}).get("message_id"))

    @translated
    def resend(self, credentials: ResendCredentials) -> AuthOtpResponse:
        """Sends a sign-up, email change, SMS or phone change confirmation again."""
        credentials = fields(credentials, "credentials")
        options = fields(credentials.get("options"), "options")
        email, phone = _email_or_phone(credentials)
        opts = {"redirect_to": options.get("email_redirect_to") if email else None,
                "captcha_token": options.get("captcha_token")}
        answer = self._native.string(
            "gotrue_client_resend", _native.arg(text(credentials.get("type"), "type") or ""), email, phone,
            _native.options(opts))
        return AuthOtpResponse(message_id=(json.loads(answer) if answer else {}).get("message_id"))

    @translated
    def verify_otp(self, params: VerifyOtpParams) -> AuthResponse:
        """Verifies a one-time code (or an email link's token hash)."""
        params = fields(params, "params")
        options = fields(params.get("options"), "options")
        email, phone = _email_or_phone(params)
        session, user = self._native.session_and_string(
            "gotrue_client_verify_otp", email, phone,
            _native.arg(text(params.get("token"), "token")),
            _native.arg(text(params.get("token_hash"), "token_hash")),
            _native.arg(text(params.get("type"), "type") or ""),
            _native.options({"redirect_to": options.get("redirect_to"), "captcha_token": options.get("captcha_token")}))
        parsed = _session(session)
        return AuthResponse(session=parsed, user=User.model_validate_json(user) if user else None)

    @translated
    def reauthenticate(self) -> AuthResponse:
        """Sends the signed-in user a nonce for update_user."""
        self._native.call("gotrue_client_reauthenticate")
        return AuthResponse()

    @translated
    def get_session(self) -> Optional[Session]:
        """The current session (the core refreshes it first when it is about to expire)."""
        return _session(self._native.session("gotrue_client_get_session"))

    @translated
    def get_user(self, jwt: Optional[str] = None) -> Optional[UserResponse]:
        """The user of `jwt`, or of the current session; None when signed out."""
        try:
            user = self._native.string("gotrue_client_get_user", _native.arg(text(jwt, "jwt")))
        except _native.NativeError as e:
            if jwt is None and _native.error_code_name(e.code) == "session_missing":
                return None
            raise
        return UserResponse(user=User.model_validate_json(user))

    @translated
    def update_user(self, attributes: UserAttributes, options: UpdateUserOptions = {}) -> UserResponse:
        """Updates the signed-in user."""
        options = fields(options, "options")
        user = self._native.string(
            "gotrue_client_update_user", json.dumps(fields(attributes, "attributes")).encode("utf-8"),
            _native.options({"redirect_to": options.get("email_redirect_to")}))
        return UserResponse(user=User.model_validate_json(user))

    @translated
    def set_session(self, access_token: str, refresh_token: str) -> AuthResponse:
        """Adopts a token pair obtained elsewhere (refreshed at once when expired)."""
        return _signed_in(self._native.session(
            "gotrue_client_set_session", _native.arg(text(access_token, "access_token") or ""),
            _native.arg(text(refresh_token, "refresh_token") or "")))

    @translated
    def refresh_session(self, refresh_token: Optional[str] = None) -> AuthResponse:
        """A new session from `refresh_token` or the current session's."""
        return _signed_in(self._native.session(
            "gotrue_client_refresh_session", _native.arg(text(refresh_token, "refresh_token"))))

    @translated
    def sign_out(self, options: SignOutOptions = {"scope": "global"}) -> None:
        """Signs out (scope global, local or others) and emits SIGNED_OUT."""
        scope = fields(options, "options").get("scope", "global")
        self._native.call("gotrue_client_sign_out", scope_value(scope))

    def on_auth_state_change(self, callback: Callable[[AuthChangeEvent, Optional[Session]], None]) -> Subscription:
        """Calls `callback(event, session)` on every auth state change, in order."""

        def deliver(event: int, session_json: Optional[str]) -> None:
            callback(EVENT_NAMES.get(event, str(event)), _session(session_json))

        try:
            number = self._native.subscribe(deliver)
        except _native.NativeError as e:
            from ..errors import from_native

            raise from_native(e) from None
        key = str(number)

        def unsubscribe() -> None:
            if self._subscriptions.pop(key, None) is not None:
                self._native.unsubscribe(number)

        subscription = Subscription(id=key, callback=callback, unsubscribe=unsubscribe)
        self._subscriptions[key] = subscription
        return subscription

    @translated
    def reset_password_for_email(self, email: str, options: Options = {}) -> None:
        """Sends a password reset mail."""
        options = fields(options, "options")
        self._native.call(
            "gotrue_client_reset_password_for_email", _native.arg(text(email, "email") or ""),
            _native.options({"redirect_to": options.get("redirect_to"), "captcha_token": options.get("captcha_token")}))

    def reset_password_email(self, email: str, options: Options = {}) -> None:
        """Sends a password reset mail (the seed's older name)."""
        self.reset_password_for_email(email, options)

    @translated
    def exchange_code_for_session(self, params: CodeExchangeParams):
        """Exchanges a PKCE auth code (with the verifier the core stored) for a session."""
        params = fields(params, "params")
        return _signed_in(self._native.session(
            "gotrue_client_exchange_code_for_session", _native.arg(text(params.get("auth_code"), "auth_code") or "")))

    # libgotrue additions (not in the seed)

    @translated
    def get_current_session(self) -> Optional[Session]:
        """The session the core holds, as it is: no network call and no refresh (it may have expired)."""
        return _session(self._native.session("gotrue_client_current_session"))

    @translated
    def get_session_status(self) -> SessionStatusInfo:
        """Where the client stands, as supabase-kt's sessionStatus (no network call): "initializing",
        "authenticated", "not_authenticated" (is_sign_out: a session was removed) or "refresh_failing"
        (last_error: why the core's last refresh of the kept session failed; REFRESH_FAILED announced it)."""
        status, is_sign_out, last = _native.session_status(self._native)
        from ..errors import from_native

        return SessionStatusInfo(
            status=ffi.SESSION_STATUS_SHORT_NAMES.get(status, str(status)), is_sign_out=is_sign_out,
            last_error=from_native(last) if last is not None else None)

    @translated
    def start_loopback_sign_in(self, provider_or_flow: str, options: Options = {}) -> LoopbackSignIn:
        """Opens a loopback listener on 127.0.0.1 for a desktop browser sign-in: `provider_or_flow` is
        an OAuth provider ("github", ...), whose authorize URL `.url` then is, or "redirect" for a flow
        started with `.redirect_to` as its redirect URL (e.g. sign_in_with_otp's email_redirect_to).
        options: {"port", "path", "scopes", "query_params"}. Then `.wait(timeout)` for the session."""
        handle = _native.start_loopback(
            self._native, text(provider_or_flow, "provider_or_flow") or "", _native.options(fields(options, "options")))
        return LoopbackSignIn(handle)

    @translated
    def get_claims(self, jwt: Optional[str] = None, jwks: Optional[JWKSet] = None) -> Optional[ClaimsResponse]:
        """Verifies a JWT (locally against the server's JWKS for asymmetric keys) and returns its claims.
        With `jwks` ({"keys": [JWK, ...]}) a token whose kid is in it is verified against it, with no request."""
        token = text(jwt, "jwt")
        options = _native.options({"jwks": dict(jwks)}) if jwks is not None else None
        try:
            answer = json.loads(self._native.string("gotrue_client_get_claims", _native.arg(token), options))
        except _native.NativeError as e:
            if token is None and _native.error_code_name(e.code) == "session_missing":
                return None
            raise
        if token is None:
            session = self.get_session()
            token = session.access_token if session else ""
        try:
            signature = _signature(token)
        except ValueError as e:
            raise AuthInvalidJwtError("JWT signature is not base64url") from e
        return ClaimsResponse(claims=answer["claims"], headers=answer["header"], signature=signature)

    # MFA methods (client.mfa)

    @translated
    def _enroll(self, params: MFAEnrollParams) -> AuthMFAEnrollResponse:
        params = fields(params, "params")
        factor_type = params.get("factor_type")
        if factor_type == "phone":
            factor = self._native.string(
                "gotrue_client_mfa_enroll_phone", _native.arg(text(params.get("phone"), "phone") or ""),
                _native.arg(text(params.get("friendly_name"), "friendly_name")))
        elif factor_type == "totp":
            factor = self._native.string(
                "gotrue_client_mfa_enroll_totp", _native.arg(text(params.get("friendly_name"), "friendly_name")),
                _native.arg(text(params.get("issuer"), "issuer")))
        else:
            raise AuthInvalidCredentialsError("factor_type must be 'totp' or 'phone'")
        response = AuthMFAEnrollResponse.model_validate_json(factor)
        if response.totp and response.totp.qr_code and not response.totp.qr_code.startswith(_QR_PREFIX):
            response.totp.qr_code = _QR_PREFIX + response.totp.qr_code
        return response

    @translated
    def _challenge(self, params: MFAChallengeParams) -> AuthMFAChallengeResponse:
        params = fields(params, "params")
        challenge = self._native.string(
            "gotrue_client_mfa_challenge", _native.arg(text(params.get("factor_id"), "factor_id") or ""),
            _native.options({"channel": params.get("channel")}))
        return AuthMFAChallengeResponse.model_validate_json(challenge)

    @translated
    def _challenge_and_verify(self, params: MFAChallengeAndVerifyParams) -> AuthMFAVerifyResponse:
        params = fields(params, "params")
        return AuthMFAVerifyResponse.model_validate_json(self._native.session(
            "gotrue_client_mfa_challenge_and_verify", _native.arg(text(params.get("factor_id"), "factor_id") or ""),
            _native.arg(text(params.get("code"), "code") or "")))

    @translated
    def _verify(self, params: MFAVerifyParams) -> AuthMFAVerifyResponse:
        params = fields(params, "params")
        return AuthMFAVerifyResponse.model_validate_json(self._native.session(
            "gotrue_client_mfa_verify", _native.arg(text(params.get("factor_id"), "factor_id") or ""),
            _native.arg(text(params.get("challenge_id"), "challenge_id") or ""),
            _native.arg(text(params.get("code"), "code") or "")))

    @translated
    def _unenroll(self, params: MFAUnenrollParams) -> AuthMFAUnenrollResponse:
        factor_id = text(fields(params, "params").get("factor_id"), "factor_id") or ""
        self._native.call("gotrue_client_mfa_unenroll", _native.arg(factor_id))
        return AuthMFAUnenrollResponse(id=factor_id)

    @translated
    def _list_factors(self) -> AuthMFAListFactorsResponse:
        return AuthMFAListFactorsResponse.model_validate_json(self._native.string("gotrue_client_mfa_list_factors"))

    @translated
    def _get_authenticator_assurance_level(self) -> AuthMFAGetAuthenticatorAssuranceLevelResponse:
        return AuthMFAGetAuthenticatorAssuranceLevelResponse.model_validate_json(
            self._native.string("gotrue_client_mfa_get_authenticator_assurance_level"))
