//! Wire types. Every struct keeps the fields it does not model in `extra`, so JSON that
//! goes through the library comes out with nothing lost.

use super::error::{Error, Result};
use super::jwt;
use super::secret::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::OnceLock;

pub type Json = Map<String, Value>;

/// A user as the server returns it.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct User {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_anonymous: Option<bool>,
    #[serde(default)]
    pub app_metadata: Json,
    #[serde(default)]
    pub user_metadata: Json,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identities: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factors: Option<Vec<Value>>,
    /// confirmed_at, email_confirmed_at, created_at, new_email, action_link, ... verbatim.
    #[serde(flatten)]
    pub extra: Json,
}

impl User {
    /// Empty strings from the server mean "none".
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref().filter(|s| !s.is_empty())
    }
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref().filter(|s| !s.is_empty())
    }
}

/// A signed-in session. Immutable once built; a refresh makes a new one.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Session {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub expires_in: i64,
    /// Unix seconds. Computed from expires_in when the server leaves it out.
    #[serde(default)]
    pub expires_at: i64,
    #[serde(default = "bearer")]
    pub token_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_token: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_refresh_token: Option<Secret>,
    pub user: SessionUser,
    /// Unix seconds on this machine's clock when the session arrived (0 = unknown). Expiry is
    /// judged from this plus `expires_in`, so a client clock that is off from the server's
    /// neither refreshes in a loop nor lets the token lapse.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub received_at: i64,
    #[serde(flatten)]
    pub extra: Json,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

fn bearer() -> String {
    "bearer".to_owned()
}

/// The longest token lifetime taken at face value (ten years); longer ones are clamped.
pub const MAX_LIFETIME_SECS: i64 = 10 * 365 * 24 * 3600;

pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl Session {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("session serializes")
    }

    /// When the session expires on this machine's clock: receipt time + expires_in when the
    /// receipt time is known (immune to clock skew), else the server's expires_at.
    pub fn local_expires_at(&self) -> i64 {
        if self.received_at > 0 { self.received_at.saturating_add(self.expires_in) } else { self.expires_at }
    }

    /// Seconds until expiry measured on this machine's clock (negative once expired).
    pub fn seconds_left(&self) -> i64 {
        self.local_expires_at().saturating_sub(unix_now())
    }

    /// The refresh margin in effect: `margin_secs`, but at most half the token's lifetime, so
    /// a server granting lifetimes at or below the margin does not make every call refresh.
    pub fn refresh_margin(&self, margin_secs: i64) -> i64 {
        margin_secs.min(self.expires_in / 2)
    }

    /// True when the session should be refreshed: it has expired, or less than the refresh
    /// margin (see `refresh_margin`) remains.
    pub fn needs_refresh(&self, margin_secs: i64) -> bool {
        let left = self.seconds_left();
        left <= 0 || left < self.refresh_margin(margin_secs)
    }

    /// Seconds until `needs_refresh` turns true (0 when it already is).
    pub fn seconds_until_refresh(&self, margin_secs: i64) -> i64 {
        self.seconds_left().saturating_sub(self.refresh_margin(margin_secs)).max(0)
    }

    /// Makes the expiry fields trustworthy whatever the input (a hostile callback URL, a
    /// corrupt stored session): expires_at is never later than the access token's own `exp`
    /// claim (an absent or non-positive one is computed from expires_in), `exp - iat` bounds
    /// expires_in, lifetimes are clamped to [0, MAX_LIFETIME_SECS], and a receipt time in the
    /// future (impossible on this clock) counts as unknown. All arithmetic saturates.
    pub(crate) fn sanitized(mut self, now: i64) -> Session {
        let claims = jwt::expiry_claims(self.access_token.expose());
        let mut lifetime = self.expires_in.clamp(0, MAX_LIFETIME_SECS);
        if let (Some(exp), Some(iat)) = (claims.exp, claims.iat) {
            lifetime = lifetime.min(exp.saturating_sub(iat).max(0));
        }
        self.expires_in = lifetime;
        // expires_at <= 0 means absent. Both it and exp are on the server's clock; the earlier
        // wins, so a token is never used past its own exp and an early expires_at only means an
        // early refresh. Without an exp claim (an opaque token) nothing vouches for a far expiry.
        self.expires_at = match (self.expires_at > 0, claims.exp) {
            (true, Some(exp)) => self.expires_at.min(exp),
            (true, None) => self.expires_at.min(now.saturating_add(MAX_LIFETIME_SECS)),
            (false, Some(exp)) => now.saturating_add(lifetime).min(exp),
            (false, None) => now.saturating_add(lifetime),
        };
        if self.received_at > now {
            self.received_at = 0;
        }
        self
    }

    pub fn is_expired(&self) -> bool {
        self.seconds_left() <= 0
    }

    /// Builds a session from tokens the caller already holds (set_session) and the user
    /// the server returned for them. Expiry comes from the token's `exp` claim.
    pub fn from_tokens(access_token: &str, refresh_token: &str, user: User) -> Result<Session> {
        jwt::decode_unverified(access_token)?;
        let exp = jwt::expiry_claims(access_token)
            .exp
            .ok_or_else(|| Error::new(super::error::ErrorCode::InvalidJwt, "access token has no exp claim"))?;
        let now = unix_now();
        Ok(Session {
            access_token: Secret::new(access_token),
            refresh_token: Secret::new(refresh_token),
            expires_in: exp.saturating_sub(now).max(0),
            expires_at: exp,
            token_type: bearer(),
            provider_token: None,
            provider_refresh_token: None,
            user: SessionUser::new(user),
            received_at: 0,
            extra: Json::new(),
        }
        .sanitized(now))
    }
}

