package gotrue

import (
	"bufio"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A peer that answers the first request on each connection in full, and the second as
// soon as its first bytes arrive: it answers early, shuts down its side and closes with
// the rest unread (a reset). The client's pooled connection keeps unsent data, which the
// next call's I/O writes: EPIPE, and (without the library's guard) SIGPIPE.
func earlyClosingPeer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var current net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		if current != nil {
			current.Close() // an idle keep-alive connection holds the peer in Read
		}
		mu.Unlock()
	})
	answer := "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 44\r\n\r\n" +
		`{"code":"invalid_credentials","message":"n"}`
	// One connection at a time, as the C test's peer: the next call waits for this one's
	// reset, so the library's I/O is running when the reset arrives.
	serve := func(conn net.Conn) {
		defer conn.Close()
		r := bufio.NewReader(conn)
		length := 0
		for { // first request: head and body
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if v, ok := strings.CutPrefix(strings.ToLower(line), "content-length:"); ok {
				length = atoiOr0(strings.TrimSpace(v))
			}
			if line == "\r\n" {
				break
			}
		}
		if _, err := r.Discard(length); err != nil {
			return
		}
		conn.Write([]byte(answer))
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		if _, err := r.Peek(1); err != nil {
			return
		}
		conn.Write([]byte(answer))
		conn.(*net.TCPConn).CloseWrite()
		time.Sleep(200 * time.Millisecond)
	}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			current = conn
			mu.Unlock()
			serve(conn)
		}
	}()
	return "http://" + l.Addr().String()
}

func atoiOr0(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return n
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// The Go runtime ignores SIGPIPE on its threads unless asked, so ask: any SIGPIPE the
// library raises while writing to a dead connection then shows up on the channel.
func TestNoSIGPIPEFromAWriteToAResetConnection(t *testing.T) {
	pipes := make(chan os.Signal, 16)
	signal.Notify(pipes, syscall.SIGPIPE)
	defer signal.Stop(pipes)

	c := newTestClient(t, earlyClosingPeer(t))
	big := strings.Repeat("a", 8<<20)
	for i := 0; i < 20; i++ {
		password := "small"
		if i%2 == 1 {
			password = big
		}
		if _, err := c.SignInWithPassword("ada@example.com", "", password, nil); err == nil {
			t.Fatal("the peer never signs anyone in")
		}
	}
	select {
	case sig := <-pipes:
		t.Fatalf("the library let %v reach the process", sig)
	case <-time.After(300 * time.Millisecond):
	}
}
