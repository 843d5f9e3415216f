package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// exampleRequestID is the request id used in the document's examples.
const exampleRequestID = "req_4f8k2m9x7q1v3n6b"

// errorExample is a typical error envelope for one code, for the examples
// of the OpenAPI document.
type errorExample struct {
	status  int
	param   string // "" is null
	message string
}

// errorExamples holds one example per error code. The messages follow the
// ones the handlers write; the tests check that every code the handlers use
// has an entry here.
var errorExamples = map[string]errorExample{
	codeBodyInvalid: {http.StatusBadRequest, "",
		"The request body is not valid JSON: unexpected end of input. Send one JSON object."},
	codeParameterMissing: {http.StatusBadRequest, "country_code",
		"Missing required parameter \"country_code\". Send it as a JSON string."},
	codeParameterUnknown: {http.StatusBadRequest, "Email",
		"Unknown parameter \"Email\". Parameter names are case-sensitive: did you mean \"email\"?"},
	codeParameterInvalidType: {http.StatusBadRequest, "confirmation_token",
		"Invalid type for \"confirmation_token\": expected a string, got a number. Send it as a JSON string."},
	codeAPIKeyInvalid: {http.StatusUnauthorized, "",
		"No API key provided. Send it in the Authorization header as \"Bearer YOUR_KEY\"."},
	codeResourceMissing: {http.StatusNotFound, "id",
		"No such customer: \"cus_unknown\". Check the id, and that the request uses the API key the customer was created with."},
	codeRouteMissing: {http.StatusNotFound, "",
		"Unrecognized request URL (GET /v1/customers/). Paths have no trailing slash; see the API reference for the routes."},
	codeMethodNotAllowed: {http.StatusMethodNotAllowed, "",
		"The method PUT is not allowed on /v1/customers/{id}. Allowed methods: GET, HEAD, OPTIONS, PATCH."},
	codePhoneNumberTaken: {http.StatusConflict, "unconfirmed_phone_number",
		"The phone number +12025550143 already belongs to customer cus_7k2m9x4q1v8n3b6c5z0w2r4t. Use another number, or retrieve that customer with GET /v1/customers/cus_7k2m9x4q1v8n3b6c5z0w2r4t."},
	codeAlreadyConfirmed: {http.StatusConflict, "",
		"Customer cus_7k2m9x4q1v8n3b6c5z0w2r4t has no pending confirmation: the phone number is already confirmed."},
	codeBodyTooLarge: {http.StatusRequestEntityTooLarge, "",
		"The request body is larger than the limit of 65536 bytes. Send a smaller body."},
	codeUnsupportedMediaType: {http.StatusUnsupportedMediaType, "",
		"Unsupported Content-Type \"application/x-www-form-urlencoded\". Send the body as JSON with Content-Type: application/json."},
	codeParameterInvalid: {http.StatusUnprocessableEntity, "unconfirmed_phone_number",
		"The phone number \"333-333-333\" is not a possible number for US: US numbers have 10 digits, such as 202-555-0143."},
	codeConfirmationTokenInvalid: {http.StatusUnprocessableEntity, "confirmation_token",
		"The confirmation token is incorrect; 4 attempts left before it is destroyed. Check the code in the latest SMS."},
	codeConfirmationTokenExpired: {http.StatusUnprocessableEntity, "confirmation_token",
		"The confirmation token expired at 2026-12-04T15:32:45.120Z. Request a new one with POST /v1/customers/cus_7k2m9x4q1v8n3b6c5z0w2r4t/generate_confirmation."},
	codeTooManyAttempts: {http.StatusTooManyRequests, "confirmation_token",
		"The confirmation token has had 5 wrong attempts and was destroyed. Request a new one with POST /v1/customers/cus_7k2m9x4q1v8n3b6c5z0w2r4t/generate_confirmation."},
	codeTooManyRequests: {http.StatusTooManyRequests, "",
		"Customer cus_7k2m9x4q1v8n3b6c5z0w2r4t has been sent 5 SMS in the last 10m0s, the limit. Retry after 412 seconds."},
	codeInternalError: {http.StatusInternalServerError, "",
		"The sandbox hit an internal error. It has been logged with this request id; please report it."},
}

