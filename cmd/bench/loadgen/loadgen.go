// Package loadgen runs a closed-loop load: a fixed number of clients, each
// sending its next operation as soon as the previous one has completed, for a
// fixed duration.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/histogram"
)

// Op performs one operation, for example one HTTP request or one multi-request
// flow, and returns nil on success.
type Op func(ctx context.Context) error

// NewOp returns the operation loop of client number client (0-based). Each
// client calls it once, so the returned Op may keep unsynchronised state.
type NewOp func(client int) Op

// Kinder is implemented by errors that name their class, for example
// "HTTP 404"; other errors count as "error".
type Kinder interface {
	Kind() string
}

// maxErrorKinds bounds the error table so a server that returns many distinct
// errors cannot grow it without limit.
const maxErrorKinds = 16

// Config sets the shape of one run.
type Config struct {
	Clients  int           // concurrent clients, at least 1
	Duration time.Duration // measured time, after the warm-up
	Warmup   time.Duration // time during which operations run but are not recorded

	// Grace is how long operations may overrun the end of the run before
	// their context is cancelled; default 10 s.
	Grace time.Duration
}

// Result is the outcome of one run. Latency holds successful operations only,
// and Ops counts them.
type Result struct {
	Clients    int
	Ops        uint64
	Errors     uint64
	ErrorKinds map[string]uint64
	FirstError string // message of the first error, for diagnosis
	Elapsed    time.Duration
	Latency    *histogram.Histogram
}

// OpsPerSecond returns successful operations per second of measured time.
func (r Result) OpsPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops) / r.Elapsed.Seconds()
}

// clientStats is the record of one client, merged with the others after the
// run.
type clientStats struct {
	latency    *histogram.Histogram
	ops        uint64
	errors     uint64
	errorKinds map[string]uint64
	firstError error
	finished   time.Time
}

// Run drives cfg.Clients clients until the warm-up and the measured duration
// have passed. Operations started before the end are waited for, up to
// cfg.Grace; ctx cancels the whole run.
func Run(ctx context.Context, cfg Config, newOp NewOp) (Result, error) {
	if cfg.Clients < 1 || cfg.Duration <= 0 || cfg.Warmup < 0 {
		return Result{}, fmt.Errorf("invalid load config (clients %d, duration %v, warm-up %v): use at least 1 client, a positive duration and a non-negative warm-up",
			cfg.Clients, cfg.Duration, cfg.Warmup)
	}
	grace := cfg.Grace
	if grace <= 0 {
		grace = 10 * time.Second
	}

	begin := time.Now()
	measureFrom := begin.Add(cfg.Warmup)
	stopAt := measureFrom.Add(cfg.Duration)
	ctx, cancel := context.WithDeadline(ctx, stopAt.Add(grace))
	defer cancel()

	stats := make([]*clientStats, cfg.Clients)
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		stats[i] = &clientStats{latency: histogram.New(), errorKinds: map[string]uint64{}}
		op := newOp(i)
		wg.Go(func() { runClient(ctx, op, measureFrom, stopAt, stats[i]) })
	}
	wg.Wait()

	result := merge(stats, cfg.Clients, measureFrom)
	if err := ctx.Err(); err != nil && result.Ops+result.Errors == 0 {
		return result, fmt.Errorf("load run ended without a completed operation: %w", err)
	}
	return result, nil
}

// runClient loops one client's operations until stopAt.
func runClient(ctx context.Context, op Op, measureFrom, stopAt time.Time, s *clientStats) {
	defer func() { s.finished = time.Now() }()

	for ctx.Err() == nil {
		start := time.Now()
		if !start.Before(stopAt) {
			return
		}
		err := op(ctx)
		if start.Before(measureFrom) {
			continue
		}
		if err != nil {
			s.recordError(err)
			continue
		}
		s.ops++
		s.latency.Record(time.Since(start))
	}
}

func (s *clientStats) recordError(err error) {
	s.errors++
	if s.firstError == nil {
		s.firstError = err
	}

	kind := "error"
	var k Kinder
	if errors.As(err, &k) {
		kind = k.Kind()
	}
	if _, known := s.errorKinds[kind]; !known && len(s.errorKinds) >= maxErrorKinds {
		kind = "other"
	}
	s.errorKinds[kind]++
}

// merge adds up the clients' stats. The measured time ends when the last
// client has finished its final operation.
func merge(stats []*clientStats, clients int, measureFrom time.Time) Result {
	r := Result{Clients: clients, ErrorKinds: map[string]uint64{}, Latency: histogram.New()}
	last := measureFrom
	for _, s := range stats {
		r.Ops += s.ops
		r.Errors += s.errors
		r.Latency.Merge(s.latency)
		for k, n := range s.errorKinds {
			r.ErrorKinds[k] += n
		}
		if r.FirstError == "" && s.firstError != nil {
			r.FirstError = s.firstError.Error()
		}
		if s.finished.After(last) {
			last = s.finished
		}
	}
	r.Elapsed = last.Sub(measureFrom)
	return r
}
