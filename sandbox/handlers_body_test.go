package sandbox_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

func TestBodyAccepted(t *testing.T) {
	valid := createBody("+12025550143", "US")
	tests := []struct {
		name    string
		body    string
		headers []string
	}{
		{name: "byte-order mark", body: "\xEF\xBB\xBF" + valid},
		{name: "no Content-Type", body: valid, headers: []string{"Content-Type", ""}},
		{name: "charset parameter", body: valid, headers: []string{"Content-Type", "application/json; charset=utf-8"}},
		{name: "upper-case charset", body: valid, headers: []string{"Content-Type", "application/json; charset=UTF-8"}},
		{name: "quoted charset", body: valid, headers: []string{"Content-Type", `application/json; charset="utf-8"`}},
		{name: "upper-case media type", body: valid, headers: []string{"Content-Type", "Application/JSON"}},
		{name: "surrounding whitespace", body: "\n\t " + valid + " \r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{}).client("")

			r := c.do(t, http.MethodPost, "/v1/customers", tt.body, tt.headers...)
			r.wantStatus(t, http.StatusCreated)
			var cus customerBody
			r.decode(t, &cus)

			if got := str(cus.UnconfirmedPhoneNumber); got != "+12025550143" {
				t.Errorf("got unconfirmed_phone_number %q, want +12025550143", got)
			}
		})
	}
}

func TestBodyRejected(t *testing.T) {
	const create = "/v1/customers"
	post := http.MethodPost

	runErrorCases(t, []errorCase{
		{name: "key in another case", method: post, path: create, body: `{"unconfirmed_phone_number": "+12025550143", "Country_Code": "US"}`,
			status: 400, code: "parameter_unknown", param: "Country_Code", message: "country_code"},
		{name: "upper-case key", method: post, path: create, body: `{"UNCONFIRMED_PHONE_NUMBER": "+12025550143", "country_code": "US"}`,
			status: 400, code: "parameter_unknown", param: "UNCONFIRMED_PHONE_NUMBER"},
		{name: "duplicate key names the key", setup: pendingCustomer, method: http.MethodPatch, path: "/v1/customers/{id}",
			body: `{"email": "a@example.com", "email": "b@example.com"}`, status: 400, code: "body_invalid", param: "email"},
		{name: "two objects", method: post, path: create, body: `{} {}`, status: 400, code: "body_invalid"},
		{name: "trailing garbage", method: post, path: create, body: createBody("+12025550143", "US") + "x",
			status: 400, code: "body_invalid"},
		{name: "invalid UTF-8 in a key", method: post, path: create, body: "{\"a\xc3\": 1}", status: 400, code: "body_invalid"},
		{name: "overlong UTF-8 encoding", method: post, path: create, body: "{\"country_code\": \"\xc0\xafUS\"}", status: 400, code: "body_invalid"},
		{name: "JSON null body", method: post, path: create, body: `null`, status: 400, code: "body_invalid"},
		{name: "JSON string body", method: post, path: create, body: `"+12025550143"`, status: 400, code: "body_invalid"},
		{name: "unterminated object", method: post, path: create, body: `{"country_code": "US"`, status: 400, code: "body_invalid"},
		{name: "byte-order mark twice", method: post, path: create, body: "\xEF\xBB\xBF\xEF\xBB\xBF{}", status: 400, code: "body_invalid"},
		{name: "form type with JSON body", method: post, path: create, body: createBody("+12025550143", "US"),
			headers: []string{"Content-Type", "application/x-www-form-urlencoded"},
			status:  415, code: "unsupported_media_type", message: "application/json"},
		{name: "multipart type", method: post, path: create, body: "--x--",
			headers: []string{"Content-Type", "multipart/form-data; boundary=x"},
			status:  415, code: "unsupported_media_type", message: "application/json"},
		{name: "latin1 charset", method: post, path: create, body: createBody("+12025550143", "US"),
			headers: []string{"Content-Type", "application/json; charset=latin1"},
			status:  415, code: "unsupported_media_type", message: "UTF-8"},
		{name: "UTF-16 charset", method: post, path: create, body: createBody("+12025550143", "US"),
			headers: []string{"Content-Type", "application/json; charset=UTF-16"},
			status:  415, code: "unsupported_media_type", message: "UTF-16"},
		{name: "latin1 charset on a state import", method: http.MethodPut, path: "/_sandbox/state", body: "{}",
			headers: []string{"Content-Type", "application/json; charset=ISO-8859-1"},
			status:  415, code: "unsupported_media_type", message: "UTF-8"},
		{name: "malformed Content-Type", method: post, path: create, body: "{}",
			headers: []string{"Content-Type", "application/json; charset"},
			status:  415, code: "unsupported_media_type"},
	})
}

