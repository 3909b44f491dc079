//! The session state machine: get (refreshing when close to expiry), refresh (single-flight
//! per refresh token), set from tokens, sign-out.

use super::autorefresh::Refreshable;
use super::client::Client;
use super::error::{Error, ErrorCode, Result};
use super::events::AuthEvent;
use super::http::Request;
use super::refresh_gate::{Admission, Target};
use super::secret::Secret;
use super::types::{Session, parse_user};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// The background refresher works on the client through this.
impl Refreshable for Client {
    fn refresh_margin_secs(&self) -> i64 {
        self.options().refresh_margin_secs
    }

    fn current_session(&self) -> Option<Arc<Session>> {
        Client::current_session(self)
    }

    fn refresh_current(&self, seen: &Session) -> Result<Arc<Session>> {
        self.refresh_gated(seen.refresh_token.expose(), Target::Current, true)
    }

    fn retry_delay(&self, failures: u32, retry_after_secs: Option<u64>) -> Duration {
        self.options().retry_delay(failures, retry_after_secs)
    }
}

/// Which sessions sign-out ends on the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignOutScope {
    /// Every session of the user, on every device.
    Global,
    /// Only this session.
    Local,
    /// Every session except this one (this client stays signed in).
    Others,
}

impl SignOutScope {
    /// The value of the `scope` query parameter.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SignOutScope::Global => "global",
            SignOutScope::Local => "local",
            SignOutScope::Others => "others",
        }
    }
}

fn log_decision(decision: &str) {
    super::log::line(super::log::LogLevel::Debug, "refresh", &[("decision", &decision)]);
}

impl Client {
    /// The current session, refreshed first when it expires within the refresh margin.
    /// Any refresh failure short of a definitive answer (network, 5xx, 429, an unreadable
    /// answer) returns the old session while it is still valid, as `initialize` and the
    /// auto-refresh thread do; so does a refresh skipped by the rate limit.
    pub fn get_session(&self) -> Result<Option<Arc<Session>>> {
        let Some(session) = self.current_session() else { return Ok(None) };
        if !session.needs_refresh(self.options().refresh_margin_secs) {
            return Ok(Some(session));
        }
        if !session.is_expired() && !self.refresh_gate.on_demand_allowed(|n| self.options().retry_delay(n, None)) {
            return Ok(Some(session));
        }
        match self.refresh_gated(session.refresh_token.expose(), Target::Current, true) {
            Ok(fresh) => Ok(Some(fresh)),
            Err(e) if !e.code.is_definitive_refresh_failure() && !session.is_expired() => Ok(Some(session)),
            Err(e) => Err(e),
        }
    }

    /// Exchanges a refresh token for a new session: the given one, or the current session's.
    pub fn refresh_session(&self, refresh_token: Option<&str>) -> Result<Arc<Session>> {
        match refresh_token {
            Some("") => Err(Error::invalid_argument("refresh_token must not be empty")),
            Some(token) => self.refresh_with(token),
            None => {
                let session = self.current_session().ok_or_else(Error::session_missing)?;
                self.refresh_with(session.refresh_token.expose())
            }
        }
    }

    /// Single-flight refresh: concurrent callers with the same token share one request.
    pub(crate) fn refresh_with(&self, refresh_token: &str) -> Result<Arc<Session>> {
        self.refresh_gated(refresh_token, Target::Token, true)
    }

    /// As `refresh_with`, but a kept-session failure is only recorded for the status, not
    /// announced: `initialize` announces it after INITIAL_SESSION, which comes first.
    pub(crate) fn refresh_quietly(&self, refresh_token: &str) -> Result<Arc<Session>> {
        self.refresh_gated(refresh_token, Target::Token, false)
    }

