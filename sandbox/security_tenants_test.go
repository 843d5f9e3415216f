package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

const (
	keyAlice = "sk_test_alice_0123456789"
	keyBob   = "sk_test_bob_9876543210"
)

// tenantFixture is a server where Alice has a pending customer and Bob,
// the intruder, has none.
type tenantFixture struct {
	h      *hostileServer
	alice  customerJSON
	before string // Alice's stored data
}

func newTenantFixture(t *testing.T) *tenantFixture {
	t.Helper()

	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	alice := h.create(t, keyAlice, "+12025550143")
	return &tenantFixture{h: h, alice: alice, before: h.storedData(t, keyAlice)}
}

// checkAliceUntouched fails when Alice's customers or outbox changed.
func (f *tenantFixture) checkAliceUntouched(t *testing.T) {
	t.Helper()
	if after := f.h.storedData(t, keyAlice); after != f.before {
		t.Errorf("Alice's data changed:\nbefore %s\nafter  %s", f.before, after)
	}
}

// TestTenantsCannotReachCustomers sends Bob to every customer endpoint
// with Alice's customer id, and with the right token: each is a 404 and
// Alice's customer stays as it was, failed attempts included.
func TestTenantsCannotReachCustomers(t *testing.T) {
	f := newTenantFixture(t)
	path := "/v1/customers/" + f.alice.ID
	cases := []struct {
		name   string
		method string
		path   string
		body   string
	}{
		{"read", http.MethodGet, path, ""},
		{"update", http.MethodPatch, path, `{"first_name": "Mallory"}`},
		{"confirm with the right token", http.MethodPost, path + "/confirm", `{"confirmation_token": "123456"}`},
		{"confirm with a wrong token", http.MethodPost, path + "/confirm", `{"confirmation_token": "000000"}`},
		{"new token", http.MethodPost, path + "/generate_confirmation", ""},
	}

	for _, key := range []string{keyBob, ""} {
		for _, tc := range cases {
			t.Run(tc.name+" as "+orDefault(key), func(t *testing.T) {
				resp := f.h.do(t, hostileRequest{method: tc.method, path: tc.path, key: key, body: tc.body})
				wantError(t, resp, http.StatusNotFound, codeResourceMissing, "id")
				f.checkAliceUntouched(t)
			})
		}
	}
}

// TestTenantsCannotReadControls checks that Bob's view of every control
// shows none of Alice's data.
func TestTenantsCannotReadControls(t *testing.T) {
	f := newTenantFixture(t)
	h := f.h
	h.post(t, keyAlice, "/_sandbox/clock", `{"advance": "1h"}`)
	cases := []struct {
		name   string
		path   string
		status int
	}{
		{"outbox", "/_sandbox/sms", http.StatusOK},
		{"outbox by customer", "/_sandbox/sms?customer_id=" + f.alice.ID, http.StatusOK},
		{"outbox by number", "/_sandbox/sms?to=%2B12025550143", http.StatusOK},
		{"latest SMS by customer", "/_sandbox/sms/latest?customer_id=" + f.alice.ID, http.StatusNotFound},
		{"latest SMS by number", "/_sandbox/sms/latest?to=%2B12025550143", http.StatusNotFound},
		{"latest SMS", "/_sandbox/sms/latest", http.StatusNotFound},
		{"customers", "/_sandbox/customers", http.StatusOK},
		{"state", "/_sandbox/state", http.StatusOK},
		{"clock", "/_sandbox/clock", http.StatusOK},
		{"requests", "/_sandbox/requests", http.StatusOK},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.get(t, keyBob, tc.path)
			if resp.status != tc.status {
				t.Fatalf("status: got %d, want %d; body %s", resp.status, tc.status, resp.body)
			}
			body := string(resp.body)
			for _, secret := range []string{f.alice.ID, "+12025550143", "123456", keyAlice, `"offset":"1h`} {
				if strings.Contains(body, secret) {
					t.Errorf("Bob's response contains Alice's %q: %s", secret, truncate(body, 300))
				}
			}
		})
	}
}

