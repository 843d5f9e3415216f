package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// docChecker sends requests to a sandbox and validates each response
// against the sandbox's own OpenAPI document: the status must be listed,
// the headers marked required present, and the body must match the schema.
type docChecker struct {
	t      *testing.T
	url    string
	key    string
	router routers.Router
	client *http.Client
}

// registerHTMLDecoder lets kin-openapi read the outbox page's body as a
// string, the type its schema has; kin-openapi v0.153.0 has decoders for
// JSON and text/plain only.
var registerHTMLDecoder sync.Once

func newDocChecker(t *testing.T, opts Options, key string) *docChecker {
	t.Helper()
	registerHTMLDecoder.Do(func() {
		openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	})
	_, url := openAPIServer(t, opts)
	doc := loadOpenAPI(t, fetchOpenAPI(t, url))
	doc.Servers = openapi3.Servers{{URL: url}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("build the kin-openapi router: %v", err)
	}
	return &docChecker{t: t, url: url, key: key, router: router, client: &http.Client{Timeout: 10 * time.Second}}
}

// send sends method path with body ("" sends none), validates the response
// and returns its status and body. contentType "" sends application/json
// when there is a body.
func (c *docChecker) send(method, path, body, contentType string) (int, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatalf("build %s %s: %v", method, path, err)
	}
	if body != "" && contentType == "" {
		contentType = "application/json"
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}

	res, err := c.client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", method, path, err)
	}

	c.validate(req, res, data)
	return res.StatusCode, data
}

func (c *docChecker) validate(req *http.Request, res *http.Response, data []byte) {
	c.t.Helper()
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		c.t.Errorf("%s %s: the document has no operation for it: %v", req.Method, req.URL.Path, err)
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(data)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		c.t.Errorf("%s %s: status %d does not match the document: %v\nbody: %s", req.Method, req.URL.Path, res.StatusCode, err, data)
	}
}

// want sends a request and fails unless it gets status.
func (c *docChecker) want(status int, method, path, body string) []byte {
	c.t.Helper()
	got, data := c.send(method, path, body, "")
	if got != status {
		c.t.Errorf("%s %s: got status %d, want %d\nbody: %s", method, path, got, status, data)
	}
	return data
}

func (c *docChecker) createCustomer(number string) string {
	c.t.Helper()
	data := c.want(http.StatusCreated, http.MethodPost, "/v1/customers", `{"unconfirmed_phone_number": "`+number+`", "country_code": "US"}`)
	var cus struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &cus); err != nil || cus.ID == "" {
		c.t.Fatalf("create %s: no customer id in %s", number, data)
	}
	return cus.ID
}

