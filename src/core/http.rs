//! HTTP for one GoTrue client: base URL, default headers, timeouts, error decoding and
//! bounded retries for requests that are safe to repeat.
//!
//! Requests run on the calling thread: each thread that calls gets its own single-threaded
//! tokio runtime and its own keep-alive connection pool (reqwest's async client). Measured
//! against `reqwest::blocking`, which hands every request to a runtime thread and back, this
//! removes two cross-thread wake-ups per call (see bench/), and it scales across threads
//! because no runtime or pool is shared. A connection belongs to the runtime that opened it,
//! which is why pools are per thread, not per client.

use super::config::ClientOptions;
use super::error::{Error, ErrorCode, Result};
use super::log::{self, LogLevel};
use super::secret::Secret;
use super::sigpipe::SigpipeGuard;
use reqwest::Client as HttpClient;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

pub const API_VERSION: &str = "2024-01-01";
pub const CLIENT_INFO: &str = concat!("libgotrue/", env!("CARGO_PKG_VERSION"));

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// One API call. Built with the helpers below and passed to `Http::send`.
pub struct Request<'a> {
    method: Method,
    path: &'a str,
    query: Vec<(&'a str, String)>,
    jwt: Option<&'a str>,
    body: Option<Value>,
    retry: bool,
}

