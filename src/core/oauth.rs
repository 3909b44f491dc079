//! Redirect-based sign-in: OAuth provider URLs, PKCE code exchange, implicit-flow callback
//! URLs, redirect errors, ID-token sign-in and SSO.

use super::client::Client;
use super::error::{Error, ErrorCode, Result};
use super::events::AuthEvent;
use super::http::Request;
use super::params::options;
use super::pkce::{self, FlowKind};
use super::secret::Secret;
use super::types::{Json, Session, parse_user, unix_now};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

options! {
    /// Options for an OAuth authorize URL (sign-in or identity linking). redirect_to: where
    /// the provider round trip ends.
    pub struct OAuthOptions {
        /// Space-separated provider scopes.
        pub scopes: Option<String>,
        /// Extra query parameters for the provider (e.g. {"prompt":"consent"}).
        pub query_params: BTreeMap<String, String>,
    }
    shared: [redirect_to, flow_id_in_redirect_to]
}

options! {
    /// Options for ID-token sign-in and linking.
    pub struct IdTokenOptions {}
    shared: [captcha_token]
}

options! {
    /// Options for SSO sign-in.
    pub struct SsoOptions {}
    shared: [redirect_to, captcha_token, flow_id_in_redirect_to]
}

/// What a callback URL carries, query and fragment merged (the fragment wins: the implicit
/// flow and error redirects put their parameters there).
#[derive(Debug, Default)]
pub struct CallbackParams {
    params: BTreeMap<String, Secret>,
    query_params: BTreeMap<String, String>,
}

impl CallbackParams {
    /// Parses a full URL, or a bare query/fragment string ("?a=b", "#a=b", "a=b").
    pub fn parse(text: &str) -> Result<CallbackParams> {
        let text = text.trim();
        let (query, fragment) = if let Ok(url) = reqwest::Url::parse(text) {
            (url.query().unwrap_or("").to_owned(), url.fragment().unwrap_or("").to_owned())
        } else if let Some(f) = text.strip_prefix('#') {
            (String::new(), f.to_owned())
        } else {
            let rest = text.strip_prefix('?').unwrap_or(text);
            match rest.split_once('#') {
                Some((q, f)) => (q.to_owned(), f.to_owned()),
                None => (rest.to_owned(), String::new()),
            }
        };
        let mut out = CallbackParams::default();
        for (k, v) in form_pairs(&query) {
            out.query_params.insert(k.clone(), v.clone());
            out.params.insert(k, Secret::new(v));
        }
        for (k, v) in form_pairs(&fragment) {
            out.params.insert(k, Secret::new(v));
        }
        Ok(out)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(Secret::expose).filter(|v| !v.is_empty())
    }

    /// A parameter from the query only (the PKCE `code` comes there).
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query_params.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// The redirect's error, if it carries one (`error`, `error_code`, `error_description`).
    pub fn error(&self) -> Option<Error> {
        let error = self.get("error");
        let code = self.get("error_code");
        if error.is_none() && code.is_none() {
            return None;
        }
        let description = self.get("error_description").or(error).or(code).unwrap_or("authentication failed");
        let mut e = Error::new(ErrorCode::AuthRedirect, format!("the redirect reports an error: {description}"));
        e.server_code = code.or(error).map(str::to_owned);
        Some(e)
    }
}

fn form_pairs(s: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("x:?{s}"))
        .map(|u| u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .unwrap_or_default()
}

impl Client {
    /// Builds the URL that starts an OAuth sign-in with `provider` (GET {url}/authorize...).
    /// With the PKCE flow type a verifier is stored for the callback. No request is made.
    pub fn get_oauth_url(&self, provider: &str, options: &OAuthOptions) -> Result<String> {
        let pairs = self.authorize_query(provider, options, false)?;
        let mut url = reqwest::Url::parse(&format!("{}/authorize", self.http.base_url()))
            .map_err(|e| Error::invalid_argument(format!("url: {e}")))?;
        url.query_pairs_mut().extend_pairs(pairs);
        Ok(url.to_string())
    }

