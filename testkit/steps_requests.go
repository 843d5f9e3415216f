package testkit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// sendPlain sends a request with no body.
func (s *scenario) sendPlain(ctx context.Context, method, path string) error {
	return s.sendRaw(ctx, Request{Method: method}, path, "")
}

func (s *scenario) sendWithBody(ctx context.Context, method, path, body string) error {
	return s.sendRaw(ctx, Request{Method: method, Body: []byte{}}, path, body)
}

func (s *scenario) sendWithContentType(ctx context.Context, method, path, contentType, body string) error {
	return s.sendRaw(ctx, Request{Method: method, Body: []byte{}, ContentType: contentType}, path, body)
}

func (s *scenario) sendWithoutContentType(ctx context.Context, method, path, body string) error {
	return s.sendRaw(ctx, Request{Method: method, Body: []byte{}, OmitContentType: true}, path, body)
}

func (s *scenario) sendWithoutAPIKey(ctx context.Context, method, path string) error {
	return s.sendRaw(ctx, Request{Method: method, OmitAPIKey: true}, path, "")
}

func (s *scenario) sendWithAPIKey(ctx context.Context, method, path, key string) error {
	header := http.Header{"Authorization": {"Bearer " + key}}
	return s.sendRaw(ctx, Request{Method: method, Header: header, OmitAPIKey: true}, path, "")
}

func (s *scenario) sendFromOrigin(ctx context.Context, method, path, origin string) error {
	header := http.Header{"Origin": {origin}}
	return s.sendRaw(ctx, Request{Method: method, Header: header}, path, "")
}

// sendPreflight sends a CORS preflight, which carries no API key.
func (s *scenario) sendPreflight(ctx context.Context, method, path, origin string) error {
	header := http.Header{
		"Origin":                         {origin},
		"Access-Control-Request-Method":  {method},
		"Access-Control-Request-Headers": {"authorization, content-type"},
	}
	req := Request{Method: http.MethodOptions, Header: header, OmitAPIKey: true}
	return s.sendRaw(ctx, req, path, "")
}

// sendLargeBody sends a JSON object of exactly kib KiB: one attribute
// padded with spaces, so only the size makes it wrong.
func (s *scenario) sendLargeBody(ctx context.Context, method, path string, kib int) error {
	const head, tail = `{"first_name":"a"`, `}`
	size := kib * 1024
	if size < len(head)+len(tail) {
		return fmt.Errorf("a body of %d KiB is too small to hold a JSON object", kib)
	}
	body := head + strings.Repeat(" ", size-len(head)-len(tail)) + tail
	return s.sendRaw(ctx, Request{Method: method, Body: []byte{}}, path, body)
}

// sendRaw expands the placeholders of path and body and sends the request.
// When the body used {new-phone} and the number turns out taken, it retries
// with another fresh number.
func (s *scenario) sendRaw(ctx context.Context, req Request, path, body string) error {
	return s.cfg.Phones.retryTaken(func() (bool, error) {
		return s.sendExpanded(ctx, req, path, body)
	})
}

func (s *scenario) sendExpanded(ctx context.Context, req Request, path, body string) (retry bool, err error) {
	expandedPath, err := s.expand(path, true)
	if err != nil {
		return false, err
	}
	req.Path = expandedPath.text
	if !strings.HasPrefix(req.Path, "/") {
		return false, fmt.Errorf("path %q must start with /", path)
	}

	var newPhone string
	if req.Body != nil {
		expandedBody, err := s.expand(body, false)
		if err != nil {
			return false, err
		}
		req.Body = []byte(expandedBody.text)
		newPhone = expandedBody.newPhone
	}
	if newPhone != "" {
		s.phone = newPhone
	}

	if err := s.send(ctx, req); err != nil {
		return false, err
	}
	if s.resp.Status == http.StatusCreated && req.Path == "/v1/customers" {
		s.remembered = s.customer
	}
	return newPhone != "" && isTaken(s.resp), nil
}

// switchKey makes the scenario act as a new tenant.
func (s *scenario) switchKey() error {
	if !s.cfg.PerScenarioKeys {
		return errors.New("this step needs a target with one tenant per API key; tag the scenario @tenants")
	}
	key := s.newKey()
	s.keys = append(s.keys, key)
	s.client = s.client.WithKey(key)
	return nil
}

// switchBack makes the scenario act as its first tenant again.
func (s *scenario) switchBack() error {
	s.client = s.client.WithKey(s.keys[0])
	return nil
}
