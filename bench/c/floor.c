/* bench/c/floor.c — the floor: a raw HTTP/1.1 keep-alive loop over a plain socket.
 *
 * Does the same work a client must do per call, and nothing more: format the request (JSON body
 * for /token), write it, read the full response (Content-Length or chunked), check the status,
 * and pull the fields a client needs out of the JSON (access_token + refresh_token, or the user id).
 * One connection per thread (each thread is its own "client"). http:// only.
 *
 * usage: floor OP THREADS CALLS WARMUP        OP = sign_in | get_user | refresh
 * env:   BENCH_URL BENCH_API_KEY BENCH_EMAIL BENCH_PASSWORD
 * Refresh tokens rotate (as on the server): each refresh sends the token the previous response returned.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static char g_host[256], g_port[16], g_prefix[256];
static const char *g_key, *g_email, *g_password;

typedef struct {
    int fd;
    const char *op;
    int index;
    char access[4096], refresh[256], user_id[64];
    char req[16384];
    char buf[1 << 17];
} conn;

static int dial(conn *c) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res;
    if (getaddrinfo(g_host, g_port, &hints, &res) != 0) return -1;
    int fd = socket(res->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        freeaddrinfo(res);
        if (fd >= 0) close(fd);
        return -1;
    }
    freeaddrinfo(res);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fd = fd;
    return 0;
}

/* Copies the JSON string value of "key" (first occurrence) into out. Returns 0 if found. */
static int json_str(const char *body, const char *key, char *out, size_t cap) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(body, pat);
    if (!p) return -1;
    p += strlen(pat);
    const char *e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= cap) return -1;
    memcpy(out, p, e - p);
    out[e - p] = 0;
    return 0;
}

/* Sends c->req (len bytes), reads one response. Returns HTTP status, body in *body (NUL-terminated). */
static int roundtrip(conn *c, size_t len, char **body, int retry) {
    if (c->fd < 0 && dial(c) != 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(c->fd, c->req + off, len - off, MSG_NOSIGNAL);
        if (w <= 0) goto reconnect;
        off += w;
    }
    size_t have = 0;
    char *hdr_end = NULL;
    for (;;) {
        ssize_t r = recv(c->fd, c->buf + have, sizeof c->buf - 1 - have, 0);
        if (r <= 0) goto reconnect;
        have += r;
        c->buf[have] = 0;
        if ((hdr_end = strstr(c->buf, "\r\n\r\n"))) break;
        if (have >= sizeof c->buf - 1) return -1;
    }
    int status = atoi(c->buf + 9);
    size_t hlen = hdr_end + 4 - c->buf;
    long clen = -1;
    int chunked = 0, close_after = 0;
    for (char *l = strstr(c->buf, "\r\n") + 2; l < hdr_end; l = strstr(l, "\r\n") + 2) {
        if (strncasecmp(l, "content-length:", 15) == 0) clen = strtol(l + 15, NULL, 10);
        else if (strncasecmp(l, "transfer-encoding:", 18) == 0 && strstr(l, "chunked")) chunked = 1;
        else if (strncasecmp(l, "connection:", 11) == 0 && strcasestr(l, "close") && strcasestr(l, "close") < strstr(l, "\r\n")) close_after = 1;
    }
    if (status == 204 || status == 304) clen = 0;
    if (!chunked) {
        if (clen < 0) return -1;
        while (have < hlen + (size_t)clen) {
            ssize_t r = recv(c->fd, c->buf + have, sizeof c->buf - 1 - have, 0);
            if (r <= 0) return -1;
            have += r;
        }
        c->buf[hlen + clen] = 0;
        *body = c->buf + hlen;
    } else {
        /* de-chunk in place */
        char *out = c->buf + hlen, *p = out;
        for (;;) {
            char *eol;
            while (!(eol = strstr(p, "\r\n"))) {
                ssize_t r = recv(c->fd, c->buf + have, sizeof c->buf - 1 - have, 0);
                if (r <= 0) return -1;
                have += r;
                c->buf[have] = 0;
            }
            long n = strtol(p, NULL, 16);
            char *data = eol + 2;
            while ((size_t)(data - c->buf) + n + 2 > have) {
                ssize_t r = recv(c->fd, c->buf + have, sizeof c->buf - 1 - have, 0);
                if (r <= 0) return -1;
                have += r;
                c->buf[have] = 0;
            }
            if (n == 0) break; /* no trailers expected */
            memmove(out, data, n);
            out += n;
            p = data + n + 2;
        }
        *out = 0;
        *body = c->buf + hlen;
    }
    if (close_after) {
        close(c->fd);
        c->fd = -1;
    }
    return status;
reconnect:
    close(c->fd);
    c->fd = -1;
    if (retry) return -1;
    return roundtrip(c, len, body, 1);
}

