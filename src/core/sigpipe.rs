//! Keeps SIGPIPE from reaching the host process.
//!
//! A write to a socket whose peer has gone raises SIGPIPE, and the default action kills the
//! process (exit 141). reqwest/hyper write with `writev`, which has no MSG_NOSIGNAL flag, and a
//! library must neither change nor rely on the host's signal disposition. So, as curl does, the
//! thread's own mask blocks SIGPIPE while the library does I/O, and a SIGPIPE raised meanwhile
//! is consumed before the mask is restored. On Linux a write's SIGPIPE is directed at the
//! writing thread, so no other thread can see it. The runtime's helper threads (DNS lookups
//! via spawn_blocking) are started inside that window and inherit the blocked mask; the
//! auto-refresh thread blocks SIGPIPE for its whole life.
//!
//! Apple platforms need nothing here: mio and socket2 set SO_NOSIGPIPE on every socket.

/// Blocks SIGPIPE on this thread until dropped; then consumes a SIGPIPE raised meanwhile and
/// restores the mask. A SIGPIPE that was already pending (the host's own) is left alone.
#[must_use]
pub(crate) struct SigpipeGuard {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    _inner: linux::Guard,
}

impl SigpipeGuard {
    pub(crate) fn new() -> SigpipeGuard {
        SigpipeGuard {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            _inner: linux::Guard::new(),
        }
    }
}

/// Blocks SIGPIPE on the calling thread for good: for threads the library owns (the
/// auto-refresh thread), so no SIGPIPE of theirs can ever be delivered.
pub(crate) fn block_on_this_thread() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    linux::block();
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux {
    use std::mem::MaybeUninit;
    use std::ptr;

    fn sigpipe_set() -> libc::sigset_t {
        let mut set = MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: sigemptyset initialises the set; sigaddset with a valid signal cannot fail.
        unsafe {
            libc::sigemptyset(set.as_mut_ptr());
            libc::sigaddset(set.as_mut_ptr(), libc::SIGPIPE);
            set.assume_init()
        }
    }

    fn is_member(set: &libc::sigset_t) -> bool {
        // SAFETY: `set` is an initialised sigset_t.
        unsafe { libc::sigismember(set, libc::SIGPIPE) == 1 }
    }

    pub(super) fn block() {
        let set = sigpipe_set();
        // SAFETY: valid set; the old mask is not wanted.
        unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, ptr::null_mut()) };
    }

    pub(super) struct Guard {
        /// The mask to restore, when SIGPIPE was not blocked before.
        restore: Option<libc::sigset_t>,
        /// False when a SIGPIPE was pending before: it is not ours to consume.
        consume: bool,
    }

    impl Guard {
        pub(super) fn new() -> Guard {
            let set = sigpipe_set();
            let mut old = MaybeUninit::<libc::sigset_t>::uninit();
            // SAFETY: valid set and out-pointer.
            if unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, old.as_mut_ptr()) } != 0 {
                return Guard { restore: None, consume: false };
            }
            // SAFETY: pthread_sigmask succeeded, so it wrote the old mask.
            let old = unsafe { old.assume_init() };
            if !is_member(&old) {
                // SIGPIPE was deliverable to this thread until now, so none can be pending
                // (it would have been delivered): no sigpending call needed. This is the
                // usual case, and saves one syscall per request.
                return Guard { restore: Some(old), consume: true };
            }
            let mut pending = MaybeUninit::<libc::sigset_t>::uninit();
            // SAFETY: valid out-pointer; on failure assume a pending signal (consume nothing).
            let was_pending = unsafe { libc::sigpending(pending.as_mut_ptr()) } != 0 || is_member(unsafe { pending.assume_init_ref() });
            Guard { restore: None, consume: !was_pending }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            if self.consume {
                let set = sigpipe_set();
                let zero = libc::timespec { tv_sec: 0, tv_nsec: 0 };
                // Returns at once: SIGPIPE if one is pending (consumed), else -1/EAGAIN.
                // SAFETY: valid set and timeout; the siginfo is not wanted.
                while unsafe { libc::sigtimedwait(&set, ptr::null_mut(), &zero) } == -1
                    && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR)
                {}
            }
            if let Some(old) = &self.restore {
                // SAFETY: `old` is the mask pthread_sigmask returned.
                unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, old, ptr::null_mut()) };
            }
        }
    }
}

#[cfg(all(test, any(target_os = "linux", target_os = "android")))]
mod tests {
    use super::*;

    fn blocked() -> bool {
        let mut now = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: a NULL new mask only reads the current one.
        unsafe {
            libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), now.as_mut_ptr());
            libc::sigismember(now.as_ptr(), libc::SIGPIPE) == 1
        }
    }

    fn pending() -> bool {
        let mut set = std::mem::MaybeUninit::<libc::sigset_t>::uninit();
        // SAFETY: valid out-pointer.
        unsafe {
            libc::sigpending(set.as_mut_ptr());
            libc::sigismember(set.as_ptr(), libc::SIGPIPE) == 1
        }
    }

    #[test]
    fn a_sigpipe_raised_under_the_guard_is_consumed_and_the_mask_restored() {
        // On a fresh thread: the test harness's threads may already have their own mask.
        std::thread::spawn(|| {
            assert!(!blocked());
            {
                let _guard = SigpipeGuard::new();
                assert!(blocked());
                // SAFETY: raising a signal at this thread; it is blocked, so it stays pending.
                unsafe { libc::pthread_kill(libc::pthread_self(), libc::SIGPIPE) };
                assert!(pending());
            }
            assert!(!pending(), "the guard consumed its SIGPIPE");
            assert!(!blocked(), "the guard restored the mask");
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_mask_that_already_blocked_sigpipe_stays_blocked() {
        std::thread::spawn(|| {
            block_on_this_thread();
            drop(SigpipeGuard::new());
            assert!(blocked());
        })
        .join()
        .unwrap();
    }
}
