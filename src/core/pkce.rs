//! PKCE (RFC 7636): verifiers, S256 challenges, and per-flow verifier storage.
//!
//! Several flows may be open at once (an OAuth sign-in in one window, a magic link in a
//! mail client, a password reset). Each flow gets a random flow id; its verifier is stored
//! under `<storage_key>-code-verifier-<flow_id>`. When the flow has a redirect URL, the id
//! is added to it as the query parameter `gotrue_flow_id`; the server keeps the redirect
//! URL's query when it appends `?code=...`, so the callback URL names its own verifier.
//! The most recent flow is also recorded under `<storage_key>-code-verifier` (the key the
//! JS client uses), which is the fallback when the callback carries no flow id (a bare
//! code, or a flow started without a redirect URL).
//!
//! Verifiers expire (`pkce_verifier_ttl_secs`, default 24 h). Every open flow is named in an
//! index under `<storage_key>-code-verifiers` (`{"<flow_id>": expires_at}`), so abandoned
//! flows are found and removed on the next flow start or `initialize` with nothing more
//! than get/set/remove. A storage that can list its keys (memory, file) is also searched for
//! verifiers the index does not name (from an older version, or another process's update
//! that lost a race), which are removed once expired by their own `created_at`.

use super::client::Client;
use super::error::{Error, ErrorCode, Result};
use super::pkce_store::{FlowStore, valid_flow_id};
use super::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The query parameter that carries the flow id through the redirect.
pub const FLOW_ID_PARAM: &str = "gotrue_flow_id";

/// The challenge method sent to the server (the JS client sends the same lowercase form).
pub const CHALLENGE_METHOD: &str = "s256";

/// Fills `buf` from the OS generator.
fn random_bytes(buf: &mut [u8]) -> Result<()> {
    getrandom::getrandom(buf).map_err(|e| Error::new(ErrorCode::Unknown, format!("no OS randomness: {e}")))
}

/// A new code verifier: 56 random bytes, base64url without padding (75 characters, inside
/// RFC 7636's 43..128 range).
pub fn generate_verifier() -> Result<Secret> {
    let mut bytes = [0u8; 56];
    random_bytes(&mut bytes)?;
    let verifier = Secret::new(URL_SAFE_NO_PAD.encode(bytes));
    super::secret::wipe_bytes(&mut bytes);
    Ok(verifier)
}

/// The S256 challenge for a verifier: base64url(SHA-256(verifier)) without padding.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()))
}

/// A new random flow id (16 bytes, base64url: URL- and file-name-safe).
pub fn generate_flow_id() -> Result<String> {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What a flow was started for: decides the event emitted when its code is exchanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// OAuth, SSO, magic link, sign-up confirmation, email change: SIGNED_IN.
    #[default]
    SignIn,
    /// reset_password_for_email: PASSWORD_RECOVERY.
    PasswordRecovery,
}

#[derive(Serialize, Deserialize)]
struct StoredFlow {
    code_verifier: Secret,
    kind: FlowKind,
    created_at: i64,
    /// Absent in records written before verifiers expired: then created_at + the TTL.
    #[serde(default)]
    expires_at: Option<i64>,
}

/// A started flow: what goes to the server and what goes into the redirect URL.
pub struct StartedFlow {
    pub flow_id: String,
    pub code_challenge: String,
}

/// A verifier taken from storage for an exchange (Debug never shows the verifier).
#[derive(Debug)]
pub struct PendingFlow {
    pub flow_id: String,
    pub code_verifier: Secret,
    pub kind: FlowKind,
}

/// The client's flow store (see `pkce_store`).
pub(crate) fn store(client: &Client) -> FlowStore<'_> {
    let options = client.options();
    FlowStore::new(client.storage().as_ref(), &options.storage_key, options.pkce_verifier_ttl_secs, &client.pkce_lock)
}

/// Removes the verifiers of expired flows (see the module doc); returns how many.
pub fn sweep_expired(client: &Client) -> Result<usize> {
    store(client).sweep_expired()
}

/// Starts a flow: stores a new verifier and returns the challenge to send.
pub fn start_flow(client: &Client, kind: FlowKind) -> Result<StartedFlow> {
    let flow_id = generate_flow_id()?;
    let verifier = generate_verifier()?;
    let code_challenge = challenge(verifier.expose());
    let store = store(client);
    let now = super::types::unix_now();
    let expires_at = now.saturating_add(store.ttl());
    let stored = StoredFlow { code_verifier: verifier, kind, created_at: now, expires_at: Some(expires_at) };
    let text = Secret::new(serde_json::to_string(&stored).map_err(|e| Error::new(ErrorCode::Storage, e.to_string()))?);
    store.add(&flow_id, text.expose(), expires_at, now)?;
    Ok(StartedFlow { flow_id, code_challenge })
}

