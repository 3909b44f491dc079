// libgotrue: C++17 layer over the C ABI in gotrue.h. Header-only; link libgotrue as for C
// (CMake: target_link_libraries(app PRIVATE gotrue::gotrue); pkg-config: gotrue).
//
// Thin on purpose: every method is one C call. What this layer adds is ownership and idioms:
//  - RAII owners: every handle lives in a std::unique_ptr whose deleter is the matching
//    gotrue_*_free (ClientHandle, SessionHandle, ErrorHandle, OwnedString).
//  - Errors: gotrue::Client throws gotrue::Exception (code, message, HTTP status, server code);
//    gotrue::nothrow::Client has the same methods returning gotrue::Result<T>, an expected-style
//    value-or-Error, for builds with -fno-exceptions (gotrue::Client exists only when exceptions
//    are on).
//  - Strings: std::string_view in, std::string out. An empty view passed for an optional
//    argument (the C function's "nullable" ones) means NULL; JSON arguments and results stay
//    JSON text (see gotrue.h for every shape). A view containing a NUL byte is refused with
//    GOTRUE_ERROR_CODE_INVALID_ARGUMENT (C would silently cut it short).
//  - Callbacks: lambdas (std::function) for auth state events; a gotrue::Storage subclass for
//    custom storage.
// Ownership, threading and semantics are those of gotrue.h: a Client may be used from any
// number of threads; a Session is an immutable snapshot.
#ifndef GOTRUE_HPP
#define GOTRUE_HPP

#include "gotrue.h"

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define GOTRUE_HPP_EXCEPTIONS 1
#include <stdexcept>
#else
#define GOTRUE_HPP_EXCEPTIONS 0
#endif

namespace gotrue {

namespace detail {
struct ClientFree {
    void operator()(GoTrueClient *p) const noexcept { gotrue_client_free(p); }
};
struct SessionFree {
    void operator()(GoTrueSession *p) const noexcept { gotrue_session_free(p); }
};
struct ErrorFree {
    void operator()(GoTrueError *p) const noexcept { gotrue_error_free(p); }
};
struct StringFree {
    void operator()(char *p) const noexcept { gotrue_string_free(p); }
};
struct LoopbackFree {
    void operator()(GoTrueLoopback *p) const noexcept { gotrue_loopback_free(p); }
};
inline std::string copy(const char *s) { return s ? std::string(s) : std::string(); }
}  // namespace detail

using ClientHandle = std::unique_ptr<GoTrueClient, detail::ClientFree>;
using SessionHandle = std::unique_ptr<GoTrueSession, detail::SessionFree>;
using ErrorHandle = std::unique_ptr<GoTrueError, detail::ErrorFree>;
using LoopbackHandle = std::unique_ptr<GoTrueLoopback, detail::LoopbackFree>;
// An owned char* from the library (freed, and wiped, by gotrue_string_free).
using OwnedString = std::unique_ptr<char, detail::StringFree>;

// gotrue_version(): the library's version, e.g. "0.2.0".
inline std::string version() { return detail::copy(gotrue_version()); }
// True when the loaded library has the ABI this header was compiled against (checked by
// Client::create too).
inline bool abi_matches() noexcept { return gotrue_abi_version() == GOTRUE_ABI_VERSION; }

using ErrorCode = GoTrueErrorCode;
using AuthEvent = GoTrueAuthEvent;
using SignOutScope = GoTrueSignOutScope;
using SessionStatus = GoTrueSessionStatus;

// Everything a GoTrueError carries, copied out so the error can be kept, copied and thrown.
class Error {
public:
    // Takes an owned error from the library (which is freed here).
    explicit Error(ErrorHandle error)
        : code_(gotrue_error_code(error.get())),
          message_(detail::copy(gotrue_error_message(error.get()))),
          server_code_(detail::copy(gotrue_error_server_code(error.get()))),
          http_status_(gotrue_error_http_status(error.get())),
          retry_after_secs_(gotrue_error_retry_after(error.get())),
          retryable_(gotrue_error_is_retryable(error.get())) {
        for (size_t i = 0, n = gotrue_error_weak_password_reason_count(error.get()); i < n; ++i)
            weak_password_reasons_.push_back(detail::copy(gotrue_error_weak_password_reason(error.get(), i)));
    }
    // An error found by this layer before any C call (e.g. a NUL byte in an argument).
    Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

    ErrorCode code() const noexcept { return code_; }
    // The stable snake_case name of the code ("invalid_credentials", "network", ...).
    std::string code_name() const { return detail::copy(gotrue_error_code_name(static_cast<int32_t>(code_))); }
    const std::string &message() const noexcept { return message_; }
    // The server's error_code string verbatim; empty when it sent none.
    const std::string &server_code() const noexcept { return server_code_; }
    // For GOTRUE_ERROR_CODE_WEAK_PASSWORD: the reasons ("length", "characters", "pwned"); empty otherwise.
    const std::vector<std::string> &weak_password_reasons() const noexcept { return weak_password_reasons_; }
    // The HTTP status of the server's answer; 0 when the error did not come from the server.
    uint16_t http_status() const noexcept { return http_status_; }
    // Seconds the server asked to wait (Retry-After); -1 when it did not say.
    int64_t retry_after_secs() const noexcept { return retry_after_secs_; }
    // True when the failure is transient (network, timeout, HTTP 5xx, 429): the same call may
    // succeed later. The library already retried idempotent requests.
    bool retryable() const noexcept { return retryable_; }

private:
    ErrorCode code_;
    std::string message_, server_code_;
    std::vector<std::string> weak_password_reasons_;
    uint16_t http_status_ = 0;
    int64_t retry_after_secs_ = -1;
    bool retryable_ = false;
};

#if GOTRUE_HPP_EXCEPTIONS
// What gotrue::Client throws: the library's error, code included.
class Exception : public std::runtime_error {
public:
    explicit Exception(Error error) : std::runtime_error(error.message()), error_(std::move(error)) {}
    const Error &error() const noexcept { return error_; }
    ErrorCode code() const noexcept { return error_.code(); }

private:
    Error error_;
};
#endif

namespace detail {
[[noreturn]] inline void fail(const Error &error) {
#if GOTRUE_HPP_EXCEPTIONS
    throw Exception(error);
#else
    (void)error;
    std::abort();  // value() of a failed Result with exceptions off: check has_value() first
#endif
}
}  // namespace detail

// A value or an Error, in the manner of std::expected (C++23). value() on an error throws
// gotrue::Exception, or aborts when exceptions are off.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    T &value() & {
        if (!has_value()) detail::fail(std::get<1>(v_));
        return std::get<0>(v_);
    }
    const T &value() const & {
        if (!has_value()) detail::fail(std::get<1>(v_));
        return std::get<0>(v_);
    }
    T &&value() && {
        if (!has_value()) detail::fail(std::get<1>(v_));
        return std::get<0>(std::move(v_));
    }
    T &operator*() & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    // The error; only when !has_value().
    const Error &error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}
    bool has_value() const noexcept { return !error_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const {
        if (error_) detail::fail(*error_);
    }
    const Error &error() const { return *error_; }

private:
    std::optional<Error> error_;
};

// A borrowed session: the accessors of gotrue_session_*. What an auth state callback gets
// (valid only during the call). Empty (false) when there is no session.
class SessionView {
public:
    SessionView() = default;
    explicit SessionView(const GoTrueSession *session) noexcept : p_(session) {}
    explicit operator bool() const noexcept { return p_ != nullptr; }
    const GoTrueSession *get() const noexcept { return p_; }

