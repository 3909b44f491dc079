package gotrue

/*
#include "gotrue.h"
*/
import "C"

import (
	"runtime"
	"sync"
	"time"
)

// Loopback is a desktop sign-in in progress (gotrue_client_start_loopback_sign_in): a
// one-shot listener on 127.0.0.1 that takes the browser's redirect and completes the
// sign-in through the client. Open URL() in the browser, then Wait. Safe for concurrent
// use: Cancel (or Close) from one goroutine ends a Wait in another with ErrCancelled.
type Loopback struct {
	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup
	n        *loopbackNative
	cleanup  runtime.Cleanup
	// URL is the URL to open in the browser; RedirectTo is the listener's own URL (the
	// redirect URL for a flow started with "redirect", e.g. SignInWithOTP's email_redirect_to).
	url, redirectTo string
}

type loopbackNative struct{ h *C.GoTrueLoopback }

// StartLoopbackSignIn opens the listener. providerOrFlow is an OAuth provider ("github",
// ...), whose authorize URL URL() then is, or "redirect" for a flow the app starts itself
// with RedirectTo() as its redirect URL. opts: {"port", "path", "scopes", "query_params"}.
func (c *Client) StartLoopbackSignIn(providerOrFlow string, opts Options) (*Loopback, error) {
	var a cargs
	defer a.free()
	cProvider, cOpts := a.str("providerOrFlow", providerOrFlow), a.json("opts", opts)
	if a.err != nil {
		return nil, a.err
	}
	var h *C.GoTrueLoopback
	if err := c.call(func(ch *C.GoTrueClient) *C.GoTrueError {
		return C.gotrue_client_start_loopback_sign_in(ch, cProvider, cOpts, &h)
	}); err != nil {
		return nil, err
	}
	l := &Loopback{
		n:          &loopbackNative{h: h},
		url:        C.GoString(C.gotrue_loopback_url(h)),
		redirectTo: C.GoString(C.gotrue_loopback_redirect_to(h)),
	}
	l.cleanup = runtime.AddCleanup(l, func(n *loopbackNative) { C.gotrue_loopback_free(n.h) }, l.n)
	return l, nil
}

// URL is the URL to open in the browser.
func (l *Loopback) URL() string { return l.url }

// RedirectTo is the listener's URL (it carries the sign-in's state: keep it private).
func (l *Loopback) RedirectTo() string { return l.redirectTo }

// Wait blocks up to timeout for the sign-in: the session (also the client's current
// session), the flow's error, ErrTimeout (the listener stays open: wait again), or
// ErrCancelled. Once complete, every later Wait returns the same result at once.
func (l *Loopback) Wait(timeout time.Duration) (*Session, error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, ErrClosed
	}
	l.inflight.Add(1)
	l.mu.Unlock()
	defer l.inflight.Done()
	if timeout < 0 {
		timeout = 0
	}
	var s *C.GoTrueSession
	err := takeError(C.gotrue_loopback_wait(l.n.h, C.uint64_t(timeout.Milliseconds()), &s))
	runtime.KeepAlive(l)
	if err != nil {
		return nil, err
	}
	return takeSession(s)
}

// Cancel stops the listener; a Wait in progress or later returns ErrCancelled. Idempotent.
func (l *Loopback) Cancel() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		C.gotrue_loopback_cancel(l.n.h)
	}
}

// Close cancels, waits for Waits in progress to return, and frees the listener. Closing
// twice is fine.
func (l *Loopback) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	C.gotrue_loopback_cancel(l.n.h)
	l.mu.Unlock()
	l.inflight.Wait()
	l.cleanup.Stop()
	C.gotrue_loopback_free(l.n.h)
	return nil
}
