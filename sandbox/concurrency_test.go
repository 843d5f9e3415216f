package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// parallel sends n requests at once, built by body(i), and returns their
// results in order.
func parallel(c apiClient, n int, method, path string, body func(i int) string) []asyncResult {
	results := make([]asyncResult, n)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Go(func() {
			start.Wait()
			results[i] = c.sendPlain(method, path, body(i))
		})
	}
	start.Done()
	wg.Wait()
	return results
}

// countStatuses counts results by status, failing on transport errors.
func countStatuses(t *testing.T, results []asyncResult) map[int]int {
	t.Helper()
	counts := map[int]int{}
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("request failed: %v", r.err)
		}
		counts[r.status]++
	}
	return counts
}

func TestConcurrentCreateSameNumber(t *testing.T) {
	const n = 50
	c := startServer(t, sandbox.Options{}).client("")
	forms := []string{"+12025550143", "(202) 555-0143", "202.555.0143", "1 202 555 0143"}

	results := parallel(c, n, http.MethodPost, "/v1/customers", func(i int) string {
		return createBody(forms[i%len(forms)], "US")
	})

	counts := countStatuses(t, results)
	if counts[201] != 1 || counts[409] != n-1 {
		t.Errorf("got statuses %v, want one 201 and %d 409", counts, n-1)
	}
	if got := len(c.customers(t)); got != 1 {
		t.Errorf("got %d customers, want 1", got)
	}
	if got := len(c.outbox(t, "")); got != 1 {
		t.Errorf("got %d SMS, want 1", got)
	}
}

func TestConcurrentCreateDistinctNumbers(t *testing.T) {
	const n = 40
	c := startServer(t, sandbox.Options{}).client("")

	results := parallel(c, n, http.MethodPost, "/v1/customers", func(i int) string {
		return createBody(fmt.Sprintf("+1202555%04d", i), "US")
	})

	counts := countStatuses(t, results)
	if counts[201] != n {
		t.Errorf("got statuses %v, want %d 201", counts, n)
	}
	ids := map[string]bool{}
	for _, r := range results {
		var cus customerBody
		if err := json.Unmarshal(r.body, &cus); err != nil {
			t.Fatalf("decode %s: %v", r.body, err)
		}
		ids[cus.ID] = true
	}
	if len(ids) != n {
		t.Errorf("got %d distinct ids, want %d", len(ids), n)
	}
	if got := len(c.outbox(t, "")); got != n {
		t.Errorf("got %d SMS, want %d", got, n)
	}
}

// TestConcurrentWrongTokens checks that the attempt counter is exact under
// load: of many wrong tokens sent at once, only the limit count as tries.
func TestConcurrentWrongTokens(t *testing.T) {
	const n = 30
	c := startServer(t, sandbox.Options{}).client("")
	id := pendingCustomer(t, c)
	wrong := wrongToken(c.latestToken(t, id))

	results := parallel(c, n, http.MethodPost, "/v1/customers/"+id+"/confirm", func(int) string {
		return `{"confirmation_token": "` + wrong + `"}`
	})

	counts := countStatuses(t, results)
	if counts[422] != sandbox.DefaultMaxConfirmAttempts || counts[429] != n-sandbox.DefaultMaxConfirmAttempts {
		t.Errorf("got statuses %v, want %d 422 and %d 429", counts, sandbox.DefaultMaxConfirmAttempts, n-sandbox.DefaultMaxConfirmAttempts)
	}
	if got := c.failedAttempts(t, id); got != sandbox.DefaultMaxConfirmAttempts {
		t.Errorf("got %d failed attempts, want %d", got, sandbox.DefaultMaxConfirmAttempts)
	}
}

// TestConcurrentSends checks the send limit under load.
func TestConcurrentSends(t *testing.T) {
	const n = 20
	c := startServer(t, sandbox.Options{}).client("")
	id := pendingCustomer(t, c)

	results := parallel(c, n, http.MethodPost, "/v1/customers/"+id+"/generate_confirmation", func(int) string { return "" })

	counts := countStatuses(t, results)
	allowed := sandbox.DefaultMaxSends - 1 // the create used one
	if counts[201] != allowed || counts[429] != n-allowed {
		t.Errorf("got statuses %v, want %d 201 and %d 429", counts, allowed, n-allowed)
	}
	if got := len(c.outbox(t, "")); got != sandbox.DefaultMaxSends {
		t.Errorf("got %d SMS, want %d", got, sandbox.DefaultMaxSends)
	}
}
