/* 8 threads share one client and one session and hammer argument checks, accessors,
 * JSON round trips and error handling. Catches data races in the lazily built borrowed
 * strings and static name tables (under ASan: use-after-free or double init). */
#include "tests.h"

#include <pthread.h>
#include <stdatomic.h>

#define THREADS 8
#define ROUNDS 300

typedef struct {
    GoTrueClient *client;
    GoTrueSession *session;
    atomic_int failures;
    atomic_int go;
} Shared;

static int expect(GoTrueError *err, GoTrueErrorCode want) {
    int ok = err != NULL && gotrue_error_code(err) == want && gotrue_error_message(err)[0] != '\0';
    gotrue_error_free(err);
    return ok;
}

static void *hammer(void *arg) {
    Shared *sh = arg;
    while (!atomic_load(&sh->go)) { /* start together */
    }
    for (int i = 0; i < ROUNDS; i++) {
        int ok = 1;
        GoTrueSession *s = SENTINEL(GoTrueSession *);
        char *j = SENTINEL(char *);

        ok &= expect(gotrue_client_sign_in_with_password(sh->client, NULL, NULL, "pw", NULL, &s),
                     GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
        ok &= expect(gotrue_client_sign_up(sh->client, "a@example.com", NULL, BAD_UTF8, NULL, &s, &j),
                     GOTRUE_ERROR_CODE_INVALID_UTF8);
        ok &= expect(gotrue_client_update_user(sh->client, "{", NULL, &j), GOTRUE_ERROR_CODE_INVALID_JSON);
        ok &= expect(gotrue_client_refresh_session(sh->client, NULL, &s), GOTRUE_ERROR_CODE_SESSION_MISSING);
        ok &= expect(gotrue_client_set_session(sh->client, "x.y.z", "rt", &s), GOTRUE_ERROR_CODE_INVALID_JWT);
        ok &= s == SENTINEL(GoTrueSession *) && j == SENTINEL(char *);

        /* Shared, read-only session: accessors build their strings lazily on first use. */
        ok &= strcmp(gotrue_session_access_token(sh->session), FAKE_JWT) == 0;
        ok &= strcmp(gotrue_session_refresh_token(sh->session), "rt-1") == 0;
        ok &= strcmp(gotrue_session_user_id(sh->session), FAKE_USER_ID) == 0;
        ok &= strcmp(gotrue_session_user_email(sh->session), "fixture@example.com") == 0;
        ok &= strstr(gotrue_session_user_json(sh->session), FAKE_USER_ID) != NULL;
        ok &= gotrue_session_expires_at(sh->session) == 4102444800LL;

        char *json = NULL;
        GoTrueSession *copy = NULL;
        ok &= gotrue_session_to_json(sh->session, &json) == NULL;
        ok &= json != NULL && gotrue_session_from_json(json, &copy) == NULL;
        ok &= copy != NULL && strcmp(gotrue_session_refresh_token(copy), "rt-1") == 0;
        gotrue_session_free(copy);
        gotrue_string_free(json);

        const char *name = gotrue_error_code_name((int32_t)(i % 200));
        ok &= (i % 200) != 185 || (name != NULL && strcmp(name, "invalid_credentials") == 0);
        ok &= gotrue_client_sign_out(sh->client, i % 3) == NULL;
        s = SENTINEL(GoTrueSession *);
        ok &= gotrue_client_get_session(sh->client, &s) == NULL && s == NULL;
        if (!ok) atomic_fetch_add(&sh->failures, 1);
    }
    return NULL;
}

void test_threads_hammer_misuse_and_accessors(void) {
    Shared sh;
    sh.client = offline_client();
    CHECK(sh.client != NULL);
    sh.session = fixture_session();
    CHECK(sh.session != NULL);
    atomic_init(&sh.failures, 0);
    atomic_init(&sh.go, 0);

    pthread_t threads[THREADS];
    int started = 0;
    for (; started < THREADS; started++)
        if (pthread_create(&threads[started], NULL, hammer, &sh) != 0) break;
    atomic_store(&sh.go, 1);
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);

    gotrue_session_free(sh.session);
    gotrue_client_free(sh.client);
    CHECK(started == THREADS);
    CHECK(atomic_load(&sh.failures) == 0);
}
