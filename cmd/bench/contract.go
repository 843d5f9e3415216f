package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// contractTimeout bounds one run of the contract suite.
const contractTimeout = 2 * time.Minute

// measureContract runs the contract runner once with no arguments, so it
// starts its own in-process sandbox, and returns its wall time. A missing
// binary is skipped with the reason.
func measureContract(ctx context.Context, path string, progress io.Writer) contractResult {
	if path == "" {
		return skipContract(progress, "no --contract path given")
	}
	if _, err := os.Stat(path); err != nil {
		return skipContract(progress, fmt.Sprintf("contract runner %s not found (%v): build it with go build -o %s ./cmd/contract", path, err, path))
	}

	output, err := os.CreateTemp("", "bench-contract-*.log")
	if err != nil {
		return skipContract(progress, "create a file for the contract runner output: "+err.Error())
	}
	defer os.Remove(output.Name())
	defer output.Close()

	ctx, cancel := context.WithTimeout(ctx, contractTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path)
	cmd.Stdout, cmd.Stderr = output, output
	setParentDeathSignal(cmd)

	begin := time.Now()
	err = cmd.Run()
	result := contractResult{WallSecond: time.Since(begin).Seconds(), LastLine: summaryLine(tailOfFile(output.Name(), 4000))}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		result.ExitCode = -1
		result.LastLine = fmt.Sprintf("timed out after %v", contractTimeout)
	case errors.As(err, &exitErr):
		result.ExitCode = exitErr.ExitCode()
	case err != nil:
		return skipContract(progress, fmt.Sprintf("run %s: %v", path, err))
	}

	fmt.Fprintf(progress, "contract  %.2f s wall time, exit code %d: %s\n", result.WallSecond, result.ExitCode, result.LastLine)
	return result
}

func skipContract(progress io.Writer, reason string) contractResult {
	fmt.Fprintf(progress, "contract  skipped: %s\n", reason)
	return contractResult{Skipped: reason}
}

// summaryLine returns the last line of text that counts scenarios, such as
// "233 scenarios (233 passed)", or else the last non-empty line.
func summaryLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], " scenarios (") {
			return strings.TrimSpace(lines[i])
		}
	}
	return strings.TrimSpace(lines[len(lines)-1])
}
