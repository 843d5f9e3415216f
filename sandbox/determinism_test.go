package sandbox_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// exchange is what a deterministic run must repeat byte for byte: the
// status, the headers that carry ids, and the body.
type exchange struct {
	Request    string
	Status     int
	RequestID  string
	Location   string
	RetryAfter string
	Body       string
}

// step is one request of the scripted session. It may use values found in
// earlier responses.
type step struct {
	key    string
	method string
	path   func(v *sessionValues) string
	body   func(v *sessionValues) string
	learn  func(v *sessionValues, body []byte)
}

// sessionValues are what the session learns from earlier responses.
type sessionValues struct {
	first, second string // customer ids
	token         string // latest token of the first customer
}

func fixed(s string) func(*sessionValues) string { return func(*sessionValues) string { return s } }

func learnID(into func(v *sessionValues) *string) func(*sessionValues, []byte) {
	return func(v *sessionValues, body []byte) {
		var c struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(body, &c)
		*into(v) = c.ID
	}
}

func learnToken(v *sessionValues, body []byte) {
	var m struct {
		Token string `json:"token"`
	}
	_ = json.Unmarshal(body, &m)
	v.token = m.Token
}

// session is the request sequence of the determinism tests: the documented
// flow, rejected requests and controls, in two tenants.
func session() []step {
	first := func(v *sessionValues) *string { return &v.first }
	second := func(v *sessionValues) *string { return &v.second }
	customer := func(suffix string) func(*sessionValues) string {
		return func(v *sessionValues) string { return "/v1/customers/" + v.first + suffix }
	}
	token := func(v *sessionValues) string { return `{"confirmation_token": "` + v.token + `"}` }
	post, get := http.MethodPost, http.MethodGet

	return []step{
		{method: post, path: fixed("/v1/customers"), body: fixed(createBody("(202) 555-0143", "us")), learn: learnID(first)},
		{method: get, path: func(v *sessionValues) string { return "/_sandbox/sms/latest?customer_id=" + v.first }, learn: learnToken},
		{method: post, path: customer("/confirm"), body: fixed(`{"confirmation_token": "not it"}`)},
		{method: post, path: fixed("/_sandbox/clock"), body: fixed(`{"advance": "61s"}`)},
		{method: post, path: customer("/generate_confirmation")},
		{method: get, path: fixed("/_sandbox/sms/latest"), learn: learnToken},
		{method: post, path: customer("/confirm"), body: token},
		{method: http.MethodPatch, path: customer(""), body: fixed(`{"first_name": "Ada", "email": "ada@example.com"}`)},
		{method: get, path: customer("")},
		{key: "tenant-b", method: post, path: fixed("/v1/customers"), body: fixed(createBody("+12025550143", "US"))},
		{method: post, path: fixed("/v1/customers"), body: fixed(createBody("+44 20 7946 0018", "GB")), learn: learnID(second)},
		{method: post, path: fixed("/v1/customers"), body: fixed(createBody("+12025550143", "US"))},
		{method: post, path: fixed("/v1/customers"), body: fixed(`{"unconfirmed_phone_number": 1}`)},
		{method: post, path: fixed("/v1/customers"), body: fixed(createBody("333-333-333", "US"))},
		{method: get, path: fixed("/v1/customers/cus_missing")},
		{method: http.MethodDelete, path: customer("")},
		{method: get, path: fixed("/v1/customers/")},
		{method: post, path: fixed("/_sandbox/clock"), body: fixed(`{"advance": "10m"}`)},
		{method: post, path: func(v *sessionValues) string { return "/v1/customers/" + v.second + "/confirm" }, body: fixed(`{"confirmation_token": "000000"}`)},
		{key: "tenant-b", method: get, path: fixed("/_sandbox/sms")},
		{method: get, path: fixed("/_sandbox/sms")},
		{method: get, path: fixed("/_sandbox/customers")},
		{method: get, path: fixed("/_sandbox/clock")},
		{method: get, path: fixed("/_sandbox/state")},
		{method: post, path: fixed("/_sandbox/reset")},
		{method: post, path: fixed("/v1/customers"), body: fixed(createBody("+12025550143", "US"))},
	}
}

