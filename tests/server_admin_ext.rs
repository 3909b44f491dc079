//! The newer admin API against the real server: audit log pages, factor updates, SAML SSO
//! providers, custom OAuth providers and OAuth 2.1 server clients. The OAuth server runs on
//! the instance at GOTRUE_TEST_FEATURES_URL (the harness's main instance, with
//! tests/server/harness.sh's features_env). Ignored by default; `./x test` runs them.

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use std::ffi::c_char;
use std::ptr::{null, null_mut};

const PASSWORD: &str = "admin-Password-123";

fn features_url() -> String {
    std::env::var("GOTRUE_TEST_FEATURES_URL").unwrap_or_else(|_| server().url)
}

fn admin_at(url: &str) -> Client {
    Client::new(url, &server().service_role_key, None).unwrap()
}

fn json_out(f: impl FnOnce(*mut *mut c_char) -> *mut GoTrueError) -> Result<Value, CError> {
    let mut out = null_mut();
    check(f(&mut out))?;
    Ok(serde_json::from_str(&take_string(out)).unwrap())
}

fn create_user(a: &Client, email: &str) -> Value {
    let attrs = cs(&json!({"email": email, "password": PASSWORD, "email_confirm": true}).to_string());
    json_out(|o| unsafe { gotrue_admin_create_user(a.ptr(), attrs.as_ptr(), o) }).unwrap()
}