/// Finds the verifier for `flow_id`, or for the most recent flow when `flow_id` is None.
/// Does not remove it (see `finish_flow`): a transient exchange failure may be retried.
pub fn find_flow(client: &Client, flow_id: Option<&str>) -> Result<PendingFlow> {
    let store = store(client);
    let flow_id = match flow_id {
        Some(id) if valid_flow_id(id) => id.to_owned(),
        Some(_) => return Err(missing("the callback URL's flow id is malformed")),
        None => {
            let latest = store.latest()?.ok_or_else(|| missing("no PKCE flow was started by this client (or its storage was cleared)"))?;
            if !valid_flow_id(&latest) {
                return Err(missing("the stored PKCE flow record is unreadable"));
            }
            latest
        }
    };
    let text = store
        .verifier(&flow_id)?
        .ok_or_else(|| missing("no code verifier is stored for this flow (already exchanged, or started by another client or storage)"))?;
    let stored: StoredFlow = serde_json::from_str(text.expose()).map_err(|_| missing("the stored code verifier is unreadable"))?;
    if stored.expires_at.unwrap_or_else(|| stored.created_at.saturating_add(store.ttl())) <= super::types::unix_now() {
        finish_flow(client, &flow_id)?;
        return Err(missing("the flow's code verifier expired (pkce_verifier_ttl_secs) and was removed"));
    }
    Ok(PendingFlow { flow_id, code_verifier: stored.code_verifier, kind: stored.kind })
}

/// Forgets a flow's verifier (and the "most recent" record when it points at this flow).
pub fn finish_flow(client: &Client, flow_id: &str) -> Result<()> {
    store(client).finish(flow_id)
}

fn missing(why: &str) -> Error {
    Error::new(ErrorCode::PkceVerifierMissing, format!("PKCE code verifier missing: {why}"))
}

