package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// pageTimeout bounds each wait in the page and stream tests.
const pageTimeout = 10 * time.Second

func TestOutboxPageServed(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		path string
	}{
		{"no slash", Options{}, "/_sandbox"},
		{"slash", Options{}, "/_sandbox/"},
		{"key required", Options{RequireAPIKey: true}, "/_sandbox/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, url := openAPIServer(t, tt.opts)
			res, body := pageGet(t, url+tt.path, "")

			if res.StatusCode != http.StatusOK {
				t.Fatalf("got status %d, want 200\nbody: %s", res.StatusCode, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("got Content-Type %q, want text/html; charset=utf-8", ct)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("got Content-Security-Policy %q, want one starting from default-src 'none'", csp)
			}
			if !strings.Contains(body, `id="api-key"`) {
				t.Errorf("the page has no API key field")
			}
		})
	}
}

func TestOutboxPageNoAdmin(t *testing.T) {
	_, url := openAPIServer(t, Options{NoAdmin: true})
	for _, path := range []string{"/_sandbox", "/_sandbox/", "/_sandbox/events"} {
		t.Run(path, func(t *testing.T) {
			res, body := pageGet(t, url+path, "")
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("got status %d, want 404\nbody: %s", res.StatusCode, body)
			}
		})
	}
}

// TestOutboxPageSelfContained checks that the page loads nothing from
// another origin and that its policy allows exactly its inline style and
// script: a policy hash that does not match would stop the script.
func TestOutboxPageSelfContained(t *testing.T) {
	page, err := renderPage("test")
	if err != nil {
		t.Fatalf("renderPage: %v", err)
	}
	body := string(page.body)

	for _, name := range []string{"page.css", "page.js"} {
		content, err := webFS.ReadFile("web/" + name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		if !strings.Contains(body, string(content)) {
			t.Errorf("the page does not contain %s byte for byte, so its policy hash cannot match", name)
		}
		if hash := cspHash(content); !strings.Contains(page.csp, hash) {
			t.Errorf("the policy %q lacks %s of %s", page.csp, hash, name)
		}
	}

	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
	if m := external.FindString(body); m != "" {
		t.Errorf("the page refers to another origin: %q", m)
	}
	if strings.Count(body, "<script") != 1 || strings.Count(body, "<style") != 1 {
		t.Errorf("got %d script and %d style elements, want one of each", strings.Count(body, "<script"), strings.Count(body, "<style"))
	}
}

func pageGet(t *testing.T, url, key string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	client := &http.Client{Timeout: pageTimeout}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return res, string(body)
}

// sseEvent is one parsed server-sent event.
type sseEvent struct {
	name string
	data string
}

// eventReader is an open GET /_sandbox/events stream whose events arrive
// on a channel, so a test can wait for one with a timeout.
type eventReader struct {
	res    *http.Response
	events chan sseEvent
	done   chan error // receives the read error when the stream ends
	cancel context.CancelFunc
}

// openEvents opens the event stream of the tenant of key.
func openEvents(t *testing.T, url, key string) *eventReader {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_sandbox/events", nil)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET /_sandbox/events: %v", err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("GET /_sandbox/events: got status %d, want 200\nbody: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("got Content-Type %q, want text/event-stream", ct)
	}

	r := &eventReader{res: res, events: make(chan sseEvent, 16), done: make(chan error, 1), cancel: cancel}
	go r.read()
	return r
}

// read parses the stream until it ends: "event:" and "data:" lines, a
// blank line ending each event, comment lines ignored.
func (r *eventReader) read() {
	scanner := bufio.NewScanner(r.res.Body)
	scanner.Buffer(make([]byte, 64<<10), 8<<20)
	var ev sseEvent
	for scanner.Scan() {
		line := scanner.Text()
		switch {
		case line == "":
			if ev.name != "" || ev.data != "" {
				r.events <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			ev.data += strings.TrimPrefix(line, "data: ")
		}
	}
	close(r.events)
	r.done <- scanner.Err()
}

// next returns the next snapshot, failing the test after pageTimeout.
func (r *eventReader) next(t *testing.T) outboxSnapshot {
	t.Helper()
	select {
	case ev, ok := <-r.events:
		if !ok {
			t.Fatalf("the stream ended, want a snapshot event")
		}
		if ev.name != "snapshot" {
			t.Fatalf("got event %q, want snapshot", ev.name)
		}
		var snap outboxSnapshot
		if err := json.Unmarshal([]byte(ev.data), &snap); err != nil {
			t.Fatalf("decode snapshot %s: %v", ev.data, err)
		}
		return snap
	case <-time.After(pageTimeout):
		t.Fatalf("no event within %s", pageTimeout)
	}
	return outboxSnapshot{}
}

// waitSMS returns the first snapshot with at least n messages.
func (r *eventReader) waitSMS(t *testing.T, n int) outboxSnapshot {
	t.Helper()
	for {
		if snap := r.next(t); snap.SMSTotal >= n {
			return snap
		}
	}
}

// waitEnd fails the test unless the stream ends within pageTimeout.
func (r *eventReader) waitEnd(t *testing.T) {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(pageTimeout):
		t.Fatalf("the stream is still open after %s", pageTimeout)
	}
}

// createForTest creates a customer over HTTP in the tenant of key.
func createForTest(t *testing.T, url, key, number string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/v1/customers",
		strings.NewReader(fmt.Sprintf(`{"unconfirmed_phone_number": %q, "country_code": "US"}`, number)))
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	client := &http.Client{Timeout: pageTimeout}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("create %s: %v", number, err)
	}
	defer res.Body.Close()
	var cus struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&cus); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create %s: got status %d, want 201 (decode: %v)", number, res.StatusCode, err)
	}
	return cus.ID
}

