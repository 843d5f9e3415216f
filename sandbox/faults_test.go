package sandbox_test

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// retryingPost sends a POST the way an SDK with retries does: it retries
// 5xx responses with a short backoff, up to maxAttempts in all, and
// returns the last response and the number of attempts.
func retryingPost(t *testing.T, c apiClient, path, body string, maxAttempts int) (*response, int) {
	t.Helper()
	var r *response
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		r = c.do(t, http.MethodPost, path, body)
		if r.Status < 500 {
			return r, attempt
		}
		time.Sleep(time.Duration(attempt) * 10 * time.Millisecond)
	}
	return r, maxAttempts
}

func TestFaultErrorThenRetrySucceeds(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_retry")

	f := c.addFault(t, `{"method": "POST", "path": "/v1/customers", "count": 2, "status": 503}`)
	if f.Count != 2 || f.Remaining != 2 || intValue(f.Status) != 503 || f.Error == nil || f.Error.Code != "fault_injected" {
		t.Errorf("got fault %+v, want count 2, remaining 2, status 503 and the default error", f)
	}

	r, attempts := retryingPost(t, c, "/v1/customers", createBody("+12025550143", "US"), 4)
	r.wantStatus(t, http.StatusCreated)
	if attempts != 3 {
		t.Errorf("got %d attempts, want 3: two injected 503s, then the real response", attempts)
	}
	if got := c.faults(t); len(got) != 0 {
		t.Errorf("got %d active faults, want none after the count ran out", len(got))
	}
	if got := len(c.customers(t)); got != 1 {
		t.Errorf("got %d customers, want 1: a failed attempt must change nothing", got)
	}
	if got := len(c.outbox(t, "")); got != 1 {
		t.Errorf("got %d SMS, want 1", got)
	}

	var statuses, faults []string
	for _, e := range c.journal(t, "") {
		statuses = append(statuses, http.StatusText(intValue(e.Status)))
		faults = append(faults, str(e.Fault))
	}
	if want := []string{"Service Unavailable", "Service Unavailable", "Created"}; !slices.Equal(statuses, want) {
		t.Errorf("got journal statuses %q, want %q", statuses, want)
	}
	if want := []string{"error", "error", "<null>"}; !slices.Equal(faults, want) {
		t.Errorf("got journal faults %q, want %q", faults, want)
	}
}

func TestFaultErrorBody(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_error_body")
	cus := c.create(t, "+12025550143", "US")

	c.addFault(t, `{"path": "/v1/customers/{id}/confirm", "status": 429, "retry_after": 7,
		"error": {"code": "rate_limited", "message": "Slow down.", "param": "confirmation_token"}}`)

	r := c.confirm(t, cus.ID, "123456")
	e := r.wantError(t, http.StatusTooManyRequests, "rate_limited", "confirmation_token")
	if e.Message != "Slow down." {
		t.Errorf("got message %q, want %q", e.Message, "Slow down.")
	}
	if got := r.Header.Get("Retry-After"); got != "7" {
		t.Errorf("got Retry-After %q, want 7", got)
	}
	if got := c.get(t, cus.ID); got.ConfirmedAt != nil {
		t.Errorf("got confirmed_at %s, want null: an error fault must change nothing", str(got.ConfirmedAt))
	}
}

func TestFaultDelay(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_delay")
	cus := c.create(t, "+12025550143", "US")

	const delay = 200 * time.Millisecond
	f := c.addFault(t, `{"method": "GET", "path": "/v1/customers/{id}", "delay": "200ms"}`)
	if str(f.Delay) != "200ms" || f.Status != nil || f.Error != nil {
		t.Errorf("got fault %+v, want delay 200ms without status or error", f)
	}

	start := time.Now()
	got := c.get(t, cus.ID)
	if elapsed := time.Since(start); elapsed < delay {
		t.Errorf("got the response after %s, want at least %s", elapsed, delay)
	}
	if got.ID != cus.ID {
		t.Errorf("got customer %q, want %q", got.ID, cus.ID)
	}
	entries := c.journal(t, "?method=GET")
	if len(entries) != 1 || intValue(entries[0].Status) != http.StatusOK || str(entries[0].Fault) != "delay" {
		t.Errorf("got journal %+v, want one GET with status 200 and fault delay", entries)
	}
}

