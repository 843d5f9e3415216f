package testkit

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// APIError is an error response of the API: any status of 400 or above.
// Param is empty when the API sent null.
type APIError struct {
	Status    int
	Type      string
	Code      string
	Param     string
	Message   string
	RequestID string
	Body      []byte
}

// Error names the status, the code and the request id, so a failed test
// can be matched with the server's log.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("API error %d %s", e.Status, e.Code)
	if e.Param != "" {
		msg += fmt.Sprintf(" (param %s)", e.Param)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg + requestTag(e.RequestID)
}

// errorEnvelope is the body of every error response.
type errorEnvelope struct {
	Error struct {
		Type      string  `json:"type"`
		Code      string  `json:"code"`
		Param     *string `json:"param"`
		Message   string  `json:"message"`
		RequestID string  `json:"request_id"`
	} `json:"error"`
}

// newAPIError builds an APIError from an error response. A body that is not
// the error envelope still gives an APIError carrying the status and the
// Request-Id header.
func newAPIError(resp *Response) *APIError {
	e := &APIError{Status: resp.Status, RequestID: resp.RequestID(), Body: resp.Body}

	var env errorEnvelope
	if json.Unmarshal(resp.Body, &env) != nil {
		return e
	}

	e.Type = env.Error.Type
	e.Code = env.Error.Code
	e.Message = env.Error.Message
	if env.Error.Param != nil {
		e.Param = *env.Error.Param
	}
	if env.Error.RequestID != "" {
		e.RequestID = env.Error.RequestID
	}
	return e
}

// SchemaError reports a response body that does not match the JSON Schema
// of what the endpoint returns. Err names the JSON pointer and the rule.
type SchemaError struct {
	Schema    string
	Method    string
	Path      string
	Status    int
	RequestID string
	Err       error
}

// Error names the request, the schema and the failed rule. A validator
// error that names the schema itself is not prefixed a second time.
func (e *SchemaError) Error() string {
	request := fmt.Sprintf("%s %s answered %d%s", e.Method, e.Path, e.Status, requestTag(e.RequestID))
	var validation *schemas.ValidationError
	if errors.As(e.Err, &validation) {
		return fmt.Sprintf("%s, %v", request, e.Err)
	}
	return fmt.Sprintf("%s, body does not match schema %q: %v", request, e.Schema, e.Err)
}

// Unwrap returns the validator's error.
func (e *SchemaError) Unwrap() error {
	return e.Err
}