// TestTenantsCannotChangeControls sends Bob to every control that writes
// and checks that Alice's data and clock stay as they were.
func TestTenantsCannotChangeControls(t *testing.T) {
	state := `{"tenant": "` + keyAlice + `", "clock": {"now": "2030-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": [], "sms": []}`
	cases := []struct {
		name   string
		method string
		path   string
		body   string
	}{
		{"clear outbox", http.MethodDelete, "/_sandbox/sms", ""},
		{"reset", http.MethodPost, "/_sandbox/reset", ""},
		{"move clock", http.MethodPost, "/_sandbox/clock", `{"set": "2030-01-01T00:00:00Z", "freeze": true}`},
		{"import state naming Alice", http.MethodPut, "/_sandbox/state", state},
		{"clear requests", http.MethodDelete, "/_sandbox/requests", ""},
		{"add fault", http.MethodPost, "/_sandbox/faults", `{"path": "/v1/customers/{id}", "status": 500, "count": 5}`},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newTenantFixture(t)
			clock := f.h.get(t, keyAlice, "/_sandbox/clock")
			journal := f.h.get(t, keyAlice, "/_sandbox/requests")

			resp := f.h.do(t, hostileRequest{method: tc.method, path: tc.path, key: keyBob, body: tc.body})
			if resp.status >= 300 {
				t.Fatalf("Bob's own %s: got status %d, want success; body %s", tc.name, resp.status, resp.body)
			}

			f.checkAliceUntouched(t)
			if got := f.h.get(t, keyAlice, "/_sandbox/clock"); !sameClock(t, got, clock) {
				t.Errorf("Alice's clock moved: before %s, after %s", clock.body, got.body)
			}
			if got := f.h.get(t, keyAlice, "/v1/customers/"+f.alice.ID); got.status != http.StatusOK {
				t.Errorf("Alice's read after Bob's %s: got status %d, want 200", tc.name, got.status)
			}
			if got := f.h.get(t, keyAlice, "/_sandbox/requests"); len(got.body) <= len(journal.body) {
				t.Errorf("Alice's journal lost entries after Bob's %s", tc.name)
			}
		})
	}
}

// sameClock reports whether two clock responses show the same frozen
// state and offset; a running clock's now moves on its own.
func sameClock(t *testing.T, a, b hostileResponse) bool {
	t.Helper()
	var ca, cb clockJSON
	decodeJSON(t, a.body, &ca)
	decodeJSON(t, b.body, &cb)
	return ca.Frozen == cb.Frozen && ca.Offset == cb.Offset
}

// TestTenantsShareNumbers checks that numbers are unique per tenant only:
// Bob may register Alice's number.
func TestTenantsShareNumbers(t *testing.T) {
	f := newTenantFixture(t)
	bob := f.h.create(t, keyBob, "+12025550143")
	if bob.ID == f.alice.ID {
		t.Errorf("Bob's customer has Alice's id %s", bob.ID)
	}
	f.checkAliceUntouched(t)
}

// TestAPIKeyList checks that with a list of keys any other key, however
// close, is a 401 on the API and the controls, and changes nothing.
func TestAPIKeyList(t *testing.T) {
	h := startHostile(t, Options{APIKeys: []string{keyAlice}})
	h.create(t, keyAlice, "+12025550143")
	before := h.storedData(t, keyAlice)
	headers := []string{
		"",
		"Bearer " + strings.ToUpper(keyAlice),
		"Bearer " + keyAlice + "x",
		"Bearer " + keyAlice[:len(keyAlice)-1],
		"Basic " + keyAlice,
		"Bearer",
		"Bearer ",
		keyAlice,
		"Bearer " + keyBob,
	}

	for _, header := range headers {
		for _, path := range []string{"/v1/customers", "/_sandbox/reset", "/_sandbox/state"} {
			t.Run(header+" "+path, func(t *testing.T) {
				r := hostileRequest{method: http.MethodPost, path: path, body: validCreate}
				if header != "" {
					r.header = map[string]string{"Authorization": header}
				}
				resp := h.do(t, r)
				e := wantError(t, resp, http.StatusUnauthorized, codeAPIKeyInvalid, "")
				if strings.Contains(e.Message, keyAlice[:12]) {
					t.Errorf("message %q repeats most of a key", e.Message)
				}
				if after := h.storedData(t, keyAlice); after != before {
					t.Errorf("stored data changed:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	}
}

func orDefault(key string) string {
	if key == "" {
		return "default tenant"
	}
	return key
}
