// Package workload holds the benchmark's HTTP client for the customers API
// and the operations each workload sends.
package workload

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// requestTimeout ends a single request that hangs, so a run always ends.
const requestTimeout = 10 * time.Second

// StatusError is a response outside 2xx.
type StatusError struct {
	Method string
	Path   string
	Status int
	Body   string // the first bytes of the body
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Body)
}

// Kind names the error class for the load generator's error table.
func (e *StatusError) Kind() string {
	return fmt.Sprintf("HTTP %d", e.Status)
}

// API sends requests to one server over keep-alive connections.
type API struct {
	BaseURL string
	HTTP    *http.Client
}

// NewAPI returns a client for baseURL whose transport keeps up to clients
// idle connections, so each concurrent client reuses its own connection.
func NewAPI(baseURL string, clients int) *API {
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &API{
		BaseURL: strings.TrimSuffix(baseURL, "/"),
		HTTP:    &http.Client{Transport: transport, Timeout: requestTimeout},
	}
}

// Close drops the idle connections.
func (a *API) Close() {
	a.HTTP.CloseIdleConnections()
}

// do sends one request. A 2xx JSON body is decoded into out when out is not
// nil. Otherwise the body is read and dropped, so the connection is reused.
func (a *API) do(ctx context.Context, method, path string, body []byte, out any) error {
	return a.doWithKey(ctx, method, path, "", body, out)
}

// doWithKey is do with an Authorization: Bearer header when apiKey is not
// empty, which selects the sandbox tenant.
func (a *API) doWithKey(ctx context.Context, method, path, apiKey string, body []byte, out any) error {
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.BaseURL+path, reader)
	if err != nil {
		return fmt.Errorf("build %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
	}

	resp, err := a.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		_, _ = io.Copy(io.Discard, resp.Body)
		return &StatusError{Method: method, Path: path, Status: resp.StatusCode, Body: string(snippet)}
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode %s %s: %w", method, path, err)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// customerID is the part of a customer object the benchmark reads.
type customerID struct {
	ID string `json:"id"`
}

// message is the part of an SMS object the benchmark reads.
type message struct {
	Token string `json:"token"`
}

// CreateCustomer creates a US customer with phone and returns its id.
func (a *API) CreateCustomer(ctx context.Context, phone string) (string, error) {
	body := []byte(`{"unconfirmed_phone_number":"` + phone + `","country_code":"US"}`)
	var c customerID
	if err := a.do(ctx, http.MethodPost, "/v1/customers", body, &c); err != nil {
		return "", err
	}
	if c.ID == "" {
		return "", fmt.Errorf("POST /v1/customers for %s: response has no id", phone)
	}
	return c.ID, nil
}

// GetCustomer reads one customer and drops the body.
func (a *API) GetCustomer(ctx context.Context, id string) error {
	return a.do(ctx, http.MethodGet, "/v1/customers/"+id, nil, nil)
}

// UpdateFirstName sets the customer's first_name and drops the response body.
func (a *API) UpdateFirstName(ctx context.Context, id, name string) error {
	body := []byte(`{"first_name":"` + name + `"}`)
	return a.do(ctx, http.MethodPatch, "/v1/customers/"+id, body, nil)
}

// LatestToken returns the token of the newest SMS sent to the customer, read
// from the sandbox outbox.
func (a *API) LatestToken(ctx context.Context, id string) (string, error) {
	var m message
	if err := a.do(ctx, http.MethodGet, "/_sandbox/sms/latest?customer_id="+id, nil, &m); err != nil {
		return "", err
	}
	if m.Token == "" {
		return "", fmt.Errorf("GET /_sandbox/sms/latest for %s: response has no token", id)
	}
	return m.Token, nil
}

// Confirm confirms the customer's pending number with token.
func (a *API) Confirm(ctx context.Context, id, token string) error {
	body := []byte(`{"confirmation_token":"` + token + `"}`)
	return a.do(ctx, http.MethodPost, "/v1/customers/"+id+"/confirm", body, nil)
}

// Healthy reports whether GET /healthz returns 200.
func (a *API) Healthy(ctx context.Context) bool {
	return a.do(ctx, http.MethodGet, "/healthz", nil, nil) == nil
}
