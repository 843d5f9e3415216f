package testkit

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// expectStatus checks the status of the latest response.
func (s *scenario) expectStatus(want int) error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	if resp.Status != want {
		return fmt.Errorf("got status %d, want %d: %s%s", resp.Status, want, resp, s.sandboxHint(resp))
	}
	return nil
}

// sandboxHint explains a 404 from the /_sandbox controls in a scenario
// without @sandbox, which the runner would have left out on a target
// without them. It returns "" in every other case.
func (s *scenario) sandboxHint(resp *Response) string {
	if s.sandboxTagged || resp.Status != http.StatusNotFound || !strings.HasPrefix(resp.Path, "/_sandbox") {
		return ""
	}
	return "; this step needs the /_sandbox controls, so tag the scenario @sandbox and the runner leaves it out where the target has none"
}

// expectSuccess checks that the latest response has a 2xx status.
func (s *scenario) expectSuccess() error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	if resp.Status < 200 || resp.Status > 299 {
		return fmt.Errorf("got status %d, want 2xx: %s%s", resp.Status, resp, s.sandboxHint(resp))
	}
	return nil
}

// apiError decodes the latest response as an error.
func (s *scenario) apiError() (*APIError, error) {
	resp, err := s.lastResponse()
	if err != nil {
		return nil, err
	}
	if resp.Status < 400 {
		return nil, fmt.Errorf("got status %d, want an error: %s", resp.Status, resp)
	}
	return newAPIError(resp), nil
}

func (s *scenario) statusIs(want int) error {
	return s.expectStatus(want)
}

// requestRejected checks for a client error, whatever the code: what the
// documentation promises without saying which status.
func (s *scenario) requestRejected() error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	if resp.Status < 400 || resp.Status > 499 {
		return fmt.Errorf("got status %d, want a 4xx rejection: %s", resp.Status, resp)
	}
	return nil
}

func (s *scenario) failsWith(status int, code string) error {
	if err := s.expectStatus(status); err != nil {
		return err
	}
	apiErr, err := s.apiError()
	if err != nil {
		return err
	}
	if apiErr.Code != code {
		return fmt.Errorf("got error code %q, want %q: %s", apiErr.Code, code, s.resp)
	}
	return nil
}

func (s *scenario) errorTypeIs(want string) error {
	apiErr, err := s.apiError()
	if err != nil {
		return err
	}
	if apiErr.Type != want {
		return fmt.Errorf("got error type %q, want %q: %s", apiErr.Type, want, s.resp)
	}
	return nil
}

func (s *scenario) errorParamIs(want string) error {
	apiErr, err := s.apiError()
	if err != nil {
		return err
	}
	if apiErr.Param != want {
		return fmt.Errorf("got error param %q, want %q: %s", apiErr.Param, want, s.resp)
	}
	return nil
}

func (s *scenario) errorParamIsNull() error {
	apiErr, err := s.apiError()
	if err != nil {
		return err
	}
	if apiErr.Param != "" {
		return fmt.Errorf("got error param %q, want null: %s", apiErr.Param, s.resp)
	}
	return nil
}

func (s *scenario) errorMessageContains(want string) error {
	apiErr, err := s.apiError()
	if err != nil {
		return err
	}
	if !strings.Contains(apiErr.Message, want) {
		return fmt.Errorf("the error message %q does not contain %q", apiErr.Message, want)
	}
	return nil
}

// errorRequestIDMatchesHeader checks that the body's request_id is the
// Request-Id header, so a report can be matched with the server's log.
func (s *scenario) errorRequestIDMatchesHeader() error {
	if err := s.hasRequestIDHeader(); err != nil {
		return err
	}
	var env errorEnvelope
	if err := json.Unmarshal(s.resp.Body, &env); err != nil {
		return fmt.Errorf("the body is not an error: %s", s.resp)
	}
	if env.Error.RequestID != s.resp.RequestID() {
		return fmt.Errorf("the error request_id is %q, want the Request-Id header %q",
			env.Error.RequestID, s.resp.RequestID())
	}
	return nil
}

