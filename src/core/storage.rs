//! Persistence for sessions and PKCE verifiers: a small key/value interface with memory,
//! file and caller-supplied implementations.

use super::error::{Error, ErrorCode, Result};
use super::secret::{Secret, wipe_bytes};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Key/value storage. Implementations must be safe to call from several threads.
pub trait Storage: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<Secret>>;
    fn set(&self, key: &str, value: &str) -> Result<()>;
    fn remove(&self, key: &str) -> Result<()>;
    /// False when values die with the client (memory): the client then skips writing its
    /// session there, since it already holds it, and saves a serialization per sign-in/refresh.
    fn is_persistent(&self) -> bool {
        true
    }
    /// The stored keys that start with `prefix`, or `None` when this storage cannot list its
    /// keys (caller-supplied callbacks): listing is optional. Used to find PKCE verifiers
    /// that no index names (left by an older version, or by another process's lost update).
    fn keys_with_prefix(&self, _prefix: &str) -> Result<Option<Vec<String>>> {
        Ok(None)
    }
}

/// Process memory (the default).
#[derive(Default)]
pub struct MemoryStorage {
    items: Mutex<HashMap<String, Secret>>,
}

impl Storage for MemoryStorage {
    fn is_persistent(&self) -> bool {
        false
    }
    fn get(&self, key: &str) -> Result<Option<Secret>> {
        Ok(self.items.lock().unwrap_or_else(|p| p.into_inner()).get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.items.lock().unwrap_or_else(|p| p.into_inner()).insert(key.to_owned(), Secret::new(value));
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<()> {
        self.items.lock().unwrap_or_else(|p| p.into_inner()).remove(key);
        Ok(())
    }
    fn keys_with_prefix(&self, prefix: &str) -> Result<Option<Vec<String>>> {
        let items = self.items.lock().unwrap_or_else(|p| p.into_inner());
        Ok(Some(items.keys().filter(|k| k.starts_with(prefix)).cloned().collect()))
    }
}

/// One file per key in a directory. Writes go to a temporary file (mode 0600) that is
/// fsynced and renamed over the old one, so a crash mid-write leaves either the old or the
/// new value, never a torn file.
pub struct FileStorage {
    dir: PathBuf,
    // Serializes writers in this process; rename keeps readers in other processes safe.
    write_lock: Mutex<()>,
}

fn storage_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::new(ErrorCode::Storage, format!("{what} {}: {e}", path.display()))
}

impl FileStorage {
    pub fn new(dir: impl Into<PathBuf>) -> Result<FileStorage> {
        let dir = dir.into();
        if dir.as_os_str().is_empty() {
            return Err(Error::invalid_argument("storage path must not be empty"));
        }
        create_private_dir(&dir)?;
        remove_stale_temp_files(&dir);
        Ok(FileStorage { dir, write_lock: Mutex::new(()) })
    }

    fn path_for(&self, key: &str) -> Result<PathBuf> {
        let safe =
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) && !key.starts_with('.');
        if !safe {
            return Err(Error::invalid_argument(format!("storage key {key:?} is not a safe file name")));
        }
        Ok(self.dir.join(format!("{key}.json")))
    }
}

/// Temporary files left by a writer that crashed before its rename. They are never read
/// (readers only open `<key>.json`), so this is only tidying; young ones may belong to a
/// writer in another process that is still running, so they are left alone.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(300));
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(|e| storage_error("cannot create storage directory", dir, e))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| storage_error("cannot create storage directory", dir, e))
}

fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

impl Storage for FileStorage {
    fn get(&self, key: &str) -> Result<Option<Secret>> {
        let path = self.path_for(key)?;
        match std::fs::read(&path) {
            Ok(mut bytes) => {
                let text = String::from_utf8(bytes.clone());
                wipe_bytes(&mut bytes);
                match text {
                    Ok(t) => Ok(Some(Secret::new(t))),
                    Err(_) => Err(Error::new(ErrorCode::Storage, format!("{} is not UTF-8", path.display()))),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(storage_error("cannot read", &path, e)),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        let path = self.path_for(key)?;
        let _guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        // Unique per process and per write: two FileStorage values (or processes) sharing a
        // directory never write the same temporary file.
        static SEQUENCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = self.dir.join(format!(".{key}.{}.{n}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let result = (|| {
            let mut file = open_private(&tmp)?;
            file.write_all(value.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            // Make the rename itself durable.
            if let Ok(d) = std::fs::File::open(&self.dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| storage_error("cannot write", &path, e))
    }

    fn remove(&self, key: &str) -> Result<()> {
        let path = self.path_for(key)?;
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(storage_error("cannot remove", &path, e)),
        }
    }

    fn keys_with_prefix(&self, prefix: &str) -> Result<Option<Vec<String>>> {
        let entries = std::fs::read_dir(&self.dir).map_err(|e| storage_error("cannot list", &self.dir, e))?;
        let mut keys = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(key) = name.to_str().and_then(|n| n.strip_suffix(".json")) else { continue };
            if key.starts_with(prefix) && self.path_for(key).is_ok() {
                keys.push(key.to_owned());
            }
        }
        Ok(Some(keys))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gotrue-storage-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn file_storage_round_trips_with_private_permissions() {
        let dir = temp_dir("rt");
        let s = FileStorage::new(&dir).unwrap();
        assert!(s.get("k").unwrap().is_none());
        s.set("k", "v1").unwrap();
        s.set("k", "v2").unwrap();
        assert_eq!(s.get("k").unwrap().unwrap().expose(), "v2");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("k.json")).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        s.remove("k").unwrap();
        s.remove("k").unwrap();
        assert!(s.get("k").unwrap().is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn file_and_memory_storage_list_keys_by_prefix() {
        let dir = temp_dir("list");
        let file = FileStorage::new(&dir).unwrap();
        let memory = MemoryStorage::default();
        for s in [&file as &dyn Storage, &memory] {
            s.set("app-code-verifier-a", "1").unwrap();
            s.set("app-code-verifier-b", "2").unwrap();
            s.set("other", "3").unwrap();
            let mut keys = s.keys_with_prefix("app-code-verifier-").unwrap().unwrap();
            keys.sort();
            assert_eq!(keys, ["app-code-verifier-a", "app-code-verifier-b"]);
        }
        // A temporary file of a crashed writer is not a key.
        std::fs::write(dir.join(".app-code-verifier-c.1.0.tmp"), "x").unwrap();
        assert_eq!(file.keys_with_prefix("app-code-verifier-").unwrap().unwrap().len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_crashed_writers_temp_file_is_never_read() {
        let dir = temp_dir("crash");
        let s = FileStorage::new(&dir).unwrap();
        s.set("k", r#"{"v":1}"#).unwrap();
        // What a writer killed mid-write leaves behind: a partial temporary file.
        std::fs::write(dir.join(".k.99999.0.tmp"), r#"{"v":"#).unwrap();
        assert_eq!(s.get("k").unwrap().unwrap().expose(), r#"{"v":1}"#);
        s.set("k", r#"{"v":2}"#).unwrap();
        assert_eq!(s.get("k").unwrap().unwrap().expose(), r#"{"v":2}"#);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn file_storage_rejects_path_tricks() {
        let dir = temp_dir("keys");
        let s = FileStorage::new(&dir).unwrap();
        for key in ["", "../x", "a/b", ".hidden"] {
            assert_eq!(s.set(key, "v").unwrap_err().code, ErrorCode::InvalidArgument);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
