package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileServer is a sandbox served over real HTTP for the hostile-input,
// security, load and restart tests.
type hostileServer struct {
	sb     *Server
	ts     *httptest.Server
	client *http.Client
	log    *syncBuffer
}

// startHostile starts a sandbox with opts behind an httptest server and
// captures its log. Both are closed when the test ends.
func startHostile(t testing.TB, opts Options) *hostileServer {
	t.Helper()

	logs := &syncBuffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	sb, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(sb)
	t.Cleanup(func() {
		ts.Close()
		sb.Close()
	})
	client := &http.Client{
		Timeout:       time.Minute,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(client.CloseIdleConnections)
	return &hostileServer{sb: sb, ts: ts, client: client, log: logs}
}

// hostileRequest describes one request. An empty contentType sends
// application/json; noContentType sends none at all.
type hostileRequest struct {
	method        string
	path          string
	key           string
	body          string
	contentType   string
	noContentType bool
	header        map[string]string
}

// hostileResponse is a response read in full.
type hostileResponse struct {
	status int
	header http.Header
	body   []byte
}

// do sends req and reads the whole response.
func (h *hostileServer) do(t *testing.T, req hostileRequest) hostileResponse {
	t.Helper()

	resp, err := h.roundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// roundTrip sends req and reads the whole response. Unlike do it may be
// called from any goroutine.
func (h *hostileServer) roundTrip(req hostileRequest) (hostileResponse, error) {
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	r, err := http.NewRequest(req.method, h.ts.URL+req.path, body)
	if err != nil {
		return hostileResponse{}, fmt.Errorf("build %s %s: %w", req.method, truncate(req.path, 80), err)
	}
	switch {
	case req.noContentType:
	case req.contentType != "":
		r.Header.Set("Content-Type", req.contentType)
	case req.body != "":
		r.Header.Set("Content-Type", "application/json")
	}
	if req.key != "" {
		r.Header.Set("Authorization", "Bearer "+req.key)
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	return h.exchange(r)
}

// send sends r and reads the whole response.
func (h *hostileServer) send(t *testing.T, r *http.Request) hostileResponse {
	t.Helper()

	resp, err := h.exchange(r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// exchange sends r without following redirects and reads the whole
// response.
func (h *hostileServer) exchange(r *http.Request) (hostileResponse, error) {
	resp, err := h.client.Do(r)
	if err != nil {
		return hostileResponse{}, fmt.Errorf("%s %s: %w", r.Method, truncate(r.URL.String(), 80), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return hostileResponse{}, fmt.Errorf("read %s %s: %w", r.Method, truncate(r.URL.String(), 80), err)
	}
	return hostileResponse{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// get, post and patch are shorthands for requests with a JSON body.
func (h *hostileServer) get(t *testing.T, key, path string) hostileResponse {
	t.Helper()
	return h.do(t, hostileRequest{method: http.MethodGet, path: path, key: key})
}

func (h *hostileServer) post(t *testing.T, key, path, body string) hostileResponse {
	t.Helper()
	return h.do(t, hostileRequest{method: http.MethodPost, path: path, key: key, body: body})
}

func (h *hostileServer) patch(t *testing.T, key, path, body string) hostileResponse {
	t.Helper()
	return h.do(t, hostileRequest{method: http.MethodPatch, path: path, key: key, body: body})
}

// create makes a customer with number in the US and returns it.
func (h *hostileServer) create(t *testing.T, key, number string) customerJSON {
	t.Helper()

	resp := h.post(t, key, "/v1/customers", `{"unconfirmed_phone_number": "`+number+`", "country_code": "US"}`)
	if resp.status != http.StatusCreated {
		t.Fatalf("create %s: got status %d, want 201; body %s", number, resp.status, resp.body)
	}
	var c customerJSON
	decodeJSON(t, resp.body, &c)
	return c
}

// latestToken returns the token of the newest SMS to customer id.
func (h *hostileServer) latestToken(t *testing.T, key, id string) string {
	t.Helper()

	resp := h.get(t, key, "/_sandbox/sms/latest?customer_id="+id)
	if resp.status != http.StatusOK {
		t.Fatalf("latest SMS of %s: got status %d, want 200; body %s", id, resp.status, resp.body)
	}
	var m SMS
	decodeJSON(t, resp.body, &m)
	return m.Token
}

// storedData returns the tenant's customers and outbox as exported, the
// part of the state a rejected request must leave alone.
func (h *hostileServer) storedData(t *testing.T, key string) string {
	t.Helper()

	resp := h.get(t, key, "/_sandbox/state")
	if resp.status != http.StatusOK {
		t.Fatalf("GET /_sandbox/state: got status %d, want 200; body %s", resp.status, resp.body)
	}
	var st tenantState
	decodeJSON(t, resp.body, &st)
	data, err := json.Marshal(struct {
		Customers []stateCustomer `json:"customers"`
		SMS       []SMS           `json:"sms"`
	}{st.Customers, st.SMS})
	if err != nil {
		t.Fatalf("encode state: %v", err)
	}
	return string(data)
}

func decodeJSON(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %s: %v", truncate(string(data), 300), err)
	}
}

// apiErrorOf decodes the error envelope of resp and checks its form: a
// JSON body whose request id matches the Request-Id header.
func apiErrorOf(t *testing.T, resp hostileResponse) errorBody {
	t.Helper()

	if ct := resp.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type: got %q, want application/json", ct)
	}
	var env errorEnvelope
	decodeJSON(t, resp.body, &env)
	if env.Error.RequestID == "" || env.Error.RequestID != resp.header.Get("Request-Id") {
		t.Errorf("request_id: got %q, want the Request-Id header %q", env.Error.RequestID, resp.header.Get("Request-Id"))
	}
	return env.Error
}

// wantError checks that resp is the error status and code, blaming param
// ("" for null), with a message free of Go internals.
func wantError(t *testing.T, resp hostileResponse, status int, code, param string) errorBody {
	t.Helper()

	if resp.status != status {
		t.Errorf("status: got %d, want %d; body %s", resp.status, status, truncate(string(resp.body), 300))
	}
	e := apiErrorOf(t, resp)
	if e.Code != code {
		t.Errorf("code: got %q, want %q; message %q", e.Code, code, truncate(e.Message, 300))
	}
	gotParam := ""
	if e.Param != nil {
		gotParam = *e.Param
	}
	if gotParam != param {
		t.Errorf("param: got %q, want %q", truncate(gotParam, 80), param)
	}
	checkNoGoNames(t, e.Message)
	return e
}

// goInternals are fragments that show a Go type or a decoder error leaked
// into a client message. "string" alone is not one: "a JSON string" is
// plain API language.
var goInternals = []string{
	"go struct field", "unmarshal", "interface {}", "interface{}", "float64",
	"map[string]", "[]interface", "json: ", "json.raw", "reflect.",
	"*sandbox.", "goroutine ", ".go:", "runtime error", "nil pointer",
}

// checkNoGoNames fails when message shows Go internals.
func checkNoGoNames(t *testing.T, message string) {
	t.Helper()

	lower := strings.ToLower(message)
	for _, frag := range goInternals {
		if strings.Contains(lower, frag) {
			t.Errorf("message %q contains the Go internal %q", truncate(message, 300), frag)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
