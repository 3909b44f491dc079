//! Non-blocking calls: a bounded pool of worker threads per client, cancel tokens, and the
//! mailbox that `poll` empties.
//!
//! A worker runs an ordinary blocking call with the job's `CancelToken` made current for
//! its thread (`with_token`). The HTTP layer reads that token: it refuses to start a request
//! once the token is cancelled, races the request against it until the answer's status line
//! and headers arrive (dropping the connection when cancelled first), and wakes from retry
//! backoff at once. After the answer has started to arrive it is read to the end and used,
//! so an answer the server already sent (a rotated refresh token) is never lost. A thread
//! without a current token (every caller of a blocking function) is never cancelled.

use super::error::{Error, ErrorCode, Result};
use std::any::Any;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::task::{Poll, Waker};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

pub use super::config::{DEFAULT_WORKERS, MAX_WORKERS};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The error a cancelled request completes with.
pub fn cancelled() -> Error {
    Error::new(ErrorCode::Cancelled, "the request was cancelled")
}

/// Set once by `cancel`, from any thread; wakes whatever the job is waiting on.
#[derive(Default)]
pub struct CancelToken {
    flag: AtomicBool,
    /// The waker of the HTTP future racing this token (at most one at a time).
    waker: Mutex<Option<Waker>>,
    /// For sleeps and condition waits of the job's thread.
    sleep_lock: Mutex<()>,
    sleep: Condvar,
}

impl CancelToken {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        if let Some(waker) = lock(&self.waker).take() {
            waker.wake();
        }
        let _guard = lock(&self.sleep_lock);
        self.sleep.notify_all();
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Sleeps for `d` or until cancelled; true when cancelled.
    fn sleep(&self, d: Duration) -> bool {
        let end = Instant::now() + d;
        let mut guard = lock(&self.sleep_lock);
        loop {
            if self.is_cancelled() {
                return true;
            }
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            guard = self.sleep.wait_timeout(guard, left).unwrap_or_else(|p| p.into_inner()).0;
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<CancelToken>>> = const { RefCell::new(None) };
}

/// Runs `f` with `token` as this thread's cancel token (restored afterwards, even on panic).
pub fn with_token<R>(token: Arc<CancelToken>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<CancelToken>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(token)));
    f()
}

/// This thread's cancel token, when it is running a non-blocking call's job.
pub(crate) fn current() -> Option<Arc<CancelToken>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// True when this thread runs a job whose request was cancelled.
pub(crate) fn is_cancelled() -> bool {
    CURRENT.with(|c| c.borrow().as_ref().is_some_and(|t| t.is_cancelled()))
}

/// Fails with CANCELLED when this thread's job was cancelled.
pub(crate) fn check() -> Result<()> {
    if is_cancelled() { Err(cancelled()) } else { Ok(()) }
}

/// Sleeps (retry backoff) unless this thread's job is cancelled first.
pub(crate) fn sleep(d: Duration) -> Result<()> {
    match current() {
        Some(token) if token.sleep(d) => Err(cancelled()),
        Some(_) => Ok(()),
        None => {
            std::thread::sleep(d);
            Ok(())
        }
    }
}

/// How often a cancellable condition wait looks at its token (waits on other threads' work,
/// e.g. a refresh in flight, use plain condition variables that the token cannot signal).
pub(crate) const WAIT_SLICE: Duration = Duration::from_millis(10);

/// Runs `fut` to completion unless `token` is cancelled first (then `fut` is dropped, which
/// drops its connection).
pub(crate) async fn until_cancelled<F: Future>(token: &CancelToken, fut: F) -> Result<F::Output> {
    let mut fut = pin!(fut);
    std::future::poll_fn(move |cx| {
        if token.is_cancelled() {
            return Poll::Ready(Err(cancelled()));
        }
        *lock(&token.waker) = Some(cx.waker().clone());
        // Checked again after registering: a cancel in between would have found no waker.
        if token.is_cancelled() {
            return Poll::Ready(Err(cancelled()));
        }
        fut.as_mut().poll(cx).map(Ok)
    })
    .await
}

/// One unit of work for a pool whose workers run jobs on a `C` (the client).
pub trait Job<C>: Send + Sync + 'static {
    /// Runs on a worker thread. `client` is None when the client is already gone.
    fn run(self: Arc<Self>, client: Option<&Arc<C>>);
    /// Asks the job to stop (from any thread); it still completes, exactly once.
    fn cancel(self: Arc<Self>);
    /// False once the job has completed (a completed job may still sit in the queue).
    fn is_pending(&self) -> bool;
}

/// Completed poll-mode requests, in completion order, until `poll` hands them out.
#[derive(Default)]
pub struct Mailbox {
    completed: Mutex<VecDeque<Arc<dyn Any + Send + Sync>>>,
}

impl Mailbox {
    pub fn push(&self, item: Arc<dyn Any + Send + Sync>) {
        lock(&self.completed).push_back(item);
    }

