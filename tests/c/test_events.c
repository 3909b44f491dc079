/* Auth state subscriptions from C: argument checks, and the finalizer contract (exactly once,
 * after the last callback, on unsubscribe or client free; never when registration fails).
 * No server: gotrue_client_initialize with nothing stored emits INITIAL_SESSION offline. */
#include "tests.h"

typedef struct {
    int calls, finalized, calls_at_finalize;
    int null_session;
    GoTrueClient *unsubscribe_from; /* when set, the callback unsubscribes itself */
    uint64_t id;
    int finalized_during_own_unsubscribe;
} Counter;

static void count_event(GoTrueAuthEvent event, const GoTrueSession *session, void *user_data) {
    Counter *c = user_data;
    c->calls++;
    if (event == GOTRUE_AUTH_EVENT_INITIAL_SESSION && session == NULL) c->null_session++;
    if (c->unsubscribe_from != NULL) {
        GoTrueError *e = gotrue_client_unsubscribe(c->unsubscribe_from, c->id);
        gotrue_error_free(e);
        /* This call is still running: the finalizer must wait for it to return. */
        c->finalized_during_own_unsubscribe = c->finalized;
        c->unsubscribe_from = NULL;
    }
}

static void count_finalize(void *user_data) {
    Counter *c = user_data;
    c->finalized++;
    c->calls_at_finalize = c->calls;
}

/* Subscribes `c`; 0 (recorded as a failure) when that fails. */
static uint64_t subscribe(GoTrueClient *client, Counter *c) {
    uint64_t id = 0;
    if (!t_expect_ok(gotrue_client_on_auth_state_change(client, count_event, c, count_finalize, &id), __FILE__, __LINE__,
                     "subscribe"))
        return 0;
    return id;
}

void test_misuse_events(void) {
    GoTrueClient *client = offline_client();
    CHECK(client != NULL);
    Counter c = {0};
    uint64_t id = 42;
    cover("gotrue_client_on_auth_state_change");
    EXPECT_CODE(gotrue_client_on_auth_state_change(NULL, count_event, &c, count_finalize, &id), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_on_auth_state_change(client, NULL, &c, count_finalize, &id), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_on_auth_state_change(client, count_event, &c, count_finalize, NULL), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    CHECK(id == 42);
    cover("gotrue_client_unsubscribe");
    EXPECT_CODE(gotrue_client_unsubscribe(NULL, 1), GOTRUE_ERROR_CODE_NULL_ARGUMENT);
    EXPECT_CODE(gotrue_client_unsubscribe(client, 0), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    EXPECT_CODE(gotrue_client_unsubscribe(client, 12345), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    /* NULL user_data and NULL finalizer are allowed. */
    EXPECT_OK(gotrue_client_on_auth_state_change(client, count_event, NULL, NULL, &id));
    EXPECT_OK(gotrue_client_unsubscribe(client, id));
    gotrue_client_free(client);
    /* A failed registration took nothing: its finalizer never ran. */
    CHECK(c.calls == 0 && c.finalized == 0);
}

void test_events_finalizer_runs_once_on_unsubscribe(void) {
    GoTrueClient *client = offline_client();
    CHECK(client != NULL);
    Counter c = {0};
    uint64_t id = subscribe(client, &c);
    CHECK(id != 0);
    EXPECT_OK(gotrue_client_initialize(client, NULL));
    CHECK(c.calls == 1 && c.null_session == 1 && c.finalized == 0);
    EXPECT_OK(gotrue_client_unsubscribe(client, id));
    CHECK(c.finalized == 1 && c.calls_at_finalize == 1);
    /* No call after the finalizer, and no second finalizer: not on a repeated unsubscribe,
     * not on client free. */
    EXPECT_OK(gotrue_client_initialize(client, NULL));
    EXPECT_CODE(gotrue_client_unsubscribe(client, id), GOTRUE_ERROR_CODE_INVALID_ARGUMENT);
    gotrue_client_free(client);
    CHECK(c.calls == 1 && c.finalized == 1);
}

void test_events_finalizer_runs_once_on_client_free(void) {
    GoTrueClient *client = offline_client();
    CHECK(client != NULL);
    Counter a = {0}, b = {0};
    CHECK(subscribe(client, &a) != 0 && subscribe(client, &b) != 0);
    EXPECT_OK(gotrue_client_initialize(client, NULL));
    CHECK(a.calls == 1 && b.calls == 1 && a.finalized == 0 && b.finalized == 0);
    gotrue_client_free(client);
    CHECK(a.finalized == 1 && b.finalized == 1);
    CHECK(a.calls_at_finalize == 1 && b.calls_at_finalize == 1);
}

void test_events_finalizer_after_a_callback_unsubscribes_itself(void) {
    GoTrueClient *client = offline_client();
    CHECK(client != NULL);
    Counter c = {0};
    c.id = subscribe(client, &c);
    CHECK(c.id != 0);
    c.unsubscribe_from = client;
    EXPECT_OK(gotrue_client_initialize(client, NULL));
    /* Unsubscribed from inside its own call: finalized once that call returned, not during it. */
    CHECK(c.calls == 1 && c.finalized_during_own_unsubscribe == 0 && c.finalized == 1);
    EXPECT_OK(gotrue_client_initialize(client, NULL));
    gotrue_client_free(client);
    CHECK(c.calls == 1 && c.finalized == 1);
}
