//! ABI misuse: NULL for every pointer argument, invalid UTF-8, malformed options JSON.
//! Each returns the documented error code, never a crash. No server is contacted: every
//! case fails argument checks before any request (the URL points at a refused port).

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use std::ptr::{null, null_mut};

#[test]
fn client_new_checks_every_argument() {
    let (url, key) = (cs("http://127.0.0.1:1"), cs("k"));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_new(null(), key.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_new(url.as_ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_new(url.as_ptr(), key.as_ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_new(bad(), key.as_ptr(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_new(url.as_ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_new(url.as_ptr(), key.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        for opts in [
            "{",
            "[]",
            r#"{"timeout_ms":"x"}"#,
            r#"{"no_such_option":1}"#,
            r#"{"pkce_verifier_ttl_secs":-5}"#,
            r#"{"pkce_verifier_ttl_secs":"1h"}"#,
        ] {
            let o = cs(opts);
            assert_eq!(code(gotrue_client_new(url.as_ptr(), key.as_ptr(), o.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson, "{opts}");
        }
        for opts in [r#"{"pkce_verifier_ttl_secs":0}"#, r#"{"pkce_verifier_ttl_secs":40000000}"#] {
            let o = cs(opts);
            assert_eq!(
                code(gotrue_client_new(url.as_ptr(), key.as_ptr(), o.as_ptr(), &mut out)),
                GoTrueErrorCode::InvalidArgument,
                "{opts}"
            );
        }
        let not_url = cs("not a url");
        assert_eq!(code(gotrue_client_new(not_url.as_ptr(), key.as_ptr(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        assert!(out.is_null(), "out-parameters are written only on success");
    }
}

#[test]
fn sign_up_and_sign_in_check_arguments() {
    let c = client();
    let (email, pw, opts) = (cs("a@example.com"), cs("password-123"), cs("{"));
    let mut s = null_mut();
    let mut u = null_mut();
    unsafe {
        assert_eq!(
            code(gotrue_client_sign_up(null(), email.as_ptr(), null(), pw.as_ptr(), null(), &mut s, &mut u)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(
            code(gotrue_client_sign_up(c.ptr(), email.as_ptr(), null(), null(), null(), &mut s, &mut u)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(
            code(gotrue_client_sign_up(c.ptr(), null(), null(), pw.as_ptr(), null(), &mut s, &mut u)),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(
            code(gotrue_client_sign_up(c.ptr(), email.as_ptr(), email.as_ptr(), pw.as_ptr(), null(), &mut s, &mut u)),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(code(gotrue_client_sign_up(c.ptr(), bad(), null(), pw.as_ptr(), null(), &mut s, &mut u)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(
            code(gotrue_client_sign_up(c.ptr(), email.as_ptr(), null(), bad(), null(), &mut s, &mut u)),
            GoTrueErrorCode::InvalidUtf8
        );
        assert_eq!(
            code(gotrue_client_sign_up(c.ptr(), email.as_ptr(), null(), pw.as_ptr(), opts.as_ptr(), &mut s, &mut u)),
            GoTrueErrorCode::InvalidJson
        );
        assert_eq!(
            code(gotrue_client_sign_in_with_password(null(), email.as_ptr(), null(), pw.as_ptr(), null(), &mut s)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(
            code(gotrue_client_sign_in_with_password(c.ptr(), email.as_ptr(), null(), null(), null(), &mut s)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(
            code(gotrue_client_sign_in_with_password(c.ptr(), null(), bad(), pw.as_ptr(), null(), &mut s)),
            GoTrueErrorCode::InvalidUtf8
        );
        assert_eq!(
            code(gotrue_client_sign_in_with_password(c.ptr(), email.as_ptr(), null(), pw.as_ptr(), opts.as_ptr(), &mut s)),
            GoTrueErrorCode::InvalidJson
        );
    }
    assert!(s.is_null() && u.is_null());
}

#[test]
fn session_functions_check_arguments() {
    let c = client();
    let (tok, json) = (cs("a.b.c"), cs("{}"));
    let mut s = null_mut();
    let mut j = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_get_session(null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_session(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_set_session(null(), tok.as_ptr(), tok.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_set_session(c.ptr(), null(), tok.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_set_session(c.ptr(), tok.as_ptr(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_set_session(c.ptr(), bad(), tok.as_ptr(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_set_session(c.ptr(), tok.as_ptr(), tok.as_ptr(), &mut s)), GoTrueErrorCode::InvalidJwt);
        assert_eq!(code(gotrue_client_refresh_session(null(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_refresh_session(c.ptr(), null(), &mut s)), GoTrueErrorCode::SessionMissing);
        assert_eq!(code(gotrue_client_refresh_session(c.ptr(), bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_out(null(), 0)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_sign_out(c.ptr(), 7)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_client_get_user(null(), null(), &mut j)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_user(c.ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_user(c.ptr(), null(), &mut j)), GoTrueErrorCode::SessionMissing);
        assert_eq!(code(gotrue_client_get_user(c.ptr(), bad(), &mut j)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_update_user(null(), json.as_ptr(), null(), &mut j)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_update_user(c.ptr(), null(), null(), &mut j)), GoTrueErrorCode::NullArgument);
        let arr = cs("[1]");
        assert_eq!(code(gotrue_client_update_user(c.ptr(), arr.as_ptr(), null(), &mut j)), GoTrueErrorCode::InvalidJson);
        let attrs = cs(r#"{"data":{"a":1}}"#);
        assert_eq!(code(gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), &mut j)), GoTrueErrorCode::SessionMissing);
        assert_eq!(code(gotrue_session_to_json(null(), &mut j)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_session_from_json(null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_session_from_json(json.as_ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_session_from_json(json.as_ptr(), &mut s)), GoTrueErrorCode::InvalidJson);
        assert_eq!(code(gotrue_session_from_json(bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
    }
    assert!(s.is_null() && j.is_null());
    // Signing out while signed out is fine and makes no request.
    check(unsafe { gotrue_client_sign_out(c.ptr(), 0) }).unwrap();
}

#[test]
fn accessors_and_frees_accept_null() {
    unsafe {
        assert!(gotrue_session_access_token(null()).is_null());
        assert!(gotrue_session_refresh_token(null()).is_null());
        assert!(gotrue_session_user_id(null()).is_null());
        assert!(gotrue_session_user_email(null()).is_null());
        assert!(gotrue_session_user_json(null()).is_null());
        assert!(gotrue_session_token_type(null()).is_null());
        assert_eq!(gotrue_session_expires_at(null()), 0);
        assert_eq!(gotrue_session_expires_in(null()), 0);
        assert_eq!(gotrue_error_code(null()), GoTrueErrorCode::NullArgument);
        assert_eq!(read(gotrue_error_message(null())).unwrap(), "");
        assert_eq!(gotrue_error_http_status(null()), 0);
        assert!(gotrue_error_server_code(null()).is_null());
        assert_eq!(gotrue_error_weak_password_reason_count(null()), 0);
        assert!(gotrue_error_weak_password_reason(null(), 0).is_null());
        assert_eq!(gotrue_error_retry_after(null()), -1);
        gotrue_session_free(null_mut());
        gotrue_error_free(null_mut());
        gotrue_client_free(null_mut());
        gotrue::ffi::gotrue_string_free(null_mut());
    }
}

#[test]
fn session_json_round_trips_through_the_abi() {
    let json = cs(&session_json(3600, "rt-1").to_string());
    let mut s = null_mut();
    check(unsafe { gotrue_session_from_json(json.as_ptr(), &mut s) }).unwrap();
    let s = session(s).unwrap();
    assert_eq!(s.refresh_token(), "rt-1");
    assert_eq!(s.email().as_deref(), Some("fixture@example.com"));
    let mut out = null_mut();
    check(unsafe { gotrue_session_to_json(s.0, &mut out) }).unwrap();
    let back: serde_json::Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(back["refresh_token"], "rt-1");
    assert_eq!(back["user"]["app_metadata"]["provider"], "email");
}

#[test]
fn version_information_is_consistent() {
    let v = read(gotrue::ffi::gotrue_version()).unwrap();
    assert_eq!(v, env!("CARGO_PKG_VERSION"));
    assert_eq!(gotrue::ffi::gotrue_abi_version(), gotrue::ffi::GOTRUE_ABI_VERSION);
    assert_eq!(read(gotrue_error_code_name(185)).as_deref(), Some("invalid_credentials"));
    assert!(gotrue_error_code_name(-5).is_null());
}