/// The session's user, kept as the JSON the server sent and parsed on first use: most
/// calls (sign-in, refresh) only need the tokens, and callers can hand the JSON on as is.
#[derive(Clone)]
pub struct SessionUser {
    json: Box<serde_json::value::RawValue>,
    /// The id, read when the session was parsed (a session without a user id is invalid).
    id: String,
    parsed: OnceLock<User>,
}

impl SessionUser {
    pub fn new(user: User) -> SessionUser {
        let text = serde_json::to_string(&user).expect("user serializes");
        SessionUser {
            json: serde_json::value::RawValue::from_string(text).expect("serializer output is JSON"),
            id: user.id.clone(),
            parsed: OnceLock::from(user),
        }
    }

    /// Checks that `json` is a user object with an id, without building the whole user.
    pub(crate) fn from_raw(json: Box<serde_json::value::RawValue>) -> Result<SessionUser> {
        let id = user_id(json.get())?;
        Ok(SessionUser { json, id, parsed: OnceLock::new() })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The user as the server sent it (every field, verbatim).
    pub fn json(&self) -> &str {
        self.json.get()
    }

    /// The parsed user. A field of an unexpected type (which the server never sends) leaves
    /// a user with only its id; the verbatim JSON is still in `json()`.
    pub fn get(&self) -> &User {
        self.parsed
            .get_or_init(|| serde_json::from_str(self.json.get()).unwrap_or_else(|_| User { id: self.id.clone(), ..User::default() }))
    }
}

/// The `id` of a user object whose JSON text serde_json has already validated (a RawValue):
/// read from the members before it (the server sends it first), not from a second parse of
/// the whole user. Anything unusual (no string id found, an escaped key) takes the full parse.
pub(crate) fn user_id(json: &str) -> Result<String> {
    let mut raw_id = None;
    let scan = super::jscan::members(json.as_bytes(), |key, value| {
        if key == b"id" {
            raw_id = Some(value);
        }
        raw_id.is_none()
    });
    if let (super::jscan::Scan::Done, Some(raw)) = (scan, raw_id) {
        if raw.first() == Some(&b'"') {
            if let Ok(id) = serde_json::from_slice::<String>(raw) {
                return Ok(id);
            }
        }
    }
    #[derive(Deserialize)]
    struct Head {
        id: String,
    }
    let head: Head = serde_json::from_str(json).map_err(|e| Error::invalid_response(format!("user: {e}")))?;
    Ok(head.id)
}

impl std::ops::Deref for SessionUser {
    type Target = User;
    fn deref(&self) -> &User {
        self.get()
    }
}

impl PartialEq for SessionUser {
    fn eq(&self, other: &SessionUser) -> bool {
        self.json.get() == other.json.get()
    }
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("id", &self.id).finish_non_exhaustive()
    }
}

