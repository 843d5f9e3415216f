package sandbox

import (
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// benchServer returns a sandbox and the request info of its default tenant,
// for calling the store without HTTP. It logs at info level, as
// cmd/sandbox does by default, in text to io.Discard, so the benchmarks
// include formatting the log line of each request but no disk writes.
func benchServer(b *testing.B) (*Server, *requestInfo) {
	b.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(Options{TokenMode: TokenModeFixed, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, &requestInfo{tenant: DefaultTenant, entropy: s.entropyFor(DefaultTenant)}
}

// benchNumber returns the i-th number of a range that every validation
// level accepts.
func benchNumber(i int) string {
	return fmt.Sprintf("+1202%07d", 2000000+i)
}

// BenchmarkStoreInsert measures one create inside the store (uniqueness
// check, customer and SMS insert) and reports the live heap each stored
// customer costs, indexes and outbox included.
func BenchmarkStoreInsert(b *testing.B) {
	s, info := benchServer(b)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := s.insertCustomer(info, createInput{Number: benchNumber(i), Country: "US"}); err != nil {
			b.Fatal(err)
		}
	}

	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(b.N), "live-B/customer")
}

// BenchmarkStoreLookup measures reading one customer among 10,000.
func BenchmarkStoreLookup(b *testing.B) {
	s, info := benchServer(b)
	ids := make([]string, 10000)
	for i := range ids {
		c, err := s.insertCustomer(info, createInput{Number: benchNumber(i), Country: "US"})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = c.ID
	}

	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		txn := s.db.Txn(false)
		c, err := findCustomer(txn, DefaultTenant, ids[i%len(ids)])
		txn.Abort()
		if err != nil || c == nil {
			b.Fatalf("lookup %s: %v, %v", ids[i%len(ids)], c, err)
		}
	}
}

// BenchmarkDecodeCreate measures reading and checking a create body.
func BenchmarkDecodeCreate(b *testing.B) {
	const body = `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/v1/customers", strings.NewReader(body))
		p, err := readParams(r, DefaultMaxBodyBytes, false)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.rejectUnknown(createParams...); err != nil {
			b.Fatal(err)
		}
		if _, err := p.requiredString("unconfirmed_phone_number"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCustomerJSON measures writing one customer as a response body,
// with the hand-written encoder that the handlers use and, for
// comparison, with encoding/json.
func BenchmarkCustomerJSON(b *testing.B) {
	s, info := benchServer(b)
	c, err := s.insertCustomer(info, createInput{Number: benchNumber(0), Country: "US"})
	if err != nil {
		b.Fatal(err)
	}

	b.Run("appender", func(b *testing.B) {
		w := httptest.NewRecorder()
		b.ReportAllocs()
		for b.Loop() {
			w.Body.Reset()
			if err := writeCustomer(w, 200, c, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		w := httptest.NewRecorder()
		b.ReportAllocs()
		for b.Loop() {
			w.Body.Reset()
			if err := writeJSON(w, 200, c.toJSON(false)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkServeGet measures a whole GET through the middleware and router,
// journal and metrics included, without the network.
func BenchmarkServeGet(b *testing.B) {
	s, info := benchServer(b)
	c, err := s.insertCustomer(info, createInput{Number: benchNumber(0), Country: "US"})
	if err != nil {
		b.Fatal(err)
	}
	path := "/v1/customers/" + c.ID

	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 200 {
			b.Fatalf("got status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkServeCreate measures a whole create through the middleware,
// phone parsing included.
func BenchmarkServeCreate(b *testing.B) {
	s, _ := benchServer(b)

	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		body := fmt.Sprintf(`{"unconfirmed_phone_number": %q, "country_code": "US"}`, benchNumber(i))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("POST", "/v1/customers", strings.NewReader(body)))
		if w.Code != 201 {
			b.Fatalf("got status %d: %s", w.Code, w.Body)
		}
	}
}
