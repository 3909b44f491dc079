//! ABI misuse for the user-facing auth API: NULL for every pointer argument, invalid UTF-8,
//! malformed options JSON, contradictory arguments. Each returns the documented code before
//! any request is made (the client points at a refused port).

mod common;
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use std::ptr::{null, null_mut};

#[test]
fn sign_in_with_otp_checks_arguments() {
    let c = client();
    let (email, brace, arr, unknown) = (cs("a@example.com"), cs("{"), cs("[]"), cs(r#"{"create_user":true}"#));
    let mut out = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_sign_in_with_otp(null(), email.as_ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_with_otp(c.ptr(), null(), null(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(
            code(gotrue_client_sign_in_with_otp(c.ptr(), email.as_ptr(), email.as_ptr(), null(), &mut out)),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(code(gotrue_client_sign_in_with_otp(c.ptr(), bad(), null(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_in_with_otp(c.ptr(), null(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_in_with_otp(c.ptr(), email.as_ptr(), null(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        for o in [&brace, &arr, &unknown] {
            assert_eq!(
                code(gotrue_client_sign_in_with_otp(c.ptr(), email.as_ptr(), null(), o.as_ptr(), &mut out)),
                GoTrueErrorCode::InvalidJson
            );
        }
        // Well-formed: reaches the network (nothing listens).
        assert_eq!(code(gotrue_client_sign_in_with_otp(c.ptr(), email.as_ptr(), null(), null(), null_mut())), GoTrueErrorCode::Network);
    }
    assert!(out.is_null());
}

#[test]
fn verify_otp_checks_arguments() {
    let c = client();
    let (email, tok, ty, badty, brace) = (cs("a@example.com"), cs("123456"), cs("email"), cs("otp"), cs("{"));
    let mut s = null_mut();
    let mut u = null_mut();
    unsafe {
        let v = |cl, e, p, t, h, ty, o, s: &mut _, u: &mut _| code(gotrue_client_verify_otp(cl, e, p, t, h, ty, o, s, u));
        assert_eq!(
            v(null(), email.as_ptr(), null(), tok.as_ptr(), null(), ty.as_ptr(), null(), &mut s, &mut u),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(v(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), null(), null(), null(), &mut s, &mut u), GoTrueErrorCode::NullArgument);
        assert_eq!(
            v(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), null(), badty.as_ptr(), null(), &mut s, &mut u),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(v(c.ptr(), null(), null(), tok.as_ptr(), null(), ty.as_ptr(), null(), &mut s, &mut u), GoTrueErrorCode::InvalidArgument);
        assert_eq!(
            v(c.ptr(), email.as_ptr(), null(), null(), null(), ty.as_ptr(), null(), &mut s, &mut u),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(
            v(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), tok.as_ptr(), ty.as_ptr(), null(), &mut s, &mut u),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(v(c.ptr(), bad(), null(), tok.as_ptr(), null(), ty.as_ptr(), null(), &mut s, &mut u), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(v(c.ptr(), null(), bad(), tok.as_ptr(), null(), ty.as_ptr(), null(), &mut s, &mut u), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(v(c.ptr(), email.as_ptr(), null(), bad(), null(), ty.as_ptr(), null(), &mut s, &mut u), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(v(c.ptr(), null(), null(), null(), bad(), ty.as_ptr(), null(), &mut s, &mut u), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(v(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), null(), bad(), null(), &mut s, &mut u), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(
            v(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), null(), ty.as_ptr(), bad(), &mut s, &mut u),
            GoTrueErrorCode::InvalidUtf8
        );
        assert_eq!(
            v(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), null(), ty.as_ptr(), brace.as_ptr(), &mut s, &mut u),
            GoTrueErrorCode::InvalidJson
        );
    }
    assert!(s.is_null() && u.is_null());
}

#[test]
fn resend_reset_reauthenticate_and_anonymous_check_arguments() {
    let c = client();
    let (email, ty, brace) = (cs("a@example.com"), cs("signup"), cs("{"));
    let mut out = null_mut();
    let mut s = null_mut();
    unsafe {
        assert_eq!(
            code(gotrue_client_resend(null(), ty.as_ptr(), email.as_ptr(), null(), null(), &mut out)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(code(gotrue_client_resend(c.ptr(), null(), email.as_ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_resend(c.ptr(), bad(), email.as_ptr(), null(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_resend(c.ptr(), ty.as_ptr(), bad(), null(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_resend(c.ptr(), ty.as_ptr(), null(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(
            code(gotrue_client_resend(c.ptr(), ty.as_ptr(), email.as_ptr(), null(), brace.as_ptr(), &mut out)),
            GoTrueErrorCode::InvalidJson
        );
        assert_eq!(code(gotrue_client_resend(c.ptr(), ty.as_ptr(), null(), null(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        let sms = cs("sms");
        assert_eq!(
            code(gotrue_client_resend(c.ptr(), sms.as_ptr(), email.as_ptr(), null(), null(), &mut out)),
            GoTrueErrorCode::InvalidArgument
        );

        assert_eq!(code(gotrue_client_reset_password_for_email(null(), email.as_ptr(), null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_reset_password_for_email(c.ptr(), null(), null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_reset_password_for_email(c.ptr(), bad(), null())), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_reset_password_for_email(c.ptr(), email.as_ptr(), bad())), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_reset_password_for_email(c.ptr(), email.as_ptr(), brace.as_ptr())), GoTrueErrorCode::InvalidJson);

        assert_eq!(code(gotrue_client_reauthenticate(null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_reauthenticate(c.ptr())), GoTrueErrorCode::SessionMissing);

        assert_eq!(code(gotrue_client_sign_in_anonymously(null(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_anonymously(c.ptr(), bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_in_anonymously(c.ptr(), brace.as_ptr(), &mut s)), GoTrueErrorCode::InvalidJson);

        assert_eq!(code(gotrue_client_get_settings(null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_settings(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_health(null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_health(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
    }
    assert!(out.is_null() && s.is_null());
}

#[test]
fn oauth_and_callback_functions_check_arguments() {
    let c = client();
    let (gh, brace, code_s, url) = (cs("github"), cs("{"), cs("some-code"), cs("http://127.0.0.1:3000/cb?code=x"));
    let mut out = null_mut();
    let mut s = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_get_oauth_url(null(), gh.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_oauth_url(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_oauth_url(c.ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), bad(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), brace.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        let empty = cs("");
        assert_eq!(code(gotrue_client_get_oauth_url(c.ptr(), empty.as_ptr(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);

        assert_eq!(code(gotrue_client_exchange_code_for_session(null(), code_s.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_exchange_code_for_session(c.ptr(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_exchange_code_for_session(c.ptr(), bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_exchange_code_for_session(c.ptr(), code_s.as_ptr(), &mut s)), GoTrueErrorCode::PkceVerifierMissing);
        assert_eq!(code(gotrue_client_exchange_code_for_session(c.ptr(), url.as_ptr(), &mut s)), GoTrueErrorCode::PkceVerifierMissing);

        assert_eq!(code(gotrue_client_get_session_from_url(null(), url.as_ptr(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_session_from_url(c.ptr(), null(), &mut s)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_session_from_url(c.ptr(), bad(), &mut s)), GoTrueErrorCode::InvalidUtf8);
        let nothing = cs("http://127.0.0.1:3000/cb?state=1");
        assert_eq!(code(gotrue_client_get_session_from_url(c.ptr(), nothing.as_ptr(), &mut s)), GoTrueErrorCode::InvalidArgument);

        let (tok, nonce) = (cs("id.token.x"), cs("n"));
        let idt = |cl, p, t, a, n, o, s: &mut _| code(gotrue_client_sign_in_with_id_token(cl, p, t, a, n, o, s));
        assert_eq!(idt(null(), gh.as_ptr(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::NullArgument);
        assert_eq!(idt(c.ptr(), null(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::NullArgument);
        assert_eq!(idt(c.ptr(), gh.as_ptr(), null(), null(), null(), null(), &mut s), GoTrueErrorCode::NullArgument);
        assert_eq!(idt(c.ptr(), bad(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(idt(c.ptr(), gh.as_ptr(), bad(), null(), null(), null(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(idt(c.ptr(), gh.as_ptr(), tok.as_ptr(), bad(), null(), null(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(idt(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), bad(), null(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(idt(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), nonce.as_ptr(), bad(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(idt(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), nonce.as_ptr(), brace.as_ptr(), &mut s), GoTrueErrorCode::InvalidJson);
        assert_eq!(idt(c.ptr(), empty.as_ptr(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::InvalidArgument);

        let dom = cs("sso.example.com");
        assert_eq!(code(gotrue_client_sign_in_with_sso(null(), dom.as_ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_with_sso(c.ptr(), dom.as_ptr(), null(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_sign_in_with_sso(c.ptr(), null(), null(), null(), &mut out)), GoTrueErrorCode::InvalidArgument);
        assert_eq!(
            code(gotrue_client_sign_in_with_sso(c.ptr(), dom.as_ptr(), dom.as_ptr(), null(), &mut out)),
            GoTrueErrorCode::InvalidArgument
        );
        assert_eq!(code(gotrue_client_sign_in_with_sso(c.ptr(), bad(), null(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_sign_in_with_sso(c.ptr(), null(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(
            code(gotrue_client_sign_in_with_sso(c.ptr(), dom.as_ptr(), null(), brace.as_ptr(), &mut out)),
            GoTrueErrorCode::InvalidJson
        );
    }
    assert!(out.is_null() && s.is_null());
}

#[test]
fn identity_functions_check_arguments() {
    let c = client();
    let (gh, brace, tok, id) = (cs("github"), cs("{"), cs("id.token.x"), cs("0b5e4f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"));
    let mut out = null_mut();
    let mut s = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_get_user_identities(null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_user_identities(c.ptr(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_get_user_identities(c.ptr(), &mut out)), GoTrueErrorCode::SessionMissing);

        assert_eq!(code(gotrue_client_link_identity(null(), gh.as_ptr(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_link_identity(c.ptr(), null(), null(), &mut out)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_link_identity(c.ptr(), gh.as_ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_link_identity(c.ptr(), bad(), null(), &mut out)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_link_identity(c.ptr(), gh.as_ptr(), brace.as_ptr(), &mut out)), GoTrueErrorCode::InvalidJson);
        assert_eq!(code(gotrue_client_link_identity(c.ptr(), gh.as_ptr(), null(), &mut out)), GoTrueErrorCode::SessionMissing);

        let l = |cl, p, t, a, n, o, s: &mut _| code(gotrue_client_link_identity_with_id_token(cl, p, t, a, n, o, s));
        assert_eq!(l(null(), gh.as_ptr(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::NullArgument);
        assert_eq!(l(c.ptr(), null(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::NullArgument);
        assert_eq!(l(c.ptr(), gh.as_ptr(), null(), null(), null(), null(), &mut s), GoTrueErrorCode::NullArgument);
        assert_eq!(l(c.ptr(), gh.as_ptr(), tok.as_ptr(), bad(), null(), null(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(l(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), bad(), null(), &mut s), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(l(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), null(), brace.as_ptr(), &mut s), GoTrueErrorCode::InvalidJson);
        assert_eq!(l(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), null(), null(), &mut s), GoTrueErrorCode::SessionMissing);

        assert_eq!(code(gotrue_client_unlink_identity(null(), id.as_ptr())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_unlink_identity(c.ptr(), null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_unlink_identity(c.ptr(), bad())), GoTrueErrorCode::InvalidUtf8);
        let path = cs("../../admin/users");
        assert_eq!(code(gotrue_client_unlink_identity(c.ptr(), path.as_ptr())), GoTrueErrorCode::InvalidArgument);
        assert_eq!(code(gotrue_client_unlink_identity(c.ptr(), id.as_ptr())), GoTrueErrorCode::SessionMissing);
    }
    assert!(out.is_null() && s.is_null());
}

#[test]
fn oauth_url_through_the_abi_carries_a_pkce_challenge() {
    let c = client();
    let (gh, opts) = (cs("github"), cs(r#"{"redirect_to":"http://127.0.0.1:3000/cb","scopes":"read:user"}"#));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), opts.as_ptr(), &mut out) }).unwrap();
    let url = take_string(out);
    assert!(url.contains("/authorize?provider=github&redirect_to=http%3A%2F%2F127.0.0.1%3A3000%2Fcb%3Fgotrue_flow_id%3D"), "{url}");
    assert!(url.contains("&scopes=read%3Auser&code_challenge="), "{url}");
    assert!(url.ends_with("&code_challenge_method=s256"), "{url}");
}
