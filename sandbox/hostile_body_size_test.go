package sandbox

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// promptReply is how long a test waits for a 413 that must not depend on
// the rest of the body arriving.
const promptReply = 3 * time.Second

// rawExchange writes head and then partial to a fresh connection, never
// sends the rest, and reads the response within promptReply.
func rawExchange(t *testing.T, h *hostileServer, head, partial string) *http.Response {
	t.Helper()

	conn, err := net.Dial("tcp", h.ts.Listener.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.Close() })

	if _, err := io.WriteString(conn, head+partial); err != nil {
		t.Fatalf("write request: %v", err)
	}
	if err := conn.SetReadDeadline(time.Now().Add(promptReply)); err != nil {
		t.Fatalf("set deadline: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response within %s while the body was incomplete: %v", promptReply, err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func requestHead(path, extra string) string {
	return "POST " + path + " HTTP/1.1\r\nHost: sandbox.test\r\nContent-Type: application/json\r\n" + extra + "\r\n"
}

// TestBodyTooLargeAnswersPromptly sends bodies over the limit that the
// client never finishes: the 413 must come at once, not after the server
// has read or waited for the whole body.
func TestBodyTooLargeAnswersPromptly(t *testing.T) {
	chunk := func(n int) string { return fmt.Sprintf("%x\r\n%s\r\n", n, strings.Repeat(" ", n)) }
	cases := []struct {
		name    string
		head    string
		partial string
	}{
		{"declared 10 MB", requestHead("/v1/customers", "Content-Length: 10485760\r\n"), `{"unconfirmed_phone_number": `},
		{"declared just over the limit", requestHead("/v1/customers", "Content-Length: 65537\r\n"), `{"unconfirmed_phone_number": `},
		{"declared 100 kB", requestHead("/v1/customers", "Content-Length: 100000\r\n"), `{"country_code": "US"`},
		{"declared 10 MB with 100-continue", requestHead("/v1/customers", "Content-Length: 10485760\r\nExpect: 100-continue\r\n"), ""},
		{"chunked over the limit", requestHead("/v1/customers", "Transfer-Encoding: chunked\r\n"), chunk(1) + chunk(40_000) + chunk(40_000)},
		{"chunked confirm over the limit", requestHead("/v1/customers/cus_x/confirm", "Transfer-Encoding: chunked\r\n"), chunk(70_000)},
		{"patch declared 1 MB", strings.Replace(requestHead("/v1/customers/cus_x", "Content-Length: 1048576\r\n"), "POST", "PATCH", 1), "{"},
	}

	h := startHostile(t, Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			resp := rawExchange(t, h, tc.head, tc.partial)
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("status: got %d, want 413", resp.StatusCode)
			}
			if elapsed := time.Since(start); elapsed > promptReply/2 {
				t.Errorf("413 took %s, want it without waiting for the body", elapsed)
			}
			if !resp.Close {
				t.Errorf("connection stays open after a 413 with unread body, want Connection: close")
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("read body: %v", err)
			}
			wantError(t, hostileResponse{status: resp.StatusCode, header: resp.Header, body: body},
				http.StatusRequestEntityTooLarge, codeBodyTooLarge, "")
		})
	}
}

// TestBodyLimitBoundary pads a valid body with spaces to the limit and one
// byte over, sent both with a length and chunked.
func TestBodyLimitBoundary(t *testing.T) {
	const limit = 4096
	pad := func(n int) string { return validCreate + strings.Repeat(" ", n-len(validCreate)) }
	cases := []struct {
		name    string
		body    string
		chunked bool
		status  int
	}{
		{"at the limit", pad(limit), false, http.StatusCreated},
		{"one byte over", pad(limit + 1), false, http.StatusRequestEntityTooLarge},
		{"chunked at the limit", pad(limit), true, http.StatusCreated},
		{"chunked one byte over", pad(limit + 1), true, http.StatusRequestEntityTooLarge},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := startHostile(t, Options{MaxBodyBytes: limit})
			var body io.Reader = strings.NewReader(tc.body)
			if tc.chunked {
				body = io.MultiReader(body) // hides the length, so the client sends chunks
			}
			r, err := http.NewRequest(http.MethodPost, h.ts.URL+"/v1/customers", body)
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Content-Type", "application/json")
			resp := h.send(t, r)
			if resp.status != tc.status {
				t.Fatalf("status: got %d, want %d; body %s", resp.status, tc.status, resp.body)
			}
			if tc.status == http.StatusRequestEntityTooLarge {
				wantError(t, resp, tc.status, codeBodyTooLarge, "")
				if got := h.storedData(t, ""); got != `{"customers":[],"sms":[]}` {
					t.Errorf("stored data: got %s, want none", got)
				}
			}
		})
	}
}

// TestStateBodyHasItsOwnLimit checks that PUT /_sandbox/state is bounded by
// MaxStateBytes and not by the smaller API limit.
func TestStateBodyHasItsOwnLimit(t *testing.T) {
	h := startHostile(t, Options{MaxBodyBytes: 1024, MaxStateBytes: 8192})
	state := `{"tenant": "default", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": [], "sms": []}`

	resp := h.do(t, hostileRequest{method: http.MethodPut, path: "/_sandbox/state", body: state + strings.Repeat(" ", 4000)})
	if resp.status != http.StatusOK {
		t.Errorf("4 kB state body: got status %d, want 200; body %s", resp.status, resp.body)
	}

	resp = h.do(t, hostileRequest{method: http.MethodPut, path: "/_sandbox/state", body: state + strings.Repeat(" ", 9000)})
	wantError(t, resp, http.StatusRequestEntityTooLarge, codeBodyTooLarge, "")
}
