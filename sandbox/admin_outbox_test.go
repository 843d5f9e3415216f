package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// outboxFixture is a tenant with three customers and four SMS: the first
// customer got two.
type outboxFixture struct {
	c     apiClient
	first customerBody
	other customerBody
	third customerBody
}

func newOutboxFixture(t *testing.T) outboxFixture {
	t.Helper()
	c := startServer(t, sandbox.Options{TokenMode: sandbox.TokenModeSeeded}).client("")
	f := outboxFixture{c: c}
	f.first = c.create(t, "+12025550143", "US")
	f.other = c.create(t, "+12025550144", "US")
	c.regenerate(t, f.first.ID).wantStatus(t, http.StatusCreated)
	f.third = c.create(t, "020 7946 0018", "GB")
	return f
}

func TestOutboxFilters(t *testing.T) {
	f := newOutboxFixture(t)
	tests := []struct {
		name  string
		query url.Values
		want  []string // customer ids, oldest first
	}{
		{name: "no filter", want: []string{f.first.ID, f.other.ID, f.first.ID, f.third.ID}},
		{name: "to in E.164", query: url.Values{"to": {"+12025550143"}}, want: []string{f.first.ID, f.first.ID}},
		{name: "to with punctuation", query: url.Values{"to": {"+1 (202) 555-0143"}}, want: []string{f.first.ID, f.first.ID}},
		{name: "to with fullwidth digits", query: url.Values{"to": {"＋１２０２５５５０１４４"}}, want: []string{f.other.ID}},
		{name: "to with national prefix in brackets", query: url.Values{"to": {"+44 (0)20 7946 0018"}}, want: []string{f.third.ID}},
		{name: "customer_id", query: url.Values{"customer_id": {f.other.ID}}, want: []string{f.other.ID}},
		{name: "both filters", query: url.Values{"to": {"+12025550143"}, "customer_id": {f.first.ID}}, want: []string{f.first.ID, f.first.ID}},
		{name: "filters that exclude each other", query: url.Values{"to": {"+12025550143"}, "customer_id": {f.other.ID}}, want: []string{}},
		{name: "unknown customer", query: url.Values{"customer_id": {"cus_none"}}, want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			query := ""
			if len(tt.query) > 0 {
				query = "?" + tt.query.Encode()
			}

			sms := f.c.outbox(t, query)

			got := make([]string, len(sms))
			for i, m := range sms {
				got[i] = m.CustomerID
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got customer ids %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("SMS %d: got customer_id %s, want %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestOutboxFilterRejected(t *testing.T) {
	get := http.MethodGet
	runErrorCases(t, []errorCase{
		{name: "to without calling code", method: get, path: "/_sandbox/sms?to=2025550143",
			status: 422, code: "parameter_invalid", param: "to"},
		{name: "to with letters", method: get, path: "/_sandbox/sms?to=%2B1800FLOWERS",
			status: 422, code: "parameter_invalid", param: "to"},
		{name: "national to with unknown country", method: get, path: "/_sandbox/sms?to=2025550143&country_code=XX",
			status: 422, code: "parameter_invalid", param: "country_code"},
		{name: "unknown filter", method: get, path: "/_sandbox/sms?phone=%2B12025550143",
			status: 400, code: "parameter_unknown", param: "phone"},
		{name: "wait on the list", method: get, path: "/_sandbox/sms?wait=1s",
			status: 400, code: "parameter_unknown", param: "wait"},
		{name: "latest with unknown filter", method: get, path: "/_sandbox/sms/latest?customer=cus_x",
			status: 400, code: "parameter_unknown", param: "customer"},
		{name: "wait over 30s", setup: pendingCustomer, method: get, path: "/_sandbox/sms/latest?wait=31s",
			status: 422, code: "parameter_invalid", param: "wait", message: "30s"},
		{name: "wait over 30 plain seconds", setup: pendingCustomer, method: get, path: "/_sandbox/sms/latest?wait=30.5",
			status: 422, code: "parameter_invalid", param: "wait"},
		{name: "negative wait", method: get, path: "/_sandbox/sms/latest?wait=-1s",
			status: 422, code: "parameter_invalid", param: "wait"},
		{name: "wait not a duration", method: get, path: "/_sandbox/sms/latest?wait=soon",
			status: 422, code: "parameter_invalid", param: "wait"},
		{name: "latest with none", method: get, path: "/_sandbox/sms/latest",
			status: 404, code: "resource_missing"},
		{name: "latest with none matching", setup: pendingCustomer, method: get, path: "/_sandbox/sms/latest?to=%2B12025550199",
			status: 404, code: "resource_missing"},
	})
}

func TestOutboxLatest(t *testing.T) {
	f := newOutboxFixture(t)
	tests := []struct {
		name     string
		query    string
		wantSent int // index in the full outbox of the SMS expected
	}{
		{name: "newest of all", query: "", wantSent: 3},
		{name: "newest to a number", query: "?to=%2B12025550143", wantSent: 2},
		{name: "newest to a national number", query: "?to=(202)%20555-0143&country_code=us", wantSent: 2},
		{name: "newest of a customer", query: "?customer_id=" + f.other.ID, wantSent: 1},
		{name: "with wait when one exists", query: "?customer_id=" + f.first.ID + "&wait=30s", wantSent: 2},
		{name: "plain seconds", query: "?wait=2", wantSent: 3},
	}
	all := f.c.outbox(t, "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := f.c.do(t, http.MethodGet, "/_sandbox/sms/latest"+tt.query, "")
			elapsed := time.Since(start)

			r.wantStatus(t, http.StatusOK)
			var got smsBody
			r.decode(t, &got)
			if got != all[tt.wantSent] {
				t.Errorf("got %+v, want %+v", got, all[tt.wantSent])
			}
			if elapsed > time.Second {
				t.Errorf("took %s, want an answer at once when an SMS matches", elapsed)
			}
		})
	}
}

// TestOutboxLatestWaits keeps a long-poll open while another request, in
// this tenant or another, sends an SMS.
func TestOutboxLatestWaits(t *testing.T) {
	const delay = 200 * time.Millisecond
	tests := []struct {
		name      string
		senderKey string
		wait      string
		status    int
	}{
		{name: "new SMS arrives", senderKey: "tenant-a", wait: "5s", status: 200},
		{name: "SMS in another tenant", senderKey: "tenant-b", wait: "600ms", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, sandbox.Options{})
			waiter, sender := ts.client("tenant-a"), ts.client(tt.senderKey)
			waiter.create(t, "+12025550143", "US")

			done := sender.sendLater(delay, http.MethodPost, "/v1/customers", createBody("+12025550199", "US"))
			start := time.Now()
			r := waiter.do(t, http.MethodGet, "/_sandbox/sms/latest?to=%2B12025550199&wait="+tt.wait, "")
			elapsed := time.Since(start)
			sent := <-done
			if sent.err != nil || sent.status != http.StatusCreated {
				t.Fatalf("create while waiting: got status %d, error %v, want 201", sent.status, sent.err)
			}
			var created customerBody
			if err := json.Unmarshal(sent.body, &created); err != nil {
				t.Fatalf("decode created customer: %v", err)
			}

			if elapsed < delay {
				t.Errorf("answered after %s, want it to wait for the send after %s", elapsed, delay)
			}
			if tt.status == 404 {
				r.wantError(t, http.StatusNotFound, "resource_missing", "")
				return
			}
			r.wantStatus(t, http.StatusOK)
			var got smsBody
			r.decode(t, &got)
			if got.CustomerID != created.ID || got.To != "+12025550199" {
				t.Errorf("got %+v, want the SMS to %s of customer %s", got, "+12025550199", created.ID)
			}
		})
	}
}

