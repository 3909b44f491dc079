//! Web3 sign-in (`POST /token?grant_type=web3`): the wallet signs a Sign-In-With-Ethereum
//! (EIP-4361) or Sign-In-With-Solana message, and the server checks the signature against the
//! address in the message. The library builds the message text; it never holds a wallet key.

use super::client::Client;
use super::error::{Error, Result};
use super::params::options;
use super::types::Session;
use super::types::unix_now;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;

/// The chains the server accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    Ethereum,
    Solana,
}

impl Chain {
    pub fn parse(name: &str) -> Result<Chain> {
        match name {
            "ethereum" => Ok(Chain::Ethereum),
            "solana" => Ok(Chain::Solana),
            _ => Err(Error::invalid_argument("chain must be \"ethereum\" or \"solana\"")),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Chain::Ethereum => "ethereum",
            Chain::Solana => "solana",
        }
    }
    fn account_name(self) -> &'static str {
        match self {
            Chain::Ethereum => "Ethereum",
            Chain::Solana => "Solana",
        }
    }
}

/// What goes into the message (EIP-4361 field names, snake_case).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MessageOptions {
    /// "ethereum" or "solana" (required).
    pub chain: String,
    /// The site asking, host[:port] (required), e.g. "app.example.com" or "localhost:3000".
    pub domain: String,
    /// The wallet address (required): 0x + 40 hex digits, or a base58 Solana public key.
    pub address: String,
    /// The URI the sign-in is for (required); the server checks it against its allow list.
    pub uri: String,
    /// A one-line human-readable statement (optional).
    pub statement: Option<String>,
    /// Message version (default "1", the only one the server accepts).
    pub version: Option<String>,
    /// EIP-155 chain id for Ethereum (default 1, mainnet); for Solana "mainnet", "devnet",
    /// "testnet" or "localnet" (written as "solana:<net>"; optional).
    pub chain_id: Option<Value>,
    pub nonce: Option<String>,
    /// RFC 3339 times. issued_at defaults to now; the server accepts messages issued within
    /// its maximum validity (10 min by default) of its clock.
    pub issued_at: Option<String>,
    pub expiration_time: Option<String>,
    pub not_before: Option<String>,
    pub request_id: Option<String>,
    pub resources: Option<Vec<String>>,
}

options! {
    /// Options for sign_in_with_web3.
    pub struct Web3SignInOptions {}
    shared: [captcha_token]
}

fn no_newline(what: &str, value: &str) -> Result<()> {
    if value.contains(['\n', '\r']) {
        return Err(Error::invalid_argument(format!("{what} must be one line")));
    }
    Ok(())
}

fn required<'a>(what: &str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::invalid_argument(format!("{what} must not be empty")));
    }
    no_newline(what, value)?;
    Ok(value)
}

fn is_base58(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'))
}

