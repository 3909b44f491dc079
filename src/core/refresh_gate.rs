//! Single-flight refresh: who is exchanging which refresh token right now, and what the
//! last exchange bought. Concurrent callers with the same token share one request.

use super::error::{Error, Result};
use super::secret::Secret;
use super::types::Session;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The shortest interval between two on-demand refreshes while the session is still valid.
const MIN_ON_DEMAND_INTERVAL: Duration = Duration::from_secs(1);

/// Who is refreshing which token right now, and the last completed exchange.
#[derive(Default)]
pub(crate) struct RefreshGate {
    state: Mutex<GateState>,
}

#[derive(Default)]
struct GateState {
    /// One flight per refresh token being exchanged (usually zero or one).
    in_flight: Vec<(Secret, Arc<Flight>)>,
    /// The last refresh token this client exchanged, and what it got for it. A caller that
    /// asks to refresh an already-exchanged token gets that session instead of a second
    /// request (which the server would reject as already used, outside its reuse window),
    /// but only while that session is still the client's current one.
    last_exchange: Option<(Secret, Arc<Session>)>,
    /// When the last refresh request started, and how many failed in a row since the last
    /// success: on-demand refreshes are rate-limited by them (see `on_demand_allowed`).
    last_attempt: Option<Instant>,
    failures: u32,
}

#[derive(Default)]
pub(crate) struct Flight {
    result: Mutex<Option<Result<Arc<Session>>>>,
    done: Condvar,
}

impl Flight {
    /// Waits for the flight's result. A cancelled non-blocking call stops waiting (the
    /// flight goes on for everyone else).
    pub(crate) fn wait(&self) -> Result<Arc<Session>> {
        let token = super::requests::current();
        let mut guard = self.result.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(result) = guard.as_ref() {
                return result.clone();
            }
            guard = match &token {
                None => self.done.wait(guard).unwrap_or_else(|p| p.into_inner()),
                Some(token) if token.is_cancelled() => return Err(super::requests::cancelled()),
                Some(_) => self.done.wait_timeout(guard, super::requests::WAIT_SLICE).unwrap_or_else(|p| p.into_inner()).0,
            };
        }
    }

    pub(crate) fn finish(&self, result: Result<Arc<Session>>) {
        *self.result.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
        self.done.notify_all();
    }
}

/// What a caller of `refresh_with` wants refreshed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// Exactly this refresh token (an explicit refresh).
    Token,
    /// Whatever the client's current session is; the token is the one the caller saw. If
    /// another thread already replaced that session with one that is still fresh, that
    /// one is the answer and no request is made.
    Current,
}

/// What the gate decided for one caller.
pub(crate) enum Admission {
    Done(Result<Arc<Session>>),
    Wait(Arc<Flight>),
    Lead(String, Arc<Flight>),
}

impl RefreshGate {
    /// Decides for one caller: answer at once, wait for a flight, or lead a new one.
    /// `current` reads the client's current session; `margin` is its refresh margin.
    pub(crate) fn admit(&self, refresh_token: &str, target: Target, current: &dyn Fn() -> Option<Arc<Session>>, margin: i64) -> Admission {
        let mut gate = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut token = refresh_token.to_owned();
        if let Some((used, session)) = &gate.last_exchange {
            // The memo answers only while what it bought is still the current session: a
            // sign-out, a sign-in or any later change ends it, so a session the server has
            // revoked is never handed out again without asking the server.
            let still_current = current().is_some_and(|current| Arc::ptr_eq(&current, session));
            if used.expose() == token && still_current {
                return Admission::Done(Ok(session.clone()));
            }
            if !still_current {
                gate.last_exchange = None;
            }
        }
        if target == Target::Current {
            match current() {
                Some(current) if current.refresh_token.expose() != token => {
                    if !current.needs_refresh(margin) {
                        return Admission::Done(Ok(current));
                    }
                    // Several expiries passed while this caller was away: refresh what is
                    // current now, never a token that was already exchanged.
                    token = current.refresh_token.expose().to_owned();
                }
                Some(_) => {}
                None => return Admission::Done(Err(Error::session_missing())),
            }
        }
        if let Some((_, flight)) = gate.in_flight.iter().find(|(t, _)| t.expose() == token) {
            return Admission::Wait(flight.clone());
        }
        let flight = Arc::new(Flight::default());
        gate.in_flight.push((Secret::new(token.as_str()), flight.clone()));
        gate.last_attempt = Some(Instant::now());
        Admission::Lead(token, flight)
    }

    /// Whether get_session may start a refresh of a still-valid session now: at most one per
    /// second, and after failures only once the backoff `retry_delay(failures)` has passed, so
    /// callers asking in a loop cannot turn each call into a request.
    pub(crate) fn on_demand_allowed(&self, retry_delay: impl Fn(u32) -> Duration) -> bool {
        let gate = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let wait = match gate.failures {
            0 => MIN_ON_DEMAND_INTERVAL,
            n => retry_delay(n).max(MIN_ON_DEMAND_INTERVAL),
        };
        gate.last_attempt.is_none_or(|at| at.elapsed() >= wait)
    }

    /// Ends a flight whose leader was cancelled before an answer arrived: not a failure
    /// (no backoff); whoever still wants the refresh leads a new flight.
    pub(crate) fn abandon(&self, token: &str) {
        let mut gate = self.state.lock().unwrap_or_else(|p| p.into_inner());
        gate.in_flight.retain(|(t, _)| t.expose() != token);
    }

    /// Ends the flight for `token`; remembers what it bought (when it bought anything).
    pub(crate) fn land(&self, token: &str, exchanged: Option<&Arc<Session>>) {
        let mut gate = self.state.lock().unwrap_or_else(|p| p.into_inner());
        gate.in_flight.retain(|(t, _)| t.expose() != token);
        if let Some(session) = exchanged {
            gate.last_exchange = Some((Secret::new(token), session.clone()));
            gate.failures = 0;
        } else {
            gate.failures = gate.failures.saturating_add(1);
        }
    }
}
