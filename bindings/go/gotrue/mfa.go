package gotrue

// #include "gotrue.h"
import "C"

// MFA groups the multi-factor calls of a Client: c.MFA().EnrollTOTP(...).
type MFA struct{ c *Client }

// MFA returns the client's multi-factor API.
func (c *Client) MFA() MFA { return MFA{c} }

// TOTPEnrollment is the answer to EnrollTOTP. TOTP.Secret is a secret.
type TOTPEnrollment struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	FriendlyName string `json:"friendly_name"`
	TOTP         struct {
		QRCode string `json:"qr_code"` // an SVG document
		Secret string `json:"secret"`  // base32
		URI    string `json:"uri"`     // otpauth://...
	} `json:"totp"`
}

// PhoneEnrollment is the answer to EnrollPhone.
type PhoneEnrollment struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	FriendlyName string `json:"friendly_name"`
	Phone        string `json:"phone"`
}

// Challenge is an MFA challenge.
type Challenge struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	ExpiresAt int64  `json:"expires_at"` // Unix seconds
}

// Factors are the signed-in user's factors: All (any status), and the verified TOTP,
// phone and WebAuthn factors.
type Factors struct {
	All      []Factor `json:"all"`
	TOTP     []Factor `json:"totp"`
	Phone    []Factor `json:"phone"`
	WebAuthn []Factor `json:"webauthn"`
}

// AuthenticatorAssuranceLevel is the session's AAL, computed locally. The levels are
// "aal1", "aal2", or "" when signed out.
type AuthenticatorAssuranceLevel struct {
	CurrentLevel                 string `json:"current_level"`
	NextLevel                    string `json:"next_level"`
	CurrentAuthenticationMethods []struct {
		Method    string `json:"method"`
		Timestamp int64  `json:"timestamp"`
	} `json:"current_authentication_methods"`
}

// EnrollTOTP enrolls a TOTP factor; friendlyName and issuer are optional ("").
func (m MFA) EnrollTOTP(friendlyName, issuer string) (*TOTPEnrollment, error) {
	var a cargs
	defer a.free()
	cName, cIssuer := a.opt("friendlyName", friendlyName), a.opt("issuer", issuer)
	out := new(TOTPEnrollment)
	if err := m.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_mfa_enroll_totp(h, cName, cIssuer, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// EnrollPhone enrolls a phone factor for phone (E.164); friendlyName is optional.
func (m MFA) EnrollPhone(phone, friendlyName string) (*PhoneEnrollment, error) {
	var a cargs
	defer a.free()
	cPhone, cName := a.str("phone", phone), a.opt("friendlyName", friendlyName)
	out := new(PhoneEnrollment)
	if err := m.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_mfa_enroll_phone(h, cPhone, cName, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// Challenge creates a challenge for a factor. opts: {"channel": "sms"|"whatsapp"}.
func (m MFA) Challenge(factorID string, opts Options) (*Challenge, error) {
	var a cargs
	defer a.free()
	cFactor, cOpts := a.str("factorID", factorID), a.json("opts", opts)
	out := new(Challenge)
	if err := m.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_mfa_challenge(h, cFactor, cOpts, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// Verify verifies a challenge with code; the aal2 session becomes the current session.
func (m MFA) Verify(factorID, challengeID, code string) (*Session, error) {
	var a cargs
	defer a.free()
	cFactor, cChallenge, cCode := a.str("factorID", factorID), a.str("challengeID", challengeID), a.str("code", code)
	return m.c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_mfa_verify(h, cFactor, cChallenge, cCode, out)
	})
}

// ChallengeAndVerify challenges a TOTP factor and verifies code in one call.
func (m MFA) ChallengeAndVerify(factorID, code string) (*Session, error) {
	var a cargs
	defer a.free()
	cFactor, cCode := a.str("factorID", factorID), a.str("code", code)
	return m.c.sessionCall(&a, func(h *C.GoTrueClient, out **C.GoTrueSession) *C.GoTrueError {
		return C.gotrue_client_mfa_challenge_and_verify(h, cFactor, cCode, out)
	})
}

// Unenroll removes a factor (a verified one needs an aal2 session).
func (m MFA) Unenroll(factorID string) error {
	var a cargs
	defer a.free()
	cFactor := a.str("factorID", factorID)
	if a.err != nil {
		return a.err
	}
	return m.c.call(func(h *C.GoTrueClient) *C.GoTrueError { return C.gotrue_client_mfa_unenroll(h, cFactor) })
}

// ListFactors fetches the signed-in user's factors.
func (m MFA) ListFactors() (*Factors, error) {
	var a cargs
	out := new(Factors)
	if err := m.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_mfa_list_factors(h, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// AuthenticatorAssuranceLevel computes the current session's AAL locally (no network).
func (m MFA) AuthenticatorAssuranceLevel() (*AuthenticatorAssuranceLevel, error) {
	var a cargs
	out := new(AuthenticatorAssuranceLevel)
	if err := m.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_client_mfa_get_authenticator_assurance_level(h, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}
