/*
 * libgotrue in a game loop: a 60 Hz loop that signs a user up, signs in, refreshes the
 * session and reads the user without ever blocking a frame. Every network call is started
 * with its `_start` form and its completion is picked up by gotrue_client_poll() once a
 * frame, so no library thread ever runs code of ours. At the end it prints the worst frame
 * time (the time the loop spent in its own work, library calls included).
 *
 * Build:  make -C examples/c game_loop          (after `cargo build --release`)
 * Run:    SUPABASE_AUTH_URL=http://127.0.0.1:9999 SUPABASE_ANON_KEY=<anon key> examples/c/game_loop
 *         (or SUPABASE_URL=https://<project>.supabase.co for a hosted project)
 * Optional: GAME_LOOP_LOAD=100 keeps 100 extra sign-ins in flight while the loop runs
 * (for the benchmark: the frame time must not grow with the requests in flight).
 *
 * Exit status 0 when every step succeeded within the time limit (20 s).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gotrue.h"

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* The loop's state machine: one request in flight at a time, advanced by poll. */
typedef enum { SIGNING_UP, SIGNING_IN, REFRESHING, READING_USER, DONE, FAILED } Step;
static const char *const STEP_NAMES[] = {"sign up", "sign in", "refresh", "get user", "done", "failed"};

static void report(const char *step, GoTrueError *err) {
    const char *name = gotrue_error_code_name((int32_t)gotrue_error_code(err));
    fprintf(stderr, "%s failed: %s (%s)\n", step, gotrue_error_message(err), name ? name : "?");
    gotrue_error_free(err);
}

