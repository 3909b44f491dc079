/* bench/c/driver.c — libgotrue through its C ABI (one GoTrueClient shared by all threads).
 *
 * usage: driver OP THREADS CALLS WARMUP
 *          OP = sign_in | get_user | refresh | get_claims_es256 | get_claims_rs256
 *        driver footprint CYCLES WARMUP_CYCLES
 * env:   BENCH_URL BENCH_API_KEY BENCH_EMAIL BENCH_PASSWORD BENCH_TOKEN_ES256 BENCH_TOKEN_RS256
 * Refresh tokens rotate (as on the server): each refresh sends the token the previous response returned.
 *        [BENCH_CLAIMS_OPTIONS=json] (options_json for get_claims; default NULL)
 *
 * Each measured call does what an application does: call, read the result (tokens / JSON), free it.
 */
#include "harness.h"

#include <dlfcn.h>

#if __has_include("gotrue.h")
#include "gotrue.h"
#else
/* The agreed declarations, used until include/gotrue.h exists. */
typedef struct GoTrueClient GoTrueClient;
typedef struct GoTrueSession GoTrueSession;
typedef struct GoTrueError GoTrueError;
GoTrueError *gotrue_client_new(const char *url, const char *api_key, const char *options_json, GoTrueClient **out_client);
void gotrue_client_free(GoTrueClient *client);
GoTrueError *gotrue_client_sign_in_with_password(GoTrueClient *c, const char *email, const char *phone,
                                                 const char *password, const char *options_json,
                                                 GoTrueSession **out_session);
GoTrueError *gotrue_client_get_user(GoTrueClient *c, const char *jwt, char **out_user_json);
GoTrueError *gotrue_client_refresh_session(GoTrueClient *c, const char *refresh_token, GoTrueSession **out_session);
GoTrueError *gotrue_client_sign_out(GoTrueClient *c, int scope);
const char *gotrue_session_access_token(const GoTrueSession *s);
const char *gotrue_session_refresh_token(const GoTrueSession *s);
void gotrue_session_free(GoTrueSession *s);
const char *gotrue_error_message(const GoTrueError *e);
void gotrue_error_free(GoTrueError *e);
void gotrue_string_free(char *s);
#endif

#define BENCH_SCOPE_GLOBAL 0 /* GOTRUE_SIGN_OUT_SCOPE_GLOBAL */

/* gotrue_client_get_claims may land after the rest of the ABI: looked up at run time so the driver
   builds either way; its ops report "unsupported" (exit 3) when the library lacks it. */
typedef GoTrueError *(*get_claims_fn)(GoTrueClient *c, const char *jwt, const char *options_json, char **out_claims_json);
static get_claims_fn p_get_claims;

static GoTrueClient *g_client;
static const char *g_email, *g_password, *g_tok_es, *g_tok_rs, *g_claims_opts;
static long g_rss_before_client;

typedef struct {
    int index;
    char op;      /* s g r e R */
    char access[4096], refresh[256];
} wstate;

static int check(GoTrueError *e, const char *what) {
    if (!e) return 0;
    static int reported;
    if (!reported++) fprintf(stderr, "libgotrue %s: %s\n", what, gotrue_error_message(e));
    gotrue_error_free(e);
    return -1;
}

static int take_session(wstate *w, GoTrueSession *s) {
    const char *a = gotrue_session_access_token(s), *r = gotrue_session_refresh_token(s);
    int rc = (a && r && strlen(a) < sizeof w->access && strlen(r) < sizeof w->refresh - 8) ? 0 : -1;
    if (rc == 0) {
        /* copying out is the comparable work: every peer hands the caller its tokens */
        strcpy(w->access, a);
        strcpy(w->refresh, r);
    }
    gotrue_session_free(s);
    return rc;
}

static int sign_in(wstate *w) {
    GoTrueSession *s = NULL;
    if (check(gotrue_client_sign_in_with_password(g_client, g_email, NULL, g_password, NULL, &s), "sign_in")) return -1;
    return take_session(w, s);
}

void *worker_setup(int index, const char *op) {
    wstate *w = calloc(1, sizeof *w);
    w->index = index;
    w->op = strcmp(op, "get_claims_rs256") == 0 ? 'R' : strcmp(op, "get_claims_es256") == 0 ? 'e' : op[0];
    if (sign_in(w) != 0) {
        free(w);
        return NULL;
    }
    return w;
}

