//! Errors: one `Error` type for every failure, carrying a stable `ErrorCode`.
//!
//! The codes are declared once, in the table `error_codes.rs`; the numbers in it belong to
//! the ABI layer, which numbers its own twin of `ErrorCode` from the same rows.

use std::fmt;

/// Generates `ErrorCode` and its name table from the rows of `error_codes.rs`. The core
/// keeps no numbers; here a row's number only tells server codes (100 and up) from client codes.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $number:literal => $name:literal,)*) => {
        /// Every kind of failure: client-side conditions and every `error_code` the server sends.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        /// Every code with its name and whether the name is a server `error_code`, in table order.
        const CODES: &[(ErrorCode, &str, bool)] = &[$((ErrorCode::$variant, $name, $number >= 100),)*];
    };
}

include!("error_codes.rs");

impl ErrorCode {
    /// Maps the server's `error_code` string to its code; `None` for codes this version
    /// does not know (they become `UnknownServerCode`, the string is kept).
    pub fn from_server_code(code: &str) -> Option<ErrorCode> {
        CODES.iter().find(|(_, name, server)| *server && *name == code).map(|(c, _, _)| *c)
    }

    /// The server's string for server codes, a snake_case name for client codes.
    pub fn as_str(self) -> &'static str {
        CODES.iter().find(|(c, _, _)| *c == self).map_or("unknown_error", |(_, name, _)| *name)
    }

    /// Every code, in table order.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        CODES.iter().map(|(c, _, _)| *c)
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
        matches!(self, ErrorCode::Network | ErrorCode::Timeout | ErrorCode::RequestTimeout | ErrorCode::OverRequestRateLimit)
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
        let server_code =
            text("error_code").or_else(|| value.get("code").and_then(|v| v.as_str()).map(str::to_owned)).or_else(|| text("error"));
        let message =
            text("message").or_else(|| text("msg")).or_else(|| text("error_description")).or_else(|| text("error")).unwrap_or_else(|| {
                match std::str::from_utf8(body) {
                    Ok(s) if !s.trim().is_empty() && s.len() < 512 => format!("HTTP {status}: {}", s.trim()),
                    _ => format!("HTTP {status}"),
                }
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
    fn names_are_unique_and_server_strings_round_trip() {
        for &(code, name, server) in CODES {
            assert_eq!(code.as_str(), name);
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{name:?} is not snake_case");
            assert_eq!(CODES.iter().filter(|(_, n, _)| *n == name).count(), 1, "duplicate name {name}");
            assert_eq!(ErrorCode::from_server_code(name), server.then_some(code));
        }
    }
}
