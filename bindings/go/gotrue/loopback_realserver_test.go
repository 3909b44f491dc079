//go:build realserver

package gotrue

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// mailLink waits for mail to `to` in the harness's mail sink and returns its /verify link.
func mailLink(t *testing.T, to string) string {
	t.Helper()
	for i := 0; i < 150; i++ {
		r, err := http.Get(env(t, "GOTRUE_TEST_MAIL_URL") + "/messages?to=" + url.QueryEscape(to))
		if err != nil {
			t.Fatal(err)
		}
		var msgs []struct {
			Links []string `json:"links"`
		}
		json.NewDecoder(r.Body).Decode(&msgs)
		r.Body.Close()
		if len(msgs) > 0 {
			for _, l := range msgs[len(msgs)-1].Links {
				if strings.Contains(l, "/verify") {
					return l
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail for %s", to)
	return ""
}

func TestRealLoopbackMagicLink(t *testing.T) {
	c, err := NewClient(env(t, "GOTRUE_TEST_CONFIRM_URL"), env(t, "GOTRUE_TEST_ANON_KEY"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	l, err := c.StartLoopbackSignIn("redirect", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	email := uniqueEmail("loopback")
	if _, err := c.SignInWithOTP(email, "", Options{"email_redirect_to": l.RedirectTo()}); err != nil {
		t.Fatal(err)
	}
	// A browser opens the link and follows the redirect to the listener.
	r, err := http.Get(mailLink(t, email))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(string(page), "You are signed in") || r.Request.URL.Host != strings.Split(strings.TrimPrefix(l.RedirectTo(), "http://"), "/")[0] {
		t.Fatalf("browser ended at %s with %d: %s", r.Request.URL.Host, r.StatusCode, page)
	}
	s, err := l.Wait(10 * time.Second)
	if err != nil || s.User.Email != email {
		t.Fatalf("session: %+v %v", s, err)
	}
	if cur, _ := c.CurrentSession(); cur == nil || cur.AccessToken != s.AccessToken {
		t.Fatalf("the session is the client's current one")
	}
}