    // Tokens are secrets: wipe copies you keep.
    std::string access_token() const { return detail::copy(gotrue_session_access_token(p_)); }
    std::string refresh_token() const { return detail::copy(gotrue_session_refresh_token(p_)); }
    std::string token_type() const { return detail::copy(gotrue_session_token_type(p_)); }
    int64_t expires_at() const noexcept { return gotrue_session_expires_at(p_); }
    int64_t expires_in() const noexcept { return gotrue_session_expires_in(p_); }
    int64_t seconds_left() const noexcept { return gotrue_session_seconds_left(p_); }
    std::string user_id() const { return detail::copy(gotrue_session_user_id(p_)); }
    // Empty when the user has none.
    std::string user_email() const { return detail::copy(gotrue_session_user_email(p_)); }
    std::string user_phone() const { return detail::copy(gotrue_session_user_phone(p_)); }
    std::string user_json() const { return detail::copy(gotrue_session_user_json(p_)); }
    // The session as JSON, tokens included (gotrue_session_to_json).
    Result<std::string> try_to_json() const {
        char *out = nullptr;
        if (GoTrueError *e = gotrue_session_to_json(p_, &out)) return Error(ErrorHandle(e));
        return std::string(OwnedString(out).get());
    }
#if GOTRUE_HPP_EXCEPTIONS
    std::string to_json() const { return try_to_json().value(); }
#endif
    // An owned copy (gotrue_session_clone), e.g. to keep the session an event handler borrows.
    Result<class Session> try_clone() const;
#if GOTRUE_HPP_EXCEPTIONS
    class Session clone() const;
#endif

protected:
    const GoTrueSession *p_ = nullptr;
};

// An owned session snapshot (gotrue_session_free on destruction). Move-only.
class Session : public SessionView {
public:
    explicit Session(SessionHandle handle) noexcept : SessionView(handle.get()), h_(std::move(handle)) {}
    Session(Session &&other) noexcept : SessionView(other.p_), h_(std::move(other.h_)) { other.p_ = nullptr; }
    Session &operator=(Session &&other) noexcept {
        if (this != &other) {
            h_ = std::move(other.h_);
            p_ = other.p_;
            other.p_ = nullptr;
        }
        return *this;
    }
    GoTrueSession *release() noexcept {
        p_ = nullptr;
        return h_.release();
    }

    // Parses a session from JSON (gotrue_session_from_json).
    static Result<Session> try_from_json(std::string_view json);
#if GOTRUE_HPP_EXCEPTIONS
    static Session from_json(std::string_view json) { return try_from_json(json).value(); }
#endif

private:
    SessionHandle h_;
};

inline Result<Session> SessionView::try_clone() const {
    GoTrueSession *out = nullptr;
    if (GoTrueError *e = gotrue_session_clone(p_, &out)) return Error(ErrorHandle(e));
    return Session(SessionHandle(out));
}
#if GOTRUE_HPP_EXCEPTIONS
inline Session SessionView::clone() const { return try_clone().value(); }
#endif

// Results of calls that may hand out a session and a user (sign_up, verify_otp).
struct AuthResult {
    std::optional<Session> session;  // empty when the server signed no one in
    std::string user_json;           // empty when the answer had no user
};

// What gotrue_client_session_status reports.
struct StatusInfo {
    GoTrueSessionStatus status;
    bool is_sign_out;                 // NOT_AUTHENTICATED after a session was removed
    std::optional<Error> last_error;  // REFRESH_FAILING: why the last refresh failed
};

// Caller-supplied storage for sessions and PKCE verifiers (gotrue_client_new_with_storage).
// Called from any thread, possibly at once: implementations must be thread-safe, must not
// throw (an exception counts as a failure), and must not call back into the client.
class Storage {
public:
    virtual ~Storage() = default;
    // The value under `key`, or std::nullopt when absent. Return false to report a failure.
    virtual bool get(std::string_view key, std::optional<std::string> &value) = 0;
    virtual bool set(std::string_view key, std::string_view value) = 0;
    // Removing an absent key is success.
    virtual bool remove(std::string_view key) = 0;
};

namespace detail {
// Best-effort wipe of argument copies (passwords, tokens) the compiler may not elide.
inline void wipe(std::string &s) noexcept {
    volatile char *p = s.data();
    for (size_t i = 0; i < s.size(); ++i) p[i] = 0;
}

// NUL-terminated copies of the arguments of one call, wiped when the call is over.
class Args {
public:
    Args() = default;
    Args(const Args &) = delete;
    Args &operator=(const Args &) = delete;
    ~Args() {
        for (auto &s : copies_) wipe(s);
    }
    // Always a C string ("" stays "", for the library to judge).
    const char *str(std::string_view s, const char *name) {
        if (s.find('\0') != std::string_view::npos) {
            if (!error_) error_.emplace(GOTRUE_ERROR_CODE_INVALID_ARGUMENT, std::string(name) + " contains a NUL byte");
            return "";
        }
        return copies_.emplace_back(s).c_str();  // deque: earlier c_str() pointers stay valid
    }
    // Empty means NULL ("not given").
    const char *opt(std::string_view s, const char *name) { return s.empty() ? nullptr : str(s, name); }
    const std::optional<Error> &error() const noexcept { return error_; }

private:
    std::deque<std::string> copies_;
    std::optional<Error> error_;
};

// A library of another ABI (a stale libgotrue.so found first at run time) fails fast.
inline Result<void> check_abi() {
    if (abi_matches()) return {};
    return Error(GOTRUE_ERROR_CODE_UNKNOWN, "the loaded libgotrue has ABI version " +
                                                std::to_string(gotrue_abi_version()) +
                                                " but gotrue.hpp was compiled with GOTRUE_ABI_VERSION " +
                                                std::to_string(GOTRUE_ABI_VERSION));
}

inline Result<void> check(GoTrueError *e) {
    if (e) return Error(ErrorHandle(e));
    return {};
}

// Runs `call` unless an argument was refused; `call` returns the GoTrueError* of one C call.
template <class F>
Result<void> run(const Args &a, F &&call) {
    if (a.error()) return *a.error();
    return check(call());
}
// For C calls with a char** out-parameter: the owned string copied out and freed.
template <class F>
Result<std::string> run_string(const Args &a, F &&call) {
    if (a.error()) return *a.error();
    char *out = nullptr;
    if (GoTrueError *e = call(&out)) return Error(ErrorHandle(e));
    return copy(OwnedString(out).get());
}
// For C calls with a GoTrueSession** out-parameter that may stay NULL on success.
template <class F>
Result<std::optional<Session>> run_maybe_session(const Args &a, F &&call) {
    if (a.error()) return *a.error();
    GoTrueSession *out = nullptr;
    if (GoTrueError *e = call(&out)) return Error(ErrorHandle(e));
    if (!out) return std::optional<Session>();
    return std::optional<Session>(Session(SessionHandle(out)));
}
// For C calls that always hand out a session on success.
template <class F>
Result<Session> run_session(const Args &a, F &&call) {
    auto r = run_maybe_session(a, std::forward<F>(call));
    if (!r) return r.error();
    if (!*r) return Error(GOTRUE_ERROR_CODE_UNKNOWN, "the library returned no session");
    return std::move(**r);
}
template <class F>
Result<AuthResult> run_auth(const Args &a, F &&call) {
    if (a.error()) return *a.error();
    GoTrueSession *session = nullptr;
    char *user = nullptr;
    if (GoTrueError *e = call(&session, &user)) return Error(ErrorHandle(e));
    AuthResult out;
    if (session) out.session.emplace(SessionHandle(session));
    out.user_json = copy(OwnedString(user).get());
    return out;
}

}  // namespace detail

// A non-blocking call (gotrue.h: GoTrueRequest and the `_start` functions). Move-only; owns the
// request and frees it when destroyed (a request still pending is cancelled then, and its
// handler does not run). Any thread may read it, wait for it or cancel it.
class Request {
public:
    Request() noexcept = default;
    explicit Request(GoTrueRequest *r) noexcept : r_(r) {}
    Request(Request &&other) noexcept : r_(std::exchange(other.r_, nullptr)) {}
    Request &operator=(Request &&other) noexcept {
        if (this != &other) {
            reset();
            r_ = std::exchange(other.r_, nullptr);
        }
        return *this;
    }
    Request(const Request &) = delete;
    Request &operator=(const Request &) = delete;
    ~Request() { reset(); }

    // The C handle: what Client::poll() hands back and a handler receives.
    GoTrueRequest *get() const noexcept { return r_; }
    GoTrueRequest *release() noexcept { return std::exchange(r_, nullptr); }
    explicit operator bool() const noexcept { return r_ != nullptr; }

