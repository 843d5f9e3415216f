package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCommand builds the binary once and runs it as a user would.
func TestCommand(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	t.Run("help", func(t *testing.T) { testHelp(t, bin) })
	t.Run("invalid values", func(t *testing.T) { testInvalidValues(t, bin) })
	t.Run("logs and SIGTERM", func(t *testing.T) { testLogsAndShutdown(t, bin) })
	t.Run("SIGTERM ends long-polls", func(t *testing.T) { testShutdownDuringLongPoll(t, bin) })
	t.Run("state file on SIGTERM", func(t *testing.T) { testStateFileWritten(t, bin) })
}

// runToEnd runs bin to completion within 15 seconds and returns its exit
// code and standard error.
func runToEnd(t *testing.T, bin string, env []string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr

	err := cmd.Run()

	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stderr.String()
	}
	t.Fatalf("run %s %q: %v", bin, args, err)
	return 0, ""
}

func testHelp(t *testing.T, bin string) {
	code, out := runToEnd(t, bin, nil, "-h")

	if code != 0 {
		t.Errorf("got exit code %d, want 0", code)
	}
	defineFlags(&config{}).VisitAll(func(f *flag.Flag) {
		line := "  --" + f.Name + " "
		i := strings.Index(out, line)
		if i < 0 {
			t.Errorf("help has no line starting %q", line)
			return
		}
		entry, _, _ := strings.Cut(out[i+len(line):], "\n  --")
		if want := "(default " + strconv.Quote(f.DefValue) + ")"; !strings.Contains(entry, want) {
			t.Errorf("help for --%s is %q, want it to contain %s", f.Name, entry, want)
		}
		if want := "[" + envName(f.Name) + "]"; !strings.Contains(entry, want) {
			t.Errorf("help for --%s is %q, want it to contain %s", f.Name, entry, want)
		}
	})
}

func testInvalidValues(t *testing.T, bin string) {
	tests := []struct {
		name string
		env  []string
		args []string
		want string // a substring of standard error
	}{
		{name: "number flag", args: []string{"--max-sends", "many"}, want: "many"},
		{name: "unknown flag", args: []string{"--token", "123456"}, want: "-token"},
		{name: "argument", args: []string{"serve"}, want: `unexpected argument "serve"`},
		{name: "env number", env: []string{"SANDBOX_MAX_SENDS=many"}, want: "SANDBOX_MAX_SENDS"},
		{name: "token mode", args: []string{"--token-mode", "secret"}, want: `"secret"`},
		{name: "phone validation", args: []string{"--phone-validation", "strict"}, want: "strict"},
		{name: "fixed token", args: []string{"--token-mode", "fixed", "--fixed-token", "12"}, want: `"12"`},
		{name: "negative limit", args: []string{"--max-sends", "-1"}, want: "-1"},
		{name: "negative duration", args: []string{"--confirmation-ttl", "-5m"}, want: "-5m"},
		{name: "zero limit", args: []string{"--max-sends", "0"}, want: "--max-sends 0"},
		{name: "negative timeout", args: []string{"--read-timeout", "-1s"}, want: "--read-timeout -1s"},
		{name: "negative header limit", args: []string{"--max-header-bytes", "-1"}, want: "--max-header-bytes -1"},
		{name: "zero duration from env", env: []string{"SANDBOX_SEND_WINDOW=0s"}, want: `SANDBOX_SEND_WINDOW="0s" (--send-window)`},
		{name: "seed not a number", args: []string{"--seed", "abc"}, want: `invalid --seed "abc": use a whole number`},
		{name: "API keys without a key", args: []string{"--api-keys", ","}, want: "--api-keys lists no key"},
		{name: "CORS origin without scheme", args: []string{"--cors-origins", "app.test"}, want: `"app.test"`},
		{name: "CORS origin with a path", args: []string{"--cors-origins", "http://app.test/login"}, want: `"http://app.test/login"`},
		{name: "log format", args: []string{"--log-format", "xml"}, want: `"xml"`},
		{name: "log level", args: []string{"--log-level", "loud"}, want: `"loud"`},
		{name: "missing fixtures file", args: []string{"--fixtures", "/nonexistent/fixtures.json"}, want: "/nonexistent/fixtures.json"},
		{name: "state file folder missing", args: []string{"--state-file", "/nonexistent/dir/state.json"}, want: "/nonexistent/dir/state.json"},
		{name: "state file folder from env", env: []string{"SANDBOX_STATE_FILE=/nonexistent/dir/state.json"}, want: "/nonexistent/dir/state.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--addr", "127.0.0.1:0"}, tt.args...)

			code, out := runToEnd(t, bin, tt.env, args...)

			if code != 2 {
				t.Errorf("got exit code %d, want 2\nstderr: %s", code, out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("got stderr %q, want it to name %s", out, tt.want)
			}
			if strings.Contains(out, "sandbox ready") {
				t.Errorf("got stderr %q, want no ready line", out)
			}
		})
	}
}

