//! Mail-sink and browser helpers for real-server tests of redirect flows (magic links).
//! Included with `#[path = "common/mail.rs"] mod mail;` next to `mod common;`.
#![allow(dead_code)]

use crate::common::*;
use serde_json::Value;
use std::time::Duration;

/// An HTTP client that does not follow redirects (the test follows them step by step).
pub fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Waits for mail to `to` and returns the newest message.
pub fn wait_mail(to: &str) -> Value {
    let env = server();
    for _ in 0..150 {
        let r = http().get(format!("{}/messages", env.mail_url)).query(&[("to", to)]).send().unwrap();
        let list: Value = serde_json::from_slice(&r.bytes().unwrap()).unwrap();
        if let Some(m) = list.as_array().unwrap().last() {
            return m.clone();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no mail for {to}");
}

/// The server's /verify link in a mail.
pub fn verify_link(mail: &Value) -> String {
    mail["links"].as_array().unwrap().iter().filter_map(Value::as_str).find(|l| l.contains("/verify")).unwrap().to_owned()
}

/// Opens a link like a browser, without following the redirect: returns the Location.
pub fn follow_once(link: &str) -> String {
    let r = http().get(link).send().unwrap();
    assert!(r.status().is_redirection(), "link answered {}", r.status());
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// Sends a PKCE magic link (sign_in_with_otp on the confirming server) to a new address
/// and returns (email, its /verify link).
pub fn magic_link(c: &Client, redirect_to: &str) -> (String, String) {
    use gotrue::ffi::auth::gotrue_client_sign_in_with_otp;
    use std::ptr::null;
    let email = unique_email("magic");
    let (e, o) = (cs(&email), cs(&serde_json::json!({ "email_redirect_to": redirect_to }).to_string()));
    let mut out = std::ptr::null_mut();
    check(unsafe { gotrue_client_sign_in_with_otp(c.ptr(), e.as_ptr(), null(), o.as_ptr(), &mut out) }).unwrap();
    take_string(out);
    let link = verify_link(&wait_mail(&email));
    (email, link)
}
