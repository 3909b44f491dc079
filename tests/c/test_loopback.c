/* The loopback sign-in entry points from C under ASan/UBSan: NULL for every pointer, invalid
 * UTF-8, malformed options, a port in use; then a live listener that times out, is cancelled
 * from another thread, and is freed after its client. No server is contacted. */
#include "tests.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *const MALFORMED_LOOPBACK[] = {"{", "[]", "42", "{\"port\":\"x\"}", "{\"port\":70000}", "{\"nope\":1}"};

static void *cancel_later(void *handle) {
    struct timespec t = {0, 100 * 1000 * 1000};
    nanosleep(&t, NULL);
    gotrue_loopback_cancel((const GoTrueLoopback *)handle);
    return NULL;
}

void test_misuse_loopback(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueLoopback *h = SENTINEL(GoTrueLoopback *);
    cover("gotrue_client_start_loopback_sign_in");
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(NULL, "redirect", NULL, &h), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, NULL, NULL, &h), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, "redirect", NULL, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, BAD_UTF8, NULL, &h), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, "redirect", BAD_UTF8, &h), GOTRUE_ERROR_CODE_INVALID_UTF8);
    for (size_t i = 0; i < sizeof MALFORMED_LOOPBACK / sizeof MALFORMED_LOOPBACK[0]; i++)
        EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, "redirect", MALFORMED_LOOPBACK[i], &h),
                    GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, "", NULL, &h), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, "redirect", "{\"path\":\"no-slash\"}", &h),
                GOTRUE_ERROR_CODE_INVALID_ARGUMENT);

    /* A port in use. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CHECK(bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(fd, 1) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&addr, &len) == 0);
    char opts[64];
    snprintf(opts, sizeof opts, "{\"port\":%d}", ntohs(addr.sin_port));
    EXPECT_CODE(gotrue_client_start_loopback_sign_in(c, "redirect", opts, &h), GOTRUE_ERROR_CODE_NETWORK);
    close(fd);
    CHECK(h == SENTINEL(GoTrueLoopback *));

    cover("gotrue_loopback_url");
    CHECK(gotrue_loopback_url(NULL) == NULL);
    cover("gotrue_loopback_redirect_to");
    CHECK(gotrue_loopback_redirect_to(NULL) == NULL);
    cover("gotrue_loopback_wait");
    EXPECT_CODE(gotrue_loopback_wait(NULL, 0, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_loopback_cancel");
    gotrue_loopback_cancel(NULL);
    cover("gotrue_loopback_free");
    gotrue_loopback_free(NULL);

    /* A live listener: times out, is cancelled from another thread, outlives its client. */
    h = NULL;
    EXPECT_OK(gotrue_client_start_loopback_sign_in(c, "redirect", "{\"path\":\"/cb\"}", &h));
    CHECK(h != NULL);
    CHECK(strncmp(gotrue_loopback_redirect_to(h), "http://127.0.0.1:", 17) == 0);
    CHECK(strstr(gotrue_loopback_redirect_to(h), "/cb?state=") != NULL);
    CHECK_STR(gotrue_loopback_url(h), gotrue_loopback_redirect_to(h));
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    EXPECT_CODE(gotrue_loopback_wait(h, 0, &s), GOTRUE_ERROR_CODE_TIMEOUT);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, cancel_later, h) == 0);
    EXPECT_CODE(gotrue_loopback_wait(h, 30000, &s), GOTRUE_ERROR_CODE_CANCELLED);
    pthread_join(t, NULL);
    CHECK(s == SENTINEL(GoTrueSession *));
    GoTrueLoopback *h2 = NULL;
    EXPECT_OK(gotrue_client_start_loopback_sign_in(c, "redirect", NULL, &h2));
    gotrue_client_free(c);
    EXPECT_CODE(gotrue_loopback_wait(h2, 5000, NULL), GOTRUE_ERROR_CODE_CANCELLED);
    gotrue_loopback_free(h2);
    gotrue_loopback_free(h);
}

static int log_finalized;
static void count_finalize(void *user_data) {
    (void)user_data;
    log_finalized++;
}
static void ignore_line(GoTrueLogLevel level, const char *line, void *user_data) {
    (void)level;
    (void)line;
    (void)user_data;
}

/* The cached reads, the status query and the log hook (issue 18) from C. */
void test_misuse_status_calls(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    char *u = SENTINEL(char *);
    cover("gotrue_client_current_session");
    EXPECT_CODE(gotrue_client_current_session(NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_current_session(c, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(s == SENTINEL(GoTrueSession *));
    EXPECT_OK(gotrue_client_current_session(c, &s));
    CHECK(s == NULL);
    cover("gotrue_client_current_user");
    EXPECT_CODE(gotrue_client_current_user(NULL, &u), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_current_user(c, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(u == SENTINEL(char *));
    EXPECT_OK(gotrue_client_current_user(c, &u));
    CHECK(u == NULL);

    cover("gotrue_client_session_status");
    GoTrueSessionStatus st = GOTRUE_SESSION_STATUS_REFRESH_FAILING;
    bool sign_out = true;
    GoTrueError *last = SENTINEL(GoTrueError *);
    EXPECT_CODE(gotrue_client_session_status(NULL, &st, &sign_out, &last), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_session_status(c, NULL, &sign_out, &last), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(last == SENTINEL(GoTrueError *));
    EXPECT_OK(gotrue_client_session_status(c, &st, NULL, NULL));
    CHECK(st == GOTRUE_SESSION_STATUS_INITIALIZING);
    EXPECT_OK(gotrue_client_session_status(c, &st, &sign_out, &last));
    CHECK(st == GOTRUE_SESSION_STATUS_INITIALIZING && !sign_out && last == NULL);
    EXPECT_OK(gotrue_client_initialize(c, NULL));
    EXPECT_OK(gotrue_client_session_status(c, &st, &sign_out, &last));
    CHECK(st == GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED && !sign_out && last == NULL);
    gotrue_client_free(c);

    cover("gotrue_set_log_callback");
    log_finalized = 0;
    EXPECT_CODE(gotrue_set_log_callback(ignore_line, 99, NULL, count_finalize), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_set_log_callback(ignore_line, -1, NULL, count_finalize), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(log_finalized == 0);
    EXPECT_OK(gotrue_set_log_callback(ignore_line, GOTRUE_LOG_LEVEL_DEBUG, NULL, count_finalize));
    EXPECT_OK(gotrue_set_log_callback(NULL, GOTRUE_LOG_LEVEL_OFF, NULL, NULL));
    CHECK(log_finalized == 1);
}
