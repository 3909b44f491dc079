//! Passwordless and recovery flows: OTP / magic link (POST /otp), verify (POST /verify),
//! resend (POST /resend), password reset mail (POST /recover), reauthentication nonce
//! (GET /reauthenticate).

use super::auth::Identifier;
use super::client::Client;
use super::error::{Error, Result};
use super::events::AuthEvent;
use super::http::Request;
use super::params::options;
use super::pkce::FlowKind;
use super::types::{Json, Session, User, parse_user};
use serde_json::Value;
use std::sync::Arc;

options! {
    /// Options for sign_in_with_otp. redirect_to: where the magic link leads (emails only).
    pub struct OtpOptions {
        /// Create the user when it does not exist (default true).
        pub should_create_user: Option<bool>,
        /// User metadata for a created user.
        pub data: Option<Json>,
        /// "sms" (default) or "whatsapp", for phones.
        pub channel: Option<String>,
    }
    shared: [redirect_to, captcha_token, flow_id_in_redirect_to]
}

options! {
    /// Options for verify_otp.
    pub struct VerifyOptions {}
    shared: [redirect_to, captcha_token]
}

options! {
    /// Options for resend and reset_password_for_email (flow_id_in_redirect_to: reset only).
    pub struct EmailLinkOptions {}
    shared: [redirect_to, captcha_token, flow_id_in_redirect_to]
}

/// The OTP types POST /verify accepts.
pub const VERIFY_TYPES: &[&str] = &["sms", "phone_change", "signup", "invite", "magiclink", "recovery", "email_change", "email"];

/// The types POST /resend accepts.
pub const RESEND_TYPES: &[&str] = &["signup", "email_change", "sms", "phone_change"];

/// What verify returned: a session (saved), or only a user, or neither (the first of two
/// secure email-change confirmations answers with a message only).
// Returned once per call: boxing the session would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum VerifyOutcome {
    Session(Arc<Session>),
    User(User),
    Nothing,
}

fn object(value: Value) -> Result<Value> {
    match value {
        Value::Null => Ok(Value::Object(Json::new())),
        v @ Value::Object(_) => Ok(v),
        _ => Err(Error::invalid_response("expected a JSON object")),
    }
}

impl Client {
    /// Sends a one-time password or magic link to an email, or a code to a phone (POST /otp).
    /// For emails under the PKCE flow type a verifier is stored so the link's `?code=` can
    /// be exchanged. Returns the server's answer ({"message_id":...} for phones, {} else).
    pub fn sign_in_with_otp(&self, who: Identifier<'_>, options: &OtpOptions) -> Result<Value> {
        let mut body = Json::new();
        who.insert_into(&mut body);
        let is_email = matches!(who, Identifier::Email(_));
        if !is_email {
            body.insert("channel".into(), options.channel.as_deref().unwrap_or("sms").into());
        }
        body.insert("data".into(), Value::Object(options.data.clone().unwrap_or_default()));
        body.insert("create_user".into(), options.should_create_user.unwrap_or(true).into());
        // Only an email gets a link to come back with: a phone gets a code.
        let redirect_to = self.apply_shared(&mut body, is_email.then_some(FlowKind::SignIn), options.shared())?.filter(|_| is_email);
        let value = self.http.send_json(Request::post("/otp").query_opt("redirect_to", redirect_to).body(Value::Object(body)))?;
        object(value)
    }

    /// Verifies an OTP (POST /verify): by email or phone plus `token`, or by `token_hash`
    /// alone. A session is saved with SIGNED_IN, or PASSWORD_RECOVERY for type "recovery".
    pub fn verify_otp(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        token: Option<&str>,
        token_hash: Option<&str>,
        otp_type: &str,
        options: &VerifyOptions,
    ) -> Result<VerifyOutcome> {
        if !VERIFY_TYPES.contains(&otp_type) {
            return Err(Error::invalid_argument(format!("unknown OTP type {otp_type:?}: use one of {}", VERIFY_TYPES.join(", "))));
        }
        let token = token.filter(|s| !s.is_empty());
        let token_hash = token_hash.filter(|s| !s.is_empty());
        let mut body = Json::new();
        body.insert("type".into(), otp_type.into());
        match (token, token_hash) {
            (Some(t), None) => {
                Identifier::from_parts(email, phone)
                    .map_err(|e| Error::invalid_argument(format!("{} to verify a token", e.message)))?
                    .insert_into(&mut body);
                body.insert("token".into(), t.into());
            }
            (None, Some(h)) => {
                if email.is_some_and(|s| !s.is_empty()) || phone.is_some_and(|s| !s.is_empty()) {
                    return Err(Error::invalid_argument("token_hash identifies the user: pass no email or phone with it"));
                }
                body.insert("token_hash".into(), h.into());
            }
            (Some(_), Some(_)) => return Err(Error::invalid_argument("give either token or token_hash, not both")),
            (None, None) => return Err(Error::invalid_argument("token or token_hash is required")),
        }
        let redirect_to = self.apply_shared(&mut body, None, options.shared())?;
        let value = self.http.send_json(Request::post("/verify").query_opt("redirect_to", redirect_to).body(Value::Object(body)))?;
        if let Some(session) = Session::from_response(&value)? {
            let event = if otp_type == "recovery" { AuthEvent::PasswordRecovery } else { AuthEvent::SignedIn };
            return Ok(VerifyOutcome::Session(self.save_session(session, event)?));
        }
        match value.get("user") {
            Some(u) if u.is_object() => Ok(VerifyOutcome::User(parse_user(u.clone())?)),
            _ if value.get("id").is_some_and(Value::is_string) => Ok(VerifyOutcome::User(parse_user(value)?)),
            _ => Ok(VerifyOutcome::Nothing),
        }
    }

