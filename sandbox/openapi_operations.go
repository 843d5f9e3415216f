package sandbox

import (
	"net/http"
)

// operationSpec describes one method of one route for the OpenAPI
// document. The router decides which of them the document lists: an
// operation appears exactly when the server serves it.
type operationSpec struct {
	method      string
	path        string // the router's path template
	id          string // operationId
	tag         string
	summary     string
	description string

	// public operations need no API key.
	public bool

	params []*parameter
	body   *requestBody

	// responses contains the success responses by status.
	responses map[int]*openAPIResp

	// errors lists the error codes the operation can return besides
	// api_key_invalid and internal_error, which every operation gets.
	errors []string

	// schemas contains component schemas that only this operation uses. A
	// schema of the same name in the schemas package takes precedence.
	schemas map[string]any
}

// Tags group the operations in the document.
const (
	tagCustomers = "customers"
	tagSandbox   = "sandbox"
	tagPage      = "outbox page"
	tagService   = "service"
)

var openAPITags = []openAPITag{
	{Name: tagCustomers, Description: "The customers API, as a real deployment serves it."},
	{Name: tagSandbox, Description: "Controls for tests: the SMS outbox, the clock, state import and export, resets. Per tenant, with the same API key as the API. Off with --no-admin."},
	{Name: tagPage, Description: "The outbox page for people, and the event stream it reads. Off with --no-admin."},
	{Name: tagService, Description: "Health, this document and metrics. No API key needed."},
}

// bodyErrors are the codes of every operation that reads a JSON body.
var bodyErrors = []string{
	codeBodyInvalid, codeParameterUnknown, codeParameterInvalidType,
	codeBodyTooLarge, codeUnsupportedMediaType,
}

// operationSpecs returns the description of every operation the server
// can serve, in any configuration.
func operationSpecs() []operationSpec {
	var specs []operationSpec
	specs = append(specs, customerOperations()...)
	specs = append(specs, serviceOperations()...)
	specs = append(specs, sandboxOperations()...)
	specs = append(specs, pageOperations()...)
	return specs
}

func customerOperations() []operationSpec {
	return []operationSpec{
		{
			method: http.MethodPost, path: "/v1/customers", id: "createCustomer", tag: tagCustomers,
			summary:     "Create a customer",
			description: "Creates an unconfirmed customer, generates a confirmation token and sends it by SMS to the number. In the sandbox the SMS lands in the tenant's outbox (GET /_sandbox/sms). A number held by another customer of the tenant, pending or confirmed, is taken however it is written.",
			body: jsonBody("The number to confirm and its country.", "customer_create_request", map[string]*example{
				"national":      {Summary: "national form", Value: map[string]any{"unconfirmed_phone_number": "202-555-0143", "country_code": "US"}},
				"international": {Summary: "E.164 form", Value: map[string]any{"unconfirmed_phone_number": "+12025550143", "country_code": "us"}},
			}),
			responses: map[int]*openAPIResp{http.StatusCreated: created()},
			errors:    append(append([]string{codeParameterMissing}, bodyErrors...), codeParameterInvalid, codePhoneNumberTaken),
			schemas:   map[string]any{"customer_create_request": requestSchemas()["customer_create_request"]},
		},
		{
			method: http.MethodGet, path: "/v1/customers/{id}", id: "retrieveCustomer", tag: tagCustomers,
			summary:     "Retrieve a customer",
			description: "Returns the customer. A customer created with another API key is not found.",
			params:      []*parameter{paramRef("customer_id_path")},
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The customer.", "customer")},
			errors:      []string{codeResourceMissing},
		},
		{
			method: http.MethodPatch, path: "/v1/customers/{id}", id: "updateCustomer", tag: tagCustomers,
			summary:     "Update a customer",
			description: "Sets or clears (with null) first_name, last_name and email. updated_at moves only when a value changes; {} changes nothing.",
			params:      []*parameter{paramRef("customer_id_path")},
			body: jsonBody("The attributes to change.", "customer_update_request", map[string]*example{
				"set":   {Summary: "set the name and email", Value: map[string]any{"first_name": "Philippe", "last_name": "Dionne", "email": "phil@example.com"}},
				"clear": {Summary: "clear the email", Value: map[string]any{"email": nil}},
			}),
			responses: map[int]*openAPIResp{http.StatusOK: jsonResponse("The updated customer.", "customer")},
			errors:    append(append([]string{}, bodyErrors...), codeParameterInvalid, codeResourceMissing),
			schemas:   map[string]any{"customer_update_request": requestSchemas()["customer_update_request"]},
		},
		{
			method: http.MethodPost, path: "/v1/customers/{id}/confirm", id: "confirmCustomer", tag: tagCustomers,
			summary:     "Confirm a customer",
			description: "Checks the token from the SMS. On success unconfirmed_phone_number moves to phone_number, confirmed_at is set and the token is cleared. A wrong token counts as a failed attempt; after --max-confirm-attempts (5) the token is destroyed and only a new one helps. An expired token is reported before a wrong one, and tries on it do not count.",
			params:      []*parameter{paramRef("customer_id_path")},
			body: jsonBody("The token from the SMS.", "customer_confirm_request", map[string]*example{
				"token": {Summary: "the token from the SMS", Value: map[string]any{"confirmation_token": "123456"}},
			}),
			responses: map[int]*openAPIResp{http.StatusOK: jsonResponse("The confirmed customer.", "customer")},
			errors: append(append([]string{codeParameterMissing}, bodyErrors...),
				codeResourceMissing, codeAlreadyConfirmed, codeTooManyAttempts,
				codeConfirmationTokenExpired, codeConfirmationTokenInvalid),
			schemas: map[string]any{"customer_confirm_request": requestSchemas()["customer_confirm_request"]},
		},
		{
			method: http.MethodPost, path: "/v1/customers/{id}/generate_confirmation", id: "generateConfirmation", tag: tagCustomers,
			summary:     "Send a new confirmation token",
			description: "Replaces the pending token with a new one, so the old one stops working, resets confirmation_sent_at and the failed attempts, and sends a new SMS. At most --max-sends (5) SMS per customer within --send-window (10 minutes).",
			params:      []*parameter{paramRef("customer_id_path")},
			body: &requestBody{
				Description: "No parameters: send no body or {}.",
				Content:     map[string]mediaType{"application/json": {Schema: schemaRef("empty_request"), Example: map[string]any{}}},
			},
			responses: map[int]*openAPIResp{http.StatusCreated: emptyResponse("The new token was sent. The body is empty.")},
			errors: append(append([]string{}, bodyErrors...),
				codeResourceMissing, codeAlreadyConfirmed, codeTooManyRequests),
			schemas: map[string]any{"empty_request": requestSchemas()["empty_request"]},
		},
	}
}