// streamGoroutines counts the goroutines serving an event stream.
func streamGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "sandbox.(*Server).streamSnapshots")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// waitNoStreams fails the test unless every stream handler has returned
// within pageTimeout.
func waitNoStreams(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(pageTimeout)
	for streamGoroutines() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d event stream handlers still run %s after their clients left", streamGoroutines(), pageTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOutboxEventsStreamsCreate(t *testing.T) {
	sb, url := openAPIServer(t, Options{})
	const key = "key_events"
	stream := openEvents(t, url, key)

	first := stream.next(t)
	if first.SMSTotal != 0 || len(first.SMS) != 0 || first.CustomersTotal != 0 {
		t.Fatalf("got first snapshot %+v, want an empty tenant", first)
	}

	id := createForTest(t, url, key, "+12025550143")
	snap := stream.waitSMS(t, 1)
	outbox := sb.Outbox(key)
	if len(outbox) != 1 {
		t.Fatalf("got %d messages in the outbox, want 1", len(outbox))
	}
	if len(snap.SMS) != 1 || snap.SMS[0] != outbox[0] {
		t.Errorf("got SMS %+v, want %+v", snap.SMS, outbox[0])
	}
	if snap.SMS[0].Token == "" || !strings.Contains(snap.SMS[0].Body, snap.SMS[0].Token) {
		t.Errorf("got SMS %+v, want a token that the body contains", snap.SMS[0])
	}
	if snap.CustomersTotal != 1 || len(snap.Customers) != 1 || snap.Customers[0].ID != id {
		t.Errorf("got customers %+v, want only %s", snap.Customers, id)
	}

	stream.cancel()
	stream.waitEnd(t)
	waitNoStreams(t)
}

func TestOutboxEventsTenantIsolation(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	stream := openEvents(t, url, "key_watched")
	stream.next(t)

	createForTest(t, url, "key_other", "+12025550143")
	createForTest(t, url, "key_watched", "+12025550144")
	snap := stream.waitSMS(t, 1)
	if snap.SMSTotal != 1 || snap.SMS[0].To != "+12025550144" {
		t.Errorf("got SMS %+v, want only the watched tenant's message to +12025550144", snap.SMS)
	}
}

func TestOutboxEventsEndOnClose(t *testing.T) {
	sb, url := openAPIServer(t, Options{})
	stream := openEvents(t, url, "")
	stream.next(t)

	if err := sb.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	stream.waitEnd(t)
	waitNoStreams(t)
}

