package gotrue

// Thin wrappers over the newer server features: the OAuth 2.1 server (consent side and admin
// clients), custom OAuth/OIDC and SAML SSO providers, the audit log, passkeys, WebAuthn MFA
// and Web3 sign-in. Open-ended answers come back as json.RawMessage, as the C ABI gives them.

// #include "gotrue.h"
import "C"

import "encoding/json"

// jsonOut runs a call with one required JSON out-parameter.
func (c *Client) jsonOut(a *cargs, fn func(h *C.GoTrueClient, out **C.char) *C.GoTrueError) (json.RawMessage, error) {
	defer a.free()
	return c.jsonCall(a, fn)
}

// plain runs a call with no result.
func (c *Client) plain(a *cargs, fn func(h *C.GoTrueClient) *C.GoTrueError) error {
	defer a.free()
	if a.err != nil {
		return a.err
	}
	return c.call(fn)
}

// ---- OAuth 2.1 server: consent side (signed-in user) ----

// OAuthAuthorizationDetails returns a pending authorization's details for the consent page,
// or {"redirect_url"} alone when the server approved it at once (consent on record).
func (c *Client) OAuthAuthorizationDetails(authorizationID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("authorizationID", authorizationID)
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_oauth_get_authorization_details(h, id, p)
	})
}

// OAuthApproveAuthorization approves; the answer is {"redirect_url"} with the code.
func (c *Client) OAuthApproveAuthorization(authorizationID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("authorizationID", authorizationID)
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_oauth_approve_authorization(h, id, p)
	})
}

// OAuthDenyAuthorization denies; the answer is {"redirect_url"} with error=access_denied.
func (c *Client) OAuthDenyAuthorization(authorizationID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("authorizationID", authorizationID)
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_oauth_deny_authorization(h, id, p)
	})
}

// OAuthGrants lists the OAuth clients the user has granted access (a JSON array).
func (c *Client) OAuthGrants() (json.RawMessage, error) {
	var a cargs
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_client_oauth_list_grants(h, p) })
}

// OAuthRevokeGrant revokes the user's grant to an OAuth client.
func (c *Client) OAuthRevokeGrant(oauthClientID string) error {
	var a cargs
	id := a.str("oauthClientID", oauthClientID)
	return c.plain(&a, func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_oauth_revoke_grant(h, id) })
}

// ---- Web3 ----

// BuildWeb3Message builds the EIP-4361 (or Sign-In-With-Solana) message a wallet signs.
// opts: {"chain", "domain", "address", "uri", "statement", "chain_id", "nonce", "issued_at", ...}.
func BuildWeb3Message(opts Options) (string, error) {
	var a cargs
	defer a.free()
	cOpts := a.jsonRequired("opts", opts)
	if a.err != nil {
		return "", a.err
	}
	var p *C.char
	if err := takeError(C.gotrue_web3_build_message(cOpts, &p)); err != nil {
		return "", err
	}
	return takeString(p), nil
}

// SignInWithWeb3 signs in with a wallet's signature of message. chain: "ethereum" or
// "solana"; signature: hex (Ethereum) or base64 (Solana). opts: {"captcha_token"}.
func (c *Client) SignInWithWeb3(chain, message, signature string, opts Options) (*Session, error) {
	var a cargs
	defer a.free()
	cChain, cMsg, cSig, cOpts := a.str("chain", chain), a.str("message", message), a.str("signature", signature), a.json("opts", opts)
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_sign_in_with_web3(h, cChain, cMsg, cSig, cOpts, out)
	})
}

// ---- Passkeys ----

// PasskeyRegistrationOptions starts adding a passkey: {"challenge_id", "options", "expires_at"}.
func (c *Client) PasskeyRegistrationOptions() (json.RawMessage, error) {
	var a cargs
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_passkey_registration_options(h, p)
	})
}

// PasskeyRegistrationVerify finishes it with the authenticator's answer (PublicKeyCredential JSON).
func (c *Client) PasskeyRegistrationVerify(challengeID string, credential json.RawMessage) (json.RawMessage, error) {
	var a cargs
	id, cred := a.str("challengeID", challengeID), a.str("credential", string(credential))
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_passkey_registration_verify(h, id, cred, p)
	})
}