/// Adds the flow id to a redirect URL's query. Returns the URL unchanged when it cannot be
/// parsed (the server will judge it) .
pub fn tag_redirect(redirect_to: &str, flow_id: &str) -> String {
    match reqwest::Url::parse(redirect_to) {
        Ok(mut url) => {
            let kept: Vec<(String, String)> =
                url.query_pairs().filter(|(k, _)| k != FLOW_ID_PARAM).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            url.query_pairs_mut().clear().extend_pairs(kept).append_pair(FLOW_ID_PARAM, flow_id);
            url.to_string()
        }
        Err(_) => redirect_to.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ClientOptions;

    #[test]
    fn rfc7636_appendix_b_vector() {
        let octets: [u8; 32] = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88,
            83, 132, 141, 121,
        ];
        let verifier = URL_SAFE_NO_PAD.encode(octets);
        assert_eq!(verifier, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge(&verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn verifiers_are_random_and_in_range() {
        let a = generate_verifier().unwrap();
        let b = generate_verifier().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 75);
        assert!((43..=128).contains(&a.expose().len()));
        assert!(a.expose().chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(challenge(a.expose()).len(), 43);
    }

    fn client() -> Client {
        Client::new("http://127.0.0.1:1", "anon", ClientOptions::default()).unwrap()
    }

    #[test]
    fn several_flows_keep_their_own_verifiers() {
        let c = client();
        let first = start_flow(&c, FlowKind::SignIn).unwrap();
        let second = start_flow(&c, FlowKind::PasswordRecovery).unwrap();
        assert_ne!(first.flow_id, second.flow_id);
        let f1 = find_flow(&c, Some(&first.flow_id)).unwrap();
        assert_eq!(challenge(f1.code_verifier.expose()), first.code_challenge);
        assert_eq!(f1.kind, FlowKind::SignIn);
        // Without a flow id the most recent flow is used.
        let latest = find_flow(&c, None).unwrap();
        assert_eq!(latest.flow_id, second.flow_id);
        assert_eq!(latest.kind, FlowKind::PasswordRecovery);
        finish_flow(&c, &first.flow_id).unwrap();
        assert_eq!(find_flow(&c, Some(&first.flow_id)).unwrap_err().code, ErrorCode::PkceVerifierMissing);
        // Finishing another flow left the "most recent" record alone.
        assert_eq!(find_flow(&c, None).unwrap().flow_id, second.flow_id);
        finish_flow(&c, &second.flow_id).unwrap();
        assert_eq!(find_flow(&c, None).unwrap_err().code, ErrorCode::PkceVerifierMissing);
    }

    fn client_with(options: &str) -> Client {
        Client::new("http://127.0.0.1:1", "anon", ClientOptions::from_json(Some(options)).unwrap()).unwrap()
    }

    fn verifier_keys(c: &Client) -> Vec<String> {
        let mut keys = c.storage().keys_with_prefix("sb-auth-token-code-verifier").unwrap().unwrap();
        keys.sort();
        keys
    }

    #[test]
    fn expired_verifiers_are_swept_on_the_next_start_and_refused() {
        let c = client_with(r#"{"pkce_verifier_ttl_secs":1}"#);
        let old = start_flow(&c, FlowKind::SignIn).unwrap();
        assert_eq!(verifier_keys(&c).len(), 3, "verifier, latest record, index");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        // An expired verifier is refused (and removed) even before a sweep.
        let e = find_flow(&c, Some(&old.flow_id)).unwrap_err();
        assert_eq!(e.code, ErrorCode::PkceVerifierMissing);
        assert!(e.message.contains("expired"), "{}", e.message);
        let old2 = start_flow(&c, FlowKind::SignIn).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let new = start_flow(&c, FlowKind::SignIn).unwrap();
        assert_eq!(
            verifier_keys(&c),
            [
                "sb-auth-token-code-verifier".to_owned(),
                format!("sb-auth-token-code-verifier-{}", new.flow_id),
                "sb-auth-token-code-verifiers".to_owned()
            ]
        );
        assert!(find_flow(&c, Some(&old2.flow_id)).is_err());
        assert_eq!(find_flow(&c, None).unwrap().flow_id, new.flow_id);
        finish_flow(&c, &new.flow_id).unwrap();
        assert!(verifier_keys(&c).is_empty(), "finishing the last flow removes the index too: {:?}", verifier_keys(&c));
    }

    #[test]
    fn the_sweep_finds_verifiers_no_index_names() {
        let c = client_with(r#"{"pkce_verifier_ttl_secs":60}"#);
        let key = |id: &str| format!("sb-auth-token-code-verifier-{id}");
        // A record from before verifiers expired (no expires_at, an old created_at), and a
        // young one, neither in the index.
        c.storage().set(&key("legacyold"), r#"{"code_verifier":"v","kind":"sign_in","created_at":1000}"#).unwrap();
        let young = format!(r#"{{"code_verifier":"v","kind":"sign_in","created_at":{}}}"#, crate::core::types::unix_now());
        c.storage().set(&key("legacyyoung"), &young).unwrap();
        c.storage().set(&key("garbage"), "not json").unwrap();
        assert_eq!(sweep_expired(&c).unwrap(), 2);
        assert_eq!(verifier_keys(&c), [key("legacyyoung"), "sb-auth-token-code-verifiers".to_owned()]);
        assert!(find_flow(&c, Some("legacyyoung")).is_ok());
        // Nothing to do the second time.
        assert_eq!(sweep_expired(&c).unwrap(), 0);
    }

    #[test]
    fn a_garbage_index_is_rebuilt() {
        let c = client_with("{}");
        c.storage().set("sb-auth-token-code-verifiers", "[1,2").unwrap();
        let f = start_flow(&c, FlowKind::SignIn).unwrap();
        assert!(find_flow(&c, Some(&f.flow_id)).is_ok());
        let index: std::collections::BTreeMap<String, i64> =
            serde_json::from_str(c.storage().get("sb-auth-token-code-verifiers").unwrap().unwrap().expose()).unwrap();
        assert_eq!(index.keys().collect::<Vec<_>>(), [&f.flow_id]);
    }

    #[test]
    fn malformed_flow_ids_never_reach_storage() {
        let c = client();
        for bad in ["", "../x", "a/b", "a b"] {
            assert_eq!(find_flow(&c, Some(bad)).unwrap_err().code, ErrorCode::PkceVerifierMissing, "{bad:?}");
        }
    }

    #[test]
    fn tag_redirect_adds_or_replaces_the_flow_id() {
        assert_eq!(tag_redirect("http://app.test/cb", "F1"), "http://app.test/cb?gotrue_flow_id=F1");
        assert_eq!(tag_redirect("http://app.test/cb?x=1&gotrue_flow_id=old", "F2"), "http://app.test/cb?x=1&gotrue_flow_id=F2");
        assert_eq!(tag_redirect("myapp://login-callback", "F3"), "myapp://login-callback?gotrue_flow_id=F3");
        assert_eq!(tag_redirect("not a url", "F4"), "not a url");
    }
}
