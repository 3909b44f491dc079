/* Version checks, error code names for every code in the header, error accessors. */
#include "tests.h"

void test_version_and_abi(void) {
    cover("gotrue_abi_version");
    CHECK(gotrue_abi_version() == GOTRUE_ABI_VERSION);
    cover("gotrue_version");
    const char *v = gotrue_version();
    CHECK(v != NULL);
    /* "MAJOR.MINOR.PATCH", digits and dots only, the same static pointer every time. */
    int major = -1, minor = -1, patch = -1, end = 0;
    CHECK(sscanf(v, "%d.%d.%d%n", &major, &minor, &patch, &end) == 3);
    CHECK(v[end] == '\0' && major >= 0 && minor >= 0 && patch >= 0);
    CHECK(gotrue_version() == v);
}

/* The expected name of each code comes from the header (see gen.sh); the one client code
 * whose name differs from its suffix is UNKNOWN ("unknown_error": the server has its own
 * "unknown", GOTRUE_ERROR_CODE_SERVER_UNKNOWN). */
void test_error_code_names_cover_the_header(void) {
    static const struct {
        int32_t code;
        int32_t header_value;
        const char *ident;
        const char *expected;
    } codes[] = {
#define X(ident, value, name) {(int32_t)ident, value, #ident, name},
        GOTRUE_TEST_ERROR_CODES(X)
#undef X
    };
    size_t n = sizeof codes / sizeof codes[0];
    CHECK(n > 100);
    cover("gotrue_error_code_name");
    for (size_t i = 0; i < n; i++) {
        char what[256];
        const char *name = gotrue_error_code_name(codes[i].code);
        const char *expected = codes[i].expected;
        snprintf(what, sizeof what, "%s (%d): name \"%s\", expected \"%s\"", codes[i].ident, (int)codes[i].code,
                 name ? name : "(null)", expected);
        if (codes[i].code != codes[i].header_value || name == NULL || strcmp(name, expected) != 0) {
            t_fail(__FILE__, __LINE__, what);
            return;
        }
        /* Static: the same pointer on every call. */
        CHECK(gotrue_error_code_name(codes[i].code) == name);
        for (size_t k = 0; k < i; k++) {
            CHECK(codes[k].code != codes[i].code);
            CHECK(strcmp(gotrue_error_code_name(codes[k].code), name) != 0);
        }
    }
}

void test_error_code_names_reject_non_codes(void) {
    static const int32_t known[] = {
#define X(ident, value, name) value,
        GOTRUE_TEST_ERROR_CODES(X)
#undef X
    };
    for (int32_t v = -300; v <= 1000; v++) {
        int is_code = 0;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) is_code |= known[i] == v;
        if (!is_code) CHECK(gotrue_error_code_name(v) == NULL);
    }
    CHECK(gotrue_error_code_name(INT32_MIN) == NULL);
    CHECK(gotrue_error_code_name(INT32_MAX) == NULL);
}

void test_error_accessors_on_client_errors(void) {
    GoTrueSession *s = NULL;
    GoTrueError *err = gotrue_session_from_json(NULL, &s);
    CHECK(err != NULL);
    CHECK(gotrue_error_code(err) == GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    const char *message = gotrue_error_message(err);
    CHECK(message != NULL && strstr(message, "json") != NULL); /* names the argument */
    CHECK(gotrue_error_message(err) == message);                /* borrowed, stable */
    CHECK(gotrue_error_http_status(err) == 0);
    CHECK(gotrue_error_server_code(err) == NULL);
    CHECK(gotrue_error_weak_password_reason_count(err) == 0);
    CHECK(gotrue_error_weak_password_reason(err, 0) == NULL);
    CHECK(gotrue_error_retry_after(err) == -1);
    gotrue_error_free(err);

    /* Errors are independent of their client: they outlive it. */
    GoTrueClient *c = offline_client();
    CHECK(c != NULL);
    err = gotrue_client_update_user(c, "[]", NULL, NULL);
    gotrue_client_free(c);
    CHECK(err != NULL);
    CHECK(gotrue_error_code(err) == GOTRUE_ERROR_CODE_INVALID_JSON);
    CHECK(strlen(gotrue_error_message(err)) > 0);
    gotrue_error_free(err);
}
