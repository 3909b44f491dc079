//! ABI misuse for the MFA and admin functions: NULL for every pointer argument, invalid
//! UTF-8, malformed options JSON, ids that would change the request path. Each returns the
//! documented error code before any request (the URL points at a refused port).

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use std::ffi::c_char;
use std::ptr::{null, null_mut};

#[test]
fn mfa_enroll_checks_arguments() {
    let c = client();
    let (name, phone) = (cs("my phone"), cs("+15555550100"));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_mfa_enroll_totp(null(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_totp(c.ptr(), null(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_totp(c.ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_mfa_enroll_totp(c.ptr(), null(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        // friendly_name and issuer are optional: with valid arguments only the session is missing.
        assert_eq!(code(gotrue_client_mfa_enroll_totp(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::SessionMissing);
        assert_eq!(code(gotrue_client_mfa_enroll_totp(c.ptr(), name.as_ptr(), name.as_ptr(), &mut out)), GoTrueErrorCode::SessionMissing);

        assert_eq!(code(gotrue_client_mfa_enroll_phone(null(), phone.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_phone(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_phone(c.ptr(), phone.as_ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_phone(c.ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_mfa_enroll_phone(c.ptr(), phone.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        let empty = cs("");
        assert_eq!(code(gotrue_client_mfa_enroll_phone(c.ptr(), empty.as_ptr(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_client_mfa_enroll_phone(c.ptr(), phone.as_ptr(), name.as_ptr(), &mut out)), GoTrueErrorCode::SessionMissing);
    }
    assert!(out.is_null(), "out-parameters are written only on success");
}

#[test]
fn mfa_challenge_and_verify_check_arguments() {
    let c = client();
    let (id, code_, opts) = (cs("0b3e4a6c-6f7e-4d8e-9a1b-2c3d4e5f6a7b"), cs("123456"), cs(r#"{"channel":"sms"}"#));
    let mut out = null_mut();
    let mut s = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_mfa_challenge(null(), id.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), id.as_ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), id.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        for o in ["{", "[]", r#"{"channel":1}"#, r#"{"chanel":"sms"}"#] {
            let o = cs(o);
            assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), id.as_ptr(), o.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        }
        let traversal = cs("../../admin/users");
        assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), traversal.as_ptr(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_client_mfa_challenge(c.ptr(), id.as_ptr(), opts.as_ptr(), &mut out)), GoTrueErrorCode::SessionMissing);

        assert_eq!(code(gotrue_client_mfa_verify(null(), id.as_ptr(), id.as_ptr(), code_.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_verify(c.ptr(), null(), id.as_ptr(), code_.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_verify(c.ptr(), id.as_ptr(), null(), code_.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_verify(c.ptr(), id.as_ptr(), id.as_ptr(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_verify(c.ptr(), bad(), id.as_ptr(), code_.as_ptr(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_mfa_verify(c.ptr(), id.as_ptr(), bad(), code_.as_ptr(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_mfa_verify(c.ptr(), id.as_ptr(), id.as_ptr(), bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        let empty = cs("");
        assert_eq!(
            code(gotrue_client_mfa_verify(c.ptr(), id.as_ptr(), id.as_ptr(), empty.as_ptr(), &mut s)),
            GoTrueErrorCode::InvalidArgument
        );
        // out_session is optional.
        assert_eq!(
            code(gotrue_client_mfa_verify(c.ptr(), id.as_ptr(), id.as_ptr(), code_.as_ptr(), null_mut())),
            GoTrueErrorCode::SessionMissing
        );

        assert_eq!(
            code(gotrue_client_mfa_challenge_and_verify(null(), id.as_ptr(), code_.as_ptr(), &mut s)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(code(gotrue_client_mfa_challenge_and_verify(c.ptr(), null(), code_.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_challenge_and_verify(c.ptr(), id.as_ptr(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_challenge_and_verify(c.ptr(), bad(), code_.as_ptr(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_mfa_challenge_and_verify(c.ptr(), id.as_ptr(), bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(
            code(gotrue_client_mfa_challenge_and_verify(c.ptr(), id.as_ptr(), code_.as_ptr(), null_mut())),
            GoTrueErrorCode::SessionMissing
        );
    }
    assert!(out.is_null() && s.is_null());
}

#[test]
fn mfa_unenroll_list_and_level_check_arguments() {
    let c = client();
    let id = cs("0b3e4a6c-6f7e-4d8e-9a1b-2c3d4e5f6a7b");
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_mfa_unenroll(null(), id.as_ptr())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_unenroll(c.ptr(), null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_unenroll(c.ptr(), bad())), GoTrueErrorCode::InvalidUtf8);
        let slash = cs("a/b");
        assert_eq!(code(gotrue_client_mfa_unenroll(c.ptr(), slash.as_ptr())), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_client_mfa_unenroll(c.ptr(), id.as_ptr())), GoTrueErrorCode::SessionMissing);
        assert_eq!(code(gotrue_client_mfa_list_factors(null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_list_factors(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_list_factors(c.ptr(), &mut out)), GoTrueErrorCode::SessionMissing);
        assert_eq!(code(gotrue_client_mfa_get_authenticator_assurance_level(null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_mfa_get_authenticator_assurance_level(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
    }
    assert!(out.is_null());
    // Signed out, the level is answered (nulls), with no request.
    check(unsafe { gotrue_client_mfa_get_authenticator_assurance_level(c.ptr(), &mut out) }).unwrap();
    let level: serde_json::Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(level, serde_json::json!({"current_level":null,"next_level":null,"current_authentication_methods":[]}));
}

#[test]
fn admin_user_functions_check_arguments() {
    let c = client();
    let (id, attrs) = (cs("0b3e4a6c-6f7e-4d8e-9a1b-2c3d4e5f6a7b"), cs(r#"{"email":"a@example.com"}"#));
    let (not_object, broken, empty_obj, traversal) = (cs("[1]"), cs("{"), cs("{}"), cs("../users"));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_admin_create_user(null(), attrs.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_create_user(c.ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_create_user(c.ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_create_user(c.ptr(), not_object.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        assert_eq!(code(gotrue_admin_create_user(c.ptr(), broken.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        assert_eq!(code(gotrue_admin_create_user(c.ptr(), empty_obj.as_ptr(), &mut out)), GoTrueErrorCode::InvalidArgument);

        assert_eq!(code(gotrue_admin_get_user_by_id(null(), id.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_get_user_by_id(c.ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_get_user_by_id(c.ptr(), id.as_ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_get_user_by_id(c.ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_get_user_by_id(c.ptr(), traversal.as_ptr(), &mut out)), GoTrueErrorCode::InvalidArgument);

        assert_eq!(code(gotrue_admin_update_user_by_id(null(), id.as_ptr(), attrs.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_update_user_by_id(c.ptr(), null(), attrs.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_update_user_by_id(c.ptr(), id.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_update_user_by_id(c.ptr(), bad(), attrs.as_ptr(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_update_user_by_id(c.ptr(), id.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_update_user_by_id(c.ptr(), id.as_ptr(), not_object.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        assert_eq!(
            code(gotrue_admin_update_user_by_id(c.ptr(), traversal.as_ptr(), attrs.as_ptr(), &mut out)),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(
            code(gotrue_admin_update_user_by_id(c.ptr(), id.as_ptr(), empty_obj.as_ptr(), &mut out)),
            GoTrueErrorCode::InvalidArgument
        );

        assert_eq!(code(gotrue_admin_delete_user(null(), id.as_ptr(), false)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_delete_user(c.ptr(), null(), true)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_delete_user(c.ptr(), bad(), true)), GoTrueErrorCode::InvalidUtf8);
        let empty = cs("");
        assert_eq!(code(gotrue_admin_delete_user(c.ptr(), empty.as_ptr(), true)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_admin_delete_user(c.ptr(), traversal.as_ptr(), true)), GoTrueErrorCode::InvalidArgument);
    }
    assert!(out.is_null());
}

#[test]
fn admin_list_invite_link_sign_out_check_arguments() {
    let c = client();
    let (email, kind, id) = (cs("a@example.com"), cs("magiclink"), cs("0b3e4a6c-6f7e-4d8e-9a1b-2c3d4e5f6a7b"));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_admin_list_users(null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_list_users(c.ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_list_users(c.ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        for o in ["{", "[]", r#"{"page":"2"}"#, r#"{"page":-1}"#, r#"{"pages":2}"#] {
            let o = cs(o);
            assert_eq!(code(gotrue_admin_list_users(c.ptr(), o.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson, "{o:?}");
        }
        let zero = cs(r#"{"page":0}"#);
        assert_eq!(code(gotrue_admin_list_users(c.ptr(), zero.as_ptr(), &mut out)), GoTrueErrorCode::InvalidArgument);

        assert_eq!(code(gotrue_admin_invite_user_by_email(null(), email.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_invite_user_by_email(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_invite_user_by_email(c.ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_invite_user_by_email(c.ptr(), email.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        let o = cs(r#"{"data":[1]}"#);
        assert_eq!(code(gotrue_admin_invite_user_by_email(c.ptr(), email.as_ptr(), o.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);

        let g = |t: *const c_char, e: *const c_char, p: *const c_char, o: *const c_char, out: *mut *mut c_char| {
            code(gotrue_admin_generate_link(c.ptr(), t, e, p, o, out))
        };
        assert_eq!(
            code(gotrue_admin_generate_link(null(), kind.as_ptr(), email.as_ptr(), null(), null(), &mut out)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(g(null(), email.as_ptr(), null(), null(), &mut out), GoTrueErrorCode::NullArgument);
        assert_eq!(g(kind.as_ptr(), null(), null(), null(), &mut out), GoTrueErrorCode::NullArgument);
        assert_eq!(g(kind.as_ptr(), email.as_ptr(), null(), null(), null_mut()), GoTrueErrorCode::NullArgument);
        assert_eq!(g(bad(), email.as_ptr(), null(), null(), &mut out), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(g(kind.as_ptr(), bad(), null(), null(), &mut out), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(g(kind.as_ptr(), email.as_ptr(), bad(), null(), &mut out), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(g(kind.as_ptr(), email.as_ptr(), null(), bad(), &mut out), GoTrueErrorCode::InvalidUtf8);
        let broken = cs(r#"{"redirectTo":"x"}"#);
        assert_eq!(g(kind.as_ptr(), email.as_ptr(), null(), broken.as_ptr(), &mut out), GoTrueErrorCode::InvalidJson);
        let unknown = cs("password_reset");
        assert_eq!(g(unknown.as_ptr(), email.as_ptr(), null(), null(), &mut out), GoTrueErrorCode::InvalidArgument);
        let change = cs("email_change_new");
        assert_eq!(g(change.as_ptr(), email.as_ptr(), null(), null(), &mut out), GoTrueErrorCode::InvalidArgument);

        assert_eq!(code(gotrue_admin_sign_out(null(), email.as_ptr(), 0)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_sign_out(c.ptr(), null(), 0)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_sign_out(c.ptr(), bad(), 0)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_sign_out(c.ptr(), email.as_ptr(), 3)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_admin_sign_out(c.ptr(), email.as_ptr(), -1)), GoTrueErrorCode::InvalidArgument);

        assert_eq!(code(gotrue_admin_mfa_list_factors(null(), id.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_list_factors(c.ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_list_factors(c.ptr(), id.as_ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_list_factors(c.ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_mfa_delete_factor(null(), id.as_ptr(), id.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_delete_factor(c.ptr(), null(), id.as_ptr(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_delete_factor(c.ptr(), id.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_admin_mfa_delete_factor(c.ptr(), bad(), id.as_ptr(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_admin_mfa_delete_factor(c.ptr(), id.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        let traversal = cs("x/../../y");
        assert_eq!(
            code(gotrue_admin_mfa_delete_factor(c.ptr(), id.as_ptr(), traversal.as_ptr(), &mut out)),
            GoTrueErrorCode::InvalidArgument
        );
    }
    assert!(out.is_null());
}
