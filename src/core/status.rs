//! The session status (as supabase-kt's `sessionStatus`): a snapshot derived from the
//! current session and what last happened to it.

use super::error::Error;
use super::secret::Secret;
use super::types::Session;

/// Where the client stands.
#[derive(Clone, Debug)]
pub enum SessionStatus {
    /// Nothing settled yet: `initialize` has not run and no session was set or removed.
    Initializing,
    /// A session is held and its last refresh (if any) succeeded.
    Authenticated,
    /// No session. `is_sign_out` is true when one was removed (sign-out, or the server
    /// rejected its refresh token for good), false when there never was one.
    NotAuthenticated { is_sign_out: bool },
    /// A session is held but the last refresh failed for a reason that may pass; the error
    /// says why. The next successful refresh (or any new session) ends it.
    RefreshFailing(Error),
}

/// What the status is derived from, besides the current session.
#[derive(Default)]
pub(crate) struct StatusState {
    /// `initialize` ran, or a session was stored or removed.
    pub(crate) settled: bool,
    /// The last change removed a session.
    pub(crate) signed_out: bool,
    /// The last refresh failed and its session was kept: that session's refresh token (the
    /// error counts only while it is still the current one) and the error.
    pub(crate) refresh_error: Option<(Secret, Error)>,
}

impl StatusState {
    /// The status for the client's current session, given what last happened to it.
    pub(crate) fn status_of(&self, current: Option<&Session>) -> SessionStatus {
        match (current, &self.refresh_error) {
            (Some(session), Some((token, error))) if token.expose() == session.refresh_token.expose() => {
                SessionStatus::RefreshFailing(error.clone())
            }
            (Some(_), _) => SessionStatus::Authenticated,
            (None, _) if self.settled => SessionStatus::NotAuthenticated { is_sign_out: self.signed_out },
            (None, _) => SessionStatus::Initializing,
        }
    }
}
