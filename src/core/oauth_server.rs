//! The server's OAuth 2.1 provider (`GOTRUE_OAUTH_SERVER_ENABLED`): the consent side a
//! signed-in user drives (authorization details, approve/deny, grants) and the admin API for
//! the OAuth clients registered with it. The authorization itself starts in the third-party
//! app's browser (`GET /oauth/authorize`), which the server redirects to the site's consent
//! page with `?authorization_id=`; that page is where these calls are made.

use super::client::Client;
use super::error::{Error, Result};
use super::http::{Request, path_segment};
use super::types::Json;
use serde_json::{Value, json};

/// What a consent decision answers: `{"redirect_url": ...}`, where the user's browser goes next
/// (the client's redirect URI with `code` and `state`, or with `error=access_denied`).
fn redirect_answer(value: Value, what: &str) -> Result<Value> {
    match value.get("redirect_url") {
        Some(Value::String(url)) if !url.is_empty() => Ok(value),
        _ => Err(Error::invalid_response(format!("{what} answer has no redirect_url"))),
    }
}

impl Client {
    /// GET /oauth/authorizations/{id} with the current session: the authorization's details
    /// ({authorization_id, redirect_uri, client:{id, name, uri, logo_uri}, user:{id, email},
    /// scope}) to show on the consent page, or `{"redirect_url"}` alone when the user already
    /// consented to these scopes and the server approved it at once.
    pub fn oauth_get_authorization_details(&self, authorization_id: &str) -> Result<Value> {
        let path = format!("/oauth/authorizations/{}", path_segment("authorization_id", authorization_id)?);
        let session = self.require_session()?;
        let value = self.http.send_json(Request::get(&path).jwt(session.access_token.expose()))?;
        if value.get("authorization_id").is_some() || value.get("redirect_url").is_some() {
            Ok(value)
        } else {
            Err(Error::invalid_response("authorization answer has neither authorization_id nor redirect_url"))
        }
    }

    /// POST /oauth/authorizations/{id}/consent {"action":"approve"|"deny"}; answers
    /// `{"redirect_url"}`. Approving also records the consent (a grant) for the client.
    pub fn oauth_consent(&self, authorization_id: &str, approve: bool) -> Result<Value> {
        let path = format!("/oauth/authorizations/{}/consent", path_segment("authorization_id", authorization_id)?);
        let session = self.require_session()?;
        let action = if approve { "approve" } else { "deny" };
        let value = self.http.send_json(Request::post(&path).jwt(session.access_token.expose()).body(json!({ "action": action })))?;
        redirect_answer(value, "consent")
    }

    /// GET /user/oauth/grants: the clients the user has granted access, each
    /// {client:{id, name, uri, logo_uri}, scopes:[...], granted_at}.
    pub fn oauth_list_grants(&self) -> Result<Vec<Value>> {
        let session = self.require_session()?;
        match self.http.send_json(Request::get("/user/oauth/grants").jwt(session.access_token.expose()))? {
            Value::Array(list) => Ok(list),
            Value::Null => Ok(Vec::new()),
            _ => Err(Error::invalid_response("grants answer is not an array")),
        }
    }

    /// DELETE /user/oauth/grants?client_id=: revokes the grant and ends that client's
    /// sessions for the user (its refresh tokens stop working).
    pub fn oauth_revoke_grant(&self, client_id: &str) -> Result<()> {
        let client_id = path_segment("client_id", client_id)?;
        let session = self.require_session()?;
        self.http.send(Request::delete("/user/oauth/grants").query("client_id", client_id).jwt(session.access_token.expose()))?;
        Ok(())
    }

    /// GET /admin/oauth/clients: every registered client (the server does not page them).
    pub fn admin_oauth_list_clients(&self) -> Result<Vec<Value>> {
        match self.http.send_json(Request::get("/admin/oauth/clients"))? {
            // The server leaves "clients" out when there are none.
            Value::Object(mut o) => match o.remove("clients") {
                Some(Value::Array(list)) => Ok(list),
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(_) => Err(Error::invalid_response("clients is not an array")),
            },
            _ => Err(Error::invalid_response("list clients answer is not an object")),
        }
    }

    /// POST /admin/oauth/clients: registers a client. `attributes`: redirect_uris (required),
    /// client_name, client_uri, logo_uri, client_type ("public"/"confidential"),
    /// token_endpoint_auth_method, grant_types. A confidential client's answer carries its
    /// client_secret, shown this once.
    pub fn admin_oauth_create_client(&self, attributes: Json) -> Result<Value> {
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        self.http.send_json(Request::post("/admin/oauth/clients").body(Value::Object(attributes)))
    }

    /// GET /admin/oauth/clients/{client_id}.
    pub fn admin_oauth_get_client(&self, client_id: &str) -> Result<Value> {
        let path = format!("/admin/oauth/clients/{}", path_segment("client_id", client_id)?);
        self.http.send_json(Request::get(&path))
    }

    /// PUT /admin/oauth/clients/{client_id}: changes the keys given (redirect_uris,
    /// grant_types, client_name, client_uri, logo_uri, token_endpoint_auth_method).
    pub fn admin_oauth_update_client(&self, client_id: &str, attributes: Json) -> Result<Value> {
        let path = format!("/admin/oauth/clients/{}", path_segment("client_id", client_id)?);
        if attributes.is_empty() {
            return Err(Error::invalid_argument("attributes must not be empty"));
        }
        self.http.send_json(Request::put(&path).body(Value::Object(attributes)))
    }

    /// DELETE /admin/oauth/clients/{client_id}.
    pub fn admin_oauth_delete_client(&self, client_id: &str) -> Result<()> {
        let path = format!("/admin/oauth/clients/{}", path_segment("client_id", client_id)?);
        self.http.send(Request::delete(&path))?;
        Ok(())
    }

    /// POST /admin/oauth/clients/{client_id}/regenerate_secret (confidential clients only):
    /// the client with its new client_secret.
    pub fn admin_oauth_regenerate_client_secret(&self, client_id: &str) -> Result<Value> {
        let path = format!("/admin/oauth/clients/{}/regenerate_secret", path_segment("client_id", client_id)?);
        self.http.send_json(Request::post(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_answers_need_a_redirect_url() {
        assert!(redirect_answer(json!({"redirect_url":"http://app/cb?code=x"}), "consent").is_ok());
        assert!(redirect_answer(json!({"redirect_url":""}), "consent").is_err());
        assert!(redirect_answer(json!({}), "consent").is_err());
        assert!(redirect_answer(Value::Null, "consent").is_err());
    }
}