impl<'a> Request<'a> {
    pub fn new(method: Method, path: &'a str) -> Request<'a> {
        // GETs are idempotent: retry them after transient failures by default.
        Request { method, path, query: Vec::new(), jwt: None, body: None, retry: method == Method::Get }
    }
    pub fn get(path: &'a str) -> Request<'a> {
        Request::new(Method::Get, path)
    }
    pub fn post(path: &'a str) -> Request<'a> {
        Request::new(Method::Post, path)
    }
    pub fn put(path: &'a str) -> Request<'a> {
        Request::new(Method::Put, path)
    }
    pub fn delete(path: &'a str) -> Request<'a> {
        Request::new(Method::Delete, path)
    }
    pub fn patch(path: &'a str) -> Request<'a> {
        Request::new(Method::Patch, path)
    }
    pub fn query(mut self, key: &'a str, value: impl Into<String>) -> Self {
        self.query.push((key, value.into()));
        self
    }
    pub fn query_opt(self, key: &'a str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }
    /// Sends `Authorization: Bearer <jwt>` instead of the API key.
    pub fn jwt(mut self, jwt: &'a str) -> Self {
        self.jwt = Some(jwt);
        self
    }
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    /// Marks a non-GET request as safe to repeat (e.g. a refresh: the server accepts the
    /// same refresh token again within its reuse interval).
    pub fn retryable(mut self, retry: bool) -> Self {
        self.retry = retry;
        self
    }
}

/// A successful (2xx) answer.
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as JSON; an empty body is `null`.
    pub fn json(&self) -> Result<Value> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body)
            .map_err(|e| Error::invalid_response(format!("server answered HTTP {} with a body that is not JSON: {e}", self.status)))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct Http {
    /// Parsed once; each request copies it and sets path and query (no re-parse).
    base_url: reqwest::Url,
    api_key: Secret,
    /// `Authorization: Bearer <api key>` for requests without a user token, built once.
    api_bearer: Option<HeaderValue>,
    /// The base URL's path without its trailing '/', which every request path extends.
    base_path: String,
    headers: HeaderMap,
    options: ClientOptions,
    /// Identifies this client's per-thread pools; when it is dropped they are pruned.
    alive: Arc<()>,
}

/// What one thread keeps: its runtime and one connection pool per live `Http`.
struct ThreadTransport {
    runtime: Rc<tokio::runtime::Runtime>,
    pools: Vec<(Weak<()>, HttpClient)>,
}

thread_local! {
    static TRANSPORT: RefCell<Option<ThreadTransport>> = const { RefCell::new(None) };
}

impl Http {
    pub fn new(url: &str, api_key: &str, options: &ClientOptions) -> Result<Http> {
        let parsed = reqwest::Url::parse(url.trim().trim_end_matches('/')).map_err(|e| Error::invalid_argument(format!("url: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::invalid_argument("url must start with http:// or https://"));
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-supabase-api-version", HeaderValue::from_static(API_VERSION));
        headers.insert("x-client-info", HeaderValue::from_static(CLIENT_INFO));
        if !api_key.is_empty() {
            let mut key =
                HeaderValue::from_str(api_key).map_err(|_| Error::invalid_argument("api key contains invalid header characters"))?;
            key.set_sensitive(true);
            headers.insert("apikey", key);
        }
        for (name, value) in &options.headers {
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::invalid_argument(format!("invalid header name {name:?}")))?;
            let value = HeaderValue::from_str(value).map_err(|_| Error::invalid_argument(format!("invalid value for header {name}")))?;
            headers.insert(name, value);
        }
        let api_bearer = if api_key.is_empty() { None } else { Some(bearer_header(api_key)?) };
        let base_path = parsed.path().trim_end_matches('/').to_owned();
        let http = Http {
            base_url: parsed,
            api_key: Secret::new(api_key),
            api_bearer,
            base_path,
            headers,
            options: options.clone(),
            alive: Arc::new(()),
        };
        // Fail at construction, not at the first call, if the TLS setup cannot be built; the
        // pool made here serves this thread's calls.
        http.thread_transport()?;
        Ok(http)
    }

    fn build_pool(&self) -> Result<HttpClient> {
        HttpClient::builder()
            // A plain-HTTP server (local development) needs no trust store: skip loading it.
            .tls_built_in_root_certs(self.base_url.scheme() == "https")
            .default_headers(self.headers.clone())
            .timeout(self.options.timeout())
            .connect_timeout(self.options.connect_timeout())
            .tcp_nodelay(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::new(ErrorCode::Network, format!("could not build the HTTP client: {e}")))
    }

    /// This thread's runtime and this client's pool on this thread (created on first use).
    /// Pools of dropped clients are pruned here.
    fn thread_transport(&self) -> Result<(Rc<tokio::runtime::Runtime>, HttpClient)> {
        TRANSPORT.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.is_none() {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Error::new(ErrorCode::Network, format!("could not start the I/O runtime: {e}")))?;
                *slot = Some(ThreadTransport { runtime: Rc::new(runtime), pools: Vec::new() });
            }
            let transport = slot.as_mut().expect("just set");
            transport.pools.retain(|(owner, _)| owner.strong_count() > 0);
            let me = Arc::downgrade(&self.alive);
            let pool = match transport.pools.iter().find(|(owner, _)| owner.ptr_eq(&me)) {
                Some((_, pool)) => pool.clone(),
                None => {
                    let pool = self.build_pool()?;
                    transport.pools.push((me, pool.clone()));
                    pool
                }
            };
            Ok((transport.runtime.clone(), pool))
        })
    }

    pub fn base_url(&self) -> &str {
        self.base_url.as_str().trim_end_matches('/')
    }

    pub fn api_key(&self) -> &str {
        self.api_key.expose()
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Sends the request; retries transient failures when the request is marked retryable.
    /// Everything, attempts and backoff, ends by the `deadline_ms` option: each attempt's
    /// timeout is cut to the time left, and no retry starts that could not finish in it.
    pub fn send(&self, request: Request<'_>) -> Result<Response> {
        let deadline = Instant::now() + self.options.deadline();
        let mut attempt = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let cut = left < self.options.timeout();
            let started = Instant::now();
            let outcome = self.send_once(&request, left.min(self.options.timeout()));
            log_attempt(&request, &outcome, started.elapsed(), attempt);
            match outcome {
                Err(e) if e.code == ErrorCode::Timeout && cut => {
                    return Err(Error::new(
                        ErrorCode::Timeout,
                        format!("no answer within the call's deadline (deadline_ms {})", self.options.deadline_ms),
                    ));
                }
                Err(e) if request.retry && e.is_transient() && attempt < self.options.max_retries => {
                    attempt += 1;
                    let delay = self.options.retry_delay(attempt, e.retry_after_secs);
                    if Instant::now() + delay >= deadline {
                        return Err(e);
                    }
                    // A cancelled non-blocking call wakes from the backoff at once.
                    super::requests::sleep(delay)?;
                }
                other => return other,
            }
        }
    }

    /// Sends the request and decodes the JSON answer.
    pub fn send_json(&self, request: Request<'_>) -> Result<Value> {
        self.send(request)?.json()
    }

    fn send_once(&self, request: &Request<'_>, timeout: Duration) -> Result<Response> {
        // A cancelled non-blocking call starts no request.
        super::requests::check()?;
        // The thread-local borrow ends here: nothing below can re-enter it.
        let (runtime, pool) = self.thread_transport()?;
        let mut url = self.base_url.clone();
        let mut path = String::with_capacity(self.base_path.len() + request.path.len());
        path.push_str(&self.base_path);
        path.push_str(request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut builder = match request.method {
            Method::Get => pool.get(url),
            Method::Post => pool.post(url),
            Method::Put => pool.put(url),
            Method::Patch => pool.patch(url),
            Method::Delete => pool.delete(url),
        }
        .timeout(timeout);
        let bearer = match request.jwt {
            Some(jwt) if !jwt.is_empty() => Some(bearer_header(jwt)?),
            Some(_) => None,
            None => self.api_bearer.clone(),
        };
        if let Some(value) = bearer {
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some(body) = &request.body {
            let bytes = serde_json::to_vec(body).map_err(|e| Error::invalid_argument(e.to_string()))?;
            builder = builder.header(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json;charset=UTF-8")).body(bytes);
        }
        // Every socket write of this thread's connections happens inside block_on (the
        // runtime runs only here), so this covers them all, old pooled connections included.
        let sigpipe = SigpipeGuard::new();
        let cancel = super::requests::current();
        let answer = runtime.block_on(async move {
            // A non-blocking call's request is dropped (connection and all) when it is
            // cancelled before the answer starts to arrive. Once the status line and
            // headers are in, the answer is read to the end and used: the server has acted
            // on it (e.g. rotated a refresh token), so its result must not be lost.
            let sent = match &cancel {
                Some(token) => super::requests::until_cancelled(token, builder.send()).await?,
                None => builder.send().await,
            };
            let mut response = sent.map_err(transport_error)?;
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await.map_err(transport_error)?.to_vec();
            Ok::<_, Error>((status, headers, body))
        });
        if matches!(&answer, Err(e) if e.code == ErrorCode::Cancelled) {
            // The request future is gone, but its connection is driven by a task on this
            // thread's runtime, which runs only inside block_on: let it run now, so it sees the
            // abandoned request and closes the connection instead of holding it open idle.
            runtime.block_on(async {
                for _ in 0..8 {
                    tokio::task::yield_now().await;
                }
            });
        }
        drop(sigpipe);
        let (status, headers, body) = answer?;
        if (200..300).contains(&status) {
            return Ok(Response { status, headers, body });
        }
        let retry_after =
            headers.get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
        Err(Error::from_response(status, &body, retry_after))
    }
}

/// `Bearer <token>` as a sensitive header value (never printed by Debug), built without
/// going through `format!`.
fn bearer_header(token: &str) -> Result<HeaderValue> {
    let mut text = Vec::with_capacity(7 + token.len());
    text.extend_from_slice(b"Bearer ");
    text.extend_from_slice(token.as_bytes());
    let mut value = HeaderValue::from_bytes(&text).map_err(|_| Error::invalid_argument("token contains invalid header characters"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// One line per attempt: method, redacted path, status (0 without an answer), duration,
/// retries so far and the error code. Never the body, headers or error message (a transport
/// error's text can name the URL with its query).
fn log_attempt(request: &Request<'_>, outcome: &Result<Response>, elapsed: std::time::Duration, retries: u32) {
    let level = match outcome {
        Ok(_) => LogLevel::Info,
        Err(e) if e.http_status == 0 || e.http_status >= 500 => LogLevel::Warn,
        Err(_) => LogLevel::Info,
    };
    if !log::enabled(level) {
        return;
    }
    let method = match request.method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
    };
    let path = log::redact_path(request.path, request.query.iter().map(|(k, v)| (*k, v.as_str())));
    let (status, code) = match outcome {
        Ok(r) => (r.status, "ok"),
        Err(e) => (e.http_status, e.code.as_str()),
    };
    let millis = elapsed.as_millis();
    log::line(
        level,
        "http",
        &[("method", &method), ("path", &path), ("status", &status), ("duration_ms", &millis), ("retries", &retries), ("result", &code)],
    );
}

fn transport_error(e: reqwest::Error) -> Error {
    // reqwest's Display never includes header values, so no token can leak through it.
    let detail = std::error::Error::source(&e).map(|s| format!("{e}: {s}")).unwrap_or_else(|| e.to_string());
    if e.is_timeout() {
        Error::new(ErrorCode::Timeout, format!("request timed out: {detail}"))
    } else if e.is_body() || e.is_decode() {
        Error::new(ErrorCode::Network, format!("connection failed while reading the answer: {detail}"))
    } else {
        Error::new(ErrorCode::Network, format!("could not reach the server: {detail}"))
    }
}
/// Identifiers that carry a prefix (`custom:name` for custom providers) go into request
/// paths too: letters, digits, '-', '_' and ':' only.
pub(crate) fn identifier_segment<'a>(what: &str, id: &'a str) -> Result<&'a str> {
    if id.is_empty() {
        return Err(Error::invalid_argument(format!("{what} must not be empty")));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')) {
        return Err(Error::invalid_argument(format!("{what} must be an identifier (letters, digits, '-', '_', ':')")));
    }
    Ok(id)
}

/// Ids (user, factor) go into request paths: refuse anything that could change the path.
pub(crate) fn path_segment<'a>(what: &str, id: &'a str) -> Result<&'a str> {
    if id.is_empty() {
        return Err(Error::invalid_argument(format!("{what} must not be empty")));
    }
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(Error::invalid_argument(format!("{what} must be an id (letters, digits, '-')")));
    }
    Ok(id)
}