// TestOutboxLatestWaitsForCustomer keeps a long-poll filtered by
// customer_id open while two customers are sent a new token. Only the
// send to the filtered customer ends the wait.
func TestOutboxLatestWaitsForCustomer(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	waited := c.create(t, "+12025550143", "US")
	other := c.create(t, "+12025550199", "US")
	c.do(t, http.MethodDelete, "/_sandbox/sms", "").wantStatus(t, http.StatusNoContent)

	first := c.sendLater(100*time.Millisecond, http.MethodPost, "/v1/customers/"+other.ID+"/generate_confirmation", "")
	second := c.sendLater(300*time.Millisecond, http.MethodPost, "/v1/customers/"+waited.ID+"/generate_confirmation", "")
	r := c.do(t, http.MethodGet, "/_sandbox/sms/latest?customer_id="+waited.ID+"&wait=5s", "")
	for _, sent := range []asyncResult{<-first, <-second} {
		if sent.err != nil || sent.status != http.StatusCreated {
			t.Fatalf("generate_confirmation while waiting: got status %d, error %v, want 201", sent.status, sent.err)
		}
	}

	r.wantStatus(t, http.StatusOK)
	var got smsBody
	r.decode(t, &got)
	if got.CustomerID != waited.ID {
		t.Errorf("got the SMS of customer %s, want customer %s", got.CustomerID, waited.ID)
	}
}

func TestOutboxLatestTimesOut(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	const wait = 300 * time.Millisecond

	start := time.Now()
	r := c.do(t, http.MethodGet, "/_sandbox/sms/latest?wait=300ms", "")
	elapsed := time.Since(start)

	e := r.wantError(t, http.StatusNotFound, "resource_missing", "")
	if elapsed < wait || elapsed > wait+2*time.Second {
		t.Errorf("answered after %s, want about %s", elapsed, wait)
	}
	if e.Message == "" {
		t.Error("got an empty message")
	}
}

func TestOutboxClear(t *testing.T) {
	ts := startServer(t, sandbox.Options{})
	mine, theirs := ts.client("tenant-a"), ts.client("tenant-b")
	cus := mine.create(t, "+12025550143", "US")
	theirs.create(t, "+12025550143", "US")

	r := mine.do(t, http.MethodDelete, "/_sandbox/sms", "")

	r.wantStatus(t, http.StatusNoContent)
	if sms := mine.outbox(t, ""); len(sms) != 0 {
		t.Errorf("got %d SMS after clearing, want 0", len(sms))
	}
	if sms := theirs.outbox(t, ""); len(sms) != 1 {
		t.Errorf("got %d SMS in the other tenant, want its 1 kept", len(sms))
	}
	if got := mine.get(t, cus.ID); got.ConfirmationToken == nil {
		t.Error("got confirmation_token null after clearing the outbox, want the customer untouched")
	}
	mine.do(t, http.MethodGet, "/_sandbox/sms/latest", "").wantError(t, http.StatusNotFound, "resource_missing", "")
}
