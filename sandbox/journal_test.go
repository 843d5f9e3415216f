package sandbox_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

func TestJournalRecordsRequest(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_test_journal_abcd")

	body := createBody("+12025550143", "US")
	r := c.do(t, http.MethodGet, "/v1/customers/cus_missing?expand=none", "", "Cookie", "session=s3cr3tvalue; theme=dark")
	r.wantStatus(t, http.StatusBadRequest)
	created := c.do(t, http.MethodPost, "/v1/customers", body)
	created.wantStatus(t, http.StatusCreated)

	entries := c.journal(t, "")
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2: %+v", len(entries), entries)
	}
	e := entries[1]
	if e.RequestID != created.Header.Get("Request-Id") {
		t.Errorf("got request_id %q, want the Request-Id header %q", e.RequestID, created.Header.Get("Request-Id"))
	}
	if e.Method != http.MethodPost || e.Path != "/v1/customers" || str(e.Route) != "/v1/customers" {
		t.Errorf("got %s %s route %s, want POST /v1/customers route /v1/customers", e.Method, e.Path, str(e.Route))
	}
	if e.Body != body || e.BodyTruncated {
		t.Errorf("got body %q truncated %v, want %q not truncated", e.Body, e.BodyTruncated, body)
	}
	if intValue(e.Status) != http.StatusCreated || e.Fault != nil {
		t.Errorf("got status %d fault %s, want 201 and no fault", intValue(e.Status), str(e.Fault))
	}
	if _, err := time.Parse(time.RFC3339Nano, e.Time); err != nil || !strings.HasSuffix(e.Time, "Z") || len(e.Time) != len("2026-01-01T00:00:00.000Z") {
		t.Errorf("got time %q, want RFC 3339 UTC with milliseconds", e.Time)
	}
	if got := e.Headers["Content-Type"]; len(got) != 1 || got[0] != "application/json" {
		t.Errorf("got Content-Type %q, want [application/json]", got)
	}
	if len(e.Headers["Host"]) != 1 {
		t.Errorf("got Host %q, want the one Host the client sent", e.Headers["Host"])
	}

	first := entries[0]
	if first.Query != "expand=none" || intValue(first.Status) != http.StatusBadRequest {
		t.Errorf("got query %q status %d, want expand=none and 400", first.Query, intValue(first.Status))
	}
	if str(first.Route) != "/v1/customers/{id}" || first.Body != "" || first.BodyTruncated {
		t.Errorf("got route %s body %q truncated %v, want /v1/customers/{id} and an empty body", str(first.Route), first.Body, first.BodyTruncated)
	}
	if got := first.Headers["Authorization"]; len(got) != 1 || got[0] != "Bearer ****abcd" {
		t.Errorf("got Authorization %q, want [Bearer ****abcd]", got)
	}
	if got := first.Headers["Cookie"]; len(got) != 1 || got[0] != "session=****alue; theme=****" {
		t.Errorf("got Cookie %q, want [session=****alue; theme=****]", got)
	}
	raw := c.sendControl(t, http.MethodGet, "/_sandbox/requests", "", "requests_list")
	if strings.Contains(string(raw.Body), "sk_test_journal") || strings.Contains(string(raw.Body), "s3cr3t") {
		t.Errorf("journal shows a credential in clear: %s", raw.Body)
	}
}

func TestJournalTimeIsTenantClock(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{Deterministic: true})
	c := ts.client("sk_clock")

	c.moveClock(t, `{"advance": "90s"}`)
	c.do(t, http.MethodGet, "/v1/customers/cus_missing", "").wantStatus(t, http.StatusNotFound)

	entries := c.journal(t, "")
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(entries))
	}
	if want := "2026-01-01T00:01:30.000Z"; entries[0].Time != want {
		t.Errorf("got time %q, want the frozen tenant clock %q", entries[0].Time, want)
	}
}

