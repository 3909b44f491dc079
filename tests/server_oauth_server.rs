//! The OAuth 2.1 server's consent side against the real server (instance at
//! GOTRUE_TEST_FEATURES_URL, OAuth server enabled): an admin registers a client, a
//! third-party app starts a PKCE authorization at /oauth/authorize, and the signed-in user
//! reads, approves or denies it through libgotrue, then lists and revokes the grant.
//! Ignored by default; `./x test` runs them.

mod common;
use base64::Engine;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use sha2::Digest;
use std::ffi::c_char;
use std::ptr::{null, null_mut};

const PASSWORD: &str = "oauth-Password-123";
const REDIRECT: &str = "http://127.0.0.1:3000/oauth/cb";

fn features_url() -> String {
    std::env::var("GOTRUE_TEST_FEATURES_URL").unwrap_or_else(|_| server().url)
}

fn json_out(f: impl FnOnce(*mut *mut c_char) -> *mut GoTrueError) -> Result<Value, CError> {
    let mut out = null_mut();
    check(f(&mut out))?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

fn admin() -> Client {
    Client::new(&features_url(), &server().service_role_key, None).unwrap()
}

fn register_client(a: &Client, name: &str) -> String {
    let attrs = cs(&json!({"redirect_uris":[REDIRECT],"client_name": name,"client_type":"public"}).to_string());
    let created = json_out(|o| unsafe { gotrue_admin_oauth_create_client(a.ptr(), attrs.as_ptr(), o) }).unwrap();
    created["client_id"].as_str().unwrap().to_owned()
}

fn signed_in_user(a: &Client) -> (Client, String) {
    let email = unique_email("oauth-consent");
    let attrs = cs(&json!({"email": email, "password": PASSWORD, "email_confirm": true}).to_string());
    check(unsafe { gotrue_admin_create_user(a.ptr(), attrs.as_ptr(), null_mut()) }).unwrap();
    let c = Client::new(&features_url(), &server().anon_key, None).unwrap();
    let (e, p) = (cs(&email), cs(PASSWORD));
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), null_mut()) }).unwrap();
    (c, email)
}

/// What the third-party app's browser does: GET /oauth/authorize with PKCE, which the
/// server answers with a redirect to the consent page carrying ?authorization_id=.
fn start_authorization(client_id: &str, state: &str) -> (String, String) {
    let verifier = format!("verifier-{}-{}", state, "x".repeat(40));
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    let http = reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = http
        .get(format!("{}/oauth/authorize", features_url()))
        .query(&[
            ("client_id", client_id),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", "openid email"),
            ("state", state),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 302, "{:?}", response.text());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("http://127.0.0.1:3000/oauth/consent?"), "{location}");
    let id = reqwest::Url::parse(&location).unwrap().query_pairs().find(|(k, _)| k == "authorization_id").unwrap().1.into_owned();
    (id, verifier)
}

