//! Client options, read from one JSON object so they can grow without breaking callers;
//! unknown keys are rejected so typos do not pass silently.

use super::error::{Error, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// Workers per client for the non-blocking calls when the options do not say.
pub const DEFAULT_WORKERS: usize = 4;
/// The most workers one client may have.
pub const MAX_WORKERS: usize = 64;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowType {
    /// OAuth/magic links return `?code=` which is exchanged with a stored PKCE verifier.
    #[default]
    Pkce,
    /// Tokens come back in the URL fragment.
    Implicit,
}

/// Where sessions and PKCE verifiers are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum StorageKind {
    /// In process memory only (the default): gone when the client is freed.
    #[default]
    Memory,
    /// A file per key under `path` (a directory), written atomically with mode 0600.
    File { path: String },
    /// Caller-supplied storage, given to `Client::with_storage` (not through JSON).
    Custom,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientOptions {
    /// Extra headers sent with every request.
    pub headers: BTreeMap<String, String>,
    /// Whole-request timeout in milliseconds (one attempt).
    pub timeout_ms: u64,
    /// Overall limit for one request in milliseconds, counted across all its attempts and
    /// the backoff between them: no call waits on one request longer than this.
    pub deadline_ms: u64,
    /// TCP/TLS connect timeout in milliseconds.
    pub connect_timeout_ms: u64,
    /// Storage key prefix for the session and PKCE verifiers.
    pub storage_key: String,
    pub storage: StorageKind,
    pub flow_type: FlowType,
    /// Start the background refresher when a session appears.
    pub auto_refresh: bool,
    /// Refresh when fewer than this many seconds remain.
    pub refresh_margin_secs: i64,
    /// Save sessions to storage (load them with `initialize`).
    pub persist_session: bool,
    /// Retries for idempotent requests and refreshes after a transient failure.
    pub max_retries: u32,
    /// First retry delay in milliseconds; doubles each attempt (bounded by `max_retry_delay_ms`).
    pub retry_base_delay_ms: u64,
    pub max_retry_delay_ms: u64,
    /// How long a fetched JWKS is trusted before it is fetched again.
    pub jwks_ttl_secs: u64,
    /// How long a stored PKCE verifier is kept for its callback. An abandoned flow's
    /// verifier is removed once this has passed, on the next flow start or `initialize`.
    /// The default (24 h) outlives the server's default magic-link lifetime.
    pub pkce_verifier_ttl_secs: u64,
    /// Worker threads per client for the non-blocking (`_start`) calls, started on demand.
    pub request_workers: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            headers: BTreeMap::new(),
            timeout_ms: 30_000,
            deadline_ms: 60_000,
            connect_timeout_ms: 10_000,
            storage_key: "sb-auth-token".to_owned(),
            storage: StorageKind::Memory,
            flow_type: FlowType::Pkce,
            auto_refresh: false,
            refresh_margin_secs: 90,
            persist_session: true,
            max_retries: 3,
            retry_base_delay_ms: 200,
            max_retry_delay_ms: 5_000,
            jwks_ttl_secs: 600,
            pkce_verifier_ttl_secs: 86_400,
            request_workers: DEFAULT_WORKERS,
        }
    }
}

impl ClientOptions {
    pub fn from_json(text: Option<&str>) -> Result<ClientOptions> {
        let options: ClientOptions = match text.map(str::trim) {
            None | Some("") => ClientOptions::default(),
            Some(t) => parse_options("client options", Some(t))?,
        };
        options.validate()?;
        Ok(options)
    }

