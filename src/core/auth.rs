//! User-facing flows: sign-up, sign-in with password, get and update the user.

use super::client::{Client, user_missing};
use super::error::{Error, Result};
use super::events::AuthEvent;
use super::http::Request;
use super::params::options;
use super::pkce::FlowKind;
use super::types::{Json, Session, SessionUser, SignUpOutcome, User, parse_user, parse_user_slice};
use serde_json::Value;
use std::sync::Arc;

/// Who is signing in or up: exactly one of email or phone.
#[derive(Clone, Copy, Debug)]
pub enum Identifier<'a> {
    Email(&'a str),
    Phone(&'a str),
}

impl<'a> Identifier<'a> {
    pub fn from_parts(email: Option<&'a str>, phone: Option<&'a str>) -> Result<Identifier<'a>> {
        match (email.filter(|s| !s.is_empty()), phone.filter(|s| !s.is_empty())) {
            (Some(e), None) => Ok(Identifier::Email(e)),
            (None, Some(p)) => Ok(Identifier::Phone(p)),
            (Some(_), Some(_)) => Err(Error::invalid_argument("give either email or phone, not both")),
            (None, None) => Err(Error::invalid_argument("email or phone is required")),
        }
    }

    pub(crate) fn insert_into(self, body: &mut Json) {
        match self {
            Identifier::Email(e) => body.insert("email".into(), e.into()),
            Identifier::Phone(p) => body.insert("phone".into(), p.into()),
        };
    }
}

options! {
    /// Options for sign-up (all optional). redirect_to: where the confirmation link leads.
    pub struct SignUpOptions {
        /// User metadata (`raw_user_meta_data`).
        pub data: Option<Json>,
        /// "sms" or "whatsapp" for phone sign-ups.
        pub channel: Option<String>,
    }
    shared: [redirect_to, captcha_token]
}

options! {
    /// Options for sign-in with password.
    pub struct SignInOptions {}
    shared: [captcha_token]
}

options! {
    /// Options for update_user. redirect_to: where the email-change links lead.
    pub struct UpdateUserOptions {}
    shared: [redirect_to, flow_id_in_redirect_to]
}

options! {
    /// Options for anonymous sign-in.
    pub struct AnonymousOptions {
        /// User metadata.
        pub data: Option<Json>,
    }
    shared: [captcha_token]
}

impl Client {
    /// Creates a user. With email autoconfirm (or phone autoconfirm) the user is signed in
    /// at once and a session is saved; otherwise only the user comes back and a
    /// confirmation message is sent.
    pub fn sign_up(&self, who: Identifier<'_>, password: &str, options: &SignUpOptions) -> Result<SignUpOutcome> {
        if password.is_empty() {
            return Err(Error::invalid_argument("password must not be empty"));
        }
        let mut body = Json::new();
        who.insert_into(&mut body);
        body.insert("password".into(), password.into());
        body.insert("data".into(), Value::Object(options.data.clone().unwrap_or_default()));
        if let Some(channel) = &options.channel {
            body.insert("channel".into(), channel.clone().into());
        }
        // Under PKCE an email's confirmation link comes back with ?code= (as with the JS client).
        let pkce = matches!(who, Identifier::Email(_)).then_some(FlowKind::SignIn);
        let redirect_to = self.apply_shared(&mut body, pkce, options.shared())?;
        let value = self.http.send_json(Request::post("/signup").query_opt("redirect_to", redirect_to).body(Value::Object(body)))?;
        self.session_or_user(value)
    }

    /// Turns an answer that is either a session or a bare user into the right outcome,
    /// saving the session (SIGNED_IN) when there is one.
    pub(crate) fn session_or_user(&self, value: Value) -> Result<SignUpOutcome> {
        if let Some(session) = Session::from_response(&value)? {
            let saved = self.save_session(session, AuthEvent::SignedIn)?;
            return Ok(SignUpOutcome::Session((*saved).clone()));
        }
        let user_value = match value.get("user") {
            Some(u) if u.is_object() => u.clone(),
            _ if value.get("id").is_some() => value,
            _ => return Err(user_missing()),
        };
        Ok(SignUpOutcome::User(parse_user(user_value)?))
    }

