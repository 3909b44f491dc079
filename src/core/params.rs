//! The options vocabulary and what several flows add to a request.
//!
//! Every options struct is declared with `options!`, which gives them all the same serde
//! attributes (every field optional, unknown fields rejected) and adds the shared options each
//! flow takes, each declared once below: `redirect_to` (also accepted as `email_redirect_to`),
//! `captcha_token` and `flow_id_in_redirect_to`. `Client::apply_shared` is the one place that
//! turns them into a request: the captcha into the body, a PKCE challenge into the body and
//! the flow id into redirect_to.

use super::client::Client;
use super::error::Result;
use super::pkce::{self, FlowKind};
use super::types::Json;
use serde_json::json;

/// The shared options of one request, as `options!` exposes them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shared<'a> {
    pub redirect_to: Option<&'a str>,
    /// Some (possibly `None` inside) when the flow takes a captcha token.
    pub captcha_token: Option<Option<&'a str>>,
    /// Whether a PKCE flow id is added to redirect_to (default true).
    pub tag_flow_id: bool,
}

impl Default for Shared<'_> {
    fn default() -> Self {
        Shared { redirect_to: None, captcha_token: None, tag_flow_id: true }
    }
}

/// Declares an options struct: its own fields, then `shared: [...]`, the shared options it
/// takes (any of `redirect_to`, `captcha_token`, `flow_id_in_redirect_to`). Derives Debug,
/// Default and Deserialize with `#[serde(default, deny_unknown_fields)]`, and `shared()`.
macro_rules! options {
    ($(#[$meta:meta])* pub struct $name:ident { $($own:tt)* } shared: [$($shared:ident),* $(,)?]) => {
        // `s` is named here and passed along, so every arm's uses of it are the same binding.
        options!(@munch s [$(#[$meta])*] $name [$($own)*] [] [$($shared)*]);
    };
    (@munch $s:ident $meta:tt $name:ident [$($fields:tt)*] [$($init:tt)*] [redirect_to $($rest:ident)*]) => {
        options!(@munch $s $meta $name [$($fields)*
            /// Where the emailed link or the redirect round trip ends (must be in the server's
            /// allow list). `email_redirect_to` is accepted as another name for it.
            #[serde(alias = "email_redirect_to")]
            pub redirect_to: Option<String>,
        ] [$($init)* redirect_to: $s.redirect_to.as_deref(),] [$($rest)*]);
    };
    (@munch $s:ident $meta:tt $name:ident [$($fields:tt)*] [$($init:tt)*] [captcha_token $($rest:ident)*]) => {
        options!(@munch $s $meta $name [$($fields)*
            /// The captcha provider's token, for servers with captcha protection.
            pub captcha_token: Option<String>,
        ] [$($init)* captcha_token: Some($s.captcha_token.as_deref()),] [$($rest)*]);
    };
    (@munch $s:ident $meta:tt $name:ident [$($fields:tt)*] [$($init:tt)*] [flow_id_in_redirect_to $($rest:ident)*]) => {
        options!(@munch $s $meta $name [$($fields)*
            /// Under the PKCE flow type, add `gotrue_flow_id` to redirect_to (default true). Turn
            /// it off when the allow list has an exact entry that a query would not match; the
            /// code exchange then uses the most recent flow's verifier.
            pub flow_id_in_redirect_to: Option<bool>,
        ] [$($init)* tag_flow_id: $s.flow_id_in_redirect_to.unwrap_or(true),] [$($rest)*]);
    };
    (@munch $s:ident [$($meta:tt)*] $name:ident [$($fields:tt)*] [$($init:tt)*] []) => {
        $($meta)*
        #[derive(Debug, Default, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $($fields)*
        }

        impl $name {
            /// The shared options, for Client::apply_shared.
            #[allow(dead_code, unused_variables, clippy::needless_update)]
            pub(crate) fn shared(&self) -> $crate::core::params::Shared<'_> {
                let $s = self;
                $crate::core::params::Shared { $($init)* ..Default::default() }
            }
        }
    };
}
pub(crate) use options;

impl Client {
    /// Applies the shared options to a request body: the captcha token (as the server reads
    /// it, `gotrue_meta_security.captcha_token`) when the flow takes one; and, when `pkce`
    /// names a flow that can come back with `?code=` and the client uses the PKCE flow type,
    /// a new flow's challenge, with redirect_to tagged with its id. Returns the redirect_to
    /// to send (the caller puts it in the query or the body, as its endpoint wants).
    pub(crate) fn apply_shared(&self, body: &mut Json, pkce: Option<FlowKind>, shared: Shared<'_>) -> Result<Option<String>> {
        if let Some(captcha_token) = shared.captcha_token {
            body.insert("gotrue_meta_security".into(), json!({ "captcha_token": captcha_token }));
        }
        let flow = match pkce {
            Some(kind) if self.options().flow_type == super::config::FlowType::Pkce => pkce::start_flow(self, kind)?,
            _ => return Ok(shared.redirect_to.map(str::to_owned)),
        };
        body.insert("code_challenge".into(), flow.code_challenge.clone().into());
        body.insert("code_challenge_method".into(), pkce::CHALLENGE_METHOD.into());
        Ok(shared.redirect_to.map(|r| if shared.tag_flow_id { pkce::tag_redirect(r, &flow.flow_id) } else { r.to_owned() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ClientOptions;
    use crate::core::auth::{SignInOptions, SignUpOptions, UpdateUserOptions};
    use crate::core::config::parse_options;
    use crate::core::oauth::{OAuthOptions, SsoOptions};
    use crate::core::otp::{EmailLinkOptions, OtpOptions, VerifyOptions};

    fn client(flow: &str) -> Client {
        let options = ClientOptions::from_json(Some(&format!(r#"{{"flow_type":"{flow}"}}"#))).unwrap();
        Client::new("http://127.0.0.1:1/auth/v1/", "anon", options).unwrap()
    }

    fn redirect_of<T: Default + for<'de> serde::Deserialize<'de>>(text: &str, shared: fn(&T) -> Option<String>) -> Option<String> {
        shared(&parse_options::<T>("options", Some(text)).unwrap())
    }

    #[test]
    fn every_flow_spells_redirect_to_one_way_and_accepts_email_redirect_to() {
        for text in [r#"{"redirect_to":"http://app/cb"}"#, r#"{"email_redirect_to":"http://app/cb"}"#] {
            let want = Some("http://app/cb".to_owned());
            assert_eq!(redirect_of::<SignUpOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
            assert_eq!(redirect_of::<UpdateUserOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
            assert_eq!(redirect_of::<OtpOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
            assert_eq!(redirect_of::<VerifyOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
            assert_eq!(redirect_of::<EmailLinkOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
            assert_eq!(redirect_of::<OAuthOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
            assert_eq!(redirect_of::<SsoOptions>(text, |o| o.redirect_to.clone()), want, "{text}");
        }
        // Both names at once are one option given twice; a flow without redirects rejects it.
        let both = r#"{"redirect_to":"http://a","email_redirect_to":"http://b"}"#;
        assert!(parse_options::<SignUpOptions>("options", Some(both)).is_err());
        assert!(parse_options::<SignInOptions>("options", Some(r#"{"redirect_to":"http://a"}"#)).is_err());
        assert!(parse_options::<UpdateUserOptions>("options", Some(r#"{"captcha_token":"t"}"#)).is_err());
        assert!(parse_options::<OtpOptions>("options", Some(r#"{"no_such_option":1}"#)).is_err());
    }

    #[test]
    fn the_shared_options_reach_the_request_in_one_place() {
        let options: OtpOptions =
            parse_options("o", Some(r#"{"redirect_to":"http://app/cb","captcha_token":"cap","flow_id_in_redirect_to":false}"#)).unwrap();
        let shared = options.shared();
        assert_eq!((shared.redirect_to, shared.captcha_token, shared.tag_flow_id), (Some("http://app/cb"), Some(Some("cap")), false));
        // Defaults: no redirect; a captcha field that is null; flow ids tagged.
        let defaults = SignUpOptions::default();
        let shared = defaults.shared();
        assert_eq!((shared.redirect_to, shared.captcha_token, shared.tag_flow_id), (None, Some(None), true));
        // A flow without a captcha option sends no gotrue_meta_security.
        assert_eq!(UpdateUserOptions::default().shared().captcha_token, None);

        // Implicit flow: captcha only, redirect_to unchanged.
        let mut body = Json::new();
        let c = client("implicit");
        let redirect = c.apply_shared(&mut body, Some(FlowKind::SignIn), options.shared()).unwrap();
        assert_eq!(redirect.as_deref(), Some("http://app/cb"));
        assert_eq!(serde_json::Value::Object(body), json!({"gotrue_meta_security":{"captcha_token":"cap"}}));

        // PKCE: a challenge, and redirect_to tagged with the flow id unless turned off.
        let c = client("pkce");
        let mut body = Json::new();
        let tagged: SsoOptions = parse_options("o", Some(r#"{"redirect_to":"http://app/cb"}"#)).unwrap();
        let redirect = c.apply_shared(&mut body, Some(FlowKind::SignIn), tagged.shared()).unwrap().unwrap();
        assert!(redirect.starts_with("http://app/cb?gotrue_flow_id="), "{redirect}");
        assert_eq!(body["code_challenge_method"], "s256");
        assert_eq!(body["code_challenge"].as_str().map(str::len), Some(43));
        let mut body = Json::new();
        let redirect = c.apply_shared(&mut body, Some(FlowKind::SignIn), options.shared()).unwrap();
        assert_eq!(redirect.as_deref(), Some("http://app/cb"));
        assert!(body.contains_key("code_challenge"));
        // No PKCE flow asked for (a phone, a verify): nothing but the captcha.
        let mut body = Json::new();
        c.apply_shared(&mut body, None, options.shared()).unwrap();
        assert_eq!(body.keys().collect::<Vec<_>>(), ["gotrue_meta_security"]);
    }
}
