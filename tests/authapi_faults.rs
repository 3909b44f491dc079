//! Faults the real server cannot produce on demand (5xx, 429 + Retry-After, resets,
//! non-JSON bodies) for the user-facing auth API, plus `..._request_shape` tests that record
//! the exact request the client sends. These complement the real-server tests in
//! tests/server_authapi.rs; they never replace them.

mod common;
use common::fixture::{Fixture, Reply, SeenRequest};
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn query(target: &str) -> BTreeMap<String, String> {
    let url = format!("http://x{target}");
    gotrue_query(&url)
}

fn gotrue_query(url: &str) -> BTreeMap<String, String> {
    let q = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap()).unwrap_or("");
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn body(r: &SeenRequest) -> Value {
    serde_json::from_str(&r.body).unwrap()
}

fn challenge_of(verifier: &str) -> String {
    gotrue::core::pkce::challenge(verifier)
}

fn fast_client(url: &str) -> Client {
    Client::new(url, "anon", Some(r#"{"max_retries":2,"retry_base_delay_ms":1,"max_retry_delay_ms":5,"timeout_ms":3000}"#)).unwrap()
}

#[test]
fn magic_link_request_shape() {
    let fx = Fixture::start(|_| Reply::json(200, json!({})));
    let c = fast_client(&fx.url);
    let (email, opts) = (
        cs("a@example.com"),
        cs(
            r#"{"should_create_user":false,"data":{"plan":"free"},"email_redirect_to":"http://127.0.0.1:3000/welcome","captcha_token":"cap"}"#,
        ),
    );
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_in_with_otp(c.ptr(), email.as_ptr(), null(), opts.as_ptr(), &mut out) }).unwrap();
    assert_eq!(take_string(out), "{}");
    let r = &fx.requests()[0];
    assert_eq!((r.method.as_str(), r.path()), ("POST", "/otp"));
    let redirect = &query(&r.target)["redirect_to"];
    assert!(redirect.starts_with("http://127.0.0.1:3000/welcome?gotrue_flow_id="), "{redirect}");
    let b = body(r);
    assert_eq!(b["email"], "a@example.com");
    assert_eq!(b["create_user"], false);
    assert_eq!(b["data"]["plan"], "free");
    assert_eq!(b["gotrue_meta_security"]["captcha_token"], "cap");
    assert_eq!(b["code_challenge_method"], "s256");
    assert_eq!(b["code_challenge"].as_str().unwrap().len(), 43);
    assert_eq!(r.headers["x-supabase-api-version"], "2024-01-01");
}

#[test]
fn phone_otp_request_shape_returns_the_message_id() {
    let fx = Fixture::start(|_| Reply::json(200, json!({"message_id":"SM123"})));
    let c = fast_client(&fx.url);
    let (phone, opts) = (cs("+15555550100"), cs(r#"{"channel":"whatsapp"}"#));
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_in_with_otp(c.ptr(), null(), phone.as_ptr(), opts.as_ptr(), &mut out) }).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&take_string(out)).unwrap()["message_id"], "SM123");
    let b = body(&fx.requests()[0]);
    assert_eq!(b["phone"], "+15555550100");
    assert_eq!(b["channel"], "whatsapp");
    assert_eq!(b["create_user"], true);
    assert!(b.get("code_challenge").is_none(), "phones have no PKCE link");
}

#[test]
fn pkce_exchange_picks_each_flows_verifier_request_shape() {
    // Two OAuth flows open at once; each callback URL finds its own verifier.
    let fx = Fixture::start(|_| Reply::json(200, session_json(3600, "rt-pkce")));
    let c = fast_client(&fx.url);
    let gh = cs("github");
    let opts = cs(r#"{"redirect_to":"http://127.0.0.1:3000/cb"}"#);
    let mut urls = Vec::new();
    for _ in 0..2 {
        let mut out = null_mut();
        check(unsafe { gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), opts.as_ptr(), &mut out) }).unwrap();
        urls.push(gotrue_query(&take_string(out)));
    }
    assert_eq!(fx.requests().len(), 0, "building the URL makes no request");
    // Complete the first flow first (not the most recent one).
    for (i, q) in urls.iter().enumerate() {
        let callback = format!("{}&code=auth-code-{i}", q["redirect_to"]);
        let cb = cs(&callback);
        let mut s = null_mut();
        check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), cb.as_ptr(), &mut s) }).unwrap();
        assert_eq!(session(s).unwrap().refresh_token(), "rt-pkce");
        let r = fx.requests().pop().unwrap();
        assert_eq!(r.target, "/token?grant_type=pkce");
        let b = body(&r);
        assert_eq!(b["auth_code"], format!("auth-code-{i}"));
        assert_eq!(challenge_of(b["code_verifier"].as_str().unwrap()), q["code_challenge"]);
    }
    // Both verifiers are used up.
    let cb = cs(&format!("{}&code=again", urls[0]["redirect_to"]));
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), cb.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::PkceVerifierMissing);
}