// PasskeyAuthenticationOptions starts a passkey sign-in. opts: {"captcha_token"}.
func (c *Client) PasskeyAuthenticationOptions(opts Options) (json.RawMessage, error) {
	var a cargs
	cOpts := a.json("opts", opts)
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_passkey_authentication_options(h, cOpts, p)
	})
}

// PasskeyAuthenticationVerify signs in with the authenticator's assertion.
func (c *Client) PasskeyAuthenticationVerify(challengeID string, credential json.RawMessage) (*Session, error) {
	var a cargs
	defer a.free()
	id, cred := a.str("challengeID", challengeID), a.str("credential", string(credential))
	return c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_passkey_authentication_verify(h, id, cred, out)
	})
}

// Passkeys lists the user's passkeys (a JSON array).
func (c *Client) Passkeys() (json.RawMessage, error) {
	var a cargs
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_client_list_passkeys(h, p) })
}

// UpdatePasskey changes a passkey (attrs: {"friendly_name"}).
func (c *Client) UpdatePasskey(passkeyID string, attrs Attributes) (json.RawMessage, error) {
	var a cargs
	id, cAttrs := a.str("passkeyID", passkeyID), a.jsonRequired("attrs", attrs)
	return c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_update_passkey(h, id, cAttrs, p)
	})
}

// DeletePasskey deletes one of the user's passkeys.
func (c *Client) DeletePasskey(passkeyID string) error {
	var a cargs
	id := a.str("passkeyID", passkeyID)
	return c.plain(&a, func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_delete_passkey(h, id) })
}

// EnrollWebAuthn enrolls a WebAuthn MFA factor; friendlyName is optional ("").
func (m MFA) EnrollWebAuthn(friendlyName string) (json.RawMessage, error) {
	var a cargs
	name := a.opt("friendlyName", friendlyName)
	return m.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_mfa_enroll_webauthn(h, name, p)
	})
}

// VerifyWebAuthn verifies a WebAuthn challenge. webauthnType: "create" or "request".
func (m MFA) VerifyWebAuthn(factorID, challengeID, webauthnType string, credential json.RawMessage) (*Session, error) {
	var a cargs
	defer a.free()
	f, ch, t, cred := a.str("factorID", factorID), a.str("challengeID", challengeID), a.str("webauthnType", webauthnType), a.str("credential", string(credential))
	return m.c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_mfa_verify_webauthn(h, f, ch, t, cred, out)
	})
}

// ---- Admin ----

// ListAuditLog reads one page of the audit log. opts: {"page", "per_page", "query"}.
func (ad Admin) ListAuditLog(opts Options) (json.RawMessage, error) {
	var a cargs
	cOpts := a.json("opts", opts)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_admin_list_audit_log(h, cOpts, p) })
}

// UpdateFactor changes a user's factor (attrs: {"friendly_name"} or {"phone"}).
func (ad Admin) UpdateFactor(userID, factorID string, attrs Attributes) (json.RawMessage, error) {
	var a cargs
	u, f, cAttrs := a.str("userID", userID), a.str("factorID", factorID), a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_mfa_update_factor(h, u, f, cAttrs, p)
	})
}

// ListUserPasskeys lists a user's passkeys.
func (ad Admin) ListUserPasskeys(userID string) (json.RawMessage, error) {
	var a cargs
	u := a.str("userID", userID)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_admin_list_user_passkeys(h, u, p) })
}

// DeleteUserPasskey deletes one of a user's passkeys.
func (ad Admin) DeleteUserPasskey(userID, passkeyID string) error {
	var a cargs
	u, k := a.str("userID", userID), a.str("passkeyID", passkeyID)
	return ad.c.plain(&a, func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_admin_delete_user_passkey(h, u, k) })
}

// OAuthClients lists the OAuth server's registered clients (a JSON array).
func (ad Admin) OAuthClients() (json.RawMessage, error) {
	var a cargs
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_admin_oauth_list_clients(h, p) })
}

