/* Declarations shared by the C test files. */
#ifndef GOTRUE_C_TESTS_H
#define GOTRUE_C_TESTS_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_codes.h"
#include "gen_functions.h"
#include "harness.h"

/* An unsigned JWT (signature "sig") for sub 11111111-2222-3333-4444-555555555555,
 * exp 4102444800 (2100-01-01): enough for parsing, never sent to a server. */
#define FAKE_JWT                                                                     \
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."                                          \
    "eyJzdWIiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJleHAiOjQxMDI0NDQ4" \
    "MDAsImFhbCI6ImFhbDEiLCJyb2xlIjoiYXV0aGVudGljYXRlZCJ9.c2ln"
#define FAKE_USER_ID "11111111-2222-3333-4444-555555555555"

/* A session as the server's token endpoint returns it. */
#define SESSION_JSON                                                                              \
    "{\"access_token\":\"" FAKE_JWT "\",\"refresh_token\":\"rt-1\",\"expires_in\":3600,"          \
    "\"expires_at\":4102444800,\"token_type\":\"bearer\",\"user\":{\"id\":\"" FAKE_USER_ID "\"," \
    "\"aud\":\"authenticated\",\"role\":\"authenticated\",\"email\":\"fixture@example.com\","     \
    "\"app_metadata\":{\"provider\":\"email\"},\"user_metadata\":{\"name\":\"J\xc3\xb6rg\"}}}"

/* Marks a header function as exercised by a misuse test; covered() asks. */
void cover(const char *function);
int covered(const char *function);

/* Parses SESSION_JSON (NULL on failure, after recording it). */
GoTrueSession *fixture_session(void);

#define TEST_LIST(T)                               \
    T(test_version_and_abi)                        \
    T(test_error_code_names_cover_the_header)      \
    T(test_error_code_names_reject_non_codes)      \
    T(test_error_accessors_on_client_errors)       \
    T(test_misuse_client_new)                      \
    T(test_misuse_sign_up)                         \
    T(test_misuse_sign_in)                         \
    T(test_misuse_session_calls)                   \
    T(test_misuse_user_calls)                      \
    T(test_misuse_session_json)                    \
    T(test_misuse_loopback)                        \
    T(test_misuse_status_calls)                    \
    T(test_null_accessors_and_frees)               \
    T(test_session_json_round_trip)                \
    T(test_session_accessors_phone_user)           \
    T(test_session_accessors_are_stable)           \
    T(test_session_clone_outlives_the_original)    \
    T(test_misuse_events)                          \
    T(test_events_finalizer_runs_once_on_unsubscribe) \
    T(test_events_finalizer_runs_once_on_client_free) \
    T(test_events_finalizer_after_a_callback_unsubscribes_itself) \
    T(test_refused_port_is_a_network_error)        \
    T(test_threads_hammer_misuse_and_accessors)    \
    T(test_sigpipe_reused_connection_closed_by_peer) \
    T(test_sigpipe_auto_refresh_thread_blocks_it)  \
    T(test_requests_misuse)                        \
    T(test_requests_poll_each_once)                \
    T(test_requests_callback_then_finalizer_once)  \
    T(test_requests_cancel_storm_from_threads)     \
    T(test_requests_free_client_with_200_in_flight) \
    T(test_misuse_covers_every_header_function)

#define SERVER_TEST_LIST(T)                        \
    T(test_server_sign_up_in_user_refresh_out)     \
    T(test_server_wrong_password)                  \
    T(test_server_weak_password_reasons)           \
    T(test_server_huge_header_then_next_call)      \
    T(test_server_requests_sign_in_refresh_user_by_poll)

#define DECLARE(name) void name(void);
TEST_LIST(DECLARE)
SERVER_TEST_LIST(DECLARE)
#undef DECLARE

#endif
