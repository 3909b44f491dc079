/* bench/c/cg.c — the callgrind driver (bench/callgrind.sh): one GoTrueClient, one thread, WARMUP untimed calls,
 * then CALLS calls inside cg_measured(), the only function callgrind collects in (--toggle-collect).
 *
 * usage: cg OP CALLS WARMUP     OP = sign_in | get_user | refresh | get_claims_es256 | get_claims_rs256
 * env:   BENCH_URL BENCH_API_KEY BENCH_EMAIL BENCH_PASSWORD BENCH_TOKEN_ES256 BENCH_TOKEN_RS256
 *        [BENCH_CLAIMS_OPTIONS=json] (get_claims options_json; bench/callgrind.sh passes {"cache":false})
 * Each call does what bench/c/driver.c does: call, read the result (tokens copied out / JSON checked), free it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gotrue.h"

static GoTrueClient *g_client;
static const char *g_email, *g_password, *g_tok_es, *g_tok_rs, *g_claims_opts;
static char g_access[4096], g_refresh[256];

static const char *env_or_die(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "missing environment variable %s\n", name);
        exit(2);
    }
    return v;
}

static int check(GoTrueError *e, const char *what) {
    if (!e) return 0;
    fprintf(stderr, "libgotrue %s: %s\n", what, gotrue_error_message(e));
    gotrue_error_free(e);
    return -1;
}

static int take_session(GoTrueSession *s) {
    const char *a = gotrue_session_access_token(s), *r = gotrue_session_refresh_token(s);
    int rc = (a && r && strlen(a) < sizeof g_access && strlen(r) < sizeof g_refresh) ? 0 : -1;
    if (rc == 0) {
        strcpy(g_access, a);
        strcpy(g_refresh, r);
    }
    gotrue_session_free(s);
    return rc;
}

static int sign_in(void) {
    GoTrueSession *s = NULL;
    if (check(gotrue_client_sign_in_with_password(g_client, g_email, NULL, g_password, NULL, &s), "sign_in")) return -1;
    return take_session(s);
}

static int one_call(char op) {
    switch (op) {
    case 's':
        return sign_in();
    case 'g': {
        char *user = NULL;
        if (check(gotrue_client_get_user(g_client, g_access, &user), "get_user")) return -1;
        int ok = user && user[0] == '{';
        gotrue_string_free(user);
        return ok ? 0 : -1;
    }
    case 'r': {
        GoTrueSession *s = NULL;
        if (check(gotrue_client_refresh_session(g_client, g_refresh, &s), "refresh_session")) return -1;
        return take_session(s);
    }
    case 'e':
    case 'R': {
        char *claims = NULL;
        if (check(gotrue_client_get_claims(g_client, op == 'e' ? g_tok_es : g_tok_rs, g_claims_opts, &claims), "get_claims"))
            return -1;
        int ok = claims && claims[0] == '{';
        gotrue_string_free(claims);
        return ok ? 0 : -1;
    }
    }
    return -1;
}

__attribute__((noinline)) int cg_measured(char op, long calls) {
    for (long i = 0; i < calls; i++)
        if (one_call(op) != 0) return -1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: cg OP CALLS WARMUP\n");
        return 2;
    }
    const char *url = env_or_die("BENCH_URL"), *key = env_or_die("BENCH_API_KEY");
    g_email = env_or_die("BENCH_EMAIL");
    g_password = env_or_die("BENCH_PASSWORD");
    g_tok_es = env_or_die("BENCH_TOKEN_ES256");
    g_tok_rs = env_or_die("BENCH_TOKEN_RS256");
    g_claims_opts = getenv("BENCH_CLAIMS_OPTIONS");
    const char *op = argv[1];
    char c = strcmp(op, "get_claims_rs256") == 0 ? 'R' : strcmp(op, "get_claims_es256") == 0 ? 'e' : op[0];
    if (check(gotrue_client_new(url, key, NULL, &g_client), "client_new")) return 1;
    if (sign_in() != 0) return 1;
    for (long i = 0; i < atol(argv[3]); i++)
        if (one_call(c) != 0) return 1;
    int rc = cg_measured(c, atol(argv[2]));
    gotrue_client_free(g_client);
    return rc ? 1 : 0;
}
