package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

func TestControlCustomers(t *testing.T) {
	tests := []struct {
		name string
		opts sandbox.Options
	}{
		{name: "tokens shown"},
		{name: "tokens hidden", opts: sandbox.Options{HideConfirmationToken: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client("")
			if got := c.customers(t); len(got) != 0 {
				t.Fatalf("got %d customers at start, want 0", len(got))
			}
			var ids []string
			for _, n := range []string{"+12025550143", "+12025550144", "+12025550145"} {
				ids = append(ids, c.create(t, n, "US").ID)
			}
			c.confirm(t, ids[0], c.latestToken(t, ids[0])).wantStatus(t, http.StatusOK)

			r := c.do(t, http.MethodGet, "/_sandbox/customers", "")

			r.wantStatus(t, http.StatusOK)
			var list struct {
				Data []customerBody `json:"data"`
			}
			r.decode(t, &list)
			if len(list.Data) != len(ids) {
				t.Fatalf("got %d customers, want %d", len(list.Data), len(ids))
			}
			for i, cus := range list.Data {
				want := c.get(t, ids[i])
				if cus.ID != ids[i] || str(cus.UpdatedAt) != str(want.UpdatedAt) || str(cus.ConfirmationToken) != str(want.ConfirmationToken) {
					t.Errorf("customer %d: got %s (token %s), want %s as GET shows it (token %s)",
						i, cus.ID, str(cus.ConfirmationToken), ids[i], str(want.ConfirmationToken))
				}
			}
		})
	}
}

func TestReset(t *testing.T) {
	ts := startServer(t, sandbox.Options{})
	mine, theirs := ts.client("tenant-a"), ts.client("tenant-b")
	mine.create(t, "+12025550143", "US")
	mine.moveClock(t, `{"advance": "1h", "freeze": true}`)
	theirs.create(t, "+12025550143", "US")
	theirs.moveClock(t, `{"advance": "2h"}`)
	kept := theirs.snapshot(t)

	mine.do(t, http.MethodPost, "/_sandbox/reset", "").wantStatus(t, http.StatusNoContent)

	if got := mine.customers(t); len(got) != 0 {
		t.Errorf("got %d customers after reset, want 0", len(got))
	}
	if got := mine.outbox(t, ""); len(got) != 0 {
		t.Errorf("got %d SMS after reset, want 0", len(got))
	}
	var clock clockBody
	mine.do(t, http.MethodGet, "/_sandbox/clock", "").decode(t, &clock)
	if clock.Frozen || clock.Offset != "0s" {
		t.Errorf("got clock %+v after reset, want real time", clock)
	}
	theirs.wantUnchanged(t, kept)
}

// TestResetRestartsSequences checks that in deterministic mode a reset
// tenant gives the same ids and tokens as a fresh one.
func TestResetRestartsSequences(t *testing.T) {
	c := startServer(t, sandbox.Options{Deterministic: true}).client("")
	first := c.create(t, "+12025550143", "US")
	c.create(t, "+12025550144", "US")
	c.moveClock(t, `{"advance": "1h"}`)

	c.do(t, http.MethodPost, "/_sandbox/reset", "").wantStatus(t, http.StatusNoContent)
	again := c.create(t, "+12025550143", "US")

	if again.ID != first.ID || str(again.ConfirmationToken) != str(first.ConfirmationToken) {
		t.Errorf("got id %s, token %s after reset, want %s, %s", again.ID, str(again.ConfirmationToken), first.ID, str(first.ConfirmationToken))
	}
	if str(again.CreatedAt) != str(first.CreatedAt) {
		t.Errorf("got created_at %s after reset, want the deterministic start %s", str(again.CreatedAt), str(first.CreatedAt))
	}
}

