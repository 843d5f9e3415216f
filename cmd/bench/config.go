package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/workload"
)

// config is the parsed command line.
type config struct {
	sandboxPath  string
	sandboxArgs  []string
	contractPath string
	jsonPath     string
	quick        bool
	strict       bool

	duration     time.Duration
	warmup       time.Duration
	rounds       int
	clients      []int
	workloads    []string
	poolSize     int
	startupRuns  int
	memoryCounts []int
	memoryFill   string
	memoryMaxRSS int64
	loadWorkers  int
	timeout      time.Duration
}

// quickDefaults are the values --quick uses for every flag the command line
// does not set, sized so the whole run takes well under thirty seconds.
var quickDefaults = map[string]string{
	"duration":     "250ms",
	"warmup":       "50ms",
	"rounds":       "1",
	"startup-runs": "3",
	"memory":       "20000",
	"pool":         "200",
}

// parseConfig reads the flags. Usage and flag errors go to output.
func parseConfig(args []string, output io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.Usage = func() { printUsage(fs, output) }

	var sandboxArgs, clients, workloads, memory string
	fs.StringVar(&c.sandboxPath, "sandbox", "", "path of the sandbox binary to measure (required)")
	fs.StringVar(&sandboxArgs, "sandbox-args", "", "extra space-separated flags for the sandbox; the benchmark adds --addr")
	fs.StringVar(&c.contractPath, "contract", "", "path of the contract runner binary; empty or missing skips the contract suite timing")
	fs.StringVar(&c.jsonPath, "json", "", "file to write the machine-readable results to (JSON); empty writes none")
	fs.BoolVar(&c.quick, "quick", false, "short run: defaults of "+quickSummary()+" for the flags not given")
	fs.DurationVar(&c.duration, "duration", 400*time.Millisecond, "measured time of each load run")
	fs.DurationVar(&c.warmup, "warmup", 100*time.Millisecond, "unrecorded time before each load run")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds; each runs every workload on a fresh reference server, then on a fresh sandbox")
	fs.StringVar(&clients, "clients", "1,8,32", "comma-separated concurrent client counts")
	fs.StringVar(&workloads, "workloads", strings.Join(workload.Names, ","), "comma-separated workloads")
	fs.IntVar(&c.poolSize, "pool", 1000, "customers created before each run of get, patch and mix")
	fs.IntVar(&c.startupRuns, "startup-runs", 5, "starts of each server for the start-up time median; 0 skips")
	fs.StringVar(&memory, "memory", "100000,1000000", "comma-separated customer counts at which to read the sandbox's resident memory; empty skips")
	fs.StringVar(&c.memoryFill, "memory-fill", fillImport, "how to store the customers for the memory figures: import (PUT /_sandbox/state, 10,000 customers per tenant) or create (POST /v1/customers)")
	fs.Int64Var(&c.memoryMaxRSS, "memory-max-rss", 8<<30, "resident memory in bytes at which filling the sandbox stops with an error")
	fs.IntVar(&c.loadWorkers, "load-workers", 4, "parallel requests when filling the sandbox for the memory figures")
	fs.BoolVar(&c.strict, "strict", false, "exit with status 3 when a target is missed")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, "whole benchmark time limit; servers are stopped when it passes")

	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if err := applyQuickDefaults(fs, c.quick); err != nil {
		return c, err
	}
	return finishConfig(c, sandboxArgs, clients, workloads, memory)
}

// applyQuickDefaults sets the quick values of the flags the command line left
// unset.
func applyQuickDefaults(fs *flag.FlagSet, quick bool) error {
	if !quick {
		return nil
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	for name, value := range quickDefaults {
		if explicit[name] {
			continue
		}
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("set quick default --%s=%s: %w", name, value, err)
		}
	}
	return nil
}

// finishConfig parses the list flags and checks the values.
func finishConfig(c config, sandboxArgs, clients, workloads, memory string) (config, error) {
	var err error
	c.sandboxArgs = strings.Fields(sandboxArgs)
	if c.clients, err = parseCounts("clients", clients, 1); err != nil {
		return c, err
	}
	if c.memoryCounts, err = parseCounts("memory", memory, 1); err != nil {
		return c, err
	}
	if c.workloads, err = parseWorkloads(workloads); err != nil {
		return c, err
	}

	switch {
	case c.sandboxPath == "":
		return c, errors.New("missing --sandbox: give the path of a built sandbox binary, e.g. go build -o bin/sandbox ./cmd/sandbox")
	case c.rounds < 1:
		return c, fmt.Errorf("invalid --rounds %d: use 1 or more", c.rounds)
	case c.duration <= 0 || c.warmup < 0:
		return c, fmt.Errorf("invalid --duration %v or --warmup %v: use a positive duration and a non-negative warm-up", c.duration, c.warmup)
	case c.memoryFill != fillImport && c.memoryFill != fillCreate:
		return c, fmt.Errorf("invalid --memory-fill %q: use %s or %s", c.memoryFill, fillImport, fillCreate)
	case c.poolSize < 1:
		return c, fmt.Errorf("invalid --pool %d: use 1 or more", c.poolSize)
	case c.startupRuns < 0 || c.loadWorkers < 1:
		return c, fmt.Errorf("invalid --startup-runs %d or --load-workers %d: use 0 or more runs and 1 or more workers", c.startupRuns, c.loadWorkers)
	}
	return c, nil
}

// parseCounts parses a comma-separated list of integers of at least minimum;
// an empty list is valid.
func parseCounts(name, list string, minimum int) ([]int, error) {
	var counts []int
	for _, field := range strings.Split(list, ",") {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		n, err := strconv.Atoi(field)
		if err != nil || n < minimum {
			return nil, fmt.Errorf("invalid --%s value %q: use comma-separated integers of at least %d", name, field, minimum)
		}
		counts = append(counts, n)
	}
	return counts, nil
}

// parseWorkloads parses a comma-separated list of workload names.
func parseWorkloads(list string) ([]string, error) {
	var names []string
	for _, field := range strings.Split(list, ",") {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		if _, ok := workload.Descriptions[field]; !ok {
			return nil, fmt.Errorf("unknown workload %q in --workloads: use some of %s", field, strings.Join(workload.Names, ","))
		}
		names = append(names, field)
	}
	if len(names) == 0 {
		return nil, errors.New("empty --workloads: name at least one of " + strings.Join(workload.Names, ","))
	}
	return names, nil
}

func quickSummary() string {
	var parts []string
	for _, name := range []string{"duration", "warmup", "rounds", "pool", "startup-runs", "memory"} {
		parts = append(parts, "--"+name+"="+quickDefaults[name])
	}
	return strings.Join(parts, " ")
}

func printUsage(fs *flag.FlagSet, output io.Writer) {
	fmt.Fprintln(output, "Usage: bench --sandbox PATH [flags]")
	fmt.Fprintln(output, "       bench reference --addr 127.0.0.1:PORT")
	fmt.Fprintln(output)
	fmt.Fprintln(output, "Measures the sandbox server against a minimal reference server with the same")
	fmt.Fprintln(output, "routes: throughput and latency per workload, start-up time, resident memory")
	fmt.Fprintln(output, "per stored customer and the contract suite's wall time.")
	fmt.Fprintln(output)
	fs.PrintDefaults()
}
