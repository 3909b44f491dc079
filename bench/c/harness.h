/* bench/c/harness.h — timing, per-thread latency capture and the one-line JSON result
 * shared by the libgotrue driver (driver.c) and the raw keep-alive floor (floor.c).
 *
 * A driver supplies:
 *   void *worker_setup(int thread_index, const char *op);  per-thread state (may sign in etc.)
 *   int   worker_call(void *state);                         one measured call; 0 = ok
 *   void  worker_teardown(void *state);
 * and calls run_bench(). Each thread does `warmup` untimed calls, waits on a barrier, then `calls`
 * timed calls; per-call latency is clock_gettime(MONOTONIC) around worker_call. calls/s is
 * total timed calls / wall time from the barrier to the last thread's finish.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *worker_setup(int thread_index, const char *op);
int worker_call(void *state);
void worker_teardown(void *state);

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

__attribute__((unused)) static const char *env_or_die(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "missing environment variable %s\n", name);
        exit(2);
    }
    return v;
}

typedef struct {
    int index;
    const char *op;
    long warmup, calls;
    uint64_t *lat;
    int failed;
    char errmsg[256];
} thread_arg;

static pthread_barrier_t g_start;
static uint64_t g_t0;

static void *thread_main(void *p) {
    thread_arg *a = p;
    void *st = worker_setup(a->index, a->op);
    if (!st) {
        a->failed = 1;
        snprintf(a->errmsg, sizeof a->errmsg, "setup failed");
    }
    for (long i = 0; !a->failed && i < a->warmup; i++)
        if (worker_call(st) != 0) {
            a->failed = 1;
            snprintf(a->errmsg, sizeof a->errmsg, "warm-up call %ld failed", i);
        }
    pthread_barrier_wait(&g_start);
    if (a->index == 0) g_t0 = now_ns();
    for (long i = 0; !a->failed && i < a->calls; i++) {
        uint64_t t = now_ns();
        if (worker_call(st) != 0) {
            a->failed = 1;
            snprintf(a->errmsg, sizeof a->errmsg, "call %ld failed", i);
            break;
        }
        a->lat[i] = now_ns() - t;
    }
    if (st) worker_teardown(st);
    return NULL;
}

static int cmp_u64(const void *x, const void *y) {
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Returns the process exit code. Prints one JSON line on stdout. */
static int run_bench(const char *driver, const char *op, int threads, long total_calls, long warmup) {
    if (threads < 1) threads = 1;
    long per = total_calls / threads;
    if (per < 1) per = 1;
    pthread_t *tid = calloc(threads, sizeof *tid);
    thread_arg *args = calloc(threads, sizeof *args);
    uint64_t *all = calloc((size_t)per * threads, sizeof *all);
    pthread_barrier_init(&g_start, NULL, threads);
    for (int i = 0; i < threads; i++) {
        args[i] = (thread_arg){.index = i, .op = op, .warmup = warmup, .calls = per, .lat = all + (size_t)i * per};
        pthread_create(&tid[i], NULL, thread_main, &args[i]);
    }
    for (int i = 0; i < threads; i++) pthread_join(tid[i], NULL);
    uint64_t wall = now_ns() - g_t0;
    for (int i = 0; i < threads; i++)
        if (args[i].failed) {
            printf("{\"driver\":\"%s\",\"op\":\"%s\",\"threads\":%d,\"ok\":false,\"error\":\"thread %d: %s\"}\n",
                   driver, op, threads, i, args[i].errmsg);
            return 1;
        }
    size_t n = (size_t)per * threads;
    qsort(all, n, sizeof *all, cmp_u64);
    double med = all[n / 2] / 1000.0;
    double p99 = all[(size_t)((n - 1) * 0.99)] / 1000.0;
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += all[i];
    mean = mean / n / 1000.0;
    printf("{\"driver\":\"%s\",\"op\":\"%s\",\"threads\":%d,\"ok\":true,\"calls\":%zu,\"warmup_per_thread\":%ld,"
           "\"median_us\":%.2f,\"p99_us\":%.2f,\"mean_us\":%.2f,\"wall_s\":%.4f,\"calls_per_s\":%.1f}\n",
           driver, op, threads, n, warmup, med, p99, mean, wall / 1e9, n / (wall / 1e9));
    fflush(stdout);
    return 0;
}

/* VmRSS / VmHWM of this process in KiB (from /proc/self/status). */
__attribute__((unused)) static long proc_status_kib(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long v = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0 && line[fl] == ':') {
            v = strtol(line + fl + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

#endif
