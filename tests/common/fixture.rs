//! A loopback HTTP/1.1 fixture for faults the real server cannot produce on demand:
//! connection resets, 5xx, 429 with Retry-After, non-JSON bodies, slow answers. It also
//! counts requests per path so tests can assert how many calls the client made.
//! It never stands in for the real server in a success path of a flow test.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the fixture saw it.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub method: String,
    /// Path with query, e.g. "/token?grant_type=refresh_token".
    pub target: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl SeenRequest {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the fixture does with a request.
pub enum Reply {
    /// Status, extra headers, body; sent after `delay`.
    Respond { status: u16, headers: Vec<(String, String)>, body: String, delay: Duration },
    /// Close the connection without answering (the client sees a reset / EOF).
    Drop,
    /// Send the status line and half of a declared body, then close.
    Truncate { status: u16, body: String },
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::Respond { status, headers: vec![], body: body.to_string(), delay: Duration::ZERO }
    }
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::Respond { status, headers: vec![], body: body.to_owned(), delay: Duration::ZERO }
    }
    pub fn delayed(self, d: Duration) -> Reply {
        match self {
            Reply::Respond { status, headers, body, .. } => Reply::Respond { status, headers, body, delay: d },
            other => other,
        }
    }
    pub fn header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Respond { status, mut headers, body, delay } => {
                headers.push((name.to_owned(), value.to_owned()));
                Reply::Respond { status, headers, body, delay }
            }
            other => other,
        }
    }
}

type Handler = dyn Fn(&SeenRequest) -> Reply + Send + Sync;

pub struct Fixture {
    pub url: String,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
    stop: Arc<AtomicBool>,
}

impl Fixture {
    /// Starts a fixture on 127.0.0.1 (random port) answering with `handler`.
    pub fn start(handler: impl Fn(&SeenRequest) -> Reply + Send + Sync + 'static) -> Fixture {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (seen2, stop2) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, seen) = (handler.clone(), seen2.clone());
                std::thread::spawn(move || serve(stream, &*handler, &seen));
            }
        });
        Fixture { url, seen, stop }
    }

    /// A URL where nothing listens (connection refused).
    pub fn refused_url() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        url
    }

    pub fn requests(&self) -> Vec<SeenRequest> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests had this path (query ignored) — or, if `path` has a '?', this exact target.
    pub fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| if path.contains('?') { r.target == path } else { r.path() == path }).count()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
    }
}

fn serve(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<SeenRequest>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let len: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = SeenRequest { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() };
        seen.lock().unwrap().push(request.clone());
        match handler(&request) {
            Reply::Respond { status, headers, body, delay } => {
                std::thread::sleep(delay);
                let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\ncontent-type: application/json\r\n", body.len());
                for (k, v) in headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                if writer.write_all(out.as_bytes()).is_err() {
                    return;
                }
            }
            Reply::Drop => {
                let _ = writer.shutdown(std::net::Shutdown::Both);
                return;
            }
            Reply::Truncate { status, body } => {
                let out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n\r\n{}", body.len() * 2, body);
                let _ = writer.write_all(out.as_bytes());
                let _ = writer.shutdown(std::net::Shutdown::Both);
                return;
            }
        }
    }
}
