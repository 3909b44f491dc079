//! ABI misuse for the newer admin functions (audit log, factor update, OAuth clients, custom
//! and SSO providers) and the OAuth server's consent side: NULL for every pointer argument,
//! invalid UTF-8, malformed JSON, ids that would change the request path. Each returns the
//! documented code before any request (the URL points at a refused port), and no
//! out-parameter is written on failure.

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode as C;
use gotrue::ffi::*;
use std::ffi::c_char;
use std::ptr::{null, null_mut};

const ID: &str = "0b3e4a6c-6f7e-4d8e-9a1b-2c3d4e5f6a7b";

/// The malformed JSON objects every attributes argument must refuse.
const NOT_OBJECTS: [&str; 4] = ["{", "[]", "\"x\"", "nul"];

/// For a call taking (client, one id, attributes_json, out): NULL, bad UTF-8, malformed JSON,
/// traversal in the id.
fn id_attrs_out(
    f: unsafe extern "C" fn(*const GoTrueClient, *const c_char, *const c_char, *mut *mut c_char) -> *mut GoTrueError,
    id_ok: &str,
) {
    let c = client();
    let (id, attrs) = (cs(id_ok), cs(r#"{"name":"x"}"#));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(f(null(), id.as_ptr(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), null(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), id.as_ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), bad(), attrs.as_ptr(), &mut out)), C::InvalidUtf8);
        assert_eq!(code(f(c.ptr(), id.as_ptr(), bad(), &mut out)), C::InvalidUtf8);
        for j in NOT_OBJECTS {
            let j = cs(j);
            assert_eq!(code(f(c.ptr(), id.as_ptr(), j.as_ptr(), &mut out)), C::InvalidJson);
        }
        let empty = cs("{}");
        assert_eq!(code(f(c.ptr(), id.as_ptr(), empty.as_ptr(), &mut out)), C::InvalidArgument);
        for t in ["../../admin/users", "", "a/b", "a?b"] {
            let t = cs(t);
            assert_eq!(code(f(c.ptr(), t.as_ptr(), attrs.as_ptr(), &mut out)), C::InvalidArgument);
        }
        // out is optional for updates: valid arguments reach the (refused) network.
        assert_eq!(code(f(c.ptr(), id.as_ptr(), attrs.as_ptr(), null_mut())), C::Network);
    }
    assert!(out.is_null(), "out-parameters are written only on success");
}

/// (client, id, out) with a required out.
fn id_out(f: unsafe extern "C" fn(*const GoTrueClient, *const c_char, *mut *mut c_char) -> *mut GoTrueError, id_ok: &str, valid: C) {
    let c = client();
    let id = cs(id_ok);
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(f(null(), id.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), bad(), &mut out)), C::InvalidUtf8);
        for t in ["../x", "", "a/b", "a b"] {
            let t = cs(t);
            assert_eq!(code(f(c.ptr(), t.as_ptr(), &mut out)), C::InvalidArgument);
        }
        assert_eq!(code(f(c.ptr(), id.as_ptr(), &mut out)), valid);
    }
    assert!(out.is_null());
}

fn id_out_required(
    f: unsafe extern "C" fn(*const GoTrueClient, *const c_char, *mut *mut c_char) -> *mut GoTrueError,
    id_ok: &str,
    valid: C,
) {
    id_out(f, id_ok, valid);
    let c = client();
    let id = cs(id_ok);
    assert_eq!(code(unsafe { f(c.ptr(), id.as_ptr(), null_mut()) }), C::NullArgument);
}

/// (client, id) only.
fn id_only(f: unsafe extern "C" fn(*const GoTrueClient, *const c_char) -> *mut GoTrueError, id_ok: &str, valid: C) {
    let c = client();
    let id = cs(id_ok);
    unsafe {
        assert_eq!(code(f(null(), id.as_ptr())), C::NullArgument);
        assert_eq!(code(f(c.ptr(), null())), C::NullArgument);
        assert_eq!(code(f(c.ptr(), bad())), C::InvalidUtf8);
        let t = cs("../x");
        assert_eq!(code(f(c.ptr(), t.as_ptr())), C::InvalidArgument);
        assert_eq!(code(f(c.ptr(), id.as_ptr())), valid);
    }
}

/// (client, attributes_json, out) with a required out.
fn attrs_out(f: unsafe extern "C" fn(*const GoTrueClient, *const c_char, *mut *mut c_char) -> *mut GoTrueError) {
    let c = client();
    let attrs = cs(r#"{"name":"x"}"#);
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(f(null(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), attrs.as_ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(f(c.ptr(), bad(), &mut out)), C::InvalidUtf8);
        for j in NOT_OBJECTS {
            let j = cs(j);
            assert_eq!(code(f(c.ptr(), j.as_ptr(), &mut out)), C::InvalidJson);
        }
        let empty = cs("{}");
        assert_eq!(code(f(c.ptr(), empty.as_ptr(), &mut out)), C::InvalidArgument);
        assert_eq!(code(f(c.ptr(), attrs.as_ptr(), &mut out)), C::Network);
    }
    assert!(out.is_null());
}

/// (client, options_json nullable, out) with a required out; `bad_options` fail as InvalidJson.
fn options_out(f: unsafe extern "C" fn(*const GoTrueClient, *const c_char, *mut *mut c_char) -> *mut GoTrueError, bad_options: &[&str]) {
    let c = client();
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(f(null(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), null(), null_mut())), C::NullArgument);
        assert_eq!(code(f(c.ptr(), bad(), &mut out)), C::InvalidUtf8);
        for j in bad_options.iter().chain(&["{", "[]", r#"{"unknown_option":1}"#]) {
            let j = cs(j);
            assert_eq!(code(f(c.ptr(), j.as_ptr(), &mut out)), C::InvalidJson, "{j:?}");
        }
        assert_eq!(code(f(c.ptr(), null(), &mut out)), C::Network);
    }
    assert!(out.is_null());
}