func (s *scenario) hasRequestIDHeader() error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	if resp.RequestID() == "" {
		return fmt.Errorf("the response has no Request-Id header: %s", resp)
	}
	return nil
}

func (s *scenario) headerIs(name, want string) error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	if got := resp.Header.Get(name); got != want {
		return fmt.Errorf("the %s header is %q, want %q: %s", name, got, want, resp)
	}
	return nil
}

// headerLists checks that a comma-separated header holds each of the
// comma-separated values, in any order and case.
func (s *scenario) headerLists(name, values string) error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, line := range resp.Header.Values(name) {
		for item := range strings.SplitSeq(line, ",") {
			have[strings.ToLower(strings.TrimSpace(item))] = true
		}
	}
	for want := range strings.SplitSeq(values, ",") {
		want = strings.TrimSpace(want)
		if !have[strings.ToLower(want)] {
			return fmt.Errorf("the %s header %q does not list %q: %s",
				name, strings.Join(resp.Header.Values(name), ", "), want, resp)
		}
	}
	return nil
}

// headerSecondsBetween checks a header such as Retry-After that holds a
// whole number of seconds.
func (s *scenario) headerSecondsBetween(name string, low, high int) error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	value := resp.Header.Get(name)
	seconds, err := strconv.Atoi(value)
	if err != nil || seconds < low || seconds > high {
		return fmt.Errorf("the %s header is %q, want a whole number of seconds from %d to %d: %s",
			name, value, low, high, resp)
	}
	return nil
}

// locationIsCustomerURL accepts an absolute or a relative Location whose
// path is the customer's.
func (s *scenario) locationIsCustomerURL() error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	location := s.resp.Header.Get("Location")
	parsed, err := url.Parse(location)
	if err != nil || parsed.Path != "/v1/customers/"+id {
		return fmt.Errorf("the Location header is %q, want the path /v1/customers/%s", location, id)
	}
	return nil
}

func (s *scenario) bodyIsEmpty() error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	if len(resp.Body) != 0 {
		return fmt.Errorf("the body has %d bytes, want none: %s", len(resp.Body), resp)
	}
	return nil
}

func (s *scenario) tookAtLeast(d string) error {
	want, err := time.ParseDuration(d)
	if err != nil {
		return fmt.Errorf("%q is not a Go duration like \"1s\"", d)
	}
	if s.resp == nil || s.resp.Elapsed < want {
		return fmt.Errorf("the response took %s, want at least %s", s.resp.Elapsed, want)
	}
	return nil
}

func (s *scenario) tookLessThan(d string) error {
	want, err := time.ParseDuration(d)
	if err != nil {
		return fmt.Errorf("%q is not a Go duration like \"1s\"", d)
	}
	if s.resp == nil || s.resp.Elapsed >= want {
		return fmt.Errorf("the response took %s, want less than %s", s.resp.Elapsed, want)
	}
	return nil
}

// responseFieldIs compares a field of the JSON body, named by a dotted path
// like "error.code", with a JSON value written in the feature file.
func (s *scenario) responseFieldIs(path, literal string) error {
	resp, err := s.lastResponse()
	if err != nil {
		return err
	}
	var want any
	if err := json.Unmarshal([]byte(literal), &want); err != nil {
		return fmt.Errorf("%s is not a JSON value; quote strings, like \"ok\"", literal)
	}
	var body any
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		return fmt.Errorf("the body is not JSON: %s", resp)
	}

	got := body
	for name := range strings.SplitSeq(path, ".") {
		object, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("the body has no field %q: %s", path, resp)
		}
		if got, ok = object[name]; !ok {
			return fmt.Errorf("the body has no field %q: %s", path, resp)
		}
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("the field %q is %v, want %s: %s", path, jsonText(got), literal, resp)
	}
	return nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
