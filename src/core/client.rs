//! The client: HTTP, storage, events and the current session.

use super::autorefresh::{AutoRefresh, Refreshable};
use super::config::{ClientOptions, StorageKind};
use super::error::{Error, ErrorCode, Result};
use super::events::{AuthEvent, Events};
use super::http::Http;
use super::jwks::JwksCache;
use super::refresh_gate::RefreshGate;
use super::requests::{Job, Mailbox, Pool};
use super::status::{SessionStatus, StatusState};
use super::storage::{FileStorage, MemoryStorage, Storage};
use super::types::Session;
use std::sync::{Arc, Mutex, OnceLock, Weak};

pub struct Client {
    pub(crate) http: Http,
    pub(crate) storage: Arc<dyn Storage>,
    pub(crate) events: Events,
    pub(crate) session: Mutex<Option<Arc<Session>>>,
    pub(crate) refresh_gate: RefreshGate,
    pub(crate) jwks: JwksCache,
    pub(crate) auto_refresh: AutoRefresh,
    pub(crate) status: Mutex<StatusState>,
    /// Serializes updates of the PKCE flow index in this process.
    pub(crate) pkce_lock: Mutex<()>,
    /// Open loopback sign-in listeners, cancelled when the client goes.
    pub(crate) loopbacks: super::loopback_registry::Registry,
    /// Worker pool of the non-blocking calls (see requests.rs); made on first use.
    pub(crate) requests: OnceLock<Arc<Pool<Client>>>,
    /// Set by `shared()`: lets the client hand a Weak reference of itself to the
    /// auto-refresh thread.
    me: OnceLock<Weak<Client>>,
}

impl Client {
    /// Builds a client. `api_key` is the project's anon (or, for admin use, service-role) key.
    pub fn new(url: &str, api_key: &str, options: ClientOptions) -> Result<Client> {
        let storage: Arc<dyn Storage> = match &options.storage {
            StorageKind::Memory => Arc::new(MemoryStorage::default()),
            StorageKind::File { path } => Arc::new(FileStorage::new(path)?),
            StorageKind::Custom => {
                return Err(Error::invalid_argument("custom storage needs callbacks: use Client::with_storage"));
            }
        };
        Client::with_storage(url, api_key, options, storage)
    }

    pub fn with_storage(url: &str, api_key: &str, options: ClientOptions, storage: Arc<dyn Storage>) -> Result<Client> {
        if url.trim().is_empty() {
            return Err(Error::invalid_argument("url must not be empty"));
        }
        Ok(Client {
            http: Http::new(url, api_key, &options)?,
            storage,
            events: Events::default(),
            session: Mutex::new(None),
            refresh_gate: RefreshGate::default(),
            jwks: JwksCache::default(),
            auto_refresh: AutoRefresh::default(),
            status: Mutex::new(StatusState::default()),
            pkce_lock: Mutex::new(()),
            loopbacks: Default::default(),
            requests: OnceLock::new(),
            me: OnceLock::new(),
        })
    }

    /// Moves the client behind an `Arc`, which background refresh needs (its thread holds
    /// only a `Weak` reference, so it never keeps the client alive).
    pub fn shared(self) -> Arc<Client> {
        let client = Arc::new(self);
        let _ = client.me.set(Arc::downgrade(&client));
        client
    }

    /// The client's own weak handle (set by `shared()`).
    pub(crate) fn me_weak(&self) -> Option<Weak<Client>> {
        self.me.get().cloned()
    }

    /// Starts the background refresher (idempotent). Needs a client made with `shared()`.
    pub fn start_auto_refresh(&self) -> Result<()> {
        let me: Weak<dyn Refreshable> =
            self.me.get().cloned().ok_or_else(|| Error::invalid_argument("auto-refresh needs a shared client (Client::shared)"))?;
        self.auto_refresh.start(me)
    }

    /// Stops the background refresher and waits for its thread to end (idempotent). A
    /// refresh in progress is allowed to finish first.
    pub fn stop_auto_refresh(&self) {
        self.auto_refresh.stop();
    }

