package main

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// runCommand runs the command in-process and returns its status and output.
func runCommand(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := run(args, &stdout, &stderr)
	return status, stdout.String(), stderr.String()
}

// TestRunConcurrently runs the whole built-in suite against an in-process
// sandbox, four scenarios at a time.
func TestRunConcurrently(t *testing.T) {
	status, stdout, stderr := runCommand(t, "--format", "progress", "--concurrency", "4")
	if status != exitPassed {
		t.Fatalf("got exit status %d, want %d\nstderr:\n%s\nstdout:\n%s", status, exitPassed, stderr, stdout)
	}
	if !strings.Contains(stderr, "sandbox started in-process") {
		t.Errorf("stderr does not name the in-process target:\n%s", stderr)
	}
	if strings.Contains(stdout, "failed") {
		t.Errorf("the report mentions a failure:\n%s", stdout)
	}
}

func TestRunUsageErrors(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer broken.Close()
	noControls := startNoAdminSandbox(t)
	silent := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer silent.Close()

	cases := []struct {
		title    string
		args     []string
		wantText string
	}{
		{"unknown flag", []string{"--nope"}, "--help"},
		{"unknown format", []string{"--format", "html"}, "unknown format"},
		{"format without a file", []string{"--format", "junit:"}, "names no file"},
		{"tag expression with parentheses", []string{"--tags", "(@assumed)"}, "parentheses"},
		{"bad phone template", []string{"--phone-template", "555"}, "phone template"},
		{"unknown token source", []string{"--token-source", "pigeon"}, "token source"},
		{"zero concurrency", []string{"--concurrency", "0"}, "--concurrency"},
		{"base URL without scheme", []string{"--base-url", "localhost:8080"}, "--base-url"},
		{"nothing listening", []string{"--base-url", closedPort(t)}, "connection refused"},
		{"server error", []string{"--base-url", broken.URL}, "502"},
		{"missing features directory", []string{"--features", filepath.Join(t.TempDir(), "none")}, "--features"},
		{"nothing to run", []string{"--builtin=false"}, "--features"},
		{"stray argument", []string{"features/"}, "unexpected argument"},
		{"misspelt tag", []string{"--tags", "@asumed"}, `--tags "@asumed" selects no scenario; check the spelling, the tags are: @api-key-list, @api-key-required, @assumed,`},
		{"tag the probe leaves out", []string{"--base-url", noControls.URL, "--tags", "@sandbox"}, "but the target cannot run any of them"},
		{"two formats on stdout", []string{"--format", "pretty,junit"}, "both write to stdout"},
		{"report directory missing", []string{"--format", "junit:" + filepath.Join(t.TempDir(), "none", "a.xml")}, "does not exist"},
		{"base URL ending in /v1", []string{"--base-url", "http://127.0.0.1:1/v1/"}, `pass the API root "http://127.0.0.1:1"`},
		{"zero request timeout", []string{"--request-timeout", "0s"}, "--request-timeout"},
		{"target that never answers", []string{"--base-url", silent.URL, "--request-timeout", "200ms"}, "raise --request-timeout"},
		{"invalid Gherkin", []string{"--builtin=false", "--features", writeFeature(t, "Feature: x\n  Scenario: y\n    Given a\n  Oops\n")}, "is not valid Gherkin"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			status, stdout, stderr := runCommand(t, tc.args...)

			if status != exitUsage {
				t.Errorf("got exit status %d, want %d", status, exitUsage)
			}
			if stdout != "" {
				t.Errorf("got stdout %q, want nothing: the reason goes to stderr", stdout)
			}
			// The probe prints what it found before a reason found
			// after it, on lines of their own.
			if lines := strings.Count(stderr, "\n") - probeLines(stderr); lines != 1 {
				t.Errorf("got %d lines on stderr besides the probe's, want 1:\n%s", lines, stderr)
			}
			if !strings.Contains(stderr, tc.wantText) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.wantText)
			}
			if last := lastLine(stderr); !strings.HasPrefix(last, "contract: ") {
				t.Errorf("the last line of stderr %q does not start with \"contract: \"", last)
			}
		})
	}
}

// probeLines counts the lines of stderr that report what the probe found.
func probeLines(stderr string) int {
	count := 0
	for line := range strings.SplitSeq(stderr, "\n") {
		for _, prefix := range []string{"contract: target ", "contract: sandbox controls: ", "contract: one tenant per API key: ", "contract: token source: ", "contract: leaving out "} {
			if strings.HasPrefix(line, prefix) {
				count++
				break
			}
		}
	}
	return count
}

// lastLine returns the last line of text, without its newline.
func lastLine(text string) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	return lines[len(lines)-1]
}

// startNoAdminSandbox serves a sandbox without controls, like a
// deployment, until the test ends.
func startNoAdminSandbox(t *testing.T) *httptest.Server {
	t.Helper()
	return startSandboxServer(t, sandbox.Options{NoAdmin: true})
}

// startSandboxServer serves a sandbox with opts until the test ends.
func startSandboxServer(t *testing.T, opts sandbox.Options) *httptest.Server {
	t.Helper()
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		_ = srv.Close()
		ts.Close()
	})
	return ts
}

func TestRunEnvironmentDefaults(t *testing.T) {
	t.Setenv("CONTRACT_CONCURRENCY", "many")

	status, _, stderr := runCommand(t)

	if status != exitUsage || !strings.Contains(stderr, "CONTRACT_CONCURRENCY") {
		t.Errorf("got exit status %d and stderr %q, want %d naming CONTRACT_CONCURRENCY", status, stderr, exitUsage)
	}
}

func TestRunHelp(t *testing.T) {
	status, stdout, _ := runCommand(t, "--help")
	if status != exitPassed {
		t.Errorf("got exit status %d, want %d", status, exitPassed)
	}
	for _, flag := range []string{"-base-url", "-api-key", "-tags", "-format", "-features", "-token-source", "-phone-template", "-concurrency", "-list-steps", "-strict"} {
		if !strings.Contains(stdout, flag) {
			t.Errorf("--help does not list %s", flag)
		}
	}
}

// writeFeature writes one feature file into a new directory and returns
// the directory.
func writeFeature(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "qa.feature"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// closedPort returns the URL of a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	return url
}