    /// The query of an authorize request, in the order the reference clients send it.
    pub(crate) fn authorize_query<'a>(
        &self,
        provider: &'a str,
        options: &'a OAuthOptions,
        skip_http_redirect: bool,
    ) -> Result<Vec<(&'a str, String)>> {
        if provider.trim().is_empty() {
            return Err(Error::invalid_argument("provider must not be empty"));
        }
        // The challenge goes into the query: collect it, then place it in the usual order.
        let mut challenge = Json::new();
        let redirect_to = self.apply_shared(&mut challenge, Some(FlowKind::SignIn), options.shared())?;
        let mut q: Vec<(&'a str, String)> = vec![("provider", provider.to_owned())];
        if let Some(r) = redirect_to {
            q.push(("redirect_to", r));
        }
        if let Some(s) = &options.scopes {
            q.push(("scopes", s.clone()));
        }
        for key in ["code_challenge", "code_challenge_method"] {
            if let Some(Value::String(v)) = challenge.remove(key) {
                q.push((key, v));
            }
        }
        if skip_http_redirect {
            q.push(("skip_http_redirect", "true".to_owned()));
        }
        for (k, v) in &options.query_params {
            q.push((k.as_str(), v.clone()));
        }
        Ok(q)
    }

    /// Exchanges a PKCE auth code for a session (POST /token?grant_type=pkce). Accepts the
    /// bare code or the whole callback URL; a URL's `gotrue_flow_id` picks the verifier,
    /// otherwise the most recent flow's verifier is used. A redirect error in the URL becomes
    /// `AuthRedirect`. The verifier is kept after a transient failure so a retry can work.
    pub fn exchange_code_for_session(&self, code_or_url: &str) -> Result<Arc<Session>> {
        let text = code_or_url.trim();
        if text.is_empty() {
            return Err(Error::invalid_argument("code_or_url must not be empty"));
        }
        let looks_like_url = text.contains("://") || text.starts_with(['?', '#']) || text.contains('=');
        if !looks_like_url {
            return self.exchange_code(text, None);
        }
        let params = CallbackParams::parse(text)?;
        if let Some(e) = params.error() {
            return Err(e);
        }
        let code = params
            .query("code")
            .or_else(|| params.get("code"))
            .ok_or_else(|| Error::invalid_argument("the callback URL has no `code` parameter"))?;
        self.exchange_code(code, params.get(pkce::FLOW_ID_PARAM))
    }

    fn exchange_code(&self, code: &str, flow_id: Option<&str>) -> Result<Arc<Session>> {
        let flow = pkce::find_flow(self, flow_id)?;
        let result = self.http.send_json(
            Request::post("/token")
                .query("grant_type", "pkce")
                .body(json!({ "auth_code": code, "code_verifier": flow.code_verifier.expose() })),
        );
        let transient = matches!(&result, Err(e) if e.is_transient());
        if !transient {
            pkce::finish_flow(self, &flow.flow_id)?;
        }
        let value = result?;
        let session = Session::from_response(&value)?.ok_or_else(|| Error::invalid_response("code exchange answer has no session"))?;
        let event = match flow.kind {
            FlowKind::PasswordRecovery => AuthEvent::PasswordRecovery,
            FlowKind::SignIn => AuthEvent::SignedIn,
        };
        self.save_session(session, event)
    }

    /// Completes a redirect: a redirect error becomes `AuthRedirect`; a `code` in the query
    /// is exchanged (PKCE); tokens in the fragment (implicit flow) are adopted after fetching
    /// the user with the access token. `type=recovery` emits PASSWORD_RECOVERY, else SIGNED_IN.
    pub fn get_session_from_url(&self, url: &str) -> Result<Arc<Session>> {
        if url.trim().is_empty() {
            return Err(Error::invalid_argument("url must not be empty"));
        }
        let params = CallbackParams::parse(url)?;
        if let Some(e) = params.error() {
            return Err(e);
        }
        if params.get("access_token").is_none() {
            if let Some(code) = params.query("code") {
                return self.exchange_code(code, params.get(pkce::FLOW_ID_PARAM));
            }
            return Err(Error::invalid_argument("the URL carries no session: neither access_token (implicit flow) nor code (PKCE flow)"));
        }
        let session = self.session_from_callback(&params)?;
        let event = if params.get("type") == Some("recovery") { AuthEvent::PasswordRecovery } else { AuthEvent::SignedIn };
        self.save_session(session, event)
    }

    fn session_from_callback(&self, params: &CallbackParams) -> Result<Session> {
        let missing = |k: &str| Error::invalid_argument(format!("the callback URL has no `{k}`"));
        let access_token = params.get("access_token").ok_or_else(|| missing("access_token"))?;
        let refresh_token = params.get("refresh_token").ok_or_else(|| missing("refresh_token"))?;
        let expires_in: i64 = params
            .get("expires_in")
            .ok_or_else(|| missing("expires_in"))?
            .parse()
            .map_err(|_| Error::invalid_argument("the callback URL's expires_in is not a number"))?;
        let expires_at = params.get("expires_at").and_then(|v| v.parse::<i64>().ok());
        let user = parse_user(self.http.send_json(Request::get("/user").jwt(access_token))?)?;
        let mut session = Session::from_tokens(access_token, refresh_token, user)?;
        session.expires_in = expires_in;
        if let Some(at) = expires_at {
            session.expires_at = at;
        }
        if let Some(t) = params.get("token_type") {
            session.token_type = t.to_owned();
        }
        session.provider_token = params.get("provider_token").map(Secret::new);
        session.provider_refresh_token = params.get("provider_refresh_token").map(Secret::new);
        // The URL's numbers are only claims: the token's own exp wins, absurd values are clamped.
        Ok(session.sanitized(unix_now()))
    }

    /// Signs in with an ID token from a provider (Google, Apple, ...): POST
    /// /token?grant_type=id_token. Saves the session (SIGNED_IN).
    pub fn sign_in_with_id_token(
        &self,
        provider: &str,
        id_token: &str,
        access_token: Option<&str>,
        nonce: Option<&str>,
        options: &IdTokenOptions,
    ) -> Result<Arc<Session>> {
        let body = id_token_body(self, provider, id_token, access_token, nonce, options)?;
        self.token_grant("id_token", Value::Object(body))
    }

    /// Starts SSO (SAML) sign-in by email domain or provider id: POST /sso returns the URL
    /// to open. With the PKCE flow type a verifier is stored for the callback.
    pub fn sign_in_with_sso(&self, domain: Option<&str>, provider_id: Option<&str>, options: &SsoOptions) -> Result<String> {
        let mut body = Json::new();
        match (domain.filter(|s| !s.is_empty()), provider_id.filter(|s| !s.is_empty())) {
            (Some(d), None) => body.insert("domain".into(), d.into()),
            (None, Some(p)) => body.insert("provider_id".into(), p.into()),
            (Some(_), Some(_)) => return Err(Error::invalid_argument("give either domain or provider_id, not both")),
            (None, None) => return Err(Error::invalid_argument("domain or provider_id is required")),
        };
        if let Some(r) = self.apply_shared(&mut body, Some(FlowKind::SignIn), options.shared())? {
            body.insert("redirect_to".into(), r.into());
        }
        body.insert("skip_http_redirect".into(), true.into());
        let value = self.http.send_json(Request::post("/sso").body(Value::Object(body)))?;
        url_field(&value)
    }
}