    /// Sends a confirmation again (POST /resend): types signup/email_change need the email,
    /// sms/phone_change the phone. Returns the server's answer ({"message_id":...} for phones).
    pub fn resend(&self, otp_type: &str, who: Identifier<'_>, options: &EmailLinkOptions) -> Result<Value> {
        let wants_email = match otp_type {
            "signup" | "email_change" => true,
            "sms" | "phone_change" => false,
            other => {
                return Err(Error::invalid_argument(format!("unknown resend type {other:?}: use one of {}", RESEND_TYPES.join(", "))));
            }
        };
        if wants_email != matches!(who, Identifier::Email(_)) {
            let needed = if wants_email { "an email" } else { "a phone" };
            return Err(Error::invalid_argument(format!("resend type {otp_type} needs {needed}")));
        }
        let mut body = Json::new();
        who.insert_into(&mut body);
        body.insert("type".into(), otp_type.into());
        let redirect_to = self.apply_shared(&mut body, None, options.shared())?.filter(|_| wants_email);
        object(self.http.send_json(Request::post("/resend").query_opt("redirect_to", redirect_to).body(Value::Object(body)))?)
    }

    /// Sends a password reset mail (POST /recover). Under the PKCE flow type a verifier is
    /// stored; exchanging the link's code then emits PASSWORD_RECOVERY.
    pub fn reset_password_for_email(&self, email: &str, options: &EmailLinkOptions) -> Result<()> {
        if email.trim().is_empty() {
            return Err(Error::invalid_argument("email must not be empty"));
        }
        let mut body = Json::new();
        body.insert("email".into(), email.into());
        let redirect_to = self.apply_shared(&mut body, Some(FlowKind::PasswordRecovery), options.shared())?;
        self.http.send(Request::post("/recover").query_opt("redirect_to", redirect_to).body(Value::Object(body)))?;
        Ok(())
    }

    /// Asks the server to send a reauthentication nonce to the signed-in user's email or
    /// phone (GET /reauthenticate). Pass it as "nonce" to update_user with a new password.
    pub fn reauthenticate(&self) -> Result<()> {
        let session = self.require_session()?;
        // Not retried: each request sends a new nonce.
        self.http.send(Request::get("/reauthenticate").jwt(session.access_token.expose()).retryable(false))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{ClientOptions, ErrorCode};

    fn client() -> Client {
        Client::new("http://127.0.0.1:1", "anon", ClientOptions::default()).unwrap()
    }

    #[test]
    fn verify_checks_its_argument_combinations() {
        let c = client();
        let o = VerifyOptions::default();
        let bad = |r: Result<VerifyOutcome>| r.unwrap_err().code;
        assert_eq!(bad(c.verify_otp(Some("a@x"), None, Some("1"), None, "bogus", &o)), ErrorCode::InvalidArgument);
        assert_eq!(bad(c.verify_otp(Some("a@x"), None, None, None, "email", &o)), ErrorCode::InvalidArgument);
        assert_eq!(bad(c.verify_otp(Some("a@x"), None, Some("1"), Some("h"), "email", &o)), ErrorCode::InvalidArgument);
        assert_eq!(bad(c.verify_otp(None, None, Some("1"), None, "sms", &o)), ErrorCode::InvalidArgument);
        assert_eq!(bad(c.verify_otp(Some("a@x"), None, None, Some("h"), "email", &o)), ErrorCode::InvalidArgument);
        // A well-formed call gets as far as the network.
        assert_eq!(bad(c.verify_otp(None, None, None, Some("h"), "magiclink", &o)), ErrorCode::Network);
    }

    #[test]
    fn resend_matches_type_and_identifier() {
        let c = client();
        let o = EmailLinkOptions::default();
        assert_eq!(c.resend("sms", Identifier::Email("a@x"), &o).unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.resend("signup", Identifier::Phone("+1"), &o).unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.resend("recovery", Identifier::Email("a@x"), &o).unwrap_err().code, ErrorCode::InvalidArgument);
    }

    #[test]
    fn reauthenticate_needs_a_session() {
        assert_eq!(client().reauthenticate().unwrap_err().code, ErrorCode::SessionMissing);
        assert_eq!(client().reset_password_for_email(" ", &EmailLinkOptions::default()).unwrap_err().code, ErrorCode::InvalidArgument);
    }
}
