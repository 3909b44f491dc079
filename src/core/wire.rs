//! Hand-written deserializers for the hot wire types. serde's `flatten` (used to keep
//! unknown fields) buffers the whole object into an intermediate tree first; these visitors
//! read each field once, straight from the bytes, and keep unknown fields as JSON values.

use super::error::{Error, Result};
use super::secret::Secret;
use super::types::{Json, Session, SessionUser, User, unix_now};
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::fmt;

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<User, D::Error> {
        struct UserVisitor;
        impl<'de> Visitor<'de> for UserVisitor {
            type Value = User;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a user object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<User, A::Error> {
                let mut user = User::default();
                let mut has_id = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => {
                            user.id = map.next_value()?;
                            has_id = true;
                        }
                        "aud" => user.aud = map.next_value()?,
                        "role" => user.role = map.next_value()?,
                        "email" => user.email = map.next_value()?,
                        "phone" => user.phone = map.next_value()?,
                        "is_anonymous" => user.is_anonymous = map.next_value()?,
                        "app_metadata" => user.app_metadata = map.next_value::<Option<Json>>()?.unwrap_or_default(),
                        "user_metadata" => user.user_metadata = map.next_value::<Option<Json>>()?.unwrap_or_default(),
                        "identities" => user.identities = map.next_value()?,
                        "factors" => user.factors = map.next_value()?,
                        _ => {
                            let value: Value = map.next_value()?;
                            user.extra.insert(key, value);
                        }
                    }
                }
                if !has_id {
                    return Err(A::Error::missing_field("id"));
                }
                Ok(user)
            }
        }
        deserializer.deserialize_map(UserVisitor)
    }
}

/// A token answer before we know whether it holds a whole session.
#[derive(Default)]
pub(crate) struct SessionParts {
    access_token: Option<Secret>,
    refresh_token: Option<Secret>,
    expires_in: Option<i64>,
    expires_at: Option<i64>,
    token_type: Option<String>,
    provider_token: Option<Secret>,
    provider_refresh_token: Option<Secret>,
    user: Option<Box<RawValue>>,
    received_at: Option<i64>,
    extra: Json,
}

impl SessionParts {
    pub(crate) fn received_at(&self) -> i64 {
        self.received_at.unwrap_or(0)
    }

    /// The session, when access_token, refresh_token (both non-empty), expires_in and user
    /// are all present (`Ok(None)` otherwise). Missing expires_at / received_at stay 0 for
    /// the caller to fill. A user without an id is an error.
    pub(crate) fn into_session(self) -> Result<Option<Session>> {
        let (Some(access_token), Some(refresh_token), Some(expires_in), Some(user)) = (
            self.access_token.filter(|t| !t.is_empty()),
            self.refresh_token.filter(|t| !t.is_empty()),
            self.expires_in,
            self.user.filter(|u| u.get() != "null"),
        ) else {
            return Ok(None);
        };
        Ok(Some(Session {
            access_token,
            refresh_token,
            expires_in,
            expires_at: self.expires_at.unwrap_or(0),
            token_type: self.token_type.unwrap_or_else(|| "bearer".to_owned()),
            provider_token: self.provider_token,
            provider_refresh_token: self.provider_refresh_token,
            user: SessionUser::from_raw(user)?,
            received_at: self.received_at.unwrap_or(0),
            extra: self.extra,
        }))
    }
}

