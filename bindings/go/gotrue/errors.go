package gotrue

import (
	"errors"
	"fmt"
	"time"
)

//go:generate go run ../internal/gen -manifest ../../../include/gotrue-abi.json -out codes_gen.go

// ErrorCode is the library's stable error code (GoTrueErrorCode in include/gotrue.h).
// Client-side codes are below 100; server `error_code`s start at 100.
type ErrorCode int32

// String returns the code's stable snake_case name ("invalid_credentials", "network").
func (c ErrorCode) String() string {
	if info, ok := codeInfo[c]; ok {
		return info.name
	}
	return fmt.Sprintf("ErrorCode(%d)", int32(c))
}

// Error is every error the library reports. Match it by code with errors.Is against the
// Err* sentinels (errors.Is(err, gotrue.ErrInvalidCredentials)), or get at its fields
// with errors.As.
type Error struct {
	Code ErrorCode
	// ServerCode is the server's error code string verbatim ("" when it sent none); for
	// codes newer than this library Code is CodeUnknownServerCode and this holds the name.
	ServerCode string
	// HTTPStatus of the server's answer, 0 when the error did not come from the server.
	HTTPStatus int
	// Message is human-readable and never contains tokens or passwords.
	Message string
	// WeakPasswordReasons for CodeWeakPassword ("length", "characters", "pwned").
	WeakPasswordReasons []string
	// RetryAfter is the server's Retry-After; HasRetryAfter tells whether it sent one.
	RetryAfter    time.Duration
	HasRetryAfter bool
	// Retryable tells whether the failure is transient (network, timeout, HTTP 5xx, 429),
	// so the same call may succeed later (gotrue_error_is_retryable). The library already
	// retried idempotent requests; a sign-up or sign-in may have reached the server.
	Retryable bool
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = e.Code.String()
	}
	s := "gotrue: " + msg + " (" + e.Code.String()
	if e.ServerCode != "" && e.ServerCode != e.Code.String() {
		s += ", server code " + e.ServerCode
	}
	if e.HTTPStatus != 0 {
		s += fmt.Sprintf(", HTTP %d", e.HTTPStatus)
	}
	return s + ")"
}

// Is reports whether target is an *Error with the same Code (and, when the target names
// one, the same ServerCode), so the Err* sentinels work with errors.Is.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.ServerCode == "" || t.ServerCode == e.ServerCode)
}

// ErrClosed is returned by every method of a Client after Close.
var ErrClosed = errors.New("gotrue: client is closed")
