//! JWT helpers that need no key: decoding the payload to read `exp`, `aal`, `amr`, `sub`.
//! Signature verification lives in `claims.rs`.

use super::error::{Error, ErrorCode, Result};
use base64::Engine;
use serde_json::{Map, Value};

fn segment(token: &str, index: usize) -> Result<Map<String, Value>> {
    let part = token
        .split('.')
        .nth(index)
        .filter(|_| token.split('.').count() == 3)
        .ok_or_else(|| Error::new(ErrorCode::InvalidJwt, "not a JWT: expected three dot-separated parts"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| Error::new(ErrorCode::InvalidJwt, "JWT segment is not base64url"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::new(ErrorCode::InvalidJwt, "JWT segment is not a JSON object")),
    }
}

/// One segment's JSON text, decoded from base64url and checked to be a JSON object.
pub fn segment_text(token: &str, index: usize) -> Result<String> {
    let mut parts = token.split('.');
    let part = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(_), None) => [h, p].get(index).copied(),
        _ => None,
    }
    .ok_or_else(|| Error::new(ErrorCode::InvalidJwt, "not a JWT: expected three dot-separated parts"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| Error::new(ErrorCode::InvalidJwt, "JWT segment is not base64url"))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::new(ErrorCode::InvalidJwt, "JWT segment is not UTF-8"))?;
    let is_object = text.trim_start().starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
    if !is_object {
        return Err(Error::new(ErrorCode::InvalidJwt, "JWT segment is not a JSON object"));
    }
    Ok(text)
}

/// The payload (claims) of a JWT, without checking its signature.
pub fn decode_unverified(token: &str) -> Result<Map<String, Value>> {
    segment(token, 1)
}

/// The header of a JWT (alg, kid, typ).
pub fn decode_header(token: &str) -> Result<Map<String, Value>> {
    segment(token, 0)
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
