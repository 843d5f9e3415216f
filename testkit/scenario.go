package testkit

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cucumber/godog"
)

// scenario is the state of one running scenario. RegisterSteps makes one per
// scenario and the Before hook resets it, so scenarios share nothing and can
// run concurrently.
type scenario struct {
	cfg    Config
	client *Client
	keys   []string

	// assumed reports whether the scenario is tagged @assumed, which
	// decides how strictly its bodies are checked, and sandboxTagged
	// whether it is tagged @sandbox.
	assumed       bool
	sandboxTagged bool

	// phone is the E.164 number of the current customer, or the number a
	// step set aside for a customer not created yet.
	phone string

	// customer is the latest customer object a response carried.
	customer map[string]any

	// remembered is the customer as created, or as stored by the step
	// "I remember the customer".
	remembered map[string]any

	// resp is the latest response.
	resp *Response

	// sentToken is the latest token read from the token source, and
	// rememberedToken the one stored by "I remember the token that was sent".
	sentToken       string
	rememberedToken string

	// exported is the body of the latest state export.
	exported []byte

	// clockRead is the clock as a step last read it.
	clockRead *Clock

	// pending is a long-poll started in the background.
	pending *pendingRequest
}

// begin resets the state at the start of a scenario and picks its API key.
func (s *scenario) begin(ctx context.Context, sn *godog.Scenario) (context.Context, error) {
	cfg := s.cfg
	*s = scenario{cfg: cfg, assumed: hasTag(sn, TagAssumed), sandboxTagged: hasTag(sn, TagSandbox)}

	key := cfg.APIKey
	if cfg.PerScenarioKeys {
		key = s.newKey()
	}
	s.keys = []string{key}
	s.client = NewClient(cfg.BaseURL, WithAPIKey(key), WithHTTPClient(cfg.HTTPClient),
		WithValidator(s.validate), withSchemaFor(s.schemaFor))
	return ctx, nil
}

// hasTag reports whether the scenario carries the tag name, like
// "@assumed", itself or through its feature or examples.
func hasTag(sn *godog.Scenario, name string) bool {
	for _, tag := range sn.Tags {
		if tag.Name == name {
			return true
		}
	}
	return false
}

// end stops a long-poll the scenario left running. It returns no error:
// the scenario's own error is already reported.
func (s *scenario) end(ctx context.Context, _ *godog.Scenario, _ error) (context.Context, error) {
	if s.pending != nil {
		s.pending.cancel()
	}
	return ctx, nil
}

// newKey returns a key no other scenario uses: the configured prefix, a dash
// and 16 random letters and digits.
func (s *scenario) newKey() string {
	prefix := s.cfg.APIKey
	if prefix == "" {
		prefix = defaultKeyPrefix
	}
	return prefix + "-" + rand.Text()[:16]
}

// send sends the request and records the response. A customer object in a
// successful response becomes the current customer. The error is a
// transport failure or a body that breaks its schema.
func (s *scenario) send(ctx context.Context, req Request) error {
	resp, err := s.client.Do(ctx, req)
	if resp == nil {
		return err
	}
	s.record(resp)
	return err
}

// record makes resp the latest response and picks up the customer it
// carries.
func (s *scenario) record(resp *Response) {
	s.resp = resp
	if resp.Status >= 300 || SchemaFor(resp.Method, resp.Path, resp.Status) != "customer" {
		return
	}

	var cus map[string]any
	if json.Unmarshal(resp.Body, &cus) == nil {
		s.customer = cus
	}
}

// lastResponse returns the latest response, or an error when no step has
// sent a request yet.
func (s *scenario) lastResponse() (*Response, error) {
	if s.resp == nil {
		return nil, errors.New("no request was sent yet; add a When step that sends one")
	}
	return s.resp, nil
}

// customerID returns the current customer's id.
func (s *scenario) customerID() (string, error) {
	if s.customer == nil {
		return "", errors.New("there is no customer yet; start with \"Given a customer with a new phone number\"")
	}
	id, ok := s.customer["id"].(string)
	if !ok {
		return "", fmt.Errorf("the customer's id is %v, want a string", s.customer["id"])
	}
	return id, nil
}

// currentPhone returns the number of the current customer.
func (s *scenario) currentPhone() (string, error) {
	if s.phone == "" {
		return "", errors.New("no phone number yet; create a customer with a new phone number first")
	}
	return s.phone, nil
}

// currentPhoneWrittenAs returns the current number in the layout of
// pattern; see WritePhone.
func (s *scenario) currentPhoneWrittenAs(pattern string) (string, error) {
	phone, err := s.currentPhone()
	if err != nil {
		return "", err
	}
	return WritePhone(phone, pattern)
}
