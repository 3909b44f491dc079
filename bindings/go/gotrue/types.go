package gotrue

// #include "gotrue.h"
import "C"

import (
	"encoding/json"
	"time"
)

// Options is an options object for the `options_json` parameters of the C ABI; its keys
// are the ones the header documents for each call (e.g. {"redirect_to": url}). nil or an
// empty map means "no options". The library rejects unknown keys with CodeInvalidJSON.
type Options map[string]any

// Attributes is a user attributes object (UpdateUser, Admin CreateUser/UpdateUserByID),
// e.g. {"email": ..., "password": ..., "data": {...}}.
type Attributes map[string]any

// SignOutScope says which sessions SignOut ends on the server.
type SignOutScope int32

const (
	// SignOutGlobal ends every session of the user, on every device.
	SignOutGlobal SignOutScope = C.GOTRUE_SIGN_OUT_SCOPE_GLOBAL
	// SignOutLocal ends only this session.
	SignOutLocal SignOutScope = C.GOTRUE_SIGN_OUT_SCOPE_LOCAL
	// SignOutOthers ends every session except this one.
	SignOutOthers SignOutScope = C.GOTRUE_SIGN_OUT_SCOPE_OTHERS
)

// Session is a copy of a session: its tokens are secrets (String redacts them).
type Session struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	// ExpiresIn is the lifetime the server granted, in seconds.
	ExpiresIn int64 `json:"expires_in"`
	// ExpiresAt is the expiry in Unix seconds.
	ExpiresAt int64  `json:"expires_at"`
	TokenType string `json:"token_type"`
	User      User   `json:"user"`
}

// ExpiresAtTime is ExpiresAt as a time.Time.
func (s *Session) ExpiresAtTime() time.Time { return time.Unix(s.ExpiresAt, 0) }

// String describes the session without its tokens, so logging one leaks nothing.
func (s Session) String() string {
	return "gotrue.Session{user " + s.User.ID + ", expires " + s.ExpiresAtTime().UTC().Format(time.RFC3339) + ", tokens redacted}"
}

// GoString is String, for %#v.
func (s Session) GoString() string { return s.String() }

// UnmarshalJSON parses with the library (gotrue_session_from_json), so a Go Session
// accepts exactly what the C ABI accepts: its own JSON, or a GoTrue token answer.
func (s *Session) UnmarshalJSON(data []byte) error {
	parsed, err := SessionFromJSON(data)
	if err != nil {
		return err
	}
	*s = *parsed
	return nil
}

// User is the server's user object. The common fields are typed; Raw keeps the JSON as
// the server sent it (every field), and is what MarshalJSON writes back.
type User struct {
	ID               string         `json:"id"`
	Aud              string         `json:"aud"`
	Role             string         `json:"role"`
	Email            string         `json:"email"`
	Phone            string         `json:"phone"`
	NewEmail         string         `json:"new_email,omitempty"`
	NewPhone         string         `json:"new_phone,omitempty"`
	EmailConfirmedAt *time.Time     `json:"email_confirmed_at,omitempty"`
	PhoneConfirmedAt *time.Time     `json:"phone_confirmed_at,omitempty"`
	ConfirmedAt      *time.Time     `json:"confirmed_at,omitempty"`
	LastSignInAt     *time.Time     `json:"last_sign_in_at,omitempty"`
	BannedUntil      *time.Time     `json:"banned_until,omitempty"`
	CreatedAt        *time.Time     `json:"created_at,omitempty"`
	UpdatedAt        *time.Time     `json:"updated_at,omitempty"`
	IsAnonymous      bool           `json:"is_anonymous"`
	IsSSOUser        bool           `json:"is_sso_user"`
	AppMetadata      map[string]any `json:"app_metadata,omitempty"`
	UserMetadata     map[string]any `json:"user_metadata,omitempty"`
	Identities       []Identity     `json:"identities,omitempty"`
	Factors          []Factor       `json:"factors,omitempty"`
	// Raw is the user JSON as received.
	Raw json.RawMessage `json:"-"`
}

type plainUser User

func (u *User) UnmarshalJSON(data []byte) error {
	var p plainUser
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*u = User(p)
	u.Raw = append(json.RawMessage(nil), data...)
	return nil
}

func (u User) MarshalJSON() ([]byte, error) {
	if len(u.Raw) != 0 {
		return u.Raw, nil
	}
	return json.Marshal(plainUser(u))
}

// Identity is one of a user's identities (a provider account linked to the user).
type Identity struct {
	IdentityID   string         `json:"identity_id"`
	ID           string         `json:"id"`
	UserID       string         `json:"user_id"`
	Provider     string         `json:"provider"`
	Email        string         `json:"email,omitempty"`
	IdentityData map[string]any `json:"identity_data,omitempty"`
	LastSignInAt *time.Time     `json:"last_sign_in_at,omitempty"`
	CreatedAt    *time.Time     `json:"created_at,omitempty"`
	UpdatedAt    *time.Time     `json:"updated_at,omitempty"`
}

// Factor is an MFA factor.
type Factor struct {
	ID           string     `json:"id"`
	FriendlyName string     `json:"friendly_name,omitempty"`
	FactorType   string     `json:"factor_type"`
	Status       string     `json:"status"` // "verified" or "unverified"
	Phone        string     `json:"phone,omitempty"`
	CreatedAt    *time.Time `json:"created_at,omitempty"`
	UpdatedAt    *time.Time `json:"updated_at,omitempty"`
}
