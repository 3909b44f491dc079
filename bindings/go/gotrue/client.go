package gotrue

// #include "gotrue.h"
import "C"

import (
	"encoding/json"
	"runtime"
	"sync"
	"sync/atomic"
)

// Client is a GoTrue client. It is safe for use by any number of goroutines at once.
//
// Close frees it. A Client that becomes unreachable without Close is freed by a
// runtime cleanup, so forgetting Close does not leak; but Close releases the native
// client (connections, the auto-refresh thread) at a known time, and a client whose
// auth-state or storage callbacks refer to it stays reachable until Close.
//
// Calls are blocking network calls bounded by the client's timeouts (options
// "timeout_ms", "connect_timeout_ms", "max_retries" of NewClient); they take no context.
type Client struct {
	// mu guards closed and inflight. Every call counts itself in inflight for the whole C
	// call; Close marks the client closed (new calls get ErrClosed) and frees the handle
	// only once inflight is 0, so the handle is never freed under a running call. No lock
	// is held during a C call, so callbacks may call the client again (re-entrantly).
	mu       sync.Mutex
	idle     sync.Cond
	closed   bool
	inflight int
	n        *native
	cleanup  runtime.Cleanup
}

// native is what the runtime cleanup frees; it must not refer to the Client.
type native struct {
	h *C.GoTrueClient
	// callbacks counts Go callbacks (auth state, storage) running for this client now.
	callbacks atomic.Int32
}

// free frees the client; the library runs each registration's finalizer (goReleaseHandle),
// which deletes the cgo.Handle it was given.
func (n *native) free() { C.gotrue_client_free(n.h) }

// cleanupsRun counts clients freed by the runtime cleanup (observed by tests).
var cleanupsRun atomic.Int64

// NewClient creates a client for the Auth server at url (e.g.
// "https://<project>.supabase.co/auth/v1"). apiKey is the anon key (the service-role
// key for the Admin methods; never ship that one), or "" for servers that need none.
// opts are the options documented for gotrue_client_new (timeouts, storage, flow type,
// auto refresh, retries, ...). It fails when the loaded library's ABI version differs
// from the header's.
func NewClient(url, apiKey string, opts Options) (*Client, error) {
	if err := abiOnce(); err != nil {
		return nil, err
	}
	var a cargs
	defer a.free()
	cURL, cKey, cOpts := a.str("url", url), a.str("apiKey", apiKey), a.json("opts", opts)
	if a.err != nil {
		return nil, a.err
	}
	var h *C.GoTrueClient
	if err := takeError(C.gotrue_client_new(cURL, cKey, cOpts, &h)); err != nil {
		return nil, err
	}
	return wrapClient(h), nil
}

func wrapClient(h *C.GoTrueClient) *Client { return wrapNative(&native{h: h}) }

func wrapNative(n *native) *Client {
	c := &Client{n: n}
	c.idle.L = &c.mu
	c.cleanup = runtime.AddCleanup(c, func(n *native) {
		cleanupsRun.Add(1)
		n.free()
	}, c.n)
	return c
}

// Close frees the client. It waits for calls in progress to finish; later calls return
// ErrClosed. Closing twice is fine. Called from an auth-state or storage callback of
// this client (or while one runs), it returns at once and the client is freed as soon
// as the calls in progress have returned.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	if c.n.callbacks.Load() > 0 {
		go c.finishClose()
		return nil
	}
	c.finishClose()
	return nil
}

func (c *Client) finishClose() {
	c.mu.Lock()
	for c.inflight > 0 {
		c.idle.Wait()
	}
	c.mu.Unlock()
	c.cleanup.Stop()
	c.n.free() // without c.mu: callbacks still running may call the client (ErrClosed)
}

// acquire counts a call in; false when the client is closed.
func (c *Client) acquire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.inflight++
	return true
}

func (c *Client) release() {
	c.mu.Lock()
	c.inflight--
	if c.inflight == 0 {
		c.idle.Broadcast()
	}
	c.mu.Unlock()
}

// call runs fn with the live handle and converts its error.
func (c *Client) call(fn func(h *C.GoTrueClient) *C.GoTrueError) error {
	if !c.acquire() {
		return ErrClosed
	}
	defer c.release()
	err := fn(c.n.h)
	runtime.KeepAlive(c) // c (and so its cleanup) stays alive until the C call returned
	return takeError(err)
}