static int do_token(conn *c, const char *grant, const char *json_body) {
    size_t blen = strlen(json_body);
    int n = snprintf(c->req, sizeof c->req,
                     "POST %s/token?grant_type=%s HTTP/1.1\r\nHost: %s:%s\r\napikey: %s\r\n"
                     "Content-Type: application/json;charset=UTF-8\r\nX-Supabase-Api-Version: 2024-01-01\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     g_prefix, grant, g_host, g_port, g_key, blen, json_body);
    char *body;
    int st = roundtrip(c, n, &body, 0);
    if (st != 200) return -1;
    if (json_str(body, "access_token", c->access, sizeof c->access) != 0) return -1;
    char rt[256];
    if (json_str(body, "refresh_token", rt, sizeof rt) != 0) return -1;
    strcpy(c->refresh, rt);
    return 0;
}

static int sign_in(conn *c) {
    char body[512];
    snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\",\"gotrue_meta_security\":{}}", g_email, g_password);
    return do_token(c, "password", body);
}

static int refresh(conn *c) {
    char body[512];
    snprintf(body, sizeof body, "{\"refresh_token\":\"%s\"}", c->refresh);
    return do_token(c, "refresh_token", body);
}

static int get_user(conn *c) {
    int n = snprintf(c->req, sizeof c->req,
                     "GET %s/user HTTP/1.1\r\nHost: %s:%s\r\napikey: %s\r\nAuthorization: Bearer %s\r\n"
                     "X-Supabase-Api-Version: 2024-01-01\r\n\r\n",
                     g_prefix, g_host, g_port, g_key, c->access);
    char *body;
    if (roundtrip(c, n, &body, 0) != 200) return -1;
    return json_str(body, "id", c->user_id, sizeof c->user_id);
}

void *worker_setup(int index, const char *op) {
    conn *c = calloc(1, sizeof *c);
    c->fd = -1;
    c->op = op;
    c->index = index;
    if (sign_in(c) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

int worker_call(void *st) {
    conn *c = st;
    if (c->op[0] == 's') return sign_in(c);
    if (c->op[0] == 'g') return get_user(c);
    return refresh(c);
}

void worker_teardown(void *st) {
    conn *c = st;
    if (c->fd >= 0) close(c->fd);
    free(c);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: floor OP THREADS CALLS WARMUP\n");
        return 2;
    }
    const char *url = env_or_die("BENCH_URL");
    g_key = env_or_die("BENCH_API_KEY");
    g_email = env_or_die("BENCH_EMAIL");
    g_password = env_or_die("BENCH_PASSWORD");
    if (strncmp(url, "http://", 7) != 0) {
        fprintf(stderr, "floor: only http:// URLs\n");
        return 2;
    }
    const char *hp = url + 7, *slash = strchr(hp, '/');
    size_t hplen = slash ? (size_t)(slash - hp) : strlen(hp);
    snprintf(g_prefix, sizeof g_prefix, "%s", slash ? slash : "");
    size_t pl = strlen(g_prefix);
    if (pl && g_prefix[pl - 1] == '/') g_prefix[pl - 1] = 0;
    char hostport[256];
    snprintf(hostport, sizeof hostport, "%.*s", (int)hplen, hp);
    char *colon = strrchr(hostport, ':');
    if (colon) {
        *colon = 0;
        snprintf(g_port, sizeof g_port, "%s", colon + 1);
    } else
        strcpy(g_port, "80");
    snprintf(g_host, sizeof g_host, "%s", hostport);
    const char *op = argv[1];
    if (strcmp(op, "sign_in") && strcmp(op, "get_user") && strcmp(op, "refresh")) {
        fprintf(stderr, "floor: unknown op %s\n", op);
        return 2;
    }
    return run_bench("floor", op, atoi(argv[2]), atol(argv[3]), atol(argv[4]));
}