func TestFaultDelayedRequestTakesEffect(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_slow_create")
	c.addFault(t, `{"path": "/v1/customers", "delay": "5s"}`)

	req, err := http.NewRequest(http.MethodPost, ts.URL+"/v1/customers", strings.NewReader(createBody("+12025550143", "US")))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk_slow_create")
	impatient := &http.Client{Timeout: 300 * time.Millisecond}
	if res, err := impatient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("got status %d, want the client to time out", res.StatusCode)
	}

	// The handler ran before the delay started, so the customer exists
	// although the client never got the response.
	deadline := time.Now().Add(5 * time.Second)
	for len(c.customers(t)) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := len(c.customers(t)); got != 1 {
		t.Errorf("got %d customers, want 1", got)
	}
}

func TestFaultDrop(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_drop")
	f := c.addFault(t, `{"method": "POST", "path": "/v1/customers", "action": "drop"}`)
	if str(f.Action) != "drop" {
		t.Errorf("got action %s, want drop", str(f.Action))
	}

	req, err := http.NewRequest(http.MethodPost, ts.URL+"/v1/customers", strings.NewReader(createBody("+12025550143", "US")))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sk_drop")
	fresh := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := fresh.Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("got status %d, want a connection error", res.StatusCode)
	}
	if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
		t.Errorf("got error %v, want the connection closed without a response", err)
	}

	if got := len(c.customers(t)); got != 0 {
		t.Errorf("got %d customers, want 0: a dropped request must change nothing", got)
	}
	entries := c.journal(t, "")
	if len(entries) != 1 || entries[0].Status != nil || str(entries[0].Fault) != "drop" {
		t.Fatalf("got journal %+v, want one entry with a null status and fault drop", entries)
	}
	if entries[0].Body != createBody("+12025550143", "US") || entries[0].BodyTruncated {
		t.Errorf("got journal body %q (truncated %v), want the whole body the client sent", entries[0].Body, entries[0].BodyTruncated)
	}
	c.create(t, "+12025550143", "US")
}

func TestFaultCountUnderConcurrency(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_parallel")
	c.addFault(t, `{"path": "/v1/customers/{id}", "count": 5, "status": 503}`)

	const requests = 40
	statuses := make([]int, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			statuses[i] = c.do(t, http.MethodGet, "/v1/customers/cus_missing", "").Status
		})
	}
	wg.Wait()

	if got := countOf(statuses, http.StatusServiceUnavailable); got != 5 {
		t.Errorf("got %d responses with 503, want exactly the count of 5", got)
	}
	if got := countOf(statuses, http.StatusNotFound); got != requests-5 {
		t.Errorf("got %d responses with 404, want %d", got, requests-5)
	}
}

func countOf(values []int, v int) int {
	n := 0
	for _, x := range values {
		if x == v {
			n++
		}
	}
	return n
}

func TestFaultMatching(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_match")
	other := ts.client("sk_match_other")

	cases := []struct {
		name    string
		fault   string
		client  apiClient
		method  string
		path    string
		faulted bool
	}{
		{"template matches any id", `{"path": "/v1/customers/{id}", "status": 503}`, c, http.MethodGet, "/v1/customers/cus_a", true},
		{"exact path matches its id", `{"path": "/v1/customers/cus_a", "status": 503}`, c, http.MethodGet, "/v1/customers/cus_a", true},
		{"exact path skips another id", `{"path": "/v1/customers/cus_a", "status": 503}`, c, http.MethodGet, "/v1/customers/cus_b", false},
		{"method in lower case", `{"method": "get", "path": "/v1/customers/{id}", "status": 503}`, c, http.MethodGet, "/v1/customers/cus_a", true},
		{"other method passes", `{"method": "PATCH", "path": "/v1/customers/{id}", "status": 503}`, c, http.MethodGet, "/v1/customers/cus_a", false},
		{"GET fault covers HEAD", `{"method": "GET", "path": "/v1/customers/{id}", "status": 503}`, c, http.MethodHead, "/v1/customers/cus_a", true},
		{"other route passes", `{"path": "/v1/customers/{id}/confirm", "status": 503}`, c, http.MethodGet, "/v1/customers/cus_a", false},
		{"other tenant passes", `{"path": "/v1/customers/{id}", "status": 503}`, other, http.MethodGet, "/v1/customers/cus_a", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.sendControl(t, http.MethodDelete, "/_sandbox/faults", "", "").wantStatus(t, http.StatusNoContent)
			c.addFault(t, tc.fault)

			r := tc.client.do(t, tc.method, tc.path, "")
			if got := r.Status == http.StatusServiceUnavailable; got != tc.faulted {
				t.Errorf("%s %s: got status %d, want faulted %v", tc.method, tc.path, r.Status, tc.faulted)
			}
		})
	}
}