    bool is_done() const noexcept { return gotrue_request_is_done(r_); }
    // Blocks until the request completes or `timeout_ms` pass; true when it has completed.
    bool wait(uint32_t timeout_ms) const noexcept { return gotrue_request_wait(r_, timeout_ms); }
    // gotrue_request_cancel: completes a pending request as GOTRUE_ERROR_CODE_CANCELLED.
    void cancel() const noexcept { gotrue_request_cancel(r_); }
    GoTrueRequestStatus status() const noexcept {
        GoTrueRequestStatus s = GOTRUE_REQUEST_STATUS_FAILED;
        if (GoTrueError *e = gotrue_request_status(r_, &s)) gotrue_error_free(e);
        return s;
    }
    // What the blocking call returned (GOTRUE_ERROR_CODE_REQUEST_PENDING while it runs).
    Result<void> error() const;
    // The session result (first take; empty when the call yields none or it was taken).
    Result<std::optional<Session>> take_session() const;
    // The string result (user, factor, claims JSON, URL, ...), as take_session.
    Result<std::optional<std::string>> take_string() const;

private:
    void reset() noexcept {
        if (r_) gotrue_request_free(std::exchange(r_, nullptr));
    }
    GoTrueRequest *r_ = nullptr;
};

inline Result<void> Request::error() const { return detail::check(gotrue_request_error(r_)); }
inline Result<std::optional<Session>> Request::take_session() const {
    GoTrueSession *out = nullptr;
    if (GoTrueError *e = gotrue_request_take_session(r_, &out)) return Error(ErrorHandle(e));
    if (!out) return std::optional<Session>();
    return std::optional<Session>(Session(SessionHandle(out)));
}
inline Result<std::optional<std::string>> Request::take_string() const {
    char *out = nullptr;
    if (GoTrueError *e = gotrue_request_take_string(r_, &out)) return Error(ErrorHandle(e));
    if (!out) return std::optional<std::string>();
    return std::optional<std::string>(detail::copy(OwnedString(out).get()));
}

namespace detail {
// A request's completion handler: runs once on a library worker (or inside a cancel of a
// request that had not started). Nothing may unwind into the library.
using RequestHandler = std::function<void(GoTrueRequest *)>;
inline void on_request_done(GoTrueRequest *request, void *user_data) {
#if GOTRUE_HPP_EXCEPTIONS
    try {
        (*static_cast<RequestHandler *>(user_data))(request);
    } catch (...) {
    }
#else
    (*static_cast<RequestHandler *>(user_data))(request);
#endif
}
inline void free_request_handler(void *user_data) { delete static_cast<RequestHandler *>(user_data); }

// How a client reports errors: Throwing returns T and throws; NoThrow returns Result<T>.
struct Throwing {
    template <class T>
    using ret = T;
    template <class T>
    static T finish(Result<T> &&r) {
        return std::move(r).value();
    }
    static void finish(Result<void> &&r) { r.value(); }
};
struct NoThrow {
    template <class T>
    using ret = Result<T>;
    template <class T>
    static Result<T> finish(Result<T> &&r) {
        return std::move(r);
    }
};

// Trampolines from the C callbacks to C++ objects. Nothing may unwind into the library.
using AuthHandler = std::function<void(AuthEvent, SessionView)>;
inline void on_auth_event(GoTrueAuthEvent event, const GoTrueSession *session, void *user_data) {
#if GOTRUE_HPP_EXCEPTIONS
    try {
        (*static_cast<AuthHandler *>(user_data))(event, SessionView(session));
    } catch (...) {  // dropped, as the library drops a failing listener's panic
    }
#else
    (*static_cast<AuthHandler *>(user_data))(event, SessionView(session));
#endif
}

template <class F>
int32_t guarded(F &&f) noexcept {
#if GOTRUE_HPP_EXCEPTIONS
    try {
        return f() ? 0 : 1;
    } catch (...) {
        return 1;
    }
#else
    return f() ? 0 : 1;
#endif
}
inline int32_t storage_get(void *user_data, const char *key, GoTrueStorageValue *out_value) {
    return guarded([&] {
        std::optional<std::string> value;
        if (!static_cast<Storage *>(user_data)->get(key, value)) return false;
        if (!value) return true;
        bool ok = check(gotrue_storage_value_set(out_value, value->c_str())).has_value();
        wipe(*value);
        return ok;
    });
}
inline int32_t storage_set(void *user_data, const char *key, const char *value) {
    return guarded([&] { return static_cast<Storage *>(user_data)->set(key, value); });
}
inline int32_t storage_remove(void *user_data, const char *key) {
    return guarded([&] { return static_cast<Storage *>(user_data)->remove(key); });
}
inline void storage_release(void *user_data) { delete static_cast<Storage *>(user_data); }

// The finalizer of an event subscription: the library runs it once, after the handler's last
// call (on unsubscribe or when the client is freed).
inline void free_auth_handler(void *user_data) { delete static_cast<AuthHandler *>(user_data); }

// A client handle, kept at a stable address so a moved client keeps working.
struct ClientState {
    ClientHandle handle;
};
}  // namespace detail

// A desktop loopback sign-in in progress (gotrue_client_start_loopback_sign_in): open url()
// in the browser, then wait(). wait() and cancel() may run on different threads at once;
// destruction cancels and frees (it must not race them). Move-only.
template <class P>
class BasicLoopback {
    template <class T>
    using ret = typename P::template ret<T>;

public:
    explicit BasicLoopback(LoopbackHandle handle) : handle_(std::move(handle)) {}
    // The URL to open in the browser.
    std::string url() const { return detail::copy(gotrue_loopback_url(handle_.get())); }
    // The listener's own URL (with its state): the redirect URL for a "redirect" flow.
    std::string redirect_to() const { return detail::copy(gotrue_loopback_redirect_to(handle_.get())); }
    // Waits up to timeout_ms for the session: the flow's error, TIMEOUT (wait again) or CANCELLED.
    ret<Session> wait(uint64_t timeout_ms) const {
        detail::Args a;
        return P::finish(
            detail::run_session(a, [&](GoTrueSession **s) { return gotrue_loopback_wait(handle_.get(), timeout_ms, s); }));
    }
    // Stops the listener; a wait in progress or later gets CANCELLED. Idempotent.
    void cancel() const noexcept { gotrue_loopback_cancel(handle_.get()); }
    GoTrueLoopback *get() const noexcept { return handle_.get(); }

private:
    LoopbackHandle handle_;
};

// A GoTrue client (see gotrue.h: gotrue_client_*, gotrue_admin_*). Thread-safe; move-only.
// Use gotrue::Client (throws gotrue::Exception) or gotrue::nothrow::Client (returns Result<T>).
template <class P>
class BasicClient {
    template <class T>
    using ret = typename P::template ret<T>;

public:
    // gotrue_client_new. `options_json` (empty = none): see gotrue.h.
    static ret<BasicClient> create(std::string_view url, std::string_view api_key, std::string_view options_json = {}) {
        detail::Args a;
        const char *u = a.str(url, "url"), *k = a.str(api_key, "api_key"), *o = a.opt(options_json, "options_json");
        GoTrueClient *out = nullptr;
        if (auto abi = detail::check_abi(); !abi) return P::finish(Result<BasicClient>(abi.error()));
        auto r = detail::run(a, [&] { return gotrue_client_new(u, k, o, &out); });
        if (!r) return P::finish(Result<BasicClient>(r.error()));
        return P::finish(Result<BasicClient>(BasicClient(ClientHandle(out))));
    }
    // gotrue_client_new_with_storage: the client owns `storage` (deleted when it is freed).
    static ret<BasicClient> create(std::string_view url, std::string_view api_key, std::unique_ptr<Storage> storage,
                                   std::string_view options_json = {}) {
        detail::Args a;
        const char *u = a.str(url, "url"), *k = a.str(api_key, "api_key"), *o = a.opt(options_json, "options_json");
        if (!storage) return P::finish(Result<BasicClient>(Error(GOTRUE_ERROR_CODE_NULL_ARGUMENT, "storage is null")));
        GoTrueStorageCallbacks callbacks{storage.get(), detail::storage_get, detail::storage_set,
                                         detail::storage_remove, detail::storage_release};
        GoTrueClient *out = nullptr;
        if (auto abi = detail::check_abi(); !abi) return P::finish(Result<BasicClient>(abi.error()));
        auto r = detail::run(a, [&] { return gotrue_client_new_with_storage(u, k, o, &callbacks, &out); });
        if (!r) return P::finish(Result<BasicClient>(r.error()));
        storage.release();  // now owned by the client: `release` deletes it
        return P::finish(Result<BasicClient>(BasicClient(ClientHandle(out))));
    }

