package testkit

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"time"
)

// maxShownBody bounds how much of a body an error message quotes.
const maxShownBody = 600

// Response is one HTTP response with its body read.
type Response struct {
	Method  string
	Path    string
	Status  int
	Header  http.Header
	Body    []byte
	Elapsed time.Duration
}

// RequestID returns the Request-Id header.
func (r *Response) RequestID() string {
	return r.Header.Get("Request-Id")
}

// IsJSON reports whether the Content-Type header is application/json, with
// or without parameters.
func (r *Response) IsJSON() bool {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == "application/json"
}

// Decode unmarshals the body into v.
func (r *Response) Decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("%s: the body is not the expected JSON: %w", r, err)
	}
	return nil
}

// String describes the response for an error message: the request, the
// status, the request id and the start of the body.
func (r *Response) String() string {
	body := string(r.Body)
	if len(body) > maxShownBody {
		body = body[:maxShownBody] + "..."
	}
	if body == "" {
		body = "(empty body)"
	}
	return fmt.Sprintf("%s %s answered %d%s: %s",
		r.Method, r.Path, r.Status, requestTag(r.RequestID()), body)
}

// requestTag returns " [request ID]" for a message, or "" when the
// response carried no request id.
func requestTag(id string) string {
	if id == "" {
		return ""
	}
	return " [request " + id + "]"
}
