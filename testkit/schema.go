package testkit

import (
	"net/http"
	"strings"
)

// SchemaFor returns the name of the JSON Schema a response body must match,
// or "" when the response has no body to check: HEAD and OPTIONS requests,
// 204 responses, generate_confirmation's empty 201 and paths the API does
// not define. Every status of 400 or above must carry the error envelope.
func SchemaFor(method, path string, status int) string {
	if method == http.MethodHead || method == http.MethodOptions || status == http.StatusNoContent {
		return ""
	}
	if status >= 400 {
		return "error"
	}
	if status < 200 || status >= 300 {
		return ""
	}

	path, _, _ = strings.Cut(path, "?")
	segments := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case len(segments) >= 2 && segments[0] == "v1" && segments[1] == "customers":
		return customerSchema(segments[2:])
	case len(segments) >= 1 && segments[0] == "_sandbox":
		return sandboxSchema(method, segments[1:])
	case path == "/healthz":
		return "health"
	}
	return ""
}

// customerSchema maps the rest of a /v1/customers path to its schema.
func customerSchema(rest []string) string {
	switch {
	case len(rest) == 0, len(rest) == 1:
		return "customer"
	case len(rest) == 2 && rest[1] == "confirm":
		return "customer"
	}
	return ""
}

// sandboxSchema maps the rest of a /_sandbox path to its schema.
func sandboxSchema(method string, rest []string) string {
	switch strings.Join(rest, "/") {
	case "sms":
		if method == http.MethodGet {
			return "sms_list"
		}
	case "sms/latest":
		return "sms"
	case "customers":
		return "customer_list"
	case "clock":
		return "clock"
	case "state":
		if method == http.MethodGet {
			return "state"
		}
	}
	return ""
}