#[test]
fn bare_code_uses_the_most_recent_verifier_request_shape() {
    let fx = Fixture::start(|_| Reply::json(200, session_json(3600, "rt")));
    let c = fast_client(&fx.url);
    let email = cs("r@example.com");
    check(unsafe { gotrue_client_reset_password_for_email(c.ptr(), email.as_ptr(), null()) }).unwrap();
    let recover = fx.requests()[0].clone();
    assert_eq!(recover.path(), "/recover");
    let challenge = body(&recover)["code_challenge"].as_str().unwrap().to_owned();
    let code = cs("bare-code");
    check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap();
    let b = body(&fx.requests()[1]);
    assert_eq!(challenge_of(b["code_verifier"].as_str().unwrap()), challenge);
}

#[test]
fn exchange_keeps_the_verifier_after_a_transient_failure() {
    let calls = Arc::new(AtomicUsize::new(0));
    let n = calls.clone();
    let fx = Fixture::start(move |_| match n.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::text(503, "upstream down"),
        1 => Reply::Drop,
        _ => Reply::json(200, session_json(3600, "rt-after-retry")),
    });
    let c = fast_client(&fx.url);
    let (gh, code) = (cs("github"), cs("the-code"));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), null(), &mut out) }).unwrap();
    take_string(out);
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!((e.code, e.http_status), (GoTrueErrorCode::HttpError, 503));
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::Network);
    let mut s = null_mut();
    check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), &mut s) }).unwrap();
    assert_eq!(session(s).unwrap().refresh_token(), "rt-after-retry");
}

