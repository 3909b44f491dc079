package gotrue

/*
#include <stdbool.h>
#include <stdint.h>
#include "gotrue.h"

extern void goLogLine(GoTrueLogLevel level, char *line, void *user_data);
extern void goReleaseHandle(void *user_data);

static GoTrueError *set_log(uintptr_t handle, int32_t level) {
	return gotrue_set_log_callback((GoTrueLogCallback)goLogLine, level, (void *)handle, goReleaseHandle);
}
*/
import "C"

import (
	"runtime/cgo"
)

// EventRefreshFailed: a refresh of the current session failed for a reason that may pass
// (network, timeout, 5xx, 429) and the session was kept; SessionStatus().LastError says why.
const EventRefreshFailed AuthEvent = C.GOTRUE_AUTH_EVENT_REFRESH_FAILED

func init() { eventNames[EventRefreshFailed] = "REFRESH_FAILED" }

// CurrentSession returns the session the client holds, as it is: no network call and no
// refresh (it may be expired). nil when there is none.
func (c *Client) CurrentSession() (*Session, error) {
	var a cargs
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_current_session(h, out)
	})
}

// CurrentUser returns the held session's user with no network call; nil when signed out.
func (c *Client) CurrentUser() (*User, error) {
	var a cargs
	p, err := c.stringCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_current_user(h, out)
	})
	if err != nil || p == nil {
		return nil, err
	}
	return takeUser(p)
}

// StatusKind is where a client stands (GoTrueSessionStatus).
type StatusKind int32

const (
	StatusInitializing     StatusKind = C.GOTRUE_SESSION_STATUS_INITIALIZING
	StatusAuthenticated    StatusKind = C.GOTRUE_SESSION_STATUS_AUTHENTICATED
	StatusNotAuthenticated StatusKind = C.GOTRUE_SESSION_STATUS_NOT_AUTHENTICATED
	StatusRefreshFailing   StatusKind = C.GOTRUE_SESSION_STATUS_REFRESH_FAILING
)

// SessionStatus is the answer of Client.SessionStatus.
type SessionStatus struct {
	Kind StatusKind
	// IsSignOut: for StatusNotAuthenticated, a session was removed (sign-out or a refresh
	// token the server rejected for good).
	IsSignOut bool
	// LastError: for StatusRefreshFailing, why the last refresh failed.
	LastError *Error
}

// SessionStatus reports the status now, with no network call.
func (c *Client) SessionStatus() (SessionStatus, error) {
	var (
		kind    C.GoTrueSessionStatus
		signOut C.bool
		last    *C.GoTrueError
	)
	if err := c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_session_status(h, &kind, &signOut, &last)
	}); err != nil {
		return SessionStatus{}, err
	}
	out := SessionStatus{Kind: StatusKind(kind), IsSignOut: bool(signOut)}
	if e := takeError(last); e != nil {
		out.LastError = e.(*Error)
	}
	return out, nil
}

// OnStatusChange calls fn with the status after every auth event (same threading rules as
// OnAuthStateChange), so a UI can follow it like supabase-kt's sessionStatus flow.
func (c *Client) OnStatusChange(fn func(SessionStatus)) (*Subscription, error) {
	if fn == nil {
		return nil, &Error{Code: CodeNullArgument, Message: "fn is nil"}
	}
	return c.OnAuthStateChange(func(AuthEvent, *Session) {
		if st, err := c.SessionStatus(); err == nil {
			fn(st)
		}
	})
}

// LogLevel selects which library log lines SetLogFunc delivers (GoTrueLogLevel).
type LogLevel int32

const (
	LogOff   LogLevel = C.GOTRUE_LOG_LEVEL_OFF
	LogError LogLevel = C.GOTRUE_LOG_LEVEL_ERROR
	LogWarn  LogLevel = C.GOTRUE_LOG_LEVEL_WARN
	LogInfo  LogLevel = C.GOTRUE_LOG_LEVEL_INFO
	LogDebug LogLevel = C.GOTRUE_LOG_LEVEL_DEBUG
)

// LogFunc receives one structured line ("level=info event=http method=POST path=... status=200
// duration_ms=3 retries=0 result=ok"); lines never carry secrets. It may run on any
// goroutine, several at once.
type LogFunc func(level LogLevel, line string)

// SetLogFunc installs the process-wide log function (for every client), replacing the
// previous one; nil or LogOff removes it.
func SetLogFunc(fn LogFunc, level LogLevel) error {
	if fn == nil || level == LogOff {
		return takeError(C.gotrue_set_log_callback(nil, C.int32_t(LogOff), nil, nil))
	}
	h := cgo.NewHandle(fn)
	if err := takeError(C.set_log(C.uintptr_t(h), C.int32_t(level))); err != nil {
		h.Delete() // the finalizer is not called on failure
		return err
	}
	return nil
}
