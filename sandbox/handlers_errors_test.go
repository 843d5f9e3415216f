package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// errorCase is one rejected request: the server it runs on, the data set
// up first, the request, and the error it must get.
type errorCase struct {
	name     string
	opts     sandbox.Options
	key      string // bearer key of the request; "" sends none
	ownerKey string // key that sets up and inspects the data; default key
	setup    func(t *testing.T, c apiClient) string

	method  string
	path    string // "{id}" is replaced by what setup returns
	body    string
	headers []string // name, value pairs

	status      int
	code        string
	param       string // "" is null
	message     string // a substring the message must contain
	allow       string // the Allow header, for 405
	retryAfter  string // the Retry-After header, for 429
	failedDelta int    // failed confirm attempts the request may add
}

// runErrorCases sends each case and checks its error, and that the request
// stored, sent and counted nothing beyond failedDelta.
func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, tt.opts)
			owner := ts.client(tt.ownerKey)
			if tt.ownerKey == "" {
				owner = ts.client(tt.key)
			}
			id := "cus_none"
			if tt.setup != nil {
				id = tt.setup(t, owner)
			}
			before := owner.snapshot(t)
			attemptsBefore := attemptsOf(t, owner, id)

			path := strings.ReplaceAll(tt.path, "{id}", id)
			r := ts.client(tt.key).do(t, tt.method, path, tt.body, tt.headers...)
			e := r.wantError(t, tt.status, tt.code, tt.param)

			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("got message %q, want it to contain %q", e.Message, tt.message)
			}
			if got := r.Header.Get("Allow"); got != tt.allow {
				t.Errorf("got Allow %q, want %q", got, tt.allow)
			}
			if got := r.Header.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("got Retry-After %q, want %q", got, tt.retryAfter)
			}
			wantUnchangedBut(t, owner, before, id, attemptsBefore+tt.failedDelta)
		})
	}
}

// attemptsOf returns the failed attempts of customer id, or 0 when the
// tenant has no such customer.
func attemptsOf(t *testing.T, c apiClient, id string) int {
	t.Helper()
	for _, cus := range c.customers(t) {
		if cus.ID == id {
			return c.failedAttempts(t, id)
		}
	}
	return 0
}

// wantUnchangedBut checks that nothing changed except, possibly, the
// failed attempts of customer id, which must now be attempts.
func wantUnchangedBut(t *testing.T, c apiClient, before tenantSnapshot, id string, attempts int) {
	t.Helper()
	if got := attemptsOf(t, c, id); got != attempts {
		t.Errorf("got %d failed attempts, want %d", got, attempts)
	}
	setAttempts(before.State, id, attempts)
	c.wantUnchanged(t, before)
}

// setAttempts sets failed_confirm_attempts of customer id in a decoded
// state export.
func setAttempts(st map[string]any, id string, attempts int) {
	customers, _ := st["customers"].([]any)
	for _, raw := range customers {
		if cus, _ := raw.(map[string]any); cus["id"] == id {
			cus["failed_confirm_attempts"] = float64(attempts)
		}
	}
}

// Setups: each creates a customer in one state and returns its id.

func pendingCustomer(t *testing.T, c apiClient) string {
	t.Helper()
	return c.create(t, "+12025550143", "US").ID
}

func confirmedCustomer(t *testing.T, c apiClient) string {
	t.Helper()
	id := pendingCustomer(t, c)
	c.confirm(t, id, c.latestToken(t, id)).wantStatus(t, http.StatusOK)
	return id
}

// expiredCustomer freezes the clock and moves it to the exact instant the
// token expires.
func expiredCustomer(t *testing.T, c apiClient) string {
	t.Helper()
	c.moveClock(t, `{"freeze": true}`)
	id := pendingCustomer(t, c)
	c.moveClock(t, `{"advance": "5m"}`)
	return id
}

// lockedCustomer has had the maximum of five wrong tokens.
func lockedCustomer(t *testing.T, c apiClient) string {
	t.Helper()
	id := pendingCustomer(t, c)
	token := c.latestToken(t, id)
	for range sandbox.DefaultMaxConfirmAttempts {
		c.confirm(t, id, wrongToken(token)).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
	}
	return id
}

// sendLimitedCustomer has had five SMS within the send window, the last
// four one minute after the first, on a frozen clock.
func sendLimitedCustomer(t *testing.T, c apiClient) string {
	t.Helper()
	c.moveClock(t, `{"freeze": true}`)
	id := pendingCustomer(t, c)
	c.moveClock(t, `{"advance": "1m"}`)
	for range sandbox.DefaultMaxSends - 1 {
		c.regenerate(t, id).wantStatus(t, http.StatusCreated)
	}
	return id
}

