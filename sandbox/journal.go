package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// JournalBodyBytes is how much of a request body the journal keeps. The
// rest is cut off and the entry's body_truncated is true; the handler
// still reads the whole body.
const JournalBodyBytes = 8 << 10

// journalEntry is one request as GET /_sandbox/requests returns it.
// Credentials in headers are masked whenever the entry is written out.
type journalEntry struct {
	RequestID     string         `json:"request_id"`
	Time          string         `json:"time"` // tenant clock when the request arrived
	Method        string         `json:"method"`
	Path          string         `json:"path"`  // as sent, still percent-encoded
	Route         *string        `json:"route"` // template; null when no route matched
	Query         string         `json:"query"` // raw query string without "?"
	Headers       journalHeaders `json:"headers"`
	Body          string         `json:"body"`
	BodyTruncated bool           `json:"body_truncated"`
	Status        *int           `json:"status"` // null when the connection was dropped
	Fault         *string        `json:"fault"`  // injected fault kind, or null
}

// journal keeps the newest requests of each tenant in a ring of fixed
// size. Entries are never changed once added, so readers share them.
type journal struct {
	size int

	mu      sync.Mutex
	tenants map[string]*journalRing
}

// journalRing is one tenant's entries. Until it is full, entries only
// grow; after that, next is the oldest entry and the one overwritten next.
type journalRing struct {
	entries []*journalEntry
	next    int
}

func newJournal(size int) *journal {
	return &journal{size: size, tenants: map[string]*journalRing{}}
}

func (j *journal) add(tenant string, e *journalEntry) {
	j.mu.Lock()
	defer j.mu.Unlock()

	ring := j.tenants[tenant]
	if ring == nil {
		ring = &journalRing{}
		j.tenants[tenant] = ring
	}
	if len(ring.entries) < j.size {
		ring.entries = append(ring.entries, e)
		return
	}
	ring.entries[ring.next] = e
	ring.next = (ring.next + 1) % j.size
}

// list returns a tenant's entries, oldest first.
func (j *journal) list(tenant string) []*journalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()

	ring := j.tenants[tenant]
	if ring == nil {
		return nil
	}
	return slices.Concat(ring.entries[ring.next:], ring.entries[:ring.next])
}

func (j *journal) clear(tenant string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.tenants, tenant)
}

// journaled reports whether a request goes into the journal. The
// controls under /_sandbox are left out because they are the test harness,
// not the client under test: the journal's own reads, the outbox page and
// its polling, SMS long-polls and resets. /healthz, /metrics and
// /openapi.json are left out because probes and scrapers call them on a
// timer. Recording either would push the API requests out of the ring.
func journaled(r *http.Request) bool {
	switch p := r.URL.Path; {
	case p == "/_sandbox", strings.HasPrefix(p, "/_sandbox/"):
		return false
	case p == "/healthz", p == "/metrics", p == "/openapi.json":
		return false
	}
	return true
}

// bodyCapture keeps the start of a request body for the journal, as the
// handler reads it.
type bodyCapture struct {
	data     []byte
	overflow bool // more than JournalBodyBytes were read
	complete bool // the handler read the body to its end
	declared bool // the request has a body, by Content-Length or chunking
}

// truncated reports whether the journal holds less than the client sent:
// the body is over JournalBodyBytes, or the handler rejected the request
// (413, 415, 401 and the like) before reading all of it.
func (c *bodyCapture) truncated() bool {
	return c.overflow || (c.declared && !c.complete)
}

// captureBody makes the body record what the handler reads. It reads
// nothing on its own, so the handler's size limit and its prompt 413 for
// a client that stalls mid-body work as without the journal.
func captureBody(r *http.Request) *bodyCapture {
	c := &bodyCapture{declared: r.ContentLength != 0}
	if r.Body == nil || r.Body == http.NoBody {
		c.complete = true
		return c
	}
	r.Body = &teeBody{body: r.Body, capture: c}
	return c
}

