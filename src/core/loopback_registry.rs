//! The loopback listeners of one client, cancelled when it is freed. Holds them as
//! `Weak<dyn Cancel>` so the client does not depend on the loopback module.

use std::sync::{Arc, Mutex, Weak};

/// Something the client cancels when it goes (a loopback listener).
pub(crate) trait Cancel: Send + Sync {
    /// Stops it and waits for work in flight (unless called from that work's own thread).
    fn cancel(&self);
}

#[derive(Default)]
pub(crate) struct Registry {
    list: Mutex<Vec<Weak<dyn Cancel>>>,
}

impl Registry {
    pub(crate) fn add(&self, item: Arc<dyn Cancel>) {
        let mut list = self.list.lock().unwrap_or_else(|p| p.into_inner());
        list.retain(|w| w.strong_count() > 0);
        list.push(Arc::downgrade(&item));
    }

    /// Cancels every live item (outside the lock).
    pub(crate) fn cancel_all(&self) {
        let live: Vec<Arc<dyn Cancel>> =
            self.list.lock().unwrap_or_else(|p| p.into_inner()).drain(..).filter_map(|w| w.upgrade()).collect();
        for item in live {
            item.cancel();
        }
    }
}
