//! Desktop sign-in without a custom URL scheme (as supabase-kt's `HttpCallbackServer`): a
//! one-shot HTTP listener on `127.0.0.1:<free port>` that takes the browser's redirect,
//! completes the sign-in through the client, and answers the browser with a short page.
//!
//! - The redirect URL carries a random `state`; only requests on the listener's path whose
//!   `state` matches are acted on (compared in constant time). Anything else is answered
//!   with a fixed error page and changes nothing.
//! - A PKCE `code` in the query is exchanged; an implicit-flow fragment (which browsers do
//!   not send) is posted back by a small same-origin page; a redirect error ends the flow
//!   with that error.
//! - Single use: the first request that carries a result claims the listener; it stops
//!   accepting once that exchange is done, and any request racing it is refused.
//! - Never an open redirect: the listener sends no `Location` header and never echoes
//!   request text into a page (pages are fixed strings).
//! - Each connection is served on its own short-lived thread with read deadlines and size
//!   limits, so a slow or idle client (browsers pre-open sockets) delays nobody.
//! - The listener holds only a weak reference to its client; freeing the client cancels
//!   its listeners and waits for an exchange in flight, so no callback runs afterwards.

use super::client::Client;
use super::error::{Error, ErrorCode, Result};
use super::oauth::OAuthOptions;
use super::secret::Secret;
use super::types::Session;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

/// `provider_or_flow` value for a listener only: the app starts the flow itself (magic
/// link, sign-up confirmation, SSO, ...) with `redirect_to()` as its redirect URL.
pub const REDIRECT_ONLY: &str = "redirect";

/// Options for `Client::start_loopback_sign_in`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoopbackOptions {
    /// Port to listen on; 0 or absent: a free port chosen by the OS.
    pub port: u16,
    /// The callback path (default "/callback"): letters, digits, '/', '-', '_', '.'.
    pub path: Option<String>,
    /// Space-separated provider scopes (OAuth providers only).
    pub scopes: Option<String>,
    /// Extra query parameters for the provider (OAuth providers only).
    pub query_params: BTreeMap<String, String>,
}

/// Longest request head (request line and headers) the listener reads.
const MAX_HEAD: usize = 8 * 1024;
/// Longest body (the posted fragment) the listener reads.
const MAX_BODY: usize = 16 * 1024;
/// How long one connection may take to deliver its request.
const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// Connections served at once; more are closed unanswered.
const MAX_CONNECTIONS: usize = 16;

enum Outcome {
    Pending,
    /// A request carrying a result is being completed.
    Claimed,
    Done(std::result::Result<Arc<Session>, Error>),
    Cancelled,
}

struct Shared {
    client: Weak<Client>,
    addr: SocketAddr,
    path: String,
    state: Secret,
    outcome: Mutex<Outcome>,
    changed: Condvar,
    stop: AtomicBool,
    /// Held while an exchange runs; cancel takes it to wait for one in flight.
    exchange: Mutex<()>,
    /// The thread running the exchange, if any (cancel from that thread must not wait).
    exchanger: Mutex<Option<ThreadId>>,
    connections: AtomicUsize,
    acceptor: Mutex<Option<JoinHandle<()>>>,
}

/// A started loopback sign-in (see the module doc).
pub struct Loopback {
    shared: Arc<Shared>,
    url: String,
    redirect_to: String,
}

impl super::loopback_registry::Cancel for Shared {
    fn cancel(&self) {
        Shared::cancel(self);
    }
}