int worker_call(void *st) {
    wstate *w = st;
    switch (w->op) {
    case 's':
        return sign_in(w);
    case 'g': {
        char *user = NULL;
        if (check(gotrue_client_get_user(g_client, w->access, &user), "get_user")) return -1;
        int ok = user && user[0] == '{';
        gotrue_string_free(user);
        return ok ? 0 : -1;
    }
    case 'r': {
        GoTrueSession *s = NULL;
        if (check(gotrue_client_refresh_session(g_client, w->refresh, &s), "refresh_session")) return -1;
        return take_session(w, s);
    }
    case 'e':
    case 'R': {
        char *claims = NULL;
        if (check(p_get_claims(g_client, w->op == 'e' ? g_tok_es : g_tok_rs, g_claims_opts, &claims), "get_claims"))
            return -1;
        int ok = claims && claims[0] == '{';
        gotrue_string_free(claims);
        return ok ? 0 : -1;
    }
    }
    return -1;
}

void worker_teardown(void *st) { free(st); }

static int footprint(long cycles, long warm) {
    long rss0 = g_rss_before_client;
    wstate w = {0};
    if (sign_in(&w) != 0) return 1;
    long rss_signed_in = proc_status_kib("VmRSS"), hwm_signed_in = proc_status_kib("VmHWM");
    for (long i = 0; i < warm; i++)
        if (sign_in(&w) != 0 || check(gotrue_client_sign_out(g_client, BENCH_SCOPE_GLOBAL), "sign_out")) return 1;
    long rss_warm = proc_status_kib("VmRSS");
    uint64_t t = now_ns();
    for (long i = 0; i < cycles; i++)
        if (sign_in(&w) != 0 || check(gotrue_client_sign_out(g_client, BENCH_SCOPE_GLOBAL), "sign_out")) return 1;
    double secs = (now_ns() - t) / 1e9;
    long rss_end = proc_status_kib("VmRSS"), hwm_end = proc_status_kib("VmHWM");
    printf("{\"driver\":\"libgotrue\",\"op\":\"footprint\",\"ok\":true,\"rss_baseline_kib\":%ld,"
           "\"rss_signed_in_kib\":%ld,\"hwm_signed_in_kib\":%ld,\"warmup_cycles\":%ld,\"rss_after_warmup_kib\":%ld,"
           "\"cycles\":%ld,\"rss_after_cycles_kib\":%ld,\"hwm_after_cycles_kib\":%ld,\"growth_kib\":%ld,\"cycles_s\":%.3f}\n",
           rss0, rss_signed_in, hwm_signed_in, warm, rss_warm, cycles, rss_end, hwm_end, rss_end - rss_warm, secs);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: driver OP THREADS CALLS WARMUP | driver footprint CYCLES WARMUP\n");
        return 2;
    }
    const char *url = env_or_die("BENCH_URL"), *key = env_or_die("BENCH_API_KEY");
    g_email = env_or_die("BENCH_EMAIL");
    g_password = env_or_die("BENCH_PASSWORD");
    g_tok_es = getenv("BENCH_TOKEN_ES256");
    g_tok_rs = getenv("BENCH_TOKEN_RS256");
    g_claims_opts = getenv("BENCH_CLAIMS_OPTIONS");
    const char *op = argv[1];
    int is_fp = strcmp(op, "footprint") == 0;
    g_rss_before_client = proc_status_kib("VmRSS");
    GoTrueError *e = gotrue_client_new(url, key, NULL, &g_client);
    if (e) {
        fprintf(stderr, "gotrue_client_new: %s\n", gotrue_error_message(e));
        gotrue_error_free(e);
        return 1;
    }
    int rc;
    if (is_fp) {
        rc = footprint(atol(argv[2]), atol(argv[3]));
    } else {
        if (argc < 5) return 2;
        if (strncmp(op, "get_claims", 10) == 0 && !(p_get_claims = (get_claims_fn)dlsym(RTLD_DEFAULT, "gotrue_client_get_claims"))) {
            printf("{\"driver\":\"libgotrue\",\"op\":\"%s\",\"threads\":%d,\"ok\":false,\"unsupported\":true,"
                   "\"error\":\"gotrue_client_get_claims is not exported by this libgotrue.so\"}\n", op, atoi(argv[2]));
            gotrue_client_free(g_client);
            return 3;
        }
        if (strncmp(op, "get_claims", 10) == 0 && !(g_tok_es && g_tok_rs)) {
            fprintf(stderr, "get_claims needs BENCH_TOKEN_ES256 / BENCH_TOKEN_RS256\n");
            return 2;
        }
        rc = run_bench("libgotrue", op, atoi(argv[2]), atol(argv[3]), atol(argv[4]));
    }
    gotrue_client_free(g_client);
    return rc;
}