    fn validate(&self) -> Result<()> {
        if self.timeout_ms == 0 || self.connect_timeout_ms == 0 || self.deadline_ms == 0 {
            return Err(Error::invalid_argument("timeouts must be greater than zero"));
        }
        if self.storage_key.is_empty() || self.storage_key.contains(['/', '\\', '\0']) {
            return Err(Error::invalid_argument("storage_key must be non-empty and contain no path separators"));
        }
        if self.refresh_margin_secs < 0 {
            return Err(Error::invalid_argument("refresh_margin_secs must not be negative"));
        }
        if self.pkce_verifier_ttl_secs == 0 || self.pkce_verifier_ttl_secs > 366 * 86_400 {
            return Err(Error::invalid_argument("pkce_verifier_ttl_secs must be between 1 and 31622400 (366 days)"));
        }
        if self.request_workers == 0 || self.request_workers > MAX_WORKERS {
            return Err(Error::invalid_argument(format!("request_workers must be 1 to {}", MAX_WORKERS)));
        }
        if self.max_retries > 10 {
            return Err(Error::invalid_argument("max_retries must be at most 10"));
        }
        Ok(())
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    pub fn deadline(&self) -> Duration {
        Duration::from_millis(self.deadline_ms)
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }

    /// Backoff before retry number `attempt` (1-based), honouring a server Retry-After.
    pub fn retry_delay(&self, attempt: u32, retry_after_secs: Option<u64>) -> Duration {
        let exp = self.retry_base_delay_ms.saturating_mul(1u64 << (attempt.saturating_sub(1)).min(16));
        let wanted = retry_after_secs.map(|s| s.saturating_mul(1000)).unwrap_or(0).max(exp);
        Duration::from_millis(wanted.min(self.max_retry_delay_ms))
    }
}

/// Parses an optional options JSON into `T` with a clear error naming the argument.
pub fn parse_options<T: Default + for<'de> Deserialize<'de>>(what: &str, text: Option<&str>) -> Result<T> {
    match text.map(str::trim) {
        None | Some("") => Ok(T::default()),
        Some(t) => match serde_json::from_str::<Value>(t) {
            // serde would also accept an array for a struct: only objects are options.
            Ok(v @ Value::Object(_)) => serde_json::from_value(v).map_err(|e| Error::invalid_json(format!("{what}: {e}"))),
            Ok(_) => Err(Error::invalid_json(format!("{what} must be a JSON object"))),
            Err(e) => Err(Error::invalid_json(format!("{what}: {e}"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let o = ClientOptions::from_json(None).unwrap();
        assert_eq!(o.flow_type, FlowType::Pkce);
        let o =
            ClientOptions::from_json(Some(r#"{"timeout_ms":5,"flow_type":"implicit","storage":{"type":"file","path":"/tmp/x"}}"#)).unwrap();
        assert_eq!(o.timeout_ms, 5);
        assert_eq!(o.flow_type, FlowType::Implicit);
        assert_eq!(o.storage, StorageKind::File { path: "/tmp/x".into() });
    }

    #[test]
    fn typos_and_bad_values_are_rejected() {
        assert!(ClientOptions::from_json(Some(r#"{"timeout":5}"#)).is_err());
        assert!(ClientOptions::from_json(Some(r#"{"timeout_ms":0}"#)).is_err());
        assert!(ClientOptions::from_json(Some(r#"{"deadline_ms":0}"#)).is_err());
        assert!(ClientOptions::from_json(Some("{")).is_err());
        assert!(ClientOptions::from_json(Some(r#"{"storage_key":"a/b"}"#)).is_err());
        assert!(ClientOptions::from_json(Some(r#"{"pkce_verifier_ttl_secs":0}"#)).is_err());
        assert!(ClientOptions::from_json(Some(r#"{"pkce_verifier_ttl_secs":-1}"#)).is_err());
        assert!(ClientOptions::from_json(Some(r#"{"pkce_verifier_ttl_secs":99999999999}"#)).is_err());
        assert_eq!(ClientOptions::from_json(Some(r#"{"pkce_verifier_ttl_secs":60}"#)).unwrap().pkce_verifier_ttl_secs, 60);
    }

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let o = ClientOptions::default();
        assert_eq!(o.retry_delay(1, None).as_millis(), 200);
        assert_eq!(o.retry_delay(2, None).as_millis(), 400);
        assert_eq!(o.retry_delay(10, None).as_millis(), 5000);
        assert_eq!(o.retry_delay(1, Some(2)).as_millis(), 2000);
        assert_eq!(o.retry_delay(1, Some(3600)).as_millis(), 5000);
    }
}