fn random_state() -> Result<Secret> {
    let mut bytes = [0u8; 24];
    getrandom::getrandom(&mut bytes).map_err(|e| Error::new(ErrorCode::Unknown, format!("no OS randomness: {e}")))?;
    use base64::Engine;
    let state = Secret::new(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
    super::secret::wipe_bytes(&mut bytes);
    Ok(state)
}

fn valid_path(path: &str) -> bool {
    path.starts_with('/')
        && path.len() <= 128
        && !path.contains("//")
        && path.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Client {
    /// Opens a loopback listener and returns the handle with the URL to open in a browser.
    /// `provider_or_flow` is an OAuth provider name ("github", "google", ...): the URL is
    /// the authorize URL redirecting to the listener; or `"redirect"`: the listener only,
    /// for a flow the app starts itself with `Loopback::redirect_to()` as redirect URL.
    pub fn start_loopback_sign_in(&self, provider_or_flow: &str, options: &LoopbackOptions) -> Result<Loopback> {
        let provider = provider_or_flow.trim();
        if provider.is_empty() {
            return Err(Error::invalid_argument("provider_or_flow must name an OAuth provider or be \"redirect\""));
        }
        if provider == REDIRECT_ONLY && (options.scopes.is_some() || !options.query_params.is_empty()) {
            return Err(Error::invalid_argument("scopes and query_params apply to OAuth providers, not to \"redirect\""));
        }
        let path = options.path.clone().unwrap_or_else(|| "/callback".to_owned());
        if !valid_path(&path) {
            return Err(Error::invalid_argument("loopback path must start with '/' and use only letters, digits, '/', '-', '_', '.'"));
        }
        let me = self.me().ok_or_else(|| Error::invalid_argument("a loopback sign-in needs a shared client (Client::shared)"))?;
        let listener = TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, options.port))
            .map_err(|e| Error::new(ErrorCode::Network, format!("cannot listen on 127.0.0.1:{}: {e}", options.port)))?;
        let addr = listener.local_addr().map_err(|e| Error::new(ErrorCode::Network, format!("listener address: {e}")))?;
        listener.set_nonblocking(true).map_err(|e| Error::new(ErrorCode::Network, format!("listener: {e}")))?;
        let state = random_state()?;
        let redirect_to = format!("http://{addr}{path}?state={}", state.expose());
        let url = if provider == REDIRECT_ONLY {
            redirect_to.clone()
        } else {
            let oauth = OAuthOptions {
                redirect_to: Some(redirect_to.clone()),
                scopes: options.scopes.clone(),
                query_params: options.query_params.clone(),
                flow_id_in_redirect_to: Some(true),
            };
            self.get_oauth_url(provider, &oauth)?
        };
        let shared = Arc::new(Shared {
            client: me,
            addr,
            path,
            state,
            outcome: Mutex::new(Outcome::Pending),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
            exchange: Mutex::new(()),
            exchanger: Mutex::new(None),
            connections: AtomicUsize::new(0),
            acceptor: Mutex::new(None),
        });
        let for_thread = shared.clone();
        let acceptor = std::thread::Builder::new()
            .name("gotrue-loopback".into())
            .spawn(move || accept_loop(listener, for_thread))
            .map_err(|e| Error::new(ErrorCode::Unknown, format!("cannot start the loopback thread: {e}")))?;
        *shared.acceptor.lock().unwrap_or_else(|p| p.into_inner()) = Some(acceptor);
        self.loopbacks.add(shared.clone());
        log_request("listening");
        Ok(Loopback { shared, url, redirect_to })
    }
}

impl Loopback {
    /// The URL to open in the browser (the authorize URL, or `redirect_to` for "redirect").
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The listener's own URL (with its `state`): the redirect URL for the flow.
    pub fn redirect_to(&self) -> &str {
        &self.redirect_to
    }

    /// The port the listener is bound to.
    pub fn port(&self) -> u16 {
        self.shared.addr.port()
    }

    /// Waits up to `timeout` for the sign-in to complete. Returns the session (also saved
    /// in the client, which emitted SIGNED_IN), the flow's error, `Cancelled`, or `Timeout`
    /// when the time ran out first (the listener keeps running: wait again or cancel).
    /// Once complete, every later wait returns the same result at once.
    pub fn wait(&self, timeout: Duration) -> Result<Arc<Session>> {
        let deadline = Instant::now().checked_add(timeout);
        let mut outcome = self.shared.outcome.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            match &*outcome {
                Outcome::Done(result) => return result.clone(),
                Outcome::Cancelled => return Err(Error::new(ErrorCode::Cancelled, "the loopback sign-in was cancelled")),
                Outcome::Pending | Outcome::Claimed => {}
            }
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(3600),
            };
            if left.is_zero() {
                return Err(Error::new(ErrorCode::Timeout, "the loopback sign-in did not complete in time (the listener is still open)"));
            }
            outcome = self.shared.changed.wait_timeout(outcome, left).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// True once the sign-in completed, failed or was cancelled.
    pub fn is_finished(&self) -> bool {
        matches!(&*self.shared.outcome.lock().unwrap_or_else(|p| p.into_inner()), Outcome::Done(_) | Outcome::Cancelled)
    }

