//go:build realserver

package gotrue

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// featuresURL is the instance with the OAuth server, passkeys and Web3 on (the harness's
// main instance; GOTRUE_TEST_FEATURES_URL).
func featuresURL(t *testing.T) string {
	if u := os.Getenv("GOTRUE_TEST_FEATURES_URL"); u != "" {
		return u
	}
	return env(t, "GOTRUE_TEST_URL")
}

func featuresClient(t *testing.T, key string) *Client {
	t.Helper()
	c, err := NewClient(featuresURL(t), env(t, key), Options{"persist_session": false})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func base58(b []byte) string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	n := new(big.Int).SetBytes(b)
	var out []byte
	for n.Sign() > 0 {
		m := new(big.Int)
		n.DivMod(n, big.NewInt(58), m)
		out = append([]byte{alphabet[m.Int64()]}, out...)
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append([]byte{'1'}, out...)
	}
	return string(out)
}

func TestRealWeb3Solana(t *testing.T) {
	c := featuresClient(t, "GOTRUE_TEST_ANON_KEY")
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := BuildWeb3Message(Options{"chain": "solana", "domain": "localhost:3000", "address": base58(pub),
		"uri": "http://localhost:3000/login", "statement": "Go binding test"})
	if err != nil {
		t.Fatal(err)
	}
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(priv, []byte(msg)))
	s, err := c.SignInWithWeb3("solana", msg, sig, nil)
	if err != nil || s == nil || s.User.ID == "" {
		t.Fatalf("web3 sign-in: %v %v", s, err)
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	forged := base64.StdEncoding.EncodeToString(ed25519.Sign(other, []byte(msg)))
	if _, err := c.SignInWithWeb3("solana", msg, forged, nil); !errors.Is(err, ErrInvalidGrant) {
		t.Fatalf("forged signature: %v", err)
	}
}

func TestRealOAuthServerConsent(t *testing.T) {
	ad := featuresClient(t, "GOTRUE_TEST_SERVICE_ROLE_KEY").Admin()
	const redirect = "http://127.0.0.1:3000/oauth/cb"
	raw, err := ad.CreateOAuthClient(Attributes{"redirect_uris": []string{redirect}, "client_name": "go binding app", "client_type": "public"})
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ClientID string `json:"client_id"`
	}
	json.Unmarshal(raw, &created)
	defer ad.DeleteOAuthClient(created.ClientID)
	if got, err := ad.OAuthClient(created.ClientID); err != nil || !strings.Contains(string(got), "go binding app") {
		t.Fatalf("get client: %s %v", got, err)
	}

	user := featuresClient(t, "GOTRUE_TEST_ANON_KEY")
	email := uniqueEmail("oauth")
	if _, err := ad.CreateUser(Attributes{"email": email, "password": password, "email_confirm": true}); err != nil {
		t.Fatal(err)
	}
	if _, err := user.SignInWithPassword(email, "", password, nil); err != nil {
		t.Fatal(err)
	}

	sum := sha256.Sum256([]byte(strings.Repeat("v", 50)))
	q := url.Values{"client_id": {created.ClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "scope": {"email"},
		"state": {"go"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(featuresURL(t) + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("authorization_id") == "" {
		t.Fatalf("authorize redirect: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	id := loc.Query().Get("authorization_id")

	details, err := user.OAuthAuthorizationDetails(id)
	if err != nil || !strings.Contains(string(details), created.ClientID) {
		t.Fatalf("details: %s %v", details, err)
	}
	approved, err := user.OAuthApproveAuthorization(id)
	if err != nil || !strings.Contains(string(approved), "code=") {
		t.Fatalf("approve: %s %v", approved, err)
	}
	grants, err := user.OAuthGrants()
	if err != nil || !strings.Contains(string(grants), created.ClientID) {
		t.Fatalf("grants: %s %v", grants, err)
	}
	if err := user.OAuthRevokeGrant(created.ClientID); err != nil {
		t.Fatal(err)
	}
	if err := user.OAuthRevokeGrant(created.ClientID); !errors.Is(err, ErrOauthConsentNotFound) {
		t.Fatalf("second revoke: %v", err)
	}
}

func TestRealNewerAdmin(t *testing.T) {
	ad := featuresClient(t, "GOTRUE_TEST_SERVICE_ROLE_KEY").Admin()
	page, err := ad.ListAuditLog(Options{"per_page": 1})
	var p struct {
		Entries []json.RawMessage `json:"entries"`
		Total   int               `json:"total"`
	}
	if err != nil || json.Unmarshal(page, &p) != nil || len(p.Entries) != 1 || p.Total < 1 {
		t.Fatalf("audit log: %s %v", page, err)
	}
	if list, err := ad.SSOProviders(nil); err != nil || !strings.HasPrefix(string(list), "[") {
		t.Fatalf("sso providers: %s %v", list, err)
	}
	if list, err := ad.CustomProviders(Options{"type": "oauth2"}); err != nil || !strings.HasPrefix(string(list), "[") {
		t.Fatalf("custom providers: %s %v", list, err)
	}
	// A passkey ceremony's first step: the options for the platform authenticator.
	user := featuresClient(t, "GOTRUE_TEST_ANON_KEY")
	opts, err := user.PasskeyAuthenticationOptions(nil)
	if err != nil || !strings.Contains(string(opts), `"challenge_id"`) {
		t.Fatalf("passkey options: %s %v", opts, err)
	}
}
