package gotrue

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCloseIsIdempotentAndFinal(t *testing.T) {
	c, err := NewClient(refusedURL(t), "key", noRetries)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"SignInWithPassword": func() error { _, err := c.SignInWithPassword("a@example.com", "", "pw", nil); return err },
		"GetSession":         func() error { _, err := c.GetSession(); return err },
		"SignOut":            func() error { return c.SignOut(SignOutLocal) },
		"MFA":                func() error { _, err := c.MFA().ListFactors(); return err },
		"Admin":              func() error { _, err := c.Admin().GetUserByID("x"); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
}

// Close racing calls in flight: no crash, Close waits for them, later calls get ErrClosed.
func TestConcurrentCloseAndCalls(t *testing.T) {
	srv := faultServer(t, 400, `{"code":"invalid_credentials","message":"Invalid login credentials"}`, nil, 20*time.Millisecond)
	c, err := NewClient(srv.URL, "key", noRetries)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var closedSeen atomic.Int64
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, err := c.SignInWithPassword("a@example.com", "", "pw", nil)
				switch {
				case errors.Is(err, ErrClosed):
					closedSeen.Add(1)
					return
				case !errors.Is(err, ErrInvalidCredentials):
					t.Errorf("unexpected error: %v", err)
					return
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(60 * time.Millisecond)
			c.Close()
		}()
	}
	wg.Wait()
	if closedSeen.Load() != 16 {
		t.Fatalf("%d goroutines saw ErrClosed", closedSeen.Load())
	}
}

// Garbage collection running all the time while calls are in flight (answers are
// delayed) must never free a handle under a call; clients dropped without Close are
// freed by the cleanup.
func TestGCDuringCalls(t *testing.T) {
	srv := faultServer(t, 503, `{"code":"unexpected_failure","message":"try later"}`, nil, 15*time.Millisecond)
	before := cleanupsRun.Load()
	stop := make(chan struct{})
	var gcWG sync.WaitGroup
	gcWG.Add(1)
	go func() {
		defer gcWG.Done()
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	}()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				// A fresh client per call, never closed, unreachable right after the call
				// starts from the caller's point of view.
				c, err := NewClient(srv.URL, "key", noRetries)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := c.Health(); !errors.Is(err, ErrUnexpectedFailure) {
					t.Errorf("Health: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for cleanupsRun.Load() == before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	gcWG.Wait()
	if cleanupsRun.Load() == before {
		t.Fatal("no dropped client was freed by the cleanup")
	}
}

// Many goroutines share one client; each gets the answer to its own request (the
// fixture echoes the email it received into the error message).
func TestManyGoroutinesShareOneClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Email string `json:"email"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		json.NewEncoder(w).Encode(map[string]any{"code": "invalid_credentials", "message": "no " + body.Email})
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL)
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				email := fmt.Sprintf("user%d-%d@example.com", g, i)
				_, err := c.SignInWithPassword(email, "", "pw", nil)
				var e *Error
				if !errors.As(err, &e) || e.Code != CodeInvalidCredentials || e.Message != "no "+email {
					t.Errorf("goroutine %d got %v", g, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
