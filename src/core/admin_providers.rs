//! Admin API for sign-in providers the project registers at run time: custom OAuth 2.0 /
//! OIDC providers (`/admin/custom-providers`) and SAML SSO identity providers
//! (`/admin/sso/providers`, needs `GOTRUE_SAML_ENABLED`). Service-role key only.

use super::client::Client;
use super::error::{Error, Result};
use super::http::{Request, identifier_segment};
use super::types::Json;
use serde::Deserialize;
use serde_json::Value;

/// Options for list_custom_providers.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomProvidersListOptions {
    /// Only providers of this type: "oauth2" or "oidc".
    #[serde(rename = "type")]
    pub provider_type: Option<String>,
}

/// Options for list_sso_providers.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SsoProvidersListOptions {
    /// Only the provider with this resource_id.
    pub resource_id: Option<String>,
    /// Only providers whose resource_id starts with this.
    pub resource_id_prefix: Option<String>,
}

/// The array under `key` of a list answer (never an empty list for a malformed answer).
fn list_under(value: Value, key: &str) -> Result<Vec<Value>> {
    match value {
        Value::Object(mut o) => match o.remove(key) {
            Some(Value::Array(list)) => Ok(list),
            Some(Value::Null) => Ok(Vec::new()),
            _ => Err(Error::invalid_response(format!("list answer has no {key} array"))),
        },
        _ => Err(Error::invalid_response("list answer is not an object")),
    }
}

fn require(attributes: &Json) -> Result<()> {
    if attributes.is_empty() {
        return Err(Error::invalid_argument("attributes must not be empty"));
    }
    Ok(())
}

impl Client {
    /// GET /admin/custom-providers[?type=oauth2|oidc].
    pub fn admin_list_custom_providers(&self, options: &CustomProvidersListOptions) -> Result<Vec<Value>> {
        if let Some(t) = options.provider_type.as_deref() {
            if !matches!(t, "oauth2" | "oidc") {
                return Err(Error::invalid_argument("type must be \"oauth2\" or \"oidc\""));
            }
        }
        let value = self.http.send_json(Request::get("/admin/custom-providers").query_opt("type", options.provider_type.clone()))?;
        list_under(value, "providers")
    }

    /// POST /admin/custom-providers. `attributes`: provider_type ("oauth2"/"oidc"),
    /// identifier ("custom:<name>"), name, client_id, client_secret, scopes, and for oauth2
    /// authorization_url/token_url/userinfo_url, for oidc issuer (+ discovery_url).
    pub fn admin_create_custom_provider(&self, attributes: Json) -> Result<Value> {
        require(&attributes)?;
        self.http.send_json(Request::post("/admin/custom-providers").body(Value::Object(attributes)))
    }

    /// GET /admin/custom-providers/{identifier} ("custom:<name>").
    pub fn admin_get_custom_provider(&self, identifier: &str) -> Result<Value> {
        let path = format!("/admin/custom-providers/{}", identifier_segment("identifier", identifier)?);
        self.http.send_json(Request::get(&path))
    }

    /// PUT /admin/custom-providers/{identifier}: changes the keys given.
    pub fn admin_update_custom_provider(&self, identifier: &str, attributes: Json) -> Result<Value> {
        let path = format!("/admin/custom-providers/{}", identifier_segment("identifier", identifier)?);
        require(&attributes)?;
        self.http.send_json(Request::put(&path).body(Value::Object(attributes)))
    }

    /// DELETE /admin/custom-providers/{identifier}.
    pub fn admin_delete_custom_provider(&self, identifier: &str) -> Result<()> {
        let path = format!("/admin/custom-providers/{}", identifier_segment("identifier", identifier)?);
        self.http.send(Request::delete(&path))?;
        Ok(())
    }

    /// GET /admin/sso/providers (their metadata XML left out, as the server sends them).
    pub fn admin_list_sso_providers(&self, options: &SsoProvidersListOptions) -> Result<Vec<Value>> {
        let value = self.http.send_json(
            Request::get("/admin/sso/providers")
                .query_opt("resource_id", options.resource_id.clone())
                .query_opt("resource_id_prefix", options.resource_id_prefix.clone()),
        )?;
        list_under(value, "items")
    }

    /// POST /admin/sso/providers. `attributes`: type "saml", metadata_xml or metadata_url,
    /// domains, attribute_mapping, name_id_format, resource_id, disabled.
    pub fn admin_create_sso_provider(&self, attributes: Json) -> Result<Value> {
        require(&attributes)?;
        self.http.send_json(Request::post("/admin/sso/providers").body(Value::Object(attributes)))
    }

    /// GET /admin/sso/providers/{id}: the provider id, or "resource_<resource_id>".
    pub fn admin_get_sso_provider(&self, provider_id: &str) -> Result<Value> {
        let path = format!("/admin/sso/providers/{}", identifier_segment("provider_id", provider_id)?);
        self.http.send_json(Request::get(&path))
    }

    /// PUT /admin/sso/providers/{id}: changes the keys given.
    pub fn admin_update_sso_provider(&self, provider_id: &str, attributes: Json) -> Result<Value> {
        let path = format!("/admin/sso/providers/{}", identifier_segment("provider_id", provider_id)?);
        require(&attributes)?;
        self.http.send_json(Request::put(&path).body(Value::Object(attributes)))
    }

    /// DELETE /admin/sso/providers/{id}; answers with the deleted provider.
    pub fn admin_delete_sso_provider(&self, provider_id: &str) -> Result<Value> {
        let path = format!("/admin/sso/providers/{}", identifier_segment("provider_id", provider_id)?);
        self.http.send_json(Request::delete(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_are_read_from_their_key_and_never_invented() {
        assert_eq!(list_under(json!({"items":[{"id":"a"}]}), "items").unwrap().len(), 1);
        assert!(list_under(json!({"items":null}), "items").unwrap().is_empty());
        assert!(list_under(json!({"providers":[]}), "items").is_err());
        assert!(list_under(json!([]), "items").is_err());
    }
}