#[test]
fn exchange_forgets_the_verifier_after_a_definitive_rejection() {
    let fx = Fixture::start(|_| {
        Reply::json(404, json!({"code":"flow_state_not_found","message":"invalid flow state, no valid flow state found"}))
    });
    let c = fast_client(&fx.url);
    let (gh, code) = (cs("github"), cs("the-code"));
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_oauth_url(c.ptr(), gh.as_ptr(), null(), &mut out) }).unwrap();
    take_string(out);
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::FlowStateNotFound);
    let e = check(unsafe { gotrue_client_exchange_code_for_session(c.ptr(), code.as_ptr(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::PkceVerifierMissing);
    assert_eq!(fx.requests().len(), 1);
}

#[test]
fn implicit_callback_request_shape() {
    let user = session_json(3600, "x")["user"].clone();
    let fx = Fixture::start(move |_| Reply::json(200, user.clone()));
    let c = Client::new(&fx.url, "anon", Some(r#"{"flow_type":"implicit"}"#)).unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let at = fake_jwt(&json!({"sub":"u","exp": now + 3600}));
    let url = cs(&format!(
        "myapp://cb#access_token={at}&refresh_token=rt-imp&expires_in=3600&expires_at={}&token_type=bearer&type=recovery&provider_token=pt",
        now + 3600
    ));
    let mut s = null_mut();
    check(unsafe { gotrue_client_get_session_from_url(c.ptr(), url.as_ptr(), &mut s) }).unwrap();
    let s = session(s).unwrap();
    assert_eq!(s.refresh_token(), "rt-imp");
    assert_eq!(s.expires_at(), now + 3600);
    assert_eq!(s.email().as_deref(), Some("fixture@example.com"));
    let r = &fx.requests()[0];
    assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/user"));
    assert_eq!(r.headers["authorization"], format!("Bearer {at}"));
}

#[test]
fn redirect_errors_become_auth_redirect_without_a_request() {
    let fx = Fixture::start(|_| Reply::json(500, json!({})));
    let c = fast_client(&fx.url);
    let url =
        cs("http://127.0.0.1:3000/cb?error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired");
    for f in [gotrue_client_get_session_from_url, gotrue_client_exchange_code_for_session] {
        let e = check(unsafe { f(c.ptr(), url.as_ptr(), null_mut()) }).unwrap_err();
        assert_eq!(e.code, GoTrueErrorCode::AuthRedirect);
        assert_eq!(e.server_code.as_deref(), Some("otp_expired"));
        assert!(e.message.contains("Email link is invalid or has expired"), "{}", e.message);
    }
    assert!(fx.requests().is_empty());
}

#[test]
fn verify_with_only_a_message_returns_neither_session_nor_user() {
    // The first confirmation of a secure email change answers {msg, code:200}.
    let fx = Fixture::start(|_| {
        Reply::json(200, json!({"msg":"Confirmation link accepted. Please proceed to confirm link sent to the other email","code":200}))
    });
    let c = fast_client(&fx.url);
    let (hash, ty) = (cs("hash"), cs("email_change"));
    let mut s = null_mut();
    let mut u = null_mut();
    check(unsafe { gotrue_client_verify_otp(c.ptr(), null(), null(), null(), hash.as_ptr(), ty.as_ptr(), null(), &mut s, &mut u) })
        .unwrap();
    assert!(s.is_null() && u.is_null());
    assert_eq!(body(&fx.requests()[0]), json!({"type":"email_change","token_hash":"hash","gotrue_meta_security":{"captcha_token":null}}));
}

#[test]
fn verify_faults_leave_the_client_signed_out() {
    let calls = Arc::new(AtomicUsize::new(0));
    let n = calls.clone();
    let fx = Fixture::start(move |_| match n.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::text(502, "<html>bad gateway</html>"),
        1 => Reply::Drop,
        2 => Reply::text(200, "not json"),
        _ => Reply::Truncate { status: 200, body: "{\"access_token\":".into() },
    });
    let c = fast_client(&fx.url);
    let (email, tok, ty) = (cs("a@example.com"), cs("123456"), cs("email"));
    let expected = [GoTrueErrorCode::HttpError, GoTrueErrorCode::Network, GoTrueErrorCode::InvalidResponse, GoTrueErrorCode::Network];
    for want in expected {
        let mut s = null_mut();
        let e = check(unsafe {
            gotrue_client_verify_otp(c.ptr(), email.as_ptr(), null(), tok.as_ptr(), null(), ty.as_ptr(), null(), &mut s, null_mut())
        })
        .unwrap_err();
        assert_eq!(e.code, want, "{}", e.message);
        assert!(s.is_null());
    }
    // POST /verify is never retried (a code is single-use): one request per call.
    assert_eq!(fx.count("/verify"), 4);
    let mut s = null_mut();
    check(unsafe { gotrue::ffi::gotrue_client_get_session(c.ptr(), &mut s) }).unwrap();
    assert!(s.is_null());
}

#[test]
fn otp_rate_limit_reports_retry_after() {
    let fx = Fixture::start(|_| {
        Reply::json(429, json!({"code":"over_email_send_rate_limit","message":"email rate limit exceeded"})).header("Retry-After", "42")
    });
    let c = fast_client(&fx.url);
    let email = cs("a@example.com");
    let e = check(unsafe { gotrue_client_sign_in_with_otp(c.ptr(), email.as_ptr(), null(), null(), null_mut()) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::OverEmailSendRateLimit);
    assert_eq!((e.http_status, e.retry_after), (429, 42));
    assert_eq!(fx.count("/otp"), 1, "POST /otp is not retried");
}

#[test]
fn settings_and_health_retry_transient_failures() {
    let calls = Arc::new(AtomicUsize::new(0));
    let n = calls.clone();
    let fx = Fixture::start(move |r| match (r.path(), n.fetch_add(1, Ordering::SeqCst)) {
        (_, 0) => Reply::text(503, ""),
        (_, 1) => Reply::Drop,
        ("/settings", _) => Reply::json(200, json!({"external":{"email":true},"disable_signup":false})),
        _ => Reply::text(200, "<html>ok</html>"),
    });
    let c = fast_client(&fx.url);
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_settings(c.ptr(), &mut out) }).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&take_string(out)).unwrap()["external"]["email"], true);
    assert_eq!(fx.count("/settings"), 3);
    out = null_mut();
    let e = check(unsafe { gotrue_client_health(c.ptr(), &mut out) }).unwrap_err();
    assert_eq!(e.code, GoTrueErrorCode::InvalidResponse);
    assert!(out.is_null());
}

