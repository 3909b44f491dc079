//! get_claims with a caller-supplied JWKS, and update_user's current_password, against the
//! real server. The closed instance (GOTRUE_TEST_CLOSED_URL) requires the current password to
//! set a new one (GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_CURRENT_PASSWORD). Ignored by
//! default; `./x test` runs them.

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use std::ptr::{null, null_mut};

const PASSWORD: &str = "claims-Password-123";

fn signed_in(url: &str, email: &str, password: &str) -> Result<Client, CError> {
    let c = Client::new(url, &server().anon_key, None).unwrap();
    let (e, p) = (cs(email), cs(password));
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), null_mut()) })?;
    Ok(c)
}

fn new_user(email: &str) {
    let env = server();
    let a = Client::new(&env.url, &env.service_role_key, None).unwrap();
    let attrs = cs(&json!({"email": email, "password": PASSWORD, "email_confirm": true}).to_string());
    check(unsafe { gotrue_admin_create_user(a.ptr(), attrs.as_ptr(), null_mut()) }).unwrap();
}

fn claims(c: &Client, jwt: &str, options: &str) -> Result<Value, CError> {
    let (jwt, options) = (cs(jwt), cs(options));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_claims(c.ptr(), jwt.as_ptr(), options.as_ptr(), &mut out) })?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn a_real_token_verifies_against_the_callers_jwks_offline() {
    let env = server();
    let email = unique_email("claims-jwks");
    new_user(&email);
    let c = signed_in(&env.url, &email, PASSWORD).unwrap();
    let mut s = null_mut();
    check(unsafe { gotrue_client_get_session(c.ptr(), &mut s) }).unwrap();
    let token = session(s).unwrap().access_token();
    let jwks: Value =
        serde_json::from_str(&reqwest::blocking::get(format!("{}/.well-known/jwks.json", env.url)).unwrap().text().unwrap()).unwrap();
    assert!(!jwks["keys"].as_array().unwrap().is_empty(), "the main instance signs with asymmetric keys");

    // A client whose server refuses connections: only the caller's keys can verify.
    let offline = client();
    let v = claims(&offline, &token, &json!({"jwks": jwks}).to_string()).unwrap();
    assert_eq!(v["claims"]["email"], email.as_str());
    assert_eq!(v["claims"]["sub"], json!(c_user_id(&c)));
    let e = claims(&offline, &token, "{}").unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::Network, "without the caller's keys the JWKS must be fetched: {e:?}");
}

fn c_user_id(c: &Client) -> String {
    let mut s = null_mut();
    check(unsafe { gotrue_client_get_session(c.ptr(), &mut s) }).unwrap();
    session(s).unwrap().user_id()
}

fn update(c: &Client, attrs: Value) -> Result<(), CError> {
    let attrs = cs(&attrs.to_string());
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), null_mut()) })
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn a_new_password_needs_the_current_one_where_the_server_says_so() {
    let env = server();
    let email = unique_email("current-pw");
    new_user(&email);
    let c = signed_in(&env.closed_url, &email, PASSWORD).unwrap();
    let new_password = "claims-Password-456";

    let e = update(&c, json!({"password": new_password})).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::CurrentPasswordRequired, 400), "{e:?}");
    let e = update(&c, json!({"password": new_password, "current_password": "not-the-password"})).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::CurrentPasswordInvalid, 400), "{e:?}");
    update(&c, json!({"password": new_password, "current_password": PASSWORD})).unwrap();

    let e = signed_in(&env.closed_url, &email, PASSWORD).err().expect("the old password no longer works");
    assert_eq!(e.code, GoTrueErrorCode::InvalidCredentials);
    signed_in(&env.closed_url, &email, new_password).unwrap();
}
