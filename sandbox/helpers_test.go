package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/schemas"
)

// testServer is a sandbox behind a real loopback HTTP listener.
type testServer struct {
	URL     string
	Sandbox *sandbox.Server
}

// startServer starts a sandbox with opts and stops it when the test ends.
func startServer(t *testing.T, opts sandbox.Options) *testServer {
	t.Helper()
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandbox.New: %v", err)
	}
	hs := httptest.NewServer(sb)
	t.Cleanup(func() {
		// The sandbox closes first to end long-polls, which the listener
		// would otherwise wait for.
		if err := sb.Close(); err != nil {
			t.Errorf("close sandbox: %v", err)
		}
		hs.Close()
	})
	return &testServer{URL: hs.URL, Sandbox: sb}
}

// client returns an API client that sends key as its bearer key. An empty
// key sends no Authorization header, which selects the default tenant.
func (ts *testServer) client(key string) apiClient {
	return apiClient{base: ts.URL, key: key}
}

// apiClient sends requests to one tenant of a test server.
type apiClient struct {
	base string
	key  string
}

// response is a whole HTTP response, read and closed.
type response struct {
	Method string
	Path   string
	Status int
	Header http.Header
	Body   []byte
}

// requestTimeout bounds every test request, so a hung server fails the
// test instead of stalling it until the package timeout.
const requestTimeout = 40 * time.Second

var httpClient = &http.Client{
	Timeout: requestTimeout,
	// The sandbox never redirects; a redirect must reach the test as is.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends method path with body ("" sends none) and headers given as
// name, value pairs. A body is sent as application/json unless headers
// set Content-Type, and an empty value removes a header.
func (c apiClient) do(t *testing.T, method, path, body string, headers ...string) *response {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, reader)
	if err != nil {
		t.Fatalf("build %s %s: %v", method, path, err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	if len(headers)%2 != 0 {
		t.Fatalf("headers must be name, value pairs, got %q", headers)
	}
	for i := 0; i < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.send(t, req)
}

// send sends req as built by the caller and checks the response against
// the rules every response follows: a request id and a body that matches
// its schema.
func (c apiClient) send(t *testing.T, req *http.Request) *response {
	t.Helper()
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.RequestURI(), err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.RequestURI(), err)
	}

	r := &response{Method: req.Method, Path: req.URL.RequestURI(), Status: res.StatusCode, Header: res.Header, Body: body}
	checkRequestID(t, r)
	checkSchema(t, r)
	return r
}