#[test]
fn sso_and_id_token_request_shape() {
    let fx = Fixture::start(|r| match r.path() {
        "/sso" => Reply::json(200, json!({"url":"http://idp.example/sso?SAMLRequest=x"})),
        _ => Reply::json(200, session_json(3600, "rt-id")),
    });
    let c = fast_client(&fx.url);
    let (dom, opts) = (cs("sso.example.com"), cs(r#"{"redirect_to":"http://127.0.0.1:3000/cb"}"#));
    let mut out = null_mut();
    check(unsafe { gotrue_client_sign_in_with_sso(c.ptr(), dom.as_ptr(), null(), opts.as_ptr(), &mut out) }).unwrap();
    assert_eq!(take_string(out), "http://idp.example/sso?SAMLRequest=x");
    let b = body(&fx.requests()[0]);
    assert_eq!(b["domain"], "sso.example.com");
    assert_eq!(b["skip_http_redirect"], true);
    assert_eq!(b["code_challenge_method"], "s256");
    assert!(b["redirect_to"].as_str().unwrap().starts_with("http://127.0.0.1:3000/cb?gotrue_flow_id="));

    let (google, tok, at, nonce) = (cs("google"), cs("id-token"), cs("provider-at"), cs("raw-nonce"));
    let mut s = null_mut();
    check(unsafe {
        gotrue_client_sign_in_with_id_token(c.ptr(), google.as_ptr(), tok.as_ptr(), at.as_ptr(), nonce.as_ptr(), null(), &mut s)
    })
    .unwrap();
    assert_eq!(session(s).unwrap().refresh_token(), "rt-id");
    let r = fx.requests().pop().unwrap();
    assert_eq!(r.target, "/token?grant_type=id_token");
    assert_eq!(
        body(&r),
        json!({"provider":"google","id_token":"id-token","access_token":"provider-at","nonce":"raw-nonce",
        "gotrue_meta_security":{"captcha_token":null}})
    );
}

#[test]
fn identity_calls_request_shape() {
    let fx = Fixture::start(|r| match (r.method.as_str(), r.path()) {
        ("POST", "/token") => Reply::json(200, session_json(3600, "rt")),
        ("GET", "/user/identities/authorize") => Reply::json(200, json!({"url":"https://github.com/login/oauth/authorize?x=1"})),
        ("DELETE", _) => Reply::json(200, json!({})),
        _ => {
            let mut user = session_json(3600, "rt")["user"].clone();
            user["identities"] = json!([{"identity_id":"0b5e4f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b","provider":"email"}]);
            Reply::json(200, user)
        }
    });
    let c = fast_client(&fx.url);
    let (email, pw) = (cs("fixture@example.com"), cs("pw-123456"));
    check(unsafe { gotrue::ffi::gotrue_client_sign_in_with_password(c.ptr(), email.as_ptr(), null(), pw.as_ptr(), null(), null_mut()) })
        .unwrap();
    let mut out = null_mut();
    check(unsafe { gotrue_client_get_user_identities(c.ptr(), &mut out) }).unwrap();
    let ids: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(ids[0]["provider"], "email");

    let gh = cs("github");
    check(unsafe { gotrue_client_link_identity(c.ptr(), gh.as_ptr(), null(), &mut out) }).unwrap();
    assert!(take_string(out).starts_with("https://github.com/"));
    let r = fx.requests().into_iter().find(|r| r.path() == "/user/identities/authorize").unwrap();
    let q = query(&r.target);
    assert_eq!(q["provider"], "github");
    assert_eq!(q["skip_http_redirect"], "true");
    assert_eq!(q["code_challenge_method"], "s256");
    assert!(r.headers["authorization"].starts_with("Bearer ey"), "the user's JWT, not the anon key");

    let id = cs("0b5e4f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    check(unsafe { gotrue_client_unlink_identity(c.ptr(), id.as_ptr()) }).unwrap();
    assert_eq!(fx.count("/user/identities/0b5e4f6a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), 1);

    let tok = cs("id-token");
    check(unsafe { gotrue_client_link_identity_with_id_token(c.ptr(), gh.as_ptr(), tok.as_ptr(), null(), null(), null(), null_mut()) })
        .unwrap();
    let r = fx.requests().into_iter().rev().find(|r| r.target == "/token?grant_type=id_token").unwrap();
    assert_eq!(body(&r)["link_identity"], true);
    assert!(r.headers["authorization"].starts_with("Bearer ey"));
}
