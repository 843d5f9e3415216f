package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// buildSandbox builds the command into a temporary folder.
func buildSandbox(t *testing.T) string {
	t.Helper()

	bin := filepath.Join(t.TempDir(), "sandbox")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestRestart runs the binary against a state file: SIGTERM in the middle
// of a load, then a corrupt file.
func TestRestart(t *testing.T) {
	bin := buildSandbox(t)
	t.Run("SIGTERM under load keeps every acknowledged write", func(t *testing.T) { testSIGTERMUnderLoad(t, bin) })
	t.Run("corrupt state file stops the start", func(t *testing.T) { testCorruptStateFile(t, bin) })
}

// acknowledged records the writes that load clients got a success for:
// customers created, confirmed and renamed, per API key.
type acknowledged struct {
	mu        sync.Mutex
	created   map[string]string // customer id to API key
	confirmed map[string]bool
	names     map[string]string
}

func (a *acknowledged) record(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f()
}

// testSIGTERMUnderLoad sends SIGTERM while clients create, confirm and
// rename customers in two tenants, restarts on the same state file, and
// checks that every write a client saw acknowledged was kept.
func testSIGTERMUnderLoad(t *testing.T, bin string) {
	state := filepath.Join(t.TempDir(), "state.json")
	p := launch(t, bin, "--state-file", state, "--token-mode", "fixed")
	ack := &acknowledged{created: map[string]string{}, confirmed: map[string]bool{}, names: map[string]string{}}

	var stopped atomic.Bool
	var fiveHundreds atomic.Int64
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			key := []string{"tenant-load-a", "tenant-load-b"}[w%2]
			for i := 0; i < 10_000 && !stopped.Load(); i++ {
				if err := loadRound(p.base, key, fmt.Sprintf("+1202555%02d%02d", w, i%100), i, ack, &fiveHundreds); err != nil {
					return // the server stopped accepting requests
				}
			}
		})
	}

	time.Sleep(700 * time.Millisecond)
	code, took := p.stop(t)
	stopped.Store(true)
	wg.Wait()

	if code != 0 {
		t.Errorf("exit code after SIGTERM: got %d, want 0", code)
	}
	if took > 5*time.Second {
		t.Errorf("took %s to stop, want the in-flight requests to finish quickly", took)
	}
	if n := fiveHundreds.Load(); n > 0 {
		t.Errorf("%d responses were 5xx during shutdown, want none", n)
	}
	t.Logf("acknowledged before SIGTERM: %d creates, %d confirms, %d renames", len(ack.created), len(ack.confirmed), len(ack.names))
	if len(ack.created) < 20 {
		t.Fatalf("only %d creates were acknowledged before SIGTERM, want a real load", len(ack.created))
	}

	again := launch(t, bin, "--state-file", state, "--token-mode", "fixed")
	checkAcknowledged(t, again, ack)
	if code, _ := again.stop(t); code != 0 {
		t.Errorf("exit code of the second run: got %d, want 0", code)
	}
}

// loadRound creates a customer with number, then confirms it on odd rounds
// and renames it on rounds divisible by three. It returns an error when a
// request fails to get a response, and records every success in ack.
func loadRound(base, key, number string, round int, ack *acknowledged, fiveHundreds *atomic.Int64) error {
	status, body, err := loadRequest(base, key, http.MethodPost, "/v1/customers", `{"unconfirmed_phone_number": "`+number+`", "country_code": "US"}`, fiveHundreds)
	if err != nil || status != http.StatusCreated {
		return err
	}
	var c struct{ ID string }
	if err := json.Unmarshal(body, &c); err != nil {
		return err
	}
	ack.record(func() { ack.created[c.ID] = key })
	path := "/v1/customers/" + c.ID

	if round%2 == 1 {
		status, _, err := loadRequest(base, key, http.MethodPost, path+"/confirm", `{"confirmation_token": "123456"}`, fiveHundreds)
		if err != nil {
			return err
		}
		if status == http.StatusOK {
			ack.record(func() { ack.confirmed[c.ID] = true })
		}
	}
	if round%3 == 0 {
		name := fmt.Sprintf("Load%d", round)
		status, _, err := loadRequest(base, key, http.MethodPatch, path, `{"first_name": "`+name+`"}`, fiveHundreds)
		if err != nil {
			return err
		}
		if status == http.StatusOK {
			ack.record(func() { ack.names[c.ID] = name })
		}
	}
	return nil
}

var loadClient = &http.Client{Timeout: 10 * time.Second}

func loadRequest(base, key, method, path, body string, fiveHundreds *atomic.Int64) (int, []byte, error) {
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := loadClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	if resp.StatusCode >= 500 {
		fiveHundreds.Add(1)
	}
	return resp.StatusCode, data, nil
}

// checkAcknowledged reads every acknowledged customer from the restarted
// process and compares it with the responses its client received.
func checkAcknowledged(t *testing.T, p *process, ack *acknowledged) {
	t.Helper()

	for id, key := range ack.created {
		res, body := p.request(t, http.MethodGet, "/v1/customers/"+id, key, "")
		if res.StatusCode != http.StatusOK {
			t.Errorf("acknowledged customer %s: got status %d after restart, want 200", id, res.StatusCode)
			continue
		}
		var c struct {
			ConfirmedAt *string `json:"confirmed_at"`
			FirstName   *string `json:"first_name"`
		}
		if err := json.Unmarshal(body, &c); err != nil {
			t.Fatalf("decode %s: %v", body, err)
		}
		if ack.confirmed[id] && c.ConfirmedAt == nil {
			t.Errorf("acknowledged confirm of %s lost: confirmed_at is null", id)
		}
		if name, ok := ack.names[id]; ok && (c.FirstName == nil || *c.FirstName != name) {
			t.Errorf("acknowledged rename of %s lost: first_name is %v, want %s", id, c.FirstName, name)
		}
	}
}

// testCorruptStateFile starts the binary on state files that cannot be
// read: it must exit non-zero before it listens, name the file, and leave
// the file's bytes as they were.
func testCorruptStateFile(t *testing.T, bin string) {
	good := `{"tenants": [{"tenant": "default", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": [], "sms": []}]}`
	cases := []struct {
		name string
		data string
	}{
		{"garbage", "this is not JSON"},
		{"truncated", good[:len(good)/3]},
		{"empty", ""},
		{"invalid value", strings.Replace(good, `"frozen": true`, `"frozen": "yes"`, 1)},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			state := filepath.Join(t.TempDir(), "state.json")
			if err := os.WriteFile(state, []byte(tc.data), 0o600); err != nil {
				t.Fatal(err)
			}

			code, stderr := runToEnd(t, bin, nil, "--addr", "127.0.0.1:0", "--state-file", state)

			if code == 0 {
				t.Errorf("exit code: got 0, want non-zero")
			}
			if !strings.Contains(stderr, state) {
				t.Errorf("stderr %q does not name the file %s", stderr, state)
			}
			if strings.Contains(stderr, "sandbox ready") {
				t.Errorf("stderr %q has a ready line, want the start stopped", stderr)
			}
			if got, err := os.ReadFile(state); err != nil || !bytes.Equal(got, []byte(tc.data)) {
				t.Errorf("state file changed: got %q (%v), want %q", got, err, tc.data)
			}
		})
	}
}
