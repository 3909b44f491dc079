//! Errors: one `Error` type for every failure, carrying a stable `ErrorCode`.
//!
//! Numbers are part of the C ABI: never renumber, never reuse. Client-side codes live
//! below 100; codes the server sends (its `error_code` strings) start at 100.

use std::fmt;

/// Stable error codes. Client-side codes are below 100; codes from the server's
/// `error_code` field start at 100 (the server's string is available verbatim too).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Not an error; never carried by a GoTrueError (wrappers use it as a sentinel).
    Ok = 0,
    /// An error the library could not classify.
    Unknown = 1,
    /// A Rust panic was caught at the C boundary. The client handle stays usable.
    Panic = 2,
    /// An argument was invalid (empty, contradictory, out of range).
    InvalidArgument = 3,
    /// A required pointer argument was NULL.
    NullArgument = 4,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 5,
    /// An options/attributes JSON argument was malformed or had the wrong shape.
    InvalidJson = 6,
    /// Could not reach the server (connection refused, reset, DNS, TLS).
    Network = 7,
    /// The request did not complete within the configured timeout.
    Timeout = 8,
    /// The server's response could not be decoded (not JSON, missing fields).
    InvalidResponse = 9,
    /// The operation needs a session and the client has none.
    SessionMissing = 10,
    /// The server answered with an HTTP error but no error code.
    HttpError = 11,
    /// The configured storage failed to read, write or remove.
    Storage = 12,
    /// No PKCE code verifier is stored for this flow (exchange_code_for_session).
    PkceVerifierMissing = 13,
    /// A JWT could not be decoded or failed local verification.
    InvalidJwt = 14,
    /// A JWT has expired.
    JwtExpired = 15,
    /// A redirect/callback URL carried an error (error, error_code, error_description).
    AuthRedirect = 16,
    /// The session's user could not be determined.
    UserMissing = 17,
    /// No signing key with the token's key id is in the server's JWKS.
    JwkNotFound = 18,
    /// The server reported an error_code this version does not know; see the server code string.
    UnknownServerCode = 99,
    /// Server code `unknown`.
    ServerUnknown = 100,
    /// Server code `unexpected_failure`.
    UnexpectedFailure = 101,
    /// Server code `validation_failed`.
    ValidationFailed = 102,
    /// Server code `bad_json`.
    BadJson = 103,
    /// Server code `email_exists`.
    EmailExists = 104,
    /// Server code `phone_exists`.
    PhoneExists = 105,
    /// Server code `bad_jwt`.
    BadJwt = 106,
    /// Server code `not_admin`.
    NotAdmin = 107,
    /// Server code `no_authorization`.
    NoAuthorization = 108,
    /// Server code `user_not_found`.
    UserNotFound = 109,
    /// Server code `session_not_found`.
    SessionNotFound = 110,
    /// Server code `session_expired`.
    SessionExpired = 111,
    /// Server code `refresh_token_not_found`.
    RefreshTokenNotFound = 112,
    /// Server code `refresh_token_already_used`.
    RefreshTokenAlreadyUsed = 113,
    /// Server code `flow_state_not_found`.
    FlowStateNotFound = 114,
    /// Server code `flow_state_expired`.
    FlowStateExpired = 115,
    /// Server code `oauth_client_state_not_found`.
    OauthClientStateNotFound = 116,
    /// Server code `oauth_client_state_expired`.
    OauthClientStateExpired = 117,
    /// Server code `oauth_invalid_state`.
    OauthInvalidState = 118,
    /// Server code `signup_disabled`.
    SignupDisabled = 119,
    /// Server code `user_banned`.
    UserBanned = 120,
    /// Server code `provider_email_needs_verification`.
    ProviderEmailNeedsVerification = 121,
    /// Server code `invite_not_found`.
    InviteNotFound = 122,
    /// Server code `bad_oauth_state`.
    BadOauthState = 123,
    /// Server code `bad_oauth_callback`.
    BadOauthCallback = 124,
    /// Server code `oauth_provider_not_supported`.
    OauthProviderNotSupported = 125,
    /// Server code `unexpected_audience`.
    UnexpectedAudience = 126,
    /// Server code `single_identity_not_deletable`.
    SingleIdentityNotDeletable = 127,
    /// Server code `email_conflict_identity_not_deletable`.
    EmailConflictIdentityNotDeletable = 128,
    /// Server code `identity_already_exists`.
    IdentityAlreadyExists = 129,
    /// Server code `email_provider_disabled`.
    EmailProviderDisabled = 130,
    /// Server code `phone_provider_disabled`.
    PhoneProviderDisabled = 131,
    /// Server code `too_many_enrolled_mfa_factors`.
    TooManyEnrolledMfaFactors = 132,
    /// Server code `mfa_factor_name_conflict`.
    MfaFactorNameConflict = 133,
    /// Server code `mfa_factor_not_found`.
    MfaFactorNotFound = 134,
    /// Server code `mfa_ip_address_mismatch`.
    MfaIpAddressMismatch = 135,
    /// Server code `mfa_challenge_expired`.
    MfaChallengeExpired = 136,
    /// Server code `mfa_verification_failed`.
    MfaVerificationFailed = 137,
    /// Server code `mfa_verification_rejected`.
    MfaVerificationRejected = 138,
    /// Server code `insufficient_aal`.
    InsufficientAal = 139,
    /// Server code `captcha_failed`.
    CaptchaFailed = 140,
    /// Server code `saml_provider_disabled`.
    SamlProviderDisabled = 141,
    /// Server code `manual_linking_disabled`.
    ManualLinkingDisabled = 142,
    /// Server code `sms_send_failed`.
    SmsSendFailed = 143,
    /// Server code `email_not_confirmed`.
    EmailNotConfirmed = 144,
    /// Server code `phone_not_confirmed`.
    PhoneNotConfirmed = 145,
    /// Server code `saml_relay_state_not_found`.
    SamlRelayStateNotFound = 146,
    /// Server code `saml_relay_state_expired`.
    SamlRelayStateExpired = 147,
    /// Server code `saml_idp_not_found`.
    SamlIdpNotFound = 148,
    /// Server code `saml_assertion_no_user_id`.
    SamlAssertionNoUserId = 149,
    /// Server code `saml_assertion_no_email`.
    SamlAssertionNoEmail = 150,
    /// Server code `user_already_exists`.
    UserAlreadyExists = 151,
    /// Server code `sso_provider_not_found`.
    SsoProviderNotFound = 152,
    /// Server code `sso_provider_disabled`.
    SsoProviderDisabled = 153,
    /// Server code `saml_metadata_fetch_failed`.
    SamlMetadataFetchFailed = 154,
    /// Server code `saml_idp_already_exists`.
    SamlIdpAlreadyExists = 155,
    /// Server code `sso_domain_already_exists`.
    SsoDomainAlreadyExists = 156,
    /// Server code `saml_entity_id_mismatch`.
    SamlEntityIdMismatch = 157,
    /// Server code `conflict`.
    Conflict = 158,
    /// Server code `provider_disabled`.
    ProviderDisabled = 159,
    /// Server code `user_sso_managed`.
    UserSsoManaged = 160,
    /// Server code `reauthentication_needed`.
    ReauthenticationNeeded = 161,
    /// Server code `same_password`.
    SamePassword = 162,
    /// Server code `reauthentication_not_valid`.
    ReauthenticationNotValid = 163,
    /// Server code `otp_expired`.
    OtpExpired = 164,
    /// Server code `otp_disabled`.
    OtpDisabled = 165,
    /// Server code `identity_not_found`.
    IdentityNotFound = 166,
    /// Server code `weak_password`.
    WeakPassword = 167,
    /// Server code `over_request_rate_limit`.
    OverRequestRateLimit = 168,
    /// Server code `over_email_send_rate_limit`.
    OverEmailSendRateLimit = 169,
    /// Server code `over_sms_send_rate_limit`.
    OverSmsSendRateLimit = 170,
    /// Server code `bad_code_verifier`.
    BadCodeVerifier = 171,
    /// Server code `anonymous_provider_disabled`.
    AnonymousProviderDisabled = 172,
    /// Server code `hook_timeout`.
    HookTimeout = 173,
    /// Server code `hook_timeout_after_retry`.
    HookTimeoutAfterRetry = 174,
    /// Server code `hook_payload_over_size_limit`.
    HookPayloadOverSizeLimit = 175,
    /// Server code `hook_payload_invalid_content_type`.
    HookPayloadInvalidContentType = 176,
    /// Server code `request_timeout`.
    RequestTimeout = 177,
    /// Server code `mfa_phone_enroll_not_enabled`.
    MfaPhoneEnrollNotEnabled = 178,
    /// Server code `mfa_phone_verify_not_enabled`.
    MfaPhoneVerifyNotEnabled = 179,
    /// Server code `mfa_totp_enroll_not_enabled`.
    MfaTotpEnrollNotEnabled = 180,
    /// Server code `mfa_totp_verify_not_enabled`.
    MfaTotpVerifyNotEnabled = 181,
    /// Server code `mfa_webauthn_enroll_not_enabled`.
    MfaWebauthnEnrollNotEnabled = 182,
    /// Server code `mfa_webauthn_verify_not_enabled`.
    MfaWebauthnVerifyNotEnabled = 183,
    /// Server code `mfa_verified_factor_exists`.
    MfaVerifiedFactorExists = 184,
    /// Server code `invalid_credentials`.
    InvalidCredentials = 185,
    /// Server code `email_address_not_authorized`.
    EmailAddressNotAuthorized = 186,
    /// Server code `email_address_invalid`.
    EmailAddressInvalid = 187,
    /// Server code `web3_provider_disabled`.
    Web3ProviderDisabled = 188,
    /// Server code `web3_unsupported_chain`.
    Web3UnsupportedChain = 189,
    /// Server code `oauth_dynamic_client_registration_disabled`.
    OauthDynamicClientRegistrationDisabled = 190,
    /// Server code `email_address_not_provided`.
    EmailAddressNotProvided = 191,
    /// Server code `oauth_client_not_found`.
    OauthClientNotFound = 192,
    /// Server code `oauth_authorization_not_found`.
    OauthAuthorizationNotFound = 193,
    /// Server code `oauth_consent_not_found`.
    OauthConsentNotFound = 194,
    /// OAuth-style `{"error":"invalid_grant"}` answers from /token without an error_code.
    InvalidGrant = 195,
}

