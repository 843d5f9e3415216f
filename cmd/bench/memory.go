package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/workload"
)

// Fill methods for the memory figures.
const (
	fillCreate = "create" // POST /v1/customers, one request per customer
	fillImport = "import" // PUT /_sandbox/state, importChunk customers per tenant
)

// importChunk is the number of customers per imported tenant: about 7.5 MiB
// of JSON, under the sandbox's default 16 MiB --max-state-bytes.
const importChunk = 10_000

// measureMemory fills one sandbox with customers and reads its resident
// memory (VmRSS) at each count. Both fill methods store what real use
// stores: the customer, its send record and its confirmation SMS.
func measureMemory(ctx context.Context, procs *processes, spec serverSpec, counts []int, method string, workers int, maxRSS int64, progress io.Writer) ([]memoryResult, error) {
	srv, err := procs.start(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("memory: %w", err)
	}
	defer procs.stop(srv)

	baseline, err := residentBytes(srv.pid)
	if err != nil {
		return nil, err
	}
	f := newFiller(srv.baseURL, method, workers)
	defer f.api.Close()

	var results []memoryResult
	stored := 0
	for _, count := range sortedUnique(counts) {
		begin := time.Now()
		rss, err := f.fillTo(ctx, srv.pid, stored, count, maxRSS)
		if err != nil {
			return results, fmt.Errorf("memory: fill the sandbox to %d customers by %s: %w", count, method, err)
		}
		stored = count
		result := memoryResult{
			Customers:        count,
			Method:           method,
			RSSBytes:         rss,
			BaselineBytes:    baseline,
			BytesPerCustomer: float64(rss-baseline) / float64(count),
			LoadSeconds:      time.Since(begin).Seconds(),
		}
		results = append(results, result)
		fmt.Fprintf(progress, "memory    %d customers by %s  RSS %.1f MiB  %.0f bytes per customer  (filled in %.1f s)\n",
			count, method, float64(rss)/(1<<20), result.BytesPerCustomer, result.LoadSeconds)
	}
	return results, nil
}

// filler adds customers to one sandbox.
type filler struct {
	api     *workload.API
	method  string
	workers int
	target  *workload.Target
	states  *workload.StateBuilder
	tenants int
}

func newFiller(baseURL, method string, workers int) *filler {
	api := workload.NewAPI(baseURL, workers)
	phones := &workload.Phones{}
	return &filler{
		api:     api,
		method:  method,
		workers: workers,
		target:  &workload.Target{API: api, Phones: phones},
		states:  &workload.StateBuilder{Phones: phones},
	}
}

// fillStep is the number of customers added between two checks of the
// resident memory against the limit.
const fillStep = 100_000

// fillTo adds customers from stored up to count, a step at a time, and
// returns the resident memory at the end. It stops with an error when the
// resident memory passes maxRSS, so a sandbox that needs far more memory than
// expected cannot exhaust the machine.
func (f *filler) fillTo(ctx context.Context, pid, stored, count int, maxRSS int64) (int64, error) {
	for {
		step := min(fillStep, count-stored)
		if err := f.fill(ctx, step); err != nil {
			return 0, err
		}
		stored += step

		rss, err := residentBytes(pid)
		if err != nil {
			return 0, err
		}
		if stored >= count {
			return rss, nil
		}
		if rss > maxRSS {
			return 0, fmt.Errorf("stopped at %d customers: resident memory %d MiB is over --memory-max-rss %d MiB", stored, rss>>20, maxRSS>>20)
		}
	}
}

// fill adds n customers.
func (f *filler) fill(ctx context.Context, n int) error {
	if f.method == fillCreate {
		return f.target.CreateMany(ctx, n, f.workers)
	}
	return f.importTenants(ctx, n)
}

// importTenants adds n customers as new tenants of importChunk customers
// each, importing up to f.workers tenants at a time.
func (f *filler) importTenants(ctx context.Context, n int) error {
	var chunks []int
	for left := n; left > 0; left -= importChunk {
		chunks = append(chunks, min(left, importChunk))
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make(chan struct{}, f.workers)
	errs := make(chan error, len(chunks))
	var wg sync.WaitGroup
	for _, size := range chunks {
		f.tenants++
		key := fmt.Sprintf("bench-memory-%d", f.tenants)
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := f.api.ImportState(ctx, key, f.states.Build(size, time.Now())); err != nil {
				errs <- err
				cancel()
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// residentBytes reads VmRSS of a process from /proc/PID/status.
func residentBytes(pid int) (int64, error) {
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read resident memory of process %d: %w (this needs Linux /proc)", pid, err)
	}
	defer f.Close()
	return parseVmRSS(f, path)
}

// parseVmRSS finds the "VmRSS:  1234 kB" line of a /proc status file.
func parseVmRSS(r io.Reader, name string) (int64, error) {
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) != 3 || fields[0] != "VmRSS:" || fields[2] != "kB" {
			continue
		}
		kib, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid VmRSS line %q in %s: %w", scanner.Text(), name, err)
		}
		return kib * 1024, nil
	}
	if err := scanner.Err(); err != nil {
		return 0, fmt.Errorf("read %s: %w", name, err)
	}
	return 0, fmt.Errorf("no VmRSS line in %s", name)
}

// sortedUnique returns the counts in increasing order without repeats.
func sortedUnique(counts []int) []int {
	sorted := slices.Clone(counts)
	slices.Sort(sorted)
	return slices.Compact(sorted)
}
