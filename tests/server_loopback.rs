//! Desktop loopback sign-in (issue 18) against the real server: a PKCE magic link (and an
//! implicit one) whose redirect_to is the loopback URL, opened the way a browser would, ends
//! in a session; bad input at the listener (wrong state, missing code, garbage, a slow
//! client, a second request, open-redirect attempts) changes nothing. Ignored by default.

mod common;
#[path = "common/mail.rs"]
mod mail;

use common::*;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::events::gotrue_client_on_auth_state_change;
use gotrue::ffi::loopback::*;
use gotrue::ffi::{GoTrueAuthEvent, GoTrueSession};
use mail::*;
use std::ffi::c_void;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Handle(*mut GoTrueLoopback);
unsafe impl Send for Handle {}
unsafe impl Sync for Handle {}
impl Drop for Handle {
    fn drop(&mut self) {
        unsafe { gotrue_loopback_free(self.0) };
    }
}
impl Handle {
    fn url(&self) -> String {
        read(unsafe { gotrue_loopback_url(self.0) }).unwrap()
    }
    fn redirect_to(&self) -> String {
        read(unsafe { gotrue_loopback_redirect_to(self.0) }).unwrap()
    }
    fn port(&self) -> u16 {
        reqwest::Url::parse(&self.redirect_to()).unwrap().port().unwrap()
    }
    fn wait(&self, ms: u64) -> Result<Session, CError> {
        let mut s = null_mut();
        check(unsafe { gotrue_loopback_wait(self.0, ms, &mut s) })?;
        Ok(session(s).unwrap())
    }
}

fn start(c: &Client, provider: &str, options: Option<&str>) -> Result<Handle, CError> {
    let (p, o) = (cs(provider), options.map(cs));
    let mut h = null_mut();
    check(unsafe { gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), opt_ptr(&o), &mut h) })?;
    Ok(Handle(h))
}

fn confirm_client(options: Option<&str>) -> Client {
    let env = server();
    Client::new(&env.confirm_url, &env.anon_key, options).unwrap()
}

/// A browser: follows redirects, keeps no cookies.
fn browser() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(30)).build().unwrap()
}

/// Sends raw bytes to the listener; returns (status, whole answer). Status 0: no answer.
fn raw(port: u16, bytes: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let _ = s.write_all(bytes);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    (text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0), text)
}