    /// Signs in with email or phone and password.
    pub fn sign_in_with_password(&self, who: Identifier<'_>, password: &str, options: &SignInOptions) -> Result<Arc<Session>> {
        if password.is_empty() {
            return Err(Error::invalid_argument("password must not be empty"));
        }
        let mut body = Json::new();
        who.insert_into(&mut body);
        body.insert("password".into(), password.into());
        self.apply_shared(&mut body, None, options.shared())?;
        self.token_grant("password", Value::Object(body))
    }

    /// POST /token?grant_type=<grant>; saves the session and emits SIGNED_IN.
    pub(crate) fn token_grant(&self, grant: &str, body: Value) -> Result<Arc<Session>> {
        let response = self.http.send(Request::post("/token").query("grant_type", grant).body(body))?;
        let session = Session::from_slice(&response.body)?.ok_or_else(|| Error::invalid_response("sign-in answer has no session"))?;
        self.save_session(session, AuthEvent::SignedIn)
    }

    /// Signs in as a new anonymous user (POST /signup with no email or phone). Saves the
    /// session (SIGNED_IN). Convert to a permanent user later with update_user (email,
    /// phone, password).
    pub fn sign_in_anonymously(&self, options: &AnonymousOptions) -> Result<Arc<Session>> {
        let mut body = Json::new();
        body.insert("data".into(), Value::Object(options.data.clone().unwrap_or_default()));
        self.apply_shared(&mut body, None, options.shared())?;
        let value = self.http.send_json(Request::post("/signup").body(Value::Object(body)))?;
        let session = Session::from_response(&value)?.ok_or_else(|| Error::invalid_response("anonymous sign-in answer has no session"))?;
        self.save_session(session, AuthEvent::SignedIn)
    }

    /// Fetches the user for `jwt`, or for the current session (refreshed if needed).
    pub fn get_user(&self, jwt: Option<&str>) -> Result<User> {
        parse_user_slice(&self.fetch_user(jwt)?.body)
    }

    /// As `get_user`, but the server's JSON verbatim (checked to be a user with an id),
    /// without building the user (for callers that pass the JSON on).
    pub fn get_user_json(&self, jwt: Option<&str>) -> Result<String> {
        let body = self.fetch_user(jwt)?.body;
        // Validated once (borrowed, no copy), the id read from the front, the body handed on.
        let text = String::from_utf8(body).map_err(|e| Error::invalid_response(format!("user: {e}")))?;
        let raw: &serde_json::value::RawValue = serde_json::from_str(&text).map_err(|e| Error::invalid_response(format!("user: {e}")))?;
        super::types::user_id(raw.get())?;
        if raw.get().len() == text.len() { Ok(text) } else { Ok(raw.get().to_owned()) }
    }

    fn fetch_user(&self, jwt: Option<&str>) -> Result<super::http::Response> {
        match jwt {
            Some("") => Err(Error::invalid_argument("jwt must not be empty")),
            Some(token) => self.http.send(Request::get("/user").jwt(token)),
            None => {
                let session = self.require_session()?;
                self.http.send(Request::get("/user").jwt(session.access_token.expose()))
            }
        }
    }

    /// Updates the signed-in user (email, phone, password, nonce, data, ...). The saved
    /// session gets the new user and USER_UPDATED is emitted.
    pub fn update_user(&self, mut attributes: Json, options: &UpdateUserOptions) -> Result<User> {
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        let session = self.require_session()?;
        // Under PKCE the email-change links come back with ?code= for this flow.
        let changes_email = attributes.get("email").is_some_and(|e| e.as_str().is_some_and(|e| !e.is_empty()));
        let redirect_to = self.apply_shared(&mut attributes, changes_email.then_some(FlowKind::SignIn), options.shared())?;
        let value = self.http.send_json(
            Request::put("/user").query_opt("redirect_to", redirect_to).jwt(session.access_token.expose()).body(Value::Object(attributes)),
        )?;
        let user = parse_user(value)?;
        let mut updated = (*session).clone();
        updated.user = SessionUser::new(user.clone());
        self.save_session(updated, AuthEvent::UserUpdated)?;
        Ok(user)
    }
}
