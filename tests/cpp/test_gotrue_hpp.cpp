// Tests of include/gotrue.hpp, built by tests/packaging/run.sh against an installed prefix,
// under ASan + UBSan (leaks included), once with exceptions and once with -fno-exceptions
// (then only the nothrow::Client parts are compiled). Real-server tests run when
// GOTRUE_TEST_URL and GOTRUE_TEST_ANON_KEY are set, with a fresh user per test.
#include <gotrue.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <vector>

static int failures = 0;
static int checks = 0;
#define CHECK(cond)                                                           \
    do {                                                                      \
        ++checks;                                                             \
        if (!(cond)) {                                                        \
            ++failures;                                                       \
            std::fprintf(stderr, "  FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                     \
    } while (0)

static const char *env(const char *name) {
    const char *v = std::getenv(name);
    return v && *v ? v : nullptr;
}
static std::string unique_email(const char *tag) {
    static std::atomic<int> n{0};
    auto now = std::chrono::system_clock::now().time_since_epoch().count();
    return "hpp-" + std::string(tag) + "-" + std::to_string(now) + "-" + std::to_string(getpid()) + "-" +
           std::to_string(n++) + "@example.com";
}
static const char kPassword[] = "hpp test password 1";

// An unreachable server (nothing listens on port 1): network errors without waiting.
static const char kDeadUrl[] = "http://127.0.0.1:1";

// --- no server ---------------------------------------------------------------------------

static void test_version() {
    CHECK(gotrue::abi_matches());
    CHECK(!gotrue::version().empty());
}

static void test_nothrow_errors_carry_code() {
    auto bad_json = gotrue::nothrow::Client::create(kDeadUrl, "", "{not json");
    CHECK(!bad_json.has_value());
    CHECK(!bad_json && bad_json.error().code() == GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(!bad_json && bad_json.error().code_name() == "invalid_json");
    CHECK(!bad_json && !bad_json.error().message().empty());
    CHECK(!bad_json && bad_json.error().http_status() == 0);

    // A NUL byte inside a string_view is refused here (C would cut the string short).
    auto nul = gotrue::nothrow::Client::create(std::string_view("http://a\0b", 10), "");
    CHECK(!nul && nul.error().code() == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(!nul && nul.error().message().find("url") != std::string::npos);

    auto client = gotrue::nothrow::Client::create(kDeadUrl, "anon", R"({"max_retries":0,"timeout_ms":2000})");
    CHECK(client.has_value());
    if (!client) return;
    auto health = client->health();
    CHECK(!health && health.error().code() == GOTRUE_ERROR_CODE_NETWORK);
    CHECK(!health && health.error().retryable());
    CHECK(!bad_json && !bad_json.error().retryable());
    // Signed out: no session is success with an empty optional.
    auto none = client->get_session();
    CHECK(none.has_value() && !none->has_value());
    auto missing = client->get_user();
    CHECK(!missing && missing.error().code() == GOTRUE_ERROR_CODE_SESSION_MISSING);
    auto unknown = client->unsubscribe(12345);
    CHECK(!unknown && unknown.error().code() == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);

    // A moved-from client holds no handle: the library reports the NULL.
    gotrue::nothrow::Client moved = std::move(*client);
    auto after_move = client->get_session();
    CHECK(!after_move && after_move.error().code() == GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(moved.get() != nullptr);
    auto sub_after_move = client->on_auth_state_change([](gotrue::AuthEvent, gotrue::SessionView) {});
    CHECK(!sub_after_move && sub_after_move.error().code() == GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    // The library owns a registered handler and destroys it on unsubscribe (its finalizer);
    // a failed registration destroys it at once.
    auto token = std::make_shared<int>(0);
    auto sub = moved.on_auth_state_change([token](gotrue::AuthEvent, gotrue::SessionView) {});
    CHECK(sub.has_value() && *sub != 0);
    CHECK(token.use_count() == 2);
    CHECK(sub && moved.unsubscribe(*sub).has_value());
    CHECK(token.use_count() == 1);
    auto failed_sub = client->on_auth_state_change([token](gotrue::AuthEvent, gotrue::SessionView) {});
    CHECK(!failed_sub && token.use_count() == 1);
    auto kept = moved.on_auth_state_change([token](gotrue::AuthEvent, gotrue::SessionView) {});
    CHECK(kept.has_value() && token.use_count() == 2);

    auto session = gotrue::Session::try_from_json("{}");
    CHECK(!session.has_value());
    CHECK(!session && session.error().code() != GOTRUE_ERROR_CODE_OK);

    auto null_storage = gotrue::nothrow::Client::create(kDeadUrl, "", std::unique_ptr<gotrue::Storage>());
    CHECK(!null_storage && null_storage.error().code() == GOTRUE_ERROR_CODE_NULL_ARGUMENT);
}

#if GOTRUE_HPP_EXCEPTIONS
static void test_exceptions_carry_code() {
    bool thrown = false;
    try {
        (void)gotrue::Client::create(kDeadUrl, "", R"({"no_such_option":1})");
    } catch (const gotrue::Exception &e) {
        thrown = true;
        CHECK(e.code() == GOTRUE_ERROR_CODE_INVALID_JSON);
        CHECK(std::string(e.what()) == e.error().message());
    }
    CHECK(thrown);

    auto client = gotrue::Client::create(kDeadUrl, "", R"({"max_retries":0})");
    thrown = false;
    try {
        client.health();
    } catch (const gotrue::Exception &e) {
        thrown = true;
        CHECK(e.code() == GOTRUE_ERROR_CODE_NETWORK);
    }
    CHECK(thrown);

    // value() of a failed Result throws the same error.
    thrown = false;
    try {
        (void)gotrue::Session::try_from_json("not json").value();
    } catch (const gotrue::Exception &e) {
        thrown = true;
        CHECK(e.code() != GOTRUE_ERROR_CODE_OK);
    }
    CHECK(thrown);
}
#endif

// --- real server ------------------------------------------------------------------------

// Storage in a map shared by several clients (one "device" restarting).
struct MapStorage : gotrue::Storage {
    struct Shared {
        std::mutex mutex;
        std::map<std::string, std::string> values;
        std::atomic<int> sets{0};
    };
    std::shared_ptr<Shared> shared;
    explicit MapStorage(std::shared_ptr<Shared> s) : shared(std::move(s)) {}
    bool get(std::string_view key, std::optional<std::string> &value) override {
        std::lock_guard<std::mutex> lock(shared->mutex);
        auto it = shared->values.find(std::string(key));
        if (it != shared->values.end()) value = it->second;
        return true;
    }
    bool set(std::string_view key, std::string_view value) override {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->values[std::string(key)] = std::string(value);
        ++shared->sets;
        return true;
    }
    bool remove(std::string_view key) override {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->values.erase(std::string(key));
        return true;
    }
};

static void test_server_nothrow(const char *url, const char *key) {
    auto client = gotrue::nothrow::Client::create(url, key);
    CHECK(client.has_value());
    if (!client) return;
    std::string email = unique_email("nothrow");
    auto up = client->sign_up(email, {}, kPassword);
    CHECK(up.has_value());
    CHECK(up && up->session.has_value());
    CHECK(up && up->user_json.find(email) != std::string::npos);

    auto wrong = client->sign_in_with_password(email, {}, "not the password");
    CHECK(!wrong && wrong.error().code() == GOTRUE_ERROR_CODE_INVALID_CREDENTIALS);
    CHECK(!wrong && wrong.error().http_status() == 400);
    CHECK(!wrong && wrong.error().server_code() == "invalid_credentials");
    CHECK(!wrong && wrong.error().weak_password_reasons().empty());

    // A too-short password: the server's reasons, one string each.
    auto weak = client->sign_up(unique_email("weak"), {}, "abc");
    CHECK(!weak && weak.error().code() == GOTRUE_ERROR_CODE_WEAK_PASSWORD);
    CHECK(!weak && weak.error().weak_password_reasons() == std::vector<std::string>{"length"});

    auto in = client->sign_in_with_password(email, {}, kPassword);
    CHECK(in.has_value());
    if (!in) return;
    CHECK(in->user_email() == email);
    CHECK(in->seconds_left() > 0);
    CHECK(!in->access_token().empty() && !in->refresh_token().empty());
    CHECK(in->token_type() == "bearer");
    auto user = client->get_user();
    CHECK(user && user->find(in->user_id()) != std::string::npos);
    auto claims = client->get_claims();
    CHECK(claims && claims->find("\"claims\"") != std::string::npos);
    CHECK(client->sign_out(GOTRUE_SIGN_OUT_SCOPE_LOCAL).has_value());
    auto gone = client->get_session();
    CHECK(gone && !gone->has_value());
}

#if GOTRUE_HPP_EXCEPTIONS
static void test_server_events_and_sessions(const char *url, const char *key) {
    auto client = gotrue::Client::create(url, key);
    std::mutex mutex;
    std::vector<std::pair<gotrue::AuthEvent, std::string>> seen;  // event, user id ("" = no session)
    std::optional<gotrue::Session> last;  // an owned copy of the last session a handler borrowed
    client.on_auth_state_change([&](gotrue::AuthEvent event, gotrue::SessionView session) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.emplace_back(event, session ? session.user_id() : std::string());
        if (session) last = session.clone();
    });
    // A handler that throws: caught at the boundary; later handlers still run.
    client.on_auth_state_change([](gotrue::AuthEvent, gotrue::SessionView) { throw std::runtime_error("handler"); });
    std::atomic<int> third{0};
    uint64_t third_id = client.on_auth_state_change([&](gotrue::AuthEvent, gotrue::SessionView) { ++third; });

    std::string email = unique_email("events");
    auto up = client.sign_up(email, {}, kPassword);
    CHECK(up.session.has_value());
    std::string user_id = up.session ? up.session->user_id() : "";
    CHECK(!user_id.empty());
    CHECK(third.load() == 1);
    client.unsubscribe(third_id);
    CHECK(last.has_value() && last->user_id() == user_id && !last->refresh_token().empty());

    // Sessions: JSON round trip, adoption by a second client, refresh.
    gotrue::Session session = client.sign_in_with_password(email, {}, kPassword);
    std::string json = session.to_json();
    gotrue::Session parsed = gotrue::Session::from_json(json);
    CHECK(parsed.user_id() == user_id);
    CHECK(parsed.refresh_token() == session.refresh_token());
    auto other = gotrue::Client::create(url, key);
    gotrue::Session adopted = other.set_session(parsed.access_token(), parsed.refresh_token());
    CHECK(adopted.user_id() == user_id);
    gotrue::Session refreshed = client.refresh_session();
    CHECK(refreshed.user_id() == user_id);
    CHECK(refreshed.refresh_token() != session.refresh_token());

    // Cached reads and the status: no network, the held session as it is.
    auto cached = client.current_session();
    CHECK(cached.has_value() && cached->refresh_token() == refreshed.refresh_token());
    CHECK(client.current_user().find(user_id) != std::string::npos);
    auto status = client.session_status();
    CHECK(status.status == GOTRUE_SESSION_STATUS_AUTHENTICATED && !status.last_error);

    // A loopback listener: nothing arrives, a wait times out, cancel ends it.
    {
        gotrue::Loopback loop = client.start_loopback_sign_in("redirect", R"({"path":"/cb"})");
        CHECK(loop.url() == loop.redirect_to() && loop.redirect_to().find("/cb?state=") != std::string::npos);
        auto timed_out = gotrue::nothrow::Loopback(gotrue::LoopbackHandle(nullptr)).wait(0);
        CHECK(!timed_out && timed_out.error().code() == GOTRUE_ERROR_CODE_NULL_ARGUMENT);
        std::thread canceller([&] { loop.cancel(); });
        canceller.join();
        try {
            loop.wait(5000);
            CHECK(false);
        } catch (const gotrue::Exception &e) {
            CHECK(e.code() == GOTRUE_ERROR_CODE_CANCELLED);
        }
    }

    // Many threads on one client (thread-safe per gotrue.h).
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            for (int j = 0; j < 5; ++j)
                if (auto s = client.get_session(); s && s->user_id() == user_id) ++ok;
        });
    for (auto &t : threads) t.join();
    CHECK(ok.load() == 20);

    std::string updated = client.update_user(R"({"data":{"from":"gotrue.hpp"}})");
    CHECK(updated.find("gotrue.hpp") != std::string::npos);
    // The log handler sees each request, never the password.
    std::vector<std::string> lines;
    gotrue::set_log_handler([&](GoTrueLogLevel, std::string_view line) {
        std::lock_guard<std::mutex> lock(mutex);
        lines.emplace_back(line);
    }).value();
    client.sign_out(GOTRUE_SIGN_OUT_SCOPE_GLOBAL);
    gotrue::set_log_handler(nullptr).value();
    CHECK(!client.get_session().has_value());
    CHECK(!client.current_session().has_value() && client.current_user().empty());
    auto after = client.session_status();
    CHECK(after.status == GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED && after.is_sign_out);
    {
        std::lock_guard<std::mutex> lock(mutex);
        bool logged_logout = false;
        for (auto &l : lines) {
            if (l.find("path=/logout") != std::string::npos) logged_logout = true;
            CHECK(l.find(kPassword) == std::string::npos);
        }
        CHECK(logged_logout);
    }

    std::lock_guard<std::mutex> lock(mutex);
    std::vector<gotrue::AuthEvent> kinds;
    for (auto &e : seen) kinds.push_back(e.first);
    CHECK(!seen.empty() && seen.front().first == GOTRUE_AUTH_EVENT_SIGNED_IN && seen.front().second == user_id);
    CHECK(std::find(kinds.begin(), kinds.end(), GOTRUE_AUTH_EVENT_TOKEN_REFRESHED) != kinds.end());
    CHECK(std::find(kinds.begin(), kinds.end(), GOTRUE_AUTH_EVENT_USER_UPDATED) != kinds.end());
    CHECK(!seen.empty() && seen.back().first == GOTRUE_AUTH_EVENT_SIGNED_OUT && seen.back().second.empty());
    CHECK(third.load() == 1);  // unsubscribed before the sign-in
}

static void test_server_custom_storage(const char *url, const char *key) {
    auto shared = std::make_shared<MapStorage::Shared>();
    std::string email = unique_email("storage");
    std::string user_id;
    {
        auto first = gotrue::Client::create(url, key, std::make_unique<MapStorage>(shared));
        first.sign_up(email, {}, kPassword);
        user_id = first.sign_in_with_password(email, {}, kPassword).user_id();
    }  // the client (and its MapStorage) is freed here; the map lives on
    CHECK(shared->sets.load() >= 1);
    auto second = gotrue::Client::create(url, key, std::make_unique<MapStorage>(shared));
    std::atomic<int> initial{0};
    second.on_auth_state_change([&](gotrue::AuthEvent event, gotrue::SessionView session) {
        if (event == GOTRUE_AUTH_EVENT_INITIAL_SESSION && session && session.user_id() == user_id) ++initial;
    });
    std::optional<gotrue::Session> resumed = second.initialize();
    CHECK(resumed.has_value() && resumed->user_id() == user_id);
    CHECK(initial.load() == 1);
}
#endif

// --- non-blocking calls ------------------------------------------------------------------

// A loopback port that accepts connections (the kernel's backlog) and never answers.
struct SilentPort {
    int fd = -1;
    std::string url;
    SilentPort() {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 && listen(fd, 16) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
            url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    }
    ~SilentPort() {
        if (fd >= 0) close(fd);
    }
};

static std::vector<GoTrueRequest *> poll_all(const gotrue::nothrow::Client &c, size_t n) {
    std::vector<GoTrueRequest *> seen;
    for (int i = 0; i < 10000 && seen.size() < n; i++) {
        auto batch = c.poll(8);
        CHECK(batch.has_value());
        if (!batch) break;
        for (auto *r : *batch) {
            CHECK(std::find(seen.begin(), seen.end(), r) == seen.end());  // each once
            seen.push_back(r);
        }
        if (batch->empty()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return seen;
}

static void test_requests_nothrow() {
    // Poll mode against a dead port: every request completes once, with the blocking call's error.
    auto dead = gotrue::nothrow::Client::create(kDeadUrl, "", R"({"max_retries":0})");
    CHECK(dead.has_value());
    if (!dead) return;
    std::vector<gotrue::Request> reqs;
    for (int i = 0; i < 20; i++) {
        auto r = dead->get_user_start("x.y.z");
        CHECK(r.has_value());
        if (r) reqs.push_back(std::move(*r));
    }
    auto seen = poll_all(*dead, reqs.size());
    CHECK(seen.size() == reqs.size());
    for (auto &r : reqs) {
        CHECK(std::find(seen.begin(), seen.end(), r.get()) != seen.end());
        CHECK(r.is_done() && r.status() == GOTRUE_REQUEST_STATUS_FAILED);
        auto e = r.error();
        CHECK(!e && e.error().code() == GOTRUE_ERROR_CODE_NETWORK);
        auto text = r.take_string();
        CHECK(!text && text.error().code() == GOTRUE_ERROR_CODE_NETWORK);
    }
    // A NUL byte is refused before anything starts.
    auto nul = dead->sign_in_with_password_start("a@example.com", {}, std::string_view("pw\0x", 4));
    CHECK(!nul && nul.error().code() == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);

    // Handler mode, and cancellation of a request in flight on a server that never answers.
    SilentPort silent;
    CHECK(!silent.url.empty());
    auto slow = gotrue::nothrow::Client::create(silent.url, "", R"({"max_retries":0,"timeout_ms":30000})");
    CHECK(slow.has_value());
    if (!slow) return;
    std::atomic<int> handled{0};
    std::atomic<int> handled_status{-1};
    auto r = slow->get_user_start("x.y.z", [&](GoTrueRequest *req) {
        GoTrueRequestStatus st = GOTRUE_REQUEST_STATUS_PENDING;
        if (GoTrueError *e = gotrue_request_status(req, &st)) gotrue_error_free(e);
        handled_status = static_cast<int>(st);
        handled++;
    });
    CHECK(r.has_value());
    if (!r) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(!r->is_done());
    CHECK(slow->requests_in_flight() == 1);
    auto pending = r->error();
    CHECK(!pending && pending.error().code() == GOTRUE_ERROR_CODE_REQUEST_PENDING);
    auto t0 = std::chrono::steady_clock::now();
    r->cancel();
    CHECK(r->wait(5000));
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
    CHECK(r->status() == GOTRUE_REQUEST_STATUS_CANCELLED);
    for (int i = 0; i < 500 && handled.load() == 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    CHECK(handled.load() == 1);
    CHECK(handled_status.load() == GOTRUE_REQUEST_STATUS_CANCELLED);
    // A Request destroyed while pending cancels the call; its handler never runs (the handler
    // itself is freed by the library's finalizer: ASan checks for the leak).
    std::atomic<int> never{0};
    {
        auto gone = slow->health_start([&](GoTrueRequest *) { never++; });
        CHECK(gone.has_value());
    }
    // Requests outlive their client: pending ones complete as cancelled when it goes.
    auto outliving = slow->health_start();
    CHECK(outliving.has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    slow = gotrue::nothrow::Client::create(kDeadUrl, "");  // frees the old client
    if (outliving) {
        CHECK(outliving->is_done() && outliving->status() == GOTRUE_REQUEST_STATUS_CANCELLED);
    }
    CHECK(never.load() == 0);
}

static void test_server_requests_nothrow(const char *url, const char *key) {
    auto client = gotrue::nothrow::Client::create(url, key);
    CHECK(client.has_value());
    if (!client) return;
    std::string email = unique_email("requests");
    auto up = client->sign_up_start(email, {}, kPassword);
    CHECK(up.has_value());
    if (!up) return;
    CHECK(up->wait(30000));
    auto up_session = up->take_session();
    CHECK(up_session.has_value() && up_session->has_value());
    auto in = client->sign_in_with_password_start(email, {}, kPassword);
    CHECK(in.has_value());
    if (!in) return;
    auto seen = poll_all(*client, 2);  // the sign-up and the sign-in, each once
    CHECK(seen.size() == 2);
    CHECK(in->is_done());
    auto session = in->take_session();
    CHECK(session.has_value() && session->has_value());
    if (!session || !*session) return;
    std::string old_refresh((*session)->refresh_token());
    std::atomic<int> handled{0};
    auto refresh = client->refresh_session_start({}, [&](GoTrueRequest *) { handled++; });
    CHECK(refresh.has_value());
    if (!refresh) return;
    CHECK(refresh->wait(30000));
    auto fresh = refresh->take_session();
    CHECK(fresh.has_value() && fresh->has_value() && std::string((*fresh)->refresh_token()) != old_refresh);
    for (int i = 0; i < 500 && handled.load() == 0; i++) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    CHECK(handled.load() == 1);
    auto user = client->get_user_start();
    CHECK(user.has_value());
    if (!user) return;
    CHECK(user->wait(30000));
    auto json = user->take_string();
    CHECK(json.has_value() && json->has_value() && (*json)->find(email) != std::string::npos);
    // Newer APIs' start forms: the signed-in user's passkeys (none yet), and the blocking
    // call's error when the argument is wrong.
    auto passkeys = client->list_passkeys_start();
    CHECK(passkeys.has_value());
    if (!passkeys) return;
    CHECK(passkeys->wait(30000));
    auto list = passkeys->take_string();
    CHECK(list.has_value() && list->has_value() && **list == "[]");
    auto revoke = client->oauth_revoke_grant_start("a/b");
    CHECK(revoke.has_value());
    if (!revoke) return;
    CHECK(revoke->wait(30000) && revoke->status() == GOTRUE_REQUEST_STATUS_FAILED);
}

static void test_newer_features_check_arguments() {
    auto client = gotrue::nothrow::Client::create(kDeadUrl, "anon", R"({"max_retries":0,"timeout_ms":2000})");
    CHECK(client.has_value());
    if (!client) return;
    auto code = [](const auto &r) { return r ? GOTRUE_ERROR_CODE_OK : r.error().code(); };
    CHECK(code(client->oauth_get_authorization_details("../x")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->oauth_approve_authorization("abc")) == GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(code(client->oauth_deny_authorization("abc")) == GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(code(client->oauth_list_grants()) == GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(code(client->oauth_revoke_grant("a/b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->sign_in_with_web3("bitcoin", "m", "s")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->passkey_registration_options()) == GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(code(client->passkey_registration_verify("c", "[")) == GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(code(client->passkey_authentication_options()) == GOTRUE_ERROR_CODE_NETWORK);
    CHECK(code(client->passkey_authentication_verify("", R"({"id":"x"})")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->list_passkeys()) == GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(code(client->update_passkey("p", "{}")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->delete_passkey("../p")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->mfa_enroll_webauthn()) == GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(code(client->mfa_verify_webauthn("f", "c", "sign", R"({"id":"x"})")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_list_audit_log()) == GOTRUE_ERROR_CODE_NETWORK);
    CHECK(code(client->admin_mfa_update_factor("u", "f", "[]")) == GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(code(client->admin_list_user_passkeys("a/b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_delete_user_passkey("u", "a/b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_oauth_list_clients()) == GOTRUE_ERROR_CODE_NETWORK);
    CHECK(code(client->admin_oauth_create_client("{}")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_oauth_get_client("a/b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_oauth_update_client("c", "{}")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_oauth_delete_client("")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_oauth_regenerate_client_secret("a b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_list_custom_providers(R"({"type":"saml"})")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_create_custom_provider("{")) == GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(code(client->admin_get_custom_provider("custom:a.b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_update_custom_provider("custom:a", "{}")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_delete_custom_provider("custom:a/b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_list_sso_providers(R"({"x":1})")) == GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(code(client->admin_create_sso_provider("{}")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_get_sso_provider("a/b")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_update_sso_provider("p", "{}")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(code(client->admin_delete_sso_provider("p")) == GOTRUE_ERROR_CODE_NETWORK);
    auto message = gotrue::nothrow::Client::web3_build_message(
        R"({"chain":"ethereum","domain":"localhost:3000","address":"0x00000000000000000000000000000000000000aa",)"
        R"("uri":"http://localhost:3000","issued_at":"2026-01-01T00:00:00Z"})");
    CHECK(message && message->find("\nChain ID: 1\nIssued At: 2026-01-01T00:00:00Z") != std::string::npos);
    CHECK(code(gotrue::nothrow::Client::web3_build_message(R"({"chain":"ethereum"})")) == GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
}

int main() {
    struct Test {
        const char *name;
        void (*fn)();
    };
    std::vector<Test> tests = {
        {"version", test_version},
        {"nothrow_errors_carry_code", test_nothrow_errors_carry_code},
        {"requests_nothrow", test_requests_nothrow},
        {"newer_features_check_arguments", test_newer_features_check_arguments},
#if GOTRUE_HPP_EXCEPTIONS
        {"exceptions_carry_code", test_exceptions_carry_code},
#endif
    };
    for (auto &t : tests) {
        int before = failures;
        t.fn();
        std::printf("%s %s\n", failures == before ? "ok  " : "FAIL", t.name);
    }
    const char *url = env("GOTRUE_TEST_URL"), *key = env("GOTRUE_TEST_ANON_KEY");
    int server_tests = 0;
    if (url && key) {
        struct ServerTest {
            const char *name;
            void (*fn)(const char *, const char *);
        };
        std::vector<ServerTest> server = {
            {"server_nothrow", test_server_nothrow},
            {"server_requests_nothrow", test_server_requests_nothrow},
#if GOTRUE_HPP_EXCEPTIONS
            {"server_events_and_sessions", test_server_events_and_sessions},
            {"server_custom_storage", test_server_custom_storage},
#endif
        };
        for (auto &t : server) {
            int before = failures;
#if GOTRUE_HPP_EXCEPTIONS
            try {
                t.fn(url, key);
            } catch (const gotrue::Exception &e) {
                ++failures;
                std::fprintf(stderr, "  FAIL %s: gotrue::Exception %s: %s\n", t.name, e.error().code_name().c_str(),
                             e.what());
            }
#else
            t.fn(url, key);
#endif
            std::printf("%s %s\n", failures == before ? "ok  " : "FAIL", t.name);
            ++server_tests;
        }
    } else {
        std::printf("real-server tests NOT RUN (GOTRUE_TEST_URL / GOTRUE_TEST_ANON_KEY unset)\n");
    }
    std::printf("gotrue.hpp tests (%s): %d checks, %d failed, %zu no-server tests, %d real-server tests\n",
                GOTRUE_HPP_EXCEPTIONS ? "exceptions" : "-fno-exceptions", checks, failures, tests.size(),
                server_tests);
    return failures == 0 ? 0 : 1;
}
