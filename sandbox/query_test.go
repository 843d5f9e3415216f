package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestQueryStringRejected sends query strings that an operation does not
// take, repeats a parameter or leaves it empty. Each is rejected with the
// parameter named, and nothing changes.
func TestQueryStringRejected(t *testing.T) {
	get, post, del := http.MethodGet, http.MethodPost, http.MethodDelete
	big := `{"unconfirmed_phone_number": "` + strings.Repeat("1", sandbox.DefaultMaxBodyBytes) + `"}`
	runErrorCases(t, []errorCase{
		{name: "empty customer_id", setup: pendingCustomer, method: get, path: "/_sandbox/sms/latest?customer_id=",
			status: 422, code: "parameter_invalid", param: "customer_id", message: "leave the parameter out"},
		{name: "customer_id without a value", setup: pendingCustomer, method: get, path: "/_sandbox/sms?customer_id",
			status: 422, code: "parameter_invalid", param: "customer_id"},
		{name: "empty to", setup: pendingCustomer, method: get, path: "/_sandbox/sms?to=",
			status: 422, code: "parameter_invalid", param: "to"},
		{name: "empty wait", setup: pendingCustomer, method: get, path: "/_sandbox/sms/latest?wait=",
			status: 422, code: "parameter_invalid", param: "wait"},
		{name: "empty journal filter", method: get, path: "/_sandbox/requests?status=",
			status: 422, code: "parameter_invalid", param: "status"},
		{name: "value not percent-encoded", setup: pendingCustomer, method: get, path: "/_sandbox/sms?customer_id=%ZZ",
			status: 422, code: "parameter_invalid", param: "customer_id"},
		{name: "name not percent-encoded", method: get, path: "/_sandbox/sms?%ZZ=1",
			status: 400, code: "parameter_unknown", param: "%ZZ"},
		{name: "repeated customer_id", setup: pendingCustomer, method: get, path: "/_sandbox/sms?customer_id={id}&customer_id=cus_other",
			status: 400, code: "parameter_invalid_type", param: "customer_id"},
		{name: "repeated wait", method: get, path: "/_sandbox/sms/latest?wait=1s&wait=2s",
			status: 400, code: "parameter_invalid_type", param: "wait"},
		{name: "repeated journal filter", method: get, path: "/_sandbox/requests?status=2xx&status=4xx",
			status: 400, code: "parameter_invalid_type", param: "status"},
		{name: "unknown before empty", method: get, path: "/_sandbox/sms?customer_id=&phone=1",
			status: 400, code: "parameter_unknown", param: "phone"},
		{name: "API read with a query", setup: pendingCustomer, method: get, path: "/v1/customers/{id}?expand=x",
			status: 400, code: "parameter_unknown", param: "expand"},
		{name: "API create with the body in the query", method: post,
			path:   "/v1/customers?unconfirmed_phone_number=%2B12025550143&country_code=US",
			status: 400, code: "parameter_unknown", param: "unconfirmed_phone_number", message: "JSON body"},
		{name: "oversized body before the query", method: post, path: "/v1/customers?x=1", body: big,
			status: 413, code: "body_too_large"},
		{name: "clearing the outbox with a filter", setup: pendingCustomer, method: del, path: "/_sandbox/sms?customer_id={id}",
			status: 400, code: "parameter_unknown", param: "customer_id"},
		{name: "customer list with a query", setup: pendingCustomer, method: get, path: "/_sandbox/customers?limit=1",
			status: 400, code: "parameter_unknown", param: "limit"},
		{name: "reset with a query", setup: pendingCustomer, method: post, path: "/_sandbox/reset?keep=sms",
			status: 400, code: "parameter_unknown", param: "keep"},
		{name: "state with a query", setup: pendingCustomer, method: get, path: "/_sandbox/state?tenant=x",
			status: 400, code: "parameter_unknown", param: "tenant"},
	})
}

// TestQueryStringAccepted checks what a query string may still contain:
// the filters an operation takes, and empty pairs such as a trailing &.
func TestQueryStringAccepted(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	id := pendingCustomer(t, c)
	pendingOther := c.create(t, "+12025550144", "US").ID

	tests := []struct {
		name  string
		path  string
		count int
	}{
		{name: "one filter", path: "/_sandbox/sms?customer_id=" + id, count: 1},
		{name: "trailing ampersand", path: "/_sandbox/sms?customer_id=" + pendingOther + "&", count: 1},
		{name: "question mark alone", path: "/_sandbox/sms?", count: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(c.outbox(t, strings.TrimPrefix(tt.path, "/_sandbox/sms"))); got != tt.count {
				t.Errorf("GET %s: got %d SMS, want %d", tt.path, got, tt.count)
			}
		})
	}
	c.do(t, http.MethodGet, "/v1/customers/"+id+"?", "").wantStatus(t, http.StatusOK)
}
