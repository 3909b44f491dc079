/*
 * libgotrue quick start: sign a new user up, sign in, fetch the user, refresh the
 * session and sign out, printing each step.
 *
 * Build:  make -C examples/c          (after `cargo build --release`)
 * Run:    SUPABASE_URL=https://<project>.supabase.co SUPABASE_ANON_KEY=<anon key> \
 *           examples/c/quickstart
 *
 * The Auth server of a Supabase project lives at <SUPABASE_URL>/auth/v1. To talk to a
 * bare Auth (GoTrue) server instead, e.g. one on http://127.0.0.1:9999, set
 * SUPABASE_AUTH_URL to its address; it takes precedence over SUPABASE_URL.
 * The project must let users sign in without confirming their email first
 * ("Confirm email" off, i.e. autoconfirm), or sign-in fails with email_not_confirmed.
 *
 * Ownership rules used below (they hold for the whole library):
 *  - Every fallible function returns a GoTrueError* that is NULL on success; a non-NULL
 *    error is ours to free with gotrue_error_free().
 *  - Results arrive through out-parameters, written only on success.
 *  - GoTrueSession* handles are ours: gotrue_session_free(). Strings read from a session
 *    (tokens, user id, email) are borrowed and die with the session.
 *  - Owned char* results (user JSON) are freed with gotrue_string_free(), never free().
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gotrue.h"

/* Prints everything an error carries, frees it and exits with status 1. */
static void die(const char *step, GoTrueError *err) {
    GoTrueErrorCode code = gotrue_error_code(err);
    const char *name = gotrue_error_code_name((int32_t)code);
    const char *server_code = gotrue_error_server_code(err); /* NULL when the server sent none */

    fprintf(stderr, "%s failed\n", step);
    fprintf(stderr, "  code:        %d (%s)\n", (int)code, name ? name : "?");
    fprintf(stderr, "  http status: %u\n", (unsigned)gotrue_error_http_status(err));
    fprintf(stderr, "  server code: %s\n", server_code ? server_code : "(none)");
    fprintf(stderr, "  message:     %s\n", gotrue_error_message(err));
    gotrue_error_free(err);
    exit(1);
}

/* Runs `call`; on error reports it and exits. Keeps the steps below readable. */
#define TRY(step, call)                     \
    do {                                    \
        GoTrueError *err_ = (call);         \
        if (err_ != NULL) die((step), err_); \
    } while (0)

static void print_session(const char *step, const GoTrueSession *session) {
    time_t expires_at = (time_t)gotrue_session_expires_at(session);
    char when[64] = "?";
    struct tm utc;
    if (gmtime_r(&expires_at, &utc) != NULL) strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &utc);

    printf("%s: user %s, token expires at %s (in %lld s)\n", step, gotrue_session_user_id(session), when,
           (long long)gotrue_session_seconds_left(session));
}

int main(void) {
    /* A program built against one header must not run with a library of another ABI. */
    if (gotrue_abi_version() != GOTRUE_ABI_VERSION) {
        fprintf(stderr, "libgotrue ABI %u does not match this program's header (ABI %d)\n",
                (unsigned)gotrue_abi_version(), GOTRUE_ABI_VERSION);
        return 1;
    }
    printf("libgotrue %s (ABI %u)\n", gotrue_version(), (unsigned)gotrue_abi_version());

    const char *project_url = getenv("SUPABASE_URL");
    const char *auth_url = getenv("SUPABASE_AUTH_URL");
    const char *anon_key = getenv("SUPABASE_ANON_KEY");
    if ((project_url == NULL && auth_url == NULL) || anon_key == NULL) {
        fprintf(stderr, "set SUPABASE_URL (or SUPABASE_AUTH_URL) and SUPABASE_ANON_KEY\n");
        return 1;
    }
    char url[1024];
    int n = auth_url != NULL ? snprintf(url, sizeof url, "%s", auth_url) : snprintf(url, sizeof url, "%s", project_url);
    if (n < 0 || (size_t)n + sizeof "/auth/v1" > sizeof url) {
        fprintf(stderr, "the server URL is too long\n");
        return 1;
    }
    while (n > 0 && url[n - 1] == '/') url[--n] = '\0'; /* "https://x.supabase.co/" works too */
    if (auth_url == NULL) strcat(url, "/auth/v1");

    /* NULL options: defaults (in-memory session storage, 30 s timeout, no auto-refresh). */
    GoTrueClient *client = NULL;
    TRY("create client", gotrue_client_new(url, anon_key, NULL, &client));
    printf("client for %s\n", url);

    /* A fresh address per run (time + pid) so the example can run repeatedly. */
    char email[128];
    snprintf(email, sizeof email, "quickstart-%lld-%ld@example.com", (long long)time(NULL), (long)getpid());
    const char *password = "Quickstart-Pa55word!";

    /* 1. Sign up. With autoconfirm the server signs the user in at once and we get a session;
     *    with email confirmation on, `session` stays NULL and only the user JSON comes back. */
    GoTrueSession *session = NULL;
    char *user_json = NULL;
    TRY("sign up", gotrue_client_sign_up(client, email, NULL, password, NULL, &session, &user_json));
    printf("signed up %s (%s)\n", email, session ? "signed in at once" : "confirmation required");
    gotrue_string_free(user_json);
    gotrue_session_free(session); /* NULL is fine */
    session = NULL;

    /* 2. Sign in with the password. The session also becomes the client's current session. */
    TRY("sign in", gotrue_client_sign_in_with_password(client, email, NULL, password, NULL, &session));
    print_session("signed in", session);
    gotrue_session_free(session);
    session = NULL;

    /* 3. Fetch the user from the server with the current session's access token (jwt = NULL). */
    TRY("get user", gotrue_client_get_user(client, NULL, &user_json));
    printf("user: %s\n", user_json);
    gotrue_string_free(user_json); /* wipes and frees: it may hold personal data */
    user_json = NULL;

    /* 4. Refresh: exchange the current refresh token (NULL = the current session's) for a new session. */
    TRY("refresh", gotrue_client_refresh_session(client, NULL, &session));
    print_session("refreshed", session);
    gotrue_session_free(session);
    session = NULL;

    /* 5. Sign out this session only; the client forgets its session. */
    TRY("sign out", gotrue_client_sign_out(client, GOTRUE_SIGN_OUT_SCOPE_LOCAL));
    TRY("get session", gotrue_client_get_session(client, &session));
    printf("signed out (current session: %s)\n", session ? "still present?!" : "none");
    gotrue_session_free(session);

    gotrue_client_free(client);
    return 0;
}