// SignUp signs a new user up with email or phone (exactly one non-empty) and password.
// When the server signs the user in at once (autoconfirm) the session is returned and
// becomes the current session; when confirmation is required the session is nil.
// opts: {"data", "redirect_to", "captcha_token", "channel"}.
func (c *Client) SignUp(email, phone, password string, opts Options) (*Session, *User, error) {
	var a cargs
	defer a.free()
	cEmail, cPhone, cPassword, cOpts := a.opt("email", email), a.opt("phone", phone), a.str("password", password), a.json("opts", opts)
	if a.err != nil {
		return nil, nil, a.err
	}
	var s *C.GoTrueSession
	var u *C.char
	if err := c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_sign_up(h, cEmail, cPhone, cPassword, cOpts, &s, &u)
	}); err != nil {
		return nil, nil, err
	}
	session, serr := takeSession(s)
	user, uerr := takeUser(u)
	if serr != nil {
		return nil, nil, serr
	}
	return session, user, uerr
}

// SignInWithPassword signs in with email or phone (exactly one non-empty) and password;
// the session becomes the current session. opts: {"captcha_token"}.
func (c *Client) SignInWithPassword(email, phone, password string, opts Options) (*Session, error) {
	var a cargs
	defer a.free()
	cEmail, cPhone, cPassword, cOpts := a.opt("email", email), a.opt("phone", phone), a.str("password", password), a.json("opts", opts)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_sign_in_with_password(h, cEmail, cPhone, cPassword, cOpts, out)
	})
}

// sessionCall runs a call whose result is one optional session.
func (c *Client) sessionCall(a *cargs, fn func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError) (*Session, error) {
	if a.err != nil {
		return nil, a.err
	}
	var s *C.GoTrueSession
	if err := c.call(func(h *C.GoTrueClient) *C.GoTrueError { return fn(h, &s) }); err != nil {
		return nil, err
	}
	return takeSession(s)
}

// stringCall runs a call whose result is one owned string (nil when the library wrote NULL).
func (c *Client) stringCall(a *cargs, fn func(h *C.GoTrueClient, out **C.char) *C.GoTrueError) (*C.char, error) {
	if a.err != nil {
		return nil, a.err
	}
	var p *C.char
	if err := c.call(func(h *C.GoTrueClient) *C.GoTrueError { return fn(h, &p) }); err != nil {
		return nil, err
	}
	return p, nil
}

func (c *Client) jsonCall(a *cargs, fn func(h *C.GoTrueClient, out **C.char) *C.GoTrueError) (json.RawMessage, error) {
	p, err := c.stringCall(a, fn)
	if err != nil {
		return nil, err
	}
	return takeJSON(p), nil
}

func (c *Client) userCall(a *cargs, fn func(h *C.GoTrueClient, out **C.char) *C.GoTrueError) (*User, error) {
	p, err := c.stringCall(a, fn)
	if err != nil {
		return nil, err
	}
	return takeUser(p)
}

func (c *Client) textCall(a *cargs, fn func(h *C.GoTrueClient, out **C.char) *C.GoTrueError) (string, error) {
	p, err := c.stringCall(a, fn)
	if err != nil {
		return "", err
	}
	return takeString(p), nil
}

func (c *Client) intoCall(a *cargs, v any, fn func(h *C.GoTrueClient, out **C.char) *C.GoTrueError) error {
	p, err := c.stringCall(a, fn)
	if err != nil {
		return err
	}
	return takeInto(p, v)
}

// GetSession returns the current session, refreshed first when it is about to expire;
// nil (and no error) when signed out.
func (c *Client) GetSession() (*Session, error) {
	var a cargs
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_get_session(h, out)
	})
}

// SetSession adopts an access + refresh token pair obtained elsewhere.
func (c *Client) SetSession(accessToken, refreshToken string) (*Session, error) {
	var a cargs
	defer a.free()
	cAccess, cRefresh := a.str("accessToken", accessToken), a.str("refreshToken", refreshToken)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_set_session(h, cAccess, cRefresh, out)
	})
}

// RefreshSession exchanges refreshToken ("" = the current session's) for a new session.
// Concurrent refreshes of one token share one request.
func (c *Client) RefreshSession(refreshToken string) (*Session, error) {
	var a cargs
	defer a.free()
	cRefresh := a.opt("refreshToken", refreshToken)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_refresh_session(h, cRefresh, out)
	})
}

// SignOut signs out with the given scope; the local session is removed for SignOutGlobal
// and SignOutLocal. Signing out while signed out succeeds.
func (c *Client) SignOut(scope SignOutScope) error {
	return c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_sign_out(h, C.int32_t(scope))
	})
}