/// Unix seconds (and milliseconds) as RFC 3339 UTC, e.g. 2026-12-02T16:20:00.000Z.
pub fn rfc3339_utc(secs: i64, millis: u32) -> String {
    // Days to civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Builds the text the wallet signs, laid out as EIP-4361 (and its Solana counterpart) and
/// auth-js's web3 helpers write it.
pub fn build_message(options: &MessageOptions) -> Result<String> {
    let chain = Chain::parse(&options.chain)?;
    let domain = required("domain", &options.domain)?;
    if domain.contains(['/', ' ']) {
        return Err(Error::invalid_argument("domain is host[:port], without scheme or path"));
    }
    let address = required("address", &options.address)?;
    match chain {
        Chain::Ethereum => {
            let hex = address.strip_prefix("0x").unwrap_or("");
            if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::invalid_argument("an Ethereum address is 0x followed by 40 hex digits"));
            }
        }
        Chain::Solana => {
            if !(32..=44).contains(&address.len()) || !is_base58(address) {
                return Err(Error::invalid_argument("a Solana address is a base58 public key (32 to 44 characters)"));
            }
        }
    }
    let uri = required("uri", &options.uri)?;
    let version = options.version.as_deref().map_or(Ok("1"), |v| required("version", v))?;
    let chain_id = match (chain, &options.chain_id) {
        (Chain::Ethereum, None) => Some("1".to_owned()),
        (Chain::Ethereum, Some(Value::Number(n))) if n.as_u64().is_some_and(|n| n > 0) => Some(n.to_string()),
        (Chain::Ethereum, Some(Value::String(s))) if s.parse::<u64>().is_ok_and(|n| n > 0) => Some(s.clone()),
        (Chain::Ethereum, Some(_)) => return Err(Error::invalid_argument("an Ethereum chain_id is a positive integer (EIP-155)")),
        (Chain::Solana, None) => None,
        (Chain::Solana, Some(Value::String(s))) => {
            let net = s.strip_prefix("solana:").unwrap_or(s);
            if !matches!(net, "mainnet" | "devnet" | "testnet" | "localnet") {
                return Err(Error::invalid_argument("a Solana chain_id is mainnet, devnet, testnet or localnet"));
            }
            Some(format!("solana:{net}"))
        }
        (Chain::Solana, Some(_)) => return Err(Error::invalid_argument("a Solana chain_id is a string")),
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_millis()).unwrap_or(0);
    let issued_at = match &options.issued_at {
        Some(t) => required("issued_at", t)?.to_owned(),
        None => rfc3339_utc(unix_now(), now),
    };

    let mut text = format!("{domain} wants you to sign in with your {} account:\n{address}\n\n", chain.account_name());
    if let Some(statement) = options.statement.as_deref().filter(|s| !s.is_empty()) {
        no_newline("statement", statement)?;
        text.push_str(statement);
        text.push('\n');
    }
    text.push_str(&format!("\nURI: {uri}\nVersion: {version}"));
    if let Some(chain_id) = chain_id {
        text.push_str(&format!("\nChain ID: {chain_id}"));
    }
    let optional = [
        ("Nonce", &options.nonce),
        ("Issued At", &Some(issued_at)),
        ("Expiration Time", &options.expiration_time),
        ("Not Before", &options.not_before),
        ("Request ID", &options.request_id),
    ];
    for (label, value) in optional {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            no_newline(label, value)?;
            text.push_str(&format!("\n{label}: {value}"));
        }
    }
    if let Some(resources) = options.resources.as_ref().filter(|r| !r.is_empty()) {
        text.push_str("\nResources:");
        for resource in resources {
            text.push_str(&format!("\n- {}", required("resource", resource)?));
        }
    }
    Ok(text)
}

/// Checks the signature's encoding before sending (the server's rules): Ethereum 65 bytes as
/// 130 hex digits (0x optional); Solana 64 bytes as base64 (standard or URL-safe, with or
/// without padding: 86 or 88 characters).
fn check_signature(chain: Chain, signature: &str) -> Result<()> {
    let ok = match chain {
        Chain::Ethereum => {
            let hex = signature.strip_prefix("0x").unwrap_or(signature);
            hex.len() == 130 && hex.bytes().all(|b| b.is_ascii_hexdigit())
        }
        Chain::Solana => {
            (signature.len() == 86 || signature.len() == 88)
                && signature.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='))
        }
    };
    if !ok {
        return Err(Error::invalid_argument(match chain {
            Chain::Ethereum => "an Ethereum signature is 65 bytes as 130 hex digits",
            Chain::Solana => "a Solana signature is 64 bytes in base64",
        }));
    }
    Ok(())
}

