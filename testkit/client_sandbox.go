package testkit

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// ListSMS returns the tenant's outbox, oldest first.
func (c *Client) ListSMS(ctx context.Context, f SMSFilter) ([]SMS, error) {
	var list listBody[SMS]
	err := c.call(ctx, http.MethodGet, "/_sandbox/sms"+f.query(nil), nil, http.StatusOK, &list)
	return list.Data, err
}

// LatestSMS returns the newest SMS matching f. With wait > 0 the sandbox
// holds the request until one arrives or wait runs out (at most 30 s); no
// match is an *APIError with status 404.
func (c *Client) LatestSMS(ctx context.Context, f SMSFilter, wait time.Duration) (*SMS, error) {
	extra := url.Values{}
	if wait > 0 {
		extra.Set("wait", wait.String())
	}

	var sms SMS
	err := c.call(ctx, http.MethodGet, "/_sandbox/sms/latest"+f.query(extra), nil, http.StatusOK, &sms)
	return &sms, err
}

// ClearSMS empties the tenant's outbox. The send limit is not reset.
func (c *Client) ClearSMS(ctx context.Context) error {
	return c.callNoContent(ctx, Request{Method: http.MethodDelete, Path: "/_sandbox/sms"})
}

// ListSandboxCustomers returns every customer of the tenant, oldest first.
func (c *Client) ListSandboxCustomers(ctx context.Context) ([]Customer, error) {
	var list listBody[Customer]
	err := c.call(ctx, http.MethodGet, "/_sandbox/customers", nil, http.StatusOK, &list)
	return list.Data, err
}

// Reset empties the tenant (customers, outbox and limits) and puts its
// clock back to real time.
func (c *Client) Reset(ctx context.Context) error {
	return c.callNoContent(ctx, Request{Method: http.MethodPost, Path: "/_sandbox/reset"})
}

// Clock returns the tenant's clock.
func (c *Client) Clock(ctx context.Context) (*Clock, error) {
	var clock Clock
	err := c.call(ctx, http.MethodGet, "/_sandbox/clock", nil, http.StatusOK, &clock)
	return &clock, err
}

// AdvanceClock moves the tenant's clock forward by d (d >= 0).
func (c *Client) AdvanceClock(ctx context.Context, d time.Duration) (*Clock, error) {
	return c.postClock(ctx, map[string]any{"advance": d.String()})
}

// SetClock sets the tenant's clock to t, which may be in the past.
func (c *Client) SetClock(ctx context.Context, t time.Time) (*Clock, error) {
	return c.postClock(ctx, map[string]any{"set": t.UTC().Format(time.RFC3339Nano)})
}

// FreezeClock stops (true) or restarts (false) the tenant's clock.
func (c *Client) FreezeClock(ctx context.Context, frozen bool) (*Clock, error) {
	return c.postClock(ctx, map[string]any{"freeze": frozen})
}

func (c *Client) postClock(ctx context.Context, body map[string]any) (*Clock, error) {
	var clock Clock
	err := c.call(ctx, http.MethodPost, "/_sandbox/clock", body, http.StatusOK, &clock)
	return &clock, err
}

// ExportState returns the tenant's customers, outbox and clock as JSON.
func (c *Client) ExportState(ctx context.Context) (json.RawMessage, error) {
	var state json.RawMessage
	err := c.call(ctx, http.MethodGet, "/_sandbox/state", nil, http.StatusOK, &state)
	return state, err
}

// ImportState replaces the tenant's state with an export.
func (c *Client) ImportState(ctx context.Context, state json.RawMessage) error {
	return c.callNoContent(ctx, Request{Method: http.MethodPut, Path: "/_sandbox/state", Body: state})
}

// callNoContent sends a control request whose success has no body worth
// reading, and turns an error status into an *APIError.
func (c *Client) callNoContent(ctx context.Context, req Request) error {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.Status >= 400 {
		return newAPIError(resp)
	}
	return nil
}

// Capabilities returns what the sandbox reports about itself: version,
// token mode, clock, limits and which controls are on.
func (c *Client) Capabilities(ctx context.Context) (map[string]any, error) {
	var caps map[string]any
	err := c.call(ctx, http.MethodGet, "/_sandbox/capabilities", nil, http.StatusOK, &caps)
	return caps, err
}

// Health checks that GET /healthz responds with 200.
func (c *Client) Health(ctx context.Context) error {
	return c.call(ctx, http.MethodGet, "/healthz", nil, http.StatusOK, nil)
}

// query encodes the filter and any extra parameters as a query string,
// empty when there are none.
func (f SMSFilter) query(extra url.Values) string {
	q := url.Values{}
	for name, values := range extra {
		q[name] = values
	}
	if f.To != "" {
		q.Set("to", f.To)
	}
	if f.CustomerID != "" {
		q.Set("customer_id", f.CustomerID)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}
