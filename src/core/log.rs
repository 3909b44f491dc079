//! The process-wide log hook: one sink receives structured `key=value` lines (HTTP requests,
//! refresh decisions). Lines are built only from names, numbers and redacted paths, never
//! from tokens, passwords, OTPs, nonces, codes or verifiers.

use std::fmt::Write as _;
use std::sync::{Arc, RwLock};

/// How much to log; a sink receives lines at its level and every lower number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }
}

pub type LogSink = Arc<dyn Fn(LogLevel, &str) + Send + Sync>;

static SINK: RwLock<Option<(LogLevel, LogSink)>> = RwLock::new(None);

/// Installs (or with `None` removes) the sink. The previous sink is dropped once no line is
/// being delivered to it any more (each delivery holds its own reference).
pub fn set_sink(sink: Option<(LogLevel, LogSink)>) {
    let old = std::mem::replace(&mut *SINK.write().unwrap_or_else(|p| p.into_inner()), sink);
    drop(old);
}

/// The sink for lines at `level`, if one wants them (cheap when none is installed).
fn sink_for(level: LogLevel) -> Option<LogSink> {
    let guard = SINK.read().unwrap_or_else(|p| p.into_inner());
    guard.as_ref().filter(|(max, _)| level <= *max).map(|(_, sink)| sink.clone())
}

/// True when a line at `level` would be delivered (so callers skip building it otherwise).
pub fn enabled(level: LogLevel) -> bool {
    sink_for(level).is_some()
}

/// Delivers one line: `event` then the `key=value` fields. Values are never secrets: callers
/// pass names, numbers and `redact_path` output only.
pub fn line(level: LogLevel, event: &str, fields: &[(&str, &dyn std::fmt::Display)]) {
    let Some(sink) = sink_for(level) else { return };
    let mut text = format!("level={} event={event}", level.as_str());
    for (key, value) in fields {
        let _ = write!(text, " {key}={value}");
    }
    // A panicking sink must not take the request down with it.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sink(level, &text)));
}

/// Query parameters whose values are plain words safe to log; every other value (tokens,
/// codes, emails, redirect URLs...) is replaced by `<redacted>`.
const PLAIN_QUERY_KEYS: &[&str] = &["grant_type", "scope", "provider", "type", "page", "per_page"];

/// A request path with its query for the log: keys kept, values of unknown keys redacted.
pub fn redact_path<'a>(path: &str, query: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = path.to_owned();
    for (i, (key, value)) in query.into_iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        let plain = PLAIN_QUERY_KEYS.contains(&key) && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(if plain { value } else { "<redacted>" });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_only_plain_words_of_known_keys() {
        let p = redact_path("/verify", [("type", "magiclink"), ("token", "s3cr3t"), ("redirect_to", "http://x/?a")]);
        assert_eq!(p, "/verify?type=magiclink&token=<redacted>&redirect_to=<redacted>");
        assert_eq!(redact_path("/token", [("grant_type", "pkce")]), "/token?grant_type=pkce");
        assert_eq!(redact_path("/token", [("grant_type", "a b")]), "/token?grant_type=<redacted>");
    }
}
