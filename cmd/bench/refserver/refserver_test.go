package refserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// send makes one request and returns the status and the decoded JSON body
// (nil when the body is empty).
func send(t *testing.T, srv *httptest.Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("build %s %s: %v", method, path, err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()

	if resp.Header.Get("Request-Id") == "" {
		t.Errorf("%s %s: Request-Id header missing", method, path)
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s %s: %v", method, path, err)
	}
	if len(raw) == 0 {
		return resp.StatusCode, nil
	}
	var decoded map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, raw, err)
	}
	return resp.StatusCode, decoded
}

// create makes a customer and returns its decoded body.
func create(t *testing.T, srv *httptest.Server, phone string) map[string]any {
	t.Helper()
	status, c := send(t, srv, "POST", "/v1/customers", `{"unconfirmed_phone_number":"`+phone+`","country_code":"US"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: got status %d, want 201", status)
	}
	return c
}

func TestCustomerHasTwelveKeys(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()

	c := create(t, srv, "+12025550143")
	keys := []string{"id", "phone_number", "unconfirmed_phone_number", "country_code", "email",
		"first_name", "last_name", "confirmation_token", "confirmed_at", "confirmation_sent_at",
		"created_at", "updated_at"}
	if len(c) != len(keys) {
		t.Errorf("customer has %d keys, want %d: %v", len(c), len(keys), c)
	}
	for _, k := range keys {
		if _, ok := c[k]; !ok {
			t.Errorf("customer key %q missing", k)
		}
	}
	if id, _ := c["id"].(string); !strings.HasPrefix(id, "cus_") {
		t.Errorf("id: got %q, want prefix cus_", id)
	}
	if c["phone_number"] != nil {
		t.Errorf("phone_number: got %v, want null before confirmation", c["phone_number"])
	}
}

func TestRoutes(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	id := create(t, srv, "+12025550100")["id"].(string)

	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		wantStatus int
	}{
		{"health", "GET", "/healthz", "", 200},
		{"get customer", "GET", "/v1/customers/" + id, "", 200},
		{"get missing customer", "GET", "/v1/customers/cus_missing", "", 404},
		{"patch customer", "PATCH", "/v1/customers/" + id, `{"first_name":"Ada"}`, 200},
		{"patch missing customer", "PATCH", "/v1/customers/cus_missing", `{}`, 404},
		{"create malformed body", "POST", "/v1/customers", `{`, 400},
		{"latest sms of customer", "GET", "/_sandbox/sms/latest?customer_id=" + id, "", 200},
		{"latest sms of missing customer", "GET", "/_sandbox/sms/latest?customer_id=cus_missing", "", 404},
		{"confirm wrong token", "POST", "/v1/customers/" + id + "/confirm", `{"confirmation_token":"x"}`, 422},
		{"generate confirmation", "POST", "/v1/customers/" + id + "/generate_confirmation", "", 201},
		{"unknown route", "GET", "/v1/nothing", "", 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := send(t, srv, tc.method, tc.path, tc.body)
			if status != tc.wantStatus {
				t.Errorf("got status %d, want %d (body %v)", status, tc.wantStatus, body)
			}
		})
	}
}

func TestConfirmFlow(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	c := create(t, srv, "+12025550199")
	id := c["id"].(string)

	status, message := send(t, srv, "GET", "/_sandbox/sms/latest?customer_id="+id, "")
	if status != http.StatusOK {
		t.Fatalf("latest sms: got status %d, want 200", status)
	}
	if message["token"] != c["confirmation_token"] {
		t.Errorf("sms token: got %v, want the customer's %v", message["token"], c["confirmation_token"])
	}
	if message["to"] != "+12025550199" {
		t.Errorf("sms to: got %v, want +12025550199", message["to"])
	}

	status, confirmed := send(t, srv, "POST", "/v1/customers/"+id+"/confirm", `{"confirmation_token":"`+message["token"].(string)+`"}`)
	if status != http.StatusOK {
		t.Fatalf("confirm: got status %d, want 200 (body %v)", status, confirmed)
	}
	if confirmed["phone_number"] != "+12025550199" {
		t.Errorf("phone_number: got %v, want +12025550199", confirmed["phone_number"])
	}
	if confirmed["unconfirmed_phone_number"] != nil {
		t.Errorf("unconfirmed_phone_number: got %v, want null", confirmed["unconfirmed_phone_number"])
	}
	if confirmed["confirmed_at"] == nil {
		t.Errorf("confirmed_at: got null, want a time")
	}
}

func TestPatchKeepsAbsentFields(t *testing.T) {
	srv := httptest.NewServer(New())
	defer srv.Close()
	id := create(t, srv, "+12025550101")["id"].(string)

	send(t, srv, "PATCH", "/v1/customers/"+id, `{"first_name":"Ada","email":"ada@example.com"}`)
	_, c := send(t, srv, "PATCH", "/v1/customers/"+id, `{"last_name":"Lovelace"}`)

	want := map[string]string{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
	for key, value := range want {
		if c[key] != value {
			t.Errorf("%s: got %v, want %q", key, c[key], value)
		}
	}
}