    explicit BasicClient(ClientHandle handle) : state_(std::make_unique<detail::ClientState>()) {
        state_->handle = std::move(handle);
    }
    BasicClient(BasicClient &&) noexcept = default;
    BasicClient &operator=(BasicClient &&) noexcept = default;

    const GoTrueClient *get() const noexcept { return state_ ? state_->handle.get() : nullptr; }

    // --- sessions ---
    ret<std::optional<Session>> initialize() const {
        detail::Args a;
        return P::finish(detail::run_maybe_session(a, [&](GoTrueSession **s) { return gotrue_client_initialize(h(), s); }));
    }
    ret<AuthResult> sign_up(std::string_view email, std::string_view phone, std::string_view password,
                            std::string_view options_json = {}) const {
        detail::Args a;
        const char *e = a.opt(email, "email"), *ph = a.opt(phone, "phone"), *pw = a.str(password, "password"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_auth(
            a, [&](GoTrueSession **s, char **u) { return gotrue_client_sign_up(h(), e, ph, pw, o, s, u); }));
    }
    ret<Session> sign_in_with_password(std::string_view email, std::string_view phone, std::string_view password,
                                       std::string_view options_json = {}) const {
        detail::Args a;
        const char *e = a.opt(email, "email"), *ph = a.opt(phone, "phone"), *pw = a.str(password, "password"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_session(
            a, [&](GoTrueSession **s) { return gotrue_client_sign_in_with_password(h(), e, ph, pw, o, s); }));
    }
    ret<Session> sign_in_anonymously(std::string_view options_json = {}) const {
        detail::Args a;
        const char *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_sign_in_anonymously(h(), o, s); }));
    }
    // The current session; empty when signed out.
    ret<std::optional<Session>> get_session() const {
        detail::Args a;
        return P::finish(
            detail::run_maybe_session(a, [&](GoTrueSession **s) { return gotrue_client_get_session(h(), s); }));
    }
    // The session held now, as it is: no network call, no refresh (it may be expired).
    ret<std::optional<Session>> current_session() const {
        detail::Args a;
        return P::finish(
            detail::run_maybe_session(a, [&](GoTrueSession **s) { return gotrue_client_current_session(h(), s); }));
    }
    // The held session's user JSON, no network call; empty when signed out.
    ret<std::string> current_user() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_current_user(h(), out); }));
    }
    // gotrue_client_session_status: where the client stands, no network call.
    ret<StatusInfo> session_status() const {
        GoTrueSessionStatus status = GOTRUE_SESSION_STATUS_INITIALIZING;
        bool is_sign_out = false;
        GoTrueError *last = nullptr;
        detail::Args a;
        auto r = detail::run(a, [&] { return gotrue_client_session_status(h(), &status, &is_sign_out, &last); });
        if (!r) return P::finish(Result<StatusInfo>(r.error()));
        StatusInfo info{status, is_sign_out, std::nullopt};
        if (last) info.last_error.emplace(ErrorHandle(last));
        return P::finish(Result<StatusInfo>(std::move(info)));
    }
    ret<Session> set_session(std::string_view access_token, std::string_view refresh_token) const {
        detail::Args a;
        const char *at = a.str(access_token, "access_token"), *rt = a.str(refresh_token, "refresh_token");
        return P::finish(
            detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_set_session(h(), at, rt, s); }));
    }
    // Empty `refresh_token`: the current session's.
    ret<Session> refresh_session(std::string_view refresh_token = {}) const {
        detail::Args a;
        const char *rt = a.opt(refresh_token, "refresh_token");
        return P::finish(
            detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_refresh_session(h(), rt, s); }));
    }
    ret<void> sign_out(SignOutScope scope = GOTRUE_SIGN_OUT_SCOPE_GLOBAL) const {
        detail::Args a;
        return P::finish(detail::run(a, [&] { return gotrue_client_sign_out(h(), static_cast<int32_t>(scope)); }));
    }
    ret<void> start_auto_refresh() const {
        detail::Args a;
        return P::finish(detail::run(a, [&] { return gotrue_client_start_auto_refresh(h()); }));
    }
    ret<void> stop_auto_refresh() const {
        detail::Args a;
        return P::finish(detail::run(a, [&] { return gotrue_client_stop_auto_refresh(h()); }));
    }

    // --- user ---
    // Empty `jwt`: the current session's access token.
    ret<std::string> get_user(std::string_view jwt = {}) const {
        detail::Args a;
        const char *j = a.opt(jwt, "jwt");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_get_user(h(), j, out); }));
    }
    ret<std::string> update_user(std::string_view attributes_json, std::string_view options_json = {}) const {
        detail::Args a;
        const char *at = a.str(attributes_json, "attributes_json"), *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_update_user(h(), at, o, out); }));
    }
    // Empty `jwt`: the current session's access token.
    ret<std::string> get_claims(std::string_view jwt = {}, std::string_view options_json = {}) const {
        detail::Args a;
        const char *j = a.opt(jwt, "jwt"), *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_get_claims(h(), j, o, out); }));
    }

    // --- one-time passwords, recovery ---
    ret<std::string> sign_in_with_otp(std::string_view email, std::string_view phone,
                                      std::string_view options_json = {}) const {
        detail::Args a;
        const char *e = a.opt(email, "email"), *ph = a.opt(phone, "phone"), *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_sign_in_with_otp(h(), e, ph, o, out); }));
    }
    ret<AuthResult> verify_otp(std::string_view email, std::string_view phone, std::string_view token,
                               std::string_view token_hash, std::string_view type,
                               std::string_view options_json = {}) const {
        detail::Args a;
        const char *e = a.opt(email, "email"), *ph = a.opt(phone, "phone"), *t = a.opt(token, "token"),
                   *th = a.opt(token_hash, "token_hash"), *ty = a.str(type, "type"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_auth(a, [&](GoTrueSession **s, char **u) {
            return gotrue_client_verify_otp(h(), e, ph, t, th, ty, o, s, u);
        }));
    }
    ret<std::string> resend(std::string_view type, std::string_view email, std::string_view phone,
                            std::string_view options_json = {}) const {
        detail::Args a;
        const char *ty = a.str(type, "type"), *e = a.opt(email, "email"), *ph = a.opt(phone, "phone"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_resend(h(), ty, e, ph, o, out); }));
    }
    ret<void> reset_password_for_email(std::string_view email, std::string_view options_json = {}) const {
        detail::Args a;
        const char *e = a.str(email, "email"), *o = a.opt(options_json, "options_json");
        return P::finish(detail::run(a, [&] { return gotrue_client_reset_password_for_email(h(), e, o); }));
    }
    ret<void> reauthenticate() const {
        detail::Args a;
        return P::finish(detail::run(a, [&] { return gotrue_client_reauthenticate(h()); }));
    }

    // --- OAuth, PKCE, ID tokens, SSO, identities ---
    ret<std::string> get_oauth_url(std::string_view provider, std::string_view options_json = {}) const {
        detail::Args a;
        const char *pr = a.str(provider, "provider"), *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_get_oauth_url(h(), pr, o, out); }));
    }
    ret<Session> exchange_code_for_session(std::string_view code_or_url) const {
        detail::Args a;
        const char *c = a.str(code_or_url, "code_or_url");
        return P::finish(detail::run_session(
            a, [&](GoTrueSession **s) { return gotrue_client_exchange_code_for_session(h(), c, s); }));
    }
    // Opens a loopback listener for a desktop browser sign-in: an OAuth provider ("github", ...)
    // or "redirect" (see gotrue_client_start_loopback_sign_in).
    ret<BasicLoopback<P>> start_loopback_sign_in(std::string_view provider_or_flow, std::string_view options_json = {}) const {
        detail::Args a;
        const char *p = a.str(provider_or_flow, "provider_or_flow"), *o = a.opt(options_json, "options_json");
        GoTrueLoopback *out = nullptr;
        auto r = detail::run(a, [&] { return gotrue_client_start_loopback_sign_in(h(), p, o, &out); });
        if (!r) return P::finish(Result<BasicLoopback<P>>(r.error()));
        return P::finish(Result<BasicLoopback<P>>(BasicLoopback<P>(LoopbackHandle(out))));
    }
    ret<Session> get_session_from_url(std::string_view url) const {
        detail::Args a;
        const char *u = a.str(url, "url");
        return P::finish(
            detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_get_session_from_url(h(), u, s); }));
    }
    ret<Session> sign_in_with_id_token(std::string_view provider, std::string_view id_token,
                                       std::string_view access_token = {}, std::string_view nonce = {},
                                       std::string_view options_json = {}) const {
        detail::Args a;
        const char *pr = a.str(provider, "provider"), *it = a.str(id_token, "id_token"),
                   *at = a.opt(access_token, "access_token"), *n = a.opt(nonce, "nonce"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_session(
            a, [&](GoTrueSession **s) { return gotrue_client_sign_in_with_id_token(h(), pr, it, at, n, o, s); }));
    }
    ret<std::string> sign_in_with_sso(std::string_view domain, std::string_view provider_id,
                                      std::string_view options_json = {}) const {
        detail::Args a;
        const char *d = a.opt(domain, "domain"), *pi = a.opt(provider_id, "provider_id"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_sign_in_with_sso(h(), d, pi, o, out); }));
    }
    ret<std::string> get_user_identities() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_get_user_identities(h(), out); }));
    }
    ret<std::string> link_identity(std::string_view provider, std::string_view options_json = {}) const {
        detail::Args a;
        const char *pr = a.str(provider, "provider"), *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_link_identity(h(), pr, o, out); }));
    }
    ret<Session> link_identity_with_id_token(std::string_view provider, std::string_view id_token,
                                             std::string_view access_token = {}, std::string_view nonce = {},
                                             std::string_view options_json = {}) const {
        detail::Args a;
        const char *pr = a.str(provider, "provider"), *it = a.str(id_token, "id_token"),
                   *at = a.opt(access_token, "access_token"), *n = a.opt(nonce, "nonce"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_session(a, [&](GoTrueSession **s) {
            return gotrue_client_link_identity_with_id_token(h(), pr, it, at, n, o, s);
        }));
    }
    ret<void> unlink_identity(std::string_view identity_id) const {
        detail::Args a;
        const char *i = a.str(identity_id, "identity_id");
        return P::finish(detail::run(a, [&] { return gotrue_client_unlink_identity(h(), i); }));
    }

    // --- server ---
    ret<std::string> get_settings() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_get_settings(h(), out); }));
    }
    ret<std::string> health() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_health(h(), out); }));
    }

    // --- MFA ---
    ret<std::string> mfa_enroll_totp(std::string_view friendly_name = {}, std::string_view issuer = {}) const {
        detail::Args a;
        const char *f = a.opt(friendly_name, "friendly_name"), *i = a.opt(issuer, "issuer");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_mfa_enroll_totp(h(), f, i, out); }));
    }
    ret<std::string> mfa_enroll_phone(std::string_view phone, std::string_view friendly_name = {}) const {
        detail::Args a;
        const char *ph = a.str(phone, "phone"), *f = a.opt(friendly_name, "friendly_name");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_mfa_enroll_phone(h(), ph, f, out); }));
    }
    ret<std::string> mfa_challenge(std::string_view factor_id, std::string_view options_json = {}) const {
        detail::Args a;
        const char *f = a.str(factor_id, "factor_id"), *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_client_mfa_challenge(h(), f, o, out); }));
    }
    ret<Session> mfa_verify(std::string_view factor_id, std::string_view challenge_id, std::string_view code) const {
        detail::Args a;
        const char *f = a.str(factor_id, "factor_id"), *ch = a.str(challenge_id, "challenge_id"),
                   *c = a.str(code, "code");
        return P::finish(
            detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_mfa_verify(h(), f, ch, c, s); }));
    }
    ret<Session> mfa_challenge_and_verify(std::string_view factor_id, std::string_view code) const {
        detail::Args a;
        const char *f = a.str(factor_id, "factor_id"), *c = a.str(code, "code");
        return P::finish(detail::run_session(
            a, [&](GoTrueSession **s) { return gotrue_client_mfa_challenge_and_verify(h(), f, c, s); }));
    }
    ret<void> mfa_unenroll(std::string_view factor_id) const {
        detail::Args a;
        const char *f = a.str(factor_id, "factor_id");
        return P::finish(detail::run(a, [&] { return gotrue_client_mfa_unenroll(h(), f); }));
    }
    ret<std::string> mfa_list_factors() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_mfa_list_factors(h(), out); }));
    }
    ret<std::string> mfa_get_authenticator_assurance_level() const {
        detail::Args a;
        return P::finish(detail::run_string(
            a, [&](char **out) { return gotrue_client_mfa_get_authenticator_assurance_level(h(), out); }));
    }

    // --- admin (service-role key) ---
    ret<std::string> admin_create_user(std::string_view attributes_json) const {
        detail::Args a;
        const char *at = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_create_user(h(), at, out); }));
    }
    ret<std::string> admin_get_user_by_id(std::string_view user_id) const {
        detail::Args a;
        const char *u = a.str(user_id, "user_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_get_user_by_id(h(), u, out); }));
    }
    ret<std::string> admin_update_user_by_id(std::string_view user_id, std::string_view attributes_json) const {
        detail::Args a;
        const char *u = a.str(user_id, "user_id"), *at = a.str(attributes_json, "attributes_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_admin_update_user_by_id(h(), u, at, out); }));
    }
    ret<void> admin_delete_user(std::string_view user_id, bool should_soft_delete = false) const {
        detail::Args a;
        const char *u = a.str(user_id, "user_id");
        return P::finish(detail::run(a, [&] { return gotrue_admin_delete_user(h(), u, should_soft_delete); }));
    }
    ret<std::string> admin_list_users(std::string_view options_json = {}) const {
        detail::Args a;
        const char *o = a.opt(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_list_users(h(), o, out); }));
    }
    ret<std::string> admin_invite_user_by_email(std::string_view email, std::string_view options_json = {}) const {
        detail::Args a;
        const char *e = a.str(email, "email"), *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_admin_invite_user_by_email(h(), e, o, out); }));
    }
    ret<std::string> admin_generate_link(std::string_view link_type, std::string_view email,
                                         std::string_view password = {}, std::string_view options_json = {}) const {
        detail::Args a;
        const char *l = a.str(link_type, "link_type"), *e = a.str(email, "email"), *pw = a.opt(password, "password"),
                   *o = a.opt(options_json, "options_json");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_admin_generate_link(h(), l, e, pw, o, out); }));
    }
    ret<void> admin_sign_out(std::string_view jwt, SignOutScope scope = GOTRUE_SIGN_OUT_SCOPE_GLOBAL) const {
        detail::Args a;
        const char *j = a.str(jwt, "jwt");
        return P::finish(detail::run(a, [&] { return gotrue_admin_sign_out(h(), j, static_cast<int32_t>(scope)); }));
    }
    ret<std::string> admin_mfa_list_factors(std::string_view user_id) const {
        detail::Args a;
        const char *u = a.str(user_id, "user_id");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_admin_mfa_list_factors(h(), u, out); }));
    }
    ret<std::string> admin_mfa_delete_factor(std::string_view user_id, std::string_view factor_id) const {
        detail::Args a;
        const char *u = a.str(user_id, "user_id"), *f = a.str(factor_id, "factor_id");
        return P::finish(
            detail::run_string(a, [&](char **out) { return gotrue_admin_mfa_delete_factor(h(), u, f, out); }));
    }

    // --- newer features (gotrue.h: OAuth server consent, Web3, passkeys, WebAuthn MFA, newer admin) ---
    ret<std::string> oauth_get_authorization_details(std::string_view authorization_id) const {
        detail::Args a;
        const char *c0 = a.str(authorization_id, "authorization_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_oauth_get_authorization_details(h(), c0, out); }));
    }
    ret<std::string> oauth_approve_authorization(std::string_view authorization_id) const {
        detail::Args a;
        const char *c0 = a.str(authorization_id, "authorization_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_oauth_approve_authorization(h(), c0, out); }));
    }
    ret<std::string> oauth_deny_authorization(std::string_view authorization_id) const {
        detail::Args a;
        const char *c0 = a.str(authorization_id, "authorization_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_oauth_deny_authorization(h(), c0, out); }));
    }
    ret<std::string> oauth_list_grants() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_oauth_list_grants(h(), out); }));
    }
    ret<void> oauth_revoke_grant(std::string_view oauth_client_id) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return P::finish(detail::run(a, [&] { return gotrue_client_oauth_revoke_grant(h(), c0); }));
    }
    ret<Session> sign_in_with_web3(std::string_view chain, std::string_view message, std::string_view signature, std::string_view options_json = {}) const {
        detail::Args a;
        const char *c0 = a.str(chain, "chain");
        const char *c1 = a.str(message, "message");
        const char *c2 = a.str(signature, "signature");
        const char *c3 = a.opt(options_json, "options_json");
        return P::finish(detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_sign_in_with_web3(h(), c0, c1, c2, c3, s); }));
    }
    ret<std::string> passkey_registration_options() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_passkey_registration_options(h(), out); }));
    }
    ret<std::string> passkey_registration_verify(std::string_view challenge_id, std::string_view credential_json) const {
        detail::Args a;
        const char *c0 = a.str(challenge_id, "challenge_id");
        const char *c1 = a.str(credential_json, "credential_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_passkey_registration_verify(h(), c0, c1, out); }));
    }
    ret<std::string> passkey_authentication_options(std::string_view options_json = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_passkey_authentication_options(h(), c0, out); }));
    }
    ret<Session> passkey_authentication_verify(std::string_view challenge_id, std::string_view credential_json) const {
        detail::Args a;
        const char *c0 = a.str(challenge_id, "challenge_id");
        const char *c1 = a.str(credential_json, "credential_json");
        return P::finish(detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_passkey_authentication_verify(h(), c0, c1, s); }));
    }
    ret<std::string> list_passkeys() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_list_passkeys(h(), out); }));
    }
    ret<std::string> update_passkey(std::string_view passkey_id, std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(passkey_id, "passkey_id");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_update_passkey(h(), c0, c1, out); }));
    }
    ret<void> delete_passkey(std::string_view passkey_id) const {
        detail::Args a;
        const char *c0 = a.str(passkey_id, "passkey_id");
        return P::finish(detail::run(a, [&] { return gotrue_client_delete_passkey(h(), c0); }));
    }
    ret<std::string> mfa_enroll_webauthn(std::string_view friendly_name = {}) const {
        detail::Args a;
        const char *c0 = a.opt(friendly_name, "friendly_name");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_client_mfa_enroll_webauthn(h(), c0, out); }));
    }
    ret<Session> mfa_verify_webauthn(std::string_view factor_id, std::string_view challenge_id, std::string_view webauthn_type, std::string_view credential_json) const {
        detail::Args a;
        const char *c0 = a.str(factor_id, "factor_id");
        const char *c1 = a.str(challenge_id, "challenge_id");
        const char *c2 = a.str(webauthn_type, "webauthn_type");
        const char *c3 = a.str(credential_json, "credential_json");
        return P::finish(detail::run_session(a, [&](GoTrueSession **s) { return gotrue_client_mfa_verify_webauthn(h(), c0, c1, c2, c3, s); }));
    }
    ret<std::string> admin_list_audit_log(std::string_view options_json = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_list_audit_log(h(), c0, out); }));
    }
    ret<std::string> admin_mfa_update_factor(std::string_view user_id, std::string_view factor_id, std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(user_id, "user_id");
        const char *c1 = a.str(factor_id, "factor_id");
        const char *c2 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_mfa_update_factor(h(), c0, c1, c2, out); }));
    }
    ret<std::string> admin_list_user_passkeys(std::string_view user_id) const {
        detail::Args a;
        const char *c0 = a.str(user_id, "user_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_list_user_passkeys(h(), c0, out); }));
    }
    ret<void> admin_delete_user_passkey(std::string_view user_id, std::string_view passkey_id) const {
        detail::Args a;
        const char *c0 = a.str(user_id, "user_id");
        const char *c1 = a.str(passkey_id, "passkey_id");
        return P::finish(detail::run(a, [&] { return gotrue_admin_delete_user_passkey(h(), c0, c1); }));
    }
    ret<std::string> admin_oauth_list_clients() const {
        detail::Args a;
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_oauth_list_clients(h(), out); }));
    }
    ret<std::string> admin_oauth_create_client(std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_oauth_create_client(h(), c0, out); }));
    }
    ret<std::string> admin_oauth_get_client(std::string_view oauth_client_id) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_oauth_get_client(h(), c0, out); }));
    }
    ret<std::string> admin_oauth_update_client(std::string_view oauth_client_id, std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_oauth_update_client(h(), c0, c1, out); }));
    }
    ret<void> admin_oauth_delete_client(std::string_view oauth_client_id) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return P::finish(detail::run(a, [&] { return gotrue_admin_oauth_delete_client(h(), c0); }));
    }
    ret<std::string> admin_oauth_regenerate_client_secret(std::string_view oauth_client_id) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_oauth_regenerate_client_secret(h(), c0, out); }));
    }
    ret<std::string> admin_list_custom_providers(std::string_view options_json = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_list_custom_providers(h(), c0, out); }));
    }
    ret<std::string> admin_create_custom_provider(std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_create_custom_provider(h(), c0, out); }));
    }
    ret<std::string> admin_get_custom_provider(std::string_view identifier) const {
        detail::Args a;
        const char *c0 = a.str(identifier, "identifier");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_get_custom_provider(h(), c0, out); }));
    }
    ret<std::string> admin_update_custom_provider(std::string_view identifier, std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(identifier, "identifier");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_update_custom_provider(h(), c0, c1, out); }));
    }
    ret<void> admin_delete_custom_provider(std::string_view identifier) const {
        detail::Args a;
        const char *c0 = a.str(identifier, "identifier");
        return P::finish(detail::run(a, [&] { return gotrue_admin_delete_custom_provider(h(), c0); }));
    }
    ret<std::string> admin_list_sso_providers(std::string_view options_json = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_list_sso_providers(h(), c0, out); }));
    }
    ret<std::string> admin_create_sso_provider(std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_create_sso_provider(h(), c0, out); }));
    }
    ret<std::string> admin_get_sso_provider(std::string_view provider_id) const {
        detail::Args a;
        const char *c0 = a.str(provider_id, "provider_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_get_sso_provider(h(), c0, out); }));
    }
    ret<std::string> admin_update_sso_provider(std::string_view provider_id, std::string_view attributes_json) const {
        detail::Args a;
        const char *c0 = a.str(provider_id, "provider_id");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_update_sso_provider(h(), c0, c1, out); }));
    }
    ret<std::string> admin_delete_sso_provider(std::string_view provider_id) const {
        detail::Args a;
        const char *c0 = a.str(provider_id, "provider_id");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_admin_delete_sso_provider(h(), c0, out); }));
    }
    // Builds the EIP-4361 (or Sign-In-With-Solana) message a wallet signs; no request.
    static ret<std::string> web3_build_message(std::string_view options_json) {
        detail::Args a;
        const char *o = a.str(options_json, "options_json");
        return P::finish(detail::run_string(a, [&](char **out) { return gotrue_web3_build_message(o, out); }));
    }

    // --- auth state events ---
    // Calls `handler(event, session)` on every auth state change, on the thread that caused it
    // (see GoTrueAuthStateCallback: `session` is borrowed for the call, empty when signed out).
    // Returns the subscription id for unsubscribe(). The library owns the handler from then on
    // and destroys it after its last call (on unsubscribe, or when the client is freed).
    ret<uint64_t> on_auth_state_change(std::function<void(AuthEvent, SessionView)> handler) const {
        if (!state_) return P::finish(Result<uint64_t>(Error(GOTRUE_ERROR_CODE_NULL_ARGUMENT, "client is empty")));
        auto registered = std::make_unique<detail::AuthHandler>(std::move(handler));
        uint64_t id = 0;
        detail::Args a;
        auto r = detail::run(a, [&] {
            return gotrue_client_on_auth_state_change(h(), detail::on_auth_event, registered.get(),
                                                      detail::free_auth_handler, &id);
        });
        if (!r) return P::finish(Result<uint64_t>(r.error()));  // not registered: still ours to destroy
        registered.release();
        return P::finish(Result<uint64_t>(id));
    }
    ret<void> unsubscribe(uint64_t subscription_id) const {
        detail::Args a;
        return P::finish(detail::run(a, [&] { return gotrue_client_unsubscribe(h(), subscription_id); }));
    }


    // --- non-blocking calls (gotrue.h: the `_start` functions, GoTrueRequest) ---
    // Each `X_start` takes X's arguments and an optional handler, and returns at once with a
    // Request. Without a handler the request completes by poll(); with one, `on_done(request)`
    // runs once on a library worker (keep the Request alive until then: destroying it cancels
    // the call and skips the handler). Take results with Request::take_session/take_string/error.

    // Completed requests started without a handler, each once (up to `max`). The pointers are
    // borrowed: match them with Request::get() of the Requests you hold.
    ret<std::vector<GoTrueRequest *>> poll(size_t max = 64) const {
        std::vector<GoTrueRequest *> out(max);
        size_t n = 0;
        detail::Args a;
        auto r = detail::run(a, [&] { return gotrue_client_poll(h(), max, out.data(), &n); });
        if (!r) return P::finish(Result<std::vector<GoTrueRequest *>>(r.error()));
        out.resize(n);
        return P::finish(Result<std::vector<GoTrueRequest *>>(std::move(out)));
    }
    // Requests of this client not completed yet.
    size_t requests_in_flight() const noexcept { return gotrue_client_requests_in_flight(h()); }
    ret<Request> initialize_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_initialize_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> get_session_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_get_session_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> set_session_start(std::string_view access_token, std::string_view refresh_token, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(access_token, "access_token"), *p1 = a.str(refresh_token, "refresh_token");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_set_session_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> refresh_session_start(std::string_view refresh_token = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(refresh_token, "refresh_token");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_refresh_session_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> sign_out_start(SignOutScope scope, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_out_start(h(), static_cast<int32_t>(scope), cb, ud, fin, out);
        });
    }
    ret<Request> sign_up_start(std::string_view email, std::string_view phone, std::string_view password, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(email, "email"), *p1 = a.opt(phone, "phone"), *p2 = a.str(password, "password"), *p3 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_up_start(h(), p0, p1, p2, p3, cb, ud, fin, out);
        });
    }
    ret<Request> sign_in_with_password_start(std::string_view email, std::string_view phone, std::string_view password, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(email, "email"), *p1 = a.opt(phone, "phone"), *p2 = a.str(password, "password"), *p3 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_in_with_password_start(h(), p0, p1, p2, p3, cb, ud, fin, out);
        });
    }
    ret<Request> sign_in_with_otp_start(std::string_view email = {}, std::string_view phone = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(email, "email"), *p1 = a.opt(phone, "phone"), *p2 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_in_with_otp_start(h(), p0, p1, p2, cb, ud, fin, out);
        });
    }
    ret<Request> verify_otp_start(std::string_view email, std::string_view phone, std::string_view token, std::string_view token_hash, std::string_view type, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(email, "email"), *p1 = a.opt(phone, "phone"), *p2 = a.opt(token, "token"), *p3 = a.opt(token_hash, "token_hash"), *p4 = a.str(type, "type"), *p5 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_verify_otp_start(h(), p0, p1, p2, p3, p4, p5, cb, ud, fin, out);
        });
    }
    ret<Request> resend_start(std::string_view type, std::string_view email = {}, std::string_view phone = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(type, "type"), *p1 = a.opt(email, "email"), *p2 = a.opt(phone, "phone"), *p3 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_resend_start(h(), p0, p1, p2, p3, cb, ud, fin, out);
        });
    }
    ret<Request> reset_password_for_email_start(std::string_view email, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(email, "email"), *p1 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_reset_password_for_email_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> reauthenticate_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_reauthenticate_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> sign_in_anonymously_start(std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_in_anonymously_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> get_user_start(std::string_view jwt = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(jwt, "jwt");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_get_user_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> update_user_start(std::string_view attributes_json, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(attributes_json, "attributes_json"), *p1 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_update_user_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> exchange_code_for_session_start(std::string_view code_or_url, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(code_or_url, "code_or_url");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_exchange_code_for_session_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> get_session_from_url_start(std::string_view url, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(url, "url");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_get_session_from_url_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> sign_in_with_id_token_start(std::string_view provider, std::string_view id_token, std::string_view access_token = {}, std::string_view nonce = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(provider, "provider"), *p1 = a.str(id_token, "id_token"), *p2 = a.opt(access_token, "access_token"), *p3 = a.opt(nonce, "nonce"), *p4 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_in_with_id_token_start(h(), p0, p1, p2, p3, p4, cb, ud, fin, out);
        });
    }
    ret<Request> sign_in_with_sso_start(std::string_view domain = {}, std::string_view provider_id = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(domain, "domain"), *p1 = a.opt(provider_id, "provider_id"), *p2 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_in_with_sso_start(h(), p0, p1, p2, cb, ud, fin, out);
        });
    }
    ret<Request> get_user_identities_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_get_user_identities_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> link_identity_start(std::string_view provider, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(provider, "provider"), *p1 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_link_identity_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> link_identity_with_id_token_start(std::string_view provider, std::string_view id_token, std::string_view access_token = {}, std::string_view nonce = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(provider, "provider"), *p1 = a.str(id_token, "id_token"), *p2 = a.opt(access_token, "access_token"), *p3 = a.opt(nonce, "nonce"), *p4 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_link_identity_with_id_token_start(h(), p0, p1, p2, p3, p4, cb, ud, fin, out);
        });
    }
    ret<Request> unlink_identity_start(std::string_view identity_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(identity_id, "identity_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_unlink_identity_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_enroll_totp_start(std::string_view friendly_name = {}, std::string_view issuer = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(friendly_name, "friendly_name"), *p1 = a.opt(issuer, "issuer");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_enroll_totp_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_enroll_phone_start(std::string_view phone, std::string_view friendly_name = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(phone, "phone"), *p1 = a.opt(friendly_name, "friendly_name");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_enroll_phone_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_challenge_start(std::string_view factor_id, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(factor_id, "factor_id"), *p1 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_challenge_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_verify_start(std::string_view factor_id, std::string_view challenge_id, std::string_view code, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(factor_id, "factor_id"), *p1 = a.str(challenge_id, "challenge_id"), *p2 = a.str(code, "code");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_verify_start(h(), p0, p1, p2, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_challenge_and_verify_start(std::string_view factor_id, std::string_view code, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(factor_id, "factor_id"), *p1 = a.str(code, "code");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_challenge_and_verify_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_unenroll_start(std::string_view factor_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(factor_id, "factor_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_unenroll_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_list_factors_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_list_factors_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> get_claims_start(std::string_view jwt = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(jwt, "jwt"), *p1 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_get_claims_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> get_settings_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_get_settings_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> health_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_health_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> admin_create_user_start(std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_create_user_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_get_user_by_id_start(std::string_view user_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(user_id, "user_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_get_user_by_id_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_update_user_by_id_start(std::string_view user_id, std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(user_id, "user_id"), *p1 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_update_user_by_id_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> admin_delete_user_start(std::string_view user_id, bool should_soft_delete, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(user_id, "user_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_delete_user_start(h(), p0, should_soft_delete, cb, ud, fin, out);
        });
    }
    ret<Request> admin_list_users_start(std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_list_users_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_invite_user_by_email_start(std::string_view email, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(email, "email"), *p1 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_invite_user_by_email_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> admin_generate_link_start(std::string_view link_type, std::string_view email, std::string_view password = {}, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(link_type, "link_type"), *p1 = a.str(email, "email"), *p2 = a.opt(password, "password"), *p3 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_generate_link_start(h(), p0, p1, p2, p3, cb, ud, fin, out);
        });
    }
    ret<Request> admin_sign_out_start(std::string_view jwt, SignOutScope scope, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(jwt, "jwt");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_sign_out_start(h(), p0, static_cast<int32_t>(scope), cb, ud, fin, out);
        });
    }
    ret<Request> admin_mfa_list_factors_start(std::string_view user_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(user_id, "user_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_mfa_list_factors_start(h(), p0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_mfa_delete_factor_start(std::string_view user_id, std::string_view factor_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *p0 = a.str(user_id, "user_id"), *p1 = a.str(factor_id, "factor_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_mfa_delete_factor_start(h(), p0, p1, cb, ud, fin, out);
        });
    }
    ret<Request> oauth_get_authorization_details_start(std::string_view authorization_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(authorization_id, "authorization_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_oauth_get_authorization_details_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> oauth_approve_authorization_start(std::string_view authorization_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(authorization_id, "authorization_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_oauth_approve_authorization_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> oauth_deny_authorization_start(std::string_view authorization_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(authorization_id, "authorization_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_oauth_deny_authorization_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> oauth_list_grants_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_oauth_list_grants_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> oauth_revoke_grant_start(std::string_view oauth_client_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_oauth_revoke_grant_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> sign_in_with_web3_start(std::string_view chain, std::string_view message, std::string_view signature, std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(chain, "chain");
        const char *c1 = a.str(message, "message");
        const char *c2 = a.str(signature, "signature");
        const char *c3 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_sign_in_with_web3_start(h(), c0, c1, c2, c3, cb, ud, fin, out);
        });
    }
    ret<Request> passkey_registration_options_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_passkey_registration_options_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> passkey_registration_verify_start(std::string_view challenge_id, std::string_view credential_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(challenge_id, "challenge_id");
        const char *c1 = a.str(credential_json, "credential_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_passkey_registration_verify_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> passkey_authentication_options_start(std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_passkey_authentication_options_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> passkey_authentication_verify_start(std::string_view challenge_id, std::string_view credential_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(challenge_id, "challenge_id");
        const char *c1 = a.str(credential_json, "credential_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_passkey_authentication_verify_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> list_passkeys_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_list_passkeys_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> update_passkey_start(std::string_view passkey_id, std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(passkey_id, "passkey_id");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_update_passkey_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> delete_passkey_start(std::string_view passkey_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(passkey_id, "passkey_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_delete_passkey_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_enroll_webauthn_start(std::string_view friendly_name = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.opt(friendly_name, "friendly_name");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_enroll_webauthn_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> mfa_verify_webauthn_start(std::string_view factor_id, std::string_view challenge_id, std::string_view webauthn_type, std::string_view credential_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(factor_id, "factor_id");
        const char *c1 = a.str(challenge_id, "challenge_id");
        const char *c2 = a.str(webauthn_type, "webauthn_type");
        const char *c3 = a.str(credential_json, "credential_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_client_mfa_verify_webauthn_start(h(), c0, c1, c2, c3, cb, ud, fin, out);
        });
    }
    ret<Request> admin_list_audit_log_start(std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_list_audit_log_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_mfa_update_factor_start(std::string_view user_id, std::string_view factor_id, std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(user_id, "user_id");
        const char *c1 = a.str(factor_id, "factor_id");
        const char *c2 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_mfa_update_factor_start(h(), c0, c1, c2, cb, ud, fin, out);
        });
    }
    ret<Request> admin_list_user_passkeys_start(std::string_view user_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(user_id, "user_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_list_user_passkeys_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_delete_user_passkey_start(std::string_view user_id, std::string_view passkey_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(user_id, "user_id");
        const char *c1 = a.str(passkey_id, "passkey_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_delete_user_passkey_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> admin_oauth_list_clients_start(detail::RequestHandler on_done = {}) const {
        detail::Args a;
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_oauth_list_clients_start(h(), cb, ud, fin, out);
        });
    }
    ret<Request> admin_oauth_create_client_start(std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_oauth_create_client_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_oauth_get_client_start(std::string_view oauth_client_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_oauth_get_client_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_oauth_update_client_start(std::string_view oauth_client_id, std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_oauth_update_client_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> admin_oauth_delete_client_start(std::string_view oauth_client_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_oauth_delete_client_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_oauth_regenerate_client_secret_start(std::string_view oauth_client_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(oauth_client_id, "oauth_client_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_oauth_regenerate_client_secret_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_list_custom_providers_start(std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_list_custom_providers_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_create_custom_provider_start(std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_create_custom_provider_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_get_custom_provider_start(std::string_view identifier, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(identifier, "identifier");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_get_custom_provider_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_update_custom_provider_start(std::string_view identifier, std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(identifier, "identifier");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_update_custom_provider_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> admin_delete_custom_provider_start(std::string_view identifier, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(identifier, "identifier");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_delete_custom_provider_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_list_sso_providers_start(std::string_view options_json = {}, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.opt(options_json, "options_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_list_sso_providers_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_create_sso_provider_start(std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_create_sso_provider_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_get_sso_provider_start(std::string_view provider_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(provider_id, "provider_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_get_sso_provider_start(h(), c0, cb, ud, fin, out);
        });
    }
    ret<Request> admin_update_sso_provider_start(std::string_view provider_id, std::string_view attributes_json, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(provider_id, "provider_id");
        const char *c1 = a.str(attributes_json, "attributes_json");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_update_sso_provider_start(h(), c0, c1, cb, ud, fin, out);
        });
    }
    ret<Request> admin_delete_sso_provider_start(std::string_view provider_id, detail::RequestHandler on_done = {}) const {
        detail::Args a;
        const char *c0 = a.str(provider_id, "provider_id");
        return start(a, std::move(on_done), [&](GoTrueRequestCallback cb, void *ud, GoTrueReleaseFn fin, GoTrueRequest **out) {
            return gotrue_admin_delete_sso_provider_start(h(), c0, cb, ud, fin, out);
        });
    }

private:
    // Starts one request: the handler (if any) is owned by the library until its finalizer runs.
    template <class F>
    ret<Request> start(const detail::Args &a, detail::RequestHandler on_done, F &&call) const {
        if (a.error()) return P::finish(Result<Request>(*a.error()));
        detail::RequestHandler *owned = on_done ? new detail::RequestHandler(std::move(on_done)) : nullptr;
        GoTrueRequest *out = nullptr;
        GoTrueError *e = call(owned ? detail::on_request_done : nullptr, owned,
                              owned ? detail::free_request_handler : nullptr, &out);
        if (e) {
            delete owned;  // not taken: the finalizer does not run when the start fails
            return P::finish(Result<Request>(Error(ErrorHandle(e))));
        }
        return P::finish(Result<Request>(Request(out)));
    }

public:
private:
    const GoTrueClient *h() const noexcept { return get(); }  // NULL after a move: the library reports it
    std::unique_ptr<detail::ClientState> state_;
};

inline Result<Session> Session::try_from_json(std::string_view json) {
    detail::Args a;
    const char *j = a.str(json, "json");
    return detail::run_session(a, [&](GoTrueSession **s) { return gotrue_session_from_json(j, s); });
}

namespace detail {
using LogHandler = std::function<void(GoTrueLogLevel, std::string_view)>;
inline void on_log_line(GoTrueLogLevel level, const char *line, void *user_data) {
    (*static_cast<LogHandler *>(user_data))(level, line ? std::string_view(line) : std::string_view());
}
inline void free_log_handler(void *user_data) { delete static_cast<LogHandler *>(user_data); }
}  // namespace detail

// gotrue_set_log_callback: one process-wide handler for every client's log lines (see
// GoTrueLogCallback: any thread, several at once). An empty handler or GOTRUE_LOG_LEVEL_OFF removes it.
inline Result<void> set_log_handler(std::function<void(GoTrueLogLevel, std::string_view)> handler,
                                    GoTrueLogLevel level = GOTRUE_LOG_LEVEL_INFO) {
    detail::Args a;
    if (!handler) {
        return detail::run(a, [&] { return gotrue_set_log_callback(nullptr, GOTRUE_LOG_LEVEL_OFF, nullptr, nullptr); });
    }
    auto *owned = new detail::LogHandler(std::move(handler));
    GoTrueError *e = gotrue_set_log_callback(detail::on_log_line, static_cast<int32_t>(level), owned,
                                             detail::free_log_handler);
    if (e) {
        delete owned;  // not taken: the finalizer is not called on failure
        return Error(ErrorHandle(e));
    }
    return Result<void>();
}

namespace nothrow {
// The client for builds without exceptions: every method returns gotrue::Result<T>.
using Client = BasicClient<detail::NoThrow>;
using Loopback = BasicLoopback<detail::NoThrow>;
}  // namespace nothrow
#if GOTRUE_HPP_EXCEPTIONS
// The client that throws gotrue::Exception on every error.
using Client = BasicClient<detail::Throwing>;
using Loopback = BasicLoopback<detail::Throwing>;
#endif

}  // namespace gotrue

#endif  // GOTRUE_HPP