// TestBodyLimitChunked sends bodies without a Content-Length, so the size
// is only known once read: the limit still applies, and still before the
// media type check.
func TestBodyLimitChunked(t *testing.T) {
	tests := []struct {
		name        string
		contentType string
		size        int64
		status      int
		code        string
	}{
		{name: "over the limit", contentType: "application/json", size: sandbox.DefaultMaxBodyBytes + 1, status: 413, code: "body_too_large"},
		{name: "over the limit with form type", contentType: "application/x-www-form-urlencoded", size: sandbox.DefaultMaxBodyBytes + 1,
			status: 413, code: "body_too_large"},
		{name: "at the limit", contentType: "application/json", size: sandbox.DefaultMaxBodyBytes, status: 400, code: "parameter_unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, sandbox.Options{})
			c := ts.client("")
			before := c.snapshot(t)

			// An io.Reader of unknown length makes the client send the
			// body chunked.
			body := io.MultiReader(strings.NewReader(bigBody(tt.size)))
			req, err := http.NewRequest(http.MethodPost, ts.URL+"/v1/customers", body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", tt.contentType)
			r := c.send(t, req)

			r.wantError(t, tt.status, tt.code, errorParam(tt.code))
			c.wantUnchanged(t, before)
		})
	}
}

// errorParam returns the param of the errors TestBodyLimitChunked expects.
func errorParam(code string) string {
	if code == "parameter_unknown" {
		return "pad"
	}
	return ""
}

// TestNoRedirect checks that paths that a cleaning router would redirect
// get the JSON 404 instead, and reach no other handler.
func TestNoRedirect(t *testing.T) {
	get, post := http.MethodGet, http.MethodPost
	valid := createBody("+12025550143", "US")

	runErrorCases(t, []errorCase{
		{name: "trailing slash on collection", method: post, path: "/v1/customers/", body: valid, status: 404, code: "route_missing"},
		{name: "trailing slash on item", setup: pendingCustomer, method: get, path: "/v1/customers/{id}/", status: 404, code: "route_missing"},
		{name: "double slash at start", method: post, path: "//v1/customers", body: valid, status: 404, code: "route_missing"},
		{name: "double slash inside", setup: pendingCustomer, method: get, path: "/v1//customers/{id}", status: 404, code: "route_missing"},
		{name: "dot segment", setup: pendingCustomer, method: get, path: "/v1/customers/x/../{id}", status: 404, code: "route_missing"},
		{name: "encoded slash", setup: pendingCustomer, method: post, path: "/v1/customers/{id}%2Fconfirm",
			body: `{"confirmation_token": "123456"}`, status: 404, code: "route_missing"},
		{name: "encoded lower-case slash", setup: pendingCustomer, method: get, path: "/v1/customers/{id}%2f", status: 404, code: "route_missing"},
		{name: "encoded backslash", setup: pendingCustomer, method: get, path: "/v1/customers/{id}%5C", status: 404, code: "route_missing"},
		{name: "trailing slash on control", method: get, path: "/_sandbox/sms/", status: 404, code: "route_missing"},
	})
}

