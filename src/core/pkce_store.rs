//! Where PKCE verifiers are kept: one record per open flow, the "most recent flow" record,
//! and an index of open flows with their expiry, all in the client's storage. Knows nothing
//! of the client (so the client can sweep at start-up without a module cycle); `pkce` builds
//! one with `pkce::store(client)`.

use super::error::{Error, ErrorCode, Result};
use super::secret::Secret;
use super::storage::Storage;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The open flows: flow id -> expires_at.
type FlowIndex = BTreeMap<String, i64>;

#[derive(Deserialize)]
struct LatestFlow {
    flow_id: String,
}

/// The expiry fields of a stored verifier record (the rest is `pkce`'s).
#[derive(Deserialize)]
struct Expiry {
    created_at: i64,
    #[serde(default)]
    expires_at: Option<i64>,
}

pub(crate) fn valid_flow_id(flow_id: &str) -> bool {
    !flow_id.is_empty() && flow_id.len() <= 64 && flow_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A client's verifier records (see the module doc).
pub(crate) struct FlowStore<'a> {
    storage: &'a dyn Storage,
    key: &'a str,
    ttl: i64,
    /// Serializes index updates in this process.
    lock: &'a Mutex<()>,
}

impl<'a> FlowStore<'a> {
    pub(crate) fn new(storage: &'a dyn Storage, key: &'a str, ttl_secs: u64, lock: &'a Mutex<()>) -> FlowStore<'a> {
        FlowStore { storage, key, ttl: i64::try_from(ttl_secs).unwrap_or(i64::MAX), lock }
    }

    pub(crate) fn ttl(&self) -> i64 {
        self.ttl
    }

    fn flow_key(&self, flow_id: &str) -> String {
        format!("{}-code-verifier-{flow_id}", self.key)
    }

    fn latest_key(&self) -> String {
        format!("{}-code-verifier", self.key)
    }

    fn index_key(&self) -> String {
        format!("{}-code-verifiers", self.key)
    }

    /// A flow's stored record, if any.
    pub(crate) fn verifier(&self, flow_id: &str) -> Result<Option<Secret>> {
        self.storage.get(&self.flow_key(flow_id))
    }

    /// The most recent flow's id, if one is recorded and readable.
    pub(crate) fn latest(&self) -> Result<Option<String>> {
        Ok(self.storage.get(&self.latest_key())?.and_then(|l| serde_json::from_str::<LatestFlow>(l.expose()).ok()).map(|l| l.flow_id))
    }

    fn read_index(&self) -> Result<FlowIndex> {
        // An unreadable index is rebuilt rather than blocking every flow.
        Ok(self.storage.get(&self.index_key())?.and_then(|t| serde_json::from_str(t.expose()).ok()).unwrap_or_default())
    }

    fn write_index(&self, index: &FlowIndex) -> Result<()> {
        if index.is_empty() {
            return self.storage.remove(&self.index_key());
        }
        let text = serde_json::to_string(index).map_err(|e| Error::new(ErrorCode::Storage, e.to_string()))?;
        self.storage.set(&self.index_key(), &text)
    }

    /// Removes one flow's record, and the "most recent" record when it points at that flow.
    fn remove_flow(&self, flow_id: &str) -> Result<()> {
        self.storage.remove(&self.flow_key(flow_id))?;
        if self.latest()?.is_some_and(|l| l == flow_id) {
            self.storage.remove(&self.latest_key())?;
        }
        Ok(())
    }

    /// Removes the records of flows whose time is up; returns how many. Caller holds the lock.
    fn sweep_locked(&self, index: &mut FlowIndex, now: i64) -> Result<usize> {
        let expired: Vec<String> = index.iter().filter(|(_, at)| **at <= now).map(|(id, _)| id.clone()).collect();
        for id in &expired {
            self.remove_flow(id)?;
            index.remove(id);
        }
        let mut removed = expired.len();
        // Records no index names: judged by their own expiry.
        let prefix = format!("{}-code-verifier-", self.key);
        if let Some(keys) = self.storage.keys_with_prefix(&prefix)? {
            for key in keys {
                let Some(id) = key.strip_prefix(&prefix) else { continue };
                if index.contains_key(id) || !valid_flow_id(id) {
                    continue;
                }
                let expires_at = match self.storage.get(&key)? {
                    Some(text) => serde_json::from_str::<Expiry>(text.expose())
                        .map(|e| e.expires_at.unwrap_or_else(|| e.created_at.saturating_add(self.ttl)))
                        .unwrap_or(i64::MIN),
                    None => continue,
                };
                if expires_at <= now {
                    self.remove_flow(id)?;
                    removed += 1;
                } else {
                    index.insert(id.to_owned(), expires_at);
                }
            }
        }
        Ok(removed)
    }

    /// Removes the records of expired flows; returns how many.
    pub(crate) fn sweep_expired(&self) -> Result<usize> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = self.read_index()?;
        let before = index.clone();
        let removed = self.sweep_locked(&mut index, super::types::unix_now())?;
        if index != before {
            self.write_index(&index)?;
        }
        Ok(removed)
    }

    /// Sweeps, then stores a new flow's record (`text`) and makes it the most recent flow.
    pub(crate) fn add(&self, flow_id: &str, text: &str, expires_at: i64, now: i64) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut index = self.read_index()?;
        self.sweep_locked(&mut index, now)?;
        self.storage.set(&self.flow_key(flow_id), text)?;
        index.insert(flow_id.to_owned(), expires_at);
        self.write_index(&index)?;
        let latest = serde_json::json!({ "flow_id": flow_id }).to_string();
        self.storage.set(&self.latest_key(), &latest)
    }

    /// Forgets a flow (its record, the "most recent" record if it points here, its index entry).
    pub(crate) fn finish(&self, flow_id: &str) -> Result<()> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        self.remove_flow(flow_id)?;
        let mut index = self.read_index()?;
        if index.remove(flow_id).is_some() {
            self.write_index(&index)?;
        }
        Ok(())
    }
}
