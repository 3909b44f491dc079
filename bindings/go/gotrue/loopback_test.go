package gotrue

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func TestLoopbackMisuseAndLifecycle(t *testing.T) {
	c := newTestClient(t, refusedURL(t))
	if _, err := c.StartLoopbackSignIn("", nil); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("empty provider: %v", err)
	}
	if _, err := c.StartLoopbackSignIn("redi\x00rect", nil); err == nil {
		t.Fatal("a NUL byte must be refused")
	}
	if _, err := c.StartLoopbackSignIn("redirect", Options{"nope": 1}); !errors.Is(err, ErrInvalidJSON) {
		t.Fatalf("unknown option: %v", err)
	}
	l, err := c.StartLoopbackSignIn("redirect", Options{"path": "/cb"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.RedirectTo(), "http://127.0.0.1:") || !strings.Contains(l.RedirectTo(), "/cb?state=") || l.URL() != l.RedirectTo() {
		t.Fatalf("urls: %q %q", l.URL(), l.RedirectTo())
	}
	if _, err := l.Wait(0); !errors.Is(err, ErrTimeout) {
		t.Fatalf("nothing arrived yet: %v", err)
	}
	done := make(chan error, 1)
	go func() { _, err := l.Wait(30 * time.Second); done <- err }()
	time.Sleep(100 * time.Millisecond)
	l.Cancel()
	if err := <-done; !errors.Is(err, ErrCancelled) {
		t.Fatalf("cancel ends a wait: %v", err)
	}
	host := strings.TrimPrefix(strings.SplitN(l.RedirectTo(), "/cb", 2)[0], "http://")
	if conn, err := net.Dial("tcp", host); err == nil {
		conn.Close()
		t.Fatal("the listener is closed after Cancel")
	}
	l.Close()
	l.Close()
	if _, err := l.Wait(0); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	l.Cancel() // no-op after Close
	c.Close()
	if _, err := c.StartLoopbackSignIn("redirect", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("closed client: %v", err)
	}
}