// process is a running sandbox binary whose JSON log lines are collected.
type process struct {
	cmd  *exec.Cmd
	base string // http://host:port

	mu    sync.Mutex
	lines []map[string]any
	ended chan struct{} // closed when standard error ends
}

// launch starts bin on a free loopback port with a JSON log and waits for
// its ready line. The process is killed when the test ends, if still
// running.
func launch(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	args = append([]string{"--addr", "127.0.0.1:0", "--log-format", "json"}, args...)
	p := &process{cmd: exec.Command(bin, args...), ended: make(chan struct{})}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	go p.collect(stderr)

	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ready := p.find("sandbox ready"); ready != nil {
			p.base, _ = ready["addr"].(string)
			return p
		}
		select {
		case <-p.ended:
			t.Fatalf("sandbox ended without a ready line: %v", p.all())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no ready line within 15s: %v", p.all())
	return nil
}

func (p *process) collect(r io.Reader) {
	defer close(p.ended)
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		var line map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			line = map[string]any{"msg": "not JSON", "text": scanner.Text()}
		}
		p.mu.Lock()
		p.lines = append(p.lines, line)
		p.mu.Unlock()
	}
}

// find returns the first log line with msg, or nil.
func (p *process) find(msg string) map[string]any {
	for _, line := range p.all() {
		if line["msg"] == msg {
			return line
		}
	}
	return nil
}

func (p *process) all() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any(nil), p.lines...)
}

// stop sends SIGTERM and returns the exit code and how long the process
// took to end. It kills the process after 15 seconds.
func (p *process) stop(t *testing.T) (int, time.Duration) {
	t.Helper()
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("send SIGTERM: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		<-p.ended
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), time.Since(start)
		}
		return 0, time.Since(start)
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		t.Fatal("sandbox still running 15s after SIGTERM")
	}
	return 0, 0
}

// request sends a request to the process and returns the response, read.
func (p *process) request(t *testing.T, method, path, key, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, p.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return res, data
}

