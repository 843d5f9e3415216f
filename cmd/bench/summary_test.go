package main

import (
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   float64
	}{
		{"none", nil, 0},
		{"one", []float64{3}, 3},
		{"odd count unsorted", []float64{5, 1, 3}, 3},
		{"even count", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := median(tc.values); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSummarizeCellUsesPerRoundRatios(t *testing.T) {
	c := cellResult{Workload: "get", Clients: 1}
	c.Rounds = []roundResult{
		pairRound(1, runStats{OpsPerSecond: 100, P99Micros: 10}, runStats{OpsPerSecond: 80, P99Micros: 30}),
		pairRound(2, runStats{OpsPerSecond: 200, P99Micros: 10}, runStats{OpsPerSecond: 100, P99Micros: 10, Errors: 2}),
		pairRound(3, runStats{OpsPerSecond: 100, P99Micros: 20}, runStats{OpsPerSecond: 90, P99Micros: 20}),
	}
	summarizeCell(&c)

	checks := []struct {
		name      string
		got, want float64
	}{
		{"reference ops/s", c.ReferenceOpsPerSecond, 100},
		{"sandbox ops/s", c.SandboxOpsPerSecond, 90},
		{"ops ratio (median of 0.8, 0.5, 0.9)", c.OpsRatio, 0.8},
		{"p99 ratio (median of 3, 1, 1)", c.P99Ratio, 1},
	}
	for _, check := range checks {
		if check.got != check.want {
			t.Errorf("%s: got %v, want %v", check.name, check.got, check.want)
		}
	}
	if c.SandboxErrors != 2 {
		t.Errorf("sandbox errors: got %d, want 2", c.SandboxErrors)
	}
}

func TestCheckTargets(t *testing.T) {
	r := &report{
		Cells: []cellResult{
			{Workload: "get", Clients: 1, OpsRatio: 0.9, P99Ratio: 1},
			{Workload: "get", Clients: 32, OpsRatio: 0.6, P99Ratio: 1.5},
			{Workload: "create", Clients: 32, OpsRatio: 0.5, P99Ratio: 2.5, SandboxErrors: 1},
		},
		Startup: []startupResult{{Server: "sandbox", Millis: []float64{20}, MedianMillis: 20}},
		Memory:  []memoryResult{{Customers: 100_000, BytesPerCustomer: 900}},
	}
	want := map[string]string{
		"get ops/s":      statusMissed,
		"create ops/s":   statusMet,
		"p99":            statusMissed,
		"sandbox start":  statusMet,
		"resident":       statusNotMeasured,
		"no sandbox err": statusMissed,
	}

	targets := checkTargets(r)
	for prefix, status := range want {
		found := false
		for _, target := range targets {
			if strings.HasPrefix(target.Name, prefix) {
				found = true
				if target.Status != status {
					t.Errorf("target %q: got %s (%s), want %s", target.Name, target.Status, target.Detail, status)
				}
			}
		}
		if !found {
			t.Errorf("no target starting with %q", prefix)
		}
	}
}

func TestParseVmRSS(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    int64
		wantErr bool
	}{
		{"present", "Name:\tsandbox\nVmPeak:\t  9000 kB\nVmRSS:\t  1234 kB\n", 1234 * 1024, false},
		{"missing", "Name:\tsandbox\n", 0, true},
		{"not a number", "VmRSS:\t  lots kB\n", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseVmRSS(strings.NewReader(tc.status), "status")
			if (err != nil) != tc.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}