// TestNoAdmin checks that --no-admin removes every control and leaves the
// API as it was.
func TestNoAdmin(t *testing.T) {
	ts := startServer(t, sandbox.Options{NoAdmin: true})
	c := ts.client("")
	get, post := http.MethodGet, http.MethodPost

	tests := []struct {
		method string
		path   string
		body   string
	}{
		{get, "/_sandbox/sms", ""},
		{http.MethodDelete, "/_sandbox/sms", ""},
		{get, "/_sandbox/sms/latest?wait=1s", ""},
		{get, "/_sandbox/customers", ""},
		{post, "/_sandbox/reset", ""},
		{get, "/_sandbox/clock", ""},
		{post, "/_sandbox/clock", `{"advance": "1h"}`},
		{get, "/_sandbox/state", ""},
		{http.MethodPut, "/_sandbox/state", fixtureState},
		{get, "/_sandbox/capabilities", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			c.do(t, tt.method, tt.path, tt.body).wantError(t, http.StatusNotFound, "route_missing", "")
		})
	}

	cus := c.create(t, "+12025550143", "US")
	if cus.ConfirmationToken == nil {
		t.Fatal("got confirmation_token null, want the token to confirm with")
	}
	c.confirm(t, cus.ID, *cus.ConfirmationToken).wantStatus(t, http.StatusOK)
}

// TestTenantIsolation creates data under one key and checks that another
// key neither sees nor changes it.
func TestTenantIsolation(t *testing.T) {
	ts := startServer(t, sandbox.Options{})
	owner, other := ts.client("key-a"), ts.client("key-b")
	cus := owner.create(t, "+12025550143", "US")
	token := owner.latestToken(t, cus.ID)
	owner.moveClock(t, `{"set": "2030-01-01T00:00:00Z", "freeze": true}`)
	kept := owner.snapshot(t)

	get, post := http.MethodGet, http.MethodPost
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		code   string
		param  string
	}{
		{name: "get", method: get, path: "/v1/customers/" + cus.ID, status: 404, code: "resource_missing", param: "id"},
		{name: "patch", method: http.MethodPatch, path: "/v1/customers/" + cus.ID, body: `{"first_name": "Eve"}`,
			status: 404, code: "resource_missing", param: "id"},
		{name: "confirm with the right token", method: post, path: "/v1/customers/" + cus.ID + "/confirm",
			body: `{"confirmation_token": "` + token + `"}`, status: 404, code: "resource_missing", param: "id"},
		{name: "generate_confirmation", method: post, path: "/v1/customers/" + cus.ID + "/generate_confirmation",
			status: 404, code: "resource_missing", param: "id"},
		{name: "latest SMS", method: get, path: "/_sandbox/sms/latest?customer_id=" + cus.ID, status: 404, code: "resource_missing"},
		{name: "clear outbox", method: http.MethodDelete, path: "/_sandbox/sms", status: 204},
		{name: "move clock", method: post, path: "/_sandbox/clock", body: `{"advance": "1h"}`, status: 200},
		{name: "import state", method: http.MethodPut, path: "/_sandbox/state", body: fixtureState, status: 200},
		{name: "reset", method: post, path: "/_sandbox/reset", status: 204},
		{name: "same number", method: post, path: "/v1/customers", body: createBody("+12025550143", "US"), status: 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := other.do(t, tt.method, tt.path, tt.body)

			if tt.code != "" {
				r.wantError(t, tt.status, tt.code, tt.param)
			} else {
				r.wantStatus(t, tt.status)
			}
			owner.wantUnchanged(t, kept)
		})
	}

	t.Run("other outbox", func(t *testing.T) {
		other.do(t, http.MethodPost, "/_sandbox/reset", "").wantStatus(t, http.StatusNoContent)
		if sms := other.outbox(t, ""); len(sms) != 0 {
			t.Errorf("got %d SMS under another key, want an empty outbox", len(sms))
		}
		if got := other.customers(t); len(got) != 0 {
			t.Errorf("got %d customers under another key, want 0", len(got))
		}
	})
}