// GetUser fetches the user for jwt, or for the current session when jwt is "".
func (c *Client) GetUser(jwt string) (*User, error) {
	var a cargs
	defer a.free()
	cJWT := a.opt("jwt", jwt)
	return c.userCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_get_user(h, cJWT, out)
	})
}

// UpdateUser updates the signed-in user. attrs: {"email", "phone", "password", "nonce",
// "data"}; opts: {"redirect_to", "flow_id_in_redirect_to"}.
func (c *Client) UpdateUser(attrs Attributes, opts Options) (*User, error) {
	var a cargs
	defer a.free()
	cAttrs, cOpts := a.jsonRequired("attrs", attrs), a.json("opts", opts)
	return c.userCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_update_user(h, cAttrs, cOpts, out)
	})
}

// SignInWithOTP sends a magic link / code to email, or a code to phone (exactly one
// non-empty). It returns the server's answer ({"message_id"} for phones).
func (c *Client) SignInWithOTP(email, phone string, opts Options) (json.RawMessage, error) {
	var a cargs
	defer a.free()
	cEmail, cPhone, cOpts := a.opt("email", email), a.opt("phone", phone), a.json("opts", opts)
	return c.jsonCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_sign_in_with_otp(h, cEmail, cPhone, cOpts, out)
	})
}

// VerifyOTPParams selects what VerifyOTP verifies: Token with exactly one of Email or
// Phone, or TokenHash alone. Type is "sms", "phone_change", "signup", "invite",
// "magiclink", "recovery", "email_change" or "email".
type VerifyOTPParams struct {
	Email, Phone, Token, TokenHash, Type string
}

// VerifyOTP verifies a one-time password. Session is non-nil when the server signed the
// user in (it becomes the current session); both results may be nil (the first of two
// confirmations of a secure email change).
func (c *Client) VerifyOTP(p VerifyOTPParams, opts Options) (*Session, *User, error) {
	var a cargs
	defer a.free()
	cEmail, cPhone, cToken, cHash := a.opt("Email", p.Email), a.opt("Phone", p.Phone), a.opt("Token", p.Token), a.opt("TokenHash", p.TokenHash)
	cType, cOpts := a.str("Type", p.Type), a.json("opts", opts)
	if a.err != nil {
		return nil, nil, a.err
	}
	var s *C.GoTrueSession
	var u *C.char
	if err := c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_verify_otp(h, cEmail, cPhone, cToken, cHash, cType, cOpts, &s, &u)
	}); err != nil {
		return nil, nil, err
	}
	session, serr := takeSession(s)
	user, uerr := takeUser(u)
	if serr != nil {
		return nil, nil, serr
	}
	return session, user, uerr
}

// Resend sends a confirmation again: typ "signup"/"email_change" with email, or
// "sms"/"phone_change" with phone.
func (c *Client) Resend(typ, email, phone string, opts Options) (json.RawMessage, error) {
	var a cargs
	defer a.free()
	cType, cEmail, cPhone, cOpts := a.str("typ", typ), a.opt("email", email), a.opt("phone", phone), a.json("opts", opts)
	return c.jsonCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_resend(h, cType, cEmail, cPhone, cOpts, out)
	})
}

// ResetPasswordForEmail sends a password reset mail. opts: {"redirect_to",
// "captcha_token", "flow_id_in_redirect_to"}.
func (c *Client) ResetPasswordForEmail(email string, opts Options) error {
	var a cargs
	defer a.free()
	cEmail, cOpts := a.str("email", email), a.json("opts", opts)
	if a.err != nil {
		return a.err
	}
	return c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_reset_password_for_email(h, cEmail, cOpts)
	})
}

// Reauthenticate sends the signed-in user a nonce for UpdateUser({"password", "nonce"}).
func (c *Client) Reauthenticate() error {
	return c.call(func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_reauthenticate(h) })
}

// SignInAnonymously signs in as a new anonymous user. opts: {"data", "captcha_token"}.
func (c *Client) SignInAnonymously(opts Options) (*Session, error) {
	var a cargs
	defer a.free()
	cOpts := a.json("opts", opts)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_sign_in_anonymously(h, cOpts, out)
	})
}

// Settings returns the server's public settings (GET /settings) as JSON.
func (c *Client) Settings() (json.RawMessage, error) {
	var a cargs
	return c.jsonCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_get_settings(h, out)
	})
}

// Health returns the server's health answer (GET /health) as JSON.
func (c *Client) Health() (json.RawMessage, error) {
	var a cargs
	return c.jsonCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_health(h, out)
	})
}

