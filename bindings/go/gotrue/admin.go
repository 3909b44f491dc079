package gotrue

// #include "gotrue.h"
import "C"

// Admin groups the calls that need the service-role key: c.Admin().CreateUser(...).
// Never ship the service-role key in an app.
type Admin struct{ c *Client }

// Admin returns the client's admin API.
func (c *Client) Admin() Admin { return Admin{c} }

// UserPage is one page of ListUsers. NextPage is 0 on the last page.
type UserPage struct {
	Users    []User `json:"users"`
	Aud      string `json:"aud"`
	NextPage int    `json:"next_page"`
	LastPage int    `json:"last_page"`
	Total    int    `json:"total"`
}

// GeneratedLink is the answer to GenerateLink. The link and OTP sign the user in:
// treat them as secrets.
type GeneratedLink struct {
	Properties struct {
		ActionLink       string `json:"action_link"`
		EmailOTP         string `json:"email_otp"`
		HashedToken      string `json:"hashed_token"`
		RedirectTo       string `json:"redirect_to"`
		VerificationType string `json:"verification_type"`
	} `json:"properties"`
	User User `json:"user"`
}

// CreateUser creates a user. attrs: {"email"/"phone", "password", "email_confirm",
// "phone_confirm", "user_metadata", "app_metadata", "role", "ban_duration"}.
func (ad Admin) CreateUser(attrs Attributes) (*User, error) {
	var a cargs
	defer a.free()
	cAttrs := a.jsonRequired("attrs", attrs)
	return ad.c.userCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_admin_create_user(h, cAttrs, out)
	})
}

// GetUserByID fetches a user by id.
func (ad Admin) GetUserByID(userID string) (*User, error) {
	var a cargs
	defer a.free()
	cID := a.str("userID", userID)
	return ad.c.userCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_admin_get_user_by_id(h, cID, out)
	})
}

// UpdateUserByID updates a user with the same attributes as CreateUser.
func (ad Admin) UpdateUserByID(userID string, attrs Attributes) (*User, error) {
	var a cargs
	defer a.free()
	cID, cAttrs := a.str("userID", userID), a.jsonRequired("attrs", attrs)
	return ad.c.userCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_admin_update_user_by_id(h, cID, cAttrs, out)
	})
}

// DeleteUser deletes a user, or anonymises it when softDelete.
func (ad Admin) DeleteUser(userID string, softDelete bool) error {
	var a cargs
	defer a.free()
	cID := a.str("userID", userID)
	if a.err != nil {
		return a.err
	}
	return ad.c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_admin_delete_user(h, cID, C.bool(softDelete))
	})
}

// ListUsers lists one page of users. opts: {"page", "per_page", "filter"}.
func (ad Admin) ListUsers(opts Options) (*UserPage, error) {
	var a cargs
	defer a.free()
	cOpts := a.json("opts", opts)
	out := new(UserPage)
	if err := ad.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_list_users(h, cOpts, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// InviteUserByEmail creates a user and mails an invite. opts: {"data", "redirect_to"}.
func (ad Admin) InviteUserByEmail(email string, opts Options) (*User, error) {
	var a cargs
	defer a.free()
	cEmail, cOpts := a.str("email", email), a.json("opts", opts)
	return ad.c.userCall(&a, func(h *C.GoTrueClient, out **C.char) *C.GoTrueError {
		return C.gotrue_admin_invite_user_by_email(h, cEmail, cOpts, out)
	})
}

// GenerateLink generates an email link without sending mail. linkType: "signup",
// "invite", "magiclink", "recovery", "email_change_current", "email_change_new";
// password is optional (for "signup"). opts: {"data", "redirect_to", "new_email"}.
func (ad Admin) GenerateLink(linkType, email, password string, opts Options) (*GeneratedLink, error) {
	var a cargs
	defer a.free()
	cType, cEmail, cPassword, cOpts := a.str("linkType", linkType), a.str("email", email), a.opt("password", password), a.json("opts", opts)
	out := new(GeneratedLink)
	if err := ad.c.intoCall(&a, out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_generate_link(h, cType, cEmail, cPassword, cOpts, p)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// SignOut signs out the session(s) of the user whose access token is jwt.
func (ad Admin) SignOut(jwt string, scope SignOutScope) error {
	var a cargs
	defer a.free()
	cJWT := a.str("jwt", jwt)
	if a.err != nil {
		return a.err
	}
	return ad.c.call(func(h *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_admin_sign_out(h, cJWT, C.int32_t(scope))
	})
}

// ListFactors lists every MFA factor of a user.
func (ad Admin) ListFactors(userID string) ([]Factor, error) {
	var a cargs
	defer a.free()
	cID := a.str("userID", userID)
	var out []Factor
	err := ad.c.intoCall(&a, &out, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_mfa_list_factors(h, cID, p)
	})
	return out, err
}

// DeleteFactor deletes one MFA factor of a user and returns it.
func (ad Admin) DeleteFactor(userID, factorID string) (*Factor, error) {
	var a cargs
	defer a.free()
	cUser, cFactor := a.str("userID", userID), a.str("factorID", factorID)
	out := new(Factor)
	p, err := ad.c.stringCall(&a, func(h *C.GoTrueClient, p **C.char) *C.GoTrueError {
		return C.gotrue_admin_mfa_delete_factor(h, cUser, cFactor, p)
	})
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, nil
	}
	return out, takeInto(p, out)
}