fn get(port: u16, target: &str) -> (u16, String) {
    raw(port, format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
}

fn target_of(url: &str) -> String {
    let u = reqwest::Url::parse(url).unwrap();
    format!("{}?{}", u.path(), u.query().unwrap_or(""))
}

static EVENTS: Mutex<Vec<(usize, GoTrueAuthEvent)>> = Mutex::new(Vec::new());

unsafe extern "C" fn on_event(event: GoTrueAuthEvent, _s: *const GoTrueSession, user_data: *mut c_void) {
    EVENTS.lock().unwrap().push((user_data as usize, event));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_a_pkce_magic_link_to_the_loopback_url_signs_in() {
    let c = confirm_client(None);
    let tag = 0x1001usize;
    let mut sub = 0u64;
    check(unsafe { gotrue_client_on_auth_state_change(c.ptr(), Some(on_event), tag as *mut c_void, None, &mut sub) }).unwrap();
    let h = start(&c, "redirect", None).unwrap();
    let redirect = h.redirect_to();
    assert!(redirect.starts_with(&format!("http://127.0.0.1:{}/callback?state=", h.port())), "{redirect}");
    assert_eq!(h.url(), redirect);
    assert_eq!(h.wait(0).err().unwrap().code, GoTrueErrorCode::Timeout);
    let (email, link) = magic_link(&c, &redirect);
    // A browser opens the link: the server sends it on to the listener (with the code), which
    // exchanges the code and answers with a page.
    let hops = std::sync::Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = hops.clone();
    let browser = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            seen.lock().unwrap().push(attempt.url().to_string());
            attempt.follow()
        }))
        .build()
        .unwrap();
    let answer = browser.get(&link).send().unwrap();
    let location = hops.lock().unwrap().last().cloned().expect("the link redirects");
    let state = redirect.split_once("state=").unwrap().1;
    assert!(
        location.starts_with(&format!("http://127.0.0.1:{}/callback?", h.port())) && location.contains(state) && location.contains("code="),
        "the server kept the loopback redirect: {location}"
    );
    assert_eq!(answer.status(), 200);
    let page = answer.text().unwrap();
    assert!(page.contains("You are signed in"), "{page}");
    let s = h.wait(10_000).unwrap();
    assert_eq!(s.email().as_deref(), Some(email.as_str()));
    assert!(EVENTS.lock().unwrap().contains(&(tag, GoTrueAuthEvent::GOTRUE_AUTH_EVENT_SIGNED_IN)));
    // The result stays; the listener is gone (single use).
    assert_eq!(h.wait(0).unwrap().access_token(), s.access_token());
    std::thread::sleep(Duration::from_millis(100));
    assert!(TcpStream::connect(("127.0.0.1", h.port())).is_err(), "the listener closed after its one sign-in");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_an_implicit_magic_link_is_posted_back_by_the_page() {
    let c = confirm_client(Some(r#"{"flow_type":"implicit"}"#));
    let h = start(&c, "redirect", Some(r#"{"path":"/auth/done"}"#)).unwrap();
    let (email, link) = magic_link(&c, &h.redirect_to());
    let location = follow_once(&link);
    let (before, fragment) = location.split_once('#').expect("tokens in the fragment");
    let state = h.redirect_to().split_once("state=").unwrap().1.to_owned();
    assert!(before.starts_with(&format!("http://127.0.0.1:{}/auth/done?", h.port())) && before.contains(&state), "{location}");
    assert!(fragment.contains("access_token="), "{location}");
    // The browser loads the page (it never sends the fragment), which posts it back.
    let page = browser().get(before).send().unwrap().text().unwrap();
    assert!(page.contains("location.hash") && page.contains("method:'POST'"), "{page}");
    let answer = browser().post(before).header("content-type", "text/plain").body(fragment.to_owned()).send().unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.text().unwrap().contains("You are signed in"));
    assert_eq!(h.wait(10_000).unwrap().email().as_deref(), Some(email.as_str()));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_bad_input_at_the_listener_changes_nothing() {
    let c = confirm_client(None);
    let h = start(&c, "redirect", None).unwrap();
    let port = h.port();
    let (email, link) = magic_link(&c, &h.redirect_to());
    let good = target_of(&follow_once(&link));
    assert!(good.contains("code="));

    // A wrong state with the real code, and no state at all: refused, the code not used.
    let wrong = good.replacen("state=", "state=x", 1);
    assert_eq!(get(port, &wrong).0, 403);
    let stateless: String = good.split('&').filter(|kv| !kv.contains("state=")).collect::<Vec<_>>().join("&");
    assert_eq!(get(port, &stateless).0, 403, "{stateless}");
    // The right state but no code: the fragment page, then a post without a session.
    let bare = target_of(&h.redirect_to());
    let (status, page) = get(port, &bare);
    assert_eq!(status, 200);
    assert!(page.contains("location.hash"));
    let post = format!("POST {bare} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 9\r\n\r\nfoo=bar&x");
    assert_eq!(raw(port, post.as_bytes()).0, 400);
    // Other paths, methods, hosts and garbage bytes.
    assert_eq!(get(port, &good.replacen("/callback", "/other", 1)).0, 404);
    assert_eq!(raw(port, format!("DELETE {good} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).0, 405);
    assert_eq!(raw(port, format!("GET {good} HTTP/1.1\r\nHost: attacker.example\r\n\r\n").as_bytes()).0, 404);
    assert_eq!(raw(port, b"\xff\xfe\x00garbage\x80\r\n\r\n").0, 400);
    let huge = format!("GET /callback?{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
    assert_eq!(raw(port, huge.as_bytes()).0, 400);
    // Open-redirect attempts: no Location, no echo.
    let evil = format!("{bare}&redirect_to=http%3A%2F%2Fevil.example%2F&next=%2F%2Fevil.example");
    let (_, answer) = get(port, &evil);
    assert!(!answer.to_ascii_lowercase().contains("location:") && !answer.contains("evil"), "{answer}");
    assert_eq!(h.wait(0).err().unwrap().code, GoTrueErrorCode::Timeout, "nothing above completed the sign-in");

    // A slow client holds a connection open mid-request; the browser still gets through.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(b"GET /callback?sta").unwrap();
    let started = Instant::now();
    let (status, page) = get(port, &good);
    assert_eq!(status, 200, "{page}");
    assert!(started.elapsed() < Duration::from_secs(5), "the slow client delayed the browser: {:?}", started.elapsed());
    assert_eq!(h.wait(10_000).unwrap().email().as_deref(), Some(email.as_str()));
    // The slow client is answered (or dropped) too, never with a session.
    slow.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let mut rest = String::new();
    let _ = slow.read_to_string(&mut rest);
    assert!(!rest.contains("You are signed in"), "{rest}");

    // A second request with the same code: the listener is gone.
    std::thread::sleep(Duration::from_millis(100));
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "single use");
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_two_racing_requests_complete_once() {
    let c = confirm_client(None);
    let h = start(&c, "redirect", None).unwrap();
    let port = h.port();
    let (_, link) = magic_link(&c, &h.redirect_to());
    let good = target_of(&follow_once(&link));
    let answers: Vec<u16> = std::thread::scope(|s| {
        let a = s.spawn(|| get(port, &good).0);
        // Racing connections may be refused once the first one closed the listener.
        let b = s.spawn(|| get_or_refused(port, &good));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    assert_eq!(answers.iter().filter(|s| **s == 200).count(), 1, "{answers:?}");
    assert!(h.wait(10_000).is_ok());
}

fn get_or_refused(port: u16, target: &str) -> u16 {
    match TcpStream::connect(("127.0.0.1", port)) {
        Ok(_) => get(port, target).0,
        Err(_) => 0,
    }
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_a_redirect_error_ends_the_flow_without_echo() {
    let c = confirm_client(None);
    let h = start(&c, "redirect", None).unwrap();
    let target = format!(
        "{}&error=access_denied&error_code=otp_expired&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&redirect_to=http%3A%2F%2Fevil.example",
        target_of(&h.redirect_to())
    );
    let (status, answer) = get(h.port(), &target);
    assert_eq!(status, 400);
    assert!(
        !answer.contains("<script>alert") && !answer.contains("evil") && !answer.to_ascii_lowercase().contains("location:"),
        "{answer}"
    );
    let e = h.wait(5_000).err().unwrap();
    assert_eq!(e.code, GoTrueErrorCode::AuthRedirect);
    assert_eq!(e.server_code.as_deref(), Some("otp_expired"));
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_an_oauth_provider_url_is_accepted_and_cancel_closes_the_listener() {
    let env = server();
    let c = Client::new(&env.url, &env.anon_key, None).unwrap();
    let h = start(&c, "github", Some(r#"{"scopes":"read:user","query_params":{"prompt":"consent"}}"#)).unwrap();
    let url = h.url();
    assert!(url.starts_with(&format!("{}/authorize?", env.url)), "{url}");
    // The real server takes the loopback redirect and sends the browser on to GitHub.
    let r = http().get(&url).send().unwrap();
    assert_eq!(r.status().as_u16(), 302);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("https://github.com/login/oauth/authorize"));
    // Cancel from another thread while one waits.
    let waiter = std::thread::scope(|s| {
        let w = s.spawn(|| h.wait(30_000).err().unwrap().code);
        std::thread::sleep(Duration::from_millis(200));
        unsafe { gotrue_loopback_cancel(h.0) };
        w.join().unwrap()
    });
    assert_eq!(waiter, GoTrueErrorCode::Cancelled);
    assert!(TcpStream::connect(("127.0.0.1", h.port())).is_err());
}

#[test]
#[ignore = "needs the real Supabase Auth server: ./x test runs it when the harness is up"]
fn server_freeing_the_client_cancels_its_listener() {
    let c = confirm_client(None);
    let h = start(&c, "redirect", None).unwrap();
    let (_, link) = magic_link(&c, &h.redirect_to());
    let good = target_of(&follow_once(&link));
    drop(c);
    assert_eq!(h.wait(1_000).err().unwrap().code, GoTrueErrorCode::Cancelled);
    // The listener is closed: the browser's request goes nowhere.
    assert!(TcpStream::connect(("127.0.0.1", h.port())).is_err(), "{good}");
}

#[test]
fn misuse_of_every_loopback_entry_point_is_an_error_not_a_crash() {
    let c = Client::new("http://127.0.0.1:1", "anon", None).unwrap();
    let p = cs("redirect");
    let mut h = null_mut();
    unsafe {
        assert_eq!(code(gotrue_client_start_loopback_sign_in(null(), p.as_ptr(), null(), &mut h)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_start_loopback_sign_in(c.ptr(), null(), null(), &mut h)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_start_loopback_sign_in(c.ptr(), bad(), null(), &mut h)), GoTrueErrorCode::InvalidUtf8);
        assert_eq!(code(gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), bad(), &mut h)), GoTrueErrorCode::InvalidUtf8);
        for opts in ["{", "[]", r#"{"port":"x"}"#, r#"{"port":70000}"#, r#"{"nope":1}"#] {
            let o = cs(opts);
            assert_eq!(
                code(gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), o.as_ptr(), &mut h)),
                GoTrueErrorCode::InvalidJson,
                "{opts}"
            );
        }
        for (provider, opts) in [("", "{}"), (" ", "{}"), ("redirect", r#"{"path":"x"}"#), ("redirect", r#"{"scopes":"a"}"#)] {
            let (pr, o) = (cs(provider), cs(opts));
            assert_eq!(
                code(gotrue_client_start_loopback_sign_in(c.ptr(), pr.as_ptr(), o.as_ptr(), &mut h)),
                GoTrueErrorCode::InvalidArgument,
                "{provider} {opts}"
            );
        }
        assert!(h.is_null(), "out-parameters are written only on success");
        // A port in use.
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let o = cs(&format!(r#"{{"port":{}}}"#, taken.local_addr().unwrap().port()));
        assert_eq!(code(gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), o.as_ptr(), &mut h)), GoTrueErrorCode::Network);
        // NULL handles.
        assert!(gotrue_loopback_url(null()).is_null());
        assert!(gotrue_loopback_redirect_to(null()).is_null());
        assert_eq!(code(gotrue_loopback_wait(null(), 0, null_mut())), GoTrueErrorCode::NullArgument);
        gotrue_loopback_cancel(null());
        gotrue_loopback_free(null_mut());
        // A live handle: wait without an out-parameter, cancel twice, free after the client.
        check(gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), null(), &mut h)).unwrap();
        assert_eq!(code(gotrue_loopback_wait(h, 0, null_mut())), GoTrueErrorCode::Timeout);
        gotrue_loopback_cancel(h);
        gotrue_loopback_cancel(h);
        assert_eq!(code(gotrue_loopback_wait(h, 1000, null_mut())), GoTrueErrorCode::Cancelled);
        let mut h2 = null_mut();
        check(gotrue_client_start_loopback_sign_in(c.ptr(), p.as_ptr(), null(), &mut h2)).unwrap();
        drop(c);
        assert_eq!(code(gotrue_loopback_wait(h2, 1000, null_mut())), GoTrueErrorCode::Cancelled);
        gotrue_loopback_free(h2);
        gotrue_loopback_free(h);
    }
}