func TestFaultValidation(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_validation")

	cases := []struct {
		name   string
		body   string
		status int
		code   string
		param  string
	}{
		{"empty object", `{}`, 400, "parameter_missing", "path"},
		{"not JSON", `{"path": `, 400, "body_invalid", ""},
		{"unknown key", `{"path": "/v1/customers", "status": 503, "times": 2}`, 400, "parameter_unknown", "times"},
		{"path not a string", `{"path": 5, "status": 503}`, 400, "parameter_invalid_type", "path"},
		{"status as a string", `{"path": "/v1/customers", "status": "503"}`, 400, "parameter_invalid_type", "status"},
		{"count as a string", `{"path": "/v1/customers", "status": 503, "count": "2"}`, 400, "parameter_invalid_type", "count"},
		{"error not an object", `{"path": "/v1/customers", "status": 503, "error": "boom"}`, 400, "parameter_invalid_type", "error"},
		{"unknown error key", `{"path": "/v1/customers", "status": 503, "error": {"kind": "x"}}`, 400, "parameter_unknown", "error.kind"},
		{"error code not a string", `{"path": "/v1/customers", "status": 503, "error": {"code": 1}}`, 400, "parameter_invalid_type", "error.code"},
		{"no effect", `{"path": "/v1/customers"}`, 400, "parameter_missing", "status"},
		{"late SMS without delay", `{"sms": "late"}`, 400, "parameter_missing", "delay"},
		{"unknown route", `{"path": "/v1/orders", "status": 503}`, 422, "parameter_invalid", "path"},
		{"unknown template", `{"path": "/v1/customers/{customer}", "status": 503}`, 422, "parameter_invalid", "path"},
		{"control path", `{"path": "/_sandbox/sms", "status": 503}`, 422, "parameter_invalid", "path"},
		{"method the route lacks", `{"method": "DELETE", "path": "/v1/customers", "status": 503}`, 422, "parameter_invalid", "method"},
		{"count zero", `{"path": "/v1/customers", "status": 503, "count": 0}`, 422, "parameter_invalid", "count"},
		{"count too large", `{"path": "/v1/customers", "status": 503, "count": 10001}`, 422, "parameter_invalid", "count"},
		{"count fractional", `{"path": "/v1/customers", "status": 503, "count": 1.5}`, 422, "parameter_invalid", "count"},
		{"status below 400", `{"path": "/v1/customers", "status": 200}`, 422, "parameter_invalid", "status"},
		{"status above 599", `{"path": "/v1/customers", "status": 600}`, 422, "parameter_invalid", "status"},
		{"error without status", `{"path": "/v1/customers", "delay": "1s", "error": {"code": "x"}}`, 422, "parameter_invalid", "error"},
		{"retry_after without status", `{"path": "/v1/customers", "action": "drop", "retry_after": 1}`, 422, "parameter_invalid", "retry_after"},
		{"retry_after zero", `{"path": "/v1/customers", "status": 429, "retry_after": 0}`, 422, "parameter_invalid", "retry_after"},
		{"error code not snake_case", `{"path": "/v1/customers", "status": 503, "error": {"code": "Service-Down"}}`, 422, "parameter_invalid", "error.code"},
		{"empty error message", `{"path": "/v1/customers", "status": 503, "error": {"message": ""}}`, 422, "parameter_invalid", "error.message"},
		{"delay not a duration", `{"path": "/v1/customers", "delay": "soon"}`, 422, "parameter_invalid", "delay"},
		{"delay zero", `{"path": "/v1/customers", "delay": "0s"}`, 422, "parameter_invalid", "delay"},
		{"delay too long", `{"path": "/v1/customers", "delay": "6m"}`, 422, "parameter_invalid", "delay"},
		{"unknown action", `{"path": "/v1/customers", "action": "reset"}`, 422, "parameter_invalid", "action"},
		{"status and drop", `{"path": "/v1/customers", "status": 503, "action": "drop"}`, 422, "parameter_invalid", "action"},
		{"unknown SMS mode", `{"sms": "lost"}`, 422, "parameter_invalid", "sms"},
		{"SMS fault with a path", `{"sms": "drop", "path": "/v1/customers"}`, 422, "parameter_invalid", "path"},
		{"SMS fault with a status", `{"sms": "double", "status": 503}`, 422, "parameter_invalid", "status"},
		{"delay on a dropped SMS", `{"sms": "drop", "delay": "1s"}`, 422, "parameter_invalid", "delay"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.sendControl(t, http.MethodPost, "/_sandbox/faults", tc.body, "error")
			r.wantError(t, tc.status, tc.code, tc.param)
		})
	}
	if got := c.faults(t); len(got) != 0 {
		t.Errorf("got %d faults after only invalid requests, want 0", len(got))
	}
}