func TestJournalFilters(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_filters")

	cus := c.create(t, "+12025550143", "US")
	c.get(t, cus.ID)
	c.do(t, http.MethodGet, "/v1/customers/cus_missing", "").wantStatus(t, http.StatusNotFound)
	c.do(t, http.MethodPatch, "/v1/customers/"+cus.ID, `{"first_name": "Ada"}`).wantStatus(t, http.StatusOK)
	c.do(t, http.MethodGet, "/v2/nothing", "").wantStatus(t, http.StatusNotFound)

	cases := []struct {
		name  string
		query string
		want  []string // method and path of each entry, oldest first
	}{
		{"no filter", "", []string{"POST /v1/customers", "GET /v1/customers/" + cus.ID, "GET /v1/customers/cus_missing", "PATCH /v1/customers/" + cus.ID, "GET /v2/nothing"}},
		{"method", "?method=GET", []string{"GET /v1/customers/" + cus.ID, "GET /v1/customers/cus_missing", "GET /v2/nothing"}},
		{"method in lower case", "?method=patch", []string{"PATCH /v1/customers/" + cus.ID}},
		{"exact path", "?path=/v1/customers/" + cus.ID, []string{"GET /v1/customers/" + cus.ID, "PATCH /v1/customers/" + cus.ID}},
		{"route template", "?path=/v1/customers/{id}", []string{"GET /v1/customers/" + cus.ID, "GET /v1/customers/cus_missing", "PATCH /v1/customers/" + cus.ID}},
		{"status", "?status=404", []string{"GET /v1/customers/cus_missing", "GET /v2/nothing"}},
		{"status class", "?status=2xx", []string{"POST /v1/customers", "GET /v1/customers/" + cus.ID, "PATCH /v1/customers/" + cus.ID}},
		{"combined", "?method=GET&path=/v1/customers/{id}&status=4xx", []string{"GET /v1/customers/cus_missing"}},
		{"no match", "?status=500", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range c.journal(t, tc.query) {
				got = append(got, e.Method+" "+e.Path)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJournalFilterErrors(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_filter_errors")

	cases := []struct {
		name   string
		method string
		query  string
		status int
		code   string
		param  string
	}{
		{"unknown filter", http.MethodGet, "?route=/v1/customers", http.StatusBadRequest, "parameter_unknown", "route"},
		{"status not a number", http.MethodGet, "?status=ok", http.StatusUnprocessableEntity, "parameter_invalid", "status"},
		{"status out of range", http.MethodGet, "?status=600", http.StatusUnprocessableEntity, "parameter_invalid", "status"},
		{"relative path", http.MethodGet, "?path=v1/customers", http.StatusUnprocessableEntity, "parameter_invalid", "path"},
		{"unknown template", http.MethodGet, "?path=/v1/customer/{id}", http.StatusUnprocessableEntity, "parameter_invalid", "path"},
		{"delete with a filter", http.MethodDelete, "?method=POST", http.StatusBadRequest, "parameter_unknown", "method"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.sendControl(t, tc.method, "/_sandbox/requests"+tc.query, "", "error")
			r.wantError(t, tc.status, tc.code, tc.param)
		})
	}
}

func TestJournalLeavesOutControls(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_left_out")

	c.sendControl(t, http.MethodGet, "/_sandbox/requests", "", "requests_list")
	c.outbox(t, "")
	c.moveClock(t, `{"advance": "1s"}`)
	c.sendControl(t, http.MethodGet, "/_sandbox/capabilities", "", "capabilities")
	c.do(t, http.MethodGet, "/healthz", "")
	c.sendControl(t, http.MethodGet, "/metrics", "", bodyNotJSON).wantStatus(t, http.StatusOK)
	c.do(t, http.MethodGet, "/v1/customers/cus_1/", "").wantStatus(t, http.StatusNotFound)

	entries := c.journal(t, "")
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want only the API request: %+v", len(entries), entries)
	}
	if e := entries[0]; e.Path != "/v1/customers/cus_1/" || e.Route != nil {
		t.Errorf("got path %q route %s, want /v1/customers/cus_1/ with a null route", e.Path, str(e.Route))
	}
}

func TestJournalKeepsNewest(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{JournalSize: 3})
	c := ts.client("sk_ring")

	for i := range 5 {
		c.do(t, http.MethodGet, fmt.Sprintf("/v1/customers/cus_%d", i), "").wantStatus(t, http.StatusNotFound)
	}

	entries := c.journal(t, "")
	var got []string
	for _, e := range entries {
		got = append(got, e.Path)
	}
	want := []string{"/v1/customers/cus_2", "/v1/customers/cus_3", "/v1/customers/cus_4"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %q, want the newest three %q", got, want)
	}
}

func TestJournalBody(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{MaxBodyBytes: 32 << 10})
	c := ts.client("sk_body")
	cus := c.create(t, "+12025550143", "US")

	long := strings.Repeat("é", 10000) // 20000 bytes
	r := c.do(t, http.MethodPatch, "/v1/customers/"+cus.ID, `{"first_name": "`+long+`"}`)
	e := r.wantError(t, http.StatusUnprocessableEntity, "parameter_invalid", "first_name")
	if !strings.Contains(e.Message, "10000 characters") {
		t.Errorf("got message %q, want the handler to have read all 10000 characters", e.Message)
	}
	over := strings.Repeat("x", 40<<10)
	c.do(t, http.MethodPost, "/v1/customers", `{"country_code": "`+over+`"}`).wantError(t, http.StatusRequestEntityTooLarge, "body_too_large", "")
	c.do(t, http.MethodPost, "/v1/customers", "country_code=US", "Content-Type", "application/x-www-form-urlencoded").
		wantError(t, http.StatusUnsupportedMediaType, "unsupported_media_type", "")
	c.do(t, http.MethodPut, "/v1/customers", createBody("+12025550144", "US")).wantError(t, http.StatusMethodNotAllowed, "method_not_allowed", "")

	cases := []struct {
		name      string
		status    int
		bodyLen   int
		prefix    string
		truncated bool
	}{
		{"over the journal limit", http.StatusUnprocessableEntity, sandbox.JournalBodyBytes, `{"first_name": "éé`, true},
		{"over the API limit", http.StatusRequestEntityTooLarge, 0, "", true},
		{"form-encoded", http.StatusUnsupportedMediaType, len("country_code=US"), "country_code=US", false},
		{"rejected before reading", http.StatusMethodNotAllowed, 0, "", true},
	}
	entries := c.journal(t, "?status=4xx")
	if len(entries) != len(cases) {
		t.Fatalf("got %d entries, want %d", len(entries), len(cases))
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := entries[i]
			if intValue(e.Status) != tc.status {
				t.Errorf("got status %d, want %d", intValue(e.Status), tc.status)
			}
			if len(e.Body) > tc.bodyLen || len(e.Body) < tc.bodyLen-1 {
				t.Errorf("got a body of %d bytes, want %d (less one byte when a character is cut)", len(e.Body), tc.bodyLen)
			}
			if !strings.HasPrefix(e.Body, tc.prefix) {
				t.Errorf("got body starting %q, want %q", truncateForLog(e.Body), tc.prefix)
			}
			if e.BodyTruncated != tc.truncated {
				t.Errorf("got body_truncated %v, want %v", e.BodyTruncated, tc.truncated)
			}
		})
	}
}