    /// Takes up to `max` items that `keep` accepts; rejected ones are dropped.
    pub fn take(&self, max: usize, mut keep: impl FnMut(&Arc<dyn Any + Send + Sync>) -> bool) -> Vec<Arc<dyn Any + Send + Sync>> {
        let mut queue = lock(&self.completed);
        let mut out = Vec::new();
        while out.len() < max {
            let Some(item) = queue.pop_front() else { break };
            if keep(&item) {
                out.push(item);
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        lock(&self.completed).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

struct PoolState<C> {
    queue: VecDeque<Arc<dyn Job<C>>>,
    /// The job each worker is running (indexed like `threads`).
    running: Vec<Option<Arc<dyn Job<C>>>>,
    threads: Vec<(ThreadId, Option<JoinHandle<()>>)>,
    idle: usize,
    closed: bool,
}

impl<C> Default for PoolState<C> {
    fn default() -> Self {
        PoolState { queue: VecDeque::new(), running: Vec::new(), threads: Vec::new(), idle: 0, closed: false }
    }
}

/// A client's workers: started on demand, at most `size`, all stopped by `shutdown`.
pub struct Pool<C: Send + Sync + 'static> {
    state: Mutex<PoolState<C>>,
    work: Condvar,
    size: usize,
    mailbox: Arc<Mailbox>,
}

impl<C: Send + Sync + 'static> Pool<C> {
    pub fn new(size: usize) -> Pool<C> {
        Pool { state: Mutex::default(), work: Condvar::new(), size: size.clamp(1, MAX_WORKERS), mailbox: Arc::default() }
    }

    pub fn mailbox(&self) -> &Arc<Mailbox> {
        &self.mailbox
    }

    /// Queues a job; starts a worker when none is idle and the pool is not full.
    /// `client` is what the workers run jobs on.
    pub fn submit(self: &Arc<Self>, job: Arc<dyn Job<C>>, client: Weak<C>) -> Result<()> {
        let mut state = lock(&self.state);
        if state.closed {
            return Err(Error::new(ErrorCode::Cancelled, "the client is being freed: no request can start"));
        }
        state.queue.push_back(job);
        // Workers that are idle now will take the queued jobs; start one more only when
        // there are more queued jobs than idle workers.
        if state.queue.len() > state.idle && state.threads.len() < self.size {
            let index = state.threads.len();
            let pool = Arc::downgrade(self);
            let spawned = std::thread::Builder::new().name("gotrue-request".into()).spawn(move || worker(pool, client, index));
            match spawned {
                Ok(handle) => {
                    state.threads.push((handle.thread().id(), Some(handle)));
                    state.running.push(None);
                }
                // With no worker at all the job could never run: refuse it.
                Err(e) if state.threads.is_empty() => {
                    state.queue.pop_back();
                    return Err(Error::new(ErrorCode::Unknown, format!("cannot start a request worker thread: {e}")));
                }
                Err(_) => {}
            }
        }
        drop(state);
        self.work.notify_one();
        Ok(())
    }

    /// Jobs queued or running that have not completed.
    pub fn in_flight(&self) -> usize {
        let state = lock(&self.state);
        state.queue.iter().chain(state.running.iter().flatten()).filter(|j| j.is_pending()).count()
    }

    /// Cancels every queued and running job and waits for the workers to end (except the
    /// calling thread, when a job's callback frees its own client). Queued jobs complete on
    /// this thread, running ones on their worker before it ends. Idempotent.
    pub fn shutdown(&self) {
        let (queued, running, threads) = {
            let mut state = lock(&self.state);
            state.closed = true;
            let queued: Vec<_> = state.queue.drain(..).collect();
            let running: Vec<_> = state.running.iter().flatten().cloned().collect();
            let threads: Vec<_> = state.threads.iter_mut().filter_map(|(id, h)| h.take().map(|h| (*id, h))).collect();
            (queued, running, threads)
        };
        self.work.notify_all();
        for job in running {
            job.cancel();
        }
        for job in queued {
            job.cancel();
        }
        let me = std::thread::current().id();
        for (id, handle) in threads {
            if id != me {
                let _ = handle.join();
            }
        }
    }
}

impl<C: Send + Sync + 'static> Drop for Pool<C> {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn worker<C: Send + Sync + 'static>(pool: Weak<Pool<C>>, client: Weak<C>, index: usize) {
    // The library's own thread: no SIGPIPE of its writes may reach the host.
    super::sigpipe::block_on_this_thread();
    loop {
        let (pool_ref, job) = {
            let Some(pool) = pool.upgrade() else { return };
            let mut state = lock(&pool.state);
            let job = loop {
                if let Some(job) = state.queue.pop_front() {
                    break job;
                }
                if state.closed {
                    return;
                }
                state.idle += 1;
                state = pool.work.wait(state).unwrap_or_else(|p| p.into_inner());
                state.idle -= 1;
            };
            if let Some(slot) = state.running.get_mut(index) {
                *slot = Some(job.clone());
            }
            drop(state);
            (pool, job)
        };
        // A closed pool still runs what it handed out: the job sees its cancelled token.
        {
            let client = client.upgrade();
            job.run(client.as_ref());
        }
        if let Some(slot) = lock(&pool_ref.state).running.get_mut(index) {
            *slot = None;
        }
        drop(pool_ref);
    }
}
