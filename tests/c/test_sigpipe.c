/* SIGPIPE must never reach the host. This program keeps the default disposition (which
 * kills the process, exit 141) and never blocks SIGPIPE itself; the library must neither
 * change that nor let a write to a closed connection raise it: on the caller's thread and
 * against the real server (server_tests); its own auto-refresh thread keeps SIGPIPE blocked. */
#include "tests.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

#define BIG (8u << 20) /* larger than loopback socket buffers: the write cannot finish at once */

/* A peer that answers the first request on each connection in full (keep-alive), and the
 * second one as soon as its first bytes arrive: it answers early, shuts down its side, and
 * closes with the rest unread (a reset). The client's pooled connection is then left with
 * unsent data, which the next call's I/O tries to write: EPIPE, and SIGPIPE. */
typedef struct {
    int listen_fd;
    char url[64];
    const char *body;
    long close_delay_ms; /* between the early answer and the reset */
    atomic_int requests;
    atomic_int early_closes;
    atomic_int stop;
    atomic_int current_fd; /* the connection being served, -1 between connections */
    pthread_t thread;
} Peer;

/* `format` has one %d: the request number (so every refresh token is new). */
static void peer_write(int fd, const char *format, int request) {
    char body[1024], head[256];
    snprintf(body, sizeof body, format, request);
    int n = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     strlen(body));
    if (write(fd, head, (size_t)n) < 0 || write(fd, body, strlen(body)) < 0) { /* peer gone: fine */
    }
}

/* Reads one request head and its Content-Length body; false on EOF. */
static int peer_read_request(int fd) {
    static char buf[1 << 16];
    size_t got = 0;
    char *end = NULL;
    while (end == NULL) {
        if (got == sizeof buf - 1) got = 0; /* a huge head: keep only the tail */
        ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
        if (n <= 0) return 0;
        got += (size_t)n;
        buf[got] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    size_t want = 0;
    for (char *p = buf; p < end; p++)
        if (strncasecmp(p, "\r\ncontent-length:", 17) == 0) want = strtoul(p + 17, NULL, 10);
    size_t have = got - (size_t)(end + 4 - buf);
    while (have < want) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) return 0;
        have += (size_t)n;
    }
    return 1;
}

static void *peer_main(void *arg) {
    Peer *p = arg;
    while (!atomic_load(&p->stop)) {
        int fd = accept(p->listen_fd, NULL, NULL);
        atomic_store(&p->current_fd, fd);
        if (fd < 0 || atomic_load(&p->stop)) {
            if (fd >= 0) close(fd);
            continue;
        }
        /* One connection at a time: an idle keep-alive connection must not hold up the next. */
        struct timeval idle = {30, 0}; /* generous: valgrind and a loaded machine are slow */
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
        if (peer_read_request(fd)) {
            peer_write(fd, p->body, atomic_fetch_add(&p->requests, 1));
            char start[4096];
            if (read(fd, start, sizeof start) > 0) {
                peer_write(fd, p->body, atomic_fetch_add(&p->requests, 1));
                shutdown(fd, SHUT_WR);
                sleep_ms(p->close_delay_ms);
                atomic_fetch_add(&p->early_closes, 1);
            }
        }
        atomic_store(&p->current_fd, -1);
        close(fd);
    }
    return NULL;
}

static int peer_start(Peer *p, const char *body, long close_delay_ms) {
    memset(p, 0, sizeof *p);
    atomic_store(&p->current_fd, -1);
    p->body = body;
    p->close_delay_ms = close_delay_ms;
    p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        getsockname(p->listen_fd, (struct sockaddr *)&addr, &len) != 0 || listen(p->listen_fd, 16) != 0)
        return 0;
    snprintf(p->url, sizeof p->url, "http://127.0.0.1:%d", ntohs(addr.sin_port));
    return pthread_create(&p->thread, NULL, peer_main, p) == 0;
}

static void peer_stop(Peer *p) {
    atomic_store(&p->stop, 1);
    /* An idle keep-alive connection (the freed client's pool) would hold the peer in read(). */
    int busy = atomic_load(&p->current_fd);
    if (busy >= 0) shutdown(busy, SHUT_RDWR);
    /* Wake the accept() with one last connection. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t)atoi(strrchr(p->url, ':') + 1));
    if (fd >= 0) {
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { /* already gone */
        }
        close(fd);
    }
    pthread_join(p->thread, NULL);
    close(p->listen_fd);
}

/* The test's premise: SIGPIPE has its default action and is not blocked on this thread. */
static int sigpipe_is_default(void) {
    struct sigaction now;
    sigset_t mask;
    return sigaction(SIGPIPE, NULL, &now) == 0 && now.sa_handler == SIG_DFL &&
           pthread_sigmask(SIG_BLOCK, NULL, &mask) == 0 && !sigismember(&mask, SIGPIPE);
}

static int sigpipe_pending(void) {
    sigset_t pending;
    return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
}

static char *big_string(void) {
    char *s = malloc(BIG + 1);
    if (s != NULL) {
        memset(s, 'a', BIG);
        s[BIG] = '\0';
    }
    return s;
}