func TestFaultListAndDelete(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_list")
	other := ts.client("sk_list_other")

	first := c.addFault(t, `{"path": "/v1/customers/{id}", "count": 2, "status": 503}`)
	second := c.addFault(t, `{"sms": "double", "count": 3}`)
	c.do(t, http.MethodGet, "/v1/customers/cus_a", "").wantStatus(t, http.StatusServiceUnavailable)

	got := c.faults(t)
	if len(got) != 2 || got[0].ID != first.ID || got[0].Remaining != 1 || got[1].ID != second.ID || got[1].Remaining != 3 {
		t.Fatalf("got %+v, want %s with 1 remaining and %s with 3", got, first.ID, second.ID)
	}
	if got := other.faults(t); len(got) != 0 {
		t.Errorf("other tenant got %d faults, want 0", len(got))
	}

	c.sendControl(t, http.MethodDelete, "/_sandbox/faults/"+first.ID, "", "").wantStatus(t, http.StatusNoContent)
	c.sendControl(t, http.MethodDelete, "/_sandbox/faults/"+first.ID, "", "error").wantError(t, http.StatusNotFound, "resource_missing", "id")
	other.sendControl(t, http.MethodDelete, "/_sandbox/faults/"+second.ID, "", "error").wantError(t, http.StatusNotFound, "resource_missing", "id")
	c.do(t, http.MethodGet, "/v1/customers/cus_a", "").wantStatus(t, http.StatusNotFound)

	c.sendControl(t, http.MethodDelete, "/_sandbox/faults", "", "").wantStatus(t, http.StatusNoContent)
	if got := c.faults(t); len(got) != 0 {
		t.Errorf("after DELETE got %d faults, want 0", len(got))
	}

	c.addFault(t, `{"path": "/v1/customers", "status": 500}`)
	c.sendControl(t, http.MethodPost, "/_sandbox/reset", "", "").wantStatus(t, http.StatusNoContent)
	if got := c.faults(t); len(got) != 0 {
		t.Errorf("after reset got %d faults, want 0", len(got))
	}
	c.create(t, "+12025550143", "US")
}

func TestSMSFaultLate(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_sms_late")
	f := c.addFault(t, `{"sms": "late", "delay": "300ms"}`)
	if str(f.SMS) != "late" || str(f.Delay) != "300ms" || f.Path != nil {
		t.Errorf("got fault %+v, want sms late with delay 300ms and no path", f)
	}

	start := time.Now()
	cus := c.create(t, "+12025550143", "US")
	if got := c.outbox(t, ""); len(got) != 0 {
		t.Errorf("got %d SMS right after the create, want 0 until the delay passes", len(got))
	}

	r := c.do(t, http.MethodGet, "/_sandbox/sms/latest?wait=10s&customer_id="+cus.ID, "")
	r.wantStatus(t, http.StatusOK)
	if elapsed := time.Since(start); elapsed < 300*time.Millisecond {
		t.Errorf("got the SMS after %s, want at least 300ms", elapsed)
	}
	var m smsBody
	r.decode(t, &m)
	if m.Token != str(cus.ConfirmationToken) || m.SentAt != str(cus.ConfirmationSentAt) {
		t.Errorf("got token %q sent_at %q, want the create's %q and %q", m.Token, m.SentAt, str(cus.ConfirmationToken), str(cus.ConfirmationSentAt))
	}
}