func truncateForLog(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func TestJournalTenantsIsolated(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	a, b := ts.client("sk_tenant_a"), ts.client("sk_tenant_b")

	a.create(t, "+12025550143", "US")

	if got := b.journal(t, ""); len(got) != 0 {
		t.Errorf("tenant b got %d entries, want none of tenant a's", len(got))
	}
	if got := a.journal(t, ""); len(got) != 1 {
		t.Errorf("tenant a got %d entries, want 1", len(got))
	}
}

func TestJournalClearAndReset(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_clear")

	c.create(t, "+12025550143", "US")
	c.sendControl(t, http.MethodDelete, "/_sandbox/requests", "", "").wantStatus(t, http.StatusNoContent)
	if got := c.journal(t, ""); len(got) != 0 {
		t.Errorf("after DELETE got %d entries, want 0", len(got))
	}

	c.create(t, "+12025550144", "US")
	c.sendControl(t, http.MethodPost, "/_sandbox/reset", "", "").wantStatus(t, http.StatusNoContent)
	if got := c.journal(t, ""); len(got) != 0 {
		t.Errorf("after reset got %d entries, want 0", len(got))
	}
}

func TestJournalKeyRejectionsGoToDefaultTenant(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{RequireAPIKey: true})

	ts.client("").do(t, http.MethodGet, "/v1/customers/cus_1", "").wantError(t, http.StatusUnauthorized, "api_key_invalid", "")

	entries := ts.client(sandbox.DefaultTenant).journal(t, "")
	if len(entries) != 1 || intValue(entries[0].Status) != http.StatusUnauthorized {
		t.Fatalf("got %+v, want the one 401 in the default tenant's journal", entries)
	}
	if len(entries[0].Headers["Authorization"]) != 0 {
		t.Errorf("got Authorization %q, want none: the request sent no key", entries[0].Headers["Authorization"])
	}
}
