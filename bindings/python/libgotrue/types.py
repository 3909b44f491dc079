"""Public types of the seed's API: the same pydantic models (field names, types, defaults) and
the same TypedDicts for credentials and options, so `.model_dump()` and attribute access behave
as they do with gotrue 2.12.4."""
from __future__ import annotations

from datetime import datetime
from time import time
from typing import Any, Callable, Dict, List, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import Literal, NotRequired, TypedDict

Provider = Literal[
    "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab",
    "google", "kakao", "keycloak", "linkedin", "linkedin_oidc", "notion", "slack", "slack_oidc",
    "spotify", "twitch", "twitter", "workos", "zoom",
]

EmailOtpType = Literal["signup", "invite", "magiclink", "recovery", "email_change", "email"]

AuthChangeEventMFA = Literal["MFA_CHALLENGE_VERIFIED"]

AuthFlowType = Literal["pkce", "implicit"]

# INITIAL_SESSION is emitted by the core's initialize() (the seed never emits it).
AuthChangeEvent = Literal[
    "PASSWORD_RECOVERY", "SIGNED_IN", "SIGNED_OUT", "TOKEN_REFRESHED", "USER_UPDATED",
    "USER_DELETED", AuthChangeEventMFA, "INITIAL_SESSION",
    # libgotrue's addition: a refresh failed for a reason that may pass and the session was kept.
    "REFRESH_FAILED",
]


class AMREntry(BaseModel):
    """How and when the user proved who they are (an `amr` claim entry)."""

    method: Union[Literal["password", "otp", "oauth", "mfa/totp"], str]
    timestamp: int


class Options(TypedDict):
    redirect_to: NotRequired[str]
    captcha_token: NotRequired[str]


class UpdateUserOptions(TypedDict):
    email_redirect_to: NotRequired[str]


class InviteUserByEmailOptions(TypedDict):
    redirect_to: NotRequired[str]
    data: NotRequired[Any]


class AuthResponse(BaseModel):
    user: Optional[User] = None
    session: Optional[Session] = None


class AuthOtpResponse(BaseModel):
    user: None = None
    session: None = None
    message_id: Optional[str] = None


class OAuthResponse(BaseModel):
    provider: Provider
    url: str


class SSOResponse(BaseModel):
    url: str


class LinkIdentityResponse(BaseModel):
    url: str


class IdentitiesResponse(BaseModel):
    identities: List[UserIdentity]


class UserResponse(BaseModel):
    user: User


class Session(BaseModel):
    provider_token: Optional[str] = None
    """The OAuth provider's access token, when the provider sent one."""
    provider_refresh_token: Optional[str] = None
    """The OAuth provider's refresh token, when the provider sent one."""
    access_token: str
    refresh_token: str
    expires_in: int
    """Lifetime of the access token in seconds, as granted."""
    expires_at: Optional[int] = None
    """Unix time at which the access token expires."""
    token_type: str
    user: User

    @model_validator(mode="before")
    @classmethod
    def validator(cls, values: Any) -> Any:
        # Sessions built by hand (as in the seed) get expires_at from expires_in.
        if isinstance(values, dict) and values.get("expires_in") and not values.get("expires_at"):
            values = {**values, "expires_at": round(time()) + values["expires_in"]}
        return values


class UserIdentity(BaseModel):
    id: str
    identity_id: str
    user_id: str
    identity_data: Dict[str, Any]
    provider: str
    created_at: datetime
    last_sign_in_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None


class Factor(BaseModel):
    """An MFA factor."""

    id: str
    friendly_name: Optional[str] = None
    factor_type: Union[Literal["totp", "phone"], str]
    status: Literal["verified", "unverified"]
    created_at: datetime
    updated_at: datetime


class User(BaseModel):
    id: str
    app_metadata: Dict[str, Any]
    user_metadata: Dict[str, Any]
    aud: str
    confirmation_sent_at: Optional[datetime] = None
    recovery_sent_at: Optional[datetime] = None
    email_change_sent_at: Optional[datetime] = None
    new_email: Optional[str] = None
    new_phone: Optional[str] = None
    invited_at: Optional[datetime] = None
    action_link: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    created_at: datetime
    confirmed_at: Optional[datetime] = None
    email_confirmed_at: Optional[datetime] = None
    phone_confirmed_at: Optional[datetime] = None
    last_sign_in_at: Optional[datetime] = None
    role: Optional[str] = None
    updated_at: Optional[datetime] = None
    identities: Optional[List[UserIdentity]] = None
    is_anonymous: bool = False
    factors: Optional[List[Factor]] = None


