package gotrue

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// mapStorage is an in-memory Storage; fail makes every call fail, panicky panics.
type mapStorage struct {
	mu      sync.Mutex
	m       map[string]string
	fail    bool
	panicky bool
	gets    int
}

func (s *mapStorage) Get(key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets++
	if s.panicky {
		panic("storage exploded")
	}
	if s.fail {
		return "", false, errors.New("disk on fire")
	}
	v, ok := s.m[key]
	return v, ok, nil
}

func (s *mapStorage) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		return errors.New("disk on fire")
	}
	s.m[key] = value
	return nil
}

func (s *mapStorage) Remove(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

type eventLog struct {
	mu     sync.Mutex
	events []AuthEvent
	users  []string
}

func (l *eventLog) record(e AuthEvent, s *Session) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
	if s != nil {
		l.users = append(l.users, s.User.ID)
	} else {
		l.users = append(l.users, "")
	}
}

// Local lifecycle, no server involved: a session in Go storage is resumed by Initialize
// (not expiring, so no refresh), which emits INITIAL_SESSION to the Go callback.
func TestStorageInitializeAndEvents(t *testing.T) {
	st := &mapStorage{m: map[string]string{"sb-auth-token": string(sessionJSON(t))}}
	c, err := NewClientWithStorage(refusedURL(t), "key", noRetries, st)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var log eventLog
	sub, err := c.OnAuthStateChange(log.record)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Initialize()
	if err != nil || s == nil || s.RefreshToken != "refresh-1" {
		t.Fatalf("Initialize: %v %v", s, err)
	}
	if len(log.events) != 1 || log.events[0] != EventInitialSession || log.users[0] != s.User.ID {
		t.Fatalf("events: %v %v", log.events, log.users)
	}
	cur, err := c.GetSession()
	if err != nil || cur == nil || cur.AccessToken != s.AccessToken {
		t.Fatalf("GetSession after Initialize: %v %v", cur, err)
	}
	if err := sub.Unsubscribe(); err != nil {
		t.Fatal(err)
	}
	if err := sub.Unsubscribe(); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("second Unsubscribe: %v", err)
	}
	if _, err := c.Initialize(); err != nil {
		t.Fatal(err)
	}
	if len(log.events) != 1 {
		t.Fatalf("event after Unsubscribe: %v", log.events)
	}
	if EventSignedIn.String() != "SIGNED_IN" || AuthEvent(99).String() != "AuthEvent(99)" {
		t.Fatal(EventSignedIn.String(), AuthEvent(99).String())
	}
}

func TestStorageFailuresAreStorageErrors(t *testing.T) {
	for _, st := range []*mapStorage{{m: map[string]string{}, fail: true}, {m: map[string]string{}, panicky: true}} {
		c, err := NewClientWithStorage(refusedURL(t), "key", noRetries, st)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Initialize(); !errors.Is(err, ErrStorage) {
			t.Errorf("Initialize with failing storage (panicky=%v): %v", st.panicky, err)
		}
		c.Close()
	}
	if _, err := NewClientWithStorage(refusedURL(t), "key", Options{"storage": map[string]any{"type": "file", "path": t.TempDir()}}, &mapStorage{m: map[string]string{}}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("storage option with callbacks: %v", err)
	}
	if _, err := NewClientWithStorage(refusedURL(t), "key", nil, nil); !errors.Is(err, ErrNullArgument) {
		t.Errorf("nil storage: %v", err)
	}
}

// A callback may call the client, and even Close it, without deadlock.
func TestCallbackReentersAndCloses(t *testing.T) {
	st := &mapStorage{m: map[string]string{"sb-auth-token": string(sessionJSON(t))}}
	c, err := NewClientWithStorage(refusedURL(t), "key", noRetries, st)
	if err != nil {
		t.Fatal(err)
	}
	var inner *Session
	var innerErr error
	if _, err := c.OnAuthStateChange(func(e AuthEvent, s *Session) {
		inner, innerErr = c.GetSession()
		c.Close()
	}); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := c.Initialize(); err != nil {
			t.Errorf("Initialize: %v", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: a callback calling the client / Close never returned")
	}
	if innerErr != nil || inner == nil {
		t.Fatalf("GetSession inside the callback: %v %v", inner, innerErr)
	}
	if _, err := c.GetSession(); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close from a callback: %v", err)
	}
}

// A panicking callback is recovered (it cannot unwind through the library).
func TestCallbackPanicIsRecovered(t *testing.T) {
	st := &mapStorage{m: map[string]string{"sb-auth-token": string(sessionJSON(t))}}
	c, err := NewClientWithStorage(refusedURL(t), "key", noRetries, st)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.OnAuthStateChange(func(AuthEvent, *Session) { panic("boom") }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Initialize(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.OnAuthStateChange(nil); !errors.Is(err, ErrNullArgument) {
		t.Fatalf("nil callback: %v", err)
	}
}

func TestClaimsAndAutoRefreshMisuse(t *testing.T) {
	c := newTestClient(t, refusedURL(t))
	if _, err := c.GetClaims("not-a-jwt", nil); !errors.Is(err, ErrInvalidJWT) {
		t.Errorf("GetClaims(garbage): %v", err)
	}
	if _, err := c.GetClaims("", nil); !errors.Is(err, ErrSessionMissing) {
		t.Errorf("GetClaims signed out: %v", err)
	}
	expired := fakeJWT(map[string]any{"sub": "x", "exp": time.Now().Add(-time.Hour).Unix(), "kid": "k"})
	if _, err := c.GetClaims(expired, nil); err == nil || !strings.Contains(err.Error(), "gotrue:") {
		t.Errorf("GetClaims(expired): %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := c.StartAutoRefresh(); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if err := c.StopAutoRefresh(); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	if err := c.StartAutoRefresh(); !errors.Is(err, ErrClosed) {
		t.Errorf("StartAutoRefresh after Close: %v", err)
	}
}
