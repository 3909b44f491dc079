//! TOTP codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) from a base32 secret, as
//! authenticator apps compute them. The server's enroll answer carries the secret; tests
//! use this to verify a TOTP factor, and apps may use it for their own checks.

use super::error::{Error, Result};

/// Length of one time step in seconds.
pub const PERIOD_SECS: u64 = 30;
/// Number of digits in a code.
pub const DIGITS: u32 = 6;

/// Decodes RFC 4648 base32 (case-insensitive; '=' padding, spaces and dashes ignored).
pub fn base32_decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u64, 0u32);
    for c in text.chars().filter(|c| !matches!(c, '=' | ' ' | '-')) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u64 - 'A' as u64,
            c @ '2'..='7' => c as u64 - '2' as u64 + 26,
            other => return Err(Error::invalid_argument(format!("secret is not base32 (found {other:?})"))),
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// The HOTP value (RFC 4226) for `key` and `counter`, truncated to `digits` digits.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    let tag = ring::hmac::sign(&key, &counter.to_be_bytes());
    let mac = tag.as_ref();
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([mac[offset], mac[offset + 1], mac[offset + 2], mac[offset + 3]]) & 0x7fff_ffff;
    binary % 10u32.pow(digits)
}

/// The 6-digit TOTP code for a base32 `secret` at `unix_time` (seconds), zero-padded.
pub fn code(secret_base32: &str, unix_time: u64) -> Result<String> {
    let key = base32_decode(secret_base32)?;
    if key.is_empty() {
        return Err(Error::invalid_argument("secret must not be empty"));
    }
    Ok(format!("{:0width$}", hotp(&key, unix_time / PERIOD_SECS, DIGITS), width = DIGITS as usize))
}

/// The code for now.
pub fn code_now(secret_base32: &str) -> Result<String> {
    code(secret_base32, super::types::unix_now().max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RFC 6238 appendix B SHA-1 seed "12345678901234567890" in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn base32_round_trips_the_rfc_seed() {
        assert_eq!(base32_decode(RFC_SECRET).unwrap(), b"12345678901234567890");
        assert_eq!(base32_decode("gezdgnbvgy3tqojq").unwrap(), b"1234567890");
        assert_eq!(base32_decode("MZXW6===").unwrap(), b"foo");
        assert!(base32_decode("MZ1W6").is_err(), "1 is not in the base32 alphabet");
    }

    #[test]
    fn rfc6238_appendix_b_sha1_vectors() {
        // RFC 6238 lists 8-digit values; the last 6 digits are the 6-digit codes.
        let key = b"12345678901234567890";
        for (time, expected) in [
            (59u64, 94287082u32),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(hotp(key, time / PERIOD_SECS, 8), expected, "t={time}");
            assert_eq!(code(RFC_SECRET, time).unwrap(), format!("{:06}", expected % 1_000_000), "t={time}");
        }
    }

    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489];
        for (counter, value) in expected.iter().enumerate() {
            assert_eq!(hotp(b"12345678901234567890", counter as u64, 6), *value);
        }
    }

    #[test]
    fn codes_are_zero_padded_and_stable_within_a_step() {
        assert_eq!(code(RFC_SECRET, 1111111109).unwrap(), "081804");
        assert_eq!(code(RFC_SECRET, 60).unwrap(), code(RFC_SECRET, 89).unwrap());
        assert!(code("", 0).is_err());
    }
}