class UserAttributes(TypedDict):
    email: NotRequired[str]
    phone: NotRequired[str]
    password: NotRequired[str]
    data: NotRequired[Any]
    nonce: NotRequired[str]


class AdminUserAttributes(UserAttributes, TypedDict):
    user_metadata: NotRequired[Any]
    app_metadata: NotRequired[Any]
    email_confirm: NotRequired[bool]
    phone_confirm: NotRequired[bool]
    ban_duration: NotRequired[Union[str, Literal["none"]]]
    role: NotRequired[str]
    """The `role` claim of the user's access tokens (default `authenticated`)."""
    password_hash: NotRequired[str]
    """A bcrypt or argon2 hash to migrate a password from another service."""
    id: NotRequired[str]
    """An explicit id for the new user."""


class Subscription(BaseModel):
    id: str
    """The subscription's id (the core's subscription number, as a string)."""
    callback: Callable[[AuthChangeEvent, Optional[Session]], None]
    """Called on every auth state change."""
    unsubscribe: Callable[[], None]
    """Removes the subscription."""


class UpdatableFactorAttributes(TypedDict):
    friendly_name: str


class SignUpWithEmailAndPasswordCredentialsOptions(TypedDict):
    email_redirect_to: NotRequired[str]
    data: NotRequired[Any]
    captcha_token: NotRequired[str]


class SignUpWithEmailAndPasswordCredentials(TypedDict):
    email: str
    password: str
    options: NotRequired[SignUpWithEmailAndPasswordCredentialsOptions]


class SignUpWithPhoneAndPasswordCredentialsOptions(TypedDict):
    data: NotRequired[Any]
    captcha_token: NotRequired[str]
    channel: NotRequired[Literal["sms", "whatsapp"]]


class SignUpWithPhoneAndPasswordCredentials(TypedDict):
    phone: str
    password: str
    options: NotRequired[SignUpWithPhoneAndPasswordCredentialsOptions]


SignUpWithPasswordCredentials = Union[SignUpWithEmailAndPasswordCredentials, SignUpWithPhoneAndPasswordCredentials]


class SignInWithPasswordCredentialsOptions(TypedDict):
    data: NotRequired[Any]
    captcha_token: NotRequired[str]


class SignInWithEmailAndPasswordCredentials(TypedDict):
    email: str
    password: str
    options: NotRequired[SignInWithPasswordCredentialsOptions]


class SignInWithPhoneAndPasswordCredentials(TypedDict):
    phone: str
    password: str
    options: NotRequired[SignInWithPasswordCredentialsOptions]


SignInWithPasswordCredentials = Union[SignInWithEmailAndPasswordCredentials, SignInWithPhoneAndPasswordCredentials]


class SignInWithIdTokenCredentials(TypedDict):
    """`provider` names the issuer of `token`: google, apple, azure, facebook or kakao."""

    provider: Literal["google", "apple", "azure", "facebook", "kakao"]
    token: str
    access_token: NotRequired[str]
    nonce: NotRequired[str]
    options: NotRequired[SignInWithIdTokenCredentialsOptions]


class SignInWithIdTokenCredentialsOptions(TypedDict):
    captcha_token: NotRequired[str]


class SignInWithEmailAndPasswordlessCredentialsOptions(TypedDict):
    email_redirect_to: NotRequired[str]
    should_create_user: NotRequired[bool]
    data: NotRequired[Any]
    captcha_token: NotRequired[str]


class SignInWithEmailAndPasswordlessCredentials(TypedDict):
    email: str
    options: NotRequired[SignInWithEmailAndPasswordlessCredentialsOptions]


class SignInWithPhoneAndPasswordlessCredentialsOptions(TypedDict):
    should_create_user: NotRequired[bool]
    data: NotRequired[Any]
    captcha_token: NotRequired[str]
    channel: NotRequired[Literal["sms", "whatsapp"]]


class SignInWithPhoneAndPasswordlessCredentials(TypedDict):
    phone: str
    options: NotRequired[SignInWithPhoneAndPasswordlessCredentialsOptions]


SignInWithPasswordlessCredentials = Union[
    SignInWithEmailAndPasswordlessCredentials, SignInWithPhoneAndPasswordlessCredentials
]