/// Client-side codes with their names, in numeric order.
const CLIENT_CODES: &[(ErrorCode, &str)] = &[
    (ErrorCode::Ok, "ok"),
    (ErrorCode::Unknown, "unknown_error"),
    (ErrorCode::Panic, "panic"),
    (ErrorCode::InvalidArgument, "invalid_argument"),
    (ErrorCode::NullArgument, "null_argument"),
    (ErrorCode::InvalidUtf8, "invalid_utf8"),
    (ErrorCode::InvalidJson, "invalid_json"),
    (ErrorCode::Network, "network"),
    (ErrorCode::Timeout, "timeout"),
    (ErrorCode::InvalidResponse, "invalid_response"),
    (ErrorCode::SessionMissing, "session_missing"),
    (ErrorCode::HttpError, "http_error"),
    (ErrorCode::Storage, "storage"),
    (ErrorCode::PkceVerifierMissing, "pkce_verifier_missing"),
    (ErrorCode::InvalidJwt, "invalid_jwt"),
    (ErrorCode::JwtExpired, "jwt_expired"),
    (ErrorCode::AuthRedirect, "auth_redirect"),
    (ErrorCode::UserMissing, "user_missing"),
    (ErrorCode::JwkNotFound, "jwk_not_found"),
    (ErrorCode::UnknownServerCode, "unknown_server_code"),
];

