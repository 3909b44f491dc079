//! Passkeys (`GOTRUE_PASSKEY_ENABLED`) and WebAuthn MFA factors. Each ceremony has two steps,
//! as in auth-js: *options* hands the caller the server's WebAuthn options to pass to the
//! platform authenticator (ASAuthorization, Android Credential Manager, a FIDO2 library,
//! navigator.credentials), and *verify* takes the authenticator's response back. The library
//! never talks to an authenticator itself.

use super::client::Client;
use super::error::{Error, Result};
use super::events::AuthEvent;
use super::http::{Request, path_segment};
use super::params::options;
use super::types::{Json, Session};
use serde_json::{Value, json};
use std::sync::Arc;

options! {
    /// Options for passkey_authentication_options.
    pub struct PasskeyAuthenticationOptions {}
    shared: [captcha_token]
}

/// A challenge answer must carry its id and the WebAuthn options.
fn ceremony_answer(value: Value, what: &str) -> Result<Value> {
    let ok = value.get("challenge_id").and_then(Value::as_str).is_some_and(|s| !s.is_empty())
        && value.get("options").is_some_and(Value::is_object);
    if ok { Ok(value) } else { Err(Error::invalid_response(format!("{what} answer has no challenge_id and options"))) }
}

fn require_credential(credential: &Json, challenge_id: &str) -> Result<()> {
    if challenge_id.is_empty() {
        return Err(Error::invalid_argument("challenge_id must not be empty"));
    }
    if credential.is_empty() {
        return Err(Error::invalid_argument("credential must not be empty"));
    }
    Ok(())
}

impl Client {
    /// POST /passkeys/registration/options with the current session: {challenge_id,
    /// options: PublicKeyCredentialCreationOptions (base64url binary fields), expires_at}.
    pub fn passkey_registration_options(&self) -> Result<Value> {
        let session = self.require_session()?;
        let value =
            self.http.send_json(Request::post("/passkeys/registration/options").jwt(session.access_token.expose()).body(json!({})))?;
        ceremony_answer(value, "passkey registration options")
    }

    /// POST /passkeys/registration/verify {challenge_id, credential}: the authenticator's
    /// registration response (a PublicKeyCredential as JSON) becomes a passkey of the user.
    /// Answers {id, friendly_name, created_at}.
    pub fn passkey_registration_verify(&self, challenge_id: &str, credential: Json) -> Result<Value> {
        require_credential(&credential, challenge_id)?;
        let session = self.require_session()?;
        self.http.send_json(
            Request::post("/passkeys/registration/verify")
                .jwt(session.access_token.expose())
                .body(json!({ "challenge_id": challenge_id, "credential": credential })),
        )
    }

    /// POST /passkeys/authentication/options (no session: a discoverable-credential sign-in):
    /// {challenge_id, options: PublicKeyCredentialRequestOptions, expires_at}.
    pub fn passkey_authentication_options(&self, options: &PasskeyAuthenticationOptions) -> Result<Value> {
        let mut body = Json::new();
        self.apply_shared(&mut body, None, options.shared())?;
        let value = self.http.send_json(Request::post("/passkeys/authentication/options").body(Value::Object(body)))?;
        ceremony_answer(value, "passkey authentication options")
    }

    /// POST /passkeys/authentication/verify {challenge_id, credential}: signs in with the
    /// authenticator's assertion. Saves the session (SIGNED_IN).
    pub fn passkey_authentication_verify(&self, challenge_id: &str, credential: Json) -> Result<Arc<Session>> {
        require_credential(&credential, challenge_id)?;
        let response = self.http.send(
            Request::post("/passkeys/authentication/verify").body(json!({ "challenge_id": challenge_id, "credential": credential })),
        )?;
        let session =
            Session::from_slice(&response.body)?.ok_or_else(|| Error::invalid_response("passkey sign-in answer has no session"))?;
        self.save_session(session, AuthEvent::SignedIn)
    }

    /// GET /passkeys: the user's passkeys, each {id, friendly_name, created_at, last_used_at}.
    pub fn list_passkeys(&self) -> Result<Vec<Value>> {
        let session = self.require_session()?;
        array(self.http.send_json(Request::get("/passkeys").jwt(session.access_token.expose()))?, "passkeys")
    }

