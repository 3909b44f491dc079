// Every error code, one row each: `/// doc`, then `Variant = number => "name"`.
// For server codes the name is the server's `error_code` string; for client codes (below 100)
// it is the library's own snake_case name. This file is the one place a code is declared:
// the core `ErrorCode`, the C enum `GoTrueErrorCode`, the name lookup, the server-code mapping,
// the header and the ABI manifest are all generated from it (each includer defines
// `error_codes!`). Numbers are part of the ABI: append new codes, never renumber or reuse one.
error_codes! {
    /// Not an error; never carried by a GoTrueError (wrappers use it as a sentinel).
    Ok = 0 => "ok",
    /// An error the library could not classify.
    Unknown = 1 => "unknown_error",
    /// A Rust panic was caught at the C boundary. The client handle stays usable.
    Panic = 2 => "panic",
    /// An argument was invalid (empty, contradictory, out of range).
    InvalidArgument = 3 => "invalid_argument",
    /// A required pointer argument was NULL.
    NullArgument = 4 => "null_argument",
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 5 => "invalid_utf8",
    /// An options/attributes JSON argument was malformed or had the wrong shape.
    InvalidJson = 6 => "invalid_json",
    /// Could not reach the server (connection refused, reset, DNS, TLS).
    Network = 7 => "network",
    /// The request did not complete within the configured timeout.
    Timeout = 8 => "timeout",
    /// The server's response could not be decoded (not JSON, missing fields).
    InvalidResponse = 9 => "invalid_response",
    /// The operation needs a session and the client has none.
    SessionMissing = 10 => "session_missing",
    /// The server answered with an HTTP error but no error code.
    HttpError = 11 => "http_error",
    /// The configured storage failed to read, write or remove.
    Storage = 12 => "storage",
    /// No PKCE code verifier is stored for this flow (exchange_code_for_session).
    PkceVerifierMissing = 13 => "pkce_verifier_missing",
    /// A JWT could not be decoded or failed local verification.
    InvalidJwt = 14 => "invalid_jwt",
    /// A JWT has expired.
    JwtExpired = 15 => "jwt_expired",
    /// A redirect/callback URL carried an error (error, error_code, error_description).
    AuthRedirect = 16 => "auth_redirect",
    /// The session's user could not be determined.
    UserMissing = 17 => "user_missing",
    /// No signing key with the token's key id is in the server's JWKS.
    JwkNotFound = 18 => "jwk_not_found",
    /// The operation was cancelled before it completed: gotrue_request_cancel() or
    /// gotrue_loopback_cancel(), or its client was freed.
    Cancelled = 19 => "cancelled",
    /// A non-blocking call's result was asked for before the call completed.
    RequestPending = 20 => "request_pending",
    /// The server reported an error_code this version does not know; see the server code string.
    UnknownServerCode = 99 => "unknown_server_code",
    /// Server code `unknown`.
    ServerUnknown = 100 => "unknown",
    /// Server code `unexpected_failure`.
    UnexpectedFailure = 101 => "unexpected_failure",
    /// Server code `validation_failed`.
    ValidationFailed = 102 => "validation_failed",
    /// Server code `bad_json`.
    BadJson = 103 => "bad_json",
    /// Server code `email_exists`.
    EmailExists = 104 => "email_exists",
    /// Server code `phone_exists`.
    PhoneExists = 105 => "phone_exists",
    /// Server code `bad_jwt`.
    BadJwt = 106 => "bad_jwt",
    /// Server code `not_admin`.
    NotAdmin = 107 => "not_admin",
    /// Server code `no_authorization`.
    NoAuthorization = 108 => "no_authorization",
    /// Server code `user_not_found`.
    UserNotFound = 109 => "user_not_found",
    /// Server code `session_not_found`.
    SessionNotFound = 110 => "session_not_found",
    /// Server code `session_expired`.
    SessionExpired = 111 => "session_expired",
    /// Server code `refresh_token_not_found`.
    RefreshTokenNotFound = 112 => "refresh_token_not_found",
    /// Server code `refresh_token_already_used`.
    RefreshTokenAlreadyUsed = 113 => "refresh_token_already_used",
    /// Server code `flow_state_not_found`.
    FlowStateNotFound = 114 => "flow_state_not_found",
    /// Server code `flow_state_expired`.
    FlowStateExpired = 115 => "flow_state_expired",
    /// Server code `oauth_client_state_not_found`.
    OauthClientStateNotFound = 116 => "oauth_client_state_not_found",
    /// Server code `oauth_client_state_expired`.
    OauthClientStateExpired = 117 => "oauth_client_state_expired",
    /// Server code `oauth_invalid_state`.
    OauthInvalidState = 118 => "oauth_invalid_state",
    /// Server code `signup_disabled`.
    SignupDisabled = 119 => "signup_disabled",
    /// Server code `user_banned`.
    UserBanned = 120 => "user_banned",
    /// Server code `provider_email_needs_verification`.
    ProviderEmailNeedsVerification = 121 => "provider_email_needs_verification",
    /// Server code `invite_not_found`.
    InviteNotFound = 122 => "invite_not_found",
    /// Server code `bad_oauth_state`.
    BadOauthState = 123 => "bad_oauth_state",
    /// Server code `bad_oauth_callback`.
    BadOauthCallback = 124 => "bad_oauth_callback",
    /// Server code `oauth_provider_not_supported`.
    OauthProviderNotSupported = 125 => "oauth_provider_not_supported",
    /// Server code `unexpected_audience`.
    UnexpectedAudience = 126 => "unexpected_audience",
    /// Server code `single_identity_not_deletable`.
    SingleIdentityNotDeletable = 127 => "single_identity_not_deletable",
    /// Server code `email_conflict_identity_not_deletable`.
    EmailConflictIdentityNotDeletable = 128 => "email_conflict_identity_not_deletable",
    /// Server code `identity_already_exists`.
    IdentityAlreadyExists = 129 => "identity_already_exists",
    /// Server code `email_provider_disabled`.
    EmailProviderDisabled = 130 => "email_provider_disabled",
    /// Server code `phone_provider_disabled`.
    PhoneProviderDisabled = 131 => "phone_provider_disabled",
    /// Server code `too_many_enrolled_mfa_factors`.
    TooManyEnrolledMfaFactors = 132 => "too_many_enrolled_mfa_factors",
    /// Server code `mfa_factor_name_conflict`.
    MfaFactorNameConflict = 133 => "mfa_factor_name_conflict",
    /// Server code `mfa_factor_not_found`.
    MfaFactorNotFound = 134 => "mfa_factor_not_found",
    /// Server code `mfa_ip_address_mismatch`.
    MfaIpAddressMismatch = 135 => "mfa_ip_address_mismatch",
    /// Server code `mfa_challenge_expired`.
    MfaChallengeExpired = 136 => "mfa_challenge_expired",
    /// Server code `mfa_verification_failed`.
    MfaVerificationFailed = 137 => "mfa_verification_failed",
    /// Server code `mfa_verification_rejected`.
    MfaVerificationRejected = 138 => "mfa_verification_rejected",
    /// Server code `insufficient_aal`.
    InsufficientAal = 139 => "insufficient_aal",
    /// Server code `captcha_failed`.
    CaptchaFailed = 140 => "captcha_failed",
    /// Server code `saml_provider_disabled`.
    SamlProviderDisabled = 141 => "saml_provider_disabled",
    /// Server code `manual_linking_disabled`.
    ManualLinkingDisabled = 142 => "manual_linking_disabled",
    /// Server code `sms_send_failed`.
    SmsSendFailed = 143 => "sms_send_failed",
    /// Server code `email_not_confirmed`.
    EmailNotConfirmed = 144 => "email_not_confirmed",
    /// Server code `phone_not_confirmed`.
    PhoneNotConfirmed = 145 => "phone_not_confirmed",
    /// Server code `saml_relay_state_not_found`.
    SamlRelayStateNotFound = 146 => "saml_relay_state_not_found",
    /// Server code `saml_relay_state_expired`.
    SamlRelayStateExpired = 147 => "saml_relay_state_expired",
    /// Server code `saml_idp_not_found`.
    SamlIdpNotFound = 148 => "saml_idp_not_found",
    /// Server code `saml_assertion_no_user_id`.
    SamlAssertionNoUserId = 149 => "saml_assertion_no_user_id",
    /// Server code `saml_assertion_no_email`.
    SamlAssertionNoEmail = 150 => "saml_assertion_no_email",
    /// Server code `user_already_exists`.
    UserAlreadyExists = 151 => "user_already_exists",
    /// Server code `sso_provider_not_found`.
    SsoProviderNotFound = 152 => "sso_provider_not_found",
    /// Server code `sso_provider_disabled`.
    SsoProviderDisabled = 153 => "sso_provider_disabled",
    /// Server code `saml_metadata_fetch_failed`.
    SamlMetadataFetchFailed = 154 => "saml_metadata_fetch_failed",
    /// Server code `saml_idp_already_exists`.
    SamlIdpAlreadyExists = 155 => "saml_idp_already_exists",
    /// Server code `sso_domain_already_exists`.
    SsoDomainAlreadyExists = 156 => "sso_domain_already_exists",
    /// Server code `saml_entity_id_mismatch`.
    SamlEntityIdMismatch = 157 => "saml_entity_id_mismatch",
    /// Server code `conflict`.
    Conflict = 158 => "conflict",
    /// Server code `provider_disabled`.
    ProviderDisabled = 159 => "provider_disabled",
    /// Server code `user_sso_managed`.
    UserSsoManaged = 160 => "user_sso_managed",
    /// Server code `reauthentication_needed`.
    ReauthenticationNeeded = 161 => "reauthentication_needed",
    /// Server code `same_password`.
    SamePassword = 162 => "same_password",
    /// Server code `reauthentication_not_valid`.
    ReauthenticationNotValid = 163 => "reauthentication_not_valid",
    /// Server code `otp_expired`.
    OtpExpired = 164 => "otp_expired",
    /// Server code `otp_disabled`.
    OtpDisabled = 165 => "otp_disabled",
    /// Server code `identity_not_found`.
    IdentityNotFound = 166 => "identity_not_found",
    /// Server code `weak_password`.
    WeakPassword = 167 => "weak_password",
    /// Server code `over_request_rate_limit`.
    OverRequestRateLimit = 168 => "over_request_rate_limit",
    /// Server code `over_email_send_rate_limit`.
    OverEmailSendRateLimit = 169 => "over_email_send_rate_limit",
    /// Server code `over_sms_send_rate_limit`.
    OverSmsSendRateLimit = 170 => "over_sms_send_rate_limit",
    /// Server code `bad_code_verifier`.
    BadCodeVerifier = 171 => "bad_code_verifier",
    /// Server code `anonymous_provider_disabled`.
    AnonymousProviderDisabled = 172 => "anonymous_provider_disabled",
    /// Server code `hook_timeout`.
    HookTimeout = 173 => "hook_timeout",
    /// Server code `hook_timeout_after_retry`.
    HookTimeoutAfterRetry = 174 => "hook_timeout_after_retry",
    /// Server code `hook_payload_over_size_limit`.
    HookPayloadOverSizeLimit = 175 => "hook_payload_over_size_limit",
    /// Server code `hook_payload_invalid_content_type`.
    HookPayloadInvalidContentType = 176 => "hook_payload_invalid_content_type",
    /// Server code `request_timeout`.
    RequestTimeout = 177 => "request_timeout",
    /// Server code `mfa_phone_enroll_not_enabled`.
    MfaPhoneEnrollNotEnabled = 178 => "mfa_phone_enroll_not_enabled",
    /// Server code `mfa_phone_verify_not_enabled`.
    MfaPhoneVerifyNotEnabled = 179 => "mfa_phone_verify_not_enabled",
    /// Server code `mfa_totp_enroll_not_enabled`.
    MfaTotpEnrollNotEnabled = 180 => "mfa_totp_enroll_not_enabled",
    /// Server code `mfa_totp_verify_not_enabled`.
    MfaTotpVerifyNotEnabled = 181 => "mfa_totp_verify_not_enabled",
    /// Server code `mfa_webauthn_enroll_not_enabled`.
    MfaWebauthnEnrollNotEnabled = 182 => "mfa_webauthn_enroll_not_enabled",
    /// Server code `mfa_webauthn_verify_not_enabled`.
    MfaWebauthnVerifyNotEnabled = 183 => "mfa_webauthn_verify_not_enabled",
    /// Server code `mfa_verified_factor_exists`.
    MfaVerifiedFactorExists = 184 => "mfa_verified_factor_exists",
    /// Server code `invalid_credentials`.
    InvalidCredentials = 185 => "invalid_credentials",
    /// Server code `email_address_not_authorized`.
    EmailAddressNotAuthorized = 186 => "email_address_not_authorized",
    /// Server code `email_address_invalid`.
    EmailAddressInvalid = 187 => "email_address_invalid",
    /// Server code `web3_provider_disabled`.
    Web3ProviderDisabled = 188 => "web3_provider_disabled",
    /// Server code `web3_unsupported_chain`.
    Web3UnsupportedChain = 189 => "web3_unsupported_chain",
    /// Server code `oauth_dynamic_client_registration_disabled`.
    OauthDynamicClientRegistrationDisabled = 190 => "oauth_dynamic_client_registration_disabled",
    /// Server code `email_address_not_provided`.
    EmailAddressNotProvided = 191 => "email_address_not_provided",
    /// Server code `oauth_client_not_found`.
    OauthClientNotFound = 192 => "oauth_client_not_found",
    /// Server code `oauth_authorization_not_found`.
    OauthAuthorizationNotFound = 193 => "oauth_authorization_not_found",
    /// Server code `oauth_consent_not_found`.
    OauthConsentNotFound = 194 => "oauth_consent_not_found",
    /// OAuth-style `{"error":"invalid_grant"}` answers from /token without an error_code.
    InvalidGrant = 195 => "invalid_grant",
    /// Server code `flow_state_already_used`.
    FlowStateAlreadyUsed = 196 => "flow_state_already_used",
    /// Server code `current_password_invalid`.
    CurrentPasswordInvalid = 197 => "current_password_invalid",
    /// Server code `current_password_required`.
    CurrentPasswordRequired = 198 => "current_password_required",
    /// Server code `feature_disabled`.
    FeatureDisabled = 199 => "feature_disabled",
    /// Server code `request_entity_too_large`.
    RequestEntityTooLarge = 200 => "request_entity_too_large",
    /// Server code `custom_provider_not_found`.
    CustomProviderNotFound = 201 => "custom_provider_not_found",
    /// Server code `over_custom_provider_quota`.
    OverCustomProviderQuota = 202 => "over_custom_provider_quota",
    /// Server code `passkey_disabled`.
    PasskeyDisabled = 203 => "passkey_disabled",
    /// Server code `too_many_passkeys`.
    TooManyPasskeys = 204 => "too_many_passkeys",
    /// Server code `webauthn_challenge_not_found`.
    WebauthnChallengeNotFound = 205 => "webauthn_challenge_not_found",
    /// Server code `webauthn_challenge_expired`.
    WebauthnChallengeExpired = 206 => "webauthn_challenge_expired",
    /// Server code `webauthn_verification_failed`.
    WebauthnVerificationFailed = 207 => "webauthn_verification_failed",
    /// Server code `webauthn_credential_not_found`.
    WebauthnCredentialNotFound = 208 => "webauthn_credential_not_found",
    /// Server code `webauthn_credential_exists`.
    WebauthnCredentialExists = 209 => "webauthn_credential_exists",
}
