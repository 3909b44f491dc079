/* Faults a real server cannot produce on demand: nothing listens on the port. */
#include "tests.h"

static int is_network_error(GoTrueError *err) {
    int ok = err != NULL && gotrue_error_code(err) == GOTRUE_ERROR_CODE_NETWORK && gotrue_error_http_status(err) == 0 &&
             gotrue_error_server_code(err) == NULL && strlen(gotrue_error_message(err)) > 0;
    if (!ok && err != NULL)
        fprintf(stderr, "    got %s: %s\n", gotrue_error_code_name((int32_t)gotrue_error_code(err)),
                gotrue_error_message(err));
    gotrue_error_free(err);
    return ok;
}

void test_refused_port_is_a_network_error(void) {
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    GoTrueSession *s = SENTINEL(GoTrueSession *);
    char *u = SENTINEL(char *);
    CHECK(is_network_error(gotrue_client_sign_in_with_password(c, "a@example.com", NULL, "Password-123", NULL, &s)));
    CHECK(is_network_error(gotrue_client_sign_up(c, "a@example.com", NULL, "Password-123", NULL, &s, &u)));
    CHECK(is_network_error(gotrue_client_get_user(c, FAKE_JWT, &u)));
    CHECK(is_network_error(gotrue_client_refresh_session(c, "rt-1", &s)));
    CHECK(s == SENTINEL(GoTrueSession *) && u == SENTINEL(char *));
    /* A failed request leaves the client usable and signed out. */
    EXPECT_OK(gotrue_client_get_session(c, &s));
    CHECK(s == NULL);
    gotrue_client_free(c);
}