/// Server codes with the server's strings, in numeric order.
const SERVER_CODES: &[(ErrorCode, &str)] = &[
    (ErrorCode::ServerUnknown, "unknown"),
    (ErrorCode::UnexpectedFailure, "unexpected_failure"),
    (ErrorCode::ValidationFailed, "validation_failed"),
    (ErrorCode::BadJson, "bad_json"),
    (ErrorCode::EmailExists, "email_exists"),
    (ErrorCode::PhoneExists, "phone_exists"),
    (ErrorCode::BadJwt, "bad_jwt"),
    (ErrorCode::NotAdmin, "not_admin"),
    (ErrorCode::NoAuthorization, "no_authorization"),
    (ErrorCode::UserNotFound, "user_not_found"),
    (ErrorCode::SessionNotFound, "session_not_found"),
    (ErrorCode::SessionExpired, "session_expired"),
    (ErrorCode::RefreshTokenNotFound, "refresh_token_not_found"),
    (ErrorCode::RefreshTokenAlreadyUsed, "refresh_token_already_used"),
    (ErrorCode::FlowStateNotFound, "flow_state_not_found"),
    (ErrorCode::FlowStateExpired, "flow_state_expired"),
    (ErrorCode::OauthClientStateNotFound, "oauth_client_state_not_found"),
    (ErrorCode::OauthClientStateExpired, "oauth_client_state_expired"),
    (ErrorCode::OauthInvalidState, "oauth_invalid_state"),
    (ErrorCode::SignupDisabled, "signup_disabled"),
    (ErrorCode::UserBanned, "user_banned"),
    (ErrorCode::ProviderEmailNeedsVerification, "provider_email_needs_verification"),
    (ErrorCode::InviteNotFound, "invite_not_found"),
    (ErrorCode::BadOauthState, "bad_oauth_state"),
    (ErrorCode::BadOauthCallback, "bad_oauth_callback"),
    (ErrorCode::OauthProviderNotSupported, "oauth_provider_not_supported"),
    (ErrorCode::UnexpectedAudience, "unexpected_audience"),
    (ErrorCode::SingleIdentityNotDeletable, "single_identity_not_deletable"),
    (ErrorCode::EmailConflictIdentityNotDeletable, "email_conflict_identity_not_deletable"),
    (ErrorCode::IdentityAlreadyExists, "identity_already_exists"),
    (ErrorCode::EmailProviderDisabled, "email_provider_disabled"),
    (ErrorCode::PhoneProviderDisabled, "phone_provider_disabled"),
    (ErrorCode::TooManyEnrolledMfaFactors, "too_many_enrolled_mfa_factors"),
    (ErrorCode::MfaFactorNameConflict, "mfa_factor_name_conflict"),
    (ErrorCode::MfaFactorNotFound, "mfa_factor_not_found"),
    (ErrorCode::MfaIpAddressMismatch, "mfa_ip_address_mismatch"),
    (ErrorCode::MfaChallengeExpired, "mfa_challenge_expired"),
    (ErrorCode::MfaVerificationFailed, "mfa_verification_failed"),
    (ErrorCode::MfaVerificationRejected, "mfa_verification_rejected"),
    (ErrorCode::InsufficientAal, "insufficient_aal"),
    (ErrorCode::CaptchaFailed, "captcha_failed"),
    (ErrorCode::SamlProviderDisabled, "saml_provider_disabled"),
    (ErrorCode::ManualLinkingDisabled, "manual_linking_disabled"),
    (ErrorCode::SmsSendFailed, "sms_send_failed"),
    (ErrorCode::EmailNotConfirmed, "email_not_confirmed"),
    (ErrorCode::PhoneNotConfirmed, "phone_not_confirmed"),
    (ErrorCode::SamlRelayStateNotFound, "saml_relay_state_not_found"),
    (ErrorCode::SamlRelayStateExpired, "saml_relay_state_expired"),
    (ErrorCode::SamlIdpNotFound, "saml_idp_not_found"),
    (ErrorCode::SamlAssertionNoUserId, "saml_assertion_no_user_id"),
    (ErrorCode::SamlAssertionNoEmail, "saml_assertion_no_email"),
    (ErrorCode::UserAlreadyExists, "user_already_exists"),
    (ErrorCode::SsoProviderNotFound, "sso_provider_not_found"),
    (ErrorCode::SsoProviderDisabled, "sso_provider_disabled"),
    (ErrorCode::SamlMetadataFetchFailed, "saml_metadata_fetch_failed"),
    (ErrorCode::SamlIdpAlreadyExists, "saml_idp_already_exists"),
    (ErrorCode::SsoDomainAlreadyExists, "sso_domain_already_exists"),
    (ErrorCode::SamlEntityIdMismatch, "saml_entity_id_mismatch"),
    (ErrorCode::Conflict, "conflict"),
    (ErrorCode::ProviderDisabled, "provider_disabled"),
    (ErrorCode::UserSsoManaged, "user_sso_managed"),
    (ErrorCode::ReauthenticationNeeded, "reauthentication_needed"),
    (ErrorCode::SamePassword, "same_password"),
    (ErrorCode::ReauthenticationNotValid, "reauthentication_not_valid"),
    (ErrorCode::OtpExpired, "otp_expired"),
    (ErrorCode::OtpDisabled, "otp_disabled"),
    (ErrorCode::IdentityNotFound, "identity_not_found"),
    (ErrorCode::WeakPassword, "weak_password"),
    (ErrorCode::OverRequestRateLimit, "over_request_rate_limit"),
    (ErrorCode::OverEmailSendRateLimit, "over_email_send_rate_limit"),
    (ErrorCode::OverSmsSendRateLimit, "over_sms_send_rate_limit"),
    (ErrorCode::BadCodeVerifier, "bad_code_verifier"),
    (ErrorCode::AnonymousProviderDisabled, "anonymous_provider_disabled"),
    (ErrorCode::HookTimeout, "hook_timeout"),
    (ErrorCode::HookTimeoutAfterRetry, "hook_timeout_after_retry"),
    (ErrorCode::HookPayloadOverSizeLimit, "hook_payload_over_size_limit"),
    (ErrorCode::HookPayloadInvalidContentType, "hook_payload_invalid_content_type"),
    (ErrorCode::RequestTimeout, "request_timeout"),
    (ErrorCode::MfaPhoneEnrollNotEnabled, "mfa_phone_enroll_not_enabled"),
    (ErrorCode::MfaPhoneVerifyNotEnabled, "mfa_phone_verify_not_enabled"),
    (ErrorCode::MfaTotpEnrollNotEnabled, "mfa_totp_enroll_not_enabled"),
    (ErrorCode::MfaTotpVerifyNotEnabled, "mfa_totp_verify_not_enabled"),
    (ErrorCode::MfaWebauthnEnrollNotEnabled, "mfa_webauthn_enroll_not_enabled"),
    (ErrorCode::MfaWebauthnVerifyNotEnabled, "mfa_webauthn_verify_not_enabled"),
    (ErrorCode::MfaVerifiedFactorExists, "mfa_verified_factor_exists"),
    (ErrorCode::InvalidCredentials, "invalid_credentials"),
    (ErrorCode::EmailAddressNotAuthorized, "email_address_not_authorized"),
    (ErrorCode::EmailAddressInvalid, "email_address_invalid"),
    (ErrorCode::Web3ProviderDisabled, "web3_provider_disabled"),
    (ErrorCode::Web3UnsupportedChain, "web3_unsupported_chain"),
    (ErrorCode::OauthDynamicClientRegistrationDisabled, "oauth_dynamic_client_registration_disabled"),
    (ErrorCode::EmailAddressNotProvided, "email_address_not_provided"),
    (ErrorCode::OauthClientNotFound, "oauth_client_not_found"),
    (ErrorCode::OauthAuthorizationNotFound, "oauth_authorization_not_found"),
    (ErrorCode::OauthConsentNotFound, "oauth_consent_not_found"),
    (ErrorCode::InvalidGrant, "invalid_grant"),
];

