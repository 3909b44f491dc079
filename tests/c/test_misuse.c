/* ABI misuse from C: NULL for every pointer argument, invalid UTF-8 in every string,
 * malformed options JSON. Each call returns the documented code, leaves its out-parameters
 * untouched and contacts no server (the client points at a refused port anyway). */
#include "tests.h"

static const char *const MALFORMED_JSON[] = {"{", "[]", "[1]", "\"text\"", "42", "null", "{\"a\":}", "{}}"};
#define N_MALFORMED (sizeof MALFORMED_JSON / sizeof MALFORMED_JSON[0])

void test_misuse_client_new(void) {
    GoTrueClient *out = SENTINEL(GoTrueClient *);
    const char *url = "http://127.0.0.1:1";
    cover("gotrue_client_new");
    EXPECT_CODE(gotrue_client_new(NULL, "key", NULL, &out), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_new(url, NULL, NULL, &out), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_new(url, "key", NULL, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_new(BAD_UTF8, "key", NULL, &out), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_new(url, BAD_UTF8, NULL, &out), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_new(url, "key", BAD_UTF8, &out), GOTRUE_ERROR_CODE_INVALID_UTF8);
    for (size_t i = 0; i < N_MALFORMED; i++)
        EXPECT_CODE(gotrue_client_new(url, "key", MALFORMED_JSON[i], &out), GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_new(url, "key", "{\"no_such_option\":1}", &out), GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_new(url, "key", "{\"timeout_ms\":\"soon\"}", &out), GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_new(url, "key", "{\"timeout_ms\":0}", &out), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_new(url, "key", "{\"max_retries\":11}", &out), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_new("not a url", "key", NULL, &out), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_new("", "key", NULL, &out), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(out == SENTINEL(GoTrueClient *));

    /* The accepted forms: NULL and "" options mean defaults; an empty key is allowed. */
    GoTrueClient *client = NULL;
    EXPECT_OK(gotrue_client_new(url, "", NULL, &client));
    CHECK(client != NULL);
    gotrue_client_free(client);
    client = NULL;
    EXPECT_OK(gotrue_client_new(url, "key", "", &client));
    gotrue_client_free(client);
    client = NULL;
    EXPECT_OK(gotrue_client_new(url, "key", "{\"timeout_ms\":1000,\"headers\":{\"x-test\":\"1\"}}", &client));
    gotrue_client_free(client);
    cover("gotrue_client_free");
    gotrue_client_free(NULL);
}

void test_misuse_sign_up(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    char *u = SENTINEL(char *);
    const char *email = "a@example.com", *pw = "Password-123";
    cover("gotrue_client_sign_up");
    EXPECT_CODE(gotrue_client_sign_up(NULL, email, NULL, pw, NULL, &s, &u), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_up(c, email, NULL, NULL, NULL, &s, &u), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    /* email and phone: exactly one. */
    EXPECT_CODE(gotrue_client_sign_up(c, NULL, NULL, pw, NULL, &s, &u), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_up(c, email, "+15555550100", pw, NULL, &s, &u), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_up(c, BAD_UTF8, NULL, pw, NULL, &s, &u), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_sign_up(c, NULL, BAD_UTF8, pw, NULL, &s, &u), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_sign_up(c, email, NULL, BAD_UTF8, NULL, &s, &u), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_sign_up(c, email, NULL, pw, BAD_UTF8, &s, &u), GOTRUE_ERROR_CODE_INVALID_UTF8);
    for (size_t i = 0; i < N_MALFORMED; i++)
        EXPECT_CODE(gotrue_client_sign_up(c, email, NULL, pw, MALFORMED_JSON[i], &s, &u), GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_sign_up(c, email, NULL, pw, "{\"no_such_option\":1}", &s, &u), GOTRUE_ERROR_CODE_INVALID_JSON);
    /* Both out-parameters are optional: NULL there changes nothing about the checks. */
    EXPECT_CODE(gotrue_client_sign_up(c, email, NULL, pw, "{", NULL, NULL), GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(s == SENTINEL(GoTrueSession *) && u == SENTINEL(char *));
    gotrue_client_free(c);
}

void test_misuse_sign_in(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    const char *email = "a@example.com", *pw = "Password-123";
    cover("gotrue_client_sign_in_with_password");
    EXPECT_CODE(gotrue_client_sign_in_with_password(NULL, email, NULL, pw, NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, email, NULL, NULL, NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, NULL, NULL, pw, NULL, &s), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, "", "", pw, NULL, &s), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, email, "+15555550100", pw, NULL, &s),
                GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, BAD_UTF8, NULL, pw, NULL, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, NULL, BAD_UTF8, pw, NULL, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, email, NULL, BAD_UTF8, NULL, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, email, NULL, pw, BAD_UTF8, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    for (size_t i = 0; i < N_MALFORMED; i++)
        EXPECT_CODE(gotrue_client_sign_in_with_password(c, email, NULL, pw, MALFORMED_JSON[i], &s),
                    GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_sign_in_with_password(c, email, NULL, pw, "{\"captcha_token\":5}", NULL),
                GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(s == SENTINEL(GoTrueSession *));
    gotrue_client_free(c);
}

void test_misuse_session_calls(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    cover("gotrue_client_get_session");
    EXPECT_CODE(gotrue_client_get_session(NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_get_session(c, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);

    cover("gotrue_client_set_session");
    EXPECT_CODE(gotrue_client_set_session(NULL, "a.b.c", "rt", &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_set_session(c, NULL, "rt", &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_set_session(c, "a.b.c", NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_set_session(c, BAD_UTF8, "rt", &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_set_session(c, "a.b.c", BAD_UTF8, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_set_session(c, "a.b.c", "rt", &s), GOTRUE_ERROR_CODE_INVALID_JWT);
    EXPECT_CODE(gotrue_client_set_session(c, "not-a-jwt", "rt", NULL), GOTRUE_ERROR_CODE_INVALID_JWT);

    cover("gotrue_client_refresh_session");
    EXPECT_CODE(gotrue_client_refresh_session(NULL, "rt", &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_refresh_session(c, BAD_UTF8, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    /* NULL refresh token means "the current session's": there is none. */
    EXPECT_CODE(gotrue_client_refresh_session(c, NULL, &s), GOTRUE_ERROR_CODE_SESSION_MISSING);
    EXPECT_CODE(gotrue_client_refresh_session(c, NULL, NULL), GOTRUE_ERROR_CODE_SESSION_MISSING);

    cover("gotrue_client_sign_out");
    EXPECT_CODE(gotrue_client_sign_out(NULL, GOTRUE_SIGN_OUT_SCOPE_GLOBAL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_out(c, 3), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_out(c, -1), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_sign_out(c, INT32_MAX), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    CHECK(s == SENTINEL(GoTrueSession *));

    /* Signed out: get_session succeeds with NULL, and every scope of sign-out succeeds
     * without a request (the server is unreachable, so a request would fail). */
    EXPECT_OK(gotrue_client_get_session(c, &s));
    CHECK(s == NULL);
    EXPECT_OK(gotrue_client_sign_out(c, GOTRUE_SIGN_OUT_SCOPE_GLOBAL));
    EXPECT_OK(gotrue_client_sign_out(c, GOTRUE_SIGN_OUT_SCOPE_LOCAL));
    EXPECT_OK(gotrue_client_sign_out(c, GOTRUE_SIGN_OUT_SCOPE_OTHERS));
    gotrue_client_free(c);
}

void test_misuse_user_calls(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    char *j = SENTINEL(char *);
    cover("gotrue_client_get_user");
    EXPECT_CODE(gotrue_client_get_user(NULL, NULL, &j), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_get_user(c, NULL, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_get_user(c, BAD_UTF8, &j), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_get_user(c, NULL, &j), GOTRUE_ERROR_CODE_SESSION_MISSING);

    cover("gotrue_client_update_user");
    EXPECT_CODE(gotrue_client_update_user(NULL, "{}", NULL, &j), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_update_user(c, NULL, NULL, &j), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_update_user(c, BAD_UTF8, NULL, &j), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_client_update_user(c, "{}", BAD_UTF8, &j), GOTRUE_ERROR_CODE_INVALID_UTF8);
    for (size_t i = 0; i < N_MALFORMED; i++) {
        EXPECT_CODE(gotrue_client_update_user(c, MALFORMED_JSON[i], NULL, &j), GOTRUE_ERROR_CODE_INVALID_JSON);
        EXPECT_CODE(gotrue_client_update_user(c, "{}", MALFORMED_JSON[i], &j), GOTRUE_ERROR_CODE_INVALID_JSON);
    }
    EXPECT_CODE(gotrue_client_update_user(c, "", NULL, &j), GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_client_update_user(c, "{\"data\":{\"a\":1}}", NULL, &j), GOTRUE_ERROR_CODE_SESSION_MISSING);
    EXPECT_CODE(gotrue_client_update_user(c, "{\"data\":{\"a\":1}}", NULL, NULL), GOTRUE_ERROR_CODE_SESSION_MISSING);
    CHECK(j == SENTINEL(char *));
    gotrue_client_free(c);
}

void test_misuse_session_json(void) {
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    char *j = SENTINEL(char *);
    cover("gotrue_session_to_json");
    EXPECT_CODE(gotrue_session_to_json(NULL, &j), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_session_clone");
    EXPECT_CODE(gotrue_session_clone(NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    GoTrueSession *real = fixture_session();
    CHECK(real != NULL);
    EXPECT_CODE(gotrue_session_clone(real, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    gotrue_session_free(real);
    cover("gotrue_session_from_json");
    EXPECT_CODE(gotrue_session_from_json(NULL, &s), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_session_from_json("{}", NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_session_from_json(BAD_UTF8, &s), GOTRUE_ERROR_CODE_INVALID_UTF8);
    EXPECT_CODE(gotrue_session_from_json("", &s), GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_session_from_json("{}", &s), GOTRUE_ERROR_CODE_INVALID_JSON);
    for (size_t i = 0; i < N_MALFORMED; i++)
        EXPECT_CODE(gotrue_session_from_json(MALFORMED_JSON[i], &s), GOTRUE_ERROR_CODE_INVALID_JSON);
    /* A session without a refresh token (or user, or lifetime) does not count. */
    EXPECT_CODE(gotrue_session_from_json("{\"access_token\":\"" FAKE_JWT "\",\"expires_in\":3600,"
                                         "\"token_type\":\"bearer\",\"user\":{\"id\":\"u\"}}", &s),
                GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_session_from_json("{\"access_token\":\"" FAKE_JWT "\",\"refresh_token\":\"rt\","
                                         "\"expires_in\":3600,\"token_type\":\"bearer\"}", &s),
                GOTRUE_ERROR_CODE_INVALID_JSON);
    EXPECT_CODE(gotrue_session_from_json("{\"access_token\":\"" FAKE_JWT "\",\"refresh_token\":\"rt\","
                                         "\"token_type\":\"bearer\",\"user\":{\"id\":\"u\"}}", &s),
                GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(s == SENTINEL(GoTrueSession *) && j == SENTINEL(char *));
}

void test_null_accessors_and_frees(void) {
    cover("gotrue_session_access_token");
    CHECK(gotrue_session_access_token(NULL) == NULL);
    cover("gotrue_session_refresh_token");
    CHECK(gotrue_session_refresh_token(NULL) == NULL);
    cover("gotrue_session_token_type");
    CHECK(gotrue_session_token_type(NULL) == NULL);
    cover("gotrue_session_expires_at");
    CHECK(gotrue_session_expires_at(NULL) == 0);
    cover("gotrue_session_expires_in");
    CHECK(gotrue_session_expires_in(NULL) == 0);
    cover("gotrue_session_seconds_left");
    CHECK(gotrue_session_seconds_left(NULL) == 0);
    cover("gotrue_session_user_id");
    CHECK(gotrue_session_user_id(NULL) == NULL);
    cover("gotrue_session_user_email");
    CHECK(gotrue_session_user_email(NULL) == NULL);
    cover("gotrue_session_user_phone");
    CHECK(gotrue_session_user_phone(NULL) == NULL);
    cover("gotrue_session_user_json");
    CHECK(gotrue_session_user_json(NULL) == NULL);

    cover("gotrue_error_code");
    CHECK(gotrue_error_code(NULL) == GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    cover("gotrue_error_message");
    CHECK_STR(gotrue_error_message(NULL), "");
    cover("gotrue_error_http_status");
    CHECK(gotrue_error_http_status(NULL) == 0);
    cover("gotrue_error_server_code");
    CHECK(gotrue_error_server_code(NULL) == NULL);
    cover("gotrue_error_weak_password_reason_count");
    CHECK(gotrue_error_weak_password_reason_count(NULL) == 0);
    cover("gotrue_error_weak_password_reason");
    CHECK(gotrue_error_weak_password_reason(NULL, 0) == NULL);
    cover("gotrue_error_retry_after");
    CHECK(gotrue_error_retry_after(NULL) == -1);

    cover("gotrue_session_free");
    gotrue_session_free(NULL);
    cover("gotrue_error_free");
    gotrue_error_free(NULL);
    cover("gotrue_string_free");
    gotrue_string_free(NULL);
    gotrue_client_free(NULL);
}

/* Reports header functions no misuse test above exercises (informational unless
 * GOTRUE_C_STRICT_COVERAGE=1: functions added by other work get their C cases later). */
void test_misuse_covers_every_header_function(void) {
    static const char *const functions[] = {
#define F(name) name,
        GOTRUE_TEST_FUNCTIONS(F)
#undef F
    };
    size_t missing = 0, total = sizeof functions / sizeof functions[0];
    for (size_t i = 0; i < total; i++) {
        if (!covered(functions[i])) {
            if (missing++ == 0) fprintf(stderr, "    header functions without C misuse cases:");
            fprintf(stderr, " %s", functions[i]);
        }
    }
    if (missing) fprintf(stderr, "\n");
    fprintf(stderr, "    misuse coverage: %zu of %zu header functions\n", total - missing, total);
    const char *strict = getenv("GOTRUE_C_STRICT_COVERAGE");
    if (strict != NULL && strcmp(strict, "1") == 0) CHECK(missing == 0);
}