impl Client {
    /// POST /token?grant_type=web3 {chain, message, signature}: signs in (or up) the wallet's
    /// user. Saves the session (SIGNED_IN).
    pub fn sign_in_with_web3(&self, chain: &str, message: &str, signature: &str, options: &Web3SignInOptions) -> Result<Arc<Session>> {
        let chain = Chain::parse(chain)?;
        if message.is_empty() {
            return Err(Error::invalid_argument("message must not be empty"));
        }
        check_signature(chain, signature)?;
        let mut body = json!({ "chain": chain.as_str(), "message": message, "signature": signature });
        if let Value::Object(map) = &mut body {
            self.apply_shared(map, None, options.shared())?;
        }
        self.token_grant("web3", body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eth() -> MessageOptions {
        MessageOptions {
            chain: "ethereum".into(),
            domain: "localhost:3000".into(),
            address: format!("0x{}", "aB".repeat(20)),
            uri: "http://localhost:3000/login".into(),
            issued_at: Some("2026-12-02T16:00:00.000Z".into()),
            ..Default::default()
        }
    }

    #[test]
    fn ethereum_message_follows_eip_4361() {
        let mut o = eth();
        o.statement = Some("Sign in to the app".into());
        o.nonce = Some("abc12345".into());
        o.resources = Some(vec!["https://example.com/a".into(), "ipfs://x".into()]);
        let expected = format!(
            "localhost:3000 wants you to sign in with your Ethereum account:\n0x{}\n\nSign in to the app\n\nURI: http://localhost:3000/login\n\
             Version: 1\nChain ID: 1\nNonce: abc12345\nIssued At: 2026-12-02T16:00:00.000Z\nResources:\n- https://example.com/a\n- ipfs://x",
            "aB".repeat(20)
        );
        assert_eq!(build_message(&o).unwrap(), expected);
        // Without a statement: two blank lines, as the ABNF has it.
        let plain = build_message(&eth()).unwrap();
        assert!(plain.contains(&format!("0x{}\n\n\nURI: ", "aB".repeat(20))), "{plain}");
    }

    #[test]
    fn solana_message_and_chain_ids() {
        let o = MessageOptions {
            chain: "solana".into(),
            domain: "localhost:3000".into(),
            address: "4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T".into(),
            uri: "http://localhost:3000".into(),
            chain_id: Some(json!("devnet")),
            issued_at: Some("2026-12-02T16:00:00Z".into()),
            ..Default::default()
        };
        let text = build_message(&o).unwrap();
        assert!(text.starts_with("localhost:3000 wants you to sign in with your Solana account:\n4Nd1"), "{text}");
        assert!(text.contains("\nChain ID: solana:devnet\n"), "{text}");
    }

    #[test]
    fn bad_fields_are_refused() {
        for change in [
            |o: &mut MessageOptions| o.chain = "bitcoin".into(),
            |o: &mut MessageOptions| o.domain = String::new(),
            |o: &mut MessageOptions| o.domain = "https://x.com".into(),
            |o: &mut MessageOptions| o.address = "0x1234".into(),
            |o: &mut MessageOptions| o.uri = " ".into(),
            |o: &mut MessageOptions| o.statement = Some("two\nlines".into()),
            |o: &mut MessageOptions| o.chain_id = Some(json!(0)),
            |o: &mut MessageOptions| o.chain_id = Some(json!("main")),
            |o: &mut MessageOptions| o.nonce = Some("a\nURI: https://evil".into()),
        ] {
            let mut o = eth();
            change(&mut o);
            assert!(build_message(&o).is_err(), "{o:?}");
        }
    }

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339_utc(0, 0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_utc(951_782_400, 5), "2000-02-29T00:00:00.005Z");
        assert_eq!(rfc3339_utc(1_796_228_180, 0), "2026-12-02T16:16:20.000Z");
    }

    #[test]
    fn signatures_are_checked_by_encoding() {
        assert!(check_signature(Chain::Ethereum, &format!("0x{}", "ab".repeat(65))).is_ok());
        assert!(check_signature(Chain::Ethereum, &"ab".repeat(65)).is_ok());
        assert!(check_signature(Chain::Ethereum, &format!("0x{}", "zz".repeat(65))).is_err());
        assert!(check_signature(Chain::Solana, &"A".repeat(86)).is_ok());
        assert!(check_signature(Chain::Solana, &format!("{}==", "A".repeat(86))).is_ok());
        assert!(check_signature(Chain::Solana, "short").is_err());
    }
}