func TestOutboxEventsNewestFirst(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	stream := openEvents(t, url, "")
	stream.next(t)

	createForTest(t, url, "", "+12025550143")
	createForTest(t, url, "", "+12025550144")
	snap := stream.waitSMS(t, 2)
	if got := []string{snap.SMS[0].To, snap.SMS[1].To}; got[0] != "+12025550144" || got[1] != "+12025550143" {
		t.Errorf("got SMS to %v, want the newest first: [+12025550144 +12025550143]", got)
	}
	if snap.Customers[0].UnconfirmedPhoneNumber == nil || *snap.Customers[0].UnconfirmedPhoneNumber != "+12025550144" {
		t.Errorf("got first customer %+v, want the newest, +12025550144", snap.Customers[0])
	}
}

func TestOutboxEventsUnauthorized(t *testing.T) {
	_, url := openAPIServer(t, Options{APIKeys: []string{"key_allowed"}})
	res, body := pageGet(t, url+"/_sandbox/events", "key_wrong")

	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("got status %d, want 401\nbody: %s", res.StatusCode, body)
	}
	var env errorEnvelope
	if err := json.Unmarshal([]byte(body), &env); err != nil || env.Error.Code != codeAPIKeyInvalid {
		t.Errorf("got body %s, want the api_key_invalid error", body)
	}
}

func TestNewestFirst(t *testing.T) {
	tests := []struct {
		name string
		rows int
		want []int
	}{
		{"empty", 0, []int{}},
		{"few", 3, []int{2, 1, 0}},
		{"over the limit", snapshotLimit + 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := make([]int, tt.rows)
			for i := range rows {
				rows[i] = i
			}
			got := newestFirst(rows)

			if tt.want != nil && fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if len(got) > snapshotLimit {
				t.Errorf("got %d rows, want at most %d", len(got), snapshotLimit)
			}
			if tt.rows > 0 && got[0] != tt.rows-1 {
				t.Errorf("got first row %d, want the newest, %d", got[0], tt.rows-1)
			}
			if tt.rows > 0 && rows[0] != 0 {
				t.Errorf("newestFirst changed its input: first row is %d, want 0", rows[0])
			}
		})
	}
}

// TestOutboxSnapshotMatchesSchema checks a snapshot event's data against
// the outbox_snapshot schema that the OpenAPI document publishes.
func TestOutboxSnapshotMatchesSchema(t *testing.T) {
	sb, url := openAPIServer(t, Options{})
	doc := loadOpenAPI(t, fetchOpenAPI(t, url))
	schema := doc.Components.Schemas["outbox_snapshot"]
	if schema == nil || schema.Value == nil {
		t.Fatalf("the document has no outbox_snapshot schema")
	}

	createForTest(t, url, "", "+12025550143")
	snapshot, _, _, err := sb.snapshotOutbox(DefaultTenant)
	if err != nil {
		t.Fatalf("snapshotOutbox: %v", err)
	}
	data, err := json.Marshal(snapshot)
	if err != nil {
		t.Fatalf("encode snapshot: %v", err)
	}
	var decoded any
	if err := json.Unmarshal(data, &decoded); err != nil {
		t.Fatalf("decode snapshot: %v", err)
	}
	if err := schema.Value.VisitJSON(decoded, openapi3.EnableJSONSchema2020()); err != nil {
		t.Errorf("snapshot %s does not match outbox_snapshot: %v", data, err)
	}
}

// TestOutboxEventsHead checks that HEAD gets the stream's headers and
// returns at once instead of streaming.
func TestOutboxEventsHead(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	client := &http.Client{Timeout: pageTimeout}
	res, err := client.Head(url + "/_sandbox/events")
	if err != nil {
		t.Fatalf("HEAD /_sandbox/events: %v", err)
	}
	res.Body.Close()

	if res.StatusCode != http.StatusOK {
		t.Errorf("got status %d, want 200", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("got Content-Type %q, want text/event-stream", ct)
	}
	waitNoStreams(t)
}
