package gotrue

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// The newer wrappers hand their arguments to the library as given: its checks come back as
// its errors, before any request (the client points at a refused port).
func TestNewerWrappersMisuse(t *testing.T) {
	c := newTestClient(t, refusedURL(t))
	ad := c.Admin()
	cred := json.RawMessage(`{"id":"x","type":"public-key","response":{}}`)
	cases := []struct {
		name string
		want *Error
		call func() error
	}{
		{"authorization id with a slash", ErrInvalidArgument, func() error { _, err := c.OAuthAuthorizationDetails("../x"); return err }},
		{"authorization id not UTF-8", ErrInvalidUTF8, func() error { _, err := c.OAuthApproveAuthorization("\xff"); return err }},
		{"deny without a session", ErrSessionMissing, func() error { _, err := c.OAuthDenyAuthorization("abc"); return err }},
		{"grants without a session", ErrSessionMissing, func() error { _, err := c.OAuthGrants(); return err }},
		{"revoke with NUL", ErrInvalidArgument, func() error { return c.OAuthRevokeGrant("a\x00b") }},
		{"web3 bad chain", ErrInvalidArgument, func() error { _, err := c.SignInWithWeb3("bitcoin", "m", "s", nil); return err }},
		{"web3 short signature", ErrInvalidArgument, func() error { _, err := c.SignInWithWeb3("ethereum", "m", "0x12", nil); return err }},
		{"web3 unknown option", ErrInvalidJSON, func() error { _, err := c.SignInWithWeb3("ethereum", "m", "0x12", Options{"x": 1}); return err }},
		{"web3 message without address", ErrInvalidArgument, func() error { _, err := BuildWeb3Message(Options{"chain": "ethereum"}); return err }},
		{"web3 message unknown key", ErrInvalidJSON, func() error { _, err := BuildWeb3Message(Options{"colour": "red"}); return err }},
		{"passkey options without a session", ErrSessionMissing, func() error { _, err := c.PasskeyRegistrationOptions(); return err }},
		{"passkey verify bad credential", ErrInvalidJSON, func() error { _, err := c.PasskeyRegistrationVerify("c", json.RawMessage("[")); return err }},
		{"passkey sign-in empty challenge", ErrInvalidArgument, func() error { _, err := c.PasskeyAuthenticationVerify("", cred); return err }},
		{"passkey sign-in options reach the network", ErrNetwork, func() error { _, err := c.PasskeyAuthenticationOptions(nil); return err }},
		{"passkeys without a session", ErrSessionMissing, func() error { _, err := c.Passkeys(); return err }},
		{"rename passkey nil attrs", ErrInvalidJSON, func() error { _, err := c.UpdatePasskey("p", nil); return err }},
		{"delete passkey traversal", ErrInvalidArgument, func() error { return c.DeletePasskey("../../admin") }},
		{"webauthn enroll without a session", ErrSessionMissing, func() error { _, err := c.MFA().EnrollWebAuthn(""); return err }},
		{"webauthn verify bad type", ErrInvalidArgument, func() error { _, err := c.MFA().VerifyWebAuthn("f", "c", "sign", cred); return err }},
		{"audit log bad query", ErrInvalidArgument, func() error { _, err := ad.ListAuditLog(Options{"query": "colour:red"}); return err }},
		{"audit log reaches the network", ErrNetwork, func() error { _, err := ad.ListAuditLog(nil); return err }},
		{"update factor empty attrs", ErrInvalidArgument, func() error { _, err := ad.UpdateFactor("u", "f", Attributes{}); return err }},
		{"user passkeys bad id", ErrInvalidUTF8, func() error { _, err := ad.ListUserPasskeys("\xfe"); return err }},
		{"delete user passkey traversal", ErrInvalidArgument, func() error { return ad.DeleteUserPasskey("u", "a/b") }},
		{"oauth clients reach the network", ErrNetwork, func() error { _, err := ad.OAuthClients(); return err }},
		{"create oauth client nil attrs", ErrInvalidJSON, func() error { _, err := ad.CreateOAuthClient(nil); return err }},
		{"oauth client traversal", ErrInvalidArgument, func() error { _, err := ad.OAuthClient("../x"); return err }},
		{"update oauth client empty", ErrInvalidArgument, func() error { _, err := ad.UpdateOAuthClient("c", Attributes{}); return err }},
		{"delete oauth client NUL", ErrInvalidArgument, func() error { return ad.DeleteOAuthClient("a\x00") }},
		{"regenerate secret traversal", ErrInvalidArgument, func() error { _, err := ad.RegenerateOAuthClientSecret("a/b"); return err }},
		{"custom providers bad type", ErrInvalidArgument, func() error { _, err := ad.CustomProviders(Options{"type": "saml"}); return err }},
		{"create custom provider nil", ErrInvalidJSON, func() error { _, err := ad.CreateCustomProvider(nil); return err }},
		{"custom provider with a dot", ErrInvalidArgument, func() error { _, err := ad.CustomProvider("custom:a.b"); return err }},
		{"update custom provider empty", ErrInvalidArgument, func() error { _, err := ad.UpdateCustomProvider("custom:a", Attributes{}); return err }},
		{"delete custom provider slash", ErrInvalidArgument, func() error { return ad.DeleteCustomProvider("custom:a/b") }},
		{"sso providers unknown option", ErrInvalidJSON, func() error { _, err := ad.SSOProviders(Options{"x": 1}); return err }},
		{"create sso provider nil", ErrInvalidJSON, func() error { _, err := ad.CreateSSOProvider(nil); return err }},
		{"sso provider slash", ErrInvalidArgument, func() error { _, err := ad.SSOProvider("a/b"); return err }},
		{"update sso provider empty", ErrInvalidArgument, func() error { _, err := ad.UpdateSSOProvider("p", Attributes{}); return err }},
		{"delete sso provider reaches the network", ErrNetwork, func() error { _, err := ad.DeleteSSOProvider("p"); return err }},
	}
	for _, tc := range cases {
		if err := tc.call(); !errors.Is(err, tc.want) {
			t.Errorf("%s: want %v, got %v", tc.name, tc.want.Code, err)
		}
	}
}

func TestBuildWeb3Message(t *testing.T) {
	msg, err := BuildWeb3Message(Options{"chain": "ethereum", "domain": "localhost:3000", "address": "0x" + strings.Repeat("ab", 20),
		"uri": "http://localhost:3000", "statement": "Hello", "issued_at": "2026-01-01T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	want := "localhost:3000 wants you to sign in with your Ethereum account:\n0x" + strings.Repeat("ab", 20) +
		"\n\nHello\n\nURI: http://localhost:3000\nVersion: 1\nChain ID: 1\nIssued At: 2026-01-01T00:00:00Z"
	if msg != want {
		t.Fatalf("got %q\nwant %q", msg, want)
	}
}