    fn refresh_gated(&self, refresh_token: &str, target: Target, announce_failure: bool) -> Result<Arc<Session>> {
        let (token, flight) = loop {
            match self.refresh_gate.admit(refresh_token, target, &|| self.current_session(), self.options().refresh_margin_secs) {
                Admission::Done(result) => {
                    log_decision("answered_without_request");
                    return result;
                }
                Admission::Wait(flight) => {
                    log_decision("joined_refresh_in_flight");
                    match flight.wait() {
                        // The leader was a cancelled non-blocking call: its cancel is not
                        // ours, so ask again (and lead, unless someone else already does).
                        Err(e) if e.code == ErrorCode::Cancelled && !super::requests::is_cancelled() => continue,
                        other => return other,
                    }
                }
                Admission::Lead(token, flight) => {
                    log_decision("requesting");
                    break (Secret::new(token), flight);
                }
            }
        };
        let token = token.expose();
        let answer = self.request_refresh(token);
        if let Err(e) = &answer {
            if e.code == ErrorCode::Cancelled {
                // A non-blocking call cancelled before any answer arrived: nothing changed
                // here (no failure, no event), and the server accepts this refresh token
                // again (it is the parent of whatever it may have issued).
                let e = e.clone();
                self.refresh_gate.abandon(token);
                flight.finish(Err(e.clone()));
                return Err(e);
            }
        }

        let mut signed_out = false;
        let mut kept = None;
        let mut exchanged = None;
        let outcome = match answer {
            Ok(session) => {
                let (session, stored) = self.store_session(session);
                exchanged = Some(session.clone());
                // Even if storage failed, the token was spent: remember what it bought.
                stored.map(|()| session)
            }
            Err(e) => {
                if e.code.is_definitive_refresh_failure() {
                    // The token is dead for good: the session cannot be saved any more.
                    signed_out = self.forget_session_if_current(token);
                } else {
                    kept = self.note_refresh_failure(token, &e);
                }
                Err(e)
            }
        };
        self.refresh_gate.land(token, exchanged.as_ref());
        flight.finish(outcome.clone());
        // Emitted last, with every waiter released and no lock held: a listener may call
        // back into the client, even refresh the same token again, without deadlock.
        if let Some(session) = &exchanged {
            self.events.emit(AuthEvent::TokenRefreshed, Some(session));
        } else if signed_out {
            self.events.emit(AuthEvent::SignedOut, None);
        } else if let (true, Some(session), Err(e)) = (announce_failure, &kept, &outcome) {
            self.events.emit_with_error(AuthEvent::RefreshFailed, Some(session), Some(e));
        }
        outcome
    }

    /// Records a failed refresh of the current session (it is kept) for the status; returns
    /// that session when REFRESH_FAILED is owed. A failure for a token that is no longer the
    /// current session's changes nothing.
    fn note_refresh_failure(&self, refresh_token: &str, error: &Error) -> Option<Arc<Session>> {
        let current = self.current_session().filter(|s| s.refresh_token.expose() == refresh_token)?;
        self.status_state().refresh_error = Some((Secret::new(refresh_token), error.clone()));
        super::log::line(
            super::log::LogLevel::Warn,
            "refresh_failed",
            &[("result", &error.code.as_str()), ("status", &error.http_status), ("session_kept", &true)],
        );
        Some(current)
    }

    fn request_refresh(&self, refresh_token: &str) -> Result<Session> {
        // Retrying is safe: the server accepts a just-used refresh token again within its
        // reuse interval and answers with the same new session.
        let response = self.http.send(
            Request::post("/token").query("grant_type", "refresh_token").body(json!({ "refresh_token": refresh_token })).retryable(true),
        )?;
        Session::from_slice(&response.body)?.ok_or_else(|| Error::invalid_response("refresh answer has no session"))
    }

    /// Adopts tokens obtained elsewhere. An expired access token is refreshed at once;
    /// otherwise the user is fetched with it to build the session.
    pub fn set_session(&self, access_token: &str, refresh_token: &str) -> Result<Arc<Session>> {
        if access_token.is_empty() || refresh_token.is_empty() {
            return Err(Error::invalid_argument("access_token and refresh_token must not be empty"));
        }
        let claims = super::jwt::decode_unverified(access_token)?;
        let exp = claims.get("exp").and_then(|v| v.as_i64()).unwrap_or(0);
        if exp <= super::types::unix_now() {
            return self.refresh_with(refresh_token);
        }
        let user = parse_user(self.http.send_json(Request::get("/user").jwt(access_token))?)?;
        let session = Session::from_tokens(access_token, refresh_token, user)?;
        self.save_session(session, AuthEvent::SignedIn)
    }

    /// Signs out. With `Global` or `Local` the local session is removed even when the
    /// server says the session is already gone (401/403/404); `Others` keeps it.
    pub fn sign_out(&self, scope: SignOutScope) -> Result<()> {
        if let Some(session) = self.current_session() {
            let result = self.http.send(Request::post("/logout").query("scope", scope.as_str()).jwt(session.access_token.expose()));
            if let Err(e) = result {
                if !matches!(e.http_status, 401 | 403 | 404) {
                    return Err(e);
                }
            }
        }
        if scope != SignOutScope::Others {
            self.remove_session()?;
        }
        Ok(())
    }
}