#[test]
fn audit_log_checks_arguments() {
    options_out(gotrue_admin_list_audit_log, &[r#"{"page":"one"}"#, r#"{"page":-1}"#]);
    let c = client();
    for o in [r#"{"page":0}"#, r#"{"per_page":0}"#, r#"{"query":"nocolon"}"#, r#"{"query":"colour:red"}"#] {
        let o = cs(o);
        assert_eq!(code(unsafe { gotrue_admin_list_audit_log(c.ptr(), o.as_ptr(), &mut null_mut()) }), C::InvalidArgument);
    }
}

#[test]
fn update_factor_checks_arguments() {
    let c = client();
    let (id, attrs) = (cs(ID), cs(r#"{"friendly_name":"x"}"#));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_admin_mfa_update_factor(null(), id.as_ptr(), id.as_ptr(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), null(), id.as_ptr(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), null(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), id.as_ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), bad(), id.as_ptr(), attrs.as_ptr(), &mut out)), C::InvalidUtf8);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), bad(), attrs.as_ptr(), &mut out)), C::InvalidUtf8);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), id.as_ptr(), bad(), &mut out)), C::InvalidUtf8);
        for j in NOT_OBJECTS {
            let j = cs(j);
            assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), id.as_ptr(), j.as_ptr(), &mut out)), C::InvalidJson);
        }
        let t = cs("../..");
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), t.as_ptr(), id.as_ptr(), attrs.as_ptr(), &mut out)), C::InvalidArgument);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), t.as_ptr(), attrs.as_ptr(), &mut out)), C::InvalidArgument);
        assert_eq!(code(gotrue_admin_mfa_update_factor(c.ptr(), id.as_ptr(), id.as_ptr(), attrs.as_ptr(), null_mut())), C::Network);
    }
    assert!(out.is_null());
}

#[test]
fn oauth_client_admin_checks_arguments() {
    let c = client();
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_admin_oauth_list_clients(null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_oauth_list_clients(c.ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_admin_oauth_list_clients(c.ptr(), &mut out)), C::Network);
    }
    assert!(out.is_null());
    attrs_out(gotrue_admin_oauth_create_client);
    id_out_required(gotrue_admin_oauth_get_client, ID, C::Network);
    id_attrs_out(gotrue_admin_oauth_update_client, ID);
    id_only(gotrue_admin_oauth_delete_client, ID, C::Network);
    id_out_required(gotrue_admin_oauth_regenerate_client_secret, ID, C::Network);
}

#[test]
fn custom_provider_admin_checks_arguments() {
    options_out(gotrue_admin_list_custom_providers, &[r#"{"type":3}"#]);
    let (c, saml) = (client(), cs(r#"{"type":"saml"}"#));
    assert_eq!(code(unsafe { gotrue_admin_list_custom_providers(c.ptr(), saml.as_ptr(), &mut null_mut()) }), C::InvalidArgument);
    attrs_out(gotrue_admin_create_custom_provider);
    // Identifiers carry a "custom:" prefix: ':' is allowed, '/' and '.' are not.
    id_out_required(gotrue_admin_get_custom_provider, "custom:my-idp", C::Network);
    id_attrs_out(gotrue_admin_update_custom_provider, "custom:my-idp");
    id_only(gotrue_admin_delete_custom_provider, "custom:my-idp", C::Network);
}

#[test]
fn sso_provider_admin_checks_arguments() {
    options_out(gotrue_admin_list_sso_providers, &[r#"{"resource_id":1}"#]);
    attrs_out(gotrue_admin_create_sso_provider);
    id_out_required(gotrue_admin_get_sso_provider, ID, C::Network);
    id_attrs_out(gotrue_admin_update_sso_provider, "resource_abc");
    // The deleted provider's out-parameter is optional.
    id_out(gotrue_admin_delete_sso_provider, ID, C::Network);
    let (c, id) = (client(), cs(ID));
    assert_eq!(code(unsafe { gotrue_admin_delete_sso_provider(c.ptr(), id.as_ptr(), null_mut()) }), C::Network);
}

#[test]
fn oauth_consent_checks_arguments() {
    // No session: every consent-side call fails with SESSION_MISSING once its arguments pass.
    id_out_required(gotrue_client_oauth_get_authorization_details, ID, C::SessionMissing);
    id_out(gotrue_client_oauth_approve_authorization, ID, C::SessionMissing);
    id_out(gotrue_client_oauth_deny_authorization, ID, C::SessionMissing);
    id_only(gotrue_client_oauth_revoke_grant, ID, C::SessionMissing);
    let c = client();
    let id = cs(ID);
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_oauth_approve_authorization(c.ptr(), id.as_ptr(), null_mut())), C::SessionMissing);
        assert_eq!(code(gotrue_client_oauth_list_grants(null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_oauth_list_grants(c.ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_client_oauth_list_grants(c.ptr(), &mut out)), C::SessionMissing);
    }
    assert!(out.is_null());
}
