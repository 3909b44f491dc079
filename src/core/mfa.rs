//! Multi-factor authentication for the signed-in user: enroll TOTP or phone factors,
//! challenge and verify them (upgrading the session to aal2), unenroll, list factors and
//! read the authenticator assurance level.

use super::client::Client;
use super::error::{Error, Result};
use super::events::AuthEvent;
use super::http::{Request, path_segment};
use super::jwt;
use super::params::options;
use super::types::{Json, Session};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

options! {
    /// Options for a challenge (all optional).
    pub struct ChallengeOptions {
        /// "sms" (server default) or "whatsapp"; phone factors only.
        pub channel: Option<String>,
    }
    shared: []
}

/// The user's factors: `all` of them (any status), and the verified TOTP, phone and WebAuthn ones.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Factors {
    pub all: Vec<Value>,
    pub totp: Vec<Value>,
    pub phone: Vec<Value>,
    pub webauthn: Vec<Value>,
}

impl Factors {
    pub fn from_list(all: Vec<Value>) -> Factors {
        let verified_of = |kind: &str| -> Vec<Value> {
            all.iter().filter(|f| f.get("factor_type").and_then(Value::as_str) == Some(kind) && is_verified(f)).cloned().collect()
        };
        let (totp, phone, webauthn) = (verified_of("totp"), verified_of("phone"), verified_of("webauthn"));
        Factors { all, totp, phone, webauthn }
    }
}

fn is_verified(factor: &Value) -> bool {
    factor.get("status").and_then(Value::as_str) == Some("verified")
}

/// Where the session stands: the level it has (`aal` claim) and the level it could reach.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct AssuranceLevel {
    /// "aal1" or "aal2"; None when signed out.
    pub current_level: Option<String>,
    /// "aal2" when the user has a verified factor, else the current level; None when signed out.
    pub next_level: Option<String>,
    /// The `amr` claim: how the user authenticated ({method, timestamp}, ...).
    pub current_authentication_methods: Vec<Value>,
}

impl AssuranceLevel {
    /// Computed from the session alone (no network): its access token's `aal`/`amr`
    /// claims and the factors of its user.
    pub fn of(session: Option<&Session>) -> Result<AssuranceLevel> {
        let Some(session) = session else { return Ok(AssuranceLevel::default()) };
        let claims = jwt::decode_unverified(session.access_token.expose())?;
        let current_level = claims.get("aal").and_then(Value::as_str).map(str::to_owned);
        let has_verified_factor = session.user.factors.as_ref().is_some_and(|f| f.iter().any(is_verified));
        let next_level = if has_verified_factor { Some("aal2".to_owned()) } else { current_level.clone() };
        let current_authentication_methods = match claims.get("amr") {
            Some(Value::Array(methods)) => methods.clone(),
            _ => Vec::new(),
        };
        Ok(AssuranceLevel { current_level, next_level, current_authentication_methods })
    }
}

impl Client {
    /// POST /factors with the current session's token.
    fn enroll(&self, body: Json) -> Result<Value> {
        let session = self.require_session()?;
        self.http.send_json(Request::post("/factors").jwt(session.access_token.expose()).body(Value::Object(body)))
    }

    /// Enrolls a TOTP factor. The answer is {id, type:"totp", friendly_name,
    /// totp:{qr_code (SVG), secret (base32), uri (otpauth://)}}; the factor stays
    /// unverified until a challenge for it is verified.
    pub fn mfa_enroll_totp(&self, friendly_name: Option<&str>, issuer: Option<&str>) -> Result<Value> {
        let mut body = Json::new();
        body.insert("factor_type".into(), "totp".into());
        if let Some(name) = friendly_name.filter(|s| !s.is_empty()) {
            body.insert("friendly_name".into(), name.into());
        }
        if let Some(issuer) = issuer.filter(|s| !s.is_empty()) {
            body.insert("issuer".into(), issuer.into());
        }
        self.enroll(body)
    }

    /// Enrolls a phone factor: {id, type:"phone", friendly_name, phone}.
    pub fn mfa_enroll_phone(&self, phone: &str, friendly_name: Option<&str>) -> Result<Value> {
        if phone.is_empty() {
            return Err(Error::invalid_argument("phone must not be empty"));
        }
        let mut body = Json::new();
        body.insert("factor_type".into(), "phone".into());
        body.insert("phone".into(), phone.into());
        if let Some(name) = friendly_name.filter(|s| !s.is_empty()) {
            body.insert("friendly_name".into(), name.into());
        }
        self.enroll(body)
    }

    /// Creates a challenge for a factor (a phone factor gets its code by SMS/WhatsApp):
    /// {id, type, expires_at}.
    pub fn mfa_challenge(&self, factor_id: &str, options: &ChallengeOptions) -> Result<Value> {
        let path = format!("/factors/{}/challenge", path_segment("factor_id", factor_id)?);
        let session = self.require_session()?;
        let mut body = Json::new();
        if let Some(channel) = &options.channel {
            body.insert("channel".into(), channel.clone().into());
        }
        self.http.send_json(Request::post(&path).jwt(session.access_token.expose()).body(Value::Object(body)))
    }

