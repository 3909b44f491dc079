//! ABI misuse for passkeys and WebAuthn MFA: NULL for every pointer argument, invalid UTF-8,
//! malformed JSON, ids that would change the request path. Each is refused before any
//! request (the URL points at a refused port); calls that need a session then fail with
//! SESSION_MISSING, the others reach the network.

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode as C;
use gotrue::ffi::*;
use std::ptr::{null, null_mut};

const ID: &str = "0b3e4a6c-6f7e-4d8e-9a1b-2c3d4e5f6a7b";
const CREDENTIAL: &str = r#"{"id":"abc","rawId":"abc","type":"public-key","response":{}}"#;
const NOT_OBJECTS: [&str; 4] = ["{", "[]", "\"x\"", "1"];

#[test]
fn options_calls_check_arguments() {
    let c = client();
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_passkey_registration_options(null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_passkey_registration_options(c.ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_client_passkey_registration_options(c.ptr(), &mut out)), C::SessionMissing);

        assert_eq!(code(gotrue_client_passkey_authentication_options(null(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_passkey_authentication_options(c.ptr(), null(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_client_passkey_authentication_options(c.ptr(), bad(), &mut out)), C::InvalidUtf8);
        for o in ["{", "[]", r#"{"captcha":"x"}"#] {
            let o = cs(o);
            assert_eq!(code(gotrue_client_passkey_authentication_options(c.ptr(), o.as_ptr(), &mut out)), C::InvalidJson);
        }
        // No session needed: valid arguments reach the (refused) network.
        assert_eq!(code(gotrue_client_passkey_authentication_options(c.ptr(), null(), &mut out)), C::Network);
    }
    assert!(out.is_null());
}

type Verify<T> =
    unsafe extern "C" fn(*const GoTrueClient, *const std::ffi::c_char, *const std::ffi::c_char, *mut *mut T) -> *mut GoTrueError;

fn verify_checks<T>(f: Verify<T>, valid: C) {
    let c = client();
    let (id, cred, empty) = (cs(ID), cs(CREDENTIAL), cs(""));
    let mut out: *mut T = null_mut();
    unsafe {
        assert_eq!(code(f(null(), id.as_ptr(), cred.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), null(), cred.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), id.as_ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(f(c.ptr(), bad(), cred.as_ptr(), &mut out)), C::InvalidUtf8);
        assert_eq!(code(f(c.ptr(), id.as_ptr(), bad(), &mut out)), C::InvalidUtf8);
        for j in NOT_OBJECTS {
            let j = cs(j);
            assert_eq!(code(f(c.ptr(), id.as_ptr(), j.as_ptr(), &mut out)), C::InvalidJson);
        }
        let nothing = cs("{}");
        assert_eq!(code(f(c.ptr(), id.as_ptr(), nothing.as_ptr(), &mut out)), C::InvalidArgument);
        assert_eq!(code(f(c.ptr(), empty.as_ptr(), cred.as_ptr(), &mut out)), C::InvalidArgument);
        // The out-parameter is optional.
        assert_eq!(code(f(c.ptr(), id.as_ptr(), cred.as_ptr(), null_mut())), valid);
    }
    assert!(out.is_null());
}

#[test]
fn verify_calls_check_arguments() {
    verify_checks(gotrue_client_passkey_registration_verify, C::SessionMissing);
    verify_checks(gotrue_client_passkey_authentication_verify, C::Network);
}

#[test]
fn passkey_management_checks_arguments() {
    let c = client();
    let (id, attrs, traversal) = (cs(ID), cs(r#"{"friendly_name":"x"}"#), cs("../admin"));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_list_passkeys(null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_list_passkeys(c.ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_client_list_passkeys(c.ptr(), &mut out)), C::SessionMissing);

        assert_eq!(code(gotrue_client_update_passkey(null(), id.as_ptr(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_update_passkey(c.ptr(), null(), attrs.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_update_passkey(c.ptr(), id.as_ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_update_passkey(c.ptr(), bad(), attrs.as_ptr(), &mut out)), C::InvalidUtf8);
        assert_eq!(code(gotrue_client_update_passkey(c.ptr(), id.as_ptr(), bad(), &mut out)), C::InvalidUtf8);
        for j in NOT_OBJECTS {
            let j = cs(j);
            assert_eq!(code(gotrue_client_update_passkey(c.ptr(), id.as_ptr(), j.as_ptr(), &mut out)), C::InvalidJson);
        }
        assert_eq!(code(gotrue_client_update_passkey(c.ptr(), traversal.as_ptr(), attrs.as_ptr(), &mut out)), C::InvalidArgument);
        assert_eq!(code(gotrue_client_update_passkey(c.ptr(), id.as_ptr(), attrs.as_ptr(), null_mut())), C::SessionMissing);

        assert_eq!(code(gotrue_client_delete_passkey(null(), id.as_ptr())), C::NullArgument);
        assert_eq!(code(gotrue_client_delete_passkey(c.ptr(), null())), C::NullArgument);
        assert_eq!(code(gotrue_client_delete_passkey(c.ptr(), bad())), C::InvalidUtf8);
        assert_eq!(code(gotrue_client_delete_passkey(c.ptr(), traversal.as_ptr())), C::InvalidArgument);
        assert_eq!(code(gotrue_client_delete_passkey(c.ptr(), id.as_ptr())), C::SessionMissing);

        assert_eq!(code(gotrue_admin_list_user_passkeys(null(), id.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_list_user_passkeys(c.ptr(), null(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_admin_list_user_passkeys(c.ptr(), id.as_ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_admin_list_user_passkeys(c.ptr(), bad(), &mut out)), C::InvalidUtf8);
        assert_eq!(code(gotrue_admin_list_user_passkeys(c.ptr(), traversal.as_ptr(), &mut out)), C::InvalidArgument);
        assert_eq!(code(gotrue_admin_list_user_passkeys(c.ptr(), id.as_ptr(), &mut out)), C::Network);

        assert_eq!(code(gotrue_admin_delete_user_passkey(null(), id.as_ptr(), id.as_ptr())), C::NullArgument);
        assert_eq!(code(gotrue_admin_delete_user_passkey(c.ptr(), null(), id.as_ptr())), C::NullArgument);
        assert_eq!(code(gotrue_admin_delete_user_passkey(c.ptr(), id.as_ptr(), null())), C::NullArgument);
        assert_eq!(code(gotrue_admin_delete_user_passkey(c.ptr(), bad(), id.as_ptr())), C::InvalidUtf8);
        assert_eq!(code(gotrue_admin_delete_user_passkey(c.ptr(), id.as_ptr(), bad())), C::InvalidUtf8);
        assert_eq!(code(gotrue_admin_delete_user_passkey(c.ptr(), id.as_ptr(), traversal.as_ptr())), C::InvalidArgument);
        assert_eq!(code(gotrue_admin_delete_user_passkey(c.ptr(), id.as_ptr(), id.as_ptr())), C::Network);
    }
    assert!(out.is_null());
}

#[test]
fn webauthn_mfa_checks_arguments() {
    let c = client();
    let (id, cred, name, create, other) = (cs(ID), cs(CREDENTIAL), cs("key"), cs("create"), cs("sign"));
    let mut out = null_mut();
    let mut s = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_mfa_enroll_webauthn(null(), name.as_ptr(), &mut out)), C::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_webauthn(c.ptr(), name.as_ptr(), null_mut())), C::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_webauthn(c.ptr(), bad(), &mut out)), C::InvalidUtf8);
        // friendly_name is optional.
        assert_eq!(code(gotrue_client_mfa_enroll_webauthn(c.ptr(), null(), &mut out)), C::SessionMissing);

        let v = gotrue_client_mfa_verify_webauthn;
        assert_eq!(code(v(null(), id.as_ptr(), id.as_ptr(), create.as_ptr(), cred.as_ptr(), &mut s)), C::NullArgument);
        assert_eq!(code(v(c.ptr(), null(), id.as_ptr(), create.as_ptr(), cred.as_ptr(), &mut s)), C::NullArgument);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), null(), create.as_ptr(), cred.as_ptr(), &mut s)), C::NullArgument);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), null(), cred.as_ptr(), &mut s)), C::NullArgument);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), create.as_ptr(), null(), &mut s)), C::NullArgument);
        assert_eq!(code(v(c.ptr(), bad(), id.as_ptr(), create.as_ptr(), cred.as_ptr(), &mut s)), C::InvalidUtf8);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), bad(), create.as_ptr(), cred.as_ptr(), &mut s)), C::InvalidUtf8);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), bad(), cred.as_ptr(), &mut s)), C::InvalidUtf8);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), create.as_ptr(), bad(), &mut s)), C::InvalidUtf8);
        for j in NOT_OBJECTS {
            let j = cs(j);
            assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), create.as_ptr(), j.as_ptr(), &mut s)), C::InvalidJson);
        }
        assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), other.as_ptr(), cred.as_ptr(), &mut s)), C::InvalidArgument);
        let traversal = cs("../x");
        assert_eq!(code(v(c.ptr(), traversal.as_ptr(), id.as_ptr(), create.as_ptr(), cred.as_ptr(), &mut s)), C::InvalidArgument);
        assert_eq!(code(v(c.ptr(), id.as_ptr(), id.as_ptr(), create.as_ptr(), cred.as_ptr(), null_mut())), C::SessionMissing);
    }
    assert!(out.is_null() && s.is_null());
}