// teeBody is a request body that copies what is read into a bodyCapture.
type teeBody struct {
	body    io.ReadCloser
	capture *bodyCapture
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.body.Read(p)
	c := t.capture
	if room := JournalBodyBytes - len(c.data); n > room {
		c.data = append(c.data, p[:room]...)
		c.overflow = true
	} else {
		c.data = append(c.data, p[:n]...)
	}
	if err == io.EOF {
		c.complete = true
	}
	return n, err
}

func (t *teeBody) Close() error { return t.body.Close() }

// trimPartialRune drops an incomplete UTF-8 sequence that a cut left at
// the end of b.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// recordRequest adds a finished request to its tenant's journal. status
// 0 means the connection was dropped without a response.
func (s *Server) recordRequest(r *http.Request, info *requestInfo, status int, arrived time.Time) {
	if info.body == nil {
		return
	}

	body := info.body.data
	if info.body.overflow {
		body = trimPartialRune(body)
	}
	e := &journalEntry{
		RequestID:     info.id,
		Time:          formatTime(s.tenantTimeAt(info.tenant, arrived)),
		Method:        r.Method,
		Path:          r.URL.EscapedPath(),
		Query:         r.URL.RawQuery,
		Headers:       journalHeaders{host: r.Host, header: r.Header},
		Body:          string(body),
		BodyTruncated: info.body.truncated(),
	}
	if info.route != "" {
		e.Route = &info.route
	}
	if status != 0 {
		e.Status = &status
	}
	if info.fault != "" {
		e.Fault = &info.fault
	}
	s.journal.add(info.tenant, e)
}

// tenantTimeAt returns what the tenant's clock showed at the real instant t.
func (s *Server) tenantTimeAt(tenant string, t time.Time) time.Time {
	txn := s.db.Txn(false)
	defer txn.Abort()

	clock, err := s.clockIn(txn, tenant)
	if err != nil {
		s.log.Error("read clock for the journal", "tenant", tenantHash(tenant), "error", err)
	}
	return clock.now(t)
}

// journalHeaders are the headers of a journaled request. The entry keeps
// the request's own header map, which neither net/http nor the handlers
// change once the request has arrived, and masks a copy only when the
// journal is read. Copying and masking every request's headers cost more
// than the rare reads of the journal.
type journalHeaders struct {
	host   string
	header http.Header
}

// MarshalJSON writes the headers masked, as an object of arrays.
func (h journalHeaders) MarshalJSON() ([]byte, error) {
	return json.Marshal(maskedHeaders(h.host, h.header))
}

// maskedHeaders copies request headers, with the Host that Go moves out of
// the header map added back and credentials masked.
func maskedHeaders(host string, header http.Header) map[string][]string {
	out := make(map[string][]string, len(header)+1)
	if host != "" {
		out["Host"] = []string{host}
	}
	for name, values := range header {
		masked := slices.Clone(values)
		for i, v := range masked {
			switch name {
			case "Authorization", "Proxy-Authorization":
				masked[i] = maskCredentials(v)
			case "Cookie":
				masked[i] = maskCookies(v)
			}
		}
		out[name] = masked
	}
	return out
}

// maskCredentials keeps the scheme of an Authorization value and the last
// four characters of its credentials: "Bearer ****abcd".
func maskCredentials(value string) string {
	scheme, credentials, ok := strings.Cut(strings.TrimSpace(value), " ")
	if !ok {
		return maskKey(value)
	}
	return scheme + " " + maskKey(strings.TrimSpace(credentials))
}

// maskCookies keeps each cookie's name and masks its value.
func maskCookies(value string) string {
	cookies := strings.Split(value, ";")
	for i, c := range cookies {
		name, v, ok := strings.Cut(strings.TrimSpace(c), "=")
		if !ok {
			cookies[i] = maskKey(name)
			continue
		}
		cookies[i] = name + "=" + maskKey(v)
	}
	return strings.Join(cookies, "; ")
}
