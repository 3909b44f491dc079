//! Shared test support: calling the C ABI from Rust, the real-server environment, and a
//! loopback fixture for faults the real server cannot produce.
#![allow(dead_code)]

pub mod fixture;

use gotrue::ffi::GoTrueClient;
use gotrue::ffi::GoTrueError;
use gotrue::ffi::GoTrueSession;
use std::ffi::{CStr, CString, c_char};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a real-server test is ignored by default; `./x test` runs them with `--ignored`
/// whenever the harness has a server up.
pub const NEEDS_SERVER: &str = "needs the real Supabase Auth server: ./x test runs it when the harness is up";

/// Settings written by the harness (`.cache/env`), read from the environment.
pub struct ServerEnv {
    pub url: String,
    pub confirm_url: String,
    pub closed_url: String,
    pub anon_key: String,
    pub service_role_key: String,
    pub jwt_secret: String,
    pub mail_url: String,
    pub sms_url: String,
}

fn var(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: real-server tests need the harness (`./x start`, then `set -a; . .cache/env`)"))
}

/// The real server's settings. Panics (fails the test) when the harness is not up.
pub fn server() -> ServerEnv {
    log_to_file_when_asked();
    ServerEnv {
        url: var("GOTRUE_TEST_URL"),
        confirm_url: var("GOTRUE_TEST_CONFIRM_URL"),
        closed_url: var("GOTRUE_TEST_CLOSED_URL"),
        anon_key: var("GOTRUE_TEST_ANON_KEY"),
        service_role_key: var("GOTRUE_TEST_SERVICE_ROLE_KEY"),
        jwt_secret: var("GOTRUE_TEST_JWT_SECRET"),
        mail_url: var("GOTRUE_TEST_MAIL_URL"),
        sms_url: var("GOTRUE_TEST_SMS_URL"),
    }
}

/// A unique email per call, so tests run in parallel and repeatedly.
pub fn unique_email(tag: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{tag}-{}-{}-{}@example.com", std::process::id(), nanos, N.fetch_add(1, Ordering::Relaxed))
}

/// A phone number no earlier run has used (E.164, +1 then 10 digits), for flows that attach
/// a phone to a user. Its OTPs reach the SMS hook sink (read them with `sms_otp`): it is not
/// one of the harness's fixed test phones.
pub fn unique_phone() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let n = nanos / 1000 + u64::from(std::process::id()) * 7919 + N.fetch_add(1, Ordering::Relaxed) * 104_729;
    format!("+1{}{:09}", 2 + (n % 7), n % 1_000_000_000)
}

