//go:build realserver

package gotrue

import (
	"strings"
	"sync"
	"testing"
)

func TestRealCachedSessionStatusAndLog(t *testing.T) {
	c := anonClient(t)
	if st, err := c.SessionStatus(); err != nil || st.Kind != StatusInitializing {
		t.Fatalf("a new client is initializing: %+v %v", st, err)
	}
	var mu sync.Mutex
	var seen []SessionStatus
	if _, err := c.OnStatusChange(func(st SessionStatus) { mu.Lock(); seen = append(seen, st); mu.Unlock() }); err != nil {
		t.Fatal(err)
	}
	var lines []string
	if err := SetLogFunc(func(_ LogLevel, line string) { mu.Lock(); lines = append(lines, line); mu.Unlock() }, LogDebug); err != nil {
		t.Fatal(err)
	}
	defer SetLogFunc(nil, LogOff)

	email := uniqueEmail("status")
	s, _, err := c.SignUp(email, "", password, nil)
	if err != nil || s == nil {
		t.Fatalf("sign-up: %v %v", s, err)
	}
	cached, err := c.CurrentSession()
	if err != nil || cached == nil || cached.RefreshToken != s.RefreshToken {
		t.Fatalf("CurrentSession: %v %v", cached, err)
	}
	if u, err := c.CurrentUser(); err != nil || u == nil || u.ID != s.User.ID {
		t.Fatalf("CurrentUser: %+v %v", u, err)
	}
	if err := c.SignOut(SignOutLocal); err != nil {
		t.Fatal(err)
	}
	if cur, err := c.CurrentSession(); cur != nil || err != nil {
		t.Fatalf("CurrentSession after sign-out: %v %v", cur, err)
	}
	st, err := c.SessionStatus()
	if err != nil || st.Kind != StatusNotAuthenticated || !st.IsSignOut || st.LastError != nil {
		t.Fatalf("status after sign-out: %+v %v", st, err)
	}
	if err := SetLogFunc(nil, LogOff); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0].Kind != StatusAuthenticated || seen[1].Kind != StatusNotAuthenticated {
		t.Fatalf("statuses seen: %+v", seen)
	}
	var signup, logout bool
	for _, l := range lines {
		signup = signup || strings.Contains(l, "path=/signup")
		logout = logout || strings.Contains(l, "path=/logout")
		for _, secret := range []string{password, s.AccessToken, s.RefreshToken, email} {
			if strings.Contains(l, secret) {
				t.Fatalf("a log line carries a secret: %q", l)
			}
		}
	}
	if !signup || !logout {
		t.Fatalf("log lines miss the requests: %q", lines)
	}
}