pub(crate) fn url_field(value: &Value) -> Result<String> {
    value
        .get("url")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::invalid_response("the server answer has no url"))
}

pub(crate) fn id_token_body(
    client: &Client,
    provider: &str,
    id_token: &str,
    access_token: Option<&str>,
    nonce: Option<&str>,
    options: &IdTokenOptions,
) -> Result<Json> {
    if provider.trim().is_empty() || id_token.is_empty() {
        return Err(Error::invalid_argument("provider and id_token must not be empty"));
    }
    let mut body = Json::new();
    body.insert("provider".into(), provider.into());
    body.insert("id_token".into(), id_token.into());
    if let Some(a) = access_token.filter(|s| !s.is_empty()) {
        body.insert("access_token".into(), a.into());
    }
    if let Some(n) = nonce.filter(|s| !s.is_empty()) {
        body.insert("nonce".into(), n.into());
    }
    client.apply_shared(&mut body, None, options.shared())?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ClientOptions;

    fn client(flow: &str) -> Client {
        let options = ClientOptions::from_json(Some(&format!(r#"{{"flow_type":"{flow}"}}"#))).unwrap();
        Client::new("http://127.0.0.1:1/auth/v1/", "anon", options).unwrap()
    }

    fn query(url: &str) -> BTreeMap<String, String> {
        reqwest::Url::parse(url).unwrap().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }

    #[test]
    fn oauth_url_carries_pkce_and_a_tagged_redirect() {
        let c = client("pkce");
        let options: OAuthOptions = serde_json::from_value(json!({"redirect_to":"http://127.0.0.1:3000/cb?x=1",
            "scopes":"repo user","query_params":{"prompt":"consent"}}))
        .unwrap();
        let url = c.get_oauth_url("github", &options).unwrap();
        assert!(url.starts_with("http://127.0.0.1:1/auth/v1/authorize?provider=github&"), "{url}");
        let q = query(&url);
        assert_eq!(q["scopes"], "repo user");
        assert_eq!(q["prompt"], "consent");
        assert_eq!(q["code_challenge_method"], "s256");
        let redirect = query(&q["redirect_to"]);
        assert_eq!(redirect["x"], "1");
        let flow = pkce::find_flow(&c, Some(&redirect[pkce::FLOW_ID_PARAM])).unwrap();
        assert_eq!(pkce::challenge(flow.code_verifier.expose()), q["code_challenge"]);
    }

    #[test]
    fn implicit_oauth_url_has_no_challenge_and_stores_nothing() {
        let c = client("implicit");
        let url = c.get_oauth_url("google", &OAuthOptions::default()).unwrap();
        assert_eq!(url, "http://127.0.0.1:1/auth/v1/authorize?provider=google");
        assert_eq!(pkce::find_flow(&c, None).unwrap_err().code, ErrorCode::PkceVerifierMissing);
        assert_eq!(c.get_oauth_url(" ", &OAuthOptions::default()).unwrap_err().code, ErrorCode::InvalidArgument);
    }

    #[test]
    fn untagged_redirect_is_left_alone() {
        let c = client("pkce");
        let options: OAuthOptions = serde_json::from_value(json!({"redirect_to":"myapp://cb","flow_id_in_redirect_to":false})).unwrap();
        assert_eq!(query(&c.get_oauth_url("github", &options).unwrap())["redirect_to"], "myapp://cb");
    }

    #[test]
    fn callback_params_merge_query_and_fragment() {
        let p = CallbackParams::parse("myapp://cb?code=abc&gotrue_flow_id=F#access_token=t&expires_in=3600&type=recovery").unwrap();
        assert_eq!(p.query("code"), Some("abc"));
        assert_eq!(p.get("access_token"), Some("t"));
        assert_eq!(p.query("access_token"), None);
        assert_eq!(p.get("type"), Some("recovery"));
        let p = CallbackParams::parse("#access_token=a%2Bb&refresh_token=r").unwrap();
        assert_eq!(p.get("access_token"), Some("a+b"));
        let p = CallbackParams::parse("?code=xyz").unwrap();
        assert_eq!(p.query("code"), Some("xyz"));
        assert!(p.error().is_none());
    }

    #[test]
    fn redirect_errors_keep_the_server_code() {
        let p = CallbackParams::parse(
            "http://127.0.0.1:3000/cb?error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired#error=access_denied&error_code=otp_expired",
        )
        .unwrap();
        let e = p.error().unwrap();
        assert_eq!(e.code, ErrorCode::AuthRedirect);
        assert_eq!(e.server_code.as_deref(), Some("otp_expired"));
        assert!(e.message.contains("Email link is invalid or has expired"));
        let e = CallbackParams::parse("#error=server_error").unwrap().error().unwrap();
        assert_eq!(e.server_code.as_deref(), Some("server_error"));
    }

    #[test]
    fn exchange_and_callback_fail_before_any_request() {
        let c = client("pkce");
        assert_eq!(c.exchange_code_for_session("abc").unwrap_err().code, ErrorCode::PkceVerifierMissing);
        assert_eq!(c.exchange_code_for_session("http://x/cb?error=access_denied").unwrap_err().code, ErrorCode::AuthRedirect);
        assert_eq!(c.exchange_code_for_session("http://x/cb?state=1").unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.exchange_code_for_session("").unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.get_session_from_url("http://x/cb").unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.get_session_from_url("http://x/cb#access_token=a&refresh_token=r").unwrap_err().code, ErrorCode::InvalidArgument);
    }

    #[test]
    fn sso_and_id_token_check_arguments() {
        let c = client("pkce");
        let o = SsoOptions::default();
        assert_eq!(c.sign_in_with_sso(None, None, &o).unwrap_err().code, ErrorCode::InvalidArgument);
        assert_eq!(c.sign_in_with_sso(Some("a.com"), Some("id"), &o).unwrap_err().code, ErrorCode::InvalidArgument);
        let body = id_token_body(&c, "google", "tok", None, Some("n"), &IdTokenOptions::default()).unwrap();
        assert_eq!(
            Value::Object(body),
            json!({"provider":"google","id_token":"tok","nonce":"n",
            "gotrue_meta_security":{"captcha_token":null}})
        );
        assert!(id_token_body(&c, "", "tok", None, None, &IdTokenOptions::default()).is_err());
    }
}