fn sign_in(url: &str, email: &str) -> Client {
    let c = Client::new(url, &server().anon_key, None).unwrap();
    let (e, p) = (cs(email), cs(PASSWORD));
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), null_mut()) }).unwrap();
    c
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn audit_log_is_paged_and_filtered() {
    let env = server();
    let a = admin_at(&env.url);
    let email = unique_email("audit");
    create_user(&a, &email);
    // Two sign-ins: with the creation, at least three entries exist even on a fresh database.
    sign_in(&env.url, &email);
    sign_in(&env.url, &email);

    let opts = cs(r#"{"page":1,"per_page":2}"#);
    let page = json_out(|o| unsafe { gotrue_admin_list_audit_log(a.ptr(), opts.as_ptr(), o) }).unwrap();
    assert_eq!(page["entries"].as_array().unwrap().len(), 2, "{page}");
    assert!(page["total"].as_u64().unwrap() >= 2);
    assert_eq!(page["next_page"], 2, "{page}");
    assert!(page["last_page"].as_u64().unwrap() >= 1);

    // The filter is the server's: only this user's entries (sign-up as admin, then login).
    let opts = cs(&json!({"query": format!("author:{email}"), "per_page": 50}).to_string());
    let page = json_out(|o| unsafe { gotrue_admin_list_audit_log(a.ptr(), opts.as_ptr(), o) }).unwrap();
    let entries = page["entries"].as_array().unwrap();
    assert!(!entries.is_empty(), "{page}");
    assert!(entries.iter().all(|e| e["payload"]["actor_username"] == email.as_str()), "{page}");
    assert!(entries.iter().any(|e| e["payload"]["action"] == "login"), "{page}");
    assert_eq!(page["next_page"], Value::Null);

    let bad = cs(r#"{"query":"colour:red"}"#);
    assert_eq!(code(unsafe { gotrue_admin_list_audit_log(a.ptr(), bad.as_ptr(), &mut null_mut()) }), GoTrueErrorCode::InvalidArgument);
    // With the anon key the server refuses.
    let anon = Client::new(&env.url, &env.anon_key, None).unwrap();
    let e = check(unsafe { gotrue_admin_list_audit_log(anon.ptr(), null(), &mut null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::NotAdmin, 403), "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn admin_renames_a_users_factor() {
    let env = server();
    let a = admin_at(&env.url);
    let email = unique_email("admin-factor-upd");
    let user = create_user(&a, &email);
    let c = sign_in(&env.url, &email);
    let name = cs("old name");
    let factor = json_out(|o| unsafe { gotrue_client_mfa_enroll_totp(c.ptr(), name.as_ptr(), null(), o) }).unwrap();
    let (uid, fid) = (cs(user["id"].as_str().unwrap()), cs(factor["id"].as_str().unwrap()));
    let attrs = cs(r#"{"friendly_name":"new name"}"#);
    let updated = json_out(|o| unsafe { gotrue_admin_mfa_update_factor(a.ptr(), uid.as_ptr(), fid.as_ptr(), attrs.as_ptr(), o) }).unwrap();
    assert_eq!(updated["friendly_name"], "new name");
    let factors = json_out(|o| unsafe { gotrue_admin_mfa_list_factors(a.ptr(), uid.as_ptr(), o) }).unwrap();
    assert_eq!(factors[0]["friendly_name"], "new name");
    // out_factor_json is optional.
    let attrs = cs(r#"{"friendly_name":"third"}"#);
    check(unsafe { gotrue_admin_mfa_update_factor(a.ptr(), uid.as_ptr(), fid.as_ptr(), attrs.as_ptr(), null_mut()) }).unwrap();
    let unknown = cs("00000000-0000-4000-8000-000000000000");
    let e =
        check(unsafe { gotrue_admin_mfa_update_factor(a.ptr(), uid.as_ptr(), unknown.as_ptr(), attrs.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::MfaFactorNotFound, 404), "{e:?}");
}

fn idp_metadata(entity_id: &str) -> String {
    let keys = std::path::Path::new(&std::env::var("GOTRUE_TEST_RS256_JWK").unwrap()).parent().unwrap().to_owned();
    let xml = std::fs::read_to_string(keys.join("idp_metadata.xml")).unwrap();
    xml.replace("https://idp.sso.example.com/metadata", entity_id)
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn saml_sso_provider_crud() {
    let env = server();
    let a = admin_at(&env.url);
    let tag = unique_email("sso").replace('@', ".");
    let (entity, domain, resource) = (format!("https://idp.{tag}/metadata"), format!("{tag}.test"), tag.replace('.', "-"));
    let attrs = cs(&json!({"type":"saml","metadata_xml": idp_metadata(&entity),"domains":[domain],
        "resource_id": resource, "attribute_mapping":{"keys":{"email":{"name":"mail"}}}})
    .to_string());
    let created = json_out(|o| unsafe { gotrue_admin_create_sso_provider(a.ptr(), attrs.as_ptr(), o) }).unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["saml"]["entity_id"], entity.as_str());
    assert_eq!(created["domains"][0]["domain"], domain.as_str());
    let cid = cs(&id);

    let got = json_out(|o| unsafe { gotrue_admin_get_sso_provider(a.ptr(), cid.as_ptr(), o) }).unwrap();
    assert_eq!(got["id"], id.as_str());
    let by_resource = cs(&format!("resource_{resource}"));
    let got = json_out(|o| unsafe { gotrue_admin_get_sso_provider(a.ptr(), by_resource.as_ptr(), o) }).unwrap();
    assert_eq!(got["id"], id.as_str());

    let opts = cs(&json!({"resource_id": resource}).to_string());
    let list = json_out(|o| unsafe { gotrue_admin_list_sso_providers(a.ptr(), opts.as_ptr(), o) }).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["id"], id.as_str());
    let all = json_out(|o| unsafe { gotrue_admin_list_sso_providers(a.ptr(), null(), o) }).unwrap();
    assert!(all.as_array().unwrap().iter().any(|p| p["id"] == id.as_str()));

    let new_domain = format!("new-{domain}");
    let upd = cs(&json!({"domains":[new_domain]}).to_string());
    let updated = json_out(|o| unsafe { gotrue_admin_update_sso_provider(a.ptr(), cid.as_ptr(), upd.as_ptr(), o) }).unwrap();
    assert_eq!(updated["domains"][0]["domain"], new_domain.as_str());

    let deleted = json_out(|o| unsafe { gotrue_admin_delete_sso_provider(a.ptr(), cid.as_ptr(), o) }).unwrap();
    assert_eq!(deleted["id"], id.as_str());
    let e = check(unsafe { gotrue_admin_get_sso_provider(a.ptr(), cid.as_ptr(), &mut null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::SsoProviderNotFound, 404), "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn custom_oauth_provider_crud() {
    let a = admin_at(&features_url());
    let name = format!("lg{}", unique_email("p").split('@').next().unwrap().replace('-', "").chars().rev().take(12).collect::<String>());
    let identifier = format!("custom:{name}");
    // The server refuses loopback and private addresses and resolves host names (SSRF
    // checks): an address from a documentation range needs no DNS and no network.
    let attrs = cs(&json!({"provider_type":"oauth2","identifier": identifier,"name":"LibGoTrue test","client_id":"cid",
        "client_secret":"test-secret","scopes":["openid","email"],
        "authorization_url":"https://198.51.100.7/authorize","token_url":"https://198.51.100.7/token",
        "userinfo_url":"https://198.51.100.7/userinfo"})
    .to_string());
    let created = json_out(|o| unsafe { gotrue_admin_create_custom_provider(a.ptr(), attrs.as_ptr(), o) }).unwrap();
    assert_eq!(created["identifier"], identifier.as_str());
    assert!(created.get("client_secret").is_none(), "the secret is never echoed: {created}");
    let ident = cs(&identifier);

    let got = json_out(|o| unsafe { gotrue_admin_get_custom_provider(a.ptr(), ident.as_ptr(), o) }).unwrap();
    assert_eq!(got["name"], "LibGoTrue test");
    let opts = cs(r#"{"type":"oauth2"}"#);
    let list = json_out(|o| unsafe { gotrue_admin_list_custom_providers(a.ptr(), opts.as_ptr(), o) }).unwrap();
    assert!(list.as_array().unwrap().iter().any(|p| p["identifier"] == identifier.as_str()), "{list}");
    let opts = cs(r#"{"type":"oidc"}"#);
    let list = json_out(|o| unsafe { gotrue_admin_list_custom_providers(a.ptr(), opts.as_ptr(), o) }).unwrap();
    assert!(!list.as_array().unwrap().iter().any(|p| p["identifier"] == identifier.as_str()), "{list}");

    let upd = cs(r#"{"name":"Renamed"}"#);
    let updated = json_out(|o| unsafe { gotrue_admin_update_custom_provider(a.ptr(), ident.as_ptr(), upd.as_ptr(), o) }).unwrap();
    assert_eq!(updated["name"], "Renamed");

    check(unsafe { gotrue_admin_delete_custom_provider(a.ptr(), ident.as_ptr()) }).unwrap();
    let e = check(unsafe { gotrue_admin_get_custom_provider(a.ptr(), ident.as_ptr(), &mut null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::CustomProviderNotFound, 404), "{e:?}");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn oauth_server_client_crud_and_secret_rotation() {
    let a = admin_at(&features_url());
    let attrs =
        cs(r#"{"redirect_uris":["http://127.0.0.1:3000/oauth/cb"],"client_name":"libgotrue test app","client_type":"confidential"}"#);
    let created = json_out(|o| unsafe { gotrue_admin_oauth_create_client(a.ptr(), attrs.as_ptr(), o) }).unwrap();
    let client_id = created["client_id"].as_str().unwrap().to_owned();
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(created["client_type"], "confidential");
    let id = cs(&client_id);

    let got = json_out(|o| unsafe { gotrue_admin_oauth_get_client(a.ptr(), id.as_ptr(), o) }).unwrap();
    assert_eq!(got["client_name"], "libgotrue test app");
    assert!(got.get("client_secret").is_none(), "the secret is shown once: {got}");
    let list = json_out(|o| unsafe { gotrue_admin_oauth_list_clients(a.ptr(), o) }).unwrap();
    assert!(list.as_array().unwrap().iter().any(|c| c["client_id"] == client_id.as_str()));

    let upd = cs(r#"{"client_name":"renamed app"}"#);
    let updated = json_out(|o| unsafe { gotrue_admin_oauth_update_client(a.ptr(), id.as_ptr(), upd.as_ptr(), o) }).unwrap();
    assert_eq!(updated["client_name"], "renamed app");

    let rotated = json_out(|o| unsafe { gotrue_admin_oauth_regenerate_client_secret(a.ptr(), id.as_ptr(), o) }).unwrap();
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert!(!new_secret.is_empty() && new_secret != secret);

    check(unsafe { gotrue_admin_oauth_delete_client(a.ptr(), id.as_ptr()) }).unwrap();
    let e = check(unsafe { gotrue_admin_oauth_get_client(a.ptr(), id.as_ptr(), &mut null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::OauthClientNotFound, 404), "{e:?}");

    // A public client has no secret to rotate.
    let attrs = cs(r#"{"redirect_uris":["http://127.0.0.1:3000/oauth/cb"],"client_type":"public"}"#);
    let public = json_out(|o| unsafe { gotrue_admin_oauth_create_client(a.ptr(), attrs.as_ptr(), o) }).unwrap();
    let pid = cs(public["client_id"].as_str().unwrap());
    let e = check(unsafe { gotrue_admin_oauth_regenerate_client_secret(a.ptr(), pid.as_ptr(), &mut null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::ValidationFailed, 400), "{e:?}");
    check(unsafe { gotrue_admin_oauth_delete_client(a.ptr(), pid.as_ptr()) }).unwrap();
}