func TestSMSFaultLateCancelledByReset(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_sms_late_reset")
	c.addFault(t, `{"sms": "late", "delay": "100ms"}`)

	c.create(t, "+12025550143", "US")
	c.sendControl(t, http.MethodPost, "/_sandbox/reset", "", "").wantStatus(t, http.StatusNoContent)

	time.Sleep(400 * time.Millisecond)
	if got := c.outbox(t, ""); len(got) != 0 {
		t.Errorf("got %d SMS after the reset, want the late one cancelled", len(got))
	}
}

func TestSMSFaultDrop(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_sms_drop")
	c.addFault(t, `{"sms": "drop"}`)

	dropped := c.create(t, "+12025550143", "US")
	delivered := c.create(t, "+12025550144", "US")

	messages := c.outbox(t, "")
	if len(messages) != 1 || messages[0].CustomerID != delivered.ID {
		t.Fatalf("got outbox %+v, want only the second customer's SMS", messages)
	}
	if got := c.outbox(t, "?customer_id="+dropped.ID); len(got) != 0 {
		t.Errorf("got %d SMS for the dropped send, want 0", len(got))
	}
	if dropped.ConfirmationToken == nil {
		t.Errorf("got no confirmation_token, want the usual create response")
	}
}

func TestSMSFaultDouble(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{})
	c := ts.client("sk_sms_double")
	c.addFault(t, `{"sms": "double", "count": 2}`)

	first := c.create(t, "+12025550143", "US")
	c.regenerate(t, first.ID).wantStatus(t, http.StatusCreated)
	third := c.create(t, "+12025550144", "US")

	cases := []struct {
		name     string
		customer string
		want     int
	}{
		{"create and regenerate doubled", first.ID, 4},
		{"count used up", third.ID, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			messages := c.outbox(t, "?customer_id="+tc.customer)
			if len(messages) != tc.want {
				t.Fatalf("got %d SMS, want %d", len(messages), tc.want)
			}
			ids := map[string]bool{}
			for _, m := range messages {
				ids[m.ID] = true
			}
			if len(ids) != tc.want {
				t.Errorf("got ids %v, want %d different ones", ids, tc.want)
			}
		})
	}
	messages := c.outbox(t, "?customer_id="+first.ID)
	if messages[0].Token != messages[1].Token || messages[2].Token != messages[3].Token {
		t.Errorf("got tokens %q %q %q %q, want each message twice", messages[0].Token, messages[1].Token, messages[2].Token, messages[3].Token)
	}
}

func TestCapabilitiesListJournalAndFaults(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{JournalSize: 250})
	c := ts.client("sk_capabilities")

	r := c.sendControl(t, http.MethodGet, "/_sandbox/capabilities", "", "capabilities")
	r.wantStatus(t, http.StatusOK)
	var caps struct {
		Controls         []string `json:"controls"`
		JournalSize      int      `json:"journal_size"`
		JournalBodyBytes int      `json:"journal_body_bytes"`
	}
	r.decode(t, &caps)

	for _, want := range []string{"journal", "faults"} {
		if !slices.Contains(caps.Controls, want) {
			t.Errorf("got controls %q, want %q among them", caps.Controls, want)
		}
	}
	if caps.JournalSize != 250 {
		t.Errorf("got journal_size %d, want 250", caps.JournalSize)
	}
	if caps.JournalBodyBytes != sandbox.JournalBodyBytes {
		t.Errorf("got journal_body_bytes %d, want %d", caps.JournalBodyBytes, sandbox.JournalBodyBytes)
	}
}