fn query_of(url: &str, key: &str) -> Option<String> {
    reqwest::Url::parse(url).unwrap().query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn approve_then_list_and_revoke_the_grant() {
    let a = admin();
    let client_id = register_client(&a, "libgotrue consent app");
    let (user, email) = signed_in_user(&a);
    let (authorization_id, verifier) = start_authorization(&client_id, "st-approve");
    let id = cs(&authorization_id);

    let details = json_out(|o| unsafe { gotrue_client_oauth_get_authorization_details(user.ptr(), id.as_ptr(), o) }).unwrap();
    assert_eq!(details["authorization_id"], authorization_id.as_str());
    assert_eq!(details["client"]["id"], client_id.as_str());
    assert_eq!(details["client"]["name"], "libgotrue consent app");
    assert_eq!(details["user"]["email"], email.as_str());
    assert_eq!(details["scope"], "openid email");
    assert_eq!(details["redirect_uri"], REDIRECT);

    let approved = json_out(|o| unsafe { gotrue_client_oauth_approve_authorization(user.ptr(), id.as_ptr(), o) }).unwrap();
    let redirect = approved["redirect_url"].as_str().unwrap();
    assert!(redirect.starts_with(REDIRECT), "{redirect}");
    assert_eq!(query_of(redirect, "state").as_deref(), Some("st-approve"));
    let code = query_of(redirect, "code").expect("an authorization code");

    // The code is real: the app exchanges it (PKCE, public client) for tokens.
    let tokens: Value = reqwest::blocking::Client::new()
        .post(format!("{}/oauth/token", features_url()))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("client_id", &client_id),
            ("code_verifier", &verifier),
        ])
        .send()
        .unwrap()
        .text()
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    assert!(tokens["access_token"].is_string(), "{tokens}");

    // The authorization is used up once its code is exchanged.
    let e = check(unsafe { gotrue_client_oauth_approve_authorization(user.ptr(), id.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::OauthAuthorizationNotFound, 404), "{e:?}");

    let grants = json_out(|o| unsafe { gotrue_client_oauth_list_grants(user.ptr(), o) }).unwrap();
    let grant = grants.as_array().unwrap().iter().find(|g| g["client"]["id"] == client_id.as_str()).expect("the grant").clone();
    let scopes: Vec<&str> = grant["scopes"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(scopes.contains(&"openid") && scopes.contains(&"email"), "{grant}");
    assert!(grant["granted_at"].is_string());

    // A second authorization for the same scopes is approved at once (consent on record).
    let (second, _) = start_authorization(&client_id, "st-again");
    let s = cs(&second);
    let auto = json_out(|o| unsafe { gotrue_client_oauth_get_authorization_details(user.ptr(), s.as_ptr(), o) }).unwrap();
    assert!(query_of(auto["redirect_url"].as_str().unwrap(), "code").is_some(), "{auto}");

    let cid = cs(&client_id);
    check(unsafe { gotrue_client_oauth_revoke_grant(user.ptr(), cid.as_ptr()) }).unwrap();
    let grants = json_out(|o| unsafe { gotrue_client_oauth_list_grants(user.ptr(), o) }).unwrap();
    assert!(!grants.as_array().unwrap().iter().any(|g| g["client"]["id"] == client_id.as_str()), "{grants}");
    let e = check(unsafe { gotrue_client_oauth_revoke_grant(user.ptr(), cid.as_ptr()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::OauthConsentNotFound, 404), "{e:?}");
    check(unsafe { gotrue_admin_oauth_delete_client(a.ptr(), cid.as_ptr()) }).unwrap();
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn deny_sends_access_denied_and_records_no_grant() {
    let a = admin();
    let client_id = register_client(&a, "libgotrue denied app");
    let (user, _) = signed_in_user(&a);
    let (authorization_id, _) = start_authorization(&client_id, "st-deny");
    let id = cs(&authorization_id);
    json_out(|o| unsafe { gotrue_client_oauth_get_authorization_details(user.ptr(), id.as_ptr(), o) }).unwrap();
    let denied = json_out(|o| unsafe { gotrue_client_oauth_deny_authorization(user.ptr(), id.as_ptr(), o) }).unwrap();
    let redirect = denied["redirect_url"].as_str().unwrap();
    assert_eq!(query_of(redirect, "error").as_deref(), Some("access_denied"), "{redirect}");
    assert_eq!(query_of(redirect, "state").as_deref(), Some("st-deny"));
    assert!(query_of(redirect, "code").is_none());
    let grants = json_out(|o| unsafe { gotrue_client_oauth_list_grants(user.ptr(), o) }).unwrap();
    assert_eq!(grants, json!([]));

    // Another user cannot see someone else's authorization.
    let (other, _) = signed_in_user(&a);
    let (authorization_id, _) = start_authorization(&client_id, "st-other");
    let id = cs(&authorization_id);
    json_out(|o| unsafe { gotrue_client_oauth_get_authorization_details(user.ptr(), id.as_ptr(), o) }).unwrap();
    let e = json_out(|o| unsafe { gotrue_client_oauth_get_authorization_details(other.ptr(), id.as_ptr(), o) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::OauthAuthorizationNotFound, 404), "{e:?}");
    let unknown = cs("no-such-authorization");
    let e = json_out(|o| unsafe { gotrue_client_oauth_get_authorization_details(user.ptr(), unknown.as_ptr(), o) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::OauthAuthorizationNotFound, "{e:?}");
    let cid = cs(&client_id);
    check(unsafe { gotrue_admin_oauth_delete_client(a.ptr(), cid.as_ptr()) }).unwrap();
}
