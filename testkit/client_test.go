package testkit_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestClientCustomerFlow(t *testing.T) {
	ctx := context.Background()
	c := testkit.StartSandbox(t, sandbox.Options{TokenMode: "fixed"}).WithKey("flow")

	created, err := c.CreateCustomer(ctx, testkit.CreateCustomerParams{UnconfirmedPhoneNumber: "(202) 555-0143", CountryCode: "us"})
	if err != nil {
		t.Fatal(err)
	}
	if got := deref(created.UnconfirmedPhoneNumber); got != "+12025550143" {
		t.Errorf("got unconfirmed_phone_number %q, want +12025550143", got)
	}

	updated, err := c.UpdateCustomer(ctx, created.ID, testkit.UpdateCustomerParams{FirstName: testkit.Value("Philippe"), Email: testkit.Value("phil@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if got := deref(updated.FirstName); got != "Philippe" {
		t.Errorf("got first_name %q, want Philippe", got)
	}

	cleared, err := c.UpdateCustomer(ctx, created.ID, testkit.UpdateCustomerParams{Email: testkit.Null()})
	if err != nil {
		t.Fatal(err)
	}
	if cleared.Email != nil || deref(cleared.FirstName) != "Philippe" {
		t.Errorf("got email %v and first_name %v, want null and Philippe", cleared.Email, cleared.FirstName)
	}

	if err := c.GenerateConfirmation(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	confirmed, err := c.ConfirmCustomer(ctx, created.ID, sandbox.DefaultFixedToken)
	if err != nil {
		t.Fatal(err)
	}
	if confirmed.ConfirmedAt == nil || deref(confirmed.PhoneNumber) != "+12025550143" {
		t.Errorf("got confirmed_at %v and phone_number %v, want both set", confirmed.ConfirmedAt, confirmed.PhoneNumber)
	}

	retrieved, err := c.RetrieveCustomer(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !retrieved.UpdatedAt.Equal(confirmed.UpdatedAt) {
		t.Errorf("got updated_at %s, want %s", retrieved.UpdatedAt, confirmed.UpdatedAt)
	}
}

func TestClientAPIError(t *testing.T) {
	c := testkit.StartSandbox(t, sandbox.Options{}).WithKey("errors")

	_, err := c.RetrieveCustomer(context.Background(), "cus_missing")

	var apiErr *testkit.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got error %v, want an *APIError", err)
	}
	if apiErr.Status != http.StatusNotFound {
		t.Errorf("got status %d, want 404", apiErr.Status)
	}
	if apiErr.Code != "resource_missing" {
		t.Errorf("got code %q, want resource_missing", apiErr.Code)
	}
	if apiErr.Param != "id" {
		t.Errorf("got param %q, want id", apiErr.Param)
	}
	if apiErr.Type != "invalid_request_error" {
		t.Errorf("got type %q, want invalid_request_error", apiErr.Type)
	}
	if !strings.HasPrefix(apiErr.RequestID, "req_") {
		t.Errorf("got request id %q, want req_...", apiErr.RequestID)
	}
	if apiErr.Message == "" {
		t.Error("got an empty message, want one")
	}
}

func TestClientSandboxControls(t *testing.T) {
	ctx := context.Background()
	c := testkit.StartSandbox(t, sandbox.Options{TokenMode: "fixed"}).WithKey("controls")
	cus, err := c.CreateCustomer(ctx, testkit.CreateCustomerParams{UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US"})
	if err != nil {
		t.Fatal(err)
	}

	list, err := c.ListSMS(ctx, testkit.SMSFilter{To: "+1 (202) 555-0143"})
	if err != nil || len(list) != 1 || list[0].CustomerID != cus.ID {
		t.Fatalf("got outbox %+v and error %v, want one SMS for %s", list, err, cus.ID)
	}
	latest, err := c.LatestSMS(ctx, testkit.SMSFilter{CustomerID: cus.ID}, time.Second)
	if err != nil || latest.Token != sandbox.DefaultFixedToken {
		t.Fatalf("got latest SMS %+v and error %v, want token %s", latest, err, sandbox.DefaultFixedToken)
	}

	clock, err := c.FreezeClock(ctx, true)
	if err != nil || !clock.Frozen {
		t.Fatalf("got clock %+v and error %v, want it frozen", clock, err)
	}
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if _, err := c.SetClock(ctx, at); err != nil {
		t.Fatal(err)
	}
	clock, err = c.AdvanceClock(ctx, time.Minute)
	if err != nil || !clock.Now.Equal(at.Add(time.Minute)) {
		t.Fatalf("got clock %+v and error %v, want %s", clock, err, at.Add(time.Minute))
	}

	state, err := c.ExportState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if customers, err := c.ListSandboxCustomers(ctx); err != nil || len(customers) != 0 {
		t.Fatalf("got %d customers and error %v after a reset, want none", len(customers), err)
	}
	if err := c.ImportState(ctx, state); err != nil {
		t.Fatal(err)
	}
	if customers, err := c.ListSandboxCustomers(ctx); err != nil || len(customers) != 1 {
		t.Fatalf("got %d customers and error %v after the import, want 1", len(customers), err)
	}

	if err := c.ClearSMS(ctx); err != nil {
		t.Fatal(err)
	}
	if list, err := c.ListSMS(ctx, testkit.SMSFilter{}); err != nil || len(list) != 0 {
		t.Fatalf("got %d SMS and error %v after clearing, want none", len(list), err)
	}

	caps, err := c.Capabilities(ctx)
	if err != nil || caps["token_mode"] != "fixed" {
		t.Fatalf("got capabilities %v and error %v, want token_mode fixed", caps, err)
	}
	if err := c.Health(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestClientSchemaError serves bodies that break the schemas and checks the
// error names the rule that failed.
func TestClientSchemaError(t *testing.T) {
	cases := []struct {
		title       string
		contentType string
		body        string
		wantInError string
	}{
		{"missing attribute", "application/json", `{"id":"cus_1"}`, "phone_number"},
		{"wrong type", "application/json", customerWith("created_at", 1700000000), "/created_at"},
		{"not JSON", "text/plain", "ok", "Content-Type"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				w.Header().Set("Request-Id", "req_test")
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()

			_, err := testkit.NewClient(srv.URL).RetrieveCustomer(context.Background(), "cus_1")

			var schemaErr *testkit.SchemaError
			if !errors.As(err, &schemaErr) {
				t.Fatalf("got error %v, want a *SchemaError", err)
			}
			if schemaErr.Schema != "customer" {
				t.Errorf("got schema %q, want customer", schemaErr.Schema)
			}
			if !strings.Contains(err.Error(), tc.wantInError) {
				t.Errorf("error %q does not name %q", err, tc.wantInError)
			}
			if n := strings.Count(err.Error(), "does not match schema"); n != 1 {
				t.Errorf("error %q says \"does not match schema\" %d times, want once", err, n)
			}
		})
	}
}

func TestResponseStringWithoutRequestID(t *testing.T) {
	resp := &testkit.Response{Method: "GET", Path: "/v1/customers", Status: 501, Header: http.Header{}}

	got := resp.String()

	if strings.Contains(got, "[request") {
		t.Errorf("got %q, want no request id part when the response has none", got)
	}
	if want := "GET /v1/customers answered 501: (empty body)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUpdateParamsJSON(t *testing.T) {
	cases := []struct {
		title  string
		params testkit.UpdateCustomerParams
		want   string
	}{
		{"nothing", testkit.UpdateCustomerParams{}, `{}`},
		{"set", testkit.UpdateCustomerParams{FirstName: testkit.Value("P")}, `{"first_name":"P"}`},
		{"clear", testkit.UpdateCustomerParams{Email: testkit.Null()}, `{"email":null}`},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			got, err := json.Marshal(tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// customerWith returns a valid customer body with one attribute replaced.
func customerWith(name string, value any) string {
	cus := map[string]any{
		"id": "cus_1", "phone_number": nil, "unconfirmed_phone_number": "+12025550143",
		"country_code": "US", "email": nil, "first_name": nil, "last_name": nil,
		"confirmation_token": "123456", "confirmed_at": nil,
		"confirmation_sent_at": "2026-12-04T15:27:45.120Z",
		"created_at":           "2026-12-04T15:27:45.120Z", "updated_at": "2026-12-04T15:27:45.120Z",
	}
	cus[name] = value
	body, _ := json.Marshal(cus)
	return string(body)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
