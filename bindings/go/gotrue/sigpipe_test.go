package gotrue

import (
	"bufio"
	"net"
	"os"
	"os/signal"
	"strings"
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
	t.Cleanup(func() { l.Close() })
	answer := "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 44\r\n\r\n" +
		`{"code":"invalid_credentials","message":"n"}`
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func(conn *net.TCPConn) {
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
				conn.SetReadDeadline(time.Now().Add(3 * time.Second))
				if _, err := r.Peek(1); err != nil {
					return
				}
				conn.Write([]byte(answer))
				conn.CloseWrite()
				time.Sleep(200 * time.Millisecond)
			}(conn.(*net.TCPConn))
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
	for i := 0; i < 6; i++ {
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