    /// Verifies a challenge with a code. The server answers with a session upgraded to
    /// aal2, which becomes the current session (MFA_CHALLENGE_VERIFIED).
    pub fn mfa_verify(&self, factor_id: &str, challenge_id: &str, code: &str) -> Result<Arc<Session>> {
        let path = format!("/factors/{}/verify", path_segment("factor_id", factor_id)?);
        if challenge_id.is_empty() || code.is_empty() {
            return Err(Error::invalid_argument("challenge_id and code must not be empty"));
        }
        let session = self.require_session()?;
        let value = self.http.send_json(
            Request::post(&path).jwt(session.access_token.expose()).body(serde_json::json!({ "challenge_id": challenge_id, "code": code })),
        )?;
        let upgraded = Session::from_response(&value)?.ok_or_else(|| Error::invalid_response("MFA verify answer has no session"))?;
        self.save_session(upgraded, AuthEvent::MfaChallengeVerified)
    }

    /// Challenge and verify in one call (for TOTP, where the code is already at hand).
    pub fn mfa_challenge_and_verify(&self, factor_id: &str, code: &str) -> Result<Arc<Session>> {
        if code.is_empty() {
            return Err(Error::invalid_argument("code must not be empty"));
        }
        let challenge = self.mfa_challenge(factor_id, &ChallengeOptions::default())?;
        let challenge_id =
            challenge.get("id").and_then(Value::as_str).ok_or_else(|| Error::invalid_response("challenge answer has no id"))?;
        self.mfa_verify(factor_id, challenge_id, code)
    }

    /// Removes a factor (DELETE /factors/{id}); the server answers {id}. Removing a
    /// verified factor needs an aal2 session.
    pub fn mfa_unenroll(&self, factor_id: &str) -> Result<Value> {
        let path = format!("/factors/{}", path_segment("factor_id", factor_id)?);
        let session = self.require_session()?;
        self.http.send_json(Request::delete(&path).jwt(session.access_token.expose()))
    }

    /// The user's factors, fetched fresh from the server (GET /user).
    pub fn mfa_list_factors(&self) -> Result<Factors> {
        let user = self.get_user(None)?;
        Ok(Factors::from_list(user.factors.unwrap_or_default()))
    }

    /// The assurance level of the current session, with no network call.
    pub fn mfa_authenticator_assurance_level(&self) -> Result<AssuranceLevel> {
        AssuranceLevel::of(self.current_session().as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::types::User;
    use base64::Engine;
    use serde_json::json;

    fn token(claims: Value) -> String {
        let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("{}.{}.sig", b.encode(r#"{"alg":"HS256"}"#), b.encode(claims.to_string()))
    }

    fn session(claims: Value, factors: Option<Vec<Value>>) -> Session {
        let user = User { id: "u1".into(), factors, ..Default::default() };
        Session::from_tokens(&token(claims), "r", user).unwrap()
    }

    fn factor(kind: &str, status: &str) -> Value {
        json!({"id": format!("{kind}-{status}"), "factor_type": kind, "status": status, "friendly_name": ""})
    }

    #[test]
    fn signed_out_has_no_levels() {
        assert_eq!(AssuranceLevel::of(None).unwrap(), AssuranceLevel::default());
    }

    #[test]
    fn aal1_with_a_verified_factor_can_reach_aal2() {
        let amr = json!([{"method":"password","timestamp":1700000000}]);
        let s = session(json!({"exp": 4102444800i64, "aal":"aal1", "amr": amr}), Some(vec![factor("totp", "verified")]));
        let level = AssuranceLevel::of(Some(&s)).unwrap();
        assert_eq!(level.current_level.as_deref(), Some("aal1"));
        assert_eq!(level.next_level.as_deref(), Some("aal2"));
        assert_eq!(Value::Array(level.current_authentication_methods), amr);
    }

    #[test]
    fn unverified_factors_do_not_raise_the_next_level() {
        let s = session(json!({"exp": 4102444800i64, "aal":"aal1"}), Some(vec![factor("totp", "unverified")]));
        let level = AssuranceLevel::of(Some(&s)).unwrap();
        assert_eq!(level.next_level.as_deref(), Some("aal1"));
        assert!(level.current_authentication_methods.is_empty());
        let s = session(json!({"exp": 4102444800i64, "aal":"aal1"}), None);
        assert_eq!(AssuranceLevel::of(Some(&s)).unwrap().next_level.as_deref(), Some("aal1"));
    }

    #[test]
    fn aal2_session_stays_aal2() {
        let amr = json!([{"method":"totp","timestamp":2},{"method":"password","timestamp":1}]);
        let s = session(json!({"exp": 4102444800i64, "aal":"aal2", "amr": amr}), Some(vec![factor("phone", "verified")]));
        let level = AssuranceLevel::of(Some(&s)).unwrap();
        assert_eq!((level.current_level.as_deref(), level.next_level.as_deref()), (Some("aal2"), Some("aal2")));
        assert_eq!(level.current_authentication_methods.len(), 2);
    }

    #[test]
    fn factors_split_keeps_only_verified_in_typed_lists() {
        let all = vec![
            factor("totp", "verified"),
            factor("totp", "unverified"),
            factor("phone", "verified"),
            factor("phone", "unverified"),
            factor("webauthn", "verified"),
        ];
        let f = Factors::from_list(all.clone());
        assert_eq!(f.all, all);
        assert_eq!(f.totp, vec![factor("totp", "verified")]);
        assert_eq!(f.phone, vec![factor("phone", "verified")]);
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert!(path_segment("factor_id", "8d5c3a8e-1b6f-4c4e-9c7e-3f0b1c2d3e4f").is_ok());
        for bad in ["", "../user", "a/b", "a?b", "a b", "a%2F"] {
            assert!(path_segment("factor_id", bad).is_err(), "{bad}");
        }
    }
}
