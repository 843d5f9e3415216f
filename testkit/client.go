package testkit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// maxResponseBytes bounds how much of a response body the client reads. The
// largest body the sandbox sends is a state export, limited to 16 MiB by
// default.
const maxResponseBytes = 64 << 20

// Validator checks a response body against the named JSON Schema and returns
// an error naming the JSON pointer and the rule that failed.
type Validator func(schema string, body []byte) error

// Client is a typed client for the customers API and the sandbox controls.
// It is safe for concurrent use. Every response body is checked against its
// schema unless the validator is turned off with WithValidator(nil).
type Client struct {
	baseURL  string
	apiKey   string
	http     *http.Client
	validate Validator

	// schemaFor picks the schema of a response, SchemaFor unless a
	// scenario narrows it.
	schemaFor func(method, path string, status int) string
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithAPIKey sets the key sent as "Authorization: Bearer KEY". An empty key
// sends no header, which the sandbox reads as the default tenant.
func WithAPIKey(key string) ClientOption {
	return func(c *Client) { c.apiKey = key }
}

// WithHTTPClient replaces the HTTP client; nil keeps NewHTTPClient's. The
// client must not follow redirects, because the API never redirects and a
// redirect is a deviation.
func WithHTTPClient(h *http.Client) ClientOption {
	return func(c *Client) {
		if h != nil {
			c.http = h
		}
	}
}

// WithValidator replaces the schema validator; nil turns validation off.
func WithValidator(v Validator) ClientOption {
	return func(c *Client) { c.validate = v }
}

// withSchemaFor replaces the function that picks a response's schema; an
// empty name leaves the body unchecked.
func withSchemaFor(pick func(method, path string, status int) string) ClientOption {
	return func(c *Client) { c.schemaFor = pick }
}

// NewClient returns a client for the API at baseURL, for example
// "http://127.0.0.1:8080".
func NewClient(baseURL string, opts ...ClientOption) *Client {
	c := &Client{
		baseURL:   strings.TrimRight(baseURL, "/"),
		http:      NewHTTPClient(),
		validate:  schemas.Validate,
		schemaFor: SchemaFor,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// NewHTTPClient returns an HTTP client that does not follow redirects and
// gives up on a request after 40 seconds, longer than the longest
// long-poll the sandbox allows (30 s).
func NewHTTPClient() *http.Client {
	return &http.Client{
		Timeout: 40 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// WithKey returns a copy of the client that sends another API key.
func (c *Client) WithKey(key string) *Client {
	copied := *c
	copied.apiKey = key
	return &copied
}

// BaseURL returns the URL the client sends requests to.
func (c *Client) BaseURL() string {
	return c.baseURL
}

// APIKey returns the key the client sends, empty for none.
func (c *Client) APIKey() string {
	return c.apiKey
}

// Request is one raw HTTP request. Path includes any query string and is
// sent as written, so it can carry double or encoded slashes.
type Request struct {
	Method string
	Path   string
	Body   []byte

	// ContentType defaults to application/json when Body is not nil.
	ContentType string

	// OmitContentType sends a body without a Content-Type header.
	OmitContentType bool

	// OmitAPIKey sends no Authorization header whatever the client's key.
	OmitAPIKey bool

	// Header holds extra headers, for example Origin for CORS checks. An
	// Authorization header here is sent when OmitAPIKey is set.
	Header http.Header
}

// Do sends a raw request and returns the response. When the body does not
// match the schema of what the endpoint returns, Do returns the response
// together with a *SchemaError.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	req, err := c.newRequest(ctx, r)
	if err != nil {
		return nil, err
	}

	start := time.Now()
	httpResp, err := c.http.Do(req)
	if err != nil {
		// The *url.Error repeats the method and URL; keep only its cause.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("%s %s failed: %w", r.Method, c.baseURL+r.Path, err)
	}
	defer httpResp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(httpResp.Body, maxResponseBytes))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the response body failed: %w", r.Method, r.Path, err)
	}

	resp := &Response{
		Method:  r.Method,
		Path:    r.Path,
		Status:  httpResp.StatusCode,
		Header:  httpResp.Header,
		Body:    body,
		Elapsed: time.Since(start),
	}
	return resp, c.check(resp)
}

func (c *Client) newRequest(ctx context.Context, r Request) (*http.Request, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}

	req, err := http.NewRequestWithContext(ctx, r.Method, c.baseURL+r.Path, body)
	if err != nil {
		return nil, fmt.Errorf("building %s %s failed: %w", r.Method, r.Path, err)
	}

	for name, values := range r.Header {
		req.Header[name] = values
	}
	if c.apiKey != "" && !r.OmitAPIKey {
		req.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	if r.Body != nil && !r.OmitContentType {
		contentType := r.ContentType
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// check validates the body against the schema the endpoint and status call
// for. Bodies of endpoints without a schema are not checked.
func (c *Client) check(resp *Response) error {
	if c.validate == nil {
		return nil
	}

	name := c.schemaFor(resp.Method, resp.Path, resp.Status)
	if name == "" {
		return nil
	}

	schemaErr := &SchemaError{
		Schema: name, Method: resp.Method, Path: resp.Path,
		Status: resp.Status, RequestID: resp.RequestID(),
	}
	if !resp.IsJSON() {
		schemaErr.Err = fmt.Errorf("Content-Type is %q, want application/json",
			resp.Header.Get("Content-Type"))
		return schemaErr
	}
	if err := c.validate(name, resp.Body); err != nil {
		schemaErr.Err = err
		return schemaErr
	}
	return nil
}