impl Serialize for SessionUser {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// What sign-up returns: a session when the user is signed in at once (autoconfirm),
/// otherwise only the user (confirmation pending).
// Returned once per call: boxing the session would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum SignUpOutcome {
    Session(Session),
    User(User),
}

pub fn parse_user(value: Value) -> Result<User> {
    User::deserialize(&value).map_err(|e| Error::invalid_response(format!("user: {e}")))
}

/// Parses a user straight from a response body.
pub fn parse_user_slice(body: &[u8]) -> Result<User> {
    serde_json::from_slice(body).map_err(|e| Error::invalid_response(format!("user: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(exp: i64) -> String {
        use base64::Engine;
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("{}.{}.sig", b.encode(r#"{"alg":"HS256"}"#), b.encode(format!(r#"{{"sub":"u1","exp":{exp}}}"#)))
    }

    #[test]
    fn session_requires_all_three_token_fields() {
        let v = serde_json::json!({"access_token":"a","refresh_token":"r","user":{"id":"u"}});
        assert!(Session::from_response(&v).unwrap().is_none());
        let v = serde_json::json!({"access_token":"a","refresh_token":"r","expires_in":3600,"user":{"id":"u"}});
        let s = Session::from_response(&v).unwrap().unwrap();
        assert!((s.expires_at - unix_now() - 3600).abs() <= 1);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let v = serde_json::json!({"access_token":"a","refresh_token":"r","expires_in":60,"expires_at":99,
            "token_type":"bearer","weak_password":null,
            "user":{"id":"u","email":"e@x","confirmed_at":"2024","custom":{"x":1}}});
        let s = Session::from_response(&v).unwrap().unwrap();
        let back: Value = serde_json::from_str(&s.to_json()).unwrap();
        assert_eq!(back["user"]["custom"]["x"], 1);
        assert_eq!(back["user"]["confirmed_at"], "2024");
        assert_eq!(back["expires_at"], 99);
        assert_eq!(Session::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn expiry_uses_local_receipt_time_not_a_skewed_server_clock() {
        // The server's clock is an hour ahead of ours: its expires_at looks far away, but the
        // token was granted for 60 s from when we received it.
        let now = unix_now();
        let v = serde_json::json!({"access_token":"a","refresh_token":"r","expires_in":60,
            "expires_at": now + 3600 + 60, "user":{"id":"u"}});
        let s = Session::from_response(&v).unwrap().unwrap();
        assert!((s.seconds_left() - 60).abs() <= 1);
        // Due when half the 60 s lifetime is left (the 90 s margin is capped).
        assert!((s.seconds_until_refresh(90) - 30).abs() <= 1);
        // Receipt time survives storage; without it the server's expires_at is used.
        assert_eq!(Session::from_json(&s.to_json()).unwrap().received_at, s.received_at);
        let stored = serde_json::json!({"access_token":"a","refresh_token":"r","expires_in":60,
            "expires_at": now - 5, "user":{"id":"u"}});
        assert!(Session::from_json(&stored.to_string()).unwrap().is_expired());
    }

    #[test]
    fn from_tokens_reads_exp() {
        let exp = unix_now() + 100;
        let s = Session::from_tokens(&token(exp), "r", User { id: "u1".into(), ..Default::default() }).unwrap();
        assert_eq!(s.expires_at, exp);
        assert!(!s.needs_refresh(30));
        // A margin above half the lifetime is capped at half: due after 50 s, not at once.
        assert!(!s.needs_refresh(120));
        assert!((s.seconds_until_refresh(120) - 50).abs() <= 1);
    }
}