// OAuthURL builds the URL that starts an OAuth sign-in with provider ("github", ...).
// opts: {"redirect_to", "scopes", "query_params", "flow_id_in_redirect_to"}.
func (c *Client) OAuthURL(provider string, opts Options) (string, error) {
	var a cargs
	defer a.free()
	cProvider, cOpts := a.str("provider", provider), a.json("opts", opts)
	return c.textCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_get_oauth_url(h, cProvider, cOpts, out)
	})
}

// ExchangeCodeForSession exchanges a PKCE auth code (or the whole callback URL).
func (c *Client) ExchangeCodeForSession(codeOrURL string) (*Session, error) {
	var a cargs
	defer a.free()
	cCode := a.str("codeOrURL", codeOrURL)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_exchange_code_for_session(h, cCode, out)
	})
}

// SessionFromURL completes any auth redirect from its callback URL (error, ?code= or an
// implicit-flow fragment).
func (c *Client) SessionFromURL(url string) (*Session, error) {
	var a cargs
	defer a.free()
	cURL := a.str("url", url)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_get_session_from_url(h, cURL, out)
	})
}

// IDTokenParams are the arguments of SignInWithIDToken and LinkIdentityWithIDToken.
// AccessToken and Nonce are optional ("").
type IDTokenParams struct {
	Provider, IDToken, AccessToken, Nonce string
}

// SignInWithIDToken signs in with an OpenID Connect ID token. opts: {"captcha_token"}.
func (c *Client) SignInWithIDToken(p IDTokenParams, opts Options) (*Session, error) {
	var a cargs
	defer a.free()
	cProvider, cID, cAccess, cNonce, cOpts := a.str("Provider", p.Provider), a.str("IDToken", p.IDToken), a.opt("AccessToken", p.AccessToken), a.opt("Nonce", p.Nonce), a.json("opts", opts)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_sign_in_with_id_token(h, cProvider, cID, cAccess, cNonce, cOpts, out)
	})
}

// SignInWithSSO starts SAML sign-in by email domain or by SSO provider id (exactly one
// non-empty) and returns the identity provider URL to open.
func (c *Client) SignInWithSSO(domain, providerID string, opts Options) (string, error) {
	var a cargs
	defer a.free()
	cDomain, cProvider, cOpts := a.opt("domain", domain), a.opt("providerID", providerID), a.json("opts", opts)
	return c.textCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_sign_in_with_sso(h, cDomain, cProvider, cOpts, out)
	})
}

// UserIdentities fetches the signed-in user's identities.
func (c *Client) UserIdentities() ([]Identity, error) {
	var a cargs
	var ids []Identity
	err := c.intoCall(&a, &ids, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_get_user_identities(h, out)
	})
	return ids, err
}

// LinkIdentity returns the URL that links OAuth provider to the signed-in user.
func (c *Client) LinkIdentity(provider string, opts Options) (string, error) {
	var a cargs
	defer a.free()
	cProvider, cOpts := a.str("provider", provider), a.json("opts", opts)
	return c.textCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_client_link_identity(h, cProvider, cOpts, out)
	})
}

// LinkIdentityWithIDToken links an identity to the signed-in user with an ID token.
func (c *Client) LinkIdentityWithIDToken(p IDTokenParams, opts Options) (*Session, error) {
	var a cargs
	defer a.free()
	cProvider, cID, cAccess, cNonce, cOpts := a.str("Provider", p.Provider), a.str("IDToken", p.IDToken), a.opt("AccessToken", p.AccessToken), a.opt("Nonce", p.Nonce), a.json("opts", opts)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_link_identity_with_id_token(h, cProvider, cID, cAccess, cNonce, cOpts, out)
	})
}

// UnlinkIdentity unlinks the identity with identityID (its "identity_id").
func (c *Client) UnlinkIdentity(identityID string) error {
	var a cargs
	defer a.free()
	cID := a.str("identityID", identityID)
	if a.err != nil {
		return a.err
	}
	return c.call(func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_unlink_identity(h, cID) })
}

// SessionFromJSON parses a session from JSON (Session's own JSON, the library's, or a
// GoTrue token answer) with the library's parser.
func SessionFromJSON(data []byte) (*Session, error) {
	if err := abiOnce(); err != nil {
		return nil, err
	}
	var a cargs
	defer a.free()
	cJSON := a.str("data", string(data))
	if a.err != nil {
		return nil, a.err
	}
	var s *C.GoTrueSession
	if err := takeError(C.gotrue_session_from_json(cJSON, &s)); err != nil {
		return nil, err
	}
	return takeSession(s)
}
