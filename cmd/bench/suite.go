package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/dirtylemon/api-sandbox/cmd/bench/loadgen"
	"github.com/dirtylemon/api-sandbox/cmd/bench/workload"
)

// populateWorkers is the parallelism of the creates that fill the pool.
const populateWorkers = 16

// loadSuite runs the workloads on both servers.
type loadSuite struct {
	cfg       config
	procs     *processes
	reference serverSpec
	sandbox   serverSpec
	progress  io.Writer
}

// run measures every workload at every client count, round by round. In each
// round every workload runs on a fresh reference server and then on a fresh
// sandbox, so drift of the machine over time touches both alike.
func (l *loadSuite) run(ctx context.Context) ([]cellResult, error) {
	cells := make([]cellResult, 0, len(l.cfg.workloads)*len(l.cfg.clients))
	for _, name := range l.cfg.workloads {
		for _, clients := range l.cfg.clients {
			cells = append(cells, cellResult{Workload: name, Clients: clients})
		}
	}

	for round := 1; round <= l.cfg.rounds; round++ {
		for w, name := range l.cfg.workloads {
			reference, err := l.runWorkload(ctx, l.reference, name, round)
			if err != nil {
				return cells, err
			}
			sandbox, err := l.runWorkload(ctx, l.sandbox, name, round)
			if err != nil {
				return cells, err
			}
			for i := range l.cfg.clients {
				cell := &cells[w*len(l.cfg.clients)+i]
				cell.Rounds = append(cell.Rounds, pairRound(round, reference[i], sandbox[i]))
			}
		}
	}

	for i := range cells {
		summarizeCell(&cells[i])
	}
	return cells, nil
}

// runWorkload starts a fresh server, fills its pool when the workload reads
// existing customers, and runs the workload at each client count in turn.
func (l *loadSuite) runWorkload(ctx context.Context, spec serverSpec, name string, round int) ([]runStats, error) {
	srv, err := l.procs.start(ctx, spec)
	if err != nil {
		return nil, err
	}
	defer l.procs.stop(srv)

	target := &workload.Target{API: workload.NewAPI(srv.baseURL, populateWorkers), Phones: &workload.Phones{}}
	if name != "create" && name != "confirm" {
		if err := target.Populate(ctx, l.cfg.poolSize, populateWorkers); err != nil {
			return nil, fmt.Errorf("%s, workload %s: %w", spec.name, name, err)
		}
	}
	target.API.Close()

	var runs []runStats
	for _, clients := range l.cfg.clients {
		stats, err := l.runOnce(ctx, srv, target, name, clients)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(l.progress, "round %d  %-9s %-8s %3d clients  %9.0f ops/s  p50 %7.0f us  p99 %7.0f us  errors %d\n",
			round, spec.name, name, clients, stats.OpsPerSecond, stats.P50Micros, stats.P99Micros, stats.Errors)
		runs = append(runs, stats)
	}
	return runs, nil
}

// runOnce drives one load run with a transport sized for the client count.
func (l *loadSuite) runOnce(ctx context.Context, srv *server, target *workload.Target, name string, clients int) (runStats, error) {
	target.API = workload.NewAPI(srv.baseURL, clients)
	defer target.API.Close()

	newOp, err := target.NewOp(name)
	if err != nil {
		return runStats{}, err
	}
	result, err := loadgen.Run(ctx, loadgen.Config{Clients: clients, Duration: l.cfg.duration, Warmup: l.cfg.warmup}, newOp)
	if err != nil {
		return runStats{}, fmt.Errorf("%s, workload %s, %d clients: %w", srv.name, name, clients, err)
	}
	if err := srv.alive(); err != nil {
		return runStats{}, fmt.Errorf("workload %s, %d clients: %w", name, clients, err)
	}
	return newRunStats(result), nil
}

// pairRound builds a round's entry with the sandbox-to-reference ratios.
func pairRound(round int, reference, sandbox runStats) roundResult {
	return roundResult{
		Round:     round,
		Reference: reference,
		Sandbox:   sandbox,
		OpsRatio:  ratio(sandbox.OpsPerSecond, reference.OpsPerSecond),
		P99Ratio:  ratio(sandbox.P99Micros, reference.P99Micros),
	}
}

// summarizeCell fills the cell's medians and error totals.
func summarizeCell(c *cellResult) {
	pick := func(f func(r roundResult) float64) float64 {
		values := make([]float64, len(c.Rounds))
		for i, r := range c.Rounds {
			values[i] = f(r)
		}
		return median(values)
	}

	c.ReferenceOpsPerSecond = pick(func(r roundResult) float64 { return r.Reference.OpsPerSecond })
	c.SandboxOpsPerSecond = pick(func(r roundResult) float64 { return r.Sandbox.OpsPerSecond })
	c.OpsRatio = pick(func(r roundResult) float64 { return r.OpsRatio })
	c.ReferenceP50Micros = pick(func(r roundResult) float64 { return r.Reference.P50Micros })
	c.SandboxP50Micros = pick(func(r roundResult) float64 { return r.Sandbox.P50Micros })
	c.ReferenceP99Micros = pick(func(r roundResult) float64 { return r.Reference.P99Micros })
	c.SandboxP99Micros = pick(func(r roundResult) float64 { return r.Sandbox.P99Micros })
	c.P99Ratio = pick(func(r roundResult) float64 { return r.P99Ratio })
	for _, r := range c.Rounds {
		c.ReferenceErrors += r.Reference.Errors
		c.SandboxErrors += r.Sandbox.Errors
	}
}

// ratio returns a/b, or 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// median returns the middle value, the mean of the two middle values for an
// even count, or 0 for none.
func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[mid]
	}
	return (sorted[mid-1] + sorted[mid]) / 2
}
