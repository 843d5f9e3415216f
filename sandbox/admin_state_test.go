package sandbox_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// fixtureState is a valid export of one pending customer whose token is
// 123456, on a frozen clock.
const fixtureState = `{
  "tenant": "default",
  "clock": {"now": "2026-03-01T10:00:00.000Z", "frozen": true, "offset": "0s"},
  "customers": [{
    "id": "cus_fixture1",
    "phone_number": null,
    "unconfirmed_phone_number": "+12025550143",
    "country_code": "US",
    "email": "ada@example.com",
    "first_name": "Ada",
    "last_name": null,
    "confirmation_token": "123456",
    "confirmed_at": null,
    "confirmation_sent_at": "2026-03-01T09:58:00.000Z",
    "created_at": "2026-03-01T09:58:00.000Z",
    "updated_at": "2026-03-01T09:58:00.000Z",
    "failed_confirm_attempts": 1,
    "sends": ["2026-03-01T09:58:00.000Z"]
  }],
  "sms": [{
    "id": "sms_fixture1",
    "customer_id": "cus_fixture1",
    "to": "+12025550143",
    "body": "Your Dirty Lemon confirmation code is 123456. It expires in 5 minutes.",
    "token": "123456",
    "sent_at": "2026-03-01T09:58:00.000Z"
  }]
}`

// edits applies old, new pairs of replacements to fixtureState, each once.
func edits(pairs ...string) string {
	out := fixtureState
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(out, pairs[i]) {
			panic("fixtureState has no " + pairs[i])
		}
		out = strings.Replace(out, pairs[i], pairs[i+1], 1)
	}
	return out
}

// TestStateRoundTrip exports a tenant with customers in every state,
// resets it, imports the export, and expects the same tenant back,
// counters included.
func TestStateRoundTrip(t *testing.T) {
	c := startServer(t, sandbox.Options{Deterministic: true}).client("")
	pending := c.create(t, "+12025550143", "US")
	c.confirm(t, pending.ID, "000000") // one failed attempt
	confirmed := confirmedSecondCustomer(t, c)
	c.do(t, http.MethodPatch, "/v1/customers/"+confirmed, `{"first_name": "Ada", "email": "ada@example.com"}`).wantStatus(t, http.StatusOK)
	c.moveClock(t, `{"advance": "90s"}`)
	export := c.do(t, http.MethodGet, "/_sandbox/state", "")
	export.wantStatus(t, http.StatusOK)
	before := c.snapshot(t)

	c.do(t, http.MethodPost, "/_sandbox/reset", "").wantStatus(t, http.StatusNoContent)
	r := c.do(t, http.MethodPut, "/_sandbox/state", string(export.Body))

	r.wantStatus(t, http.StatusOK)
	if string(r.Body) != string(export.Body) {
		t.Errorf("PUT got %s, want the export %s", r.Body, export.Body)
	}
	c.wantUnchanged(t, before)
	if got := c.failedAttempts(t, pending.ID); got != 1 {
		t.Errorf("got %d failed attempts after import, want 1", got)
	}
	c.confirm(t, pending.ID, c.latestToken(t, pending.ID)).wantStatus(t, http.StatusOK)
}

// confirmedSecondCustomer creates a second, confirmed customer and returns
// its id.
func confirmedSecondCustomer(t *testing.T, c apiClient) string {
	t.Helper()
	id := c.create(t, "+12025550144", "US").ID
	c.confirm(t, id, c.latestToken(t, id)).wantStatus(t, http.StatusOK)
	return id
}

