package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
)

// mixedLedger records the responses the clients of TestMixedLoadConsistent
// received, to compare with the stored state afterwards.
type mixedLedger struct {
	mu        sync.Mutex
	created   map[string]string // id to first name set, "" when none
	confirmed map[string]bool
	sends     int
}

func (l *mixedLedger) record(f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f()
}

// TestMixedLoadConsistent runs writers that create, read, update, confirm
// and re-send, beside readers that check every snapshot of the state, and
// then compares the state with the responses the writers received.
func TestMixedLoadConsistent(t *testing.T) {
	const writers, rounds = 6, 12
	h := startHostile(t, Options{})
	ledger := &mixedLedger{created: map[string]string{}, confirmed: map[string]bool{}}

	var stop atomic.Bool
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for !stop.Load() {
				if err := h.checkSnapshot(); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}

	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range rounds {
				if err := h.mixedRound(fmt.Sprintf("+1202555%02d%02d", w, i), i, ledger); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	stop.Store(true)
	readers.Wait()

	h.checkLedger(t, ledger)
}

// mixedRound creates a customer with number and, depending on round,
// renames it, re-sends its token and confirms it.
func (h *hostileServer) mixedRound(number string, round int, ledger *mixedLedger) error {
	resp, err := h.roundTrip(hostileRequest{method: http.MethodPost, path: "/v1/customers",
		body: `{"unconfirmed_phone_number": "` + number + `", "country_code": "US"}`})
	if err != nil || resp.status != http.StatusCreated {
		return fmt.Errorf("create %s: status %d, error %v, body %s", number, resp.status, err, resp.body)
	}
	var c customerJSON
	if err := json.Unmarshal(resp.body, &c); err != nil {
		return fmt.Errorf("decode create: %w", err)
	}
	ledger.record(func() { ledger.created[c.ID] = ""; ledger.sends++ })
	path := "/v1/customers/" + c.ID

	if resp, err := h.roundTrip(hostileRequest{method: http.MethodGet, path: path}); err != nil || resp.status != http.StatusOK {
		return fmt.Errorf("read back %s: status %d, error %v", c.ID, resp.status, err)
	}
	if round%2 == 0 {
		name := fmt.Sprintf("Name%d", round)
		if resp, err := h.roundTrip(hostileRequest{method: http.MethodPatch, path: path, body: `{"first_name": "` + name + `"}`}); err != nil || resp.status != http.StatusOK {
			return fmt.Errorf("rename %s: status %d, error %v", c.ID, resp.status, err)
		}
		ledger.record(func() { ledger.created[c.ID] = name })
	}

	token := *c.ConfirmationToken
	if round%3 == 0 {
		resp, err := h.roundTrip(hostileRequest{method: http.MethodPost, path: path + "/generate_confirmation"})
		if err != nil || resp.status != http.StatusCreated {
			return fmt.Errorf("re-send %s: status %d, error %v", c.ID, resp.status, err)
		}
		ledger.record(func() { ledger.sends++ })
		if token, err = h.newestToken(c.ID); err != nil {
			return err
		}
	}
	if round%2 == 1 {
		resp, err := h.roundTrip(hostileRequest{method: http.MethodPost, path: path + "/confirm", body: `{"confirmation_token": "` + token + `"}`})
		if err != nil || resp.status != http.StatusOK {
			return fmt.Errorf("confirm %s: status %d, error %v, body %s", c.ID, resp.status, err, resp.body)
		}
		ledger.record(func() { ledger.confirmed[c.ID] = true })
	}
	return nil
}

// newestToken returns the token of the newest SMS to customer id.
func (h *hostileServer) newestToken(id string) (string, error) {
	resp, err := h.roundTrip(hostileRequest{method: http.MethodGet, path: "/_sandbox/sms/latest?customer_id=" + id})
	if err != nil || resp.status != http.StatusOK {
		return "", fmt.Errorf("latest SMS of %s: status %d, error %v", id, resp.status, err)
	}
	var m SMS
	if err := json.Unmarshal(resp.body, &m); err != nil {
		return "", fmt.Errorf("decode SMS: %w", err)
	}
	return m.Token, nil
}

// checkSnapshot reads the state once and checks that it is consistent in
// itself: every pending token was sent by the newest SMS to its customer.
func (h *hostileServer) checkSnapshot() error {
	resp, err := h.roundTrip(hostileRequest{method: http.MethodGet, path: "/_sandbox/state"})
	if err != nil || resp.status != http.StatusOK {
		return fmt.Errorf("GET /_sandbox/state: status %d, error %v", resp.status, err)
	}
	var st tenantState
	if err := json.Unmarshal(resp.body, &st); err != nil {
		return fmt.Errorf("decode state: %w", err)
	}

	newest := map[string]string{}
	for _, m := range st.SMS {
		newest[m.CustomerID] = m.Token
	}
	for _, c := range st.Customers {
		if c.ConfirmationToken != nil && newest[c.ID] != *c.ConfirmationToken {
			return fmt.Errorf("customer %s has token %s, but its newest SMS carries %q", c.ID, *c.ConfirmationToken, newest[c.ID])
		}
	}
	return nil
}

// checkLedger compares the stored customers and outbox with the responses
// the writers received.
func (h *hostileServer) checkLedger(t *testing.T, ledger *mixedLedger) {
	t.Helper()

	for id, name := range ledger.created {
		var c customerJSON
		resp := h.get(t, "", "/v1/customers/"+id)
		if resp.status != http.StatusOK {
			t.Errorf("GET %s: got status %d, want 200", id, resp.status)
			continue
		}
		decodeJSON(t, resp.body, &c)
		if got := orNull(c.FirstName); name != "" && got != name {
			t.Errorf("%s first_name: got %s, want %s", id, got, name)
		}
		if ledger.confirmed[id] != (c.ConfirmedAt != nil) {
			t.Errorf("%s confirmed_at: got %s, want set %v", id, orNull(c.ConfirmedAt), ledger.confirmed[id])
		}
	}

	var customers list[customerJSON]
	decodeJSON(t, h.get(t, "", "/_sandbox/customers").body, &customers)
	if len(customers.Data) != len(ledger.created) {
		t.Errorf("customers listed: got %d, want %d", len(customers.Data), len(ledger.created))
	}
	if n := len(h.sb.Outbox("")); n != ledger.sends {
		t.Errorf("outbox: got %d SMS, want %d, one per acknowledged send", n, ledger.sends)
	}
}