impl<'de> Deserialize<'de> for SessionParts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SessionParts, D::Error> {
        struct PartsVisitor;
        impl<'de> Visitor<'de> for PartsVisitor {
            type Value = SessionParts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a session object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SessionParts, A::Error> {
                let mut parts = SessionParts::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "access_token" => parts.access_token = map.next_value()?,
                        "refresh_token" => parts.refresh_token = map.next_value()?,
                        "expires_in" => parts.expires_in = map.next_value()?,
                        "expires_at" => parts.expires_at = map.next_value()?,
                        "token_type" => parts.token_type = map.next_value()?,
                        "provider_token" => parts.provider_token = map.next_value()?,
                        "provider_refresh_token" => parts.provider_refresh_token = map.next_value()?,
                        "user" => parts.user = map.next_value()?,
                        "received_at" => parts.received_at = map.next_value()?,
                        _ => {
                            let value: Value = map.next_value()?;
                            parts.extra.insert(key, value);
                        }
                    }
                }
                Ok(parts)
            }
        }
        deserializer.deserialize_map(PartsVisitor)
    }
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Session, D::Error> {
        SessionParts::deserialize(deserializer)?
            .into_session()
            .map_err(|e| D::Error::custom(e.message))?
            .ok_or_else(|| D::Error::custom("a session needs access_token, refresh_token, expires_in and user"))
    }
}

/// Building sessions from the server's answers and from stored JSON.
impl Session {
    /// Builds a session from a server answer. A session counts only when access_token,
    /// refresh_token and expires_in are all present; `Ok(None)` means "no session here".
    pub fn from_response(value: &Value) -> Result<Option<Session>> {
        // The user is kept as raw JSON, which only the byte parser can capture.
        let bytes = serde_json::to_vec(value).map_err(|e| Error::invalid_response(format!("session: {e}")))?;
        Session::from_slice(&bytes)
    }

    /// As `from_response`, straight from the response body (no intermediate JSON tree).
    pub fn from_slice(body: &[u8]) -> Result<Option<Session>> {
        let parts: SessionParts = serde_json::from_slice(body).map_err(|e| Error::invalid_response(format!("session: {e}")))?;
        Ok(parts.into_session()?.map(Session::stamped))
    }

    /// Fills in expires_at (from expires_in) and the receipt time when the answer lacks them.
    fn stamped(mut self) -> Session {
        let now = unix_now();
        if self.expires_at <= 0 {
            self.expires_at = now + self.expires_in;
        }
        if self.received_at <= 0 {
            self.received_at = now;
        }
        self
    }

    /// Parses a session previously produced by `to_json` (or any GoTrue session JSON).
    pub fn from_json(text: &str) -> Result<Session> {
        let parts: SessionParts = serde_json::from_str(text).map_err(|e| Error::invalid_json(format!("session JSON: {e}")))?;
        // A stored session without a receipt time keeps 0: it is judged by the server's expires_at.
        let received_at = parts.received_at();
        match parts.into_session() {
            Ok(Some(s)) => Ok(Session { received_at, ..s.stamped() }),
            Ok(None) => Err(Error::invalid_json("session JSON needs access_token, refresh_token, expires_in and user")),
            Err(e) => Err(Error::invalid_json(e.message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_keeps_unknown_fields_and_tolerates_nulls() {
        let text = r#"{"id":"u","email":null,"app_metadata":null,"confirmed_at":"2024","custom":{"a":[1]}}"#;
        let user: User = serde_json::from_str(text).unwrap();
        assert_eq!(user.id, "u");
        assert_eq!(user.email, None);
        assert!(user.app_metadata.is_empty());
        assert_eq!(user.extra["custom"]["a"][0], 1);
        let back: Value = serde_json::to_value(&user).unwrap();
        assert_eq!(back["confirmed_at"], "2024");
        assert!(serde_json::from_str::<User>(r#"{"email":"x"}"#).is_err(), "id is required");
    }

    #[test]
    fn parts_without_tokens_are_not_a_session() {
        let parts: SessionParts = serde_json::from_str(r#"{"access_token":"a","user":{"id":"u"}}"#).unwrap();
        assert!(parts.into_session().unwrap().is_none());
        let parts: SessionParts =
            serde_json::from_str(r#"{"access_token":"a","refresh_token":"","expires_in":1,"user":{"id":"u"}}"#).unwrap();
        assert!(parts.into_session().unwrap().is_none(), "empty refresh token");
        let parts: SessionParts =
            serde_json::from_str(r#"{"access_token":"a","refresh_token":"r","expires_in":1,"user":{"email":"x"}}"#).unwrap();
        assert!(parts.into_session().is_err(), "a user without an id");
    }
}
