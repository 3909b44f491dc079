//! The log hook never carries a secret. Two real-server tests (GOTRUE_TEST_URL):
//! one runs many flows in this process, knowing every secret it used (passwords, tokens, an
//! email OTP, a token hash, a PKCE verifier and code, a rejected refresh token) and finds none
//! in any line; the other runs the other real-server test binaries with every line written to
//! a file (tests/common: GOTRUE_TEST_LOG_FILE) and checks each line against the log grammar,
//! which admits only names, numbers and redacted paths.

mod common;
#[path = "common/lifecycle.rs"]
mod support;

use common::*;
use gotrue::ffi::admin::gotrue_admin_generate_link;
use gotrue::ffi::auth::*;
use gotrue::ffi::log::{GoTrueLogLevel, gotrue_set_log_callback};
use gotrue::ffi::oauth::*;
use gotrue::ffi::session::*;
use gotrue::ffi::user::*;
use serde_json::{Value, json};
use std::ffi::{CStr, c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::time::Duration;
use support::*;

static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

unsafe extern "C" fn collect(_level: GoTrueLogLevel, line: *const c_char, _user_data: *mut c_void) {
    LINES.lock().unwrap().push(unsafe { CStr::from_ptr(line) }.to_str().unwrap().to_owned());
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn wait_mail(to: &str) -> Value {
    let env = server();
    for _ in 0..100 {
        let r = http().get(format!("{}/messages", env.mail_url)).query(&[("to", to)]).send().unwrap();
        let list: Value = serde_json::from_slice(&r.bytes().unwrap()).unwrap();
        if let Some(m) = list.as_array().unwrap().last() {
            return m.clone();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no mail for {to}");
}

/// Every string in a JSON value (to collect what a storage entry holds).
fn strings_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| strings_in(v, out)),
        Value::Object(o) => o.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}

fn tokens(s: &Session) -> [String; 2] {
    [s.access_token(), s.refresh_token()]
}

/// Query keys whose values may be logged as they are (plain words such as a grant type).
const PLAIN_KEYS: &[&str] = &["grant_type", "scope", "provider", "type", "page", "per_page"];

/// True when `line` is made only of the fields the library logs, each with a harmless value.
fn well_formed(line: &str) -> bool {
    let word = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let number = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit());
    let path = |v: &str| {
        let (p, q) = v.split_once('?').unwrap_or((v, ""));
        p.starts_with('/')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || "/_-.".contains(c))
            && (q.is_empty()
                || q.split('&').all(|kv| {
                    kv.split_once('=').is_some_and(|(k, v)| word(k) && (v == "<redacted>" || (PLAIN_KEYS.contains(&k) && word(v))))
                }))
    };
    line.split(' ').all(|field| {
        let Some((key, value)) = field.split_once('=') else {
            return false;
        };
        match key {
            "level" => matches!(value, "error" | "warn" | "info" | "debug"),
            "event" | "result" | "decision" => word(value),
            "method" => matches!(value, "GET" | "POST" | "PUT" | "DELETE"),
            "path" => path(value),
            "status" | "duration_ms" | "retries" => number(value),
            "session_kept" => matches!(value, "true" | "false"),
            _ => false,
        }
    })
}