func TestHead(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	cus := c.create(t, "+12025550143", "US")

	tests := []struct {
		name   string
		path   string
		status int
		allow  string
	}{
		{name: "customer", path: "/v1/customers/" + cus.ID, status: 200},
		{name: "health", path: "/healthz", status: 200},
		{name: "outbox", path: "/_sandbox/sms", status: 200},
		{name: "missing customer", path: "/v1/customers/cus_none", status: 404},
		{name: "POST-only route", path: "/v1/customers", status: 405, allow: "OPTIONS, POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := c.do(t, http.MethodGet, tt.path, "")
			r := c.do(t, http.MethodHead, tt.path, "")

			r.wantStatus(t, tt.status)
			if got := r.Header.Get("Allow"); got != tt.allow {
				t.Errorf("got Allow %q, want %q", got, tt.allow)
			}
			// A 405 message names the method, so only its length differs.
			if got, want := r.Header.Get("Content-Length"), get.Header.Get("Content-Length"); got != want && tt.status != 405 {
				t.Errorf("got Content-Length %q, want the GET's %q", got, want)
			}
			if got, want := r.Header.Get("Content-Type"), get.Header.Get("Content-Type"); got != want {
				t.Errorf("got Content-Type %q, want the GET's %q", got, want)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name      string
		opts      sandbox.Options
		path      string
		headers   []string
		status    int
		allow     string
		origin    string // want Access-Control-Allow-Origin
		methods   bool   // want Access-Control-Allow-Methods
		allowHdrs string // want Access-Control-Allow-Headers
	}{
		{name: "plain OPTIONS lists methods", path: "/v1/customers/cus_x", status: 204, allow: "GET, HEAD, OPTIONS, PATCH"},
		{name: "plain OPTIONS on confirm", path: "/v1/customers/cus_x/confirm", status: 204, allow: "OPTIONS, POST"},
		{name: "preflight without key", opts: sandbox.Options{RequireAPIKey: true}, path: "/v1/customers",
			headers: []string{"Origin", "https://app.example", "Access-Control-Request-Method", "POST"},
			status:  204, origin: "*", methods: true, allowHdrs: "Authorization, Content-Type"},
		{name: "preflight with key list", opts: sandbox.Options{APIKeys: []string{"key-one"}}, path: "/v1/customers/cus_x",
			headers: []string{"Origin", "https://app.example", "Access-Control-Request-Method", "PATCH",
				"Access-Control-Request-Headers", "authorization, content-type, idempotency-key"},
			status: 204, origin: "*", methods: true, allowHdrs: "authorization, content-type, idempotency-key"},
		{name: "preflight from a listed origin", opts: sandbox.Options{CORSOrigins: []string{"https://app.example"}}, path: "/v1/customers",
			headers: []string{"Origin", "https://app.example", "Access-Control-Request-Method", "POST"},
			status:  204, origin: "https://app.example", methods: true, allowHdrs: "Authorization, Content-Type"},
		{name: "preflight from another origin", opts: sandbox.Options{CORSOrigins: []string{"https://app.example"}}, path: "/v1/customers",
			headers: []string{"Origin", "https://evil.example", "Access-Control-Request-Method", "POST"},
			status:  204, methods: true, allowHdrs: "Authorization, Content-Type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client("")

			r := c.do(t, http.MethodOptions, tt.path, "", tt.headers...)

			r.wantStatus(t, tt.status)
			if got := r.Header.Get("Allow"); got != tt.allow {
				t.Errorf("got Allow %q, want %q", got, tt.allow)
			}
			if got := r.Header.Get("Access-Control-Allow-Origin"); got != tt.origin {
				t.Errorf("got Access-Control-Allow-Origin %q, want %q", got, tt.origin)
			}
			if got := r.Header.Get("Access-Control-Allow-Methods"); (got != "") != tt.methods {
				t.Errorf("got Access-Control-Allow-Methods %q, want present=%v", got, tt.methods)
			}
			if got := r.Header.Get("Access-Control-Allow-Headers"); got != tt.allowHdrs {
				t.Errorf("got Access-Control-Allow-Headers %q, want %q", got, tt.allowHdrs)
			}
		})
	}
}

// TestCORSExposedHeaders checks that a browser may read the headers a
// client needs on ordinary responses, errors included.
func TestCORSExposedHeaders(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	origin := []string{"Origin", "https://app.example"}

	tests := []struct {
		name   string
		method string
		path   string
		body   string
	}{
		{name: "create", method: http.MethodPost, path: "/v1/customers", body: createBody("+12025550143", "US")},
		{name: "error", method: http.MethodGet, path: "/v1/customers/cus_none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do(t, tt.method, tt.path, tt.body, origin...)

			if got := r.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("got Access-Control-Allow-Origin %q, want *", got)
			}
			exposed := r.Header.Get("Access-Control-Expose-Headers")
			for _, h := range []string{"Request-Id", "Location", "Retry-After"} {
				if !strings.Contains(exposed, h) {
					t.Errorf("got Access-Control-Expose-Headers %q, want it to list %s", exposed, h)
				}
			}
		})
	}
}

