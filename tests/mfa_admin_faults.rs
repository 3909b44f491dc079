//! MFA and admin calls against the loopback fixture: error decoding the real server cannot
//! be asked to produce on demand (a non-admin key answered in both error shapes, malformed
//! success bodies) and the exact requests the client sends (`..._request_shape`). The
//! success paths are tested against the real server in tests/server_mfa.rs and
//! tests/server_admin.rs.

mod common;
use common::fixture::{Fixture, Reply, SeenRequest};
use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::gotrue_client_set_session;
use gotrue::ffi::*;
use serde_json::{Value, json};
use std::ptr::{null, null_mut};

const USER_ID: &str = "11111111-2222-3333-4444-555555555555";
const FACTOR_ID: &str = "99999999-8888-7777-6666-555555555555";

fn body(r: &SeenRequest) -> Value {
    if r.body.is_empty() { Value::Null } else { serde_json::from_str(&r.body).unwrap() }
}

fn user_json(id: &str) -> Value {
    json!({"id": id, "aud":"authenticated", "role":"authenticated", "email":"u@example.com",
        "app_metadata":{"provider":"email"}, "user_metadata":{}})
}

#[test]
fn admin_calls_with_a_non_admin_key_fail_with_not_admin() {
    // The 2024 shape (API version header sent) and the legacy shape must both decode.
    for answer in
        [json!({"code":"not_admin","message":"User not allowed"}), json!({"code":403,"error_code":"not_admin","msg":"User not allowed"})]
    {
        let fx = Fixture::start(move |_| Reply::json(403, answer.clone()));
        let c = Client::new(&fx.url, "anon-key", None).unwrap();
        let (id, attrs, email, kind, jwt) =
            (cs(USER_ID), cs(r#"{"email":"x@example.com"}"#), cs("x@example.com"), cs("magiclink"), cs("a.b.c"));
        let mut out = null_mut();
        let results = unsafe {
            vec![
                ("create", check(gotrue_admin_create_user(c.ptr(), attrs.as_ptr(), &mut out))),
                ("get", check(gotrue_admin_get_user_by_id(c.ptr(), id.as_ptr(), &mut out))),
                ("update", check(gotrue_admin_update_user_by_id(c.ptr(), id.as_ptr(), attrs.as_ptr(), &mut out))),
                ("delete", check(gotrue_admin_delete_user(c.ptr(), id.as_ptr(), false))),
                ("list", check(gotrue_admin_list_users(c.ptr(), null(), &mut out))),
                ("invite", check(gotrue_admin_invite_user_by_email(c.ptr(), email.as_ptr(), null(), &mut out))),
                ("link", check(gotrue_admin_generate_link(c.ptr(), kind.as_ptr(), email.as_ptr(), null(), null(), &mut out))),
                ("sign_out", check(gotrue_admin_sign_out(c.ptr(), jwt.as_ptr(), 0))),
                ("factors", check(gotrue_admin_mfa_list_factors(c.ptr(), id.as_ptr(), &mut out))),
                ("delete_factor", check(gotrue_admin_mfa_delete_factor(c.ptr(), id.as_ptr(), id.as_ptr(), &mut out))),
            ]
        };
        for (name, result) in results {
            let e = result.expect_err(name);
            assert_eq!(e.code, GoTrueErrorCode::NotAdmin, "{name}: {e:?}");
            assert_eq!(e.http_status, 403, "{name}");
            assert_eq!(e.server_code.as_deref(), Some("not_admin"), "{name}");
            assert_eq!(e.message, "User not allowed", "{name}");
        }
        assert!(out.is_null(), "nothing is written on failure");
        assert_eq!(fx.requests().len(), 10, "one request per call: 403 is not retried");
    }
}

#[test]
fn list_users_never_turns_a_malformed_answer_into_an_empty_list() {
    for reply in [json!({"message":"ok"}), json!({"users":null}), json!([]), json!({"users":{"0":{}}})] {
        let fx = Fixture::start(move |_| Reply::json(200, reply.clone()));
        let c = Client::new(&fx.url, "service", None).unwrap();
        let mut out = null_mut();
        let e = check(unsafe { gotrue_admin_list_users(c.ptr(), null(), &mut out) }).unwrap_err();
        assert_eq!(e.code, GoTrueErrorCode::InvalidResponse);
        assert!(out.is_null());
    }
    let fx = Fixture::start(|_| Reply::text(200, "<html>proxy login</html>"));
    let c = Client::new(&fx.url, "service", None).unwrap();
    let mut out = null_mut();
    assert_eq!(check(unsafe { gotrue_admin_list_users(c.ptr(), null(), &mut out) }).unwrap_err().code, GoTrueErrorCode::InvalidResponse);
}

#[test]
fn list_users_request_shape_and_pagination_past_page_nine() {
    let fx = Fixture::start(|_| {
        let users: Vec<Value> = (0..50).map(|i| user_json(&format!("00000000-0000-0000-0000-{i:012}"))).collect();
        Reply::json(200, json!({"users": users, "aud": "authenticated"}))
            .header("x-total-count", "2000")
            .header("link", r#"</admin/users?page=13&per_page=50>; rel="next", </admin/users?page=40&per_page=50>; rel="last""#)
    });
    let c = Client::new(&fx.url, "service-role-key", None).unwrap();
    let opts = cs(r#"{"page":12,"per_page":50}"#);
    let mut out = null_mut();
    check(unsafe { gotrue_admin_list_users(c.ptr(), opts.as_ptr(), &mut out) }).unwrap();
    let page: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!(page["users"].as_array().unwrap().len(), 50);
    assert_eq!(page["aud"], "authenticated");
    assert_eq!((page["next_page"].clone(), page["last_page"].clone(), page["total"].clone()), (json!(13), json!(40), json!(2000)));
    let r = &fx.requests()[0];
    assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/admin/users?page=12&per_page=50"));
    assert_eq!(r.headers["authorization"], "Bearer service-role-key", "admin calls authenticate with the service key");
    assert_eq!(r.headers["apikey"], "service-role-key");
}

#[test]
fn list_users_last_page_has_no_next_page() {
    let fx = Fixture::start(|_| {
        Reply::json(200, json!({"users": [user_json(USER_ID)], "aud": "authenticated"}))
            .header("x-total-count", "1")
            .header("link", r#"</admin/users?page=1&per_page=50>; rel="last""#)
    });
    let c = Client::new(&fx.url, "service", None).unwrap();
    let mut out = null_mut();
    check(unsafe { gotrue_admin_list_users(c.ptr(), null(), &mut out) }).unwrap();
    let page: Value = serde_json::from_str(&take_string(out)).unwrap();
    assert_eq!((page["next_page"].clone(), page["last_page"].clone(), page["total"].clone()), (Value::Null, json!(1), json!(1)));
    assert_eq!(fx.requests()[0].target, "/admin/users", "no pagination parameters unless asked");
}

#[test]
fn admin_user_calls_request_shape() {
    let fx = Fixture::start(|r| match (r.method.as_str(), r.path()) {
        ("DELETE", _) => Reply::json(200, json!({})),
        ("POST", "/admin/generate_link") => {
            let mut v = user_json(USER_ID);
            let o = v.as_object_mut().unwrap();
            for (k, val) in [
                ("action_link", "http://auth/verify?token=h&type=signup"),
                ("email_otp", "123456"),
                ("hashed_token", "h"),
                ("redirect_to", "http://app/cb"),
                ("verification_type", "signup"),
            ] {
                o.insert(k.into(), val.into());
            }
            Reply::json(200, v)
        }
        ("POST", "/logout") => Reply::text(204, ""),
        _ => Reply::json(200, user_json(USER_ID)),
    });
    let c = Client::new(&fx.url, "service", None).unwrap();
    let id = cs(USER_ID);
    let attrs = json!({"email":"n@example.com","password":"pw-123456","email_confirm":true,"user_metadata":{"a":1},
        "app_metadata":{"plan":"pro"},"role":"authenticated","ban_duration":"none"});
    let attrs_c = cs(&attrs.to_string());
    let (email, signup, pw, link_opts, invite_opts, jwt) = (
        cs("n@example.com"),
        cs("signup"),
        cs("pw-123456"),
        cs(r#"{"data":{"a":1},"redirect_to":"http://app/cb"}"#),
        cs(r#"{"data":{"b":2},"redirect_to":"http://app/invite"}"#),
        cs("user.jwt.token"),
    );
    let mut out = null_mut();
    unsafe {
        check(gotrue_admin_create_user(c.ptr(), attrs_c.as_ptr(), &mut out)).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&take_string(out)).unwrap()["id"], USER_ID);
        check(gotrue_admin_get_user_by_id(c.ptr(), id.as_ptr(), &mut out)).unwrap();
        take_string(out);
        check(gotrue_admin_update_user_by_id(c.ptr(), id.as_ptr(), attrs_c.as_ptr(), null_mut())).unwrap();
        check(gotrue_admin_delete_user(c.ptr(), id.as_ptr(), true)).unwrap();
        check(gotrue_admin_invite_user_by_email(c.ptr(), email.as_ptr(), invite_opts.as_ptr(), null_mut())).unwrap();
        check(gotrue_admin_generate_link(c.ptr(), signup.as_ptr(), email.as_ptr(), pw.as_ptr(), link_opts.as_ptr(), &mut out)).unwrap();
        let link: Value = serde_json::from_str(&take_string(out)).unwrap();
        assert_eq!(link["properties"]["email_otp"], "123456");
        assert_eq!(link["properties"]["verification_type"], "signup");
        assert_eq!(link["user"]["id"], USER_ID);
        assert!(link["user"].get("action_link").is_none());
        check(gotrue_admin_sign_out(c.ptr(), jwt.as_ptr(), 2)).unwrap();
    }
    let seen = fx.requests();
    let shape: Vec<(&str, &str)> = seen.iter().map(|r| (r.method.as_str(), r.target.as_str())).collect();
    assert_eq!(
        shape,
        vec![
            ("POST", "/admin/users"),
            ("GET", &*format!("/admin/users/{USER_ID}")),
            ("PUT", &*format!("/admin/users/{USER_ID}")),
            ("DELETE", &*format!("/admin/users/{USER_ID}")),
            ("POST", "/invite?redirect_to=http%3A%2F%2Fapp%2Finvite"),
            ("POST", "/admin/generate_link?redirect_to=http%3A%2F%2Fapp%2Fcb"),
            ("POST", "/logout?scope=others"),
        ]
    );
    assert_eq!(body(&seen[0]), attrs);
    assert_eq!(body(&seen[2]), attrs);
    assert_eq!(body(&seen[3]), json!({"should_soft_delete": true}));
    assert_eq!(body(&seen[4]), json!({"email":"n@example.com","data":{"b":2}}));
    assert_eq!(
        body(&seen[5]),
        json!({"type":"signup","email":"n@example.com","password":"pw-123456","data":{"a":1},"redirect_to":"http://app/cb"})
    );
    for r in &seen[..6] {
        assert_eq!(r.headers["authorization"], "Bearer service", "{}", r.target);
    }
    assert_eq!(seen[6].headers["authorization"], "Bearer user.jwt.token", "admin sign-out uses the user's token");
    assert_eq!(seen[6].headers["apikey"], "service");
}

#[test]
fn admin_factor_calls_request_shape() {
    let factor = json!({"id": FACTOR_ID, "factor_type":"totp", "status":"verified", "friendly_name":"a"});
    let f2 = factor.clone();
    let fx = Fixture::start(move |r| match r.method.as_str() {
        "GET" => Reply::json(200, json!([f2.clone()])),
        _ => Reply::json(200, f2.clone()),
    });
    let c = Client::new(&fx.url, "service", None).unwrap();
    let (uid, fid) = (cs(USER_ID), cs(FACTOR_ID));
    let mut out = null_mut();
    unsafe {
        check(gotrue_admin_mfa_list_factors(c.ptr(), uid.as_ptr(), &mut out)).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&take_string(out)).unwrap(), json!([factor.clone()]));
        check(gotrue_admin_mfa_delete_factor(c.ptr(), uid.as_ptr(), fid.as_ptr(), &mut out)).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&take_string(out)).unwrap(), factor);
    }
    let seen = fx.requests();
    assert_eq!((seen[0].method.as_str(), seen[0].target.as_str()), ("GET", &*format!("/admin/users/{USER_ID}/factors")));
    assert_eq!((seen[1].method.as_str(), seen[1].target.as_str()), ("DELETE", &*format!("/admin/users/{USER_ID}/factors/{FACTOR_ID}")));
}

/// A fixture that plays the MFA endpoints with canned answers, and a client signed in to it
/// through gotrue_client_set_session (which fetches GET /user).
fn mfa_fixture(user: Value) -> (Fixture, Client, String) {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let aal2 = {
        let mut s = session_json(3600, "rt-aal2");
        s["access_token"] = fake_jwt(&json!({"sub": USER_ID, "exp": now + 3600, "aal":"aal2",
            "amr":[{"method":"totp","timestamp":now},{"method":"password","timestamp":now - 10}]}))
        .into();
        s["user"]["factors"] = json!([{"id": FACTOR_ID, "factor_type":"totp", "status":"verified"}]);
        s
    };
    let fx = Fixture::start(move |r| match (r.method.as_str(), r.path()) {
        ("GET", "/user") => Reply::json(200, user.clone()),
        ("POST", "/factors") => Reply::json(
            200,
            json!({"id": FACTOR_ID, "type":"totp", "friendly_name":"laptop",
            "totp":{"qr_code":"<svg/>","secret":"GEZDGNBVGY3TQOJQ","uri":"otpauth://totp/x"}}),
        ),
        ("POST", p) if p.ends_with("/challenge") => Reply::json(200, json!({"id":"chal-1","type":"totp","expires_at": now + 300})),
        ("POST", p) if p.ends_with("/verify") => {
            if body(r)["code"] == "000000" {
                Reply::json(422, json!({"code":"mfa_verification_failed","message":"Invalid TOTP code entered"}))
            } else {
                Reply::json(200, aal2.clone())
            }
        }
        ("DELETE", _) => Reply::json(200, json!({"id": FACTOR_ID})),
        _ => Reply::json(404, json!({"code":"not_found","message":"no"})),
    });
    let c = Client::new(&fx.url, "anon", None).unwrap();
    let access = fake_jwt(&json!({"sub": USER_ID, "exp": now + 3600, "aal":"aal1",
        "amr":[{"method":"password","timestamp":now}]}));
    let (a, r) = (cs(&access), cs("rt-aal1"));
    check(unsafe { gotrue_client_set_session(c.ptr(), a.as_ptr(), r.as_ptr(), null_mut()) }).unwrap();
    (fx, c, access)
}

fn json_out(f: impl FnOnce(*mut *mut std::ffi::c_char) -> *mut gotrue::ffi::GoTrueError) -> Value {
    let mut out = null_mut();
    check(f(&mut out)).unwrap();
    serde_json::from_str(&take_string(out)).unwrap()
}

#[test]
fn mfa_calls_request_shape() {
    let mut user = user_json(USER_ID);
    user["factors"] = json!([
        {"id": FACTOR_ID, "factor_type":"totp", "status":"verified"},
        {"id":"f-2", "factor_type":"totp", "status":"unverified"},
        {"id":"f-3", "factor_type":"phone", "status":"verified"}]);
    let (fx, c, access) = mfa_fixture(user);
    let (name, issuer, phone, fid, opts, code_) =
        (cs("laptop"), cs("Example"), cs("+15555550100"), cs(FACTOR_ID), cs(r#"{"channel":"whatsapp"}"#), cs("123456"));
    unsafe {
        let factor = json_out(|o| gotrue_client_mfa_enroll_totp(c.ptr(), name.as_ptr(), issuer.as_ptr(), o));
        assert_eq!(factor["totp"]["secret"], "GEZDGNBVGY3TQOJQ");
        json_out(|o| gotrue_client_mfa_enroll_phone(c.ptr(), phone.as_ptr(), null(), o));
        let challenge = json_out(|o| gotrue_client_mfa_challenge(c.ptr(), fid.as_ptr(), opts.as_ptr(), o));
        assert_eq!(challenge["id"], "chal-1");
        let mut s = null_mut();
        let chal = cs("chal-1");
        check(gotrue_client_mfa_verify(c.ptr(), fid.as_ptr(), chal.as_ptr(), code_.as_ptr(), &mut s)).unwrap();
        assert_eq!(session(s).unwrap().refresh_token(), "rt-aal2");
        check(gotrue_client_mfa_unenroll(c.ptr(), fid.as_ptr())).unwrap();
        let factors = json_out(|o| gotrue_client_mfa_list_factors(c.ptr(), o));
        assert_eq!(factors["all"].as_array().unwrap().len(), 3);
        assert_eq!(factors["totp"], json!([{"id": FACTOR_ID, "factor_type":"totp", "status":"verified"}]));
        assert_eq!(factors["phone"][0]["id"], "f-3");
    }
    let seen = fx.requests();
    let shape: Vec<(&str, String, Value)> = seen.iter().map(|r| (r.method.as_str(), r.target.clone(), body(r))).collect();
    assert_eq!(
        shape[1..],
        [
            ("POST", "/factors".to_owned(), json!({"factor_type":"totp","friendly_name":"laptop","issuer":"Example"})),
            ("POST", "/factors".to_owned(), json!({"factor_type":"phone","phone":"+15555550100"})),
            ("POST", format!("/factors/{FACTOR_ID}/challenge"), json!({"channel":"whatsapp"})),
            ("POST", format!("/factors/{FACTOR_ID}/verify"), json!({"challenge_id":"chal-1","code":"123456"})),
            ("DELETE", format!("/factors/{FACTOR_ID}"), Value::Null),
            ("GET", "/user".to_owned(), Value::Null),
        ]
    );
    for r in &seen[1..5] {
        assert_eq!(r.headers["authorization"], format!("Bearer {access}"), "{}", r.target);
    }
    // After verify, the upgraded session is the current one: later calls use its token.
    assert_ne!(seen[5].headers["authorization"], format!("Bearer {access}"));
}

#[test]
fn assurance_level_comes_from_the_session_without_a_request() {
    let mut user = user_json(USER_ID);
    user["factors"] = json!([{"id": FACTOR_ID, "factor_type":"totp", "status":"verified"}]);
    let (fx, c, _) = mfa_fixture(user);
    let before = fx.requests().len();
    let level = json_out(|o| unsafe { gotrue_client_mfa_get_authenticator_assurance_level(c.ptr(), o) });
    assert_eq!(level["current_level"], "aal1");
    assert_eq!(level["next_level"], "aal2", "a verified factor means the session can be stepped up");
    assert_eq!(level["current_authentication_methods"][0]["method"], "password");
    assert_eq!(fx.requests().len(), before, "no network");

    let (fid, code_) = (cs(FACTOR_ID), cs("123456"));
    check(unsafe { gotrue_client_mfa_challenge_and_verify(c.ptr(), fid.as_ptr(), code_.as_ptr(), null_mut()) }).unwrap();
    let level = json_out(|o| unsafe { gotrue_client_mfa_get_authenticator_assurance_level(c.ptr(), o) });
    assert_eq!((level["current_level"].clone(), level["next_level"].clone()), (json!("aal2"), json!("aal2")));
    assert_eq!(level["current_authentication_methods"].as_array().unwrap().len(), 2);
}

#[test]
fn wrong_code_keeps_the_session_and_verified_emits_mfa_event() {
    use gotrue::core::{AuthEvent, Client as Core, ClientOptions, ErrorCode};
    use std::sync::{Arc, Mutex};
    let (fx, _c, access) = mfa_fixture(user_json(USER_ID));
    // The event is checked through the core client (the C event API lives elsewhere).
    let core = Core::new(&fx.url, "anon", ClientOptions::default()).unwrap();
    core.set_session(&access, "rt-aal1").unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    core.events().subscribe(Arc::new(move |e, s, _| sink.lock().unwrap().push((e, s.map(|s| s.refresh_token.expose().to_owned())))));
    let e = core.mfa_challenge_and_verify(FACTOR_ID, "000000").unwrap_err();
    assert_eq!((e.code, e.http_status), (ErrorCode::MfaVerificationFailed, 422));
    assert_eq!(core.current_session().unwrap().refresh_token.expose(), "rt-aal1", "a failed verify changes nothing");
    assert!(events.lock().unwrap().is_empty());
    core.mfa_challenge_and_verify(FACTOR_ID, "123456").unwrap();
    assert_eq!(*events.lock().unwrap(), vec![(AuthEvent::MfaChallengeVerified, Some("rt-aal2".to_owned()))]);
    assert_eq!(core.current_session().unwrap().refresh_token.expose(), "rt-aal2");
}