// play runs the session against base and returns every exchange.
func play(t *testing.T, base string, steps []step) []exchange {
	t.Helper()
	v := &sessionValues{}
	var out []exchange
	for _, s := range steps {
		path, body := s.path(v), ""
		if s.body != nil {
			body = s.body(v)
		}
		r := apiClient{base: base, key: s.key}.do(t, s.method, path, body)
		if s.learn != nil {
			s.learn(v, r.Body)
		}
		out = append(out, exchange{
			Request: s.key + " " + s.method + " " + path, Status: r.Status,
			RequestID: r.Header.Get("Request-Id"), Location: r.Header.Get("Location"),
			RetryAfter: r.Header.Get("Retry-After"), Body: string(r.Body),
		})
	}
	return out
}

// wantSameExchanges fails on the first exchanges that differ.
func wantSameExchanges(t *testing.T, first, second []exchange) {
	t.Helper()
	if len(first) != len(second) {
		t.Fatalf("got %d and %d exchanges, want the same number", len(first), len(second))
	}
	for i := range first {
		if first[i] != second[i] {
			t.Errorf("step %d (%s) differs:\nfirst  %+v\nsecond %+v", i, first[i].Request, first[i], second[i])
		}
	}
}

// TestDeterministicBinary runs the built command twice with --deterministic
// and expects byte-identical responses.
func TestDeterministicBinary(t *testing.T) {
	bin := buildSandbox(t)

	first := play(t, startBinary(t, bin, "--deterministic"), session())
	second := play(t, startBinary(t, bin, "--deterministic"), session())

	wantSameExchanges(t, first, second)
	if first[0].Status != http.StatusCreated || first[6].Status != http.StatusOK {
		t.Errorf("got create %d and confirm %d, want the flow to succeed: %+v", first[0].Status, first[6].Status, first)
	}
}

// TestDeterministicTenantsIndependent checks that another tenant's traffic
// does not shift a tenant's ids, tokens or request ids.
func TestDeterministicTenantsIndependent(t *testing.T) {
	var alone, mixed []step
	for _, s := range session() {
		if s.key == "" {
			alone = append(alone, s)
		}
	}
	for _, s := range alone {
		noise := step{key: "noise", method: http.MethodPost, path: fixed("/v1/customers"), body: fixed(createBody("+12025550199", "US"))}
		mixed = append(mixed, noise, s)
	}

	first := play(t, startServer(t, sandbox.Options{Deterministic: true}).URL, alone)
	var second []exchange
	for i, e := range play(t, startServer(t, sandbox.Options{Deterministic: true}).URL, mixed) {
		if i%2 == 1 {
			second = append(second, e)
		}
	}

	wantSameExchanges(t, first, second)
}

// buildSandbox builds cmd/sandbox into a temporary folder.
func buildSandbox(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../cmd/sandbox").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ../cmd/sandbox: %v\n%s", err, out)
	}
	return bin
}

// startBinary starts the sandbox binary on a free loopback port, waits for
// its ready line and returns its base URL. The process gets SIGTERM when
// the test ends.
func startBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("sandbox exited with %v, want a clean stop", err)
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("sandbox did not stop within 10s of SIGTERM")
		}
	})

	addr := make(chan string, 1)
	go readReadyLine(stderr, addr)
	select {
	case a := <-addr:
		if a == "" {
			t.Fatal("sandbox ended its log without a ready line")
		}
		return a
	case <-time.After(15 * time.Second):
		t.Fatal("no ready line from the sandbox within 15s")
	}
	return ""
}

// readReadyLine sends the addr of the "sandbox ready" log line, or "" when
// the log ends first, and then drains the log so the process never blocks
// on it.
func readReadyLine(r io.Reader, addr chan<- string) {
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		var line struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == "sandbox ready" {
			addr <- line.Addr
			_, _ = io.Copy(io.Discard, r)
			return
		}
	}
	addr <- ""
}