func TestErrorTable(t *testing.T) {
	const (
		customer = "/v1/customers/{id}"
		confirm  = "/v1/customers/{id}/confirm"
		generate = "/v1/customers/{id}/generate_confirmation"
		create   = "/v1/customers"
	)
	requireKey := sandbox.Options{RequireAPIKey: true}
	someKeys := sandbox.Options{APIKeys: []string{"key-one", "key-two"}}
	validCreate := createBody("+12025550143", "US")
	post, get, patch := http.MethodPost, http.MethodGet, http.MethodPatch

	runErrorCases(t, []errorCase{
		{name: "400 body_invalid malformed JSON", method: post, path: create, body: `{"country_code": "US",`,
			status: 400, code: "body_invalid"},
		{name: "400 body_invalid not an object", method: post, path: create, body: `["+12025550143", "US"]`,
			status: 400, code: "body_invalid"},
		{name: "400 body_invalid trailing data", method: post, path: create, body: validCreate + ` {}`,
			status: 400, code: "body_invalid"},
		{name: "400 body_invalid invalid UTF-8", method: post, path: create, body: "{\"unconfirmed_phone_number\": \"+1202555014\xff\", \"country_code\": \"US\"}",
			status: 400, code: "body_invalid"},
		{name: "400 body_invalid duplicate key", method: post, path: create,
			body:   `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "country_code": "CA"}`,
			status: 400, code: "body_invalid", param: "country_code"},
		{name: "400 body_invalid empty body", method: post, path: create, status: 400, code: "body_invalid"},
		{name: "400 parameter_missing absent", method: post, path: create, body: `{"unconfirmed_phone_number": "+12025550143"}`,
			status: 400, code: "parameter_missing", param: "country_code"},
		{name: "400 parameter_missing null", method: post, path: create, body: `{"unconfirmed_phone_number": null, "country_code": "US"}`,
			status: 400, code: "parameter_missing", param: "unconfirmed_phone_number"},
		{name: "400 parameter_missing token", setup: pendingCustomer, method: post, path: confirm, body: `{}`,
			status: 400, code: "parameter_missing", param: "confirmation_token"},
		{name: "400 parameter_unknown", method: post, path: create,
			body:   `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "email": "a@example.com"}`,
			status: 400, code: "parameter_unknown", param: "email"},
		{name: "400 parameter_unknown on generate_confirmation", setup: pendingCustomer, method: post, path: generate, body: `{"force": true}`,
			status: 400, code: "parameter_unknown", param: "force"},
		{name: "400 parameter_invalid_type country", method: post, path: create, body: `{"unconfirmed_phone_number": "+12025550143", "country_code": 1}`,
			status: 400, code: "parameter_invalid_type", param: "country_code"},
		{name: "400 parameter_invalid_type number token", setup: pendingCustomer, method: post, path: confirm, body: `{"confirmation_token": 123456}`,
			status: 400, code: "parameter_invalid_type", param: "confirmation_token"},
		{name: "400 parameter_invalid_type boolean name", setup: pendingCustomer, method: patch, path: customer, body: `{"last_name": true}`,
			status: 400, code: "parameter_invalid_type", param: "last_name"},
		{name: "401 api_key_invalid no key", opts: requireKey, ownerKey: "key-one", method: post, path: create, body: validCreate,
			status: 401, code: "api_key_invalid"},
		{name: "401 api_key_invalid unknown key", opts: someKeys, key: "key-three", ownerKey: "key-one", method: post, path: create, body: validCreate,
			status: 401, code: "api_key_invalid"},
		{name: "401 api_key_invalid no key with key list", opts: someKeys, ownerKey: "key-one", method: get, path: "/_sandbox/sms",
			status: 401, code: "api_key_invalid"},
		{name: "401 api_key_invalid not bearer", opts: requireKey, ownerKey: "key-one", method: post, path: create, body: validCreate,
			headers: []string{"Authorization", "Basic a2V5LW9uZTo="}, status: 401, code: "api_key_invalid"},
		{name: "404 resource_missing get", method: get, path: customer, status: 404, code: "resource_missing", param: "id"},
		{name: "404 resource_missing patch", method: patch, path: customer, body: `{"first_name": "Ada"}`,
			status: 404, code: "resource_missing", param: "id"},
		{name: "404 resource_missing confirm", method: post, path: confirm, body: `{"confirmation_token": "123456"}`,
			status: 404, code: "resource_missing", param: "id"},
		{name: "404 resource_missing generate_confirmation", method: post, path: generate,
			status: 404, code: "resource_missing", param: "id"},
		{name: "404 resource_missing other tenant", key: "tenant-b", ownerKey: "tenant-a", setup: pendingCustomer, method: get, path: customer,
			status: 404, code: "resource_missing", param: "id"},
		{name: "404 route_missing", method: get, path: "/v1/customer", status: 404, code: "route_missing"},
		{name: "404 route_missing unknown version", method: post, path: "/v2/customers", body: validCreate, status: 404, code: "route_missing"},
		{name: "405 method_not_allowed item", setup: pendingCustomer, method: http.MethodDelete, path: customer,
			status: 405, code: "method_not_allowed", allow: "GET, HEAD, OPTIONS, PATCH"},
		{name: "405 method_not_allowed collection", method: get, path: create,
			status: 405, code: "method_not_allowed", allow: "OPTIONS, POST"},
		{name: "405 method_not_allowed confirm", setup: pendingCustomer, method: http.MethodPut, path: confirm, body: `{}`,
			status: 405, code: "method_not_allowed", allow: "OPTIONS, POST"},
		{name: "409 phone_number_taken", setup: pendingCustomer, method: post, path: create, body: validCreate,
			status: 409, code: "phone_number_taken", param: "unconfirmed_phone_number"},
		{name: "409 already_confirmed confirm", setup: confirmedCustomer, method: post, path: confirm, body: `{"confirmation_token": "123456"}`,
			status: 409, code: "already_confirmed"},
		{name: "409 already_confirmed generate_confirmation", setup: confirmedCustomer, method: post, path: generate,
			status: 409, code: "already_confirmed"},
		{name: "413 body_too_large", method: post, path: create, body: bigBody(sandbox.DefaultMaxBodyBytes + 1),
			status: 413, code: "body_too_large"},
		{name: "413 body_too_large custom limit", opts: sandbox.Options{MaxBodyBytes: 100}, method: post, path: create, body: bigBody(101),
			status: 413, code: "body_too_large", message: "100 bytes"},
		{name: "415 unsupported_media_type form", method: post, path: create, body: "unconfirmed_phone_number=%2B12025550143&country_code=US",
			headers: []string{"Content-Type", "application/x-www-form-urlencoded"},
			status:  415, code: "unsupported_media_type", message: "application/json"},
		{name: "415 unsupported_media_type text", method: post, path: create, body: validCreate,
			headers: []string{"Content-Type", "text/plain"}, status: 415, code: "unsupported_media_type", message: "application/json"},
		{name: "422 parameter_invalid phone", method: post, path: create, body: createBody("not a number", "US"),
			status: 422, code: "parameter_invalid", param: "unconfirmed_phone_number"},
		{name: "422 parameter_invalid country", method: post, path: create, body: createBody("+12025550143", "ZZ"),
			status: 422, code: "parameter_invalid", param: "country_code"},
		{name: "422 parameter_invalid email", setup: pendingCustomer, method: patch, path: customer, body: `{"email": "Ada <ada@example.com>"}`,
			status: 422, code: "parameter_invalid", param: "email"},
		{name: "422 parameter_invalid empty name", setup: pendingCustomer, method: patch, path: customer, body: `{"first_name": ""}`,
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "422 parameter_invalid long name", setup: pendingCustomer, method: patch, path: customer,
			body:   `{"last_name": "` + strings.Repeat("x", 101) + `"}`,
			status: 422, code: "parameter_invalid", param: "last_name"},
		{name: "422 parameter_invalid long email", setup: pendingCustomer, method: patch, path: customer,
			body:   `{"email": "` + longestEmail + `m"}`,
			status: 422, code: "parameter_invalid", param: "email"},
		{name: "422 parameter_invalid long local part", setup: pendingCustomer, method: patch, path: customer,
			body:   `{"email": "` + strings.Repeat("a", 65) + `@example.com"}`,
			status: 422, code: "parameter_invalid", param: "email", message: "64"},
		{name: "422 parameter_invalid email over 254 bytes", setup: pendingCustomer, method: patch, path: customer,
			body:   `{"email": "` + strings.Repeat("é", 32) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 63) + `.com"}`,
			status: 422, code: "parameter_invalid", param: "email", message: "bytes"},
		{name: "422 confirmation_token_invalid", setup: pendingCustomer, method: post, path: confirm, body: `{"confirmation_token": "12345x"}`,
			status: 422, code: "confirmation_token_invalid", param: "confirmation_token", failedDelta: 1},
		{name: "422 confirmation_token_expired", setup: expiredCustomer, method: post, path: confirm, body: `{"confirmation_token": "123456"}`,
			status: 422, code: "confirmation_token_expired", param: "confirmation_token"},
		{name: "429 too_many_attempts", setup: lockedCustomer, method: post, path: confirm, body: `{"confirmation_token": "123456"}`,
			status: 429, code: "too_many_attempts", param: "confirmation_token", message: "generate_confirmation"},
		{name: "429 too_many_requests", setup: sendLimitedCustomer, method: post, path: generate,
			status: 429, code: "too_many_requests", retryAfter: "540"},
	})
}

// bigBody returns a create body of exactly n bytes.
func bigBody(n int64) string {
	const head = `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "pad": "`
	const tail = `"}`
	return head + strings.Repeat("x", int(n)-len(head)-len(tail)) + tail
}