impl ErrorCode {
    /// Maps the server's `error_code` string to its code; `None` for codes this version
    /// does not know (they become `UnknownServerCode`, the string is kept).
    pub fn from_server_code(code: &str) -> Option<ErrorCode> {
        SERVER_CODES.iter().find(|(_, s)| *s == code).map(|(c, _)| *c)
    }

    /// The server's string for server codes, a snake_case name for client codes.
    pub fn as_str(self) -> &'static str {
        CLIENT_CODES.iter().chain(SERVER_CODES).find(|(c, _)| *c == self).map_or("unknown", |(_, s)| *s)
    }

    /// Every code, in numeric order (wrappers and tests enumerate this).
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        CLIENT_CODES.iter().chain(SERVER_CODES).map(|(c, _)| *c)
    }
}

impl ErrorCode {
    /// True when a failed refresh with this code means the refresh token is dead for good,
    /// so the session must be removed. Everything else (network, 5xx, 429...) keeps it.
    pub fn is_definitive_refresh_failure(self) -> bool {
        matches!(
            self,
            ErrorCode::RefreshTokenNotFound
                | ErrorCode::RefreshTokenAlreadyUsed
                | ErrorCode::SessionNotFound
                | ErrorCode::SessionExpired
                | ErrorCode::UserNotFound
                | ErrorCode::UserBanned
                | ErrorCode::InvalidGrant
                | ErrorCode::BadJwt
        )
    }

