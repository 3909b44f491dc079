//! The client: HTTP, storage, events and the current session.

use super::config::{ClientOptions, StorageKind};
use super::error::{Error, ErrorCode, Result};
use super::events::{AuthEvent, Events};
use super::http::Http;
use super::session::RefreshGate;
use super::storage::{FileStorage, MemoryStorage, Storage};
use super::types::Session;
use std::sync::{Arc, Mutex};

pub struct Client {
    pub(crate) http: Http,
    pub(crate) storage: Arc<dyn Storage>,
    pub(crate) events: Events,
    pub(crate) session: Mutex<Option<Arc<Session>>>,
    pub(crate) refresh_gate: RefreshGate,
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
        })
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

    /// The session held in memory, without any network call or refresh.
    pub fn current_session(&self) -> Option<Arc<Session>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the current session, persists it and emits `event` (outside every lock).
    pub(crate) fn save_session(&self, session: Session, event: AuthEvent) -> Result<Arc<Session>> {
        let session = Arc::new(session);
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        let stored = if self.options().persist_session {
            self.storage.set(self.session_key(), &session.to_json())
        } else {
            Ok(())
        };
        self.events.emit(event, Some(&session));
        stored.map(|()| session)
    }

    /// Forgets the session locally (memory and storage) and emits SIGNED_OUT.
    pub(crate) fn remove_session(&self) -> Result<()> {
        let had = self.session.lock().unwrap_or_else(|p| p.into_inner()).take().is_some();
        let removed = self.storage.remove(self.session_key());
        if had {
            self.events.emit(AuthEvent::SignedOut, None);
        }
        removed
    }

    /// Removes the session only if it is still the one with this refresh token, so a
    /// late failure never deletes a newer session.
    pub(crate) fn remove_session_if_current(&self, refresh_token: &str) -> Result<()> {
        let is_current = self
            .current_session()
            .is_some_and(|s| s.refresh_token.expose() == refresh_token);
        if is_current { self.remove_session() } else { Ok(()) }
    }

    /// Loads a session saved by an earlier client with the same storage; refreshes it first
    /// if it is about to expire. Emits INITIAL_SESSION (with or without a session).
    pub fn initialize(&self) -> Result<Option<Arc<Session>>> {
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
            self.events.emit(AuthEvent::InitialSession, None);
            return Ok(None);
        };
        let margin = self.options().refresh_margin_secs;
        let session = Arc::new(session);
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(session.clone());
        let result = if session.needs_refresh(margin) {
            match self.refresh_with(session.refresh_token.expose()) {
                Ok(fresh) => Ok(Some(fresh)),
                Err(e) if e.code.is_definitive_refresh_failure() => Err(e),
                // Offline at start: keep the stored session if it is still valid.
                Err(e) if session.is_expired() => Err(e),
                Err(_) => Ok(Some(session)),
            }
        } else {
            Ok(Some(session))
        };
        self.events.emit(AuthEvent::InitialSession, self.current_session().as_deref());
        result
    }

    /// Marks an error as "the operation needs a session".
    pub(crate) fn require_session(&self) -> Result<Arc<Session>> {
        self.get_session()?.ok_or_else(Error::session_missing)
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