// TestOpenAPIResponsesMatch drives each operation through its success and
// its error outcomes and validates every response against the document.
func TestOpenAPIResponsesMatch(t *testing.T) {
	c := newDocChecker(t, Options{TokenMode: TokenModeFixed}, "key_openapi")

	t.Run("customers", func(t *testing.T) {
		c.t = t
		id := c.createCustomer("202-555-0143")
		c.want(http.StatusConflict, http.MethodPost, "/v1/customers", `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`)
		c.want(http.StatusBadRequest, http.MethodPost, "/v1/customers", `{"unconfirmed_phone_number": `)
		c.want(http.StatusBadRequest, http.MethodPost, "/v1/customers", `{"country_code": "US"}`)
		c.want(http.StatusUnprocessableEntity, http.MethodPost, "/v1/customers", `{"unconfirmed_phone_number": "333-333-333", "country_code": "US"}`)
		if status, _ := c.send(http.MethodPost, "/v1/customers", "a=b", "application/x-www-form-urlencoded"); status != http.StatusUnsupportedMediaType {
			t.Errorf("form body: got status %d, want 415", status)
		}
		c.want(http.StatusRequestEntityTooLarge, http.MethodPost, "/v1/customers", `{"x": "`+strings.Repeat("a", DefaultMaxBodyBytes)+`"}`)

		c.want(http.StatusOK, http.MethodGet, "/v1/customers/"+id, "")
		c.want(http.StatusNotFound, http.MethodGet, "/v1/customers/cus_missing", "")
		c.want(http.StatusOK, http.MethodPatch, "/v1/customers/"+id, `{"first_name": "Philippe", "email": null}`)
		c.want(http.StatusUnprocessableEntity, http.MethodPatch, "/v1/customers/"+id, `{"email": "not an address"}`)

		c.want(http.StatusUnprocessableEntity, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": "000000"}`)
		c.want(http.StatusBadRequest, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": 123456}`)
		c.want(http.StatusOK, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": "`+DefaultFixedToken+`"}`)
		c.want(http.StatusConflict, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": "`+DefaultFixedToken+`"}`)
		c.want(http.StatusConflict, http.MethodPost, "/v1/customers/"+id+"/generate_confirmation", "")
	})

	t.Run("limits", func(t *testing.T) {
		c.t = t
		id := c.createCustomer("202-555-0144")
		for range DefaultMaxSends - 1 {
			c.want(http.StatusCreated, http.MethodPost, "/v1/customers/"+id+"/generate_confirmation", "")
		}
		c.want(http.StatusTooManyRequests, http.MethodPost, "/v1/customers/"+id+"/generate_confirmation", "{}")
		for range DefaultMaxConfirmAttempts {
			c.want(http.StatusUnprocessableEntity, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": "000000"}`)
		}
		c.want(http.StatusTooManyRequests, http.MethodPost, "/v1/customers/"+id+"/confirm", `{"confirmation_token": "000000"}`)
	})

	t.Run("controls", func(t *testing.T) {
		c.t = t
		id := c.createCustomer("202-555-0145")
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/sms?customer_id="+id, "")
		c.want(http.StatusBadRequest, http.MethodGet, "/_sandbox/sms?too=1", "")
		c.want(http.StatusUnprocessableEntity, http.MethodGet, "/_sandbox/sms?to=nope", "")
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/sms/latest?to=%2B12025550145", "")
		c.want(http.StatusNotFound, http.MethodGet, "/_sandbox/sms/latest?customer_id=cus_missing&wait=10ms", "")
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/customers", "")
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/clock", "")
		c.want(http.StatusOK, http.MethodPost, "/_sandbox/clock", `{"advance": "1m"}`)
		c.want(http.StatusBadRequest, http.MethodPost, "/_sandbox/clock", `{}`)
		c.want(http.StatusUnprocessableEntity, http.MethodPost, "/_sandbox/clock", `{"advance": "-1m"}`)
		state := c.want(http.StatusOK, http.MethodGet, "/_sandbox/state", "")
		c.want(http.StatusOK, http.MethodPut, "/_sandbox/state", string(state))
		c.want(http.StatusBadRequest, http.MethodPut, "/_sandbox/state", `{"tenant": 1}`)
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/capabilities", "")
		c.want(http.StatusNoContent, http.MethodDelete, "/_sandbox/sms", "")
		c.want(http.StatusNoContent, http.MethodPost, "/_sandbox/reset", "")
	})

	t.Run("diagnostics", func(t *testing.T) {
		c.t = t
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/requests?status=4xx", "")
		c.want(http.StatusBadRequest, http.MethodGet, "/_sandbox/requests?nope=1", "")
		c.want(http.StatusNoContent, http.MethodDelete, "/_sandbox/requests", "")
		c.want(http.StatusCreated, http.MethodPost, "/_sandbox/faults", `{"path": "/v1/customers/{id}", "status": 503}`)
		c.want(http.StatusCreated, http.MethodPost, "/_sandbox/faults", `{"sms": "late", "delay": "1s"}`)
		c.want(http.StatusUnprocessableEntity, http.MethodPost, "/_sandbox/faults", `{"path": "/nowhere", "status": 503}`)
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/faults", "")
		c.want(http.StatusNotFound, http.MethodDelete, "/_sandbox/faults/flt_missing", "")
		c.want(http.StatusNoContent, http.MethodDelete, "/_sandbox/faults", "")
	})

	t.Run("service", func(t *testing.T) {
		c.t = t
		c.want(http.StatusOK, http.MethodGet, "/healthz", "")
		c.want(http.StatusOK, http.MethodGet, "/openapi.json", "")
		c.want(http.StatusOK, http.MethodGet, "/metrics", "")
		c.want(http.StatusOK, http.MethodGet, "/_sandbox", "")
		c.want(http.StatusOK, http.MethodGet, "/_sandbox/", "")
	})
}

func TestOpenAPIResponsesUnauthorized(t *testing.T) {
	c := newDocChecker(t, Options{APIKeys: []string{"key_allowed"}}, "")

	paths := []struct {
		method string
		path   string
	}{
		{http.MethodPost, "/v1/customers"},
		{http.MethodGet, "/v1/customers/cus_missing"},
		{http.MethodGet, "/_sandbox/sms"},
		{http.MethodGet, "/_sandbox/events"},
	}
	for _, p := range paths {
		t.Run(p.method+" "+p.path, func(t *testing.T) {
			c.t = t
			c.want(http.StatusUnauthorized, p.method, p.path, "")
		})
	}
}
