package gotrue

/*
#include <stdlib.h>
#include "gotrue.h"
*/
import "C"

import (
	"encoding/json"
	"strings"
	"time"
	"unsafe"
)

// Threading: the C ABI keeps no error state in thread-locals (every error is a returned
// object), and GoTrueClient is thread-safe, so a goroutine may move between OS threads
// between two cgo calls, and any number of goroutines may share one Client.

// cargs collects the C strings made for one call and frees them afterwards. The first
// argument that cannot be passed (a string with a NUL byte, which C would silently cut
// short, or options that do not marshal) is kept in err and reported before any C call.
type cargs struct {
	ptrs []unsafe.Pointer
	err  error
}

// str passes s as a non-NULL C string ("" stays "", for the library to judge).
func (a *cargs) str(name, s string) *C.char {
	if strings.IndexByte(s, 0) >= 0 {
		if a.err == nil {
			a.err = &Error{Code: CodeInvalidArgument, Message: name + " contains a NUL byte"}
		}
		return nil
	}
	p := C.CString(s)
	a.ptrs = append(a.ptrs, unsafe.Pointer(p))
	return p
}

// opt passes "" as NULL (the C ABI's "not given").
func (a *cargs) opt(name, s string) *C.char {
	if s == "" {
		return nil
	}
	return a.str(name, s)
}

// json passes v marshaled to a JSON object, or NULL when v is nil / an empty map.
func (a *cargs) json(name string, v any) *C.char {
	switch m := v.(type) {
	case nil:
		return nil
	case Options:
		if len(m) == 0 {
			return nil
		}
	case json.RawMessage:
		if len(m) == 0 {
			return nil
		}
	}
	return a.jsonRequired(name, v)
}

// jsonRequired always passes a JSON text (nil marshals as "null", which the library rejects).
func (a *cargs) jsonRequired(name string, v any) *C.char {
	b, err := json.Marshal(v)
	if err != nil {
		if a.err == nil {
			a.err = &Error{Code: CodeInvalidJSON, Message: name + ": " + err.Error()}
		}
		return nil
	}
	return a.str(name, string(b))
}

func (a *cargs) free() {
	for _, p := range a.ptrs {
		C.free(p)
	}
	a.ptrs = nil
}

// takeError converts an owned GoTrueError into *Error and frees it.
func takeError(e *C.GoTrueError) error {
	if e == nil {
		return nil
	}
	defer C.gotrue_error_free(e)
	out := &Error{
		Code:       ErrorCode(C.gotrue_error_code(e)),
		Message:    C.GoString(C.gotrue_error_message(e)),
		HTTPStatus: int(C.gotrue_error_http_status(e)),
		ServerCode: goStringOrEmpty(C.gotrue_error_server_code(e)),
		Retryable:  bool(C.gotrue_error_is_retryable(e)),
	}
	for i := range C.size_t(C.gotrue_error_weak_password_reason_count(e)) {
		out.WeakPasswordReasons = append(out.WeakPasswordReasons, C.GoString(C.gotrue_error_weak_password_reason(e, i)))
	}
	if secs := int64(C.gotrue_error_retry_after(e)); secs >= 0 {
		out.RetryAfter = time.Duration(secs) * time.Second
		out.HasRetryAfter = true
	}
	return out
}

func goStringOrEmpty(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// takeString copies an owned char* into Go and frees (wipes) the C copy.
func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	defer C.gotrue_string_free(p)
	return C.GoString(p)
}

// takeJSON is takeString for results that are JSON: nil when the library returned NULL.
func takeJSON(p *C.char) json.RawMessage {
	if p == nil {
		return nil
	}
	return json.RawMessage(takeString(p))
}

// takeInto decodes an owned JSON result into v.
func takeInto(p *C.char, v any) error {
	raw := takeJSON(p)
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &Error{Code: CodeInvalidResponse, Message: "decoding the library's JSON: " + err.Error()}
	}
	return nil
}

// takeUser decodes an owned user JSON; nil when the library returned NULL.
func takeUser(p *C.char) (*User, error) {
	if p == nil {
		return nil, nil
	}
	u := new(User)
	if err := takeInto(p, u); err != nil {
		return nil, err
	}
	return u, nil
}

// takeSession copies a session handle into a Go Session and frees the handle; nil when
// the handle is NULL.
func takeSession(s *C.GoTrueSession) (*Session, error) {
	if s == nil {
		return nil, nil
	}
	defer C.gotrue_session_free(s)
	out := copySession(s)
	if out.User.ID == "" {
		return nil, &Error{Code: CodeInvalidResponse, Message: "the session has no user"}
	}
	return out, nil
}