func serviceOperations() []operationSpec {
	return []operationSpec{
		{
			method: http.MethodGet, path: "/healthz", id: "health", tag: tagService, public: true,
			summary:     "Check readiness",
			description: "Returns 200 once the server serves requests.",
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The server is ready.", "health")},
		},
		{
			method: http.MethodGet, path: "/openapi.json", id: "openAPIDocument", tag: tagService, public: true,
			summary:     "Get this OpenAPI document",
			description: "Returns this document, listing the operations this server serves: with --no-admin the sandbox controls and the outbox page are left out.",
			responses: map[int]*openAPIResp{http.StatusOK: {
				Description: "The OpenAPI 3.1 document.",
				Headers:     requestIDHeader(),
				Content:     map[string]mediaType{"application/json": {Schema: map[string]any{"type": "object", "required": []any{"openapi", "info", "paths"}}}},
			}},
		},
		{
			method: http.MethodGet, path: "/metrics", id: "metrics", tag: tagService, public: true,
			summary:     "Get Prometheus metrics",
			description: "Returns the server's metrics in the Prometheus text exposition format.",
			responses: map[int]*openAPIResp{http.StatusOK: {
				Description: "The metrics.",
				Headers:     requestIDHeader(),
				Content:     map[string]mediaType{"text/plain": {Schema: map[string]any{"type": "string"}}},
			}},
		},
	}
}

// created is the 201 of POST /v1/customers.
func created() *openAPIResp {
	resp := jsonResponse("The customer was created and the SMS sent.", "customer")
	resp.Headers["Location"] = headerRef("Location")
	return resp
}

// jsonResponse returns a JSON response whose body is the component schema
// called name; the build adds the schema's first example.
func jsonResponse(description, name string) *openAPIResp {
	return &openAPIResp{
		Description: description,
		Headers:     requestIDHeader(),
		Content:     map[string]mediaType{"application/json": {Schema: schemaRef(name)}},
	}
}

// emptyResponse returns a response without a body.
func emptyResponse(description string) *openAPIResp {
	return &openAPIResp{Description: description, Headers: requestIDHeader()}
}

func requestIDHeader() map[string]*header {
	return map[string]*header{"Request-Id": headerRef("Request-Id")}
}

// paramRef returns a reference to a parameter in components.parameters.
func paramRef(name string) *parameter {
	return &parameter{Ref: "#/components/parameters/" + name}
}

// componentParameters returns components.parameters.
func componentParameters() map[string]*parameter {
	return map[string]*parameter{
		"customer_id_path": {
			Name: "id", In: "path", Required: true,
			Description: "The customer's id.",
			Schema:      map[string]any{"type": "string", "$ref": componentsPrefix + "customer_id"},
			Example:     "cus_7k2m9x4q1v8n3b6c5z0w2r4t",
		},
		"sms_to": {
			Name: "to", In: "query",
			Description: "Only messages to this number, normalised like the API's numbers: international form (+1 202-555-0143), or national form with country_code.",
			Schema:      map[string]any{"type": "string"},
			Example:     "+12025550143",
		},
		"sms_country_code": {
			Name: "country_code", In: "query",
			Description: "The ISO 3166 country of a `to` number written in national form, such as (202) 555-0143.",
			Schema:      map[string]any{"type": "string"},
			Example:     "US",
		},
		"sms_customer_id": {
			Name: "customer_id", In: "query",
			Description: "Only messages to this customer.",
			Schema:      map[string]any{"type": "string", "$ref": componentsPrefix + "customer_id"},
			Example:     "cus_7k2m9x4q1v8n3b6c5z0w2r4t",
		},
		"sms_wait": {
			Name: "wait", In: "query",
			Description: "How long to wait for a matching message when none is there yet: a Go duration (2s, 500ms) or a number of seconds, at most 30s. Without it the request answers at once.",
			Schema:      map[string]any{"type": "string"},
			Example:     "2s",
		},
	}
}