    /// True for failures worth retrying: the request may not have reached the server,
    /// or the server said it was temporarily unable to answer.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::Network | ErrorCode::Timeout | ErrorCode::RequestTimeout | ErrorCode::OverRequestRateLimit
        )
    }
}

/// Every failure in the library.
#[derive(Clone, Debug, thiserror::Error)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// HTTP status of the server's answer, 0 when there was none.
    pub http_status: u16,
    /// The server's `error_code` string, verbatim.
    pub server_code: Option<String>,
    /// Reasons given with `weak_password` (e.g. "length", "characters", "pwned").
    pub weak_password_reasons: Vec<String>,
    /// Seconds from the server's `Retry-After` header.
    pub retry_after_secs: Option<u64>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            http_status: 0,
            server_code: None,
            weak_password_reasons: Vec::new(),
            retry_after_secs: None,
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    pub fn invalid_json(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::InvalidJson, message)
    }

    pub fn invalid_response(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::InvalidResponse, message)
    }

    pub fn session_missing() -> Error {
        Error::new(ErrorCode::SessionMissing, "no session: sign in first")
    }

    /// True when the server (or the network) might answer differently on a retry.
    pub fn is_transient(&self) -> bool {
        self.code.is_transient() || self.http_status >= 500 || self.http_status == 429
    }

    /// Decodes an HTTP error answer in any of the server's three shapes:
    /// `{code:"x", message}` (API version 2024-01-01), legacy `{code:400, error_code:"x", msg}`,
    /// and OAuth-style `{error:"x", error_description}`.
    pub fn from_response(status: u16, body: &[u8], retry_after_secs: Option<u64>) -> Error {
        let value: serde_json::Value = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
        let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let server_code = text("error_code")
            .or_else(|| value.get("code").and_then(|v| v.as_str()).map(str::to_owned))
            .or_else(|| text("error"));
        let message = text("message")
            .or_else(|| text("msg"))
            .or_else(|| text("error_description"))
            .or_else(|| text("error"))
            .unwrap_or_else(|| match std::str::from_utf8(body) {
                Ok(s) if !s.trim().is_empty() && s.len() < 512 => format!("HTTP {status}: {}", s.trim()),
                _ => format!("HTTP {status}"),
            });
        let code = match server_code.as_deref() {
            Some(s) => ErrorCode::from_server_code(s).unwrap_or(ErrorCode::UnknownServerCode),
            None => ErrorCode::HttpError,
        };
        let weak_password_reasons = value
            .get("weak_password")
            .and_then(|w| w.get("reasons"))
            .and_then(|r| r.as_array())
            .map(|a| a.iter().filter_map(|r| r.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        Error { code, message, http_status: status, server_code, weak_password_reasons, retry_after_secs }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_2024_shape() {
        let e = Error::from_response(
            422,
            br#"{"code":"weak_password","message":"too weak","weak_password":{"reasons":["length","characters"]}}"#,
            None,
        );
        assert_eq!(e.code, ErrorCode::WeakPassword);
        assert_eq!(e.message, "too weak");
        assert_eq!(e.weak_password_reasons, vec!["length", "characters"]);
        assert_eq!(e.server_code.as_deref(), Some("weak_password"));
    }

    #[test]
    fn decodes_the_legacy_shape() {
        let e = Error::from_response(400, br#"{"code":400,"error_code":"invalid_credentials","msg":"Invalid login"}"#, None);
        assert_eq!(e.code, ErrorCode::InvalidCredentials);
        assert_eq!(e.message, "Invalid login");
        assert_eq!(e.http_status, 400);
    }

    #[test]
    fn decodes_the_oauth_shape_and_unknown_codes() {
        let e = Error::from_response(400, br#"{"error":"invalid_grant","error_description":"Invalid Refresh Token"}"#, None);
        assert_eq!(e.code, ErrorCode::InvalidGrant);
        assert_eq!(e.message, "Invalid Refresh Token");
        let e = Error::from_response(400, br#"{"code":"brand_new_code","message":"m"}"#, Some(3));
        assert_eq!(e.code, ErrorCode::UnknownServerCode);
        assert_eq!(e.server_code.as_deref(), Some("brand_new_code"));
        assert_eq!(e.retry_after_secs, Some(3));
    }

    #[test]
    fn non_json_bodies_keep_the_status() {
        let e = Error::from_response(502, b"<html>bad gateway</html>", None);
        assert_eq!(e.code, ErrorCode::HttpError);
        assert_eq!(e.http_status, 502);
        assert!(e.is_transient());
    }

    #[test]
    fn code_numbers_are_unique_and_server_strings_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::all() {
            assert!(seen.insert(code as i32), "duplicate number for {code:?}");
            assert_eq!(ErrorCode::all().filter(|c| c.as_str() == code.as_str()).count(), 1);
            if (code as i32) >= 100 {
                assert_eq!(ErrorCode::from_server_code(code.as_str()), Some(code));
            }
        }
    }
}
