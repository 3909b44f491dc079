//! A counting pass-through in front of the real server: run the fixture with
//! `Fixture::start(move |req| proxy::forward(&upstream, req))` and count requests with
//! `Fixture::count` while the real server answers. Included with
//! `#[path = "common/proxy.rs"] mod proxy;`.
#![allow(dead_code)]

use crate::common::fixture::{Reply, SeenRequest};
use std::time::Duration;

/// Sends `req` to `upstream` (a base URL) and relays the answer.
pub fn forward(upstream: &str, req: &SeenRequest) -> Reply {
    let client =
        reqwest::blocking::Client::builder().timeout(Duration::from_secs(30)).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let method = reqwest::Method::from_bytes(req.method.as_bytes()).unwrap();
    let mut builder = client.request(method, format!("{}{}", upstream.trim_end_matches('/'), req.target));
    for (name, value) in &req.headers {
        if !matches!(name.as_str(), "host" | "content-length" | "connection" | "transfer-encoding") {
            builder = builder.header(name, value);
        }
    }
    if !req.body.is_empty() {
        builder = builder.body(req.body.clone());
    }
    match builder.send() {
        Ok(answer) => {
            let status = answer.status().as_u16();
            let headers: Vec<(String, String)> = answer
                .headers()
                .iter()
                .filter(|(n, _)| !matches!(n.as_str(), "content-length" | "content-type" | "connection" | "transfer-encoding"))
                .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.to_string(), v.to_owned())))
                .collect();
            let body = answer.text().unwrap_or_default();
            Reply::Respond { status, headers, body, delay: Duration::ZERO }
        }
        Err(_) => Reply::Drop,
    }
}