class ResendEmailCredentialsOptions(TypedDict):
    email_redirect_to: NotRequired[str]
    captcha_token: NotRequired[str]


class ResendEmailCredentials(TypedDict):
    type: Literal["signup", "email_change"]
    email: str
    options: NotRequired[ResendEmailCredentialsOptions]


class ResendPhoneCredentialsOptions(TypedDict):
    captcha_token: NotRequired[str]


class ResendPhoneCredentials(TypedDict):
    type: Literal["sms", "phone_change"]
    phone: str
    options: NotRequired[ResendPhoneCredentialsOptions]


ResendCredentials = Union[ResendEmailCredentials, ResendPhoneCredentials]


class SignInWithOAuthCredentialsOptions(TypedDict):
    redirect_to: NotRequired[str]
    scopes: NotRequired[str]
    query_params: NotRequired[Dict[str, str]]


class SignInWithOAuthCredentials(TypedDict):
    provider: Provider
    options: NotRequired[SignInWithOAuthCredentialsOptions]


class SignInWithSSOCredentials(TypedDict):
    provider_id: NotRequired[str]
    domain: NotRequired[str]
    options: NotRequired[SignInWithSSOOptions]


class SignInWithSSOOptions(TypedDict):
    redirect_to: NotRequired[str]
    skip_http_redirect: NotRequired[bool]


class SignInAnonymouslyCredentials(TypedDict):
    options: NotRequired[SignInAnonymouslyCredentialsOptions]


class SignInAnonymouslyCredentialsOptions(TypedDict):
    data: NotRequired[Any]
    captcha_token: NotRequired[str]


class VerifyOtpParamsOptions(TypedDict):
    redirect_to: NotRequired[str]
    captcha_token: NotRequired[str]


class VerifyEmailOtpParams(TypedDict):
    email: str
    token: str
    type: EmailOtpType
    options: NotRequired[VerifyOtpParamsOptions]


class VerifyMobileOtpParams(TypedDict):
    phone: str
    token: str
    type: Literal["sms", "phone_change"]
    options: NotRequired[VerifyOtpParamsOptions]


class VerifyTokenHashParams(TypedDict):
    token_hash: str
    type: EmailOtpType
    options: NotRequired[VerifyOtpParamsOptions]


VerifyOtpParams = Union[VerifyEmailOtpParams, VerifyMobileOtpParams, VerifyTokenHashParams]


class GenerateLinkParamsOptions(TypedDict):
    redirect_to: NotRequired[str]


class GenerateLinkParamsWithDataOptions(GenerateLinkParamsOptions, TypedDict):
    data: NotRequired[Any]


class GenerateSignupLinkParams(TypedDict):
    type: Literal["signup"]
    email: str
    password: str
    options: NotRequired[GenerateLinkParamsWithDataOptions]


class GenerateInviteOrMagiclinkParams(TypedDict):
    type: Literal["invite", "magiclink"]
    email: str
    options: NotRequired[GenerateLinkParamsWithDataOptions]


class GenerateRecoveryLinkParams(TypedDict):
    type: Literal["recovery"]
    email: str
    options: NotRequired[GenerateLinkParamsOptions]


class GenerateEmailChangeLinkParams(TypedDict):
    type: Literal["email_change_current", "email_change_new"]
    email: str
    new_email: str
    options: NotRequired[GenerateLinkParamsOptions]


GenerateLinkParams = Union[
    GenerateSignupLinkParams, GenerateInviteOrMagiclinkParams, GenerateRecoveryLinkParams,
    GenerateEmailChangeLinkParams,
]

GenerateLinkType = Literal["signup", "invite", "magiclink", "recovery", "email_change_current", "email_change_new"]


class MFAEnrollTOTPParams(TypedDict):
    factor_type: Literal["totp"]
    issuer: NotRequired[str]
    friendly_name: NotRequired[str]


class MFAEnrollPhoneParams(TypedDict):
    factor_type: Literal["phone"]
    friendly_name: NotRequired[str]
    phone: str


MFAEnrollParams = Union[MFAEnrollTOTPParams, MFAEnrollPhoneParams]


class MFAUnenrollParams(TypedDict):
    factor_id: str


class CodeExchangeParams(TypedDict):
    code_verifier: str
    """The PKCE verifier (the core keeps its own; see the README)."""
    auth_code: str
    """The code from the callback URL."""
    redirect_to: str
    """Where to go once the session is obtained."""


class MFAVerifyParams(TypedDict):
    factor_id: str
    challenge_id: str
    code: str


