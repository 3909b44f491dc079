package gotrue

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRefusedPortIsNetworkError(t *testing.T) {
	c := newTestClient(t, refusedURL(t))
	_, err := c.SignInWithPassword("ada@example.com", "", "correct horse", nil)
	if !errors.Is(err, ErrNetwork) {
		t.Fatalf("want ErrNetwork, got %v", err)
	}
	e := asError(t, err)
	if e.HTTPStatus != 0 || e.ServerCode != "" || e.HasRetryAfter {
		t.Fatalf("network error carries server fields: %+v", e)
	}
	if errors.Is(err, ErrInvalidCredentials) {
		t.Fatal("errors.Is matched a different code")
	}
	if !strings.Contains(err.Error(), "gotrue: ") {
		t.Fatalf("unexpected text %q", err.Error())
	}
}

// The server's three error shapes (2024 API, legacy, OAuth), plus 429 with Retry-After,
// an unknown code and a non-JSON 5xx, reach Go with every field.
func TestServerErrorShapes(t *testing.T) {
	cases := []struct {
		name       string
		status     int
		body       string
		header     http.Header
		sentinel   *Error
		serverCode string
		message    string
		reasons    []string
		retry      time.Duration
	}{
		{"2024 shape", 422, `{"code":"weak_password","message":"Password is too weak","weak_password":{"reasons":["length","characters"]}}`,
			nil, ErrWeakPassword, "weak_password", "Password is too weak", []string{"length", "characters"}, -1},
		{"legacy shape", 400, `{"code":400,"error_code":"invalid_credentials","msg":"Invalid login credentials"}`,
			nil, ErrInvalidCredentials, "invalid_credentials", "Invalid login credentials", nil, -1},
		{"oauth shape", 400, `{"error":"invalid_grant","error_description":"Invalid Refresh Token: Refresh Token Not Found"}`,
			nil, ErrInvalidGrant, "invalid_grant", "Invalid Refresh Token: Refresh Token Not Found", nil, -1},
		{"429 retry-after", 429, `{"code":"over_request_rate_limit","message":"Request rate limit reached"}`,
			http.Header{"Retry-After": {"7"}}, ErrOverRequestRateLimit, "over_request_rate_limit", "Request rate limit reached", nil, 7 * time.Second},
		{"unknown code", 400, `{"code":"brand_new_code","message":"something new"}`,
			nil, ErrUnknownServerCode, "brand_new_code", "something new", nil, -1},
		{"non-JSON 502", 502, `<html>bad gateway</html>`, nil, ErrHTTPError, "", "", nil, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := faultServer(t, tc.status, tc.body, tc.header, 0)
			c := newTestClient(t, srv.URL)
			_, err := c.SignInWithPassword("ada@example.com", "", "correct horse", nil)
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("want %v, got %v", tc.sentinel.Code, err)
			}
			e := asError(t, err)
			if e.HTTPStatus != tc.status || e.ServerCode != tc.serverCode {
				t.Fatalf("status/server code: %+v", e)
			}
			if tc.message != "" && e.Message != tc.message {
				t.Fatalf("message %q", e.Message)
			}
			if fmt.Sprint(e.WeakPasswordReasons) != fmt.Sprint(tc.reasons) {
				t.Fatalf("reasons %v", e.WeakPasswordReasons)
			}
			if tc.retry >= 0 && (!e.HasRetryAfter || e.RetryAfter != tc.retry) {
				t.Fatalf("retry after %v %v", e.HasRetryAfter, e.RetryAfter)
			}
			if tc.retry < 0 && e.HasRetryAfter {
				t.Fatalf("unexpected retry after %v", e.RetryAfter)
			}
		})
	}
	// A sentinel naming a server code matches only that code.
	srv := faultServer(t, 400, `{"code":"brand_new_code","message":"m"}`, nil, 0)
	_, err := newTestClient(t, srv.URL).SignInWithPassword("ada@example.com", "", "pw", nil)
	if !errors.Is(err, &Error{Code: CodeUnknownServerCode, ServerCode: "brand_new_code"}) ||
		errors.Is(err, &Error{Code: CodeUnknownServerCode, ServerCode: "other"}) {
		t.Fatalf("server-code matching: %v", err)
	}
}

func TestErrorCodeStrings(t *testing.T) {
	if CodeInvalidCredentials.String() != "invalid_credentials" || CodeNetwork.String() != "network" {
		t.Fatal(CodeInvalidCredentials.String(), CodeNetwork.String())
	}
	if ErrorCode(12345).String() != "ErrorCode(12345)" {
		t.Fatal(ErrorCode(12345).String())
	}
	if !strings.Contains(ErrSessionMissing.Error(), "session_missing") {
		t.Fatal(ErrSessionMissing.Error())
	}
}

// Retryable comes from the library (gotrue_error_is_retryable): transient failures only.
func TestRetryableMarksTransientFailures(t *testing.T) {
	_, err := newTestClient(t, refusedURL(t)).SignInWithPassword("ada@example.com", "", "pw", nil)
	if e := asError(t, err); !e.Retryable {
		t.Fatalf("a refused connection is transient: %+v", e)
	}
	cases := []struct {
		status    int
		body      string
		retryable bool
	}{
		{503, `{"message":"down"}`, true},
		{429, `{"code":"over_request_rate_limit","message":"slow down"}`, true},
		{400, `{"code":"invalid_credentials","message":"no"}`, false},
		{422, `{"code":"validation_failed","message":"no"}`, false},
	}
	for _, tc := range cases {
		srv := faultServer(t, tc.status, tc.body, nil, 0)
		_, err := newTestClient(t, srv.URL).SignInWithPassword("ada@example.com", "", "pw", nil)
		if e := asError(t, err); e.Retryable != tc.retryable {
			t.Fatalf("HTTP %d: Retryable %v, want %v", tc.status, e.Retryable, tc.retryable)
		}
	}
	_, err = newTestClient(t, refusedURL(t)).SignInWithPassword("", "", "pw", nil)
	if e := asError(t, err); e.Retryable {
		t.Fatalf("an argument error is not transient: %+v", e)
	}
}
