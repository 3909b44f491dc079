/* Sessions from and to JSON, and every accessor. No server. */
#include "tests.h"

GoTrueSession *fixture_session(void) {
    GoTrueSession *s = NULL;
    if (!t_expect_ok(gotrue_session_from_json(SESSION_JSON, &s), __FILE__, __LINE__, "fixture_session")) return NULL;
    return s;
}

static int check_fixture_accessors(const GoTrueSession *s) {
    if (s == NULL) return 0;
    int ok = strcmp(gotrue_session_access_token(s), FAKE_JWT) == 0 &&
             strcmp(gotrue_session_refresh_token(s), "rt-1") == 0 &&
             strcmp(gotrue_session_token_type(s), "bearer") == 0 && gotrue_session_expires_at(s) == 4102444800LL &&
             gotrue_session_expires_in(s) == 3600 && gotrue_session_seconds_left(s) > 0 &&
             strcmp(gotrue_session_user_id(s), FAKE_USER_ID) == 0 &&
             gotrue_session_user_email(s) != NULL && strcmp(gotrue_session_user_email(s), "fixture@example.com") == 0 &&
             gotrue_session_user_phone(s) == NULL;
    const char *user = gotrue_session_user_json(s);
    /* The user JSON keeps every field, including non-ASCII metadata as UTF-8. */
    ok = ok && user != NULL && strstr(user, FAKE_USER_ID) != NULL && strstr(user, "\"provider\":\"email\"") != NULL &&
         strstr(user, "J\xc3\xb6rg") != NULL;
    return ok;
}

void test_session_json_round_trip(void) {
    GoTrueSession *s = fixture_session();
    CHECK(s != NULL);
    CHECK(check_fixture_accessors(s));

    char *json = SENTINEL(char *);
    EXPECT_OK(gotrue_session_to_json(s, &json));
    CHECK(json != SENTINEL(char *) && json != NULL);
    CHECK(strstr(json, "rt-1") != NULL);

    /* The serialized form parses back to an equal session... */
    GoTrueSession *back = NULL;
    EXPECT_OK(gotrue_session_from_json(json, &back));
    CHECK(check_fixture_accessors(back));
    /* ...and serializes to the same text. */
    char *json2 = NULL;
    EXPECT_OK(gotrue_session_to_json(back, &json2));
    CHECK(strcmp(json, json2) == 0);

    gotrue_string_free(json2);
    gotrue_string_free(json);
    gotrue_session_free(back);
    gotrue_session_free(s);
}

void test_session_accessors_phone_user(void) {
    /* No expires_at: it is computed from expires_in; phone user without email. */
    static const char *json = "{\"access_token\":\"" FAKE_JWT "\",\"refresh_token\":\"rt-2\",\"expires_in\":60,"
                              "\"token_type\":\"bearer\",\"user\":{\"id\":\"" FAKE_USER_ID "\","
                              "\"phone\":\"15555550100\",\"app_metadata\":{},\"user_metadata\":{}}}";
    GoTrueSession *s = NULL;
    EXPECT_OK(gotrue_session_from_json(json, &s));
    CHECK(s != NULL);
    CHECK(gotrue_session_user_email(s) == NULL);
    CHECK_STR(gotrue_session_user_phone(s), "15555550100");
    CHECK(gotrue_session_expires_in(s) == 60);
    long long left = (long long)gotrue_session_seconds_left(s);
    CHECK(left > 50 && left <= 60);
    gotrue_session_free(s);
}

void test_session_accessors_are_stable(void) {
    GoTrueSession *s = fixture_session();
    CHECK(s != NULL);
    /* Borrowed strings: the same pointer on every call while the session lives. */
    CHECK(gotrue_session_access_token(s) == gotrue_session_access_token(s));
    CHECK(gotrue_session_refresh_token(s) == gotrue_session_refresh_token(s));
    CHECK(gotrue_session_user_id(s) == gotrue_session_user_id(s));
    CHECK(gotrue_session_user_email(s) == gotrue_session_user_email(s));
    CHECK(gotrue_session_user_json(s) == gotrue_session_user_json(s));
    CHECK(gotrue_session_token_type(s) == gotrue_session_token_type(s));
    /* Each parse gives an independent handle. */
    GoTrueSession *t = fixture_session();
    CHECK(t != NULL && t != s);
    gotrue_session_free(s);
    CHECK(check_fixture_accessors(t));
    gotrue_session_free(t);
}

void test_session_clone_outlives_the_original(void) {
    GoTrueSession *s = fixture_session();
    CHECK(s != NULL);
    GoTrueSession *copy = SENTINEL(GoTrueSession *);
    EXPECT_OK(gotrue_session_clone(s, &copy));
    CHECK(copy != SENTINEL(GoTrueSession *) && copy != NULL && copy != s);
    /* The copy is independent: freeing the original leaves it whole. */
    gotrue_session_free(s);
    CHECK(check_fixture_accessors(copy));
    GoTrueSession *second = NULL;
    EXPECT_OK(gotrue_session_clone(copy, &second));
    gotrue_session_free(copy);
    CHECK(check_fixture_accessors(second));
    gotrue_session_free(second);
}
