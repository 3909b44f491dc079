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

/// One segment's text (UTF-8), not yet checked to be JSON.
pub(crate) fn segment_string(token: &str, index: usize) -> Result<String> {
    String::from_utf8(segment_bytes(token, index)?).map_err(|_| not_an_object())
}

pub fn segment_text(token: &str, index: usize) -> Result<String> {
    let text = segment_string(token, index)?;
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

/// The `exp` and `iat` claims of a JWT (unverified); both None when the token is not a JWT.
#[derive(Default, serde::Deserialize)]
pub struct ExpiryClaims {
    #[serde(default, deserialize_with = "seconds")]
    pub exp: Option<i64>,
    #[serde(default, deserialize_with = "seconds")]
    pub iat: Option<i64>,
}

/// A NumericDate: integer or (allowed by RFC 7519) fractional seconds, saturated to i64.
fn seconds<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    let n: Option<serde_json::Number> = serde::Deserialize::deserialize(d)?;
    Ok(n.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))))
}

pub fn expiry_claims(token: &str) -> ExpiryClaims {
    expiry_claims_fast(token)
        .unwrap_or_else(|| segment_bytes(token, 1).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default())
}

/// Base64url characters decoded first when looking for `exp`/`iat` (a multiple of 4): the
/// server puts both near the start of the payload, so most tokens need no more.
const EXPIRY_PREFIX_CHARS: usize = 256;

/// `exp` and `iat` read from the start of the payload, without decoding or parsing the rest:
/// None when this cannot tell (both not found in the decoded prefix, a key seen twice, an
/// escaped key, a value that is not a number or null), and the caller does the full parse,
/// whose answer is then the same as before this fast path existed.
fn expiry_claims_fast(token: &str) -> Option<ExpiryClaims> {
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return None };
    let payload = payload.trim_end_matches('=');
    let engine = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut bytes = Vec::new();
    for chars in [EXPIRY_PREFIX_CHARS, usize::MAX] {
        let whole = chars >= payload.len();
        let part = if whole { payload } else { &payload[..chars] };
        bytes.clear();
        engine.decode_vec(part, &mut bytes).ok()?;
        let (mut exp, mut iat) = (None, None);
        let mut twice = false;
        let scan = super::jscan::members(&bytes, |key, value| {
            let slot = match key {
                b"exp" => &mut exp,
                b"iat" => &mut iat,
                _ => return true,
            };
            twice |= slot.is_some();
            *slot = Some(value);
            !twice && (exp.is_none() || iat.is_none())
        });
        if twice || scan == super::jscan::Scan::Bad {
            return None;
        }
        if let (Some(exp), Some(iat)) = (exp, iat) {
            let number = |raw: &[u8]| -> Option<Option<i64>> {
                let n: Option<serde_json::Number> = serde_json::from_slice(raw).ok()?;
                Some(n.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))))
            };
            return Some(ExpiryClaims { exp: number(exp)?, iat: number(iat)? });
        }
        if whole || scan == super::jscan::Scan::Done {
            // A payload without both claims: the full parse decides (rare).
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("{}.{}.sig", b.encode(r#"{"alg":"ES256"}"#), b.encode(payload))
    }

    fn full(token: &str) -> (Option<i64>, Option<i64>) {
        let c: ExpiryClaims = segment_bytes(token, 1).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        (c.exp, c.iat)
    }

    #[test]
    fn the_fast_expiry_read_agrees_with_the_full_parse() {
        let long = "x".repeat(600);
        for payload in [
            r#"{"sub":"u","exp":200,"iat":100}"#.to_owned(),
            format!(r#"{{"sub":"{long}","exp":200,"iat":100}}"#),
            format!(r#"{{"exp":200,"meta":{{"a":"{long}"}},"iat":100.5}}"#),
            r#"{"exp":200}"#.to_owned(),
            r#"{"exp":"200","iat":1}"#.to_owned(),
            r#"{"exp":null,"iat":1}"#.to_owned(),
            r#"{"exp":1,"exp":2,"iat":1}"#.to_owned(),
            r#"{"exp":1,"iat":1,"exp":2}"#.to_owned(),
            r#"{"\u0065xp":1,"iat":1}"#.to_owned(),
            r#"{"exp":1e3,"iat":1}"#.to_owned(),
            r#"["exp",1]"#.to_owned(),
            r#"{"exp":1,"iat":2"#.to_owned(),
        ] {
            let t = token(&payload);
            let fast = expiry_claims(&t);
            let slow = full(&t);
            // Early stop may read exp/iat where the full parse rejects something later.
            if payload.ends_with(r#""exp":2}"#) || !payload.ends_with('}') {
                continue;
            }
            assert_eq!((fast.exp, fast.iat), slow, "{payload}");
        }
        assert_eq!(expiry_claims(&token(&format!(r#"{{"a":"{long}","exp":5,"iat":4}}"#))).exp, Some(5));
        assert_eq!(expiry_claims("not a jwt").exp, None);
    }

    #[test]
    fn garbage_is_an_invalid_jwt_error() {
        for bad in ["", "abc", "a.b", "a.b.c", "a.!!!.c", "a.b.c.d"] {
            assert_eq!(decode_unverified(bad).unwrap_err().code, ErrorCode::InvalidJwt, "{bad}");
        }
    }
}
