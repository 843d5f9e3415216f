package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// startupTimeout bounds how long the sandbox binary may take to report
// that it listens.
const startupTimeout = 20 * time.Second

// TestRunAgainstSandboxBinary runs the built-in suite against the sandbox
// binary started as its own process the way a deployment looks: no
// controls and one fixed token, read with --token-source fixed:.
func TestRunAgainstSandboxBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the sandbox binary")
	}
	url := startSandboxBinary(t, "--no-admin", "--token-mode", "fixed")

	status, stdout, stderr := runCommand(t, "--base-url", url, "--token-source", "fixed:123456", "--format", "progress")

	if status != exitPassed {
		t.Fatalf("got exit status %d, want %d\nstderr:\n%s\nstdout:\n%s", status, exitPassed, stderr, stdout)
	}
	for _, want := range []string{"leaving out @sandbox", "leaving out @distinct-tokens", "token source: fixed:123456"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, stderr)
		}
	}
}

// startSandboxBinary builds cmd/sandbox, starts it on a free loopback port
// with args and returns its URL. The process is killed when the test ends.
func startSandboxBinary(t *testing.T, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sandbox")
	build := exec.Command(goTool(), "build", "-o", bin, "../sandbox")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the sandbox failed: %v\n%s", err, out)
	}

	args = append([]string{"--addr", "127.0.0.1:0", "--log-format", "json"}, args...)
	cmd := exec.Command(bin, args...)
	logs, logWriter := io.Pipe()
	cmd.Stdout = logWriter
	cmd.Stderr = logWriter
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the sandbox failed: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = logWriter.Close()
	})

	found := make(chan string, 1)
	go func() { found <- readyAddr(logs) }()
	select {
	case url := <-found:
		if url == "" {
			t.Fatal("the sandbox exited without reporting its address")
		}
		return url
	case <-time.After(startupTimeout):
		t.Fatalf("the sandbox did not report its address within %s", startupTimeout)
	}
	return ""
}

// readyAddr reads JSON log lines until the "sandbox ready" one and returns
// its addr, then drains the rest so the process never blocks on its log.
func readyAddr(logs io.Reader) string {
	scanner := bufio.NewScanner(logs)
	addr := ""
	for scanner.Scan() {
		var line struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == "sandbox ready" {
			addr = line.Addr
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, logs) }()
	return addr
}

func goTool() string {
	if path, err := exec.LookPath("go"); err == nil {
		return path
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}
