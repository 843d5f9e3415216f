package testkit_test

import (
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
	"github.com/dirtylemon/api-sandbox/testkit/internal/deviant"
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

// extraAttributeFeature creates a customer in a scenario without tags and
// in an @assumed one.
const extraAttributeFeature = `Feature: A customer with an attribute the documentation does not list
  Scenario: Documented attributes
    When I create a customer with a new phone number
    Then the response status is 201

  @assumed
  Scenario: Closed customer object
    When I create a customer with a new phone number
    Then the response status is 201
`

// TestCustomerExtraAttribute records a decision: the documentation lists
// the twelve attributes of a customer, and every scenario checks that each
// is present with its type, but it does not promise there are no others.
// Adding an attribute is a compatible change for clients that ignore
// unknown ones, so only @assumed scenarios check the closed schema of this
// project and fail on an extra attribute.
func TestCustomerExtraAttribute(t *testing.T) {
	url := deviant.Start(t, tolerated(t, "customer has an extra attribute"))

	result := runLikeRunner(t, url, oneFeature("extra.feature", extraAttributeFeature), testkit.SuiteOptions{Strict: true})

	if err, failed := result.failed["Documented attributes"]; failed {
		t.Errorf("the scenario without tags failed, want it to pass: %v", err)
	}
	err, failed := result.failed["Closed customer object"]
	if !failed {
		t.Fatal("the @assumed scenario passed, want it to fail on the extra attribute")
	}
	for _, want := range []string{`schema "customer"`, "/loyalty_points", "not allowed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not contain %q", err, want)
		}
	}
}

// tolerated returns the tolerated deviation called name.
func tolerated(t *testing.T, name string) deviant.Deviation {
	t.Helper()
	for _, d := range deviant.Tolerated() {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no tolerated deviation is called %q", name)
	return deviant.Deviation{}
}