    /// A weak reference to this client, when it was made with `shared()`.
    pub(crate) fn me(&self) -> Option<Weak<Client>> {
        self.me.get().cloned()
    }

    /// Cancels every open loopback sign-in of this client and waits for an exchange in
    /// flight (so no callback of this client runs afterwards).
    pub fn cancel_loopbacks(&self) {
        self.loopbacks.cancel_all();
    }

    pub fn auto_refresh_running(&self) -> bool {
        self.auto_refresh.is_running()
    }

    /// With the `auto_refresh` option, a session appearing starts the refresher; either way a
    /// running refresher re-plans for the new expiry.
    fn session_changed(&self) {
        if self.options().auto_refresh && !self.auto_refresh.is_running() {
            if let Some(me) = self.me.get() {
                // Failing to spawn a thread leaves the session valid; get_session still refreshes.
                let _ = self.auto_refresh.start_unless_halted(me.clone() as Weak<dyn Refreshable>);
            }
        }
        self.auto_refresh.kick();
    }

    pub fn options(&self) -> &ClientOptions {
        self.http.options()
    }

    pub fn events(&self) -> &Events {
        &self.events
    }

    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    pub(crate) fn session_key(&self) -> &str {
        &self.options().storage_key
    }

    /// The session held in memory as it is: no network call, no refresh (it may be expired:
    /// check `seconds_left`). For a UI that must not wait.
    pub fn current_session(&self) -> Option<Arc<Session>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the current session, persists it and emits `event` (outside every lock).
    pub(crate) fn save_session(&self, session: Session, event: AuthEvent) -> Result<Arc<Session>> {
        let (session, stored) = self.store_session(session);
        self.events.emit(event, Some(&session));
        stored.map(|()| session)
    }

    /// Replaces and persists the current session without emitting (the caller emits once
    /// it holds no lock and has released any waiters).
    pub(crate) fn store_session(&self, session: Session) -> (Arc<Session>, Result<()>) {
        let session = Arc::new(session);
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        *self.status_state() = StatusState { settled: true, signed_out: false, refresh_error: None };
        let stored = if self.options().persist_session && self.storage.is_persistent() {
            self.storage.set(self.session_key(), &session.to_json())
        } else {
            Ok(())
        };
        self.session_changed();
        (session, stored)
    }

    /// Forgets the session locally (memory and storage) and emits SIGNED_OUT.
    pub(crate) fn remove_session(&self) -> Result<()> {
        let (had, removed) = self.forget_session();
        if had {
            self.events.emit(AuthEvent::SignedOut, None);
        }
        removed
    }

    /// Forgets the session without emitting; returns whether there was one.
    fn forget_session(&self) -> (bool, Result<()>) {
        let had = self.session.lock().unwrap_or_else(|p| p.into_inner()).take().is_some();
        {
            let mut status = self.status_state();
            status.settled = true;
            status.signed_out |= had;
            status.refresh_error = None;
        }
        let removed = self.storage.remove(self.session_key());
        self.auto_refresh.kick();
        (had, removed)
    }

    /// Forgets the session only if it is still the one with this refresh token, so a late
    /// failure never deletes a newer session. Returns true when SIGNED_OUT is owed (the
    /// caller emits it once no waiter depends on it).
    pub(crate) fn forget_session_if_current(&self, refresh_token: &str) -> bool {
        let is_current = self.current_session().is_some_and(|s| s.refresh_token.expose() == refresh_token);
        is_current && self.forget_session().0
    }

