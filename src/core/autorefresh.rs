//! Background refresh: one plain std thread per client that refreshes the session shortly
//! before it expires.
//!
//! The thread holds only a `Weak` reference to the client, upgrading it for the moment it
//! plans or refreshes, so it never keeps a client alive. It waits on a condition variable
//! (woken when the session changes or on stop), so stopping is prompt: `stop` sets the
//! flag, wakes the thread and joins it; at worst it waits for a refresh already in flight.
//! Like any std thread it does not keep the process from exiting.

use super::error::{Error, ErrorCode, Result};
use super::types::Session;
use std::sync::{Arc, Condvar, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the refresher keeps fresh (the client implements it).
pub(crate) trait Refreshable: Send + Sync {
    /// Seconds before expiry at which a session is refreshed.
    fn refresh_margin_secs(&self) -> i64;
    fn current_session(&self) -> Option<Arc<Session>>;
    /// Refreshes the current session if it still needs it (`seen` is the one looked at).
    fn refresh_current(&self, seen: &Session) -> Result<Arc<Session>>;
    /// How long to wait after `failures` failed refreshes in a row.
    fn retry_delay(&self, failures: u32, retry_after_secs: Option<u64>) -> Duration;
}

/// Planning horizon when there is no session: the thread sleeps until woken.
const IDLE: Option<Duration> = None;

#[derive(Default)]
pub(crate) struct AutoRefresh {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    worker: Option<Worker>,
    /// Set by `stop`: the `auto_refresh` option no longer starts the thread by itself
    /// (an explicit `start` clears it). Also keeps a client being freed from restarting it.
    halted: bool,
}

struct Worker {
    signal: Arc<Signal>,
    handle: JoinHandle<()>,
}

#[derive(Default)]
struct Signal {
    state: Mutex<SignalState>,
    wake: Condvar,
}

#[derive(Default)]
struct SignalState {
    stop: bool,
    kicked: bool,
}

impl Signal {
    /// Sleeps for `timeout` (forever when None) or until kicked or stopped.
    /// Returns true when the thread must stop.
    fn wait(&self, timeout: Option<Duration>) -> bool {
        let deadline = timeout.map(|t| std::time::Instant::now() + t);
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if state.stop {
                return true;
            }
            if state.kicked {
                state.kicked = false;
                return false;
            }
            state = match deadline {
                None => self.wake.wait(state).unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    let now = std::time::Instant::now();
                    if now >= deadline {
                        return false;
                    }
                    self.wake.wait_timeout(state, deadline - now).unwrap_or_else(|p| p.into_inner()).0
                }
            };
        }
    }

    fn set(&self, stop: bool) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if stop {
            state.stop = true;
        } else {
            state.kicked = true;
        }
        self.wake.notify_all();
    }
}

impl AutoRefresh {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn is_running(&self) -> bool {
        self.lock().worker.is_some()
    }

    /// Starts the thread unless it runs already or was stopped on purpose.
    pub(crate) fn start_unless_halted(&self, client: Weak<dyn Refreshable>) -> Result<()> {
        if self.lock().halted {
            return Ok(());
        }
        self.start(client)
    }

    pub(crate) fn start(&self, client: Weak<dyn Refreshable>) -> Result<()> {
        let mut state = self.lock();
        state.halted = false;
        if state.worker.is_some() {
            return Ok(());
        }
        let signal = Arc::new(Signal::default());
        let thread_signal = signal.clone();
        let handle = std::thread::Builder::new()
            .name("gotrue-auto-refresh".into())
            .spawn(move || run(client, &thread_signal))
            .map_err(|e| Error::new(ErrorCode::Unknown, format!("cannot start the auto-refresh thread: {e}")))?;
        state.worker = Some(Worker { signal, handle });
        Ok(())
    }

    /// Stops and joins the thread. Called from the thread itself (it dropped the last
    /// client reference), it only signals: a thread cannot join itself.
    pub(crate) fn stop(&self) {
        let worker = {
            let mut state = self.lock();
            state.halted = true;
            state.worker.take()
        };
        let Some(worker) = worker else { return };
        worker.signal.set(true);
        if worker.handle.thread().id() != std::thread::current().id() {
            let _ = worker.handle.join();
        }
    }

    /// Tells a running thread that the session changed, so it plans again.
    pub(crate) fn kick(&self) {
        if let Some(worker) = self.lock().worker.as_ref() {
            worker.signal.set(false);
        }
    }
}

fn run(client: Weak<dyn Refreshable>, signal: &Signal) {
    let mut failures = 0u32;
    loop {
        let wait = {
            // The strong reference lives only for this block, never across the wait.
            let Some(client) = client.upgrade() else { return };
            step(&*client, &mut failures)
        };
        if signal.wait(wait) {
            return;
        }
    }
}

/// Refreshes when due; returns how long to sleep before looking again.
fn step(client: &dyn Refreshable, failures: &mut u32) -> Option<Duration> {
    let margin = client.refresh_margin_secs();
    let Some(session) = client.current_session() else {
        *failures = 0;
        return IDLE;
    };
    if !session.needs_refresh(margin) {
        *failures = 0;
        return Some(until_due(&session, margin));
    }
    match client.refresh_current(&session) {
        Ok(fresh) => {
            *failures = 0;
            Some(until_due(&fresh, margin))
        }
        // The refresh already removed the session and emitted SIGNED_OUT.
        Err(e) if e.code.is_definitive_refresh_failure() => {
            *failures = 0;
            IDLE
        }
        Err(e) if e.code == ErrorCode::SessionMissing => IDLE,
        // Network, timeout, 5xx, 429 or an unreadable answer: keep the session and try
        // again with bounded exponential backoff (Retry-After honoured).
        Err(e) => {
            *failures = failures.saturating_add(1);
            Some(client.retry_delay(*failures, e.retry_after_secs).max(Duration::from_millis(100)))
        }
    }
}

/// Time until the session enters the refresh margin (at least one second, so a server that
/// grants lifetimes shorter than the margin does not make the thread spin).
fn until_due(session: &Session, margin: i64) -> Duration {
    let secs = (session.seconds_left() - margin + 1).max(1);
    Duration::from_secs(secs as u64)
}
