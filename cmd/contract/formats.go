package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// formats are the report formats the runner offers.
var formats = []string{"pretty", "progress", "junit", "cucumber"}

// reportPlan is the --format list split between godog and the runner's
// own JUnit writer.
type reportPlan struct {
	// godog is the format list godog writes, never empty.
	godog string

	// godogToStdout reports whether one of godog's formats writes to
	// stdout; otherwise godog's stdout output is discarded.
	godogToStdout bool

	// junit is the destination of the runner's JUnit report: "" for
	// none, "-" for stdout, else a file path.
	junit string
}

// planReports checks the --format list and splits it. At most one format
// may write to stdout, so a report is never mixed into another. When all
// of them write to files, progress goes to stdout so the log still shows
// the counts.
func planReports(list string) (reportPlan, error) {
	var plan reportPlan
	var godog []string
	toStdout := ""

	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		name, file, hasFile := strings.Cut(item, ":")
		if err := checkFormat(list, name, file, hasFile); err != nil {
			return plan, err
		}
		if !hasFile {
			if toStdout != "" {
				return plan, fmt.Errorf("--format %q: %s and %s both write to stdout; give all but one a file, like %s:report.xml",
					list, toStdout, name, name)
			}
			toStdout = name
		}

		switch {
		case name == "junit" && hasFile:
			plan.junit = file
		case name == "junit":
			plan.junit = "-"
		default:
			godog = append(godog, item)
		}
	}

	if toStdout == "" {
		godog = append(godog, "progress")
		toStdout = "progress"
	}
	plan.godogToStdout = toStdout != "junit"
	if len(godog) == 0 {
		godog = []string{"progress"}
	}
	plan.godog = strings.Join(godog, ",")
	return plan, nil
}

// checkFormat rejects a format godog does not offer, and a file whose
// directory does not exist, before the run starts.
func checkFormat(list, name, file string, hasFile bool) error {
	if !isFormat(name) {
		return fmt.Errorf("--format %q: unknown format %q, want one of %s, optionally followed by :FILE",
			list, name, strings.Join(formats, ", "))
	}
	if !hasFile {
		return nil
	}
	if file == "" {
		return fmt.Errorf("--format %q: %s: names no file; write %s:FILE", list, name, name)
	}
	dir := filepath.Dir(file)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("--format %q: the directory %s of %s does not exist; create it first", list, dir, file)
	}
	return nil
}

func isFormat(name string) bool {
	for _, f := range formats {
		if f == name {
			return true
		}
	}
	return false
}

// godogOutput returns where godog writes its stdout formats.
func (p reportPlan) godogOutput(stdout io.Writer) io.Writer {
	if !p.godogToStdout {
		return io.Discard
	}
	return newSnippetFilter(stdout)
}
