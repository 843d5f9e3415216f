package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// bodyNotJSON marks a response body that sendControl does not check,
// such as the Prometheus text of /metrics.
const bodyNotJSON = "not JSON"

// sendControl sends a request to a control of the sandbox and checks the
// body against schema, where "" means an empty body. Error responses are
// checked against the error schema.
func (c apiClient) sendControl(t *testing.T, method, path, body, schema string) *response {
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

	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}

	r := &response{Method: method, Path: path, Status: res.StatusCode, Header: res.Header, Body: data}
	if r.Status >= 400 {
		schema = "error"
	}
	switch {
	case schema == bodyNotJSON:
	case schema == "" && len(data) != 0:
		t.Errorf("%s %s: got body %q, want an empty body", method, path, data)
	case schema != "":
		if err := schemas.Validate(schema, data); err != nil {
			t.Errorf("%s %s: status %d: %v\nbody: %s", method, path, r.Status, err, data)
		}
	}
	return r
}

// requestEntry is one entry of the request journal.
type requestEntry struct {
	RequestID     string              `json:"request_id"`
	Time          string              `json:"time"`
	Method        string              `json:"method"`
	Path          string              `json:"path"`
	Route         *string             `json:"route"`
	Query         string              `json:"query"`
	Headers       map[string][]string `json:"headers"`
	Body          string              `json:"body"`
	BodyTruncated bool                `json:"body_truncated"`
	Status        *int                `json:"status"`
	Fault         *string             `json:"fault"`
}

// journal returns the tenant's journal with query ("" or "?...") applied
// and fails the test unless it gets 200.
func (c apiClient) journal(t *testing.T, query string) []requestEntry {
	t.Helper()
	r := c.sendControl(t, http.MethodGet, "/_sandbox/requests"+query, "", "requests_list")
	r.wantStatus(t, http.StatusOK)
	var l struct {
		Data []requestEntry `json:"data"`
	}
	r.decode(t, &l)
	return l.Data
}

// faultBody is a fault rule as the controls return it.
type faultBody struct {
	ID     string  `json:"id"`
	Method *string `json:"method"`
	Path   *string `json:"path"`
	SMS    *string `json:"sms"`
	Status *int    `json:"status"`
	Error  *struct {
		Code    string  `json:"code"`
		Message string  `json:"message"`
		Param   *string `json:"param"`
	} `json:"error"`
	RetryAfter *int    `json:"retry_after"`
	Delay      *string `json:"delay"`
	Action     *string `json:"action"`
	Count      int     `json:"count"`
	Remaining  int     `json:"remaining"`
}

// addFault posts a fault rule and fails the test unless it gets 201.
func (c apiClient) addFault(t *testing.T, body string) faultBody {
	t.Helper()
	r := c.sendControl(t, http.MethodPost, "/_sandbox/faults", body, "fault")
	r.wantStatus(t, http.StatusCreated)
	var f faultBody
	r.decode(t, &f)
	if got, want := r.Header.Get("Location"), "/_sandbox/faults/"+f.ID; got != want {
		t.Errorf("got Location %q, want %q", got, want)
	}
	return f
}

// faults returns the tenant's active fault rules.
func (c apiClient) faults(t *testing.T) []faultBody {
	t.Helper()
	r := c.sendControl(t, http.MethodGet, "/_sandbox/faults", "", "faults_list")
	r.wantStatus(t, http.StatusOK)
	var l struct {
		Data []faultBody `json:"data"`
	}
	r.decode(t, &l)
	return l.Data
}

// intValue returns the value of a nullable integer, -1 for null.
func intValue(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

// mustJSON encodes v or fails the test.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return string(b)
}
