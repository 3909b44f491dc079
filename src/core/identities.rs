//! Identities of the signed-in user: list, link (OAuth or ID token), unlink.

use super::client::Client;
use super::error::{Error, Result};
use super::events::AuthEvent;
use super::http::Request;
use super::oauth::{IdTokenOptions, OAuthOptions, id_token_body, url_field};
use super::types::Session;
use serde_json::Value;
use std::sync::Arc;

impl Client {
    /// The signed-in user's identities, fresh from GET /user (a JSON array).
    pub fn get_user_identities(&self) -> Result<Vec<Value>> {
        Ok(self.get_user(None)?.identities.unwrap_or_default())
    }

    /// The URL that links an OAuth provider to the signed-in user (GET
    /// /user/identities/authorize?skip_http_redirect=true answers {url}). Needs manual
    /// linking enabled on the server. Under PKCE a verifier is stored for the callback.
    pub fn link_identity(&self, provider: &str, options: &OAuthOptions) -> Result<String> {
        let session = self.require_session()?;
        let query = self.authorize_query(provider, options, true)?;
        // Not retried: every attempt would start (and store) another PKCE flow server-side.
        let mut request = Request::get("/user/identities/authorize").jwt(session.access_token.expose()).retryable(false);
        for (k, v) in query {
            request = request.query(k, v);
        }
        url_field(&self.http.send_json(request)?)
    }

    /// Links an identity by ID token (POST /token?grant_type=id_token, link_identity:true,
    /// with the user's JWT). The new session is saved (USER_UPDATED).
    pub fn link_identity_with_id_token(
        &self,
        provider: &str,
        id_token: &str,
        access_token: Option<&str>,
        nonce: Option<&str>,
        options: &IdTokenOptions,
    ) -> Result<Arc<Session>> {
        let mut body = id_token_body(self, provider, id_token, access_token, nonce, options)?;
        body.insert("link_identity".into(), true.into());
        let session = self.require_session()?;
        let value = self.http.send_json(
            Request::post("/token").query("grant_type", "id_token").jwt(session.access_token.expose()).body(Value::Object(body)),
        )?;
        let session = Session::from_response(&value)?.ok_or_else(|| Error::invalid_response("link answer has no session"))?;
        self.save_session(session, AuthEvent::UserUpdated)
    }

    /// Unlinks an identity (DELETE /user/identities/{identity_id}). The user must keep at
    /// least one identity. The saved session's user is refreshed from GET /user afterwards.
    pub fn unlink_identity(&self, identity_id: &str) -> Result<()> {
        let valid = !identity_id.is_empty() && identity_id.len() <= 64 && identity_id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !valid {
            return Err(Error::invalid_argument("identity_id must be a UUID (the identity's `identity_id` field)"));
        }
        let session = self.require_session()?;
        let path = format!("/user/identities/{identity_id}");
        self.http.send(Request::delete(&path).jwt(session.access_token.expose()))?;
        // The saved user still lists the identity: refresh it so the caller sees the change.
        if let Ok(user) = self.get_user(Some(session.access_token.expose())) {
            if let Some(current) = self.current_session().filter(|s| s.access_token == session.access_token) {
                let mut updated = (*current).clone();
                updated.user = super::types::SessionUser::new(user);
                self.save_session(updated, AuthEvent::UserUpdated)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{ClientOptions, ErrorCode};

    #[test]
    fn identity_calls_need_a_session_and_a_uuid() {
        let c = Client::new("http://127.0.0.1:1", "anon", ClientOptions::default()).unwrap();
        assert_eq!(c.unlink_identity("../admin").unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.unlink_identity("").unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.unlink_identity("0b5e4f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b").unwrap_err().code, ErrorCode::SessionMissing);
        assert_eq!(c.link_identity("github", &OAuthOptions::default()).unwrap_err().code, ErrorCode::SessionMissing);
        assert_eq!(
            c.link_identity_with_id_token("google", "t", None, None, &IdTokenOptions::default()).unwrap_err().code,
            ErrorCode::SessionMissing
        );
        assert_eq!(c.get_user_identities().unwrap_err().code, ErrorCode::SessionMissing);
    }
}