    /// Stops the listener (idempotent). A pending wait returns `Cancelled`; an exchange
    /// already in flight is waited for and its result kept.
    pub fn cancel(&self) {
        self.shared.cancel();
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl Shared {
    fn cancel(&self) {
        self.stop_accepting();
        {
            let mut outcome = self.outcome.lock().unwrap_or_else(|p| p.into_inner());
            if matches!(*outcome, Outcome::Pending) {
                *outcome = Outcome::Cancelled;
            }
        }
        self.changed.notify_all();
        // Wait for an exchange in flight, unless this thread is running it (an auth event
        // callback that frees the client).
        let mine = self.exchanger.lock().unwrap_or_else(|p| p.into_inner()).is_some_and(|id| id == std::thread::current().id());
        if !mine {
            drop(self.exchange.lock().unwrap_or_else(|p| p.into_inner()));
        }
        // The port is closed once the accept thread has ended (within one poll).
        if let Some(handle) = self.acceptor.lock().unwrap_or_else(|p| p.into_inner()).take() {
            if handle.thread().id() != std::thread::current().id() {
                let _ = handle.join();
            }
        }
    }

    fn stop_accepting(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    fn finish(&self, result: std::result::Result<Arc<Session>, Error>) {
        *self.outcome.lock().unwrap_or_else(|p| p.into_inner()) = Outcome::Done(result);
        self.changed.notify_all();
        self.stop_accepting();
    }
}

/// How often the accept loop looks at the stop flag (the listener is non-blocking, so a
/// stop never depends on one more connection arriving).
const ACCEPT_POLL: Duration = Duration::from_millis(25);

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    super::sigpipe::block_on_this_thread();
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(ACCEPT_POLL);
                continue;
            }
            Err(_) => {
                std::thread::sleep(ACCEPT_POLL);
                continue;
            }
        };
        if stream.set_nonblocking(false).is_err() {
            continue;
        }
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            continue; // dropped unanswered
        }
        let s = shared.clone();
        let spawned = std::thread::Builder::new().name("gotrue-loopback-conn".into()).spawn(move || {
            super::sigpipe::block_on_this_thread();
            serve(stream, &s);
            s.connections.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

struct Request {
    method: String,
    target: String,
    host: Option<String>,
    body: Vec<u8>,
}

enum Unreadable {
    Malformed,
    Incomplete,
}

/// Reads one HTTP/1.x request within the deadline and size limits.
fn read_request(stream: &mut TcpStream) -> std::result::Result<Request, Unreadable> {
    let head = read_head(stream)?;
    parse_request(stream, head).ok_or(Unreadable::Malformed)
}

/// The bytes up to the end of the head (and whatever followed in the same reads), and when
/// reading started.
fn read_head(stream: &mut TcpStream) -> std::result::Result<(Vec<u8>, usize, Instant), Unreadable> {
    let started = Instant::now();
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok((buf, i, started));
        }
        if buf.len() > MAX_HEAD {
            return Err(Unreadable::Malformed);
        }
        let left = REQUEST_DEADLINE.checked_sub(started.elapsed()).ok_or(Unreadable::Incomplete)?;
        stream.set_read_timeout(Some(left.max(Duration::from_millis(1)))).map_err(|_| Unreadable::Incomplete)?;
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(Unreadable::Incomplete),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn parse_request(stream: &mut TcpStream, (buf, head_end, started): (Vec<u8>, usize, Instant)) -> Option<Request> {
    let mut chunk = [0u8; 2048];
    let head = std::str::from_utf8(&buf[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return None;
    }
    let mut host = None;
    let mut length = 0usize;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            host = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().ok()?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return None; // only plain bodies
        }
    }
    if length > MAX_BODY {
        return None;
    }
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let left = REQUEST_DEADLINE.checked_sub(started.elapsed())?;
        stream.set_read_timeout(Some(left.max(Duration::from_millis(1)))).ok()?;
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(length);
    Some(Request { method: method.to_owned(), target: target.to_owned(), host, body })
}

const PAGE_STYLE: &str = "body{font-family:system-ui,sans-serif;margin:3em;text-align:center}";

fn page(title: &str, message: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title><style>{PAGE_STYLE}</style></head>\
         <body><h1>{title}</h1><p>{message}</p></body></html>"
    )
}

/// Posts the fragment (which the browser never sends) back to the same URL, then shows the
/// answer. The fragment is removed from the address bar and history first.
const FRAGMENT_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Signing in</title>\
<style>body{font-family:system-ui,sans-serif;margin:3em;text-align:center}</style></head>\
<body><h1 id=\"t\">Signing in</h1><p id=\"m\">Completing the sign-in...</p><script>\
(function(){var h=location.hash.slice(1),u=location.pathname+location.search;\
history.replaceState(null,'',u);\
function show(t){document.getElementById('m').textContent=t;}\
fetch(u,{method:'POST',headers:{'Content-Type':'text/plain'},body:h})\
.then(function(r){return r.text();}).then(show)\
.catch(function(){show('The sign-in could not be completed. You may close this window.');});})();\
</script></body></html>";

fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n\
         Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

fn serve(mut stream: TcpStream, shared: &Shared) {
    let html =
        |stream: &mut TcpStream, status: u16, title: &str, message: &str| respond(stream, status, "text/html", &page(title, message));
    if shared.stop.load(Ordering::SeqCst) {
        return html(&mut stream, 410, "Sign-in finished", "This sign-in is no longer open. You may close this window.");
    }
    let request = match read_request(&mut stream) {
        Ok(r) => r,
        Err(Unreadable::Malformed) => return html(&mut stream, 400, "Bad request", "The request could not be read."),
        // Too slow, or closed before a whole head: nobody is waiting for an answer.
        Err(Unreadable::Incomplete) => return,
    };
    let port = shared.addr.port();
    let host_ok = request.host.as_deref().is_some_and(|h| h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"));
    let (path, query) = request.target.split_once('?').unwrap_or((&request.target, ""));
    if !host_ok || path != shared.path {
        return html(&mut stream, 404, "Not found", "There is nothing here.");
    }
    let params = form_pairs(query);
    let state_ok = params.iter().any(|(k, v)| k == "state" && constant_time_eq(v.as_bytes(), shared.state.expose().as_bytes()));
    if !state_ok {
        log_request("wrong_state");
        return html(&mut stream, 403, "Sign-in refused", "This sign-in link does not belong to this application.");
    }
    let has = |key: &str| params.iter().any(|(k, v)| k == key && !v.is_empty());
    let callback = match request.method.as_str() {
        "GET" if has("code") || has("error") || has("error_code") => format!("http://{}{}", shared.addr, request.target),
        // No result in the query: the fragment may hold it (implicit flow, or an error).
        "GET" => return respond(&mut stream, 200, "text/html", FRAGMENT_PAGE),
        "POST" => {
            let Ok(fragment) = std::str::from_utf8(&request.body) else {
                return respond(&mut stream, 400, "text/plain", "The sign-in answer could not be read.");
            };
            let fragment = Secret::new(fragment.trim());
            let pairs = form_pairs(fragment.expose());
            let carries = |key: &str| pairs.iter().any(|(k, v)| k == key && !v.is_empty());
            if !(carries("access_token") || carries("error") || carries("error_code")) {
                log_request("missing_code");
                return respond(&mut stream, 400, "text/plain", "The sign-in answer carries no session. You may close this window.");
            }
            format!("http://{}{}#{}", shared.addr, request.target, fragment.expose())
        }
        _ => return html(&mut stream, 405, "Not allowed", "This method is not allowed here."),
    };
    let callback = Secret::new(callback);
    let is_post = request.method == "POST";
    let result = complete(shared, callback.expose());
    let (status, title, message) = match &result {
        None => (410, "Sign-in finished", "This sign-in was already completed or cancelled. You may close this window."),
        Some(Ok(())) => (200, "Signed in", "You are signed in. You may close this window and return to the application."),
        Some(Err(())) => (400, "Sign-in failed", "The sign-in did not succeed. Return to the application for details."),
    };
    if is_post {
        respond(&mut stream, status, "text/plain", message);
    } else {
        html(&mut stream, status, title, message);
    }
}

/// Claims the listener and completes the sign-in; None when another request (or cancel)
/// came first.
fn complete(shared: &Shared, callback: &str) -> Option<std::result::Result<(), ()>> {
    let _exchange = shared.exchange.lock().unwrap_or_else(|p| p.into_inner());
    {
        let mut outcome = shared.outcome.lock().unwrap_or_else(|p| p.into_inner());
        if !matches!(*outcome, Outcome::Pending) {
            log_request("already_used");
            return None;
        }
        *outcome = Outcome::Claimed;
    }
    *shared.exchanger.lock().unwrap_or_else(|p| p.into_inner()) = Some(std::thread::current().id());
    let result = match shared.client.upgrade() {
        Some(client) => client.get_session_from_url(callback),
        None => Err(Error::new(ErrorCode::Cancelled, "the client was freed before the sign-in completed")),
    };
    let ok = result.is_ok();
    log_request(if ok { "completed" } else { "failed" });
    shared.finish(result);
    *shared.exchanger.lock().unwrap_or_else(|p| p.into_inner()) = None;
    Some(if ok { Ok(()) } else { Err(()) })
}

fn log_request(decision: &'static str) {
    super::log::line(super::log::LogLevel::Info, "loopback", &[("decision", &decision)]);
}

fn form_pairs(s: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("x:?{s}"))
        .map(|u| u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ClientOptions;

    fn client() -> Arc<Client> {
        Client::new("http://127.0.0.1:1", "anon", ClientOptions::default()).unwrap().shared()
    }

    fn get(port: u16, target: &str) -> (u16, String) {
        raw(port, &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"))
    }

    fn raw(port: u16, request: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        let status = out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, out)
    }

    #[test]
    fn options_and_paths_are_checked() {
        let c = client();
        assert_eq!(c.start_loopback_sign_in("", &LoopbackOptions::default()).err().unwrap().code, ErrorCode::InvalidArgument);
        for bad in ["callback", "/a b", "//x", "/x?y", "/x#y"] {
            let o = LoopbackOptions { path: Some(bad.into()), ..Default::default() };
            assert_eq!(c.start_loopback_sign_in("redirect", &o).err().unwrap().code, ErrorCode::InvalidArgument, "{bad}");
        }
        let o = LoopbackOptions { scopes: Some("x".into()), ..Default::default() };
        assert_eq!(c.start_loopback_sign_in("redirect", &o).err().unwrap().code, ErrorCode::InvalidArgument);
        let unshared = Client::new("http://127.0.0.1:1", "anon", ClientOptions::default()).unwrap();
        assert_eq!(
            unshared.start_loopback_sign_in("redirect", &LoopbackOptions::default()).err().unwrap().code,
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn urls_carry_the_state_and_the_provider_url_redirects_to_the_listener() {
        let c = client();
        let l = c.start_loopback_sign_in("github", &LoopbackOptions { path: Some("/auth/cb".into()), ..Default::default() }).unwrap();
        assert!(l.redirect_to().starts_with(&format!("http://127.0.0.1:{}/auth/cb?state=", l.port())), "{}", l.redirect_to());
        let url = reqwest::Url::parse(l.url()).unwrap();
        let q: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(q["provider"], "github");
        assert!(q["redirect_to"].starts_with(l.redirect_to()) && q["redirect_to"].contains("gotrue_flow_id="), "{}", q["redirect_to"]);
        assert!(q.contains_key("code_challenge"));
        let r = c.start_loopback_sign_in("redirect", &LoopbackOptions::default()).unwrap();
        assert_eq!(r.url(), r.redirect_to());
        assert_ne!(r.port(), l.port());
    }

    #[test]
    fn wait_times_out_then_cancel_ends_it_and_closes_the_port() {
        let c = client();
        let l = c.start_loopback_sign_in("redirect", &LoopbackOptions::default()).unwrap();
        let started = Instant::now();
        assert_eq!(l.wait(Duration::from_millis(200)).err().unwrap().code, ErrorCode::Timeout);
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(!l.is_finished());
        l.cancel();
        l.cancel();
        assert!(l.is_finished());
        assert_eq!(l.wait(Duration::from_secs(5)).err().unwrap().code, ErrorCode::Cancelled);
        assert!(TcpStream::connect(("127.0.0.1", l.port())).is_err(), "the listener is closed");
    }

    #[test]
    fn requests_without_the_state_or_off_the_path_change_nothing() {
        let c = client();
        let l = c.start_loopback_sign_in("redirect", &LoopbackOptions::default()).unwrap();
        let p = l.port();
        assert_eq!(get(p, "/callback?state=wrong&code=abc").0, 403);
        assert_eq!(get(p, "/callback?code=abc").0, 403);
        assert_eq!(get(p, "/elsewhere?state=x").0, 404);
        let (status, body) = raw(p, "GET /callback?state=x HTTP/1.1\r\nHost: evil.example:80\r\n\r\n");
        assert_eq!(status, 404, "{body}");
        assert_eq!(raw(p, "\x16\x03\x01garbage\r\n\r\n").0, 400);
        assert!(!l.is_finished());
    }

    #[test]
    fn freeing_the_client_cancels_its_listeners() {
        let c = client();
        let l = c.start_loopback_sign_in("redirect", &LoopbackOptions::default()).unwrap();
        c.loopbacks.cancel_all();
        assert_eq!(l.wait(Duration::from_secs(5)).err().unwrap().code, ErrorCode::Cancelled);
    }
}
