package loadgen

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// kindError is an error with a class name.
type kindError string

func (e kindError) Error() string { return string(e) }
func (e kindError) Kind() string  { return "kind " + string(e) }

func TestRunCountsOpsAndErrors(t *testing.T) {
	var calls atomic.Int64
	newOp := func(client int) Op {
		return func(ctx context.Context) error {
			n := calls.Add(1)
			time.Sleep(100 * time.Microsecond)
			if n%4 == 0 {
				return kindError("fail")
			}
			return nil
		}
	}

	r, err := Run(context.Background(), Config{Clients: 3, Duration: 50 * time.Millisecond, Warmup: 5 * time.Millisecond}, newOp)
	if err != nil {
		t.Fatalf("run: %v", err)
	}

	if r.Clients != 3 {
		t.Errorf("clients: got %d, want 3", r.Clients)
	}
	if r.Ops == 0 {
		t.Errorf("ops: got 0, want > 0")
	}
	if r.Latency.Count() != r.Ops {
		t.Errorf("latency count: got %d, want ops %d", r.Latency.Count(), r.Ops)
	}
	if r.Errors == 0 {
		t.Errorf("errors: got 0, want > 0 (every fourth call fails)")
	}
	if r.ErrorKinds["kind fail"] != r.Errors {
		t.Errorf("error kinds: got %v, want all %d under %q", r.ErrorKinds, r.Errors, "kind fail")
	}
	if r.FirstError != "fail" {
		t.Errorf("first error: got %q, want %q", r.FirstError, "fail")
	}
	if uint64(calls.Load()) < r.Ops+r.Errors {
		t.Errorf("calls %d fewer than recorded ops %d + errors %d", calls.Load(), r.Ops, r.Errors)
	}
	if r.Elapsed <= 0 || r.OpsPerSecond() <= 0 {
		t.Errorf("elapsed %v, ops/s %v: want both positive", r.Elapsed, r.OpsPerSecond())
	}
}

func TestRunGivesEachClientItsOwnOp(t *testing.T) {
	var created atomic.Int64
	newOp := func(client int) Op {
		created.Add(1)
		return func(ctx context.Context) error { return nil }
	}

	if _, err := Run(context.Background(), Config{Clients: 5, Duration: 5 * time.Millisecond}, newOp); err != nil {
		t.Fatalf("run: %v", err)
	}
	if got := created.Load(); got != 5 {
		t.Errorf("ops created: got %d, want 5", got)
	}
}

func TestRunBoundsErrorKinds(t *testing.T) {
	var n atomic.Int64
	newOp := func(client int) Op {
		return func(ctx context.Context) error { return kindError(fmt.Sprint(n.Add(1))) }
	}

	r, err := Run(context.Background(), Config{Clients: 1, Duration: 20 * time.Millisecond}, newOp)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if len(r.ErrorKinds) > maxErrorKinds+1 {
		t.Errorf("error kinds: got %d, want at most %d", len(r.ErrorKinds), maxErrorKinds+1)
	}
}

func TestRunEndsHangingOps(t *testing.T) {
	newOp := func(client int) Op {
		return func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}
	}

	cfg := Config{Clients: 2, Duration: 5 * time.Millisecond, Grace: 20 * time.Millisecond}
	r, err := Run(context.Background(), cfg, newOp)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if r.Ops != 0 {
		t.Errorf("ops: got %d, want 0", r.Ops)
	}
	if r.ErrorKinds["error"] != 2 {
		t.Errorf("error kinds: got %v, want 2 plain errors", r.ErrorKinds)
	}
	if !strings.Contains(r.FirstError, "deadline") {
		t.Errorf("first error: got %q, want a deadline error", r.FirstError)
	}
}

func TestRunRejectsInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no clients", Config{Clients: 0, Duration: time.Millisecond}},
		{"no duration", Config{Clients: 1}},
		{"negative warm-up", Config{Clients: 1, Duration: time.Millisecond, Warmup: -time.Millisecond}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(context.Background(), tc.cfg, func(int) Op { return nil })
			if err == nil {
				t.Fatalf("got no error, want one")
			}
			if !strings.Contains(err.Error(), "invalid load config") {
				t.Errorf("error: got %q, want it to name the invalid load config", err)
			}
		})
	}
}

func TestRunStopsOnCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := Run(ctx, Config{Clients: 1, Duration: time.Hour}, func(int) Op {
		return func(ctx context.Context) error { return nil }
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got error %v, want context.Canceled", err)
	}
}
