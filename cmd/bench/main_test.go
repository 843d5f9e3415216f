package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary serve as the reference server, so the
// end-to-end test can start real server processes without building anything.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "reference" {
		os.Exit(runReference(os.Args[2:]))
	}
	os.Exit(m.Run())
}

// TestBenchEndToEnd runs every part briefly with the reference server in the
// place of the sandbox, and checks the shape of the report, not the timings.
func TestBenchEndToEnd(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatalf("find test binary: %v", err)
	}
	// A race-enabled server process otherwise sleeps 1 s at exit.
	t.Setenv("GORACE", "atexit_sleep_ms=0")
	jsonPath := filepath.Join(t.TempDir(), "bench.json")
	args := []string{
		"--sandbox", self, "--sandbox-args", "reference",
		"--duration", "30ms", "--warmup", "5ms", "--rounds", "2", "--clients", "1,2",
		"--pool", "20", "--startup-runs", "2",
		"--memory", "300,500", "--memory-fill", "create",
		"--contract", filepath.Join(t.TempDir(), "missing-contract"),
		"--json", jsonPath, "--timeout", "60s",
	}

	var stdout, stderr bytes.Buffer
	if code := runBench(args, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit code: got %d, want %d; stderr:\n%s\nstdout:\n%s", code, exitOK, stderr.String(), stdout.String())
	}

	r := readReport(t, jsonPath)
	if got, want := len(r.Cells), 5*2; got != want {
		t.Errorf("cells: got %d, want %d", got, want)
	}
	for _, c := range r.Cells {
		if len(c.Rounds) != 2 {
			t.Errorf("%s at %d clients: got %d rounds, want 2", c.Workload, c.Clients, len(c.Rounds))
		}
		if c.ReferenceOpsPerSecond <= 0 || c.SandboxOpsPerSecond <= 0 {
			t.Errorf("%s at %d clients: ops/s %v and %v, want both positive", c.Workload, c.Clients, c.ReferenceOpsPerSecond, c.SandboxOpsPerSecond)
		}
		if c.ReferenceErrors+c.SandboxErrors != 0 {
			t.Errorf("%s at %d clients: got %d and %d errors, want none", c.Workload, c.Clients, c.ReferenceErrors, c.SandboxErrors)
		}
	}
	if len(r.Startup) != 2 || len(r.Startup[1].Millis) != 2 {
		t.Errorf("startup: got %+v, want 2 servers with 2 starts each", r.Startup)
	}
	if len(r.Memory) != 2 || r.Memory[1].Customers != 500 || r.Memory[1].RSSBytes <= 0 {
		t.Errorf("memory: got %+v, want readings at 300 and 500 customers", r.Memory)
	}
	if !strings.Contains(r.Contract.Skipped, "not found") {
		t.Errorf("contract: got %+v, want skipped as not found", r.Contract)
	}
	if len(r.Targets) != 6 {
		t.Errorf("targets: got %d, want 6", len(r.Targets))
	}
	if !strings.Contains(stdout.String(), "Targets:") {
		t.Errorf("stdout has no Targets section:\n%s", stdout.String())
	}
}

func readReport(t *testing.T, path string) report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read JSON report: %v", err)
	}
	var r report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("decode JSON report: %v", err)
	}
	return r
}

func TestRunBenchUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing sandbox", nil, "missing --sandbox"},
		{"bad clients", []string{"--sandbox", "x", "--clients", "1,zero"}, "invalid --clients"},
		{"unknown workload", []string{"--sandbox", "x", "--workloads", "get,delete"}, "unknown workload"},
		{"bad fill method", []string{"--sandbox", "x", "--memory-fill", "copy"}, "invalid --memory-fill"},
		{"zero rounds", []string{"--sandbox", "x", "--rounds", "0"}, "invalid --rounds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := runBench(tc.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit code: got %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr: got %q, want it to contain %q", stderr.String(), tc.want)
			}
		})
	}
}

func TestRunBenchMissingSandboxBinary(t *testing.T) {
	args := []string{"--sandbox", filepath.Join(t.TempDir(), "no-such-sandbox"), "--workloads", "get",
		"--clients", "1", "--duration", "10ms", "--startup-runs", "0", "--memory", ""}

	var stdout, stderr bytes.Buffer
	if code := runBench(args, &stdout, &stderr); code != exitFailed {
		t.Errorf("exit code: got %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stdout.String(), "ERROR: start sandbox") {
		t.Errorf("stdout: got %q, want an ERROR line naming the sandbox start", stdout.String())
	}
}
