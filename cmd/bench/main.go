// Command bench measures the sandbox server against a minimal reference
// server with the same routes: closed-loop throughput and latency per
// workload, start-up time, resident memory per stored customer and the
// contract suite's wall time. It prints a table and can write JSON.
//
// "bench reference --addr 127.0.0.1:PORT" runs the reference server; the
// benchmark starts itself that way, so both servers are separate processes.
package main

import (
	"bufio"
	"context"
	"debug/buildinfo"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // a measurement could not be taken
	exitUsage  = 2
	exitMissed = 3 // with --strict, a target was missed
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "reference" {
		os.Exit(runReference(os.Args[2:]))
	}
	os.Exit(runBench(os.Args[1:], os.Stdout, os.Stderr))
}

// runBench parses the flags, runs every measurement and prints the report.
func runBench(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return exitUsage
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "bench: find own executable to start the reference server:", err)
		return exitFailed
	}

	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	procs := newProcesses()
	defer procs.stopAll()

	r := measureAll(ctx, cfg, procs, self, stderr)
	procs.stopAll()

	printReport(stdout, r)
	if cfg.jsonPath != "" {
		if err := writeJSON(cfg.jsonPath, r); err != nil {
			r.Errors = append(r.Errors, err.Error())
			fmt.Fprintln(stderr, "bench:", err)
		}
	}
	return exitCode(cfg, r)
}

// measureAll runs the load suite, the start-up, memory and contract timings,
// and checks the targets. A failed part is recorded and the others still run.
func measureAll(ctx context.Context, cfg config, procs *processes, self string, progress io.Writer) *report {
	reference := serverSpec{name: "reference", argv: []string{self, "reference"}}
	sandbox := serverSpec{name: "sandbox", argv: append([]string{cfg.sandboxPath}, cfg.sandboxArgs...)}
	r := &report{Started: time.Now().UTC(), Machine: describeMachine(cfg), Settings: describeSettings(cfg)}

	suite := &loadSuite{cfg: cfg, procs: procs, reference: reference, sandbox: sandbox, progress: progress}
	cells, err := suite.run(ctx)
	r.Cells = cells
	r.recordError(err)

	if cfg.startupRuns > 0 {
		r.Startup, err = measureStartup(ctx, procs, []serverSpec{reference, sandbox}, cfg.startupRuns, progress)
		r.recordError(err)
	}
	if len(cfg.memoryCounts) > 0 {
		r.Memory, err = measureMemory(ctx, procs, sandbox, cfg.memoryCounts, cfg.memoryFill, cfg.loadWorkers, cfg.memoryMaxRSS, progress)
		r.recordError(err)
	}
	r.Contract = measureContract(ctx, cfg.contractPath, progress)

	r.Targets = checkTargets(r)
	r.Machine.LoadAverageEnd = loadAverage()
	r.WallSeconds = time.Since(r.Started).Seconds()
	return r
}

func (r *report) recordError(err error) {
	if err != nil {
		r.Errors = append(r.Errors, err.Error())
	}
}

func exitCode(cfg config, r *report) int {
	if len(r.Errors) > 0 {
		return exitFailed
	}
	for _, t := range r.Targets {
		if cfg.strict && t.Status == statusMissed {
			return exitMissed
		}
	}
	return exitOK
}

func describeSettings(cfg config) settings {
	return settings{
		Quick:       cfg.quick,
		DurationSec: cfg.duration.Seconds(),
		WarmupSec:   cfg.warmup.Seconds(),
		Rounds:      cfg.rounds,
		Clients:     cfg.clients,
		Workloads:   cfg.workloads,
		PoolSize:    cfg.poolSize,
		SandboxArgs: cfg.sandboxArgs,
	}
}

func describeMachine(cfg config) machineInfo {
	m := machineInfo{
		CPUs:             runtime.NumCPU(),
		GoVersion:        runtime.Version(),
		OS:               runtime.GOOS,
		Arch:             runtime.GOARCH,
		CPUModel:         cpuModel(),
		LoadAverageStart: loadAverage(),
		SandboxCommand:   strings.Join(append([]string{cfg.sandboxPath}, cfg.sandboxArgs...), " ") + " --addr 127.0.0.1:PORT",
	}
	if info, err := buildinfo.ReadFile(cfg.sandboxPath); err == nil {
		m.SandboxGo = info.GoVersion
	}
	return m
}

// loadAverage returns the one-minute load average from /proc/loadavg, or 0
// where it cannot be read.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return 0
	}
	value, _ := strconv.ParseFloat(fields[0], 64)
	return value
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "" elsewhere.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()

	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		key, value, ok := strings.Cut(scanner.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
