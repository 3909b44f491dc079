package gotrue

/*
#include <stdint.h>
#include "gotrue.h"

// Trampolines exported from exports.go.
extern void goAuthStateChanged(GoTrueAuthEvent event, GoTrueSession *session, void *user_data);
extern int32_t goStorageGet(void *user_data, char *key, GoTrueStorageValue *out_value);
extern int32_t goStorageSet(void *user_data, char *key, char *value);
extern int32_t goStorageRemove(void *user_data, char *key);
extern void goReleaseHandle(void *user_data);

// cgo.Handle values travel through the C ABI's void* user data as integers; every
// registration's finalizer deletes its handle.
static GoTrueError *subscribe(const GoTrueClient *client, uintptr_t handle, uint64_t *out_id) {
	return gotrue_client_on_auth_state_change(client,
		(GoTrueAuthStateCallback)goAuthStateChanged, (void *)handle, goReleaseHandle, out_id);
}

static GoTrueError *new_with_storage(const char *url, const char *api_key, const char *options_json,
		uintptr_t handle, GoTrueClient **out_client) {
	GoTrueStorageCallbacks callbacks = {
		.user_data = (void *)handle,
		.get = (int32_t (*)(void *, const char *, GoTrueStorageValue *))goStorageGet,
		.set = (int32_t (*)(void *, const char *, const char *))goStorageSet,
		.remove = (int32_t (*)(void *, const char *))goStorageRemove,
		.release = goReleaseHandle,
	};
	return gotrue_client_new_with_storage(url, api_key, options_json, &callbacks, out_client);
}
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"runtime/cgo"
)

// AuthEvent is an auth state change.
type AuthEvent int32

const (
	EventInitialSession       AuthEvent = C.GOTRUE_AUTH_EVENT_INITIAL_SESSION
	EventSignedIn             AuthEvent = C.GOTRUE_AUTH_EVENT_SIGNED_IN
	EventSignedOut            AuthEvent = C.GOTRUE_AUTH_EVENT_SIGNED_OUT
	EventTokenRefreshed       AuthEvent = C.GOTRUE_AUTH_EVENT_TOKEN_REFRESHED
	EventUserUpdated          AuthEvent = C.GOTRUE_AUTH_EVENT_USER_UPDATED
	EventPasswordRecovery     AuthEvent = C.GOTRUE_AUTH_EVENT_PASSWORD_RECOVERY
	EventMFAChallengeVerified AuthEvent = C.GOTRUE_AUTH_EVENT_MFA_CHALLENGE_VERIFIED
)

var eventNames = map[AuthEvent]string{
	EventInitialSession: "INITIAL_SESSION", EventSignedIn: "SIGNED_IN", EventSignedOut: "SIGNED_OUT",
	EventTokenRefreshed: "TOKEN_REFRESHED", EventUserUpdated: "USER_UPDATED",
	EventPasswordRecovery: "PASSWORD_RECOVERY", EventMFAChallengeVerified: "MFA_CHALLENGE_VERIFIED",
}

func (e AuthEvent) String() string {
	if s, ok := eventNames[e]; ok {
		return s
	}
	return fmt.Sprintf("AuthEvent(%d)", int32(e))
}

// AuthStateFunc receives auth state changes. session is a copy (nil for SIGNED_OUT, or
// INITIAL_SESSION with nothing stored).
//
// It runs on the goroutine whose call caused the change, or on a goroutine of the
// library's auto-refresh thread, possibly on several at once: it must be safe for
// concurrent use. It may call the client (even Close); the call that caused the event
// waits for it, so keep it short. A panic in it is recovered and printed, because it
// cannot unwind through the library.
type AuthStateFunc func(event AuthEvent, session *Session)

type subscription struct {
	fn AuthStateFunc
	n  *native
}

// Subscription is an OnAuthStateChange registration.
type Subscription struct {
	c  *Client
	id uint64
}

// OnAuthStateChange subscribes fn to auth state changes (called in subscription order).
func (c *Client) OnAuthStateChange(fn AuthStateFunc) (*Subscription, error) {
	if fn == nil {
		return nil, &Error{Code: CodeNullArgument, Message: "fn is nil"}
	}
	h := cgo.NewHandle(&subscription{fn: fn, n: c.n})
	var id C.uint64_t
	err := c.call(func(ch *C.GoTrueClient) *C.GoTrueError { return C.subscribe(ch, C.uintptr_t(h), &id) })
	if err != nil {
		h.Delete() // the finalizer is not called when registration fails
		return nil, err
	}
	// From here the library owns h: its finalizer deletes it after the last callback
	// (on Unsubscribe, or when the client is freed).
	return &Subscription{c: c, id: uint64(id)}, nil
}

// Unsubscribe removes the subscription; fn is not started again once it returns.
// Unsubscribing twice is CodeInvalidArgument.
func (s *Subscription) Unsubscribe() error {
	return s.c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_unsubscribe(h, C.uint64_t(s.id))
	})
}

// Storage keeps the client's session and PKCE verifiers (NewClientWithStorage). Values
// contain tokens: keep them as secret as a password. Methods may be called from several
// goroutines at once (including the auto-refresh thread) and must be safe for that; they
// must not call the client. An error (or a panic, which is recovered) is reported to the
// caller as CodeStorage.
type Storage interface {
	// Get returns the value under key, and whether there is one.
	Get(key string) (value string, ok bool, err error)
	// Set stores value under key, replacing any old value.
	Set(key, value string) error
	// Remove removes key; removing an absent key is success.
	Remove(key string) error
}

type storageBox struct {
	s Storage
	n *native
}

// NewClientWithStorage is NewClient with sessions kept in s. opts must not set
// "storage" (or set it to {"type":"custom"}).
func NewClientWithStorage(url, apiKey string, opts Options, s Storage) (*Client, error) {
	if err := abiOnce(); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, &Error{Code: CodeNullArgument, Message: "storage is nil"}
	}
	var a cargs
	defer a.free()
	cURL, cKey, cOpts := a.str("url", url), a.str("apiKey", apiKey), a.json("opts", opts)
	if a.err != nil {
		return nil, a.err
	}
	n := &native{}
	box := &storageBox{s: s, n: n}
	h := cgo.NewHandle(box)
	var ch *C.GoTrueClient
	if err := takeError(C.new_with_storage(cURL, cKey, cOpts, C.uintptr_t(h), &ch)); err != nil {
		h.Delete() // release is not called on failure
		return nil, err
	}
	n.h = ch
	return wrapNative(n), nil
}

// Claims is the answer to GetClaims.
type Claims struct {
	Claims map[string]any `json:"claims"`
	Header map[string]any `json:"header"`
}

// GetClaims verifies jwt ("" = the current session's access token) and returns its
// claims. opts: {"allow_expired": bool}.
func (c *Client) GetClaims(jwt string, opts Options) (*Claims, error) {
	var a cargs
	defer a.free()
	cJWT, cOpts := a.opt("jwt", jwt), a.json("opts", opts)
	out := new(Claims)
	if err := c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_get_claims(h, cJWT, cOpts, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// Initialize resumes the session a previous run saved in the client's storage and emits
// INITIAL_SESSION; nil when none is stored.
func (c *Client) Initialize() (*Session, error) {
	var a cargs
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_initialize(h, out)
	})
}

// StartAutoRefresh refreshes the session in the background before it expires. Idempotent.
func (c *Client) StartAutoRefresh() error {
	return c.call(func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_start_auto_refresh(h) })
}

// StopAutoRefresh stops the background refresher. Idempotent.
func (c *Client) StopAutoRefresh() error {
	return c.call(func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_stop_auto_refresh(h) })
}

// copySession copies a borrowed session handle (a callback's) into Go.
func copySession(s *C.GoTrueSession) *Session {
	if s == nil {
		return nil
	}
	out := &Session{
		AccessToken:  C.GoString(C.gotrue_session_access_token(s)),
		RefreshToken: C.GoString(C.gotrue_session_refresh_token(s)),
		TokenType:    C.GoString(C.gotrue_session_token_type(s)),
		ExpiresAt:    int64(C.gotrue_session_expires_at(s)),
		ExpiresIn:    int64(C.gotrue_session_expires_in(s)),
	}
	_ = json.Unmarshal([]byte(C.GoString(C.gotrue_session_user_json(s))), &out.User)
	return out
}