func testLogsAndShutdown(t *testing.T, bin string) {
	const key = "key-with-a-secret-value"
	p := launch(t, bin, "--api-keys", key+",other-key", "--token-mode", "fixed")

	ready := p.find("sandbox ready")
	if !strings.HasPrefix(p.base, "http://127.0.0.1:") || ready["token_mode"] != "fixed" || ready["admin"] != true {
		t.Errorf("got ready line %v, want a loopback addr, token_mode fixed and admin true", ready)
	}
	created, _ := p.request(t, http.MethodPost, "/v1/customers", key, `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`)
	missing, _ := p.request(t, http.MethodGet, "/v1/customers/cus_none", key, "")
	rejected, _ := p.request(t, http.MethodGet, "/_sandbox/sms", "wrong-key", "")
	code, took := p.stop(t)

	if code != 0 {
		t.Errorf("got exit code %d after SIGTERM, want 0", code)
	}
	if took > 5*time.Second {
		t.Errorf("took %s to stop, want well under the 10s shutdown timeout", took)
	}
	wantRequestLine(t, p, created, "/v1/customers", 201, "")
	wantRequestLine(t, p, missing, "/v1/customers/{id}", 404, "resource_missing")
	wantRequestLine(t, p, rejected, "unmatched", 401, "api_key_invalid")
	for _, msg := range []string{"shutting down", "sandbox stopped"} {
		if p.find(msg) == nil {
			t.Errorf("got no %q line in %v", msg, p.all())
		}
	}
	for _, line := range p.all() {
		if text, _ := json.Marshal(line); strings.Contains(string(text), key) || strings.Contains(string(text), "wrong-key") {
			t.Errorf("log line %s contains an API key", text)
		}
	}
}

// wantRequestLine finds the request line of res by its request id and
// checks its route, status and error code.
func wantRequestLine(t *testing.T, p *process, res *http.Response, route string, status int, code string) {
	t.Helper()
	id := res.Header.Get("Request-Id")
	for _, line := range p.all() {
		if line["msg"] != "request" || line["request_id"] != id {
			continue
		}
		if line["route"] != route || line["status"] != float64(status) || line["method"] != res.Request.Method {
			t.Errorf("got request line %v, want route %s, status %d, method %s", line, route, status, res.Request.Method)
		}
		if got, _ := line["code"].(string); got != code {
			t.Errorf("got code %q in request line %v, want %q", got, line, code)
		}
		if _, ok := line["duration"]; !ok {
			t.Errorf("got request line %v, want a duration", line)
		}
		return
	}
	t.Errorf("got no request line with request_id %s in %v", id, p.all())
}

// testShutdownDuringLongPoll sends SIGTERM while a client waits on the
// outbox: the wait ends and the process stops at once.
func testShutdownDuringLongPoll(t *testing.T, bin string) {
	p := launch(t, bin)
	answered := make(chan int, 1)
	go func() {
		res, err := http.Get(p.base + "/_sandbox/sms/latest?wait=25s")
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	time.Sleep(300 * time.Millisecond) // let the long-poll start

	code, took := p.stop(t)

	if code != 0 {
		t.Errorf("got exit code %d, want 0", code)
	}
	if took > 5*time.Second {
		t.Errorf("took %s to stop with a long-poll open, want well under the 10s shutdown timeout", took)
	}
	select {
	case status := <-answered:
		if status != http.StatusNotFound {
			t.Errorf("got long-poll status %d, want 404", status)
		}
	case <-time.After(5 * time.Second):
		t.Error("long-poll still open 5s after the process stopped")
	}
}

// testStateFileWritten checks that SIGTERM writes the state file and the
// next start restores it.
func testStateFileWritten(t *testing.T, bin string) {
	state := filepath.Join(t.TempDir(), "state.json")
	p := launch(t, bin, "--state-file", state)
	res, body := p.request(t, http.MethodPost, "/v1/customers", "tenant-a", `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: got status %d, want 201\nbody: %s", res.StatusCode, body)
	}
	if code, _ := p.stop(t); code != 0 {
		t.Fatalf("got exit code %d, want 0", code)
	}

	if _, err := os.Stat(state); err != nil {
		t.Fatalf("state file after SIGTERM: %v", err)
	}
	again := launch(t, bin, "--state-file", state)
	location := res.Header.Get("Location")
	res, restored := again.request(t, http.MethodGet, location, "tenant-a", "")
	if res.StatusCode != http.StatusOK || string(restored) != string(body) {
		t.Errorf("GET %s after restart: got %d %s, want 200 %s", location, res.StatusCode, restored, body)
	}
	if code, _ := again.stop(t); code != 0 {
		t.Errorf("got exit code %d on the second stop, want 0", code)
	}
}