    /// Loads a session saved by an earlier client with the same storage; refreshes it first
    /// if it is about to expire. Emits INITIAL_SESSION (with or without a session). Removes
    /// the PKCE verifiers of expired flows first.
    pub fn initialize(&self) -> Result<Option<Arc<Session>>> {
        // Tidying only: a storage that fails here fails below too, with the session's key.
        let options = self.options();
        let _ =
            super::pkce_store::FlowStore::new(self.storage.as_ref(), &options.storage_key, options.pkce_verifier_ttl_secs, &self.pkce_lock)
                .sweep_expired();
        let stored = self.storage.get(self.session_key())?;
        let loaded = match stored.as_ref().map(|s| Session::from_json(s.expose())) {
            Some(Ok(session)) => Some(session),
            // A corrupt entry is useless: drop it rather than failing every start.
            Some(Err(_)) => {
                self.storage.remove(self.session_key())?;
                None
            }
            None => None,
        };
        let Some(session) = loaded else {
            self.status_state().settled = true;
            self.events.emit(AuthEvent::InitialSession, None);
            return Ok(None);
        };
        let margin = self.options().refresh_margin_secs;
        let session = Arc::new(session);
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        self.status_state().settled = true;
        self.session_changed();
        let result = if session.needs_refresh(margin) {
            match self.refresh_quietly(session.refresh_token.expose()) {
                Ok(fresh) => Ok(Some(fresh)),
                Err(e) if e.code.is_definitive_refresh_failure() => Err(e),
                // Offline at start: keep the stored session if it is still valid.
                Err(e) if session.is_expired() => Err(e),
                Err(_) => Ok(Some(session)),
            }
        } else {
            Ok(Some(session))
        };
        let current = self.current_session();
        self.events.emit(AuthEvent::InitialSession, current.as_deref());
        // A refresh that failed above but kept the session is announced now, after the first event.
        if let (Some(current), SessionStatus::RefreshFailing(e)) = (&current, self.session_status()) {
            self.events.emit_with_error(AuthEvent::RefreshFailed, Some(current), Some(&e));
        }
        result
    }

    /// Marks an error as "the operation needs a session".
    pub(crate) fn require_session(&self) -> Result<Arc<Session>> {
        self.get_session()?.ok_or_else(Error::session_missing)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // Normally already stopped by the owner before the last drop. When the
        // refresher thread itself drops the last reference, stop() does not join itself.
        self.auto_refresh.stop();
        self.loopbacks.cancel_all();
        // Likewise for request workers (a worker dropping the last reference is not joined).
        self.shutdown_requests();
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("url", &self.http.base_url()).finish_non_exhaustive()
    }
}

pub(crate) fn user_missing() -> Error {
    Error::new(ErrorCode::UserMissing, "the server answer has no user")
}

impl Client {
    /// The session status now (as supabase-kt's `sessionStatus`). No network, no refresh.
    pub fn session_status(&self) -> SessionStatus {
        let current = self.current_session();
        self.status_state().status_of(current.as_deref())
    }

    pub(crate) fn status_state(&self) -> std::sync::MutexGuard<'_, StatusState> {
        self.status.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Non-blocking calls (see requests.rs).
impl Client {
    /// This client's worker pool (created on first use, threads on demand).
    pub(crate) fn request_pool(&self) -> &Arc<Pool<Client>> {
        self.requests.get_or_init(|| Arc::new(Pool::new(self.options().request_workers)))
    }

    /// Queues a job on this client's workers.
    pub fn submit_request(&self, job: Arc<dyn Job<Client>>) -> Result<()> {
        let me = self.me_weak().ok_or_else(|| Error::invalid_argument("non-blocking calls need a shared client (Client::shared)"))?;
        self.request_pool().submit(job, me)
    }

    /// Where poll-mode requests of this client land when they complete.
    pub fn request_mailbox(&self) -> &Arc<Mailbox> {
        self.request_pool().mailbox()
    }

    /// Requests queued or running on this client's workers.
    pub fn requests_in_flight(&self) -> usize {
        self.requests.get().map_or(0, |p| p.in_flight())
    }

    /// Cancels every request of this client and waits for its workers (see `Pool::shutdown`).
    pub fn shutdown_requests(&self) {
        if let Some(pool) = self.requests.get() {
            pool.shutdown();
        }
    }
}
