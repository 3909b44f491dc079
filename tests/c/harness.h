/*
 * A tiny test runner for the C ABI tests. Each test is a `void fn(void)`; CHECK and
 * EXPECT_* record the first failure of the current test and return from it.
 */
#ifndef GOTRUE_C_TEST_HARNESS_H
#define GOTRUE_C_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gotrue.h"

typedef struct {
    const char *name;
    void (*fn)(void);
} TestCase;

/* Runs the tests whose name contains `only` (all when NULL), adding to the counts. */
void run_tests(const TestCase *tests, size_t count, const char *only, int *passed, int *failed);

/* Records a failure of the running test (thread-safe; the first message is printed). */
void t_fail(const char *file, int line, const char *what);
/* True once the running test has failed. */
bool t_failed(void);

/* Checks that `err` is an error with code `want` carrying a non-empty message and no
 * server details (the argument checks never reach a server); frees it either way. */
bool t_expect_code(GoTrueError *err, GoTrueErrorCode want, const char *file, int line, const char *expr);
/* Checks that `err` is NULL (success); otherwise prints and frees it. */
bool t_expect_ok(GoTrueError *err, const char *file, int line, const char *expr);

/* The read-only string "\xff\xfe": not UTF-8. */
extern const char *const BAD_UTF8;
/* http://127.0.0.1:<port> of a loopback port that refuses connections. */
const char *refused_url(void);
/* A client for refused_url() with retries off: argument checks never reach it. */
GoTrueClient *offline_client(void);

#define CHECK(cond)                                             \
    do {                                                        \
        if (!(cond)) {                                          \
            t_fail(__FILE__, __LINE__, "CHECK(" #cond ")");     \
            return;                                             \
        }                                                       \
    } while (0)

#define EXPECT_CODE(call, code)                                              \
    do {                                                                     \
        if (!t_expect_code((call), (code), __FILE__, __LINE__, #call)) return; \
    } while (0)

#define EXPECT_OK(call)                                                  \
    do {                                                                 \
        if (!t_expect_ok((call), __FILE__, __LINE__, #call)) return;     \
    } while (0)

#define CHECK_STR(got, want) CHECK((got) != NULL && strcmp((got), (want)) == 0)

/* A non-NULL pointer value that is never dereferenced: out-parameters are preset to it
 * to prove that failing calls leave them untouched. */
#define SENTINEL(type) ((type)(uintptr_t)0x5e47)

#endif
