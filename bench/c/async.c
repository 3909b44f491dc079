/*
 * Benchmarks of the non-blocking calls (reported, not asserted). Prints a Markdown report.
 *
 *   async URL ANON_KEY [--quick]
 *
 * URL is an Auth server that signs new users in at once (autoconfirm): the run signs up a fresh
 * user and signs it in. Measured:
 *  1. start-call time on the caller's thread (gotrue_client_get_user_start, 10,000 requests to a
 *     loopback port that never answers): median, p99, max;
 *  2. a 60 Hz loop polling one client: worst and p99 frame time with 100 sign-ins in flight,
 *     against the same loop with nothing in flight;
 *  3. memory per in-flight request: resident memory before and after starting N requests to a
 *     loopback port that never answers (so they all stay in flight), divided by N;
 *  4. throughput of one client with 1,000 get_user in flight (poll) against the blocking call
 *     on 8 threads sharing one client.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gotrue.h"

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static void die(const char *what, GoTrueError *err) {
    fprintf(stderr, "%s: %s\n", what, err ? gotrue_error_message(err) : "failed");
    exit(1);
}

#define TRY(what, call)                       \
    do {                                      \
        GoTrueError *e_ = (call);             \
        if (e_ != NULL) die((what), e_);      \
    } while (0)

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p) {
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Polls until `n` requests came back; frees each. */
static void drain(GoTrueClient *c, size_t n) {
    size_t done = 0;
    GoTrueRequest *batch[64];
    while (done < n) {
        size_t k = 0;
        TRY("poll", gotrue_client_poll(c, 64, batch, &k));
        for (size_t i = 0; i < k; i++) gotrue_request_free(batch[i]);
        done += k;
        if (k == 0) {
            struct timespec t = {0, 200000};
            nanosleep(&t, NULL);
        }
    }
}

/* A 60 Hz loop for `frames` frames, polling once a frame; optional load: `load` sign-ins kept
 * in flight (each one that completes is started again). Returns worst and p99 frame time (ms). */
static void frame_loop(GoTrueClient *c, int frames, int load, const char *email, const char *password, double *worst,
                       double *p99) {
    double *work = calloc((size_t)frames, sizeof *work);
    for (int i = 0; i < load; i++) {
        GoTrueRequest *r = NULL;
        TRY("start sign-in", gotrue_client_sign_in_with_password_start(c, email, NULL, password, NULL, NULL, NULL, NULL, &r));
    }
    double next = now_us();
    long completed = 0;
    for (int f = 0; f < frames; f++) {
        double t0 = now_us();
        GoTrueRequest *batch[64];
        size_t k = 0;
        TRY("poll", gotrue_client_poll(c, 64, batch, &k));
        for (size_t i = 0; i < k; i++) {
            GoTrueSession *s = NULL;
            GoTrueError *err = gotrue_request_take_session(batch[i], &s);
            if (err) gotrue_error_free(err);
            gotrue_session_free(s);
            gotrue_request_free(batch[i]);
            completed++;
            GoTrueRequest *r = NULL;
            TRY("restart sign-in",
                gotrue_client_sign_in_with_password_start(c, email, NULL, password, NULL, NULL, NULL, NULL, &r));
        }
        work[f] = (now_us() - t0) / 1000.0;
        next += 1e6 / 60.0;
        double left = next - now_us();
        if (left > 0) {
            struct timespec t = {(time_t)(left / 1e6), (long)((left - (double)(time_t)(left / 1e6) * 1e6) * 1e3)};
            nanosleep(&t, NULL);
        }
    }
    if (load > 0) {
        /* Let the rest finish, so the next measurement starts clean. */
        drain(c, (size_t)load);
        fprintf(stderr, "  frame loop: %ld sign-ins completed during %d frames\n", completed, frames);
    }
    *worst = pct(work, (size_t)frames, 1.0);
    *p99 = pct(work, (size_t)frames, 0.99);
    free(work);
}

typedef struct {
    GoTrueClient *c;
    const char *jwt;
    int calls;
} Blocking;