// errorEnvelopeExample returns the error body of code's example.
func errorEnvelopeExample(code string) map[string]any {
	ex := errorExamples[code]
	var param any
	if ex.param != "" {
		param = ex.param
	}
	return map[string]any{"error": map[string]any{
		"type":       errorType(ex.status),
		"code":       code,
		"param":      param,
		"message":    ex.message,
		"request_id": exampleRequestID,
	}}
}

// errorResponse returns the response for one status that answers with any
// of codes, with an example of each code.
func errorResponse(status int, codes []string) *openAPIResp {
	examples := map[string]*example{}
	for _, code := range codes {
		examples[code] = &example{Summary: code, Value: errorEnvelopeExample(code)}
	}

	headers := map[string]*header{"Request-Id": headerRef("Request-Id")}
	if slices.Contains(codes, codeTooManyRequests) {
		headers["Retry-After"] = headerRef("Retry-After")
	}
	if slices.Contains(codes, codeMethodNotAllowed) {
		headers["Allow"] = headerRef("Allow")
	}

	return &openAPIResp{
		Description: fmt.Sprintf("%s: %s.", http.StatusText(status), strings.Join(codes, ", ")),
		Headers:     headers,
		Content: map[string]mediaType{"application/json": {
			Schema:   schemaRef("error"),
			Examples: examples,
		}},
	}
}

// Names of the shared error responses in components.responses.
const (
	respUnauthorized     = "Unauthorized"
	respInternalError    = "InternalError"
	respRouteMissing     = "RouteMissing"
	respMethodNotAllowed = "MethodNotAllowed"
)

// sharedErrorResponses are the error responses that do not depend on the
// operation, by component name and the codes each carries.
var sharedErrorResponses = map[string][]string{
	respUnauthorized:     {codeAPIKeyInvalid},
	respInternalError:    {codeInternalError},
	respRouteMissing:     {codeRouteMissing},
	respMethodNotAllowed: {codeMethodNotAllowed},
}

// componentErrorResponses returns components.responses.
func componentErrorResponses() map[string]*openAPIResp {
	out := map[string]*openAPIResp{}
	for name, codes := range sharedErrorResponses {
		out[name] = errorResponse(errorExamples[codes[0]].status, codes)
	}
	return out
}

// addErrorResponses adds to responses one entry per status that codes
// map to. A status whose only code has a shared response refers to it.
func addErrorResponses(responses map[string]*openAPIResp, codes []string) error {
	byStatus := map[int][]string{}
	for _, code := range codes {
		ex, ok := errorExamples[code]
		if !ok {
			return fmt.Errorf("error code %q has no example: add it to errorExamples", code)
		}
		byStatus[ex.status] = append(byStatus[ex.status], code)
	}

	for status, group := range byStatus {
		key := strconv.Itoa(status)
		if _, taken := responses[key]; taken {
			return fmt.Errorf("status %d is both a success and an error response", status)
		}
		responses[key] = errorResponseOrRef(status, group)
	}
	return nil
}

func errorResponseOrRef(status int, codes []string) *openAPIResp {
	for name, shared := range sharedErrorResponses {
		if slices.Equal(shared, codes) {
			return &openAPIResp{Ref: "#/components/responses/" + name}
		}
	}
	return errorResponse(status, codes)
}

// headerRef returns a reference to a header in components.headers.
func headerRef(name string) *header {
	return &header{Ref: "#/components/headers/" + name}
}

// componentHeaders returns components.headers: the response headers the
// document refers to.
func componentHeaders() map[string]*header {
	return map[string]*header{
		"Request-Id": {
			Description: "Id of this request, sent on every response; error bodies repeat it as error.request_id. Quote it when reporting a problem.",
			Required:    true,
			Schema:      schemaRef("request_id"),
			Example:     exampleRequestID,
		},
		"Location": {
			Description: "Path of the created customer.",
			Required:    true,
			Schema:      map[string]any{"type": "string"},
			Example:     "/v1/customers/cus_7k2m9x4q1v8n3b6c5z0w2r4t",
		},
		"Retry-After": {
			Description: "Seconds until the oldest send leaves the send window and another SMS may be sent.",
			Required:    true,
			Schema:      map[string]any{"type": "integer", "minimum": 1},
			Example:     412,
		},
		"Allow": {
			Description: "Methods the path serves, comma-separated.",
			Required:    true,
			Schema:      map[string]any{"type": "string"},
			Example:     "GET, HEAD, OPTIONS, PATCH",
		},
	}
}
