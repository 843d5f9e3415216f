package main

import (
	"bufio"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestServerLimitsFromFlags checks that every connection limit is set by
// default and that the flags reach the http.Server.
func TestServerLimitsFromFlags(t *testing.T) {
	type limits struct {
		readHeader, read, write, idle time.Duration
		maxHeaderBytes                int
	}
	cases := []struct {
		name string
		args []string
		want limits
	}{
		{"defaults", nil, limits{5 * time.Second, 30 * time.Second, 60 * time.Second, 120 * time.Second, 64 << 10}},
		{"flags", []string{"--read-header-timeout", "1s", "--read-timeout", "2s", "--write-timeout", "3s", "--idle-timeout", "4s", "--max-header-bytes", "8192"},
			limits{time.Second, 2 * time.Second, 3 * time.Second, 4 * time.Second, 8192}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseFlags(tc.args, func(string) string { return "" })
			if err != nil {
				t.Fatal(err)
			}
			srv := newHTTPServer(http.NotFoundHandler(), cfg.timeouts, slog.New(slog.DiscardHandler))

			got := limits{srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.MaxHeaderBytes}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestListenAddress checks that the server listens on loopback unless
// --addr or its environment twin sets another address.
func TestListenAddress(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"default", nil, nil, "127.0.0.1:8080"},
		{"flag", []string{"--addr", "0.0.0.0:9000"}, nil, "0.0.0.0:9000"},
		{"environment", nil, map[string]string{"SANDBOX_ADDR": "[::]:9001"}, "[::]:9001"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseFlags(tc.args, func(name string) string { return tc.env[name] })
			if err != nil {
				t.Fatal(err)
			}
			if cfg.addr != tc.want {
				t.Errorf("addr: got %q, want %q", cfg.addr, tc.want)
			}
		})
	}
}

// startLimited serves a sandbox on a loopback port with the connection
// limits that args set, and returns its address.
func startLimited(t *testing.T, args ...string) string {
	t.Helper()

	cfg, err := parseFlags(args, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	sb, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(sb, cfg.timeouts, slog.New(slog.DiscardHandler))
	go srv.Serve(ln)
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	return ln.Addr().String()
}

// dialLimited opens a connection to addr that the test closes at its end.
func dialLimited(t *testing.T, addr string) net.Conn {
	t.Helper()

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// waitClosed reads from conn until the server closes it and returns how
// long that took; it fails the test after limit.
func waitClosed(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()

	start := time.Now()
	if err := conn.SetReadDeadline(start.Add(limit)); err != nil {
		t.Fatal(err)
	}
	_, err := io.Copy(io.Discard, conn)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Fatalf("connection still open after %s", limit)
	}
	return time.Since(start)
}

// TestSlowHeadersCutOff sends request headers one byte at a time, slower
// than --read-header-timeout allows: the server must close the connection
// without waiting for the rest.
func TestSlowHeadersCutOff(t *testing.T) {
	addr := startLimited(t, "--read-header-timeout", "300ms")
	conn := dialLimited(t, addr)

	go func() {
		for _, b := range []byte("GET /healthz HTTP/1.1\r\nHost: sandbox.test\r\nX-Slow: " + strings.Repeat("a", 100) + "\r\n\r\n") {
			if _, err := conn.Write([]byte{b}); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()

	if took := waitClosed(t, conn, 5*time.Second); took > 2*time.Second {
		t.Errorf("connection closed after %s, want soon after the 300ms header timeout", took)
	}
}

// TestSlowBodyCutOff sends the headers at once and the body one byte at a
// time: --read-timeout must end the request.
func TestSlowBodyCutOff(t *testing.T) {
	addr := startLimited(t, "--read-timeout", "500ms")
	conn := dialLimited(t, addr)
	body := `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`
	head := "POST /v1/customers HTTP/1.1\r\nHost: sandbox.test\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}

	go func() {
		for i := range len(body) {
			if _, err := io.WriteString(conn, body[i:i+1]); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()

	start := time.Now()
	if err := conn.SetReadDeadline(start.Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusCreated {
			t.Fatalf("slow body accepted with 201 after %s, want it cut off at 500ms", time.Since(start))
		}
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("request ended after %s, want soon after the 500ms read timeout", took)
	}
}

// TestIdleConnectionClosed checks that a keep-alive connection left idle
// is closed after --idle-timeout.
func TestIdleConnectionClosed(t *testing.T) {
	addr := startLimited(t, "--idle-timeout", "300ms")
	conn := dialLimited(t, addr)
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: sandbox.test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	reader := bufio.NewReader(conn)
	resp, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	start := time.Now()
	if err := conn.SetReadDeadline(start.Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := reader.ReadByte(); err == nil {
		t.Fatal("idle connection sent data, want it closed")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("idle connection closed after %s, want soon after 300ms", took)
	}
}

// TestHeaderTooLarge checks that a header block over --max-header-bytes
// gets 431.
func TestHeaderTooLarge(t *testing.T) {
	addr := startLimited(t, "--max-header-bytes", "4096")
	conn := dialLimited(t, addr)
	// net/http allows 4096 bytes over the limit, so send well over both.
	head := "GET /healthz HTTP/1.1\r\nHost: sandbox.test\r\nX-Big: " + strings.Repeat("a", 32<<10) + "\r\n\r\n"
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	go io.WriteString(conn, head)

	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response to an oversized header: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status: got %d, want 431", resp.StatusCode)
	}
}

// TestWaitsOutlastWriteTimeout checks that a long-poll and a fault's delay
// longer than --write-timeout still get their response, instead of a
// connection closed without one, and that the connection then serves the
// next request.
func TestWaitsOutlastWriteTimeout(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		setup  string // a fault rule to add first, or ""
		method string
		path   string
		status int
	}{
		{name: "long-poll", args: []string{"--write-timeout", "500ms"}, method: http.MethodGet,
			path: "/_sandbox/sms/latest?wait=1500ms", status: http.StatusNotFound},
		{name: "fault delay", args: []string{"--write-timeout", "500ms"}, method: http.MethodGet,
			setup: `{"path": "/v1/customers/{id}", "delay": "1500ms"}`, path: "/v1/customers/cus_missing", status: http.StatusNotFound},
		{name: "long-poll read timeout", args: []string{"--read-timeout", "500ms"}, method: http.MethodGet,
			path: "/_sandbox/sms/latest?wait=1500ms", status: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := "http://" + startLimited(t, tt.args...)
			client := &http.Client{Timeout: 10 * time.Second}
			if tt.setup != "" {
				res, err := client.Post(base+"/_sandbox/faults", "application/json", strings.NewReader(tt.setup))
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					t.Fatalf("add fault: got status %d, want 201", res.StatusCode)
				}
			}

			for i, path := range []string{tt.path, "/healthz"} {
				req, err := http.NewRequest(tt.method, base+path, nil)
				if err != nil {
					t.Fatal(err)
				}
				res, err := client.Do(req)
				if err != nil {
					t.Fatalf("request %d, %s %s: %v", i+1, tt.method, path, err)
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil {
					t.Fatalf("request %d, %s %s: read body: %v", i+1, tt.method, path, err)
				}
				want := tt.status
				if i == 1 {
					want = http.StatusOK
				}
				if res.StatusCode != want || len(body) == 0 {
					t.Errorf("request %d, %s %s: got status %d and body %q, want %d with a body", i+1, tt.method, path, res.StatusCode, body, want)
				}
			}
		})
	}
}
