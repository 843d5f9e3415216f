package testkit

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// sandboxControls are the controls the @sandbox scenarios use.
var sandboxControls = []string{"outbox", "customers", "reset", "clock", "state"}

// ProbeOptions are the address, key and phone numbers a probe uses.
// HTTPClient and Phones may be nil for the defaults.
type ProbeOptions struct {
	BaseURL    string
	APIKey     string
	HTTPClient *http.Client
	Phones     *PhoneGenerator
}

// Target is the description of a deployment or sandbox that a probe builds.
type Target struct {
	BaseURL string

	// Controls reports whether the /_sandbox controls respond. ControlsNote
	// is the evidence, for the run's printout.
	Controls     bool
	ControlsNote string

	// Capabilities is the body of GET /_sandbox/capabilities, nil when
	// the target has no such endpoint.
	Capabilities map[string]any

	// KeysRequired reports whether a request without an API key gets 401.
	KeysRequired bool
	KeysNote     string

	// UnknownKeysRejected reports whether a made-up API key gets 401 or
	// 403, as on a target that accepts only the keys it issued.
	// UnknownKeysNote is the evidence.
	UnknownKeysRejected bool
	UnknownKeysNote     string

	// PerScenarioKeys reports whether the target accepts made-up keys and
	// keeps each key's data apart, so every scenario can have its own.
	PerScenarioKeys bool
	TenantsNote     string

	// TokenInResponse reports whether a new customer's
	// confirmation_token attribute carries the pending token.
	TokenInResponse bool

	// TokenMode is the sandbox's token mode, empty when unknown.
	TokenMode string

	// Deterministic reports whether the capabilities report that each API
	// key's clock starts frozen at a fixed time.
	Deterministic bool

	// PhoneTemplate and PhoneRegion are the range the run takes numbers
	// from and the ISO 3166 code of its country.
	PhoneTemplate string
	PhoneRegion   string
}

// ProbeError is a probe that could not reach the target or got a server
// error: the run cannot start.
type ProbeError struct {
	URL string
	Err error
}

// Error names the URL and what went wrong, on one line.
func (e *ProbeError) Error() string {
	return fmt.Sprintf("probing %s failed: %v", e.URL, e.Err)
}

// Unwrap returns the cause.
func (e *ProbeError) Unwrap() error {
	return e.Err
}

// Probe finds out what the target supports: the sandbox controls, whether
// it requires an API key, whether each key gets its own data and whether
// responses show the pending token. It creates one customer with a fresh
// number from opts.Phones to find the last two out.
func Probe(ctx context.Context, opts ProbeOptions) (*Target, error) {
	if opts.Phones == nil {
		phones, err := NewPhoneGenerator(DefaultPhoneTemplate)
		if err != nil {
			return nil, err
		}
		opts.Phones = phones
	}
	p := &prober{
		opts:   opts,
		target: &Target{BaseURL: opts.BaseURL, PhoneTemplate: opts.Phones.Template(), PhoneRegion: opts.Phones.Region()},
		client: NewClient(opts.BaseURL, WithAPIKey(opts.APIKey), WithHTTPClient(opts.HTTPClient), WithValidator(nil)),
	}

	steps := []func(context.Context) error{p.probeControls, p.probeKeyRequired, p.probeTenants}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return p.target, nil
}

// prober carries the state of one probe.
type prober struct {
	opts   ProbeOptions
	target *Target
	client *Client
}

// get sends a request and turns a transport failure or a 5xx into a
// ProbeError.
func (p *prober) get(ctx context.Context, c *Client, req Request) (*Response, error) {
	resp, err := c.Do(ctx, req)
	if err != nil {
		// Do's error repeats the URL, which ProbeError names already.
		if cause := errors.Unwrap(err); cause != nil {
			err = cause
		}
		return nil, &ProbeError{URL: p.opts.BaseURL + req.Path, Err: err}
	}
	if resp.Status >= 500 {
		return nil, &ProbeError{URL: p.opts.BaseURL + req.Path,
			Err: fmt.Errorf("%s %s returned status %d%s", req.Method, req.Path, resp.Status, requestTag(resp.RequestID()))}
	}
	return resp, nil
}

// probeControls reads the capabilities, or failing that checks whether the
// outbox responds. It sends a made-up key first, so a target that requires
// a key responds even when none was given.
func (p *prober) probeControls(ctx context.Context) error {
	resp, err := p.getAsAnyKey(ctx, "/_sandbox/capabilities")
	if err != nil {
		return err
	}
	if resp.Status == http.StatusOK && json.Unmarshal(resp.Body, &p.target.Capabilities) == nil {
		p.useCapabilities()
		return nil
	}

	sms, err := p.getAsAnyKey(ctx, "/_sandbox/sms")
	if err != nil {
		return err
	}
	p.target.Controls = sms.Status == http.StatusOK
	p.target.ControlsNote = fmt.Sprintf("GET /_sandbox/capabilities answered %d and GET /_sandbox/sms answered %d",
		resp.Status, sms.Status)
	return nil
}

// getAsAnyKey sends GET path as a made-up key, then as the given key when
// the made-up one is rejected.
func (p *prober) getAsAnyKey(ctx context.Context, path string) (*Response, error) {
	req := Request{Method: http.MethodGet, Path: path}
	resp, err := p.get(ctx, p.client.WithKey(p.madeUpKey()), req)
	if err != nil || resp.Status != http.StatusUnauthorized {
		return resp, err
	}
	return p.get(ctx, p.client, req)
}

