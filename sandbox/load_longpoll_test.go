package sandbox

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLongPollEndsWhenClientLeaves starts long-polls that the clients
// abandon: every handler must return at once, and the goroutine count must
// settle back to where it was.
func TestLongPollEndsWhenClientLeaves(t *testing.T) {
	const polls = 10
	h := startHostile(t, Options{})
	h.get(t, "", "/healthz")
	h.client.CloseIdleConnections()
	baseline := settledGoroutines(0, time.Second)

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range polls {
		wg.Go(func() {
			r, err := http.NewRequestWithContext(ctx, http.MethodGet, h.ts.URL+"/_sandbox/sms/latest?wait=30s", nil)
			if err != nil {
				t.Error(err)
				return
			}
			if resp, err := h.client.Do(r); err == nil {
				resp.Body.Close()
				t.Errorf("long-poll answered %d before the client left, want it still waiting", resp.StatusCode)
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	cancel()
	wg.Wait()

	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(h.log.String(), "route=/_sandbox/sms/latest") < polls && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := strings.Count(h.log.String(), "route=/_sandbox/sms/latest"); n != polls {
		t.Fatalf("long-poll handlers finished: got %d, want %d within 5s of the clients leaving", n, polls)
	}

	h.client.CloseIdleConnections()
	if n := settledGoroutines(baseline, 5*time.Second); n > baseline {
		t.Errorf("goroutines: got %d after the long-polls ended, want at most the %d before", n, baseline)
	}
}

// settledGoroutines waits up to limit for the goroutine count to drop to
// target and returns the last count.
func settledGoroutines(target int, limit time.Duration) int {
	deadline := time.Now().Add(limit)
	n := runtime.NumGoroutine()
	for n > target && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// TestLongPollEndsOnClose checks that closing the server ends a pending
// long-poll with a 404 instead of holding it for the whole wait.
func TestLongPollEndsOnClose(t *testing.T) {
	h := startHostile(t, Options{})
	done := make(chan hostileResponse, 1)
	go func() {
		resp, err := h.roundTrip(hostileRequest{method: http.MethodGet, path: "/_sandbox/sms/latest?wait=30s"})
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	time.Sleep(200 * time.Millisecond)
	if err := h.sb.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	select {
	case resp := <-done:
		wantError(t, resp, http.StatusNotFound, codeResourceMissing, "")
	case <-time.After(5 * time.Second):
		t.Fatal("long-poll still waiting 5s after Close")
	}
}

// TestLongPollWakesOnSend checks that a waiting long-poll returns the
// message as soon as it is sent, and only a message that matches.
func TestLongPollWakesOnSend(t *testing.T) {
	h := startHostile(t, Options{})
	done := make(chan hostileResponse, 1)
	start := time.Now()
	go func() {
		resp, err := h.roundTrip(hostileRequest{method: http.MethodGet, path: "/_sandbox/sms/latest?wait=10s&to=%2B12025550143"})
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	time.Sleep(100 * time.Millisecond)
	h.create(t, "", "+12025550100") // does not match the filter
	h.create(t, "", "+12025550143")

	resp := <-done
	if resp.status != http.StatusOK {
		t.Fatalf("status: got %d, want 200; body %s", resp.status, resp.body)
	}
	var m SMS
	decodeJSON(t, resp.body, &m)
	if m.To != "+12025550143" {
		t.Errorf("to: got %s, want +12025550143", m.To)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("answered after %s, want soon after the send", elapsed)
	}
}

func TestLongPollHostileWait(t *testing.T) {
	h := startHostile(t, Options{})
	for _, wait := range []string{"NaN", "nan", "Inf", "-Inf", "1e300", "-1e300", "-1s", "31s", "30.001s", "1e10", "abc", "9223372036854775807s", "0x10"} {
		t.Run(wait, func(t *testing.T) {
			start := time.Now()
			resp := h.get(t, "", "/_sandbox/sms/latest?wait="+wait)
			wantError(t, resp, http.StatusUnprocessableEntity, codeParameterInvalid, "wait")
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("rejection took %s, want at once", elapsed)
			}
		})
	}
}
