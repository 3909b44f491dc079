//! What several flows add to a request body: the captcha token and the PKCE challenge.
//! One place, so every flow spells them the same way.

use super::pkce::{self, StartedFlow};
use super::types::Json;
use serde_json::json;

/// Adds the captcha token as the server reads it (`gotrue_meta_security.captcha_token`).
pub(crate) fn insert_captcha(body: &mut Json, captcha_token: &Option<String>) {
    body.insert("gotrue_meta_security".into(), json!({ "captcha_token": captcha_token }));
}

/// Adds the PKCE challenge of a started flow (nothing for the implicit flow).
pub(crate) fn insert_challenge(body: &mut Json, flow: Option<&StartedFlow>) {
    if let Some(flow) = flow {
        body.insert("code_challenge".into(), flow.code_challenge.clone().into());
        body.insert("code_challenge_method".into(), pkce::CHALLENGE_METHOD.into());
    }
}