int main(void) {
    if (gotrue_abi_version() != GOTRUE_ABI_VERSION) {
        fprintf(stderr, "libgotrue ABI %u does not match this program's header (ABI %d)\n",
                (unsigned)gotrue_abi_version(), GOTRUE_ABI_VERSION);
        return 1;
    }
    const char *project_url = getenv("SUPABASE_URL");
    const char *auth_url = getenv("SUPABASE_AUTH_URL");
    const char *anon_key = getenv("SUPABASE_ANON_KEY");
    if ((project_url == NULL && auth_url == NULL) || anon_key == NULL) {
        fprintf(stderr, "set SUPABASE_URL (or SUPABASE_AUTH_URL) and SUPABASE_ANON_KEY\n");
        return 1;
    }
    char url[1024];
    int n = auth_url != NULL ? snprintf(url, sizeof url, "%s", auth_url) : snprintf(url, sizeof url, "%s", project_url);
    if (n < 0 || (size_t)n + sizeof "/auth/v1" > sizeof url) return 1;
    while (n > 0 && url[n - 1] == '/') url[--n] = '\0';
    if (auth_url == NULL) strcat(url, "/auth/v1");
    const char *load_text = getenv("GAME_LOOP_LOAD");
    int load = load_text ? atoi(load_text) : 0;
    if (load < 0 || load > 10000) load = 0;

    GoTrueClient *client = NULL;
    GoTrueError *err = gotrue_client_new(url, anon_key, NULL, &client);
    if (err) {
        report("create client", err);
        return 1;
    }
    char email[128];
    snprintf(email, sizeof email, "game-loop-%lld-%ld@example.com", (long long)time(NULL), (long)getpid());
    const char *password = "Game-loop-Pa55word!";

    /* Background load: sign-ins for an address that does not exist (each one a real request
     * the server answers with invalid_credentials), all in flight at once. */
    GoTrueRequest **extra = load > 0 ? calloc((size_t)load, sizeof *extra) : NULL;
    int extra_left = 0;
    for (int i = 0; i < load; i++) {
        err = gotrue_client_sign_in_with_password_start(client, "nobody@example.com", NULL, "wrong-password", NULL, NULL,
                                                        NULL, NULL, &extra[i]);
        if (err) {
            report("start a background sign-in", err);
            return 1;
        }
        extra_left++;
    }

    Step step = SIGNING_UP;
    GoTrueRequest *pending = NULL;
    err = gotrue_client_sign_up_start(client, email, NULL, password, NULL, NULL, NULL, NULL, &pending);
    if (err) {
        report("start sign up", err);
        return 1;
    }

    const double frame_ms = 1000.0 / 60.0;
    double worst_work = 0, worst_interval = 0, total_work = 0;
    long frames = 0;
    double start = now_ms(), last = start, next = start;
    char refresh_before[512] = "";
    while ((step != DONE && step != FAILED) || extra_left > 0) {
        double t0 = now_ms();
        if (frames > 0 && t0 - last > worst_interval) worst_interval = t0 - last;
        last = t0;

        /* The frame's library work: hand back whatever completed, never wait. */
        GoTrueRequest *done[32];
        size_t count = 0;
        err = gotrue_client_poll(client, 32, done, &count);
        if (err) {
            report("poll", err);
            return 1;
        }
        for (size_t i = 0; i < count; i++) {
            GoTrueRequest *r = done[i];
            if (r != pending) { /* a background sign-in */
                for (int k = 0; k < load; k++)
                    if (extra[k] == r) extra[k] = NULL;
                gotrue_request_free(r);
                extra_left--;
                continue;
            }
            pending = NULL;
            GoTrueSession *session = NULL;
            char *text = NULL;
            switch (step) {
            case SIGNING_UP:
                err = gotrue_request_error(r);
                if (!err) err = gotrue_client_sign_in_with_password_start(client, email, NULL, password, NULL, NULL, NULL, NULL, &pending);
                step = err ? FAILED : SIGNING_IN;
                break;
            case SIGNING_IN:
                err = gotrue_request_take_session(r, &session);
                if (!err) {
                    printf("frame %ld: signed in as %s\n", frames, gotrue_session_user_email(session));
                    snprintf(refresh_before, sizeof refresh_before, "%s", gotrue_session_refresh_token(session));
                    gotrue_session_free(session);
                    err = gotrue_client_refresh_session_start(client, NULL, NULL, NULL, NULL, &pending);
                }
                step = err ? FAILED : REFRESHING;
                break;
            case REFRESHING:
                err = gotrue_request_take_session(r, &session);
                if (!err) {
                    printf("frame %ld: refreshed (new token: %s, %lld s left)\n", frames,
                           strcmp(gotrue_session_refresh_token(session), refresh_before) != 0 ? "yes" : "no",
                           (long long)gotrue_session_seconds_left(session));
                    gotrue_session_free(session);
                    err = gotrue_client_get_user_start(client, NULL, NULL, NULL, NULL, &pending);
                }
                step = err ? FAILED : READING_USER;
                break;
            case READING_USER:
                err = gotrue_request_take_string(r, &text);
                if (!err) {
                    printf("frame %ld: user JSON has %zu bytes\n", frames, strlen(text));
                    gotrue_string_free(text);
                }
                step = err ? FAILED : DONE;
                break;
            default:
                break;
            }
            if (err) report(STEP_NAMES[step == FAILED ? SIGNING_UP : step], err);
            err = NULL;
            gotrue_request_free(r);
        }
        /* ... the game's own frame work would go here ... */

        double work = now_ms() - t0;
        total_work += work;
        if (work > worst_work) worst_work = work;
        frames++;
        if (now_ms() - start > 20000) {
            fprintf(stderr, "gave up after 20 s at step %s (%d background sign-ins left)\n", STEP_NAMES[step], extra_left);
            step = FAILED;
            break;
        }
        next += frame_ms;
        double sleep_for = next - now_ms();
        if (sleep_for > 0) {
            struct timespec ts = {(time_t)(sleep_for / 1000), (long)((sleep_for - (double)(time_t)(sleep_for / 1000) * 1000) * 1e6)};
            nanosleep(&ts, NULL);
        }
    }
    printf("%ld frames at 60 Hz, %d background sign-ins: worst frame %.3f ms (mean %.3f ms), worst frame interval %.2f ms\n",
           frames, load, worst_work, frames ? total_work / (double)frames : 0.0, worst_interval);
    /* Freeing the client completes anything still in flight as cancelled; the request
     * handles stay valid after it and are freed as usual. */
    gotrue_client_free(client);
    gotrue_request_free(pending);
    for (int i = 0; i < load; i++) gotrue_request_free(extra[i]); /* NULL: already freed */
    free(extra);
    return step == DONE ? 0 : 1;
}