    /// PATCH /passkeys/{id} {friendly_name}: the updated passkey.
    pub fn update_passkey(&self, passkey_id: &str, attributes: Json) -> Result<Value> {
        let path = format!("/passkeys/{}", path_segment("passkey_id", passkey_id)?);
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        let session = self.require_session()?;
        self.http.send_json(Request::patch(&path).jwt(session.access_token.expose()).body(Value::Object(attributes)))
    }

    /// DELETE /passkeys/{id}.
    pub fn delete_passkey(&self, passkey_id: &str) -> Result<()> {
        let path = format!("/passkeys/{}", path_segment("passkey_id", passkey_id)?);
        let session = self.require_session()?;
        self.http.send(Request::delete(&path).jwt(session.access_token.expose()))?;
        Ok(())
    }

    /// GET /admin/users/{id}/passkeys (service-role key).
    pub fn admin_list_passkeys(&self, user_id: &str) -> Result<Vec<Value>> {
        let path = format!("/admin/users/{}/passkeys", path_segment("user_id", user_id)?);
        array(self.http.send_json(Request::get(&path))?, "passkeys")
    }

    /// DELETE /admin/users/{id}/passkeys/{passkey_id} (service-role key).
    pub fn admin_delete_passkey(&self, user_id: &str, passkey_id: &str) -> Result<()> {
        let path = format!("/admin/users/{}/passkeys/{}", path_segment("user_id", user_id)?, path_segment("passkey_id", passkey_id)?);
        self.http.send(Request::delete(&path))?;
        Ok(())
    }

    /// POST /factors {factor_type:"webauthn", friendly_name}: an unverified WebAuthn factor
    /// {id, type:"webauthn", friendly_name}. Its first challenge (mfa_challenge) carries
    /// credential *creation* options; verifying it registers the authenticator.
    pub fn mfa_enroll_webauthn(&self, friendly_name: Option<&str>) -> Result<Value> {
        let session = self.require_session()?;
        let mut body = Json::new();
        body.insert("factor_type".into(), "webauthn".into());
        if let Some(name) = friendly_name.filter(|s| !s.is_empty()) {
            body.insert("friendly_name".into(), name.into());
        }
        self.http.send_json(Request::post("/factors").jwt(session.access_token.expose()).body(Value::Object(body)))
    }

    /// POST /factors/{id}/verify {challenge_id, webauthn:{type, credential_response}}:
    /// `webauthn_type` is the challenge's webauthn.type ("create" for an unverified factor,
    /// "request" afterwards). The session is upgraded to aal2 (MFA_CHALLENGE_VERIFIED).
    pub fn mfa_verify_webauthn(&self, factor_id: &str, challenge_id: &str, webauthn_type: &str, credential: Json) -> Result<Arc<Session>> {
        let path = format!("/factors/{}/verify", path_segment("factor_id", factor_id)?);
        if !matches!(webauthn_type, "create" | "request") {
            return Err(Error::invalid_argument("webauthn_type must be \"create\" or \"request\""));
        }
        require_credential(&credential, challenge_id)?;
        let session = self.require_session()?;
        let body = json!({ "challenge_id": challenge_id, "webauthn": { "type": webauthn_type, "credential_response": credential } });
        let value = self.http.send_json(Request::post(&path).jwt(session.access_token.expose()).body(body))?;
        let upgraded = Session::from_response(&value)?.ok_or_else(|| Error::invalid_response("MFA verify answer has no session"))?;
        self.save_session(upgraded, AuthEvent::MfaChallengeVerified)
    }
}

fn array(value: Value, what: &str) -> Result<Vec<Value>> {
    match value {
        Value::Array(list) => Ok(list),
        Value::Null => Ok(Vec::new()),
        _ => Err(Error::invalid_response(format!("{what} answer is not an array"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceremony_answers_are_checked() {
        assert!(ceremony_answer(json!({"challenge_id":"c","options":{"challenge":"x"},"expires_at":1}), "x").is_ok());
        assert!(ceremony_answer(json!({"challenge_id":"","options":{}}), "x").is_err());
        assert!(ceremony_answer(json!({"options":{}}), "x").is_err());
        assert!(ceremony_answer(json!({"challenge_id":"c"}), "x").is_err());
        assert!(array(json!({}), "x").is_err());
        assert!(array(Value::Null, "x").unwrap().is_empty());
    }
}
