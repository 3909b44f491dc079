//! Persistence through the C ABI: file storage (atomic, 0600, crash-safe), caller-supplied
//! callbacks, resuming with gotrue_client_initialize, auth events, auto-refresh start/stop.
//! No server is needed: sessions are seeded into storage; where a refresh must succeed a
//! fixture answers it (the real-server versions are in tests/server_lifecycle.rs).

mod common;
#[path = "common/lifecycle.rs"]
mod support;

use common::fixture::Fixture;
use common::*;
use gotrue::ffi::GoTrueAuthEvent;
use gotrue::ffi::GoTrueErrorCode;
use gotrue::ffi::*;
use serde_json::json;
use std::collections::HashMap;
use std::ffi::{CStr, c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

#[test]
fn a_new_client_resumes_the_stored_session_with_one_call() {
    let dir = temp_dir("resume");
    seed(&dir, &session_json(3600, "rt-stored"));
    // Nothing listens: resuming a valid session needs no network.
    let c = Client::new(&common::fixture::Fixture::refused_url(), "anon", Some(&file_options(&dir, json!({})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    let s = initialize(&c).unwrap().expect("resumed");
    assert_eq!(s.refresh_token(), "rt-stored");
    assert_eq!(s.email().as_deref(), Some("fixture@example.com"));
    assert_eq!(*recorder.events.lock().unwrap(), vec![(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION, Some("rt-stored".to_owned()))]);
    assert_eq!(get_session(&c).unwrap().unwrap().refresh_token(), "rt-stored");
    // Nothing stored: success with NULL and INITIAL_SESSION without a session.
    let empty = temp_dir("resume-empty");
    let c = Client::new(&Fixture::refused_url(), "anon", Some(&file_options(&empty, json!({})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    assert!(initialize(&c).unwrap().is_none());
    assert_eq!(*recorder.events.lock().unwrap(), vec![(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION, None)]);
    // A corrupt entry is dropped and treated as none.
    std::fs::write(empty.join(format!("{KEY}.json")), "{not json").unwrap();
    assert!(initialize(&c).unwrap().is_none());
    assert!(stored(&empty).is_none());
}

#[test]
fn an_expired_stored_session_is_refreshed_before_it_is_returned_and_rewritten_privately() {
    let fixture = Fixture::start(refresh_answers(3600, Duration::ZERO));
    let dir = temp_dir("resume-expired");
    seed(&dir, &session_json(-60, "rt-0"));
    let c = Client::new(&fixture.url, "anon", Some(&file_options(&dir, json!({})))).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    assert_eq!(initialize(&c).unwrap().unwrap().refresh_token(), "rt-1");
    assert_eq!(refresh_tokens_sent(&fixture.requests()), vec!["rt-0"]);
    assert_eq!(
        recorder.kinds(),
        vec![GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED, GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION]
    );
    let saved = stored(&dir).unwrap();
    assert_eq!(saved["refresh_token"], "rt-1");
    assert!(saved["received_at"].as_i64().unwrap() > 0, "receipt time is persisted for skew-free expiry");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(format!("{KEY}.json"))).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A directory the library creates itself is private too.
        let fresh = temp_dir("fresh").join("nested");
        let _c = Client::new(&fixture.url, "anon", Some(&file_options(&fresh, json!({})))).unwrap();
        let dir_mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(dir_mode, 0o700, "directory is private");
    }
    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty());
}

/// Child side of the crash test: writes sessions as fast as it can until killed.
#[test]
fn storage_writer_child() {
    let Ok(dir) = std::env::var("GOTRUE_LIFECYCLE_WRITER_DIR") else { return };
    let storage = gotrue::core::storage::FileStorage::new(&dir).unwrap();
    use gotrue::core::storage::Storage;
    // Large values make a torn write likely if writes were not atomic.
    let padding = "x".repeat(256 * 1024);
    for i in 0u64.. {
        let value = json!({"n": i, "padding": padding}).to_string();
        storage.set(KEY, &value).unwrap();
    }
}

#[test]
fn a_writer_killed_mid_write_never_leaves_a_torn_session() {
    let dir = temp_dir("killed");
    std::fs::create_dir_all(&dir).unwrap();
    for round in 0..5 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "storage_writer_child", "--nocapture", "--test-threads=1"])
            .env("GOTRUE_LIFECYCLE_WRITER_DIR", &dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let storage = gotrue::core::storage::FileStorage::new(&dir).unwrap();
        use gotrue::core::storage::Storage;
        // Kill it only once it has written (a loaded machine may start it late), then at a
        // moment that differs per round.
        let started = std::time::Instant::now();
        while storage.get(KEY).unwrap().is_none() && started.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(20 + 70 * round));
        // Read while it writes: every read is a whole value.
        for _ in 0..50 {
            if let Some(v) = storage.get(KEY).unwrap() {
                serde_json::from_str::<serde_json::Value>(v.expose()).expect("never a torn read");
            }
        }
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        let v = storage.get(KEY).unwrap().expect("a complete value survives");
        serde_json::from_str::<serde_json::Value>(v.expose()).expect("never a torn file after a kill");
    }
}

// ---- caller-supplied storage -------------------------------------------------------------

#[derive(Default)]
struct MapStorage {
    items: Mutex<HashMap<String, String>>,
    calls: AtomicUsize,
    released: AtomicUsize,
    fail_get: std::sync::atomic::AtomicBool,
}

fn user(p: *mut c_void) -> &'static MapStorage {
    unsafe { &*(p as *const MapStorage) }
}
fn text(p: *const c_char) -> String {
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

unsafe extern "C" fn map_get(ud: *mut c_void, key: *const c_char, out: *mut GoTrueStorageValue) -> i32 {
    let s = user(ud);
    s.calls.fetch_add(1, Ordering::SeqCst);
    if s.fail_get.load(Ordering::SeqCst) {
        return -5;
    }
    if let Some(v) = s.items.lock().unwrap().get(&text(key)) {
        let v = cs(v);
        let err = unsafe { gotrue_storage_value_set(out, v.as_ptr()) };
        assert!(err.is_null());
        // `v` is dropped here: the library copied it.
    }
    0
}
unsafe extern "C" fn map_set(ud: *mut c_void, key: *const c_char, value: *const c_char) -> i32 {
    user(ud).calls.fetch_add(1, Ordering::SeqCst);
    user(ud).items.lock().unwrap().insert(text(key), text(value));
    0
}
unsafe extern "C" fn map_remove(ud: *mut c_void, key: *const c_char) -> i32 {
    user(ud).calls.fetch_add(1, Ordering::SeqCst);
    user(ud).items.lock().unwrap().remove(&text(key));
    0
}
unsafe extern "C" fn map_release(ud: *mut c_void) {
    user(ud).released.fetch_add(1, Ordering::SeqCst);
}

fn callbacks(storage: &'static MapStorage) -> GoTrueStorageCallbacks {
    GoTrueStorageCallbacks {
        user_data: storage as *const MapStorage as *mut c_void,
        get: Some(map_get),
        set: Some(map_set),
        remove: Some(map_remove),
        release: Some(map_release),
    }
}

fn new_with_storage(url: &str, options: Option<&str>, cb: &GoTrueStorageCallbacks) -> Result<Client, CError> {
    let (url, key, options) = (cs(url), cs("anon"), options.map(cs));
    let mut out = null_mut();
    check(unsafe { gotrue_client_new_with_storage(url.as_ptr(), key.as_ptr(), opt_ptr(&options), cb, &mut out) })?;
    Ok(Client(out))
}

#[test]
fn callback_storage_resumes_refreshes_and_is_released_once() {
    let storage: &'static MapStorage = Box::leak(Box::default());
    storage.items.lock().unwrap().insert("my-app".into(), session_json(-5, "rt-0").to_string());
    let fixture = Fixture::start(refresh_answers(3600, Duration::ZERO));
    let c = new_with_storage(&fixture.url, Some(r#"{"storage_key":"my-app"}"#), &callbacks(storage)).unwrap();
    assert_eq!(initialize(&c).unwrap().unwrap().refresh_token(), "rt-1");
    let saved: serde_json::Value = serde_json::from_str(&storage.items.lock().unwrap()["my-app"]).unwrap();
    assert_eq!(saved["refresh_token"], "rt-1");
    // Sign-out removes it through the callback (the fixture's 404 for /logout counts as gone).
    check(unsafe { gotrue_client_sign_out(c.ptr(), 1) }).unwrap();
    assert!(storage.items.lock().unwrap().get("my-app").is_none());
    assert_eq!(storage.released.load(Ordering::SeqCst), 0);
    drop(c);
    assert_eq!(storage.released.load(Ordering::SeqCst), 1, "release runs once, at free");
}

#[test]
fn callback_storage_failures_and_misuse_have_clear_codes() {
    let storage: &'static MapStorage = Box::leak(Box::default());
    storage.fail_get.store(true, Ordering::SeqCst);
    let c = new_with_storage(&Fixture::refused_url(), None, &callbacks(storage)).unwrap();
    let err = initialize(&c).err().unwrap();
    assert_eq!(err.code, GoTrueErrorCode::Storage);
    assert!(err.message.contains("-5"), "{}", err.message);
    drop(c);

    let other: &'static MapStorage = Box::leak(Box::default());
    let mut cb = callbacks(other);
    cb.get = None;
    assert_eq!(new_with_storage("http://127.0.0.1:1", None, &cb).err().unwrap().code, GoTrueErrorCode::NullArgument);
    let cb = callbacks(other);
    let file = r#"{"storage":{"type":"file","path":"/tmp/x"}}"#;
    assert_eq!(new_with_storage("http://127.0.0.1:1", Some(file), &cb).err().unwrap().code, GoTrueErrorCode::InvalidArgument);
    assert_eq!(new_with_storage("not a url", None, &cb).err().unwrap().code, GoTrueErrorCode::InvalidArgument);
    assert_eq!(other.released.load(Ordering::SeqCst), 0, "failed construction never releases user_data");
    let (url, key) = (cs("http://127.0.0.1:1"), cs("anon"));
    let mut out = null_mut();
    let code = |e| check(e).unwrap_err().code;
    unsafe {
        assert_eq!(
            code(gotrue_client_new_with_storage(url.as_ptr(), key.as_ptr(), null(), null(), &mut out)),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(
            code(gotrue_client_new_with_storage(url.as_ptr(), key.as_ptr(), null(), &cb, null_mut())),
            GoTrueErrorCode::NullArgument
        );
        assert_eq!(code(gotrue_client_new_with_storage(null(), key.as_ptr(), null(), &cb, &mut out)), GoTrueErrorCode::NullArgument);
        let v = cs("x");
        assert_eq!(code(gotrue_storage_value_set(null_mut(), v.as_ptr())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_storage_value_set(null_mut(), null())), GoTrueErrorCode::NullArgument);
    }
    assert!(out.is_null());
}

// ---- events ------------------------------------------------------------------------------

#[test]
fn callbacks_may_call_back_into_the_client_without_deadlock() {
    let fixture = Fixture::start(refresh_answers(3600, Duration::ZERO));
    let dir = temp_dir("reenter");
    seed(&dir, &session_json(-5, "rt-0"));
    let c = Client::new(&fixture.url, "anon", Some(&file_options(&dir, json!({})))).unwrap();
    let (recorder, id) = Recorder::subscribe(&c);
    *recorder.reenter.lock().unwrap() = Some(c.ptr() as usize);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let done = done.clone();
        std::thread::spawn(move || {
            for _ in 0..100 {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            panic!("deadlock: a callback calling into the client never returned");
        })
    };
    initialize(&c).unwrap(); // TOKEN_REFRESHED + INITIAL_SESSION, each calling get_session
    refresh(&c, None).unwrap();
    done.store(true, Ordering::SeqCst);
    watchdog.join().unwrap();
    assert_eq!(recorder.reentered.load(Ordering::SeqCst), 3);
    assert_eq!(
        recorder.kinds(),
        vec![
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED,
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_INITIAL_SESSION,
            GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED
        ]
    );
    // Unsubscribed: no more events; unknown ids are an error.
    check(unsafe { gotrue_client_unsubscribe(c.ptr(), id) }).unwrap();
    refresh(&c, None).unwrap();
    assert_eq!(recorder.kinds().len(), 3);
    assert_eq!(check(unsafe { gotrue_client_unsubscribe(c.ptr(), id) }).unwrap_err().code, GoTrueErrorCode::InvalidArgument);
}

#[test]
fn event_functions_check_their_arguments() {
    let c = Client::new(&Fixture::refused_url(), "anon", None).unwrap();
    let mut id = 0u64;
    let code = |e| check(e).unwrap_err().code;
    unsafe {
        assert_eq!(code(gotrue_client_on_auth_state_change(null(), None, null_mut(), None, &mut id)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_on_auth_state_change(c.ptr(), None, null_mut(), None, &mut id)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_unsubscribe(null(), 1)), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_initialize(null(), null_mut())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_start_auto_refresh(null())), GoTrueErrorCode::NullArgument);
        assert_eq!(code(gotrue_client_stop_auto_refresh(null())), GoTrueErrorCode::NullArgument);
    }
    assert_eq!(id, 0);
    // initialize with out_session NULL is allowed.
    check(unsafe { gotrue_client_initialize(c.ptr(), null_mut()) }).unwrap();
}

/// What a finalizer test's callback and finalizer record, reached through `user_data`.
#[derive(Default)]
struct Finalized {
    calls: AtomicUsize,
    finalized: AtomicUsize,
    /// While set, the callback waits here (entered, then released by the test).
    gate: Mutex<Option<(std::sync::mpsc::Sender<()>, std::sync::mpsc::Receiver<()>)>>,
}

unsafe extern "C" fn count_call(_event: GoTrueAuthEvent, _session: *const GoTrueSession, user_data: *mut c_void) {
    let state = unsafe { &*(user_data as *const Finalized) };
    state.calls.fetch_add(1, Ordering::SeqCst);
    if let Some((entered, release)) = state.gate.lock().unwrap().take() {
        entered.send(()).unwrap();
        release.recv().unwrap();
    }
}

unsafe extern "C" fn count_finalize(user_data: *mut c_void) {
    let state = unsafe { &*(user_data as *const Finalized) };
    // Runs after the last call: never while one is still running.
    state.finalized.fetch_add(1, Ordering::SeqCst);
}

fn subscribe_counted(c: &Client, state: &Arc<Finalized>) -> u64 {
    let mut id = 0;
    let user_data = Arc::as_ptr(state) as *mut c_void;
    check(unsafe { gotrue_client_on_auth_state_change(c.ptr(), Some(count_call), user_data, Some(count_finalize), &mut id) }).unwrap();
    id
}

#[test]
fn the_event_finalizer_runs_exactly_once_on_unsubscribe_or_client_free_and_never_on_failure() {
    // Unsubscribe: the finalizer runs once, and the callback is never called again.
    let c = Client::new(&Fixture::refused_url(), "anon", None).unwrap();
    let state = Arc::new(Finalized::default());
    let id = subscribe_counted(&c, &state);
    initialize(&c).unwrap(); // INITIAL_SESSION, no network
    assert_eq!((state.calls.load(Ordering::SeqCst), state.finalized.load(Ordering::SeqCst)), (1, 0));
    check(unsafe { gotrue_client_unsubscribe(c.ptr(), id) }).unwrap();
    assert_eq!(state.finalized.load(Ordering::SeqCst), 1);
    initialize(&c).unwrap();
    assert!(check(unsafe { gotrue_client_unsubscribe(c.ptr(), id) }).is_err());
    drop(c);
    assert_eq!((state.calls.load(Ordering::SeqCst), state.finalized.load(Ordering::SeqCst)), (1, 1));

    // Client free: every live subscription's finalizer runs once.
    let c = Client::new(&Fixture::refused_url(), "anon", None).unwrap();
    let (a, b) = (Arc::new(Finalized::default()), Arc::new(Finalized::default()));
    subscribe_counted(&c, &a);
    subscribe_counted(&c, &b);
    initialize(&c).unwrap();
    assert_eq!(a.finalized.load(Ordering::SeqCst) + b.finalized.load(Ordering::SeqCst), 0);
    drop(c);
    assert_eq!((a.calls.load(Ordering::SeqCst), a.finalized.load(Ordering::SeqCst)), (1, 1));
    assert_eq!((b.calls.load(Ordering::SeqCst), b.finalized.load(Ordering::SeqCst)), (1, 1));

    // A failed registration takes nothing: no finalizer.
    let c = Client::new(&Fixture::refused_url(), "anon", None).unwrap();
    let failed = Arc::new(Finalized::default());
    let user_data = Arc::as_ptr(&failed) as *mut c_void;
    let mut id = 0;
    unsafe {
        assert!(check(gotrue_client_on_auth_state_change(null(), Some(count_call), user_data, Some(count_finalize), &mut id)).is_err());
        assert!(check(gotrue_client_on_auth_state_change(c.ptr(), None, user_data, Some(count_finalize), &mut id)).is_err());
        assert!(check(gotrue_client_on_auth_state_change(c.ptr(), Some(count_call), user_data, Some(count_finalize), null_mut())).is_err());
    }
    drop(c);
    assert_eq!(failed.finalized.load(Ordering::SeqCst), 0);
}

#[test]
fn the_event_finalizer_waits_for_a_delivery_still_running_on_another_thread() {
    let c = Arc::new(Client::new(&Fixture::refused_url(), "anon", None).unwrap());
    let state = Arc::new(Finalized::default());
    let (entered_tx, entered_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel();
    *state.gate.lock().unwrap() = Some((entered_tx, release_rx));
    let id = subscribe_counted(&c, &state);
    let deliverer = {
        let c = c.clone();
        std::thread::spawn(move || initialize(&c).map(|_| ()).unwrap())
    };
    entered_rx.recv().unwrap(); // the callback is running on the other thread
    check(unsafe { gotrue_client_unsubscribe(c.ptr(), id) }).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(state.finalized.load(Ordering::SeqCst), 0, "finalized while its callback was still running");
    release_tx.send(()).unwrap();
    deliverer.join().unwrap();
    assert_eq!(state.finalized.load(Ordering::SeqCst), 1);
    drop(c);
    assert_eq!((state.calls.load(Ordering::SeqCst), state.finalized.load(Ordering::SeqCst)), (1, 1));
}

// ---- auto-refresh ------------------------------------------------------------------------

#[test]
fn auto_refresh_refreshes_before_expiry_on_its_own_thread_and_stops_on_free() {
    let fixture = Fixture::start(refresh_answers(2, Duration::ZERO));
    let dir = temp_dir("auto");
    seed(&dir, &session_json(2, "rt-0"));
    let options = file_options(&dir, json!({"refresh_margin_secs": 1}));
    let c = Client::new(&fixture.url, "anon", Some(&options)).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    initialize(&c).unwrap();
    check(unsafe { gotrue_client_start_auto_refresh(c.ptr()) }).unwrap();
    check(unsafe { gotrue_client_start_auto_refresh(c.ptr()) }).unwrap(); // idempotent
    // 2-second tokens, 1 s margin: a refresh about every second. Wait for two (not a fixed
    // sleep: a loaded machine delays the thread), then check it does not storm.
    let waited = Instant::now();
    let refreshed_count = || recorder.count(GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED);
    while refreshed_count() < 2 && waited.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let elapsed = waited.elapsed();
    let refreshed = refreshed_count();
    assert!(refreshed >= 2, "refreshed {refreshed} times in {elapsed:?}");
    let most = elapsed.as_secs() as usize + 2;
    assert!(refreshed <= most, "refreshed {refreshed} times in {elapsed:?}: more than {most}");
    // Every event came from one request; at most one more may be in flight.
    let requests = fixture.count(REFRESH);
    assert!((refreshed..=refreshed + 1).contains(&requests), "{requests} requests for {refreshed} events");
    // Stop: no further refreshes even though the token keeps expiring.
    check(unsafe { gotrue_client_stop_auto_refresh(c.ptr()) }).unwrap();
    let after_stop = fixture.count(REFRESH);
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(fixture.count(REFRESH), after_stop);
    // Started again, then freed while it sleeps: free returns at once.
    check(unsafe { gotrue_client_start_auto_refresh(c.ptr()) }).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    drop(c);
    assert!(started.elapsed() < Duration::from_millis(500), "free took {:?}", started.elapsed());
    let after_free = fixture.count(REFRESH);
    let events_after_free = recorder.kinds().len();
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(fixture.count(REFRESH), after_free, "no refresh after free");
    assert_eq!(recorder.kinds().len(), events_after_free, "no callback after free");
}

#[test]
fn freeing_during_a_background_refresh_waits_for_it_then_no_callback_runs() {
    let fixture = Fixture::start(refresh_answers(3600, Duration::from_millis(800)));
    let dir = temp_dir("auto-busy");
    // 3 s left, margin 2: not due at start, due after about 2 s.
    seed(&dir, &session_json(3, "rt-0"));
    // The auto_refresh option starts the thread as soon as initialize loads the session.
    let options = file_options(&dir, json!({"auto_refresh": true, "refresh_margin_secs": 2, "max_retries": 0}));
    let c = Client::new(&fixture.url, "anon", Some(&options)).unwrap();
    let (recorder, _) = Recorder::subscribe(&c);
    initialize(&c).unwrap();
    assert_eq!(fixture.count(REFRESH), 0);
    // Wait until the thread's refresh is in flight (the fixture holds it 800 ms), then free.
    let deadline = Instant::now() + Duration::from_secs(5);
    while fixture.count(REFRESH) == 0 {
        assert!(Instant::now() < deadline, "the refresher never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    drop(c);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "free waits only for the refresh in flight: {took:?}");
    let events = recorder.kinds();
    assert_eq!(events.last(), Some(&GoTrueAuthEvent::GOTRUE_AUTH_EVENT_TOKEN_REFRESHED), "{events:?}");
    assert_eq!(stored_refresh_token(&dir).as_deref(), Some("rt-1"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(recorder.kinds().len(), events.len(), "no callback after free returned");
}