void test_sigpipe_reused_connection_closed_by_peer(void) {
    CHECK(sigpipe_is_default());
    Peer peer;
    CHECK(peer_start(&peer, "{\"code\":\"invalid_credentials\",\"message\":\"no %d\"}", 200));
    GoTrueClient *c = NULL;
    EXPECT_OK(gotrue_client_new(peer.url, "anon-key", "{\"max_retries\":0}", &c));
    char *big = big_string();
    CHECK(big != NULL);
    /* small (answered, kept alive), large (reuses it, answered early, reset), small (its
     * I/O drives the dead connection's unsent data) ... */
    for (int i = 0; i < 6; i++) {
        GoTrueSession *s = NULL;
        GoTrueError *err = gotrue_client_sign_in_with_password(c, "a@example.com", NULL, i % 2 ? big : "small", NULL, &s);
        gotrue_error_free(err); /* any outcome: the point is that the process is still here */
        if (s != NULL) gotrue_session_free(s);
    }
    free(big);
    gotrue_client_free(c);
    peer_stop(&peer);
    CHECK(atomic_load(&peer.early_closes) >= 2); /* the scenario really happened */
    CHECK(sigpipe_is_default());                 /* disposition and mask untouched */
    CHECK(!sigpipe_pending());
}

/* Whether the thread of this process named `name` has SIGPIPE in its blocked mask (the
 * SigBlk line of /proc/self/task/TID/status); *found tells whether such a thread exists. */
static int thread_blocks_sigpipe(const char *name, int *found) {
    *found = 0;
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL) return 0;
    int blocked = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && !*found) {
        if (entry->d_name[0] == '.') continue;
        char path[300], line[256];
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", entry->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL) continue;
        int match = fgets(line, sizeof line, f) != NULL && strncmp(line, name, strlen(name)) == 0;
        fclose(f);
        if (!match) continue;
        *found = 1;
        snprintf(path, sizeof path, "/proc/self/task/%s/status", entry->d_name);
        f = fopen(path, "r");
        while (f != NULL && fgets(line, sizeof line, f) != NULL)
            if (strncmp(line, "SigBlk:", 7) == 0) blocked = (strtoull(line + 7, NULL, 16) >> (SIGPIPE - 1)) & 1;
        if (f != NULL) fclose(f);
    }
    closedir(dir);
    return blocked;
}

/* The auto-refresh thread is the library's own: SIGPIPE must be blocked in its mask for its
 * whole life (its requests are also guarded like the caller's). */
void test_sigpipe_auto_refresh_thread_blocks_it(void) {
    CHECK(sigpipe_is_default());
    static const char session[] =
        "{\"access_token\":\"" FAKE_JWT "\",\"refresh_token\":\"rt-%d\",\"expires_in\":3600,"
        "\"token_type\":\"bearer\",\"user\":{\"id\":\"" FAKE_USER_ID "\"}}";
    Peer peer;
    CHECK(peer_start(&peer, session, 200));
    GoTrueClient *c = NULL;
    EXPECT_OK(gotrue_client_new(peer.url, "anon-key", "{\"max_retries\":0,\"auto_refresh\":true}", &c));
    GoTrueSession *s = NULL;
    EXPECT_OK(gotrue_client_sign_in_with_password(c, "a@example.com", NULL, "pw", NULL, &s));
    gotrue_session_free(s);
    int found = 0, blocked = 0;
    for (int i = 0; i < 50 && !found; i++) {
        blocked = thread_blocks_sigpipe("gotrue-auto-ref", &found);
        if (!found) sleep_ms(20);
    }
    EXPECT_OK(gotrue_client_stop_auto_refresh(c));
    gotrue_client_free(c);
    peer_stop(&peer);
    CHECK(found);
    CHECK(blocked);
    CHECK(sigpipe_is_default()); /* and the caller's thread is untouched */
}

/* The real server answers a request with a 10 MB header with 431 and closes before reading
 * it all; the unsent rest is written by the next call's I/O. */
void test_server_huge_header_then_next_call(void) {
    CHECK(sigpipe_is_default());
    const char *url = getenv("GOTRUE_TEST_URL");
    const char *key = getenv("GOTRUE_TEST_ANON_KEY");
    GoTrueClient *c = NULL;
    EXPECT_OK(gotrue_client_new(url, key ? key : "", "{\"max_retries\":0}", &c));
    size_t size = 10u << 20;
    char *jwt = malloc(size + 1);
    CHECK(jwt != NULL);
    memset(jwt, 'a', size);
    jwt[size] = '\0';
    for (int i = 0; i < 4; i++) {
        char *user = NULL;
        GoTrueError *err = gotrue_client_get_user(c, jwt, &user);
        CHECK(err != NULL);
        unsigned status = gotrue_error_http_status(err);
        GoTrueErrorCode code = gotrue_error_code(err);
        gotrue_error_free(err);
        /* 431 when the answer arrives first, a network error when the reset does. */
        CHECK(status == 431 || code == GOTRUE_ERROR_CODE_NETWORK);
        char *health = NULL;
        EXPECT_OK(gotrue_client_health(c, &health));
        gotrue_string_free(health);
    }
    free(jwt);
    gotrue_client_free(c);
    CHECK(sigpipe_is_default());
    CHECK(!sigpipe_pending());
}
