//! Auth state change subscribers. Callbacks are called with no internal lock held, so a
//! callback may call back into the client.

use super::error::Error;
use super::types::Session;
use std::sync::{Arc, Mutex};

/// What changed in the client's auth state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthEvent {
    InitialSession,
    SignedIn,
    SignedOut,
    TokenRefreshed,
    UserUpdated,
    PasswordRecovery,
    MfaChallengeVerified,
    /// A refresh of the current session failed for a reason that may pass (network, timeout,
    /// 5xx, 429, an unreadable answer); the session is kept. Carries the error.
    RefreshFailed,
}

/// Called with the event, the session after the change, and the error for `RefreshFailed`.
pub type Listener = Arc<dyn Fn(AuthEvent, Option<&Session>, Option<&Error>) + Send + Sync>;

#[derive(Default)]
pub struct Events {
    listeners: Mutex<(u64, Vec<(u64, Listener)>)>,
}

impl Events {
    /// Adds a listener; returns an id for `unsubscribe` (never 0).
    pub fn subscribe(&self, listener: Listener) -> u64 {
        let mut guard = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        guard.0 += 1;
        let id = guard.0;
        guard.1.push((id, listener));
        id
    }

    /// Removes a listener; false when the id is unknown.
    pub fn unsubscribe(&self, id: u64) -> bool {
        let mut guard = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        let before = guard.1.len();
        guard.1.retain(|(i, _)| *i != id);
        guard.1.len() != before
    }

    pub fn emit(&self, event: AuthEvent, session: Option<&Session>) {
        self.emit_with_error(event, session, None);
    }

    pub fn emit_with_error(&self, event: AuthEvent, session: Option<&Session>, error: Option<&Error>) {
        // Snapshot under the lock, call without it.
        let listeners: Vec<Listener> = {
            let guard = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
            guard.1.iter().map(|(_, l)| l.clone()).collect()
        };
        for listener in listeners {
            // A panicking listener must not take the client down with it.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| listener(event, session, error)));
        }
    }
}