// TestStateImportFixture imports a state written by hand into a tenant
// other than the one it names: the API key decides where it goes.
func TestStateImportFixture(t *testing.T) {
	ts := startServer(t, sandbox.Options{})
	c := ts.client("tenant-a")

	r := c.do(t, http.MethodPut, "/_sandbox/state", fixtureState)

	r.wantStatus(t, http.StatusOK)
	st := c.state(t)
	if st["tenant"] != "tenant-a" {
		t.Errorf("got tenant %v, want tenant-a", st["tenant"])
	}
	if got := ts.client("").customers(t); len(got) != 0 {
		t.Errorf("got %d customers in the default tenant, want 0", len(got))
	}
	cus := c.get(t, "cus_fixture1")
	if str(cus.FirstName) != "Ada" || str(cus.CreatedAt) != "2026-03-01T09:58:00.000Z" {
		t.Errorf("got first_name %q, created_at %s, want Ada, 2026-03-01T09:58:00.000Z", str(cus.FirstName), str(cus.CreatedAt))
	}
	var clock clockBody
	c.do(t, http.MethodGet, "/_sandbox/clock", "").decode(t, &clock)
	if clock.Now != "2026-03-01T10:00:00.000Z" || !clock.Frozen {
		t.Errorf("got clock %+v, want frozen at 2026-03-01T10:00:00.000Z", clock)
	}
	// The number is free in the default tenant, which the body named.
	ts.client("").create(t, "+12025550143", "US")
}