// checkRequestID checks that the Request-Id header is set and, on errors,
// equals the body's request_id.
func checkRequestID(t *testing.T, r *response) {
	t.Helper()
	id := r.Header.Get("Request-Id")
	if !strings.HasPrefix(id, "req_") {
		t.Errorf("%s %s: Request-Id header %q, want req_...", r.Method, r.Path, id)
	}
	if r.Status < 400 || r.Method == http.MethodHead {
		return
	}
	var env struct {
		Error struct {
			RequestID string `json:"request_id"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil {
		return // checkSchema reports the body
	}
	if env.Error.RequestID != id {
		t.Errorf("%s %s: body request_id %q, want the Request-Id header %q", r.Method, r.Path, env.Error.RequestID, id)
	}
}

// schemaNone marks a response that must have an empty body.
const schemaNone = ""

// schemaUnchecked marks a JSON body that has no schema in the schemas
// package.
const schemaUnchecked = "-"

// schemaNotJSON marks a body that is not JSON, such as a web page.
const schemaNotJSON = "text"

// schemaFor returns the schema name of a response body by its route.
func schemaFor(r *response) string {
	path, _, _ := strings.Cut(r.Path, "?")
	switch {
	case r.Method == http.MethodHead, r.Status == http.StatusNoContent:
		return schemaNone
	case r.Status >= 400:
		return "error"
	case path == "/healthz":
		return "health"
	case strings.HasPrefix(path, "/v1/customers/") && strings.HasSuffix(path, "/generate_confirmation"):
		return schemaNone
	case strings.HasPrefix(path, "/v1/customers"):
		return "customer"
	case path == "/_sandbox/customers":
		return "customer_list"
	case path == "/_sandbox/sms":
		return "sms_list"
	case path == "/_sandbox/sms/latest":
		return "sms"
	case path == "/_sandbox/clock":
		return "clock"
	case path == "/_sandbox/state":
		return "state"
	case path == "/_sandbox/capabilities":
		return "capabilities"
	case path == "/_sandbox/requests":
		return "requests_list"
	case path == "/_sandbox/faults" && r.Method == http.MethodPost:
		return "fault"
	case path == "/_sandbox/faults":
		return "faults_list"
	case path == "/openapi.json":
		// The OpenAPI document is built from the schemas themselves and
		// has tests of its own.
		return schemaUnchecked
	case path == "/metrics", path == "/_sandbox", path == "/_sandbox/":
		return schemaNotJSON
	}
	return "unknown route " + path
}

// checkSchema validates the body against the schema of its route.
func checkSchema(t *testing.T, r *response) {
	t.Helper()
	name := schemaFor(r)
	switch name {
	case schemaNone:
		if len(r.Body) != 0 {
			t.Errorf("%s %s: got body %q, want an empty body", r.Method, r.Path, r.Body)
		}
		return
	case schemaUnchecked:
		if !json.Valid(r.Body) {
			t.Errorf("%s %s: body %q is not JSON", r.Method, r.Path, r.Body)
		}
		return
	case schemaNotJSON:
		return
	}
	if err := schemas.Validate(name, r.Body); err != nil {
		t.Errorf("%s %s: status %d: %v\nbody: %s", r.Method, r.Path, r.Status, err, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q, want application/json", r.Method, r.Path, ct)
	}
}

// decode unmarshals the body into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s %s: decode %T: %v\nbody: %s", r.Method, r.Path, v, err, r.Body)
	}
}

// wantStatus fails the test now unless the response has status.
func (r *response) wantStatus(t *testing.T, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s %s: got status %d, want %d\nbody: %s", r.Method, r.Path, r.Status, status, r.Body)
	}
}

// errorBody is the "error" object of the error envelope.
type errorBody struct {
	Type      string  `json:"type"`
	Code      string  `json:"code"`
	Param     *string `json:"param"`
	Message   string  `json:"message"`
	RequestID string  `json:"request_id"`
}

// wantError checks an error response: status, code, type and param, where
// param "" means null.
func (r *response) wantError(t *testing.T, status int, code, param string) errorBody {
	t.Helper()
	r.wantStatus(t, status)
	var env struct {
		Error errorBody `json:"error"`
	}
	r.decode(t, &env)
	e := env.Error

	if e.Code != code {
		t.Errorf("%s %s: got code %q, want %q (message %q)", r.Method, r.Path, e.Code, code, e.Message)
	}
	got := "<null>"
	if e.Param != nil {
		got = *e.Param
	}
	want := param
	if want == "" {
		want = "<null>"
	}
	if got != want {
		t.Errorf("%s %s: got param %q, want %q (message %q)", r.Method, r.Path, got, want, e.Message)
	}
	if e.Type != errorTypeOf(status) {
		t.Errorf("%s %s: got type %q, want %q", r.Method, r.Path, e.Type, errorTypeOf(status))
	}
	if e.Message == "" {
		t.Errorf("%s %s: error message is empty", r.Method, r.Path)
	}
	return e
}

func errorTypeOf(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return "authentication_error"
	case status == http.StatusTooManyRequests:
		return "rate_limit_error"
	case status >= 500:
		return "api_error"
	}
	return "invalid_request_error"
}

// customerBody is the customer object as the API sends it.
type customerBody struct {
	ID                     string  `json:"id"`
	PhoneNumber            *string `json:"phone_number"`
	UnconfirmedPhoneNumber *string `json:"unconfirmed_phone_number"`
	CountryCode            *string `json:"country_code"`
	Email                  *string `json:"email"`
	FirstName              *string `json:"first_name"`
	LastName               *string `json:"last_name"`
	ConfirmationToken      *string `json:"confirmation_token"`
	ConfirmedAt            *string `json:"confirmed_at"`
	ConfirmationSentAt     *string `json:"confirmation_sent_at"`
	CreatedAt              *string `json:"created_at"`
	UpdatedAt              *string `json:"updated_at"`
}

// smsBody is an outbox message.
type smsBody struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	To         string `json:"to"`
	Body       string `json:"body"`
	Token      string `json:"token"`
	SentAt     string `json:"sent_at"`
}

// clockBody is the body of the clock control.
type clockBody struct {
	Now    string `json:"now"`
	Frozen bool   `json:"frozen"`
	Offset string `json:"offset"`
}

// str returns the value of a nullable string, "<null>" for null.
func str(p *string) string {
	if p == nil {
		return "<null>"
	}
	return *p
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// createBody returns a create request body.
func createBody(number, country string) string {
	return `{"unconfirmed_phone_number": ` + jsonString(number) + `, "country_code": ` + jsonString(country) + `}`
}

// create creates a customer and fails the test unless it gets 201.
func (c apiClient) create(t *testing.T, number, country string) customerBody {
	t.Helper()
	r := c.do(t, http.MethodPost, "/v1/customers", createBody(number, country))
	r.wantStatus(t, http.StatusCreated)
	var cus customerBody
	r.decode(t, &cus)
	return cus
}

// get reads a customer and fails the test unless it gets 200.
func (c apiClient) get(t *testing.T, id string) customerBody {
	t.Helper()
	r := c.do(t, http.MethodGet, "/v1/customers/"+id, "")
	r.wantStatus(t, http.StatusOK)
	var cus customerBody
	r.decode(t, &cus)
	return cus
}

// confirm sends a confirm request with token as a JSON string.
func (c apiClient) confirm(t *testing.T, id, token string) *response {
	t.Helper()
	return c.do(t, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": `+jsonString(token)+`}`)
}

// regenerate sends generate_confirmation with no body.
func (c apiClient) regenerate(t *testing.T, id string) *response {
	t.Helper()
	return c.do(t, http.MethodPost, "/v1/customers/"+id+"/generate_confirmation", "")
}

// outbox returns the tenant's SMS outbox, oldest first.
func (c apiClient) outbox(t *testing.T, query string) []smsBody {
	t.Helper()
	r := c.do(t, http.MethodGet, "/_sandbox/sms"+query, "")
	r.wantStatus(t, http.StatusOK)
	var l struct {
		Data []smsBody `json:"data"`
	}
	r.decode(t, &l)
	return l.Data
}

// customers returns the tenant's customers, oldest first.
func (c apiClient) customers(t *testing.T) []customerBody {
	t.Helper()
	r := c.do(t, http.MethodGet, "/_sandbox/customers", "")
	r.wantStatus(t, http.StatusOK)
	var l struct {
		Data []customerBody `json:"data"`
	}
	r.decode(t, &l)
	return l.Data
}

// latestToken returns the token of the newest SMS to the customer.
func (c apiClient) latestToken(t *testing.T, id string) string {
	t.Helper()
	r := c.do(t, http.MethodGet, "/_sandbox/sms/latest?customer_id="+id, "")
	r.wantStatus(t, http.StatusOK)
	var m smsBody
	r.decode(t, &m)
	return m.Token
}

// moveClock posts body to the clock control and fails unless it gets 200.
func (c apiClient) moveClock(t *testing.T, body string) clockBody {
	t.Helper()
	r := c.do(t, http.MethodPost, "/_sandbox/clock", body)
	r.wantStatus(t, http.StatusOK)
	var clock clockBody
	r.decode(t, &clock)
	return clock
}

// state returns the tenant's export, decoded.
func (c apiClient) state(t *testing.T) map[string]any {
	t.Helper()
	r := c.do(t, http.MethodGet, "/_sandbox/state", "")
	r.wantStatus(t, http.StatusOK)
	var st map[string]any
	r.decode(t, &st)
	return st
}

// failedAttempts returns failed_confirm_attempts of a customer in the
// tenant's export.
func (c apiClient) failedAttempts(t *testing.T, id string) int {
	t.Helper()
	customers, _ := c.state(t)["customers"].([]any)
	for _, raw := range customers {
		cus, _ := raw.(map[string]any)
		if cus["id"] == id {
			n, _ := cus["failed_confirm_attempts"].(float64)
			return int(n)
		}
	}
	t.Fatalf("customer %s is not in the state export", id)
	return 0
}

// tenantSnapshot is the data of a tenant, as the controls show it.
type tenantSnapshot struct {
	Customers []byte
	SMS       []byte
	State     map[string]any
}

// snapshot reads the tenant's customers, outbox and state. A running
// clock's "now" is left out of the state because it moves by itself.
func (c apiClient) snapshot(t *testing.T) tenantSnapshot {
	t.Helper()
	customers := c.do(t, http.MethodGet, "/_sandbox/customers", "")
	customers.wantStatus(t, http.StatusOK)
	sms := c.do(t, http.MethodGet, "/_sandbox/sms", "")
	sms.wantStatus(t, http.StatusOK)
	st := c.state(t)
	if clock, ok := st["clock"].(map[string]any); ok && clock["frozen"] != true {
		delete(clock, "now")
	}
	return tenantSnapshot{Customers: customers.Body, SMS: sms.Body, State: st}
}

// wantUnchanged fails unless the tenant still contains what before shows,
// so no customer, SMS or counter was written.
func (c apiClient) wantUnchanged(t *testing.T, before tenantSnapshot) {
	t.Helper()
	after := c.snapshot(t)
	if !bytes.Equal(before.Customers, after.Customers) {
		t.Errorf("customers changed:\nbefore %s\nafter  %s", before.Customers, after.Customers)
	}
	if !bytes.Equal(before.SMS, after.SMS) {
		t.Errorf("outbox changed:\nbefore %s\nafter  %s", before.SMS, after.SMS)
	}
	if !reflect.DeepEqual(before.State, after.State) {
		t.Errorf("state changed:\nbefore %v\nafter  %v", before.State, after.State)
	}
}

// asyncResult is the outcome of a request sent by sendLater.
type asyncResult struct {
	status int
	body   []byte
	err    error
}

// sendLater sends a request from another goroutine after delay, for tests
// that hold a request open meanwhile. It reports through the channel
// because only the test goroutine may fail the test.
func (c apiClient) sendLater(delay time.Duration, method, path, body string) <-chan asyncResult {
	done := make(chan asyncResult, 1)
	go func() {
		time.Sleep(delay)
		done <- c.sendPlain(method, path, body)
	}()
	return done
}

// sendPlain sends a JSON request without checking the response.
func (c apiClient) sendPlain(method, path, body string) asyncResult {
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		return asyncResult{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		return asyncResult{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return asyncResult{status: res.StatusCode, body: b, err: err}
}
