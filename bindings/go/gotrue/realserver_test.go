//go:build realserver

// Real-server tests: run by test.sh with -tags realserver when GOTRUE_TEST_URL is set and
// the server answers /health (the local harness, tests/server/, configures it: autoconfirm,
// test phones +15555550100..09 with OTP 123456, MFA TOTP, ES256 JWTs). They are the
// success-path tests of the flows; no fixture stands in for them.
package gotrue

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

const testOTP = "123456"

func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set (the harness sets it: ./x env)", name)
	}
	return v
}

func uniqueEmail(tag string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("go-%s-%s@example.com", tag, hex.EncodeToString(b))
}

func anonClient(t *testing.T) *Client {
	t.Helper()
	c, err := NewClient(env(t, "GOTRUE_TEST_URL"), env(t, "GOTRUE_TEST_ANON_KEY"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func adminClient(t *testing.T) *Client {
	t.Helper()
	c, err := NewClient(env(t, "GOTRUE_TEST_URL"), env(t, "GOTRUE_TEST_SERVICE_ROLE_KEY"), Options{"persist_session": false})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

const password = "Go-binding-pw-1!"

// signedUp signs a fresh email user up on the autoconfirm server.
func signedUp(t *testing.T, tag string) (*Client, string, *Session) {
	t.Helper()
	c := anonClient(t)
	email := uniqueEmail(tag)
	s, u, err := c.SignUp(email, "", password, Options{"data": map[string]any{"from": "go"}})
	if err != nil {
		t.Fatal(err)
	}
	if s == nil || u == nil || u.Email != email || s.User.ID != u.ID || u.UserMetadata["from"] != "go" {
		t.Fatalf("sign-up on the autoconfirm server: session %v user %+v", s, u)
	}
	return c, email, s
}

func TestRealSignUpSignInAndSessions(t *testing.T) {
	c, email, first := signedUp(t, "signin")
	if first.AccessToken == "" || first.RefreshToken == "" || first.TokenType != "bearer" || first.ExpiresIn <= 0 ||
		time.Until(first.ExpiresAtTime()) <= 0 {
		t.Fatalf("session fields: %v", first)
	}

	other := anonClient(t)
	if _, err := other.SignInWithPassword(email, "", "wrong password", nil); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	s, err := other.SignInWithPassword(email, "", password, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.User.ID != first.User.ID {
		t.Fatalf("signed in as %s, signed up as %s", s.User.ID, first.User.ID)
	}
	cur, err := other.GetSession()
	if err != nil || cur == nil || cur.AccessToken != s.AccessToken {
		t.Fatalf("GetSession: %v %v", cur, err)
	}

	refreshed, err := other.RefreshSession("")
	if err != nil {
		t.Fatal(err)
	}
	if refreshed.RefreshToken == s.RefreshToken || refreshed.User.ID != s.User.ID {
		t.Fatal("refresh did not rotate the refresh token")
	}
	// The old refresh token was exchanged by this client: single-flight reuse or the
	// server's reuse interval gives a session, never a crash; a third client adopting the
	// fresh pair gets the same user.
	third := anonClient(t)
	adopted, err := third.SetSession(refreshed.AccessToken, refreshed.RefreshToken)
	if err != nil || adopted.User.ID != s.User.ID {
		t.Fatalf("SetSession: %v %v", adopted, err)
	}

	// Session JSON from a real session round-trips through the library.
	back, err := SessionFromJSON(mustJSON(t, adopted))
	if err != nil || back.AccessToken != adopted.AccessToken || back.User.Email != email {
		t.Fatalf("round trip: %v", err)
	}

	if err := other.SignOut(SignOutLocal); err != nil {
		t.Fatal(err)
	}
	if cur, err := other.GetSession(); cur != nil || err != nil {
		t.Fatalf("after sign-out: %v %v", cur, err)
	}
	if _, err := other.GetUser(""); !errors.Is(err, ErrSessionMissing) {
		t.Fatalf("GetUser signed out: %v", err)
	}
	if err := other.SignOut(SignOutGlobal); err != nil {
		t.Fatalf("signing out while signed out: %v", err)
	}
	_ = c
}

func TestRealGetAndUpdateUser(t *testing.T) {
	c, email, s := signedUp(t, "user")
	u, err := c.GetUser("")
	if err != nil || u.ID != s.User.ID || u.Email != email || u.EmailConfirmedAt == nil {
		t.Fatalf("GetUser: %+v %v", u, err)
	}
	byJWT, err := anonClient(t).GetUser(s.AccessToken)
	if err != nil || byJWT.ID != u.ID {
		t.Fatalf("GetUser(jwt): %v", err)
	}
	updated, err := c.UpdateUser(Attributes{"data": map[string]any{"nickname": "gopher"}}, nil)
	if err != nil || updated.UserMetadata["nickname"] != "gopher" {
		t.Fatalf("UpdateUser: %+v %v", updated, err)
	}
	cur, err := c.GetSession()
	if err != nil || cur.User.UserMetadata["nickname"] != "gopher" {
		t.Fatalf("session user not updated: %v", err)
	}
	if _, err := c.UpdateUser(Attributes{"password": "x"}, nil); !errors.Is(err, ErrWeakPassword) {
		t.Fatalf("weak password: %v", err)
	} else if e := asError(t, err); len(e.WeakPasswordReasons) == 0 || e.HTTPStatus != 422 {
		t.Fatalf("weak password details: %+v", e)
	}
}

func TestRealPhoneOTP(t *testing.T) {
	c := anonClient(t)
	const phone = "+15555550108"
	if _, err := c.SignInWithOTP("", phone, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.VerifyOTP(VerifyOTPParams{Phone: phone, Token: "000000", Type: "sms"}, nil); err == nil {
		t.Fatal("a wrong OTP was accepted")
	}
	s, u, err := c.VerifyOTP(VerifyOTPParams{Phone: phone, Token: testOTP, Type: "sms"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s == nil || u == nil || u.Phone != strings.TrimPrefix(phone, "+") || s.User.ID != u.ID {
		t.Fatalf("verify: %v %+v", s, u)
	}
}

func TestRealEmailOTPWithAdminLink(t *testing.T) {
	admin := adminClient(t)
	_, email, _ := signedUp(t, "otp")
	c := anonClient(t)
	// The main instance may have no SMTP: the admin link carries the same token hash a
	// magic-link mail would, without sending one.
	link, err := admin.Admin().GenerateLink("magiclink", email, "", nil)
	if err != nil || link.Properties.EmailOTP == "" || link.Properties.HashedToken == "" || link.User.Email != email {
		t.Fatalf("GenerateLink: %+v %v", link, err)
	}
	s, _, err := c.VerifyOTP(VerifyOTPParams{TokenHash: link.Properties.HashedToken, Type: "magiclink"}, nil)
	if err != nil || s == nil || s.User.Email != email {
		t.Fatalf("verify token hash: %v %v", s, err)
	}
}

// totpNow is RFC 6238 (SHA-1, 6 digits, 30 s) for the test's authenticator.
func totpNow(t *testing.T, secret string) string {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		t.Fatal(err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(time.Now().Unix()/30))
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1000000)
}

func TestRealMFATOTP(t *testing.T) {
	c, _, _ := signedUp(t, "mfa")
	m := c.MFA()
	aal, err := m.AuthenticatorAssuranceLevel()
	if err != nil || aal.CurrentLevel != "aal1" || aal.NextLevel != "aal1" {
		t.Fatalf("AAL before: %+v %v", aal, err)
	}
	f, err := m.EnrollTOTP("go laptop", "")
	if err != nil || f.Type != "totp" || f.TOTP.Secret == "" || !strings.HasPrefix(f.TOTP.URI, "otpauth://totp/") {
		t.Fatalf("EnrollTOTP: %+v %v", f, err)
	}
	if _, err := m.ChallengeAndVerify(f.ID, "000000"); !errors.Is(err, ErrMFAVerificationFailed) {
		t.Fatalf("wrong code: %v", err)
	}
	ch, err := m.Challenge(f.ID, nil)
	if err != nil || ch.ID == "" || ch.ExpiresAt <= time.Now().Unix() {
		t.Fatalf("Challenge: %+v %v", ch, err)
	}
	s, err := m.Verify(f.ID, ch.ID, totpNow(t, f.TOTP.Secret))
	if err != nil || s == nil {
		t.Fatalf("Verify: %v", err)
	}
	aal, err = m.AuthenticatorAssuranceLevel()
	if err != nil || aal.CurrentLevel != "aal2" {
		t.Fatalf("AAL after: %+v %v", aal, err)
	}
	factors, err := m.ListFactors()
	if err != nil || len(factors.TOTP) != 1 || factors.TOTP[0].ID != f.ID || factors.TOTP[0].Status != "verified" {
		t.Fatalf("ListFactors: %+v %v", factors, err)
	}
	if err := m.Unenroll(f.ID); err != nil {
		t.Fatal(err)
	}
	factors, err = m.ListFactors()
	if err != nil || len(factors.All) != 0 {
		t.Fatalf("after unenroll: %+v %v", factors, err)
	}
}

func TestRealAdmin(t *testing.T) {
	ad := adminClient(t).Admin()
	email := uniqueEmail("admin")
	u, err := ad.CreateUser(Attributes{"email": email, "password": password, "email_confirm": true,
		"app_metadata": map[string]any{"plan": "pro"}})
	if err != nil || u.Email != email || u.EmailConfirmedAt == nil || u.AppMetadata["plan"] != "pro" {
		t.Fatalf("CreateUser: %+v %v", u, err)
	}
	got, err := ad.GetUserByID(u.ID)
	if err != nil || got.Email != email {
		t.Fatalf("GetUserByID: %v", err)
	}
	upd, err := ad.UpdateUserByID(u.ID, Attributes{"user_metadata": map[string]any{"n": 1.0}})
	if err != nil || upd.UserMetadata["n"] != 1.0 {
		t.Fatalf("UpdateUserByID: %+v %v", upd, err)
	}
	page, err := ad.ListUsers(Options{"page": 1, "per_page": 1000, "filter": email})
	if err != nil || page.Total < 1 {
		t.Fatalf("ListUsers: %+v %v", page, err)
	}
	found := false
	for _, x := range page.Users {
		found = found || x.ID == u.ID
	}
	if !found {
		t.Fatal("the new user is not listed")
	}
	// The user signs in; admin sign-out ends that session.
	c := anonClient(t)
	s, err := c.SignInWithPassword(email, "", password, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ad.SignOut(s.AccessToken, SignOutGlobal); err != nil {
		t.Fatal(err)
	}
	if _, err := anonClient(t).RefreshSession(s.RefreshToken); err == nil {
		t.Fatal("refresh token still valid after admin sign-out")
	}
	factors, err := ad.ListFactors(u.ID)
	if err != nil || len(factors) != 0 {
		t.Fatalf("ListFactors: %v %v", factors, err)
	}
	if err := ad.DeleteUser(u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := ad.GetUserByID(u.ID); !errors.Is(err, ErrUserNotFound) {
		t.Fatalf("deleted user: %v", err)
	}
	// The anon key is not an admin.
	if _, err := anonClient(t).Admin().GetUserByID(u.ID); err == nil {
		t.Fatal("anon key could use the admin API")
	}
}

func TestRealSettingsAndHealth(t *testing.T) {
	c := anonClient(t)
	h, err := c.Health()
	if err != nil || !strings.Contains(string(h), "version") {
		t.Fatalf("Health: %s %v", h, err)
	}
	s, err := c.Settings()
	if err != nil || !strings.Contains(string(s), "external") {
		t.Fatalf("Settings: %s %v", s, err)
	}
}

func TestRealAnonymousSignIn(t *testing.T) {
	c := anonClient(t)
	s, err := c.SignInAnonymously(nil)
	if err != nil || s == nil || !s.User.IsAnonymous {
		t.Fatalf("SignInAnonymously: %v %v", s, err)
	}
}
