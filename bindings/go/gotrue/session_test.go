package gotrue

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func fakeJWT(claims map[string]any) string {
	enc := base64.RawURLEncoding
	b, _ := json.Marshal(claims)
	return enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString(b) + ".c2ln"
}

func sessionJSON(t *testing.T) []byte {
	now := time.Now().Unix()
	user := map[string]any{"id": "11111111-2222-3333-4444-555555555555", "aud": "authenticated", "role": "authenticated",
		"email": "fixture@example.com", "phone": "", "created_at": "2024-05-01T10:00:00.123456Z",
		"app_metadata": map[string]any{"provider": "email"}, "user_metadata": map[string]any{"name": "Ada"},
		"some_future_field": []int{1, 2}}
	return mustJSON(t, map[string]any{
		"access_token":  fakeJWT(map[string]any{"sub": user["id"], "exp": now + 3600, "aal": "aal1"}),
		"refresh_token": "refresh-1", "expires_in": 3600, "expires_at": now + 3600, "token_type": "bearer", "user": user,
	})
}

func TestSessionJSONRoundTrip(t *testing.T) {
	s, err := SessionFromJSON(sessionJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	if s.RefreshToken != "refresh-1" || s.ExpiresIn != 3600 || s.TokenType != "bearer" || s.ExpiresAt < time.Now().Unix() {
		t.Fatalf("fields: %+v", s)
	}
	u := s.User
	if u.ID != "11111111-2222-3333-4444-555555555555" || u.Email != "fixture@example.com" || u.UserMetadata["name"] != "Ada" ||
		u.CreatedAt == nil || u.CreatedAt.Year() != 2024 || !strings.Contains(string(u.Raw), "some_future_field") {
		t.Fatalf("user: %+v", u)
	}
	// Go's JSON is accepted by the library's parser (json.Unmarshal goes through it) and
	// gives the same session back, unknown user fields included.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Session
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%#v", back.User.Raw) != fmt.Sprintf("%#v", s.User.Raw) || back.AccessToken != s.AccessToken ||
		back.RefreshToken != s.RefreshToken || back.ExpiresAt != s.ExpiresAt || back.ExpiresIn != s.ExpiresIn {
		t.Fatalf("round trip changed the session:\n%s", b)
	}
	// Printing a session never prints its tokens.
	for _, text := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", *s, s, s, s)} {
		if strings.Contains(text, "refresh-1") || strings.Contains(text, s.AccessToken) {
			t.Fatalf("tokens printed: %s", text)
		}
	}
}

func TestSessionFromBadJSON(t *testing.T) {
	for _, in := range []string{"", "{", "[]", `{"access_token":"a"}`, "null"} {
		if _, err := SessionFromJSON([]byte(in)); !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("%q: want ErrInvalidJSON, got %v", in, err)
		}
	}
	var s Session
	if err := json.Unmarshal([]byte(`{"user":{}}`), &s); !errors.Is(err, ErrInvalidJSON) {
		t.Errorf("json.Unmarshal: %v", err)
	}
}
