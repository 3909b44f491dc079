//! JWT helpers that need no key: decoding the payload to read `exp`, `aal`, `amr`, `sub`.
//! Signature verification lives in `claims.rs`.

use super::error::{Error, ErrorCode, Result};
use base64::Engine;
use serde_json::{Map, Value};

/// The base64url-decoded bytes of the header (0) or payload (1) of a three-part JWT.
fn segment_bytes(token: &str, index: usize) -> Result<Vec<u8>> {
    let mut parts = token.split('.');
    let part = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(_), None) => [h, p].get(index).copied(),
        _ => None,
    }
    .ok_or_else(|| Error::new(ErrorCode::InvalidJwt, "not a JWT: expected three dot-separated parts"))?;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| Error::new(ErrorCode::InvalidJwt, "JWT segment is not base64url"))
}

fn not_an_object() -> Error {
    Error::new(ErrorCode::InvalidJwt, "JWT segment is not a JSON object")
}

/// One segment's JSON text, checked to be a JSON object (for handing it out verbatim).
pub(crate) fn invalid_jwt(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidJwt, message)
}

pub fn segment_text(token: &str, index: usize) -> Result<String> {
    let text = String::from_utf8(segment_bytes(token, index)?).map_err(|_| not_an_object())?;
    let is_object = text.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
    if !is_object {
        return Err(not_an_object());
    }
    Ok(text)
}

/// The payload (claims) of a JWT, without checking its signature.
pub fn decode_unverified(token: &str) -> Result<Map<String, Value>> {
    match serde_json::from_slice::<Value>(&segment_bytes(token, 1)?) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(not_an_object()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_invalid_jwt_error() {
        for bad in ["", "abc", "a.b", "a.b.c", "a.!!!.c", "a.b.c.d"] {
            assert_eq!(decode_unverified(bad).unwrap_err().code, ErrorCode::InvalidJwt, "{bad}");
        }
    }
}
