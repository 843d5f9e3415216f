package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
)

// printReport writes the human-readable tables.
func printReport(w io.Writer, r *report) {
	fmt.Fprintf(w, "\nMachine: %d CPUs, %s, %s/%s", r.Machine.CPUs, r.Machine.GoVersion, r.Machine.OS, r.Machine.Arch)
	if r.Machine.CPUModel != "" {
		fmt.Fprintf(w, ", %s", r.Machine.CPUModel)
	}
	fmt.Fprintf(w, "\nLoad average (1 min): %.2f before the first run, %.2f at the end (this one includes the benchmark's own processes)",
		r.Machine.LoadAverageStart, r.Machine.LoadAverageEnd)
	if r.Machine.LoadAverageStart > float64(r.Machine.CPUs)/4 {
		fmt.Fprintf(w, "\nWARNING: load average %.2f on %d CPUs before the first run: other processes compete for the CPUs, so the figures are noisier than on an idle machine",
			r.Machine.LoadAverageStart, r.Machine.CPUs)
	}
	fmt.Fprintf(w, "\nSandbox: %s\n", r.Machine.SandboxCommand)
	fmt.Fprintf(w, "Load: %d round(s) of %.2f s per run after %.2f s warm-up; medians over rounds; ratio = sandbox / reference\n\n",
		r.Settings.Rounds, r.Settings.DurationSec, r.Settings.WarmupSec)

	printCells(w, r.Cells)
	printStartup(w, r.Startup)
	printMemory(w, r.Memory)
	printContract(w, r.Contract)
	printTargets(w, r.Targets)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "ERROR: %s\n", e)
	}
	fmt.Fprintf(w, "\nWall time: %.1f s\n", r.WallSeconds)
}

func printCells(w io.Writer, cells []cellResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tclients\tref ops/s\tsandbox ops/s\tratio\tref p50 us\tsandbox p50 us\tref p99 us\tsandbox p99 us\tp99 ratio\terrors ref/sandbox\tops ratio per round\t")
	for _, c := range cells {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.0f\t%.2f\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\t%d/%d\t%s\t\n",
			c.Workload, c.Clients, c.ReferenceOpsPerSecond, c.SandboxOpsPerSecond, c.OpsRatio,
			c.ReferenceP50Micros, c.SandboxP50Micros, c.ReferenceP99Micros, c.SandboxP99Micros, c.P99Ratio,
			c.ReferenceErrors, c.SandboxErrors, roundRatios(c.Rounds))
	}
	_ = tw.Flush()

	empty := 0
	for _, c := range cells {
		for _, r := range c.Rounds {
			if r.Reference.Ops == 0 || r.Sandbox.Ops == 0 {
				empty++
			}
		}
	}
	if empty > 0 {
		fmt.Fprintf(w, "WARNING: %d round(s) had a run with no successful operation, so their ratios are 0 or missing; rerun on a quieter machine or with a longer --duration\n", empty)
	}

	for _, c := range cells {
		for _, r := range c.Rounds {
			if r.Sandbox.FirstError != "" {
				fmt.Fprintf(w, "first sandbox error, %s at %d clients, round %d: %s\n", c.Workload, c.Clients, r.Round, firstLine(r.Sandbox.FirstError))
				break
			}
		}
	}
	fmt.Fprintln(w)
}

func roundRatios(rounds []roundResult) string {
	parts := make([]string, len(rounds))
	for i, r := range rounds {
		parts[i] = fmt.Sprintf("%.2f", r.OpsRatio)
	}
	return strings.Join(parts, " ")
}

func printStartup(w io.Writer, startup []startupResult) {
	for _, s := range startup {
		fmt.Fprintf(w, "Start-up to first 200 on /healthz, %-9s median %6.1f ms of %d\n", s.Server, s.MedianMillis, len(s.Millis))
	}
}

func printMemory(w io.Writer, memory []memoryResult) {
	for _, m := range memory {
		fmt.Fprintf(w, "Sandbox RSS with %8d customers: %7.1f MiB (baseline %.1f MiB), %5.0f bytes per customer, filled in %.1f s\n",
			m.Customers, float64(m.RSSBytes)/(1<<20), float64(m.BaselineBytes)/(1<<20), m.BytesPerCustomer, m.LoadSeconds)
	}
}

func printContract(w io.Writer, c contractResult) {
	if c.Skipped != "" {
		fmt.Fprintf(w, "Contract suite: skipped: %s\n\n", c.Skipped)
		return
	}
	fmt.Fprintf(w, "Contract suite: %.2f s wall time, exit code %d (%s)\n\n", c.WallSecond, c.ExitCode, c.LastLine)
}

func printTargets(w io.Writer, targets []targetResult) {
	fmt.Fprintln(w, "Targets:")
	for _, t := range targets {
		fmt.Fprintf(w, "  %-12s %s: %s\n", strings.ToUpper(t.Status), t.Name, t.Detail)
	}
}

// writeJSON writes the report to path.
func writeJSON(path string, r *report) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results to %s: %w", path, err)
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
