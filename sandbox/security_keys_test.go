package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestAuthorizationMalformed sends Authorization headers that cannot name
// one tenant: each is 401 api_key_invalid, and nothing is stored.
func TestAuthorizationMalformed(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		message string
	}{
		{name: "two headers", headers: []string{"Bearer a", "Bearer b"}, message: "one Authorization header"},
		{name: "space inside the key", headers: []string{"Bearer k1 extra"}, message: "malformed"},
		{name: "tab inside the key", headers: []string{"Bearer k1\textra"}, message: "malformed"},
		{name: "invalid UTF-8", headers: []string{"Bearer \xc3\xa9\xff"}, message: "malformed"},
		{name: "no-break space", headers: []string{"Bearer k1\u00a0extra"}, message: "malformed"},
		{name: "C1 control character", headers: []string{"Bearer k1\u0085"}, message: "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, sandbox.Options{})
			req, err := http.NewRequest(http.MethodPost, ts.URL+"/v1/customers", strings.NewReader(createBody("+12025550143", "US")))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			for _, h := range tt.headers {
				req.Header.Add("Authorization", h)
			}

			r := ts.client("").send(t, req)

			e := r.wantError(t, http.StatusUnauthorized, "api_key_invalid", "")
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("got message %q, want it to contain %q", e.Message, tt.message)
			}
			if got := ts.client("").customers(t); len(got) != 0 {
				t.Errorf("got %d customers in the default tenant, want 0", len(got))
			}
		})
	}
}

// TestAuthorizationKeysAccepted checks keys that are valid: non-ASCII
// UTF-8, and spaces around the key, which are not part of it.
func TestAuthorizationKeysAccepted(t *testing.T) {
	ts := startServer(t, sandbox.Options{})
	for _, header := range []string{"Bearer clé-été", "Bearer   padded  "} {
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/_sandbox/customers", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", header)

		ts.client("").send(t, req).wantStatus(t, http.StatusOK)
	}
}
