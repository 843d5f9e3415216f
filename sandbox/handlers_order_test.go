package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestCheckOrder sends requests with two or more faults. The check that
// runs first must reject each: key, route and method, size and media type,
// syntax and types, values, existence, state, limits, then the token.
func TestCheckOrder(t *testing.T) {
	const (
		create  = "/v1/customers"
		confirm = "/v1/customers/{id}/confirm"
		patchTo = "/v1/customers/{id}"
	)
	post, patch := http.MethodPost, http.MethodPatch
	requireKey := sandbox.Options{RequireAPIKey: true}
	form := []string{"Content-Type", "application/x-www-form-urlencoded"}

	runErrorCases(t, []errorCase{
		{name: "401 before 404 route_missing", opts: requireKey, ownerKey: "key-one", method: http.MethodGet, path: "/v1/nowhere",
			status: 401, code: "api_key_invalid"},
		{name: "401 before 405", opts: requireKey, ownerKey: "key-one", method: http.MethodDelete, path: create,
			status: 401, code: "api_key_invalid"},
		{name: "404 route_missing before 415", method: post, path: "/v1/clients", body: "a=b", headers: form,
			status: 404, code: "route_missing"},
		{name: "405 before 400", method: http.MethodPut, path: create, body: "{",
			status: 405, code: "method_not_allowed", allow: "OPTIONS, POST"},
		{name: "413 before 415", method: post, path: create, body: bigBody(sandbox.DefaultMaxBodyBytes + 1), headers: form,
			status: 413, code: "body_too_large"},
		{name: "415 before 400", method: post, path: create, body: "{", headers: form,
			status: 415, code: "unsupported_media_type"},
		{name: "400 before 422", method: post, path: create, body: `{"unconfirmed_phone_number": "not a number"}`,
			status: 400, code: "parameter_missing", param: "country_code"},
		{name: "400 type before 422", method: post, path: create, body: `{"unconfirmed_phone_number": "abc", "country_code": ["US"]}`,
			status: 400, code: "parameter_invalid_type", param: "country_code"},
		{name: "400 unknown before 422", method: post, path: create, body: `{"unconfirmed_phone_number": "abc", "country_code": "US", "name": "x"}`,
			status: 400, code: "parameter_unknown", param: "name"},
		{name: "400 before 404 resource_missing", method: post, path: confirm, body: `{"confirmation_token": 123456}`,
			status: 400, code: "parameter_invalid_type", param: "confirmation_token"},
		{name: "422 before 404 resource_missing", method: patch, path: patchTo, body: `{"email": "not an address"}`,
			status: 422, code: "parameter_invalid", param: "email"},
		{name: "422 before 409 phone_number_taken", setup: pendingCustomer, method: post, path: create, body: createBody("+12025550143", "ZZ"),
			status: 422, code: "parameter_invalid", param: "country_code"},
		{name: "404 before 409", method: post, path: confirm, body: `{"confirmation_token": "123456"}`,
			status: 404, code: "resource_missing", param: "id"},
		{name: "409 before 429 send limit", setup: confirmedAfterSendLimit, method: post, path: "/v1/customers/{id}/generate_confirmation",
			status: 409, code: "already_confirmed"},
		{name: "409 before 422 token", setup: confirmedCustomer, method: post, path: confirm, body: `{"confirmation_token": "wrong"}`,
			status: 409, code: "already_confirmed"},
		{name: "429 attempts before expired", setup: lockedThenExpired, method: post, path: confirm, body: `{"confirmation_token": "123456"}`,
			status: 429, code: "too_many_attempts", param: "confirmation_token"},
		{name: "expired before wrong", setup: expiredCustomer, method: post, path: confirm, body: `{"confirmation_token": "not the token"}`,
			status: 422, code: "confirmation_token_expired", param: "confirmation_token"},
	})
}

// confirmedAfterSendLimit has used up its sends and then confirmed.
func confirmedAfterSendLimit(t *testing.T, c apiClient) string {
	t.Helper()
	id := sendLimitedCustomer(t, c)
	c.regenerate(t, id).wantError(t, http.StatusTooManyRequests, "too_many_requests", "")
	c.confirm(t, id, c.latestToken(t, id)).wantStatus(t, http.StatusOK)
	return id
}

// lockedThenExpired has had five wrong tokens and then outlived the TTL.
func lockedThenExpired(t *testing.T, c apiClient) string {
	t.Helper()
	c.moveClock(t, `{"freeze": true}`)
	id := lockedCustomer(t, c)
	c.moveClock(t, `{"advance": "10m"}`)
	return id
}

// TestFirstParameterReported checks that, within one stage, the first
// parameter in the documentation's order is reported whatever the order
// of the keys in the body.
func TestFirstParameterReported(t *testing.T) {
	const (
		create   = "/v1/customers"
		customer = "/v1/customers/{id}"
	)
	post, patch := http.MethodPost, http.MethodPatch

	runErrorCases(t, []errorCase{
		{name: "both missing", method: post, path: create, body: `{}`,
			status: 400, code: "parameter_missing", param: "unconfirmed_phone_number"},
		{name: "both null", method: post, path: create, body: `{"country_code": null, "unconfirmed_phone_number": null}`,
			status: 400, code: "parameter_missing", param: "unconfirmed_phone_number"},
		{name: "both of the wrong type", method: post, path: create, body: `{"country_code": 1, "unconfirmed_phone_number": 2}`,
			status: 400, code: "parameter_invalid_type", param: "unconfirmed_phone_number"},
		{name: "both invalid", method: post, path: create, body: `{"country_code": "ZZ", "unconfirmed_phone_number": "abc"}`,
			status: 422, code: "parameter_invalid", param: "unconfirmed_phone_number"},
		{name: "profile types", setup: pendingCustomer, method: patch, path: customer, body: `{"email": 1, "last_name": 2, "first_name": 3}`,
			status: 400, code: "parameter_invalid_type", param: "first_name"},
		{name: "profile values", setup: pendingCustomer, method: patch, path: customer,
			body:   `{"email": "x", "last_name": "", "first_name": "` + strings.Repeat("a", 101) + `"}`,
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "later values", setup: pendingCustomer, method: patch, path: customer, body: `{"email": "x", "last_name": ""}`,
			status: 422, code: "parameter_invalid", param: "last_name"},
	})
}
