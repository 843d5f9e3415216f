package testkit_test

import (
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestSchemaFor(t *testing.T) {
	cases := []struct {
		method string
		path   string
		status int
		want   string
	}{
		{"POST", "/v1/customers", 201, "customer"},
		{"GET", "/v1/customers/cus_1", 200, "customer"},
		{"PATCH", "/v1/customers/cus_1", 200, "customer"},
		{"POST", "/v1/customers/cus_1/confirm", 200, "customer"},
		{"POST", "/v1/customers/cus_1/generate_confirmation", 201, ""},
		{"HEAD", "/v1/customers/cus_1", 200, ""},
		{"GET", "/v1/customers/cus_1", 404, "error"},
		{"GET", "/nowhere", 404, "error"},
		{"GET", "/_sandbox/sms?to=%2B1", 200, "sms_list"},
		{"DELETE", "/_sandbox/sms", 204, ""},
		{"GET", "/_sandbox/sms/latest?wait=2s", 200, "sms"},
		{"GET", "/_sandbox/customers", 200, "customer_list"},
		{"POST", "/_sandbox/clock", 200, "clock"},
		{"GET", "/_sandbox/state", 200, "state"},
		{"PUT", "/_sandbox/state", 200, ""},
		{"GET", "/healthz", 200, "health"},
		{"OPTIONS", "/v1/customers", 204, ""},
		{"GET", "/v1/customers/cus_1/", 301, ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			if got := testkit.SchemaFor(tc.method, tc.path, tc.status); got != tc.want {
				t.Errorf("got schema %q, want %q", got, tc.want)
			}
		})
	}
}
