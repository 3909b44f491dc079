/* Against the real Supabase Auth server (GOTRUE_TEST_URL, autoconfirm on, and
 * GOTRUE_TEST_ANON_KEY). main.c runs these only when GOTRUE_TEST_URL is set. */
#include "tests.h"

#include <time.h>
#include <unistd.h>

static GoTrueClient *server_client(void) {
    const char *url = getenv("GOTRUE_TEST_URL");
    const char *key = getenv("GOTRUE_TEST_ANON_KEY");
    GoTrueClient *c = NULL;
    if (!t_expect_ok(gotrue_client_new(url, key ? key : "", NULL, &c), __FILE__, __LINE__, "gotrue_client_new"))
        return NULL;
    return c;
}

static void unique_email(char *buf, size_t size, const char *tag) {
    static int counter;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    snprintf(buf, size, "c-%s-%ld-%lld%09ld-%d@example.com", tag, (long)getpid(), (long long)now.tv_sec,
             now.tv_nsec, counter++);
}

void test_server_sign_up_in_user_refresh_out(void) {
    GoTrueClient *c = server_client();
    CHECK(c != NULL);
    char email[160];
    unique_email(email, sizeof email, "flow");
    const char *password = "C-tests-Pa55word!";

    GoTrueSession *s = NULL;
    char *user = NULL;
    EXPECT_OK(gotrue_client_sign_up(c, email, NULL, password, NULL, &s, &user));
    CHECK(s != NULL && user != NULL); /* autoconfirm: signed in at once */
    CHECK_STR(gotrue_session_user_email(s), email);
    CHECK(strstr(user, gotrue_session_user_id(s)) != NULL);
    gotrue_string_free(user);
    gotrue_session_free(s);
    s = NULL;

    EXPECT_OK(gotrue_client_sign_in_with_password(c, email, NULL, password, NULL, &s));
    CHECK(s != NULL);
    char user_id[64];
    snprintf(user_id, sizeof user_id, "%s", gotrue_session_user_id(s));
    char refresh_token[256];
    snprintf(refresh_token, sizeof refresh_token, "%s", gotrue_session_refresh_token(s));
    CHECK(gotrue_session_seconds_left(s) > 60);
    CHECK_STR(gotrue_session_token_type(s), "bearer");
    gotrue_session_free(s);
    s = NULL;

    EXPECT_OK(gotrue_client_get_user(c, NULL, &user));
    CHECK(strstr(user, user_id) != NULL && strstr(user, email) != NULL);
    gotrue_string_free(user);
    user = NULL;

    EXPECT_OK(gotrue_client_refresh_session(c, NULL, &s));
    CHECK(s != NULL);
    CHECK_STR(gotrue_session_user_id(s), user_id);
    CHECK(strcmp(gotrue_session_refresh_token(s), refresh_token) != 0); /* rotated */
    gotrue_session_free(s);
    s = NULL;

    EXPECT_OK(gotrue_client_sign_out(c, GOTRUE_SIGN_OUT_SCOPE_LOCAL));
    EXPECT_OK(gotrue_client_get_session(c, &s));
    CHECK(s == NULL);
    /* The old refresh token died with the session. */
    GoTrueError *err = gotrue_client_refresh_session(c, refresh_token, &s);
    CHECK(err != NULL);
    GoTrueErrorCode code = gotrue_error_code(err);
    gotrue_error_free(err);
    CHECK(code == GOTRUE_ERROR_CODE_REFRESH_TOKEN_NOT_FOUND || code == GOTRUE_ERROR_CODE_REFRESH_TOKEN_ALREADY_USED ||
          code == GOTRUE_ERROR_CODE_SESSION_NOT_FOUND);
    gotrue_client_free(c);
}

void test_server_wrong_password(void) {
    GoTrueClient *c = server_client();
    CHECK(c != NULL);
    char email[160];
    unique_email(email, sizeof email, "wrong");
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    GoTrueError *err = gotrue_client_sign_in_with_password(c, email, NULL, "Not-the-Pa55word!", NULL, &s);
    CHECK(err != NULL);
    CHECK(gotrue_error_code(err) == GOTRUE_ERROR_CODE_INVALID_CREDENTIALS);
    CHECK(gotrue_error_http_status(err) == 400);
    CHECK_STR(gotrue_error_server_code(err), "invalid_credentials");
    CHECK(strlen(gotrue_error_message(err)) > 0);
    gotrue_error_free(err);
    CHECK(s == SENTINEL(GoTrueSession *));
    gotrue_client_free(c);
}

void test_server_weak_password_reasons(void) {
    GoTrueClient *c = server_client();
    CHECK(c != NULL);
    char email[160];
    unique_email(email, sizeof email, "weak");
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    char *user = SENTINEL(char *);
    /* Shorter than the server's minimum (6): rejected with the reason "length". */
    GoTrueError *err = gotrue_client_sign_up(c, email, NULL, "abc", NULL, &s, &user);
    CHECK(err != NULL);
    int ok = gotrue_error_code(err) == GOTRUE_ERROR_CODE_WEAK_PASSWORD && gotrue_error_http_status(err) == 422 &&
             gotrue_error_weak_password_reason_count(err) == 1 && gotrue_error_weak_password_reason(err, 0) != NULL &&
             strcmp(gotrue_error_weak_password_reason(err, 0), "length") == 0 &&
             gotrue_error_weak_password_reason(err, 0) == gotrue_error_weak_password_reason(err, 0) && /* borrowed */
             gotrue_error_weak_password_reason(err, 1) == NULL && gotrue_error_weak_password_reason(err, SIZE_MAX) == NULL;
    gotrue_error_free(err);
    CHECK(ok);
    CHECK(s == SENTINEL(GoTrueSession *) && user == SENTINEL(char *));
    gotrue_client_free(c);
}