// TestStateImportRejected sends invalid states over a tenant that already
// has data. Each is rejected, and the tenant keeps what it had.
func TestStateImportRejected(t *testing.T) {
	put := http.MethodPut
	const path = "/_sandbox/state"
	withData := func(t *testing.T, c apiClient) string {
		t.Helper()
		c.moveClock(t, `{"freeze": true}`)
		return pendingCustomer(t, c)
	}
	edit := func(old, new string) string {
		if !strings.Contains(fixtureState, old) {
			panic("fixtureState has no " + old)
		}
		return strings.Replace(fixtureState, old, new, 1)
	}

	// confirmed turns the fixture's customer into a confirmed one.
	confirmed := func(rest ...string) string {
		return edits(append([]string{
			`"phone_number": null`, `"phone_number": "+12025550143"`,
			`"unconfirmed_phone_number": "+12025550143"`, `"unconfirmed_phone_number": null`,
			`"confirmed_at": null`, `"confirmed_at": "2026-03-01T09:59:00.000Z"`,
			`"confirmation_token": "123456"`, `"confirmation_token": null`,
			`"failed_confirm_attempts": 1`, `"failed_confirm_attempts": 0`,
		}, rest...)...)
	}

	runErrorCases(t, []errorCase{
		{name: "empty body", setup: withData, method: put, path: path, body: " ",
			status: 400, code: "body_invalid", message: "empty"},
		{name: "empty object", setup: withData, method: put, path: path, body: `{}`,
			status: 400, code: "parameter_missing", param: "clock"},
		{name: "customers missing", setup: withData, method: put, path: path, body: `{"clock": {"now": "2026-03-01T10:00:00.000Z", "frozen": true, "offset": "0s"}, "sms": []}`,
			status: 400, code: "parameter_missing", param: "customers"},
		{name: "customers null", setup: withData, method: put, path: path, body: `{"clock": {"now": "2026-03-01T10:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": null, "sms": []}`,
			status: 400, code: "parameter_missing", param: "customers"},
		{name: "sms missing", setup: withData, method: put, path: path, body: `{"clock": {"now": "2026-03-01T10:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": []}`,
			status: 400, code: "parameter_missing", param: "sms"},
		{name: "fixtures form", setup: withData, method: put, path: path, body: `{"tenants": [` + fixtureState + `]}`,
			status: 400, code: "parameter_unknown", param: "tenants"},
		{name: "confirmed with a token", setup: withData, method: put, path: path,
			body:   confirmed(`"confirmation_token": null`, `"confirmation_token": "635479"`),
			status: 422, code: "parameter_invalid", param: "customers[0].confirmation_token"},
		{name: "confirmed without confirmed_at", setup: withData, method: put, path: path,
			body:   confirmed(`"confirmed_at": "2026-03-01T09:59:00.000Z"`, `"confirmed_at": null`),
			status: 422, code: "parameter_invalid", param: "customers[0].confirmed_at"},
		{name: "confirmed with failed attempts", setup: withData, method: put, path: path,
			body:   confirmed(`"failed_confirm_attempts": 0`, `"failed_confirm_attempts": 2`),
			status: 422, code: "parameter_invalid", param: "customers[0].failed_confirm_attempts"},
		{name: "confirmed and pending numbers", setup: withData, method: put, path: path,
			body:   edit(`"phone_number": null`, `"phone_number": "+12025550144"`),
			status: 422, code: "parameter_invalid", param: "customers[0].unconfirmed_phone_number"},
		{name: "pending with confirmed_at", setup: withData, method: put, path: path,
			body:   edit(`"confirmed_at": null`, `"confirmed_at": "2026-03-01T09:59:00.000Z"`),
			status: 422, code: "parameter_invalid", param: "customers[0].confirmed_at"},
		{name: "pending without a token", setup: withData, method: put, path: path,
			body:   edit(`"confirmation_token": "123456"`, `"confirmation_token": null`),
			status: 422, code: "parameter_invalid", param: "customers[0].confirmation_token"},
		{name: "token kept at the attempt limit", setup: withData, method: put, path: path,
			body:   edit(`"failed_confirm_attempts": 1`, `"failed_confirm_attempts": 5`),
			status: 422, code: "parameter_invalid", param: "customers[0].confirmation_token"},
		{name: "failed attempts over the limit", setup: withData, method: put, path: path,
			body:   edit(`"failed_confirm_attempts": 1`, `"failed_confirm_attempts": 99`),
			status: 422, code: "parameter_invalid", param: "customers[0].failed_confirm_attempts"},
		{name: "number of another country", setup: withData, method: put, path: path,
			body:   edit(`"country_code": "US"`, `"country_code": "GB"`),
			status: 422, code: "parameter_invalid", param: "customers[0].country_code"},
		{name: "number of a country sharing the calling code", setup: withData, method: put, path: path,
			body:   edit(`"country_code": "US"`, `"country_code": "CA"`),
			status: 422, code: "parameter_invalid", param: "customers[0].country_code"},
		{name: "confirmed number of another country", setup: withData, method: put, path: path,
			body:   confirmed(`"country_code": "US"`, `"country_code": "GB"`),
			status: 422, code: "parameter_invalid", param: "customers[0].country_code"},
		{name: "SMS for an unknown customer", setup: withData, method: put, path: path,
			body:   edit(`"customer_id": "cus_fixture1"`, `"customer_id": "cus_nope"`),
			status: 422, code: "parameter_invalid", param: "sms[0].customer_id"},
		{name: "SMS without a body", setup: withData, method: put, path: path,
			body:   edit(`"body": "Your Dirty Lemon confirmation code is 123456. It expires in 5 minutes.",`, ``),
			status: 422, code: "parameter_invalid", param: "sms[0].body"},
		{name: "SMS with a bad token", setup: withData, method: put, path: path,
			body:   edit(`"token": "123456"`, `"token": "12345"`),
			status: 422, code: "parameter_invalid", param: "sms[0].token"},
		{name: "malformed JSON", setup: withData, method: put, path: path, body: fixtureState[:100],
			status: 400, code: "body_invalid"},
		{name: "unknown field", setup: withData, method: put, path: path, body: edit(`"tenant"`, `"owner": "x", "tenant"`),
			status: 400, code: "body_invalid"},
		{name: "wrong type", setup: withData, method: put, path: path, body: edit(`"failed_confirm_attempts": 1`, `"failed_confirm_attempts": "1"`),
			status: 400, code: "body_invalid"},
		{name: "number not in E.164", setup: withData, method: put, path: path,
			body:   edit(`"unconfirmed_phone_number": "+12025550143"`, `"unconfirmed_phone_number": "(202) 555-0143"`),
			status: 422, code: "parameter_invalid", param: "customers[0].unconfirmed_phone_number"},
		{name: "bad customer id", setup: withData, method: put, path: path, body: edit(`"id": "cus_fixture1"`, `"id": "customer-1"`),
			status: 422, code: "parameter_invalid", param: "customers[0].id"},
		{name: "bad token", setup: withData, method: put, path: path, body: edit(`"confirmation_token": "123456"`, `"confirmation_token": "12345"`),
			status: 422, code: "parameter_invalid", param: "customers[0].confirmation_token"},
		{name: "lower-case country", setup: withData, method: put, path: path, body: edit(`"country_code": "US"`, `"country_code": "us"`),
			status: 422, code: "parameter_invalid", param: "customers[0].country_code"},
		{name: "missing created_at", setup: withData, method: put, path: path,
			body:   edit(`"created_at": "2026-03-01T09:58:00.000Z"`, `"created_at": null`),
			status: 422, code: "parameter_invalid", param: "customers[0].created_at"},
		{name: "bad clock", setup: withData, method: put, path: path, body: edit(`"now": "2026-03-01T10:00:00.000Z"`, `"now": "soon"`),
			status: 422, code: "parameter_invalid", param: "clock.now"},
		{name: "running clock with bad now", setup: withData, method: put, path: path,
			body:   edit(`"now": "2026-03-01T10:00:00.000Z", "frozen": true`, `"now": "nope", "frozen": false`),
			status: 422, code: "parameter_invalid", param: "clock.now"},
		{name: "running clock with now out of range", setup: withData, method: put, path: path,
			body:   edit(`"now": "2026-03-01T10:00:00.000Z", "frozen": true`, `"now": "10000-01-01T00:00:00Z", "frozen": false`),
			status: 422, code: "parameter_invalid", param: "clock.now"},
		{name: "frozen clock with bad offset", setup: withData, method: put, path: path, body: edit(`"offset": "0s"`, `"offset": "banana"`),
			status: 422, code: "parameter_invalid", param: "clock.offset"},
		{name: "missing offset", setup: withData, method: put, path: path, body: edit(`, "offset": "0s"`, ``),
			status: 422, code: "parameter_invalid", param: "clock.offset"},
		{name: "zero clock", setup: withData, method: put, path: path, body: edit(`"now": "2026-03-01T10:00:00.000Z"`, `"now": "0001-01-01T00:00:00Z"`),
			status: 422, code: "parameter_invalid", param: "clock.now"},
		{name: "bad SMS time", setup: withData, method: put, path: path, body: edit(`"sent_at": "2026-03-01T09:58:00.000Z"`, `"sent_at": "today"`),
			status: 422, code: "parameter_invalid", param: "sms[0].sent_at"},
		{name: "duplicate key", setup: withData, method: put, path: path, body: edit(`"tenant": "default"`, `"tenant": "default", "tenant": "x"`),
			status: 400, code: "body_invalid", param: "tenant"},
		{name: "over the state limit", opts: sandbox.Options{MaxStateBytes: 512}, setup: withData, method: put, path: path, body: fixtureState,
			status: 413, code: "body_too_large"},
		{name: "form type", setup: withData, method: put, path: path, body: fixtureState,
			headers: []string{"Content-Type", "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
	})
}

// TestStateOwnLimit imports a state larger than the API's 64 KiB body
// limit, which the state endpoint's own limit allows.
func TestStateOwnLimit(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	var customers []string
	for i := range 300 {
		customers = append(customers, fmt.Sprintf(`{"id": "cus_many%d", "phone_number": null,
			"unconfirmed_phone_number": "+1202555%04d", "country_code": "US", "email": null, "first_name": null,
			"last_name": null, "confirmation_token": "123456", "confirmed_at": null,
			"confirmation_sent_at": "2026-03-01T09:58:00.000Z", "created_at": "2026-03-01T09:58:00.000Z",
			"updated_at": "2026-03-01T09:58:00.000Z", "failed_confirm_attempts": 0, "sends": []}`, i, i))
	}
	body := `{"tenant": "default", "clock": {"now": "2026-03-01T10:00:00.000Z", "frozen": true, "offset": "0s"},
		"customers": [` + strings.Join(customers, ",") + `], "sms": []}`
	if len(body) <= sandbox.DefaultMaxBodyBytes {
		t.Fatalf("state body is %d bytes, want more than %d", len(body), sandbox.DefaultMaxBodyBytes)
	}

	r := c.do(t, http.MethodPut, "/_sandbox/state", body)

	r.wantStatus(t, http.StatusOK)
	if got := len(c.customers(t)); got != 300 {
		t.Errorf("got %d customers, want 300", got)
	}
}

// TestStateImportClockFields checks which field of an imported clock sets
// the time: "now" for a frozen clock, "offset" for a running one.
func TestStateImportClockFields(t *testing.T) {
	tests := []struct {
		name       string
		clock      string
		wantFrozen bool
		wantNow    func(real time.Time) (time.Time, time.Time) // earliest and latest accepted
	}{
		{name: "frozen clock uses now", clock: `{"now": "2030-05-06T07:08:09.010Z", "frozen": true, "offset": "5h"}`, wantFrozen: true,
			wantNow: func(time.Time) (time.Time, time.Time) {
				at := time.Date(2030, 5, 6, 7, 8, 9, 10e6, time.UTC)
				return at, at
			}},
		{name: "running clock uses offset", clock: `{"now": "1500-01-01T00:00:00.000Z", "frozen": false, "offset": "100h"}`,
			wantNow: func(real time.Time) (time.Time, time.Time) {
				return real.Add(100*time.Hour - time.Second), real.Add(100*time.Hour + 5*time.Second)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{}).client("")
			body := strings.Replace(fixtureState, `{"now": "2026-03-01T10:00:00.000Z", "frozen": true, "offset": "0s"}`, tt.clock, 1)
			real := time.Now()

			c.do(t, http.MethodPut, "/_sandbox/state", body).wantStatus(t, http.StatusOK)

			var clock clockBody
			r := c.do(t, http.MethodGet, "/_sandbox/clock", "")
			r.wantStatus(t, http.StatusOK)
			r.decode(t, &clock)
			now, err := time.Parse(time.RFC3339Nano, clock.Now)
			if err != nil {
				t.Fatalf("clock now %q: %v", clock.Now, err)
			}
			earliest, latest := tt.wantNow(real)
			if now.Before(earliest) || now.After(latest) {
				t.Errorf("got now %s, want between %s and %s", clock.Now, earliest.Format(time.RFC3339Nano), latest.Format(time.RFC3339Nano))
			}
			if clock.Frozen != tt.wantFrozen {
				t.Errorf("got frozen %v, want %v", clock.Frozen, tt.wantFrozen)
			}
		})
	}
}

// TestStateImportDestroyedToken exports a customer whose token the
// attempt limit destroyed and imports it back: the API produces that
// state, so the import takes it, and the customer stays locked.
func TestStateImportDestroyedToken(t *testing.T) {
	c := startServer(t, sandbox.Options{MaxConfirmAttempts: 2}).client("")
	id := pendingCustomer(t, c)
	wrong := wrongToken(c.latestToken(t, id))
	c.confirm(t, id, wrong)
	c.confirm(t, id, wrong)
	export := c.do(t, http.MethodGet, "/_sandbox/state", "")
	export.wantStatus(t, http.StatusOK)
	c.do(t, http.MethodPost, "/_sandbox/reset", "").wantStatus(t, http.StatusNoContent)

	c.do(t, http.MethodPut, "/_sandbox/state", string(export.Body)).wantStatus(t, http.StatusOK)

	c.confirm(t, id, c.latestToken(t, id)).wantError(t, http.StatusTooManyRequests, "too_many_attempts", "confirmation_token")
}