static void *blocking_thread(void *arg) {
    Blocking *b = arg;
    for (int i = 0; i < b->calls; i++) {
        char *user = NULL;
        TRY("get_user", gotrue_client_get_user(b->c, b->jwt, &user));
        gotrue_string_free(user);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: async URL ANON_KEY [--quick]\n");
        return 2;
    }
    const char *url = argv[1], *key = argv[2], *password = "bench-async-Pa55word!";
    int quick = argc > 3 && strcmp(argv[3], "--quick") == 0;
    char email[128];
    snprintf(email, sizeof email, "bench-async-%lld-%ld@example.com", (long long)time(NULL), (long)getpid());
    int frames = quick ? 60 : 600, inflight = quick ? 1000 : 10000;
    int throughput = quick ? 200 : 1000;

    GoTrueClient *c = NULL;
    TRY("client", gotrue_client_new(url, key, NULL, &c));
    GoTrueSession *s = NULL;
    TRY("sign up", gotrue_client_sign_up(c, email, NULL, password, NULL, &s, NULL));
    gotrue_session_free(s);
    s = NULL;
    TRY("sign in", gotrue_client_sign_in_with_password(c, email, NULL, password, NULL, &s));
    char jwt[4096];
    snprintf(jwt, sizeof jwt, "%s", gotrue_session_access_token(s));
    gotrue_session_free(s);

    /* 2. frame times: empty loop, then with 100 sign-ins in flight. */
    double idle_worst, idle_p99, load_worst, load_p99;
    frame_loop(c, frames, 0, email, password, &idle_worst, &idle_p99);
    frame_loop(c, frames, 100, email, password, &load_worst, &load_p99);

    /* 4. throughput: 1,000 in flight on one client vs blocking calls on 8 threads. */
    double t0 = now_us();
    for (int i = 0; i < throughput; i++) {
        GoTrueRequest *r = NULL;
        TRY("start", gotrue_client_get_user_start(c, jwt, NULL, NULL, NULL, &r));
    }
    drain(c, (size_t)throughput);
    double async_s = (now_us() - t0) / 1e6;
    /* The same with 8 workers (request_workers), the blocking side's concurrency. */
    GoTrueClient *c8 = NULL;
    TRY("client", gotrue_client_new(url, key, "{\"request_workers\":8}", &c8));
    t0 = now_us();
    for (int i = 0; i < throughput; i++) {
        GoTrueRequest *r = NULL;
        TRY("start", gotrue_client_get_user_start(c8, jwt, NULL, NULL, NULL, &r));
    }
    drain(c8, (size_t)throughput);
    double async8_s = (now_us() - t0) / 1e6;
    gotrue_client_free(c8);
    pthread_t threads[8];
    Blocking b = {c, jwt, throughput / 8};
    t0 = now_us();
    for (int i = 0; i < 8; i++) pthread_create(&threads[i], NULL, blocking_thread, &b);
    for (int i = 0; i < 8; i++) pthread_join(threads[i], NULL);
    double blocking_s = (now_us() - t0) / 1e6;
    gotrue_client_free(c);

    /* 3. memory per in-flight request: a silent loopback port keeps them all in flight. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) || listen(fd, 64) ||
        getsockname(fd, (struct sockaddr *)&addr, &len))
        die("silent port", NULL);
    char silent[64];
    snprintf(silent, sizeof silent, "http://127.0.0.1:%d", ntohs(addr.sin_port));
    GoTrueClient *m = NULL;
    TRY("client", gotrue_client_new(silent, key, "{\"max_retries\":0,\"timeout_ms\":120000}", &m));
    /* 1 and 3. Start-call time (the request only has to be queued) and memory per in-flight
     * request, both on a client whose requests all stay in flight. */
    GoTrueRequest **reqs = calloc((size_t)inflight, sizeof *reqs);
    double *t = calloc((size_t)inflight, sizeof *t);
    /* Warm the workers (threads, runtimes) first, so only the requests are counted. */
    for (int i = 0; i < 8; i++) TRY("start", gotrue_client_get_user_start(m, jwt, NULL, NULL, NULL, &reqs[i]));
    sleep_ms(200);
    long before = rss_kb();
    for (int i = 8; i < inflight; i++) {
        double t0 = now_us();
        GoTrueError *err = gotrue_client_get_user_start(m, jwt, NULL, NULL, NULL, &reqs[i]);
        t[i - 8] = now_us() - t0;
        if (err) die("start", err);
    }
    sleep_ms(200);
    long after = rss_kb();
    size_t pending = gotrue_client_requests_in_flight(m);
    double t_free = now_us();
    gotrue_client_free(m); /* completes every one as cancelled */
    t_free = (now_us() - t_free) / 1000.0;
    for (int i = 0; i < inflight; i++) gotrue_request_free(reqs[i]);
    free(reqs);
    close(fd);
    size_t starts = (size_t)inflight - 8;
    double start_med = pct(t, starts, 0.5), start_p99 = pct(t, starts, 0.99), start_max = pct(t, starts, 1.0);
    free(t);
    double per_request = (double)(after - before) * 1024.0 / (double)(inflight - 8);

    printf("| measurement | value |\n|---|---|\n");
    printf("| start call (get_user_start), caller's thread: median | %.2f µs |\n", start_med);
    printf("| start call: p99 | %.2f µs |\n", start_p99);
    printf("| start call: max of %zu | %.1f µs |\n", starts, start_max);
    printf("| 60 Hz loop, nothing in flight: worst frame (p99) | %.3f ms (%.3f ms) |\n", idle_worst, idle_p99);
    printf("| 60 Hz loop, 100 sign-ins in flight: worst frame (p99) | %.3f ms (%.3f ms) |\n", load_worst, load_p99);
    printf("| memory per in-flight request (%zu in flight) | %.0f bytes |\n", pending, per_request);
    printf("| gotrue_client_free with %zu in flight (all complete as cancelled) | %.1f ms |\n", pending, t_free);
    printf("| %d get_user: one client, all in flight (poll, 4 workers) | %.2f s (%.0f/s) |\n", throughput, async_s,
           throughput / async_s);
    printf("| %d get_user: the same, request_workers 8 | %.2f s (%.0f/s) |\n", throughput, async8_s, throughput / async8_s);
    printf("| %d get_user: blocking calls on 8 threads, one client | %.2f s (%.0f/s) |\n", throughput, blocking_s,
           throughput / blocking_s);
    return 0;
}
