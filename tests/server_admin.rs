//! The admin API against the real Supabase Auth server, with the service-role key.
//! Ignored by default; `./x test` runs them when the harness is up.

mod common;
use common::*;
use gotrue::core::totp;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use gotrue::ffi::{gotrue_client_mfa_challenge_and_verify, gotrue_client_mfa_enroll_totp};
use gotrue::ffi::{gotrue_client_refresh_session, gotrue_client_sign_in_with_password};
use serde_json::{Value, json};
use std::ptr::{null, null_mut};

const PASSWORD: &str = "admin-Password-123";

fn admin() -> Client {
    let env = server();
    Client::new(&env.url, &env.service_role_key, None).unwrap()
}

fn json_out(f: impl FnOnce(*mut *mut std::ffi::c_char) -> *mut gotrue::ffi::GoTrueError) -> Result<Value, CError> {
    let mut out = null_mut();
    check(f(&mut out))?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

fn create_user(a: &Client, email: &str) -> Value {
    let attrs = cs(&json!({"email": email, "password": PASSWORD, "email_confirm": true,
        "user_metadata": {"name": "Ada"}, "app_metadata": {"plan": "pro"}})
    .to_string());
    json_out(|o| unsafe { gotrue_admin_create_user(a.ptr(), attrs.as_ptr(), o) }).unwrap()
}

fn sign_in(email: &str) -> (Client, Session) {
    let env = server();
    let c = Client::new(&env.url, &env.anon_key, None).unwrap();
    let (e, p) = (cs(email), cs(PASSWORD));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s) }).unwrap();
    (c, session(s).unwrap())
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn create_get_update_delete_user() {
    let a = admin();
    let email = unique_email("admin-crud");
    let user = create_user(&a, &email);
    assert_eq!(user["email"], email.as_str());
    assert!(user["email_confirmed_at"].is_string(), "email_confirm confirms at once");
    assert_eq!(user["user_metadata"]["name"], "Ada");
    assert_eq!(user["app_metadata"]["plan"], "pro");
    let id = cs(user["id"].as_str().unwrap());

    let got = json_out(|o| unsafe { gotrue_admin_get_user_by_id(a.ptr(), id.as_ptr(), o) }).unwrap();
    assert_eq!(got["id"], user["id"]);

    let attrs = cs(r#"{"user_metadata":{"name":"Grace"},"ban_duration":"1h"}"#);
    let updated = json_out(|o| unsafe { gotrue_admin_update_user_by_id(a.ptr(), id.as_ptr(), attrs.as_ptr(), o) }).unwrap();
    assert_eq!(updated["user_metadata"]["name"], "Grace");
    assert!(updated["banned_until"].is_string());

    check(unsafe { gotrue_admin_delete_user(a.ptr(), id.as_ptr(), false) }).unwrap();
    let e = json_out(|o| unsafe { gotrue_admin_get_user_by_id(a.ptr(), id.as_ptr(), o) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::UserNotFound, 404), "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn soft_delete_ends_the_users_sessions() {
    let a = admin();
    let email = unique_email("admin-soft");
    let user = create_user(&a, &email);
    let (c, _) = sign_in(&email);
    let id = cs(user["id"].as_str().unwrap());
    check(unsafe { gotrue_admin_delete_user(a.ptr(), id.as_ptr(), true) }).unwrap();
    let e = check(unsafe { gotrue_client_refresh_session(c.ptr(), null(), null_mut()) }).unwrap_err();
    assert!(e.http_status >= 400 && e.http_status < 500, "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn list_users_paginates_past_page_nine() {
    let a = admin();
    // At least 13 users exist (the database is shared, so there may be many more).
    for _ in 0..13 {
        create_user(&a, &unique_email("admin-page"));
    }
    let opts = cs(r#"{"page":12,"per_page":1}"#);
    let page = json_out(|o| unsafe { gotrue_admin_list_users(a.ptr(), opts.as_ptr(), o) }).unwrap();
    let total = page["total"].as_u64().unwrap();
    assert!(total >= 13);
    assert_eq!(page["users"].as_array().unwrap().len(), 1);
    assert_eq!(page["last_page"].as_u64(), Some(total), "one user per page");
    assert_eq!(page["next_page"].as_u64(), Some(13));
    assert_eq!(page["aud"], "authenticated");

    let opts = cs(&json!({"page": total, "per_page": 1}).to_string());
    let last = json_out(|o| unsafe { gotrue_admin_list_users(a.ptr(), opts.as_ptr(), o) }).unwrap();
    assert!(last["next_page"].is_null(), "the last page has no next page");
    assert_eq!(last["last_page"].as_u64(), Some(total));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn anon_key_is_not_admin() {
    let env = server();
    let c = Client::new(&env.url, &env.anon_key, None).unwrap();
    let e = json_out(|o| unsafe { gotrue_admin_list_users(c.ptr(), null(), o) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::NotAdmin, 403), "{e:?}");
    assert_eq!(e.server_code.as_deref(), Some("not_admin"));
    let attrs = cs(&json!({"email": unique_email("not-admin")}).to_string());
    let e = json_out(|o| unsafe { gotrue_admin_create_user(c.ptr(), attrs.as_ptr(), o) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::NotAdmin);
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn generate_link_and_invite() {
    let a = admin();
    let email = unique_email("admin-link");
    let (kind, e, pw, opts) =
        (cs("signup"), cs(&email), cs(PASSWORD), cs(r#"{"data":{"src":"link"},"redirect_to":"http://127.0.0.1:3000/welcome"}"#));
    let link =
        json_out(|o| unsafe { gotrue_admin_generate_link(a.ptr(), kind.as_ptr(), e.as_ptr(), pw.as_ptr(), opts.as_ptr(), o) }).unwrap();
    let p = &link["properties"];
    assert!(p["action_link"].as_str().unwrap().contains("/verify?token="));
    assert_eq!(p["email_otp"].as_str().unwrap().len(), 6);
    assert!(!p["hashed_token"].as_str().unwrap().is_empty());
    assert_eq!(p["verification_type"], "signup");
    assert_eq!(p["redirect_to"], "http://127.0.0.1:3000/welcome");
    assert_eq!(link["user"]["email"], email.as_str());
    assert_eq!(link["user"]["user_metadata"]["src"], "link");

    let magic = cs("magiclink");
    let link = json_out(|o| unsafe { gotrue_admin_generate_link(a.ptr(), magic.as_ptr(), e.as_ptr(), null(), null(), o) }).unwrap();
    assert_eq!(link["properties"]["verification_type"], "magiclink");

    let change = cs("email_change_new");
    let new_email = unique_email("admin-link-new");
    let opts = cs(&json!({"new_email": new_email}).to_string());
    let link = json_out(|o| unsafe { gotrue_admin_generate_link(a.ptr(), change.as_ptr(), e.as_ptr(), null(), opts.as_ptr(), o) }).unwrap();
    assert_eq!(link["properties"]["verification_type"], "email_change_new");

    let invited = unique_email("admin-invite");
    let (i, opts) = (cs(&invited), cs(r#"{"data":{"team":"a"},"redirect_to":"http://127.0.0.1:3000/join"}"#));
    let user = json_out(|o| unsafe { gotrue_admin_invite_user_by_email(a.ptr(), i.as_ptr(), opts.as_ptr(), o) }).unwrap();
    assert_eq!(user["email"], invited.as_str());
    assert!(user["invited_at"].is_string());
    assert_eq!(user["user_metadata"]["team"], "a");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn sign_out_a_users_jwt_globally() {
    let a = admin();
    let email = unique_email("admin-signout");
    create_user(&a, &email);
    let (c, s) = sign_in(&email);
    let jwt = cs(&s.access_token());
    check(unsafe { gotrue_admin_sign_out(a.ptr(), jwt.as_ptr(), 0) }).unwrap();
    let e = check(unsafe { gotrue_client_refresh_session(c.ptr(), null(), null_mut()) }).unwrap_err();
    assert!(
        matches!(e.code, GoTrueErrorCode::RefreshTokenNotFound | GoTrueErrorCode::SessionNotFound),
        "the user's refresh token is revoked: {e:?}"
    );
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn list_and_delete_a_users_factors() {
    let a = admin();
    let email = unique_email("admin-factors");
    let user = create_user(&a, &email);
    let (c, _) = sign_in(&email);
    let name = cs("laptop");
    let factor = json_out(|o| unsafe { gotrue_client_mfa_enroll_totp(c.ptr(), name.as_ptr(), null(), o) }).unwrap();
    let factor_id = factor["id"].as_str().unwrap().to_owned();
    let (f, code) = (cs(&factor_id), cs(&totp::code_now(factor["totp"]["secret"].as_str().unwrap()).unwrap()));
    check(unsafe { gotrue_client_mfa_challenge_and_verify(c.ptr(), f.as_ptr(), code.as_ptr(), null_mut()) }).unwrap();

    let uid = cs(user["id"].as_str().unwrap());
    let factors = json_out(|o| unsafe { gotrue_admin_mfa_list_factors(a.ptr(), uid.as_ptr(), o) }).unwrap();
    assert_eq!(factors.as_array().unwrap().len(), 1);
    assert_eq!(factors[0]["id"], factor_id.as_str());
    assert_eq!(factors[0]["status"], "verified");

    let deleted = json_out(|o| unsafe { gotrue_admin_mfa_delete_factor(a.ptr(), uid.as_ptr(), f.as_ptr(), o) }).unwrap();
    assert_eq!(deleted["id"], factor_id.as_str());
    let factors = json_out(|o| unsafe { gotrue_admin_mfa_list_factors(a.ptr(), uid.as_ptr(), o) }).unwrap();
    assert_eq!(factors, json!([]));
}