/// Waits for the newest OTP the SMS hook sink recorded for `phone`.
pub fn sms_otp(phone: &str) -> String {
    let url = format!("{}/otps?phone={}", server().sms_url, phone.trim_start_matches('+'));
    for _ in 0..100 {
        let body = reqwest::blocking::get(&url).unwrap().text().unwrap();
        let list: serde_json::Value = serde_json::from_str(&body).unwrap();
        if let Some(otp) = list.as_array().and_then(|l| l.last()).and_then(|o| o["otp"].as_str()) {
            return otp.to_owned();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("no SMS OTP recorded for {phone}");
}

pub fn cs(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// A NUL-terminated pointer for an optional string (keep the CString alive!).
pub fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

/// Reads a borrowed C string (NULL → None).
pub fn read(p: *const c_char) -> Option<String> {
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned())
}

/// Takes an owned C string from the library and frees it.
pub fn take_string(p: *mut c_char) -> String {
    assert!(!p.is_null(), "expected a string");
    let s = read(p).unwrap();
    unsafe { gotrue::ffi::gotrue_string_free(p) };
    s
}

/// An error returned through the C ABI, copied out and freed.
#[derive(Debug, Clone)]
pub struct CError {
    pub code: gotrue::ffi::GoTrueErrorCode,
    pub message: String,
    pub http_status: u16,
    pub server_code: Option<String>,
    pub weak_password_reasons: Option<String>,
    pub retry_after: i64,
}

/// Converts a returned `GoTrueError*` into `Ok(())` (NULL) or a copied `CError`.
pub fn check(err: *mut GoTrueError) -> Result<(), CError> {
    use gotrue::ffi::*;
    if err.is_null() {
        return Ok(());
    }
    unsafe {
        let e = CError {
            code: gotrue_error_code(err),
            message: read(gotrue_error_message(err)).unwrap(),
            http_status: gotrue_error_http_status(err),
            server_code: read(gotrue_error_server_code(err)),
            weak_password_reasons: read(gotrue_error_weak_password_reasons(err)),
            retry_after: gotrue_error_retry_after(err),
        };
        gotrue_error_free(err);
        Err(e)
    }
}

/// An owned client handle, freed on drop.
pub struct Client(pub *mut GoTrueClient);
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

impl Client {
    pub fn new(url: &str, key: &str, options_json: Option<&str>) -> Result<Client, CError> {
        let (url, key, opts) = (cs(url), cs(key), options_json.map(cs));
        let mut out = ptr::null_mut();
        check(unsafe { gotrue::ffi::gotrue_client_new(url.as_ptr(), key.as_ptr(), opt_ptr(&opts), &mut out) })?;
        assert!(!out.is_null());
        Ok(Client(out))
    }
    pub fn ptr(&self) -> *const GoTrueClient {
        self.0
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        unsafe { gotrue::ffi::gotrue_client_free(self.0) }
    }
}

/// An owned session handle, freed on drop.
pub struct Session(pub *mut GoTrueSession);
unsafe impl Send for Session {}

impl Session {
    pub fn access_token(&self) -> String {
        read(unsafe { gotrue::ffi::gotrue_session_access_token(self.0) }).unwrap()
    }
    pub fn refresh_token(&self) -> String {
        read(unsafe { gotrue::ffi::gotrue_session_refresh_token(self.0) }).unwrap()
    }
    pub fn user_id(&self) -> String {
        read(unsafe { gotrue::ffi::gotrue_session_user_id(self.0) }).unwrap()
    }
    pub fn email(&self) -> Option<String> {
        read(unsafe { gotrue::ffi::gotrue_session_user_email(self.0) })
    }
    pub fn phone(&self) -> Option<String> {
        read(unsafe { gotrue::ffi::gotrue_session_user_phone(self.0) })
    }
    pub fn expires_at(&self) -> i64 {
        unsafe { gotrue::ffi::gotrue_session_expires_at(self.0) }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        unsafe { gotrue::ffi::gotrue_session_free(self.0) }
    }
}

/// Wraps a possibly-NULL session out-parameter.
pub fn session(p: *mut GoTrueSession) -> Option<Session> {
    (!p.is_null()).then_some(Session(p))
}

/// A syntactically valid unsigned JWT with the given claims (for fixtures and offline tests).
pub fn fake_jwt(claims: &serde_json::Value) -> String {
    use base64::Engine;
    let b = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!("{}.{}.c2ln", b.encode(br#"{"alg":"HS256","typ":"JWT"}"#), b.encode(claims.to_string()))
}

/// A session JSON as the server would send it, for fixtures.
pub fn session_json(access_exp_in: i64, refresh_token: &str) -> serde_json::Value {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let user = serde_json::json!({"id":"11111111-2222-3333-4444-555555555555","aud":"authenticated","role":"authenticated",
        "email":"fixture@example.com","app_metadata":{"provider":"email"},"user_metadata":{}});
    serde_json::json!({
        "access_token": fake_jwt(&serde_json::json!({"sub": user["id"], "exp": now + access_exp_in, "aal":"aal1", "role":"authenticated"})),
        "refresh_token": refresh_token, "expires_in": access_exp_in, "expires_at": now + access_exp_in,
        "token_type":"bearer", "user": user
    })
}

// --- ABI misuse helpers -------------------------------------------------------------------

const BAD_UTF8: &[u8] = b"\xff\xfe\0";

/// A NUL-terminated string that is not UTF-8.
pub fn bad() -> *const c_char {
    BAD_UTF8.as_ptr().cast()
}

/// The code of an error the call must have returned.
pub fn code(err: *mut GoTrueError) -> gotrue::ffi::GoTrueErrorCode {
    check(err).expect_err("expected an error").code
}

/// A client whose server refuses connections: misuse must fail before any request.
pub fn client() -> Client {
    Client::new(&fixture::Fixture::refused_url(), "anon", None).unwrap()
}

/// With GOTRUE_TEST_LOG_FILE set (by tests/server_log_scan.rs, which runs the other
/// real-server test binaries), every library log line of this process is appended to that
/// file, so the scan can check a whole run for secrets.
fn log_to_file_when_asked() {
    use gotrue::ffi::log::{GoTrueLogLevel, gotrue_set_log_callback};
    use std::io::Write;
    static ONCE: std::sync::Once = std::sync::Once::new();
    let Ok(path) = std::env::var("GOTRUE_TEST_LOG_FILE") else { return };
    unsafe extern "C" fn append(_level: GoTrueLogLevel, line: *const c_char, user_data: *mut std::ffi::c_void) {
        let file = unsafe { &*(user_data as *const std::sync::Mutex<std::fs::File>) };
        let line = unsafe { CStr::from_ptr(line) }.to_string_lossy();
        let _ = writeln!(file.lock().unwrap(), "{line}");
    }
    ONCE.call_once(|| {
        let file = std::fs::OpenOptions::new().create(true).append(true).open(&path).expect("GOTRUE_TEST_LOG_FILE");
        // Lives for the rest of the process: the hook is never removed.
        let file = Box::into_raw(Box::new(std::sync::Mutex::new(file)));
        let err = unsafe { gotrue_set_log_callback(Some(append), GoTrueLogLevel::GOTRUE_LOG_LEVEL_DEBUG as i32, file.cast(), None) };
        assert!(err.is_null(), "gotrue_set_log_callback failed");
    });
}