class MFAChallengeParams(TypedDict):
    factor_id: str
    channel: NotRequired[Literal["sms", "whatsapp"]]


class MFAChallengeAndVerifyParams(TypedDict):
    factor_id: str
    code: str


class AuthMFAVerifyResponse(BaseModel):
    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    user: User


class AuthMFAEnrollResponseTotp(BaseModel):
    qr_code: str
    """An SVG QR code of the authenticator URI (prefixed as a data URL). Never log it."""
    secret: str
    """The TOTP secret. Never log it."""
    uri: str
    """The otpauth:// URI. Never log it."""


class AuthMFAEnrollResponse(BaseModel):
    id: str
    type: Literal["totp", "phone"]
    totp: Optional[AuthMFAEnrollResponseTotp] = None
    model_config = ConfigDict(arbitrary_types_allowed=True)
    friendly_name: str
    phone: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def validate_phone_required_for_phone_type(cls, values: Any) -> Any:
        if isinstance(values, dict) and values.get("type") == "phone" and not values.get("phone"):
            raise ValueError("phone is required when type is 'phone'")
        return values


class AuthMFAUnenrollResponse(BaseModel):
    id: str


class AuthMFAChallengeResponse(BaseModel):
    id: str
    expires_at: int
    factor_type: Optional[Literal["totp", "phone"]] = Field(validation_alias="type", default=None)


class AuthMFAListFactorsResponse(BaseModel):
    all: List[Factor]
    totp: List[Factor]
    phone: List[Factor]


AuthenticatorAssuranceLevels = Literal["aal1", "aal2"]


class AuthMFAGetAuthenticatorAssuranceLevelResponse(BaseModel):
    current_level: Optional[AuthenticatorAssuranceLevels] = None
    next_level: Optional[AuthenticatorAssuranceLevels] = None
    current_authentication_methods: List[AMREntry]


class AuthMFAAdminDeleteFactorResponse(BaseModel):
    id: str


class AuthMFAAdminDeleteFactorParams(TypedDict):
    id: str
    user_id: str


class AuthMFAAdminListFactorsResponse(BaseModel):
    factors: List[Factor]


class AuthMFAAdminListFactorsParams(TypedDict):
    user_id: str


class GenerateLinkProperties(BaseModel):
    """What admin.generate_link produced (no mail is sent)."""

    action_link: str
    email_otp: str
    hashed_token: str
    redirect_to: str
    verification_type: GenerateLinkType


class GenerateLinkResponse(BaseModel):
    properties: GenerateLinkProperties
    user: User


class DecodedJWTDict(TypedDict):
    exp: NotRequired[int]
    aal: NotRequired[Optional[AuthenticatorAssuranceLevels]]
    amr: NotRequired[Optional[List[AMREntry]]]


SignOutScope = Literal["global", "local", "others"]


class SignOutOptions(TypedDict):
    scope: NotRequired[SignOutScope]


class JWTHeader(TypedDict):
    alg: Literal["RS256", "ES256", "HS256"]
    typ: str
    kid: str


class RequiredClaims(TypedDict):
    iss: str
    sub: str
    auth: Union[str, List[str]]
    exp: int
    iat: int
    role: str
    aal: AuthenticatorAssuranceLevels
    session_id: str


class JWTPayload(RequiredClaims, total=False):
    pass


class ClaimsResponse(TypedDict):
    claims: JWTPayload
    headers: JWTHeader
    signature: bytes


class JWK(TypedDict, total=False):
    kty: Literal["RSA", "EC", "oct"]
    key_ops: List[str]
    alg: Optional[str]
    kid: Optional[str]


class JWKSet(TypedDict):
    keys: List[JWK]


for _model in (
    AMREntry, AuthResponse, OAuthResponse, UserResponse, Session, UserIdentity, Factor, User,
    Subscription, AuthMFAVerifyResponse, AuthMFAEnrollResponseTotp, AuthMFAEnrollResponse,
    AuthMFAUnenrollResponse, AuthMFAChallengeResponse, AuthMFAListFactorsResponse,
    AuthMFAGetAuthenticatorAssuranceLevelResponse, AuthMFAAdminDeleteFactorResponse,
    AuthMFAAdminListFactorsResponse, GenerateLinkProperties, IdentitiesResponse,
    GenerateLinkResponse, AuthOtpResponse, SSOResponse, LinkIdentityResponse,
):
    _model.model_rebuild()
del _model