// CreateOAuthClient registers an OAuth client; a confidential one's answer holds its secret.
func (ad Admin) CreateOAuthClient(attrs Attributes) (json.RawMessage, error) {
	var a cargs
	cAttrs := a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_oauth_create_client(h, cAttrs, p)
	})
}

// OAuthClient fetches one OAuth client.
func (ad Admin) OAuthClient(clientID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("clientID", clientID)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_admin_oauth_get_client(h, id, p) })
}

// UpdateOAuthClient changes an OAuth client.
func (ad Admin) UpdateOAuthClient(clientID string, attrs Attributes) (json.RawMessage, error) {
	var a cargs
	id, cAttrs := a.str("clientID", clientID), a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_oauth_update_client(h, id, cAttrs, p)
	})
}

// DeleteOAuthClient deletes an OAuth client.
func (ad Admin) DeleteOAuthClient(clientID string) error {
	var a cargs
	id := a.str("clientID", clientID)
	return ad.c.plain(&a, func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_admin_oauth_delete_client(h, id) })
}

// RegenerateOAuthClientSecret issues a new secret for a confidential client.
func (ad Admin) RegenerateOAuthClientSecret(clientID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("clientID", clientID)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_oauth_regenerate_client_secret(h, id, p)
	})
}

// CustomProviders lists custom OAuth/OIDC providers. opts: {"type": "oauth2"|"oidc"}.
func (ad Admin) CustomProviders(opts Options) (json.RawMessage, error) {
	var a cargs
	cOpts := a.json("opts", opts)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_list_custom_providers(h, cOpts, p)
	})
}

// CreateCustomProvider creates a custom provider ("identifier": "custom:NAME").
func (ad Admin) CreateCustomProvider(attrs Attributes) (json.RawMessage, error) {
	var a cargs
	cAttrs := a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_create_custom_provider(h, cAttrs, p)
	})
}

// CustomProvider fetches a custom provider by identifier.
func (ad Admin) CustomProvider(identifier string) (json.RawMessage, error) {
	var a cargs
	id := a.str("identifier", identifier)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_get_custom_provider(h, id, p)
	})
}

// UpdateCustomProvider changes a custom provider.
func (ad Admin) UpdateCustomProvider(identifier string, attrs Attributes) (json.RawMessage, error) {
	var a cargs
	id, cAttrs := a.str("identifier", identifier), a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_update_custom_provider(h, id, cAttrs, p)
	})
}

// DeleteCustomProvider deletes a custom provider.
func (ad Admin) DeleteCustomProvider(identifier string) error {
	var a cargs
	id := a.str("identifier", identifier)
	return ad.c.plain(&a, func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_admin_delete_custom_provider(h, id) })
}

// SSOProviders lists SAML providers. opts: {"resource_id"} or {"resource_id_prefix"}.
func (ad Admin) SSOProviders(opts Options) (json.RawMessage, error) {
	var a cargs
	cOpts := a.json("opts", opts)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_list_sso_providers(h, cOpts, p)
	})
}

// CreateSSOProvider registers a SAML identity provider.
func (ad Admin) CreateSSOProvider(attrs Attributes) (json.RawMessage, error) {
	var a cargs
	cAttrs := a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_create_sso_provider(h, cAttrs, p)
	})
}

// SSOProvider fetches a SAML provider (its id, or "resource_" + resource_id).
func (ad Admin) SSOProvider(providerID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("providerID", providerID)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError { return C.gotrue_admin_get_sso_provider(h, id, p) })
}

// UpdateSSOProvider changes a SAML provider.
func (ad Admin) UpdateSSOProvider(providerID string, attrs Attributes) (json.RawMessage, error) {
	var a cargs
	id, cAttrs := a.str("providerID", providerID), a.jsonRequired("attrs", attrs)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_update_sso_provider(h, id, cAttrs, p)
	})
}

// DeleteSSOProvider deletes a SAML provider and returns it.
func (ad Admin) DeleteSSOProvider(providerID string) (json.RawMessage, error) {
	var a cargs
	id := a.str("providerID", providerID)
	return ad.c.jsonOut(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_delete_sso_provider(h, id, p)
	})
}
