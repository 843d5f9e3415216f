package main

import (
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/loadgen"
)

// runStats is one load run on one server, in JSON-friendly units.
type runStats struct {
	Ops          uint64            `json:"ops"`
	Errors       uint64            `json:"errors"`
	ErrorKinds   map[string]uint64 `json:"error_kinds,omitempty"`
	FirstError   string            `json:"first_error,omitempty"`
	ElapsedSec   float64           `json:"elapsed_s"`
	OpsPerSecond float64           `json:"ops_per_s"`
	P50Micros    float64           `json:"p50_us"`
	P99Micros    float64           `json:"p99_us"`
	MeanMicros   float64           `json:"mean_us"`
	MaxMicros    float64           `json:"max_us"`
}

// roundResult pairs the two servers' runs of one round.
type roundResult struct {
	Round     int      `json:"round"`
	Reference runStats `json:"reference"`
	Sandbox   runStats `json:"sandbox"`
	OpsRatio  float64  `json:"ops_ratio"` // sandbox ops/s divided by reference ops/s
	P99Ratio  float64  `json:"p99_ratio"` // sandbox p99 divided by reference p99
}

// cellResult is one workload at one client count, over all rounds, with the
// medians the report prints.
type cellResult struct {
	Workload string        `json:"workload"`
	Clients  int           `json:"clients"`
	Rounds   []roundResult `json:"rounds"`

	ReferenceOpsPerSecond float64 `json:"median_reference_ops_per_s"`
	SandboxOpsPerSecond   float64 `json:"median_sandbox_ops_per_s"`
	OpsRatio              float64 `json:"median_ops_ratio"`
	ReferenceP50Micros    float64 `json:"median_reference_p50_us"`
	SandboxP50Micros      float64 `json:"median_sandbox_p50_us"`
	ReferenceP99Micros    float64 `json:"median_reference_p99_us"`
	SandboxP99Micros      float64 `json:"median_sandbox_p99_us"`
	P99Ratio              float64 `json:"median_p99_ratio"`
	ReferenceErrors       uint64  `json:"reference_errors"`
	SandboxErrors         uint64  `json:"sandbox_errors"`
}

// startupResult is the start-up time of one server kind.
type startupResult struct {
	Server       string    `json:"server"`
	Millis       []float64 `json:"ms"`
	MedianMillis float64   `json:"median_ms"`
}

// memoryResult is the sandbox's resident memory with n customers stored.
type memoryResult struct {
	Customers        int     `json:"customers"`
	Method           string  `json:"fill_method"` // "create" or "import"
	RSSBytes         int64   `json:"rss_bytes"`
	BaselineBytes    int64   `json:"baseline_rss_bytes"`
	BytesPerCustomer float64 `json:"bytes_per_customer"`
	LoadSeconds      float64 `json:"load_s"`
}

// contractResult is the contract suite's wall time, or why it was skipped.
type contractResult struct {
	Skipped    string  `json:"skipped,omitempty"`
	WallSecond float64 `json:"wall_s,omitempty"`
	ExitCode   int     `json:"exit_code"`
	LastLine   string  `json:"last_line,omitempty"`
}

// targetResult is one checked target.
type targetResult struct {
	Name   string `json:"name"`
	Status string `json:"status"` // "met", "missed" or "not measured"
	Detail string `json:"detail"`
}

// machineInfo describes where the benchmark ran.
type machineInfo struct {
	CPUs           int    `json:"cpus"`
	GoVersion      string `json:"go_version"`
	SandboxGo      string `json:"sandbox_go_version,omitempty"`
	OS             string `json:"os"`
	Arch           string `json:"arch"`
	CPUModel       string `json:"cpu_model,omitempty"`
	SandboxCommand string `json:"sandbox_command"`

	// The one-minute load averages of /proc/loadavg before the first run
	// and at the end. The start value shows other processes competing for
	// the CPUs. The end value includes the benchmark's own processes.
	LoadAverageStart float64 `json:"load_average_start"`
	LoadAverageEnd   float64 `json:"load_average_end"`
}

// report is the whole benchmark result, written as JSON with --json.
type report struct {
	Started     time.Time       `json:"started"`
	WallSeconds float64         `json:"wall_s"`
	Machine     machineInfo     `json:"machine"`
	Settings    settings        `json:"settings"`
	Cells       []cellResult    `json:"cells"`
	Startup     []startupResult `json:"startup"`
	Memory      []memoryResult  `json:"memory"`
	Contract    contractResult  `json:"contract"`
	Targets     []targetResult  `json:"targets"`
	Errors      []string        `json:"errors,omitempty"`
}

// settings echoes the configuration that shaped the figures.
type settings struct {
	Quick       bool     `json:"quick"`
	DurationSec float64  `json:"duration_s"`
	WarmupSec   float64  `json:"warmup_s"`
	Rounds      int      `json:"rounds"`
	Clients     []int    `json:"clients"`
	Workloads   []string `json:"workloads"`
	PoolSize    int      `json:"pool"`
	SandboxArgs []string `json:"sandbox_args"`
}

// newRunStats converts a load result.
func newRunStats(r loadgen.Result) runStats {
	return runStats{
		Ops:          r.Ops,
		Errors:       r.Errors,
		ErrorKinds:   r.ErrorKinds,
		FirstError:   r.FirstError,
		ElapsedSec:   r.Elapsed.Seconds(),
		OpsPerSecond: r.OpsPerSecond(),
		P50Micros:    micros(r.Latency.Percentile(50)),
		P99Micros:    micros(r.Latency.Percentile(99)),
		MeanMicros:   micros(r.Latency.Mean()),
		MaxMicros:    micros(r.Latency.Max()),
	}
}

func micros(d time.Duration) float64 {
	return float64(d) / float64(time.Microsecond)
}
