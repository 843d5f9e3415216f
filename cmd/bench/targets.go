package main

import (
	"fmt"
	"slices"
	"strings"
)

// Target thresholds. Throughput and latency are relative to the reference
// server on the same machine, so they hold on any machine. The start-up and
// memory limits are absolute.
const (
	minGetRatio         = 0.7
	minCreateRatio      = 0.5
	maxP99Ratio         = 2.0
	p99Clients          = 32
	maxStartupMillis    = 100.0
	maxBytesPerCustomer = 2048.0
	memoryTargetCount   = 1_000_000
)

const (
	statusMet         = "met"
	statusMissed      = "missed"
	statusNotMeasured = "not measured"
)

// checkTargets compares the results with the thresholds.
func checkTargets(r *report) []targetResult {
	return []targetResult{
		throughputTarget(r.Cells, "get", minGetRatio),
		throughputTarget(r.Cells, "create", minCreateRatio),
		latencyTarget(r.Cells),
		startupTarget(r.Startup),
		memoryTarget(r.Memory),
		errorTarget(r.Cells),
	}
}

// throughputTarget needs the median ops ratio of the workload at or above
// minimum at every client count.
func throughputTarget(cells []cellResult, name string, minimum float64) targetResult {
	t := targetResult{Name: fmt.Sprintf("%s ops/s >= %.1fx reference at every client count", name, minimum)}
	var parts []string
	t.Status = statusMet
	for _, c := range cells {
		if c.Workload != name {
			continue
		}
		parts = append(parts, fmt.Sprintf("%.2f at %d", c.OpsRatio, c.Clients))
		if c.OpsRatio < minimum {
			t.Status = statusMissed
		}
	}
	if len(parts) == 0 {
		return targetResult{Name: t.Name, Status: statusNotMeasured, Detail: "workload " + name + " was not run"}
	}
	t.Detail = "ratio " + strings.Join(parts, ", ") + " clients"
	return t
}

// latencyTarget needs every workload's median p99 at p99Clients within
// maxP99Ratio of the reference's.
func latencyTarget(cells []cellResult) targetResult {
	t := targetResult{Name: fmt.Sprintf("p99 <= %.0fx reference at %d clients, every workload", maxP99Ratio, p99Clients), Status: statusMet}
	var parts []string
	for _, c := range cells {
		if c.Clients != p99Clients {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.2f", c.Workload, c.P99Ratio))
		if c.P99Ratio > maxP99Ratio {
			t.Status = statusMissed
		}
	}
	if len(parts) == 0 {
		return targetResult{Name: t.Name, Status: statusNotMeasured, Detail: fmt.Sprintf("no run at %d clients", p99Clients)}
	}
	t.Detail = "p99 ratio " + strings.Join(parts, ", ")
	return t
}

// startupTarget needs the sandbox's median start-up time under the limit.
func startupTarget(startup []startupResult) targetResult {
	t := targetResult{Name: fmt.Sprintf("sandbox start-up < %.0f ms (median)", maxStartupMillis)}
	i := slices.IndexFunc(startup, func(s startupResult) bool { return s.Server == "sandbox" && len(s.Millis) > 0 })
	if i < 0 {
		t.Status, t.Detail = statusNotMeasured, "start-up was not measured"
		return t
	}
	t.Status = pass(startup[i].MedianMillis < maxStartupMillis)
	t.Detail = fmt.Sprintf("median %.1f ms over %d starts", startup[i].MedianMillis, len(startup[i].Millis))
	return t
}

// memoryTarget needs the resident memory per customer at memoryTargetCount
// under the limit.
func memoryTarget(memory []memoryResult) targetResult {
	t := targetResult{Name: fmt.Sprintf("resident memory < %.0f bytes per customer at %d customers", maxBytesPerCustomer, memoryTargetCount)}
	i := slices.IndexFunc(memory, func(m memoryResult) bool { return m.Customers == memoryTargetCount })
	if i < 0 {
		t.Status, t.Detail = statusNotMeasured, fmt.Sprintf("not filled to %d customers", memoryTargetCount)
		if len(memory) > 0 {
			last := memory[len(memory)-1]
			t.Detail += fmt.Sprintf("; %.0f bytes per customer at %d", last.BytesPerCustomer, last.Customers)
		}
		return t
	}
	t.Status = pass(memory[i].BytesPerCustomer < maxBytesPerCustomer)
	t.Detail = fmt.Sprintf("%.0f bytes per customer", memory[i].BytesPerCustomer)
	return t
}

// errorTarget needs every sandbox request in the load runs to return 2xx.
func errorTarget(cells []cellResult) targetResult {
	t := targetResult{Name: "no sandbox errors (non-2xx or transport) in the load runs"}
	var total uint64
	var parts []string
	for _, c := range cells {
		total += c.SandboxErrors
		if c.SandboxErrors > 0 {
			parts = append(parts, fmt.Sprintf("%s at %d clients: %d", c.Workload, c.Clients, c.SandboxErrors))
		}
	}
	if len(cells) == 0 {
		t.Status, t.Detail = statusNotMeasured, "no load runs"
		return t
	}
	t.Status = pass(total == 0)
	t.Detail = fmt.Sprintf("%d errors", total)
	if len(parts) > 0 {
		t.Detail += " (" + strings.Join(parts, "; ") + ")"
	}
	return t
}

func pass(ok bool) string {
	if ok {
		return statusMet
	}
	return statusMissed
}
