/* The runner: runs tests in table order and prints `ok`/`FAIL` per test; main.c prints
 * the final `N passed, M failed` line. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

const char *const BAD_UTF8 = "\xff\xfe";

static atomic_int failures_in_test;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

void t_fail(const char *file, int line, const char *what) {
    if (atomic_fetch_add(&failures_in_test, 1) == 0) {
        pthread_mutex_lock(&print_lock);
        fprintf(stderr, "    %s:%d: %s\n", file, line, what);
        pthread_mutex_unlock(&print_lock);
    }
}

bool t_failed(void) { return atomic_load(&failures_in_test) != 0; }

static const char *code_name(GoTrueErrorCode code) {
    const char *name = gotrue_error_code_name((int32_t)code);
    return name ? name : "?";
}

bool t_expect_code(GoTrueError *err, GoTrueErrorCode want, const char *file, int line, const char *expr) {
    char what[1024];
    if (err == NULL) {
        snprintf(what, sizeof what, "%s: succeeded, expected %s", expr, code_name(want));
        t_fail(file, line, what);
        return false;
    }
    GoTrueErrorCode got = gotrue_error_code(err);
    const char *message = gotrue_error_message(err);
    bool good = got == want && message != NULL && message[0] != '\0' && gotrue_error_http_status(err) == 0 &&
                gotrue_error_server_code(err) == NULL && gotrue_error_retry_after(err) == -1;
    if (!good) {
        snprintf(what, sizeof what, "%s: got %s (%d, http %u, \"%s\"), expected %s", expr, code_name(got), (int)got,
                 (unsigned)gotrue_error_http_status(err), message ? message : "(null)", code_name(want));
        t_fail(file, line, what);
    }
    gotrue_error_free(err);
    return good;
}

bool t_expect_ok(GoTrueError *err, const char *file, int line, const char *expr) {
    if (err == NULL) return true;
    char what[1024];
    const char *server_code = gotrue_error_server_code(err);
    snprintf(what, sizeof what, "%s: failed with %s (http %u, server code %s): %s", expr,
             code_name(gotrue_error_code(err)), (unsigned)gotrue_error_http_status(err),
             server_code ? server_code : "(none)", gotrue_error_message(err));
    gotrue_error_free(err);
    t_fail(file, line, what);
    return false;
}

const char *refused_url(void) {
    static char url[64];
    if (url[0] != '\0') return url;
    /* Bind an ephemeral port, note it and close it: nothing listens there afterwards. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        port = ntohs(addr.sin_port);
    if (fd >= 0) close(fd);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    return url;
}

GoTrueClient *offline_client(void) {
    GoTrueClient *client = NULL;
    GoTrueError *err = gotrue_client_new(refused_url(), "anon-key", "{\"max_retries\":0}", &client);
    if (err != NULL) {
        fprintf(stderr, "    cannot create a client: %s\n", gotrue_error_message(err));
        gotrue_error_free(err);
        return NULL;
    }
    return client;
}

void run_tests(const TestCase *tests, size_t count, const char *only, int *passed_out, int *failed_out) {
    int passed = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (only != NULL && strstr(tests[i].name, only) == NULL) continue;
        atomic_store(&failures_in_test, 0);
        tests[i].fn();
        if (t_failed()) {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        } else {
            printf("ok   %s\n", tests[i].name);
            passed++;
        }
        fflush(stdout);
    }
    *passed_out += passed;
    *failed_out += failed;
}