#[test]
fn the_grammar_rejects_what_a_leak_would_look_like() {
    assert!(well_formed("level=info event=http method=POST path=/token?grant_type=pkce status=200 duration_ms=3 retries=0 result=ok"));
    assert!(well_formed(
        "level=info event=http method=GET path=/verify?token=<redacted>&type=magiclink status=303 duration_ms=3 retries=0 result=ok"
    ));
    assert!(!well_formed("level=info event=http method=GET path=/verify?token=abc123 status=303"));
    assert!(!well_formed("level=info event=http path=/user authorization=Bearer"));
    assert!(!well_formed("level=info event=http method=POST path=/otp email=a@b.c"));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_many_flows_log_no_secret_they_used() {
    let env = server();
    check(unsafe { gotrue_set_log_callback(Some(collect), GoTrueLogLevel::GOTRUE_LOG_LEVEL_DEBUG as i32, null_mut(), None) }).unwrap();
    let mut secrets: Vec<String> = Vec::new();
    let password = format!("Scan-Pw-{}", std::process::id());
    let new_password = format!("Scan-New-Pw-{}", std::process::id());
    secrets.extend([password.clone(), new_password.clone()]);

    // Password sign-up, sign-in, refresh, user read and update, set_session, sign-out.
    let c = Client::new(&env.url, &env.anon_key, None).unwrap();
    let email = unique_email("logscan");
    secrets.push(email.clone());
    let (e, p) = (cs(&email), cs(&password));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_up(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s, null_mut()) }).unwrap();
    secrets.extend(tokens(&session(s).unwrap()));
    let mut s = null_mut();
    check(unsafe { gotrue_client_sign_in_with_password(c.ptr(), e.as_ptr(), null(), p.as_ptr(), null(), &mut s) }).unwrap();
    let signed_in = session(s).unwrap();
    secrets.extend(tokens(&signed_in));
    let refreshed = refresh(&c, None).unwrap();
    secrets.extend(tokens(&refreshed));
    let jwt = cs(&refreshed.access_token());
    let mut user = null_mut();
    check(unsafe { gotrue_client_get_user(c.ptr(), jwt.as_ptr(), &mut user) }).unwrap();
    take_string(user);
    let attrs = cs(&json!({"password": new_password}).to_string());
    check(unsafe { gotrue_client_update_user(c.ptr(), attrs.as_ptr(), null(), null_mut()) }).unwrap();
    let other = Client::new(&env.url, &env.anon_key, None).unwrap();
    let (at, rt) = (cs(&refreshed.access_token()), cs(&refreshed.refresh_token()));
    check(unsafe { gotrue_client_set_session(other.ptr(), at.as_ptr(), rt.as_ptr(), null_mut()) }).unwrap();
    let _ = get_session(&other).unwrap();
    // A refresh token the server rejects: the error path must not log it either.
    let bogus = format!("bogus-refresh-{}", std::process::id());
    secrets.push(bogus.clone());
    assert!(refresh(&other, Some(&bogus)).is_err());

    // Email OTP and token hash from the admin API, verified through the client.
    let admin = Client::new(&env.url, &env.service_role_key, Some(r#"{"persist_session":false}"#)).unwrap();
    let (ty, none) = (cs("magiclink"), cs(""));
    let _ = none;
    let mut link = null_mut();
    check(unsafe { gotrue_admin_generate_link(admin.ptr(), ty.as_ptr(), e.as_ptr(), null(), null(), &mut link) }).unwrap();
    let link: Value = serde_json::from_str(&take_string(link)).unwrap();
    let otp = link["email_otp"].as_str().or(link["properties"]["email_otp"].as_str()).expect("email_otp").to_owned();
    secrets.push(otp.clone());
    let (otp_c, magic) = (cs(&otp), cs("email"));
    let mut s = null_mut();
    check(unsafe {
        gotrue_client_verify_otp(c.ptr(), e.as_ptr(), null(), otp_c.as_ptr(), null(), magic.as_ptr(), null(), &mut s, null_mut())
    })
    .unwrap();
    secrets.extend(tokens(&session(s).unwrap()));
    let mut link = null_mut();
    check(unsafe { gotrue_admin_generate_link(admin.ptr(), ty.as_ptr(), e.as_ptr(), null(), null(), &mut link) }).unwrap();
    let link: Value = serde_json::from_str(&take_string(link)).unwrap();
    let hash = link["hashed_token"].as_str().or(link["properties"]["hashed_token"].as_str()).expect("hashed_token").to_owned();
    secrets.push(hash.clone());
    let hash_c = cs(&hash);
    let mut s = null_mut();
    check(unsafe { gotrue_client_verify_otp(c.ptr(), null(), null(), null(), hash_c.as_ptr(), ty.as_ptr(), null(), &mut s, null_mut()) })
        .unwrap();
    secrets.extend(tokens(&session(s).unwrap()));
    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();

    // A PKCE magic link on the confirming server: verifier (read from file storage), code.
    let dir = temp_dir("logscan-pkce");
    let pkce = Client::new(&env.confirm_url, &env.anon_key, Some(&file_options(&dir, json!({})))).unwrap();
    let pkce_email = unique_email("logscan-pkce");
    secrets.push(pkce_email.clone());
    let (pe, opts) = (cs(&pkce_email), cs(r#"{"email_redirect_to":"http://127.0.0.1:3000/welcome"}"#));
    let mut answer = null_mut();
    check(unsafe { gotrue_client_sign_in_with_otp(pkce.ptr(), pe.as_ptr(), null(), opts.as_ptr(), &mut answer) }).unwrap();
    take_string(answer);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => strings_in(&v, &mut secrets),
            Err(_) => secrets.push(text.trim().to_owned()),
        }
    }
    let mail = wait_mail(&pkce_email);
    let verify = mail["links"].as_array().unwrap().iter().filter_map(Value::as_str).find(|l| l.contains("/verify")).unwrap().to_owned();
    secrets.push(reqwest::Url::parse(&verify).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned());
    let callback = http().get(&verify).send().unwrap().headers()["location"].to_str().unwrap().to_owned();
    let code = reqwest::Url::parse(&callback).unwrap().query_pairs().find(|(k, _)| k == "code").expect("code").1.into_owned();
    secrets.push(code.clone());
    let cb = cs(&callback);
    let mut s = null_mut();
    check(unsafe { gotrue_client_exchange_code_for_session(pkce.ptr(), cb.as_ptr(), &mut s) }).unwrap();
    secrets.extend(tokens(&session(s).unwrap()));

    // A loopback sign-in: its state, the code the browser brings and the verify token.
    let (provider, mut handle) = (cs("redirect"), null_mut());
    check(unsafe { gotrue::ffi::loopback::gotrue_client_start_loopback_sign_in(pkce.ptr(), provider.as_ptr(), null(), &mut handle) })
        .unwrap();
    let redirect = read(unsafe { gotrue::ffi::loopback::gotrue_loopback_redirect_to(handle) }).unwrap();
    secrets.push(redirect.split_once("state=").unwrap().1.to_owned());
    let loop_email = unique_email("logscan-loop");
    secrets.push(loop_email.clone());
    let (le, lo) = (cs(&loop_email), cs(&json!({ "email_redirect_to": redirect }).to_string()));
    let mut answer = null_mut();
    check(unsafe { gotrue_client_sign_in_with_otp(pkce.ptr(), le.as_ptr(), null(), lo.as_ptr(), &mut answer) }).unwrap();
    take_string(answer);
    let mail = wait_mail(&loop_email);
    let verify = mail["links"].as_array().unwrap().iter().filter_map(Value::as_str).find(|l| l.contains("/verify")).unwrap().to_owned();
    secrets.push(reqwest::Url::parse(&verify).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned());
    let callback = http().get(&verify).send().unwrap().headers()["location"].to_str().unwrap().to_owned();
    secrets.push(reqwest::Url::parse(&callback).unwrap().query_pairs().find(|(k, _)| k == "code").expect("code").1.into_owned());
    assert_eq!(http().get(&callback).send().unwrap().status(), 200);
    let mut s = null_mut();
    check(unsafe { gotrue::ffi::loopback::gotrue_loopback_wait(handle, 10_000, &mut s) }).unwrap();
    secrets.extend(tokens(&session(s).unwrap()));
    unsafe { gotrue::ffi::loopback::gotrue_loopback_free(handle) };

    check(unsafe { gotrue_set_log_callback(None, 0, null_mut(), None) }).unwrap();
    let lines = LINES.lock().unwrap().clone();
    // Secrets shorter than this would match by chance (a 6-digit OTP inside a duration).
    secrets.retain(|s| s.len() >= 6);
    for line in &lines {
        for secret in &secrets {
            assert!(!line.contains(secret.as_str()), "a log line carries a secret: {line}");
        }
        assert!(well_formed(line), "a log line outside the grammar: {line}");
    }
    for expected in [
        "path=/signup",
        "path=/token?grant_type=password",
        "path=/token?grant_type=refresh_token",
        "path=/verify",
        "path=/otp",
        "path=/token?grant_type=pkce",
        "path=/logout",
        "path=/user",
        "decision=requesting",
        "event=loopback decision=completed",
    ] {
        assert!(lines.iter().any(|l| l.contains(expected)), "no line with {expected}: {lines:#?}");
    }
    assert!(lines.iter().any(|l| l.contains("status=400") || l.contains("status=401")), "the rejected refresh is logged");
    assert!(secrets.len() > 15, "the run used its secrets: {}", secrets.len());
}

/// The newest built test binary whose name starts with `stem-` (next to this one).
fn test_binary(stem: &str) -> std::path::PathBuf {
    let deps = std::env::current_exe().unwrap().parent().unwrap().to_owned();
    std::fs::read_dir(&deps)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(&format!("{stem}-")) && p.extension().is_none()
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).unwrap())
        .unwrap_or_else(|| panic!("test binary {stem} is not built: run `cargo test` (all targets) first"))
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_every_real_server_test_binary_logs_only_well_formed_lines() {
    let _ = server();
    let log = std::env::temp_dir().join(format!("gotrue-log-scan-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let suites =
        ["server_authapi", "server_lifecycle", "server_mfa", "server_admin", "server_status", "server_loopback", "server_pkce_cleanup"];
    for stem in suites {
        let out = std::process::Command::new(test_binary(stem))
            .args(["--include-ignored", "--test-threads=2"])
            .env("GOTRUE_TEST_LOG_FILE", &log)
            .output()
            .unwrap();
        assert!(out.status.success(), "{stem} failed under the log scan:\n{}", String::from_utf8_lossy(&out.stdout));
    }
    let text = std::fs::read_to_string(&log).expect("the runs logged");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 200, "a full run logs every request: only {} lines", lines.len());
    for line in &lines {
        assert!(well_formed(line), "a log line outside the grammar: {line}");
        assert!(!line.contains("eyJ") && !line.contains('@'), "a log line carries a token or an email: {line}");
    }
    let _ = std::fs::remove_file(&log);
}
