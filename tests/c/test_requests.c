/* Non-blocking calls from C under ASan/UBSan (and valgrind for the no-server part): misuse
 * of every request function and every `_start` form, completion by poll and by callback
 * exactly once, cancel storms from several threads, gotrue_client_free with requests in
 * flight (no callback after it returns, handles that outlive the client), and, against
 * the real server, sign-in, refresh and get_user through gotrue_client_poll. */
#include "tests.h"

#include "gen_start_calls.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A loopback port that accepts connections (the kernel's backlog) and never answers: a
 * request to it stays in flight until it is cancelled or times out. */
static int black_hole_fd = -1;
static char black_hole[64];

static const char *black_hole_url(void) {
    if (black_hole_fd >= 0) return black_hole;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 512) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        if (fd >= 0) close(fd);
        return NULL;
    }
    black_hole_fd = fd;
    snprintf(black_hole, sizeof black_hole, "http://127.0.0.1:%d", ntohs(addr.sin_port));
    return black_hole;
}

static GoTrueClient *client_for(const char *url, const char *options) {
    GoTrueClient *c = NULL;
    GoTrueError *err = gotrue_client_new(url, "anon-key", options, &c);
    if (err != NULL) {
        fprintf(stderr, "    cannot create a client: %s\n", gotrue_error_message(err));
        gotrue_error_free(err);
        return NULL;
    }
    return c;
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* Per-request completion record (user_data of the callback and finalizer). */
typedef struct {
    atomic_int callbacks;
    atomic_int finalized;
    atomic_int out_of_order;
    atomic_int status;
} Record;

static void on_complete(GoTrueRequest *request, void *user_data) {
    Record *r = user_data;
    if (atomic_load(&r->finalized) != 0) atomic_fetch_add(&r->out_of_order, 1);
    GoTrueRequestStatus status = GOTRUE_REQUEST_STATUS_PENDING;
    GoTrueError *err = gotrue_request_status(request, &status);
    if (err != NULL) gotrue_error_free(err);
    atomic_store(&r->status, (int)status);
    atomic_fetch_add(&r->callbacks, 1);
}

static void on_finalize(void *user_data) {
    Record *r = user_data;
    atomic_fetch_add(&r->finalized, 1);
}

static GoTrueError *start_get_user(const GoTrueClient *c, Record *record, GoTrueRequest **out) {
    return gotrue_client_get_user_start(c, "some.jwt.value", record ? on_complete : NULL, record, record ? on_finalize : NULL,
                                        out);
}

static GoTrueRequestStatus status_of(const GoTrueRequest *r) {
    GoTrueRequestStatus s = GOTRUE_REQUEST_STATUS_PENDING;
    GoTrueError *err = gotrue_request_status(r, &s);
    if (err != NULL) gotrue_error_free(err);
    return s;
}

static int error_code_of(const GoTrueRequest *r) {
    GoTrueError *err = gotrue_request_error(r);
    int code = err ? (int)gotrue_error_code(err) : 0;
    gotrue_error_free(err);
    return code;
}

void test_requests_misuse(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueRequest *req = SENTINEL(GoTrueRequest *);
    /* Every _start form: NULL client, then NULL out_request (all other arguments NULL too). */
    {
        const GoTrueClient *C = NULL;
        GoTrueRequest **O = &req;
#define S(name, call)                                                    \
    cover(name);                                                         \
    C = NULL;                                                            \
    O = &req;                                                            \
    EXPECT_CODE(call, GOTRUE_ERROR_CODE_NULL_ARGUMENT);                  \
    C = c;                                                               \
    O = NULL;                                                            \
    EXPECT_CODE(call, GOTRUE_ERROR_CODE_NULL_ARGUMENT);
        GOTRUE_TEST_START_CALLS(S)
#undef S
    }
    CHECK(req == SENTINEL(GoTrueRequest *));
    /* A NULL required string and invalid UTF-8 are the blocking call's errors: the start call
       succeeds and the request completes with them, callback and finalizer once each. */
    {
        Record bad[2] = {0};
        GoTrueRequest *r[2] = {NULL, NULL};
        EXPECT_OK(gotrue_client_sign_in_with_password_start(c, "a@example.com", NULL, NULL, NULL, on_complete, &bad[0],
                                                            on_finalize, &r[0]));
        EXPECT_OK(gotrue_client_sign_in_with_password_start(c, BAD_UTF8, NULL, "pw", NULL, on_complete, &bad[1], on_finalize,
                                                            &r[1]));
        const int expected[2] = {GOTRUE_ERROR_CODE_NULL_ARGUMENT, GOTRUE_ERROR_CODE_INVALID_UTF8};
        for (int i = 0; i < 2; i++) {
            CHECK(r[i] != NULL);
            /* The finalizer runs after the callback returned: wait for it before freeing. */
            for (int waited = 0; atomic_load(&bad[i].finalized) == 0 && waited < 10000; waited++) sleep_ms(1);
            CHECK(atomic_load(&bad[i].callbacks) == 1 && atomic_load(&bad[i].finalized) == 1);
            CHECK(status_of(r[i]) == GOTRUE_REQUEST_STATUS_FAILED);
            CHECK(error_code_of(r[i]) == expected[i]);
            gotrue_request_free(r[i]);
        }
    }

    /* The request functions. */
    GoTrueRequestStatus status = GOTRUE_REQUEST_STATUS_FAILED;
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    char *text = SENTINEL(char *);
    size_t count = 7;
    GoTrueRequest *buf[4];
    cover("gotrue_client_poll");
    EXPECT_CODE(gotrue_client_poll(NULL, 4, buf, &count), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_poll(c, 4, NULL, &count), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_poll(c, 4, buf, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(count == 7);
    EXPECT_OK(gotrue_client_poll(c, 0, NULL, &count));
    CHECK(count == 0);
    cover("gotrue_request_status");
    EXPECT_CODE(gotrue_request_status(NULL, &status), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_request_error");
    EXPECT_CODE(gotrue_request_error(NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_request_take_session");
    EXPECT_CODE(gotrue_request_take_session(NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_request_take_string");
    EXPECT_CODE(gotrue_request_take_string(NULL, &text), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_request_is_done");
    CHECK(!gotrue_request_is_done(NULL));
    cover("gotrue_request_wait");
    CHECK(!gotrue_request_wait(NULL, 10));
    cover("gotrue_client_requests_in_flight");
    CHECK(gotrue_client_requests_in_flight(NULL) == 0);
    cover("gotrue_request_cancel");
    gotrue_request_cancel(NULL);
    cover("gotrue_request_free");
    gotrue_request_free(NULL);

    GoTrueRequest *r = NULL;
    EXPECT_OK(start_get_user(c, NULL, &r));
    CHECK(r != NULL);
    CHECK(gotrue_request_wait(r, 10000));
    EXPECT_CODE(gotrue_request_status(r, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_request_take_session(r, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_request_take_string(r, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(status_of(r) == GOTRUE_REQUEST_STATUS_FAILED);
    CHECK(error_code_of(r) == GOTRUE_ERROR_CODE_NETWORK);
    /* The result accessors return the request's error, as the blocking call would. */
    EXPECT_CODE(gotrue_request_take_string(r, &text), GOTRUE_ERROR_CODE_NETWORK);
    CHECK(s == SENTINEL(GoTrueSession *) && text == SENTINEL(char *));
    gotrue_request_free(r);
    gotrue_client_free(c);
}

void test_requests_poll_each_once(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    enum { N = 300 };
    GoTrueRequest *reqs[N];
    for (int i = 0; i < N; i++) {
        reqs[i] = NULL;
        EXPECT_OK(start_get_user(c, NULL, &reqs[i]));
    }
    int seen[N] = {0};
    size_t total = 0;
    double end = now_ms() + 30000;
    while (total < N && now_ms() < end) {
        GoTrueRequest *batch[16];
        size_t n = 0;
        EXPECT_OK(gotrue_client_poll(c, 16, batch, &n));
        CHECK(n <= 16);
        for (size_t k = 0; k < n; k++) {
            int found = -1;
            for (int i = 0; i < N; i++)
                if (reqs[i] == batch[k]) found = i;
            CHECK(found >= 0);
            CHECK(seen[found] == 0); /* never twice */
            seen[found] = 1;
            CHECK(gotrue_request_is_done(batch[k]));
        }
        total += n;
        if (n == 0) sleep_ms(1);
    }
    CHECK(total == N);
    size_t more = 99;
    EXPECT_OK(gotrue_client_poll(c, 16, reqs, &more)); /* buffer contents irrelevant: nothing left */
    CHECK(more == 0);
    for (int i = 0; i < N; i++) {
        /* Nothing reached a server: the refused port is the blocking call's NETWORK error. */
        CHECK(status_of(reqs[i]) == GOTRUE_REQUEST_STATUS_FAILED);
        gotrue_request_free(reqs[i]);
    }
    gotrue_client_free(c);
}

void test_requests_callback_then_finalizer_once(void) {
    GoTrueClient *c = client_for(refused_url(), "{\"max_retries\":0,\"request_workers\":2}");
    CHECK(c != NULL);
    enum { N = 100 };
    static Record records[N];
    GoTrueRequest *reqs[N];
    memset(records, 0, sizeof records);
    for (int i = 0; i < N; i++) EXPECT_OK(start_get_user(c, &records[i], &reqs[i]));
    double end = now_ms() + 30000;
    int all = 0;
    while (!all && now_ms() < end) {
        all = 1;
        for (int i = 0; i < N; i++)
            if (atomic_load(&records[i].finalized) != 1) all = 0;
        if (!all) sleep_ms(2);
    }
    CHECK(all);
    for (int i = 0; i < N; i++) {
        CHECK(atomic_load(&records[i].callbacks) == 1);
        CHECK(atomic_load(&records[i].out_of_order) == 0);
        CHECK(atomic_load(&records[i].status) == GOTRUE_REQUEST_STATUS_FAILED);
        gotrue_request_free(reqs[i]);
    }
    /* Callback-mode requests are never polled. */
    size_t n = 9;
    GoTrueRequest *batch[4];
    EXPECT_OK(gotrue_client_poll(c, 4, batch, &n));
    CHECK(n == 0);
    gotrue_client_free(c);
}

/* Cancels random requests from several threads while they are queued or in flight. */
typedef struct {
    GoTrueRequest **reqs;
    int n;
    unsigned seed;
} Storm;

static void *storm_thread(void *arg) {
    Storm *s = arg;
    unsigned x = s->seed;
    for (int k = 0; k < 400; k++) {
        x = x * 1103515245u + 12345u;
        gotrue_request_cancel(s->reqs[(x >> 8) % (unsigned)s->n]);
        if ((x & 7) == 0) sleep_ms(1);
    }
    return NULL;
}

void test_requests_cancel_storm_from_threads(void) {
    const char *url = black_hole_url();
    CHECK(url != NULL);
    GoTrueClient *c = client_for(url, "{\"max_retries\":0,\"request_workers\":8,\"timeout_ms\":60000}");
    CHECK(c != NULL);
    enum { N = 300, T = 4 };
    static Record records[N];
    GoTrueRequest *reqs[N];
    memset(records, 0, sizeof records);
    for (int i = 0; i < N; i++) EXPECT_OK(start_get_user(c, &records[i], &reqs[i]));
    pthread_t threads[T];
    Storm storms[T];
    for (int t = 0; t < T; t++) {
        storms[t] = (Storm){reqs, N, 0x9e3779b9u * (unsigned)(t + 1)};
        CHECK(pthread_create(&threads[t], NULL, storm_thread, &storms[t]) == 0);
    }
    for (int t = 0; t < T; t++) pthread_join(threads[t], NULL);
    /* Whatever the storm missed is cancelled now: every request completes, once. */
    for (int i = 0; i < N; i++) gotrue_request_cancel(reqs[i]);
    for (int i = 0; i < N; i++) CHECK(gotrue_request_wait(reqs[i], 10000));
    double end = now_ms() + 10000;
    int all = 0;
    while (!all && now_ms() < end) {
        all = 1;
        for (int i = 0; i < N; i++)
            if (atomic_load(&records[i].finalized) != 1) all = 0;
        if (!all) sleep_ms(2);
    }
    CHECK(all);
    for (int i = 0; i < N; i++) {
        CHECK(atomic_load(&records[i].callbacks) == 1);
        CHECK(atomic_load(&records[i].out_of_order) == 0);
        CHECK(status_of(reqs[i]) == GOTRUE_REQUEST_STATUS_CANCELLED);
        CHECK(error_code_of(reqs[i]) == GOTRUE_ERROR_CODE_CANCELLED);
        gotrue_request_free(reqs[i]);
    }
    CHECK(gotrue_client_requests_in_flight(c) == 0);
    gotrue_client_free(c);
}

void test_requests_free_client_with_200_in_flight(void) {
    const char *url = black_hole_url();
    CHECK(url != NULL);
    GoTrueClient *c = client_for(url, "{\"max_retries\":0,\"timeout_ms\":60000}");
    CHECK(c != NULL);
    enum { N = 200 };
    static Record records[N];
    GoTrueRequest *reqs[N], *polled[20];
    memset(records, 0, sizeof records);
    for (int i = 0; i < N; i++) EXPECT_OK(start_get_user(c, &records[i], &reqs[i]));
    for (int i = 0; i < 20; i++) EXPECT_OK(start_get_user(c, NULL, &polled[i]));
    sleep_ms(100); /* the workers are inside their requests */
    CHECK(gotrue_client_requests_in_flight(c) == N + 20);
    /* A handle freed early: cancelled, its callback skipped, its finalizer run once. */
    gotrue_request_free(reqs[0]);
    double t0 = now_ms();
    gotrue_client_free(c);
    CHECK(now_ms() - t0 < 5000);
    int snapshot[N];
    for (int i = 0; i < N; i++) {
        CHECK(atomic_load(&records[i].finalized) == 1);
        CHECK(atomic_load(&records[i].callbacks) == (i == 0 ? 0 : 1));
        snapshot[i] = atomic_load(&records[i].callbacks);
    }
    sleep_ms(200);
    for (int i = 0; i < N; i++) CHECK(atomic_load(&records[i].callbacks) == snapshot[i]); /* none after free */
    /* The handles outlive the client: readable, then freed. */
    for (int i = 1; i < N; i++) {
        CHECK(gotrue_request_is_done(reqs[i]));
        CHECK(status_of(reqs[i]) == GOTRUE_REQUEST_STATUS_CANCELLED);
        char *text = NULL;
        EXPECT_CODE(gotrue_request_take_string(reqs[i], &text), GOTRUE_ERROR_CODE_CANCELLED);
        gotrue_request_free(reqs[i]);
    }
    for (int i = 0; i < 20; i++) {
        CHECK(status_of(polled[i]) == GOTRUE_REQUEST_STATUS_CANCELLED);
        gotrue_request_free(polled[i]);
    }
}

/* --- against the real server ------------------------------------------------------------ */

static GoTrueRequest *poll_for(const GoTrueClient *c, const GoTrueRequest *want, double timeout_ms) {
    double end = now_ms() + timeout_ms;
    while (now_ms() < end) {
        GoTrueRequest *batch[8];
        size_t n = 0;
        GoTrueError *err = gotrue_client_poll(c, 8, batch, &n);
        if (err != NULL) {
            gotrue_error_free(err);
            return NULL;
        }
        for (size_t k = 0; k < n; k++)
            if (batch[k] == want) return batch[k];
        if (n == 0) sleep_ms(2);
    }
    return NULL;
}

void test_server_requests_sign_in_refresh_user_by_poll(void) {
    const char *url = getenv("GOTRUE_TEST_URL");
    const char *key = getenv("GOTRUE_TEST_ANON_KEY");
    GoTrueClient *c = NULL;
    EXPECT_OK(gotrue_client_new(url, key ? key : "", NULL, &c));
    char email[160];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    snprintf(email, sizeof email, "c-req-%ld-%lld%09ld@example.com", (long)getpid(), (long long)now.tv_sec, now.tv_nsec);
    const char *password = "C-requests-Pa55word!";

    GoTrueRequest *r = NULL;
    EXPECT_OK(gotrue_client_sign_up_start(c, email, NULL, password, NULL, NULL, NULL, NULL, &r));
    CHECK(poll_for(c, r, 30000) == r);
    GoTrueSession *s = NULL;
    char *user = NULL;
    EXPECT_OK(gotrue_request_take_session(r, &s));
    EXPECT_OK(gotrue_request_take_string(r, &user));
    CHECK(s != NULL && user != NULL);
    CHECK(strstr(user, email) != NULL);
    gotrue_string_free(user);
    gotrue_session_free(s);
    gotrue_request_free(r);

    r = NULL;
    EXPECT_OK(gotrue_client_sign_in_with_password_start(c, email, NULL, password, NULL, NULL, NULL, NULL, &r));
    CHECK(poll_for(c, r, 30000) == r);
    s = NULL;
    EXPECT_OK(gotrue_request_take_session(r, &s));
    CHECK(s != NULL);
    char old_refresh[256];
    snprintf(old_refresh, sizeof old_refresh, "%s", gotrue_session_refresh_token(s));
    gotrue_session_free(s);
    gotrue_request_free(r);

    r = NULL;
    EXPECT_OK(gotrue_client_refresh_session_start(c, NULL, NULL, NULL, NULL, &r));
    CHECK(poll_for(c, r, 30000) == r);
    s = NULL;
    EXPECT_OK(gotrue_request_take_session(r, &s));
    CHECK(s != NULL);
    CHECK(strcmp(gotrue_session_refresh_token(s), old_refresh) != 0);
    gotrue_session_free(s);
    gotrue_request_free(r);

    r = NULL;
    EXPECT_OK(gotrue_client_get_user_start(c, NULL, NULL, NULL, NULL, &r));
    CHECK(poll_for(c, r, 30000) == r);
    user = NULL;
    EXPECT_OK(gotrue_request_take_string(r, &user));
    CHECK(user != NULL && strstr(user, email) != NULL);
    gotrue_string_free(user);
    gotrue_request_free(r);

    /* Wrong password: the server's error through the request. */
    r = NULL;
    EXPECT_OK(gotrue_client_sign_in_with_password_start(c, email, NULL, "wrong-password", NULL, NULL, NULL, NULL, &r));
    CHECK(poll_for(c, r, 30000) == r);
    CHECK(status_of(r) == GOTRUE_REQUEST_STATUS_FAILED);
    CHECK(error_code_of(r) == GOTRUE_ERROR_CODE_INVALID_CREDENTIALS);
    gotrue_request_free(r);

    /* Free with requests in flight against the real server. */
    GoTrueRequest *many[50];
    for (int i = 0; i < 50; i++) EXPECT_OK(gotrue_client_get_user_start(c, NULL, NULL, NULL, NULL, &many[i]));
    gotrue_client_free(c);
    for (int i = 0; i < 50; i++) {
        CHECK(gotrue_request_is_done(many[i]));
        GoTrueRequestStatus st = status_of(many[i]);
        CHECK(st == GOTRUE_REQUEST_STATUS_SUCCEEDED || st == GOTRUE_REQUEST_STATUS_CANCELLED);
        gotrue_request_free(many[i]);
    }
}
