/* The C test suite. Usage: gotrue_c_tests [NAME-FILTER]
 * Real-server tests run only when GOTRUE_TEST_URL is set (with GOTRUE_TEST_ANON_KEY). */
#include "tests.h"

#define MAX_COVERED 256
static const char *covered_functions[MAX_COVERED];
static size_t n_covered;

void cover(const char *function) {
    if (!covered(function) && n_covered < MAX_COVERED) covered_functions[n_covered++] = function;
}

int covered(const char *function) {
    for (size_t i = 0; i < n_covered; i++)
        if (strcmp(covered_functions[i], function) == 0) return 1;
    return 0;
}

#define ENTRY(name) {#name, name},
static const TestCase tests[] = {TEST_LIST(ENTRY)};
static const TestCase server_tests[] = {SERVER_TEST_LIST(ENTRY)};

int main(int argc, char **argv) {
    const char *only = argc > 1 ? argv[1] : NULL;
    int passed = 0, failed = 0;
    run_tests(tests, sizeof tests / sizeof tests[0], only, &passed, &failed);
    const char *url = getenv("GOTRUE_TEST_URL");
    if (url == NULL || url[0] == '\0') {
        /* Not counted as passed: they did not run. */
        printf("real-server C tests: NOT RUN (GOTRUE_TEST_URL unset)\n");
    } else {
        printf("real-server C tests against %s:\n", url);
        run_tests(server_tests, sizeof server_tests / sizeof server_tests[0], only, &passed, &failed);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