func TestAPIKeys(t *testing.T) {
	tests := []struct {
		name   string
		opts   sandbox.Options
		key    string
		status int
	}{
		{name: "no key by default", status: 200},
		{name: "any key by default", key: "anything", status: 200},
		{name: "required and sent", opts: sandbox.Options{RequireAPIKey: true}, key: "anything", status: 200},
		{name: "required and missing", opts: sandbox.Options{RequireAPIKey: true}, status: 401},
		{name: "listed key", opts: sandbox.Options{APIKeys: []string{"key-one", "key-two"}}, key: "key-two", status: 200},
		{name: "unlisted key", opts: sandbox.Options{APIKeys: []string{"key-one"}}, key: "key-one-more", status: 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client(tt.key)

			r := c.do(t, http.MethodGet, "/_sandbox/customers", "")

			if tt.status == 200 {
				r.wantStatus(t, http.StatusOK)
				return
			}
			e := r.wantError(t, tt.status, "api_key_invalid", "")
			if tt.key != "" && strings.Contains(e.Message, tt.key) {
				t.Errorf("got message %q, want the key masked", e.Message)
			}
		})
	}
}

func TestHealthWithoutKey(t *testing.T) {
	c := startServer(t, sandbox.Options{RequireAPIKey: true}).client("")

	r := c.do(t, http.MethodGet, "/healthz", "")

	r.wantStatus(t, http.StatusOK)
}

// TestCORSOriginsValidated checks that New rejects an allowed origin that
// no browser's Origin header can equal, and names it.
func TestCORSOriginsValidated(t *testing.T) {
	for _, origin := range []string{"app.test", "localhost:3000", "http://app.test/", "http://app.test/login", "https://app.test?x=1", "http://user@app.test", ""} {
		t.Run(origin, func(t *testing.T) {
			sb, err := sandbox.New(sandbox.Options{CORSOrigins: []string{"https://ok.example", origin}})

			if err == nil {
				sb.Close()
				t.Fatalf("New accepted the CORS origin %q", origin)
			}
			if !strings.Contains(err.Error(), strconv.Quote(origin)) {
				t.Errorf("got error %q, want it to name %q", err, origin)
			}
		})
	}
}

// TestCORSOriginCase checks that an allowed origin written in upper case
// matches the lower-case Origin header browsers send.
func TestCORSOriginCase(t *testing.T) {
	c := startServer(t, sandbox.Options{CORSOrigins: []string{"HTTPS://App.Example:8443"}}).client("")

	r := c.do(t, http.MethodGet, "/healthz", "", "Origin", "https://app.example:8443")

	if got := r.Header.Get("Access-Control-Allow-Origin"); got != "https://app.example:8443" {
		t.Errorf("got Access-Control-Allow-Origin %q, want https://app.example:8443", got)
	}
}
