package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// methodRoutes lists each route with a concrete path and the methods its
// Allow header must name.
var methodRoutes = []struct {
	path  string
	allow []string
}{
	{"/healthz", []string{"GET", "HEAD", "OPTIONS"}},
	{"/v1/customers", []string{"OPTIONS", "POST"}},
	{"/v1/customers/cus_x", []string{"GET", "HEAD", "OPTIONS", "PATCH"}},
	{"/v1/customers/cus_x/confirm", []string{"OPTIONS", "POST"}},
	{"/v1/customers/cus_x/generate_confirmation", []string{"OPTIONS", "POST"}},
	{"/_sandbox/sms", []string{"DELETE", "GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/sms/latest", []string{"GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/customers", []string{"GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/reset", []string{"OPTIONS", "POST"}},
	{"/_sandbox/clock", []string{"GET", "HEAD", "OPTIONS", "POST"}},
	{"/_sandbox/state", []string{"GET", "HEAD", "OPTIONS", "PUT"}},
	{"/_sandbox/capabilities", []string{"GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/requests", []string{"DELETE", "GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/faults", []string{"DELETE", "GET", "HEAD", "OPTIONS", "POST"}},
	{"/_sandbox/faults/flt_x", []string{"DELETE", "OPTIONS"}},
	{"/metrics", []string{"GET", "HEAD", "OPTIONS"}},
	{"/openapi.json", []string{"GET", "HEAD", "OPTIONS"}},
	{"/_sandbox", []string{"GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/", []string{"GET", "HEAD", "OPTIONS"}},
	{"/_sandbox/events", []string{"GET", "HEAD", "OPTIONS"}},
}

// probeMethods are sent to every route; the ones a route does not serve
// must get 405.
var probeMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "get"}

func TestMethodNotAllowedEverywhere(t *testing.T) {
	h := startHostile(t, Options{})
	for _, route := range methodRoutes {
		wantAllow := strings.Join(route.allow, ", ")
		for _, method := range probeMethods {
			if slices.Contains(route.allow, method) {
				continue
			}
			t.Run(method+" "+route.path, func(t *testing.T) {
				before := h.storedData(t, "")
				resp := h.do(t, hostileRequest{method: method, path: route.path})
				if got := resp.header.Get("Allow"); got != wantAllow {
					t.Errorf("Allow: got %q, want %q", got, wantAllow)
				}
				if method == "HEAD" {
					if resp.status != http.StatusMethodNotAllowed {
						t.Errorf("status: got %d, want 405", resp.status)
					}
					return
				}
				wantError(t, resp, http.StatusMethodNotAllowed, codeMethodNotAllowed, "")
				if after := h.storedData(t, ""); after != before {
					t.Errorf("stored data changed:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	}
}

// TestOptionsListsMethods sends OPTIONS without CORS headers: 204 and the
// Allow header, on every route.
func TestOptionsListsMethods(t *testing.T) {
	h := startHostile(t, Options{})
	for _, route := range methodRoutes {
		t.Run(route.path, func(t *testing.T) {
			resp := h.do(t, hostileRequest{method: http.MethodOptions, path: route.path})
			if resp.status != http.StatusNoContent {
				t.Errorf("status: got %d, want 204", resp.status)
			}
			if got, want := resp.header.Get("Allow"), strings.Join(route.allow, ", "); got != want {
				t.Errorf("Allow: got %q, want %q", got, want)
			}
		})
	}
}

// TestHeadMatchesGet checks that HEAD gives GET's status and headers with
// no body, for a found and a missing customer and for the controls.
func TestHeadMatchesGet(t *testing.T) {
	h := startHostile(t, Options{Deterministic: true})
	c := h.create(t, "", "+12025550100")
	paths := []string{
		"/healthz",
		"/v1/customers/" + c.ID,
		"/v1/customers/cus_missing",
		"/_sandbox/sms",
		"/_sandbox/sms/latest",
		"/_sandbox/customers",
		"/_sandbox/clock",
		"/_sandbox/state",
		"/_sandbox/capabilities",
		"/_sandbox/requests",
		"/_sandbox/faults",
		"/openapi.json",
		"/_sandbox",
		"/v1/nothing",
	}

	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			get := h.get(t, "", path)
			head := h.do(t, hostileRequest{method: http.MethodHead, path: path})
			if head.status != get.status {
				t.Errorf("status: got %d, want GET's %d", head.status, get.status)
			}
			if len(head.body) != 0 {
				t.Errorf("body: got %d bytes, want none", len(head.body))
			}
			if got, want := head.header.Get("Content-Type"), get.header.Get("Content-Type"); got != want {
				t.Errorf("Content-Type: got %q, want GET's %q", got, want)
			}
			// An error message may name the method, so only a success
			// has the same length for both.
			if get.status < 300 && head.header.Get("Content-Length") != get.header.Get("Content-Length") {
				t.Errorf("Content-Length: got %q, want GET's %q", head.header.Get("Content-Length"), get.header.Get("Content-Length"))
			}
		})
	}
}

// TestCORSPreflight sends a browser preflight to every route: 204 with the
// Access-Control headers, and no API key needed even where one is
// required.
func TestCORSPreflight(t *testing.T) {
	h := startHostile(t, Options{APIKeys: []string{"sk_test_cors"}})
	for _, route := range methodRoutes {
		t.Run(route.path, func(t *testing.T) {
			resp := h.do(t, hostileRequest{method: http.MethodOptions, path: route.path, header: map[string]string{
				"Origin":                         "https://app.example.com",
				"Access-Control-Request-Method":  "POST",
				"Access-Control-Request-Headers": "authorization, content-type",
			}})
			if resp.status != http.StatusNoContent {
				t.Fatalf("status: got %d, want 204; body %s", resp.status, resp.body)
			}
			want := map[string]string{
				"Access-Control-Allow-Origin":   "*",
				"Access-Control-Allow-Headers":  "authorization, content-type",
				"Access-Control-Expose-Headers": "Request-Id, Location, Retry-After",
			}
			for name, value := range want {
				if got := resp.header.Get(name); got != value {
					t.Errorf("%s: got %q, want %q", name, got, value)
				}
			}
			if got, want := resp.header.Get("Access-Control-Allow-Methods"), strings.Join(route.allow, ", "); got != want {
				t.Errorf("Access-Control-Allow-Methods: got %q, want the route's methods %q", got, want)
			}
		})
	}
}

// TestCORSPreflightUnknownPath checks that a preflight for a path that
// matches no route still gets 204 with every method some route serves,
// so the browser sends the real request and shows its JSON 404.
func TestCORSPreflightUnknownPath(t *testing.T) {
	h := startHostile(t, Options{})
	for _, path := range []string{"/v2/customers", "/v1/customers/", "/v1/customers/a%2Fb"} {
		resp := h.do(t, hostileRequest{method: http.MethodOptions, path: path, header: map[string]string{
			"Origin":                        "https://app.example.com",
			"Access-Control-Request-Method": "GET",
		}})

		if resp.status != http.StatusNoContent {
			t.Errorf("%s: got status %d, want 204; body %s", path, resp.status, resp.body)
		}
		if got := resp.header.Get("Access-Control-Allow-Methods"); got != anyRouteMethods {
			t.Errorf("%s: Access-Control-Allow-Methods: got %q, want %q", path, got, anyRouteMethods)
		}
		resp = h.do(t, hostileRequest{method: http.MethodGet, path: path, header: map[string]string{"Origin": "https://app.example.com"}})
		if resp.status != http.StatusNotFound || resp.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: got status %d and Access-Control-Allow-Origin %q, want 404 readable from any origin",
				path, resp.status, resp.header.Get("Access-Control-Allow-Origin"))
		}
	}
}

// TestCORSOriginsRestricted checks that with a list of origins only those
// get Access-Control-Allow-Origin, echoed with Vary: Origin.
func TestCORSOriginsRestricted(t *testing.T) {
	h := startHostile(t, Options{CORSOrigins: []string{"https://qa.example.com"}})
	cases := []struct {
		origin string
		want   string
	}{
		{"https://qa.example.com", "https://qa.example.com"},
		{"https://evil.example.com", ""},
		{"https://qa.example.com.evil.example.com", ""},
		{"null", ""},
	}

	for _, tc := range cases {
		t.Run(tc.origin, func(t *testing.T) {
			resp := h.do(t, hostileRequest{method: http.MethodOptions, path: "/v1/customers", header: map[string]string{
				"Origin":                        tc.origin,
				"Access-Control-Request-Method": "POST",
			}})
			if got := resp.header.Get("Access-Control-Allow-Origin"); got != tc.want {
				t.Errorf("Access-Control-Allow-Origin: got %q, want %q", got, tc.want)
			}
			if tc.want != "" && !slices.Contains(resp.header.Values("Vary"), "Origin") {
				t.Errorf("Vary: got %q, want it to list Origin", resp.header.Values("Vary"))
			}
		})
	}
}
