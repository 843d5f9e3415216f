package sandbox

import (
	"fmt"
	"net/http"
)

// Error codes returned in the "code" field of the error envelope. Clients
// branch on these, so they never change once published.
const (
	codeBodyInvalid              = "body_invalid"
	codeParameterMissing         = "parameter_missing"
	codeParameterUnknown         = "parameter_unknown"
	codeParameterInvalidType     = "parameter_invalid_type"
	codeParameterInvalid         = "parameter_invalid"
	codeAPIKeyInvalid            = "api_key_invalid"
	codeResourceMissing          = "resource_missing"
	codeRouteMissing             = "route_missing"
	codeMethodNotAllowed         = "method_not_allowed"
	codePhoneNumberTaken         = "phone_number_taken"
	codeAlreadyConfirmed         = "already_confirmed"
	codeBodyTooLarge             = "body_too_large"
	codeUnsupportedMediaType     = "unsupported_media_type"
	codeConfirmationTokenInvalid = "confirmation_token_invalid"
	codeConfirmationTokenExpired = "confirmation_token_expired"
	codeTooManyAttempts          = "too_many_attempts"
	codeTooManyRequests          = "too_many_requests"
	codeInternalError            = "internal_error"
)

// Error types group the codes the way payment-style APIs do, so an SDK can
// map a whole family of failures to one exception class.
const (
	typeInvalidRequest = "invalid_request_error"
	typeAuthentication = "authentication_error"
	typeRateLimit      = "rate_limit_error"
	typeAPI            = "api_error"
)

// apiError is a failure that handlers return and writeError turns into the
// JSON error envelope. Anything that is not an *apiError becomes a 500 whose
// body carries no detail.
type apiError struct {
	Status  int
	Code    string
	Param   string // empty becomes null in the body
	Message string

	// RetryAfter, when positive, is sent as the Retry-After header in seconds.
	RetryAfter int
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

// errorType returns the envelope's "type" for an HTTP status.
func errorType(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return typeAuthentication
	case status == http.StatusTooManyRequests:
		return typeRateLimit
	case status >= 500:
		return typeAPI
	default:
		return typeInvalidRequest
	}
}

// errorEnvelope is the body of every error response.
type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Type      string  `json:"type"`
	Code      string  `json:"code"`
	Param     *string `json:"param"`
	Message   string  `json:"message"`
	RequestID string  `json:"request_id"`
}

func newError(status int, code, param, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Param: param, Message: fmt.Sprintf(format, args...)}
}

func errMissing(param string) *apiError {
	return newError(http.StatusBadRequest, codeParameterMissing, param,
		"Missing required parameter %q. Send it as a JSON string.", param)
}

func errInvalid(param, format string, args ...any) *apiError {
	return newError(http.StatusUnprocessableEntity, codeParameterInvalid, param, format, args...)
}

func errCustomerMissing(id string) *apiError {
	return newError(http.StatusNotFound, codeResourceMissing, "id",
		"No such customer: %q. Check the id, and that the request uses the API key the customer was created with.", truncate(id, 80))
}

func errRouteMissing(method, path string) *apiError {
	return newError(http.StatusNotFound, codeRouteMissing, "",
		"Unrecognized request URL (%s %s). Paths have no trailing slash; see the API reference for the routes.", method, truncate(path, 200))
}

func errInternal() *apiError {
	return newError(http.StatusInternalServerError, codeInternalError, "",
		"The sandbox hit an internal error. It has been logged with this request id; please report it.")
}

// truncate shortens s to at most n bytes so hostile input cannot bloat an
// error message; it keeps whole UTF-8 sequences.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
