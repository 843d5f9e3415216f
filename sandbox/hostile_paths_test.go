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

// TestHostilePaths sends near misses of real routes around an existing,
// pending customer. Each must be a JSON 404 without a redirect, and none
// may reach a handler that changes something: with the right token in the
// body, a confirm that slipped through would confirm the customer.
func TestHostilePaths(t *testing.T) {
	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550100")
	id := c.ID
	confirm := `{"confirmation_token": "123456"}`
	longID := "cus_" + strings.Repeat("a", 10_000)

	cases := []struct {
		name   string
		method string
		path   string
		body   string
		code   string
	}{
		{"collection trailing slash", "POST", "/v1/customers/", validCreate, codeRouteMissing},
		{"customer trailing slash", "GET", "/v1/customers/" + id + "/", "", codeRouteMissing},
		{"confirm trailing slash", "POST", "/v1/customers/" + id + "/confirm/", confirm, codeRouteMissing},
		{"leading double slash", "GET", "//v1/customers/" + id, "", codeRouteMissing},
		{"inner double slash", "GET", "/v1//customers/" + id, "", codeRouteMissing},
		{"double slash before id", "POST", "/v1/customers//" + id + "/confirm", confirm, codeRouteMissing},
		{"encoded slash in id", "POST", "/v1/customers/" + id + "%2Fconfirm", confirm, codeRouteMissing},
		{"lower-case encoded slash", "POST", "/v1/customers/" + id + "%2fconfirm", confirm, codeRouteMissing},
		{"encoded slash before id", "GET", "/v1/customers%2F" + id, "", codeRouteMissing},
		{"encoded backslash", "POST", "/v1/customers/" + id + "%5Cconfirm", confirm, codeRouteMissing},
		{"double-encoded slash", "GET", "/v1/customers/" + id + "%252Fconfirm", "", codeResourceMissing},
		{"upper-case version", "GET", "/V1/customers/" + id, "", codeRouteMissing},
		{"dot segment", "GET", "/v1/customers/..", "", codeResourceMissing},
		{"encoded dot segment", "GET", "/v1/customers/%2e%2e", "", codeResourceMissing},
		{"dot segment to collection", "POST", "/v1/customers/x/../../customers", validCreate, codeRouteMissing},
		{"NUL in id", "GET", "/v1/customers/%00", "", codeResourceMissing},
		{"NUL after id", "POST", "/v1/customers/" + id + "%00/confirm", confirm, codeResourceMissing},
		{"unicode id", "GET", "/v1/customers/c%C3%BCs_1", "", codeResourceMissing},
		{"space after id", "GET", "/v1/customers/" + id + "%20", "", codeResourceMissing},
		{"semicolon parameter", "GET", "/v1/customers/" + id + ";v=1", "", codeResourceMissing},
		{"10 KB id", "GET", "/v1/customers/" + longID, "", codeResourceMissing},
		{"10 KB id confirm", "POST", "/v1/customers/" + longID + "/confirm", confirm, codeResourceMissing},
		{"unknown sub-resource", "POST", "/v1/customers/" + id + "/delete", "", codeRouteMissing},
		{"control trailing slash", "GET", "/_sandbox/sms/", "", codeRouteMissing},
		{"health trailing slash", "GET", "/healthz/", "", codeRouteMissing},
	}

	before := h.storedData(t, "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := rawRequest(t, h, tc.method, tc.path, tc.body)
			if resp.status >= 300 && resp.status < 400 {
				t.Fatalf("status: got redirect %d to %q, want 404", resp.status, resp.header.Get("Location"))
			}
			if loc := resp.header.Get("Location"); loc != "" {
				t.Errorf("Location: got %q, want none", loc)
			}
			param := ""
			if tc.code == codeResourceMissing {
				param = "id"
			}
			e := wantError(t, resp, http.StatusNotFound, tc.code, param)
			if len(e.Message) > 1000 {
				t.Errorf("message is %d bytes, want at most 1000 whatever the path", len(e.Message))
			}
			if after := h.storedData(t, ""); after != before {
				t.Errorf("stored data changed, so the request reached a handler:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// rawRequest writes the request line exactly as given, so neither the
// client nor its URL parser can clean the path, and reads the response.
func rawRequest(t *testing.T, h *hostileServer, method, path, body string) hostileResponse {
	t.Helper()

	conn, err := net.Dial("tcp", h.ts.Listener.Addr().String())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatalf("set deadline: %v", err)
	}

	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: sandbox.test\r\nConnection: close\r\nContent-Length: %d\r\n", method, path, len(body))
	if body != "" {
		head += "Content-Type: application/json\r\n"
	}
	if _, err := io.WriteString(conn, head+"\r\n"+body); err != nil {
		t.Fatalf("write request: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response to %s %s: %v", method, truncate(path, 80), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return hostileResponse{status: resp.StatusCode, header: resp.Header, body: data}
}

// TestPercentEncodedIDFindsCustomer checks that an id with characters
// percent-encoded that need not be, as some URL encoders do, is the same
// id: %5F is an underscore.
func TestPercentEncodedIDFindsCustomer(t *testing.T) {
	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550100")
	encoded := strings.Replace(c.ID, "_", "%5F", 1)

	resp := rawRequest(t, h, "GET", "/v1/customers/"+encoded, "")
	if resp.status != http.StatusOK {
		t.Fatalf("GET /v1/customers/%s: got status %d, want 200; body %s", encoded, resp.status, resp.body)
	}

	resp = rawRequest(t, h, "POST", "/v1/customers/"+encoded+"/confirm", `{"confirmation_token": "123456"}`)
	if resp.status != http.StatusOK {
		t.Fatalf("confirm with %s: got status %d, want 200; body %s", encoded, resp.status, resp.body)
	}
	var got customerJSON
	decodeJSON(t, resp.body, &got)
	if got.ID != c.ID {
		t.Errorf("id: got %q, want %q", got.ID, c.ID)
	}
}
