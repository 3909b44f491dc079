package gotrue

import (
	"errors"
	"testing"
)

func TestNewClientMisuse(t *testing.T) {
	for _, url := range []string{"", "not a url", "ftp://example.com", "http://exa\x00mple.com", "http://\xff.example"} {
		c, err := NewClient(url, "key", nil)
		if err == nil {
			c.Close()
			t.Errorf("NewClient(%q) succeeded", url)
			continue
		}
		asError(t, err)
	}
	if _, err := NewClient("http://127.0.0.1:1", "key", Options{"no_such_option": 1}); !errors.Is(err, ErrInvalidJSON) {
		t.Errorf("unknown option: %v", err)
	}
	if _, err := NewClient("http://127.0.0.1:1", "key", Options{"bad": func() {}}); !errors.Is(err, ErrInvalidJSON) {
		t.Errorf("unmarshalable option: %v", err)
	}
}

// Arguments the library must reject reach it as given and come back as its errors,
// before any request (the client points at a refused port, so a request would be NETWORK).
func TestArgumentMisuse(t *testing.T) {
	c := newTestClient(t, refusedURL(t))
	cases := []struct {
		name string
		want *Error
		call func() error
	}{
		{"invalid UTF-8 email", ErrInvalidUTF8, func() error { _, err := c.SignInWithPassword("ada\xff@example.com", "", "pw", nil); return err }},
		{"invalid UTF-8 password", ErrInvalidUTF8, func() error { _, err := c.SignInWithPassword("ada@example.com", "", "p\xc3w", nil); return err }},
		{"invalid UTF-8 token", ErrInvalidUTF8, func() error { _, err := c.SetSession("a\xff", "r"); return err }},
		{"invalid UTF-8 user id", ErrInvalidUTF8, func() error { _, err := c.Admin().GetUserByID("\xfe"); return err }},
		{"NUL in password", ErrInvalidArgument, func() error { _, err := c.SignInWithPassword("ada@example.com", "", "pw\x00rest", nil); return err }},
		{"NUL in email", ErrInvalidArgument, func() error {
			_, err := c.SignInWithOTP("ada@exa\x00mple.com", "", nil)
			return err
		}},
		{"neither email nor phone", ErrInvalidArgument, func() error { _, err := c.SignInWithPassword("", "", "pw", nil); return err }},
		{"both email and phone", ErrInvalidArgument, func() error { _, _, err := c.SignUp("a@example.com", "+15555550100", "pw", nil); return err }},
		{"unknown option", ErrInvalidJSON, func() error {
			_, err := c.SignInWithPassword("a@example.com", "", "pw", Options{"nope": true})
			return err
		}},
		{"nil attributes", ErrInvalidJSON, func() error { _, err := c.UpdateUser(nil, nil); return err }},
		{"bad sign-out scope", ErrInvalidArgument, func() error { return c.SignOut(SignOutScope(42)) }},
		{"verify without type", ErrInvalidArgument, func() error {
			_, _, err := c.VerifyOTP(VerifyOTPParams{Email: "a@example.com", Token: "123456"}, nil)
			return err
		}},
	}
	for _, tc := range cases {
		err := tc.call()
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: want %v, got %v", tc.name, tc.want.Code, err)
		}
	}
	// Signed out: calls that need a session say so without a request.
	if _, err := c.MFA().ListFactors(); !errors.Is(err, ErrSessionMissing) {
		t.Errorf("ListFactors signed out: %v", err)
	}
	if s, err := c.GetSession(); s != nil || err != nil {
		t.Errorf("GetSession signed out: %v %v", s, err)
	}
}