// madeUpKey returns a key no scenario uses: the given key or "contract",
// "-probe-" and random letters.
func (p *prober) madeUpKey() string {
	prefix := p.opts.APIKey
	if prefix == "" {
		prefix = defaultKeyPrefix
	}
	return prefix + "-probe-" + rand.Text()[:12]
}

// useCapabilities reads the token mode and which controls are on.
func (p *prober) useCapabilities() {
	caps := p.target.Capabilities
	p.target.TokenMode, _ = caps["token_mode"].(string)
	p.target.Deterministic, _ = caps["deterministic"].(bool)

	listed := map[string]bool{}
	if list, ok := caps["controls"].([]any); ok {
		for _, c := range list {
			if name, ok := c.(string); ok {
				listed[name] = true
			}
		}
	}
	var missing []string
	for _, name := range sandboxControls {
		if !listed[name] {
			missing = append(missing, name)
		}
	}

	p.target.Controls = len(missing) == 0
	p.target.ControlsNote = "GET /_sandbox/capabilities lists the controls " + strings.Join(slices.Sorted(maps.Keys(listed)), ", ")
	if len(missing) > 0 {
		p.target.ControlsNote += "; missing " + strings.Join(missing, ", ")
	}
}

// probeKeyRequired sends a request without an API key.
func (p *prober) probeKeyRequired(ctx context.Context) error {
	req := Request{Method: http.MethodGet, Path: "/v1/customers/cus_contractprobe", OmitAPIKey: true}
	resp, err := p.get(ctx, p.client, req)
	if err != nil {
		return err
	}
	p.target.KeysRequired = resp.Status == http.StatusUnauthorized
	p.target.KeysNote = fmt.Sprintf("GET %s without an API key answered %d", req.Path, resp.Status)
	return nil
}

// probeTenants creates a customer under a made-up key and looks for it
// under another one.
func (p *prober) probeTenants(ctx context.Context) error {
	own := p.client.WithKey(p.madeUpKey())

	created, err := p.createProbeCustomer(ctx, own)
	if err != nil {
		return err
	}
	p.target.UnknownKeysNote = fmt.Sprintf("POST /v1/customers with a made-up API key answered %d", created.Status)
	if created.Status == http.StatusUnauthorized || created.Status == http.StatusForbidden {
		p.target.UnknownKeysRejected = true
		p.target.TenantsNote = fmt.Sprintf("a made-up API key got %d, so every scenario uses the given key", created.Status)
		return p.probeWithGivenKey(ctx)
	}
	if err := p.checkCreated(created); err != nil {
		return err
	}

	other := p.client.WithKey(p.madeUpKey())
	var cus struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(created.Body, &cus)
	seen, err := p.get(ctx, other, Request{Method: http.MethodGet, Path: customerPath(cus.ID)})
	if err != nil {
		return err
	}
	p.target.PerScenarioKeys = seen.Status == http.StatusNotFound
	p.target.TenantsNote = fmt.Sprintf("a customer created under one made-up API key answered %d under another", seen.Status)

	if p.target.Controls {
		_ = own.Reset(ctx)
	}
	return nil
}

// probeWithGivenKey creates the probe customer with the configured key, to
// learn whether responses show the token.
func (p *prober) probeWithGivenKey(ctx context.Context) error {
	created, err := p.createProbeCustomer(ctx, p.client)
	if err != nil {
		return err
	}
	if created.Status == http.StatusUnauthorized || created.Status == http.StatusForbidden {
		return &ProbeError{URL: p.opts.BaseURL + "/v1/customers",
			Err: fmt.Errorf("the API key was rejected with %d; pass a valid key with --api-key", created.Status)}
	}
	return p.checkCreated(created)
}

// createProbeCustomer creates a customer with fresh numbers until one is
// not taken.
func (p *prober) createProbeCustomer(ctx context.Context, c *Client) (*Response, error) {
	var resp *Response
	err := p.opts.Phones.retryTaken(func() (bool, error) {
		phone, err := p.opts.Phones.Next()
		if err != nil {
			return false, err
		}
		body, _ := json.Marshal(CreateCustomerParams{UnconfirmedPhoneNumber: phone, CountryCode: p.opts.Phones.Region()})
		resp, err = p.get(ctx, c, Request{Method: http.MethodPost, Path: "/v1/customers", Body: body})
		if err != nil {
			return false, err
		}
		return isTaken(resp), nil
	})
	var probeErr *ProbeError
	if err != nil && !errors.As(err, &probeErr) {
		err = &ProbeError{URL: p.opts.BaseURL + "/v1/customers", Err: err}
	}
	return resp, err
}

// checkCreated requires a 2xx status, leaving a wrong one to the
// scenarios, and notes whether the token is shown.
func (p *prober) checkCreated(resp *Response) error {
	if resp.Status < 200 || resp.Status > 299 {
		return &ProbeError{URL: p.opts.BaseURL + "/v1/customers",
			Err: fmt.Errorf("creating a probe customer with a number from %q got %s", p.opts.Phones.Template(), resp)}
	}
	// Read only what the probe needs, so a body that breaks the schema
	// elsewhere fails its scenarios instead of the whole run.
	var cus struct {
		ConfirmationToken any `json:"confirmation_token"`
	}
	if err := json.Unmarshal(resp.Body, &cus); err != nil {
		return &ProbeError{URL: p.opts.BaseURL + "/v1/customers", Err: fmt.Errorf("the created customer is not a JSON object: %s", resp)}
	}
	token, _ := cus.ConfirmationToken.(string)
	p.target.TokenInResponse = token != ""
	return nil
}
