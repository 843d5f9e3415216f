package testkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxWait bounds the waits a feature file may ask for, the sandbox's own
// long-poll limit.
const maxWait = 30 * time.Second

// pendingRequest is a long-poll running in the background.
type pendingRequest struct {
	done   chan pendingResult
	cancel context.CancelFunc
}

type pendingResult struct {
	resp *Response
	err  error
}

func (s *scenario) listOutbox(ctx context.Context) error {
	return s.send(ctx, Request{Method: http.MethodGet, Path: "/_sandbox/sms"})
}

func (s *scenario) listOutboxForCustomer(ctx context.Context) error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	path := "/_sandbox/sms" + SMSFilter{CustomerID: id}.query(nil)
	return s.send(ctx, Request{Method: http.MethodGet, Path: path})
}

// listOutboxForPhoneWrittenAs filters the outbox by the current number in
// another layout; the sandbox normalises the filter like the API.
func (s *scenario) listOutboxForPhoneWrittenAs(ctx context.Context, pattern string) error {
	written, err := s.currentPhoneWrittenAs(pattern)
	if err != nil {
		return err
	}
	path := "/_sandbox/sms" + SMSFilter{To: written}.query(nil)
	return s.send(ctx, Request{Method: http.MethodGet, Path: path})
}

func (s *scenario) latestForCustomer(ctx context.Context) error {
	return s.latestForCustomerWaiting(ctx, "")
}

func (s *scenario) latestForCustomerWaiting(ctx context.Context, wait string) error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	return s.latest(ctx, SMSFilter{CustomerID: id}, wait)
}

// latestForNewPhoneWaiting requests the newest SMS to a fresh number, which
// no customer has, so the request must find nothing.
func (s *scenario) latestForNewPhoneWaiting(ctx context.Context, wait string) error {
	phone, err := s.cfg.Phones.Next()
	if err != nil {
		return err
	}
	s.phone = phone
	return s.latest(ctx, SMSFilter{To: phone}, wait)
}

func (s *scenario) latest(ctx context.Context, f SMSFilter, wait string) error {
	extra := url.Values{}
	if wait != "" {
		if _, err := parseWait(wait); err != nil {
			return err
		}
		extra.Set("wait", wait)
	}
	path := "/_sandbox/sms/latest" + f.query(extra)
	return s.send(ctx, Request{Method: http.MethodGet, Path: path})
}

// startWaitingForNewPhone sets a fresh number aside and starts a long-poll
// for an SMS to it in the background.
func (s *scenario) startWaitingForNewPhone(wait string) error {
	if s.pending != nil {
		return errors.New("a wait is already running; end it with \"the wait ends\" first")
	}
	d, err := parseWait(wait)
	if err != nil {
		return err
	}
	phone, err := s.cfg.Phones.Next()
	if err != nil {
		return err
	}
	s.phone = phone

	ctx, cancel := context.WithTimeout(context.Background(), d+10*time.Second)
	p := &pendingRequest{done: make(chan pendingResult, 1), cancel: cancel}
	path := "/_sandbox/sms/latest" + SMSFilter{To: phone}.query(url.Values{"wait": {wait}})
	client := s.client
	go func() {
		resp, err := client.Do(ctx, Request{Method: http.MethodGet, Path: path})
		p.done <- pendingResult{resp: resp, err: err}
	}()
	s.pending = p
	return nil
}

// waitEnds waits for the background long-poll and makes its response the
// latest one.
func (s *scenario) waitEnds() error {
	if s.pending == nil {
		return errors.New("no wait is running; start one with \"I start waiting up to ... for an SMS to a new phone number\"")
	}
	result := <-s.pending.done
	s.pending.cancel()
	s.pending = nil

	if result.resp != nil {
		s.record(result.resp)
	}
	return result.err
}

func parseWait(wait string) (time.Duration, error) {
	d, err := time.ParseDuration(wait)
	if err != nil || d <= 0 || d > maxWait {
		return 0, fmt.Errorf("wait %q must be a Go duration from 1ms to %s, like \"2s\"", wait, maxWait)
	}
	return d, nil
}

func (s *scenario) clearOutbox(ctx context.Context) error {
	if err := s.send(ctx, Request{Method: http.MethodDelete, Path: "/_sandbox/sms"}); err != nil {
		return err
	}
	return s.expectSuccess()
}

func (s *scenario) resetSandbox(ctx context.Context) error {
	if err := s.send(ctx, Request{Method: http.MethodPost, Path: "/_sandbox/reset"}); err != nil {
		return err
	}
	return s.expectSuccess()
}

func (s *scenario) listSandboxCustomers(ctx context.Context) error {
	return s.send(ctx, Request{Method: http.MethodGet, Path: "/_sandbox/customers"})
}

// outboxHoldsForPhone lists the outbox for the current number and checks
// how many SMS it holds.
func (s *scenario) outboxHoldsForPhone(ctx context.Context, n int) error {
	phone, err := s.currentPhone()
	if err != nil {
		return err
	}
	list, err := s.client.ListSMS(ctx, SMSFilter{To: phone})
	if err != nil {
		return err
	}
	if len(list) != n {
		return fmt.Errorf("the outbox contains %d SMS to %s, want %d", len(list), phone, n)
	}
	return nil
}

// listItems returns the data array of the latest response.
func (s *scenario) listItems() ([]map[string]any, error) {
	resp, err := s.lastResponse()
	if err != nil {
		return nil, err
	}
	var list listBody[map[string]any]
	if err := json.Unmarshal(resp.Body, &list); err != nil || list.Data == nil {
		return nil, fmt.Errorf("the response is not a list with a data array: %s%s", resp, s.sandboxHint(resp))
	}
	return list.Data, nil
}

func (s *scenario) listHolds(n int) error {
	items, err := s.listItems()
	if err != nil {
		return err
	}
	if len(items) != n {
		return fmt.Errorf("the list contains %d items, want %d: %s", len(items), n, s.resp)
	}
	return nil
}

func (s *scenario) listIsEmpty() error {
	return s.listHolds(0)
}

// listIsOldestFirst checks that sent_at (SMS) or created_at (customers)
// never goes down along the list.
func (s *scenario) listIsOldestFirst() error {
	items, err := s.listItems()
	if err != nil {
		return err
	}
	var previous time.Time
	for i, item := range items {
		stamp, err := itemTime(item)
		if err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		if stamp.Before(previous) {
			return fmt.Errorf("item %d is from %s, before item %d from %s; want oldest first",
				i, stamp.Format(time.RFC3339Nano), i-1, previous.Format(time.RFC3339Nano))
		}
		previous = stamp
	}
	return nil
}

func itemTime(item map[string]any) (time.Time, error) {
	for _, name := range []string{"sent_at", "created_at"} {
		if v, ok := item[name].(string); ok {
			return time.Parse(time.RFC3339Nano, v)
		}
	}
	return time.Time{}, errors.New("it has neither sent_at nor created_at")
}

// everySMSHas checks one field of every SMS in the latest list.
func (s *scenario) everySMSHas(field, want string) error {
	items, err := s.listItems()
	if err != nil {
		return err
	}
	for i, item := range items {
		if got := item[field]; got != want {
			return fmt.Errorf("SMS %d has %s %v, want %q", i, field, got, want)
		}
	}
	return nil
}

func (s *scenario) everySMSToPhone() error {
	phone, err := s.currentPhone()
	if err != nil {
		return err
	}
	return s.everySMSHas("to", phone)
}

func (s *scenario) everySMSForCustomer() error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	return s.everySMSHas("customer_id", id)
}

// latestSMS decodes the latest response as one SMS.
func (s *scenario) latestSMS() (*SMS, error) {
	resp, err := s.lastResponse()
	if err != nil {
		return nil, err
	}
	if resp.Status != http.StatusOK {
		return nil, fmt.Errorf("got status %d, want 200 with an SMS: %s", resp.Status, resp)
	}
	var sms SMS
	if err := resp.Decode(&sms); err != nil {
		return nil, err
	}
	return &sms, nil
}

func (s *scenario) smsToPhone() error {
	sms, err := s.latestSMS()
	if err != nil {
		return err
	}
	if sms.To != s.phone {
		return fmt.Errorf("the SMS is to %q, want %q", sms.To, s.phone)
	}
	return nil
}

func (s *scenario) smsForCustomer() error {
	sms, err := s.latestSMS()
	if err != nil {
		return err
	}
	id, err := s.customerID()
	if err != nil {
		return err
	}
	if sms.CustomerID != id {
		return fmt.Errorf("the SMS is for customer %q, want %q", sms.CustomerID, id)
	}
	return nil
}

func (s *scenario) smsBodyContainsToken() error {
	sms, err := s.latestSMS()
	if err != nil {
		return err
	}
	if sms.Token == "" || !strings.Contains(sms.Body, sms.Token) {
		return fmt.Errorf("the SMS body %q does not contain its token %q", sms.Body, sms.Token)
	}
	return nil
}

// smsCarriesSentToken compares the SMS token with the token source's.
func (s *scenario) smsCarriesRememberedToken() error {
	sms, err := s.latestSMS()
	if err != nil {
		return err
	}
	if sms.Token != s.rememberedToken {
		return fmt.Errorf("the SMS carries token %q, want the remembered %q", sms.Token, s.rememberedToken)
	}
	return nil
}

// exportState keeps the tenant's state to import later.
func (s *scenario) exportState(ctx context.Context) error {
	if err := s.send(ctx, Request{Method: http.MethodGet, Path: "/_sandbox/state"}); err != nil {
		return err
	}
	if err := s.expectStatus(http.StatusOK); err != nil {
		return err
	}
	s.exported = s.resp.Body
	return nil
}

// importState sends the kept export back and requires 2xx.
func (s *scenario) importState(ctx context.Context) error {
	if s.exported == nil {
		return errors.New(`nothing was exported; add "I export the sandbox state" first`)
	}
	if err := s.send(ctx, Request{Method: http.MethodPut, Path: "/_sandbox/state", Body: s.exported}); err != nil {
		return err
	}
	return s.expectSuccess()
}
