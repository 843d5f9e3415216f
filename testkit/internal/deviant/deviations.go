package deviant

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// All returns every deviation, each with a scenario that must catch it.
func All() []Deviation {
	return []Deviation{
		{
			Name:     "create answers 200",
			Scenario: "Creating a customer answers 201 with an unconfirmed customer",
			Wrap: rewriteResponses(isCreate, func(_ *http.Request, rec *recorded) {
				if rec.status == http.StatusCreated {
					rec.status = http.StatusOK
				}
			}),
		},
		{
			Name:     "customer lacks the email attribute",
			Scenario: "A new customer carries every documented attribute",
			Wrap: rewriteResponses(isCreate, func(_ *http.Request, rec *recorded) {
				rec.editJSON(func(obj map[string]any) { delete(obj, "email") })
			}),
		},
		{
			Name:     "created_at is a number",
			Scenario: "Creating a customer answers 201 with an unconfirmed customer",
			Wrap: rewriteResponses(isCreate, func(_ *http.Request, rec *recorded) {
				rec.editJSON(func(obj map[string]any) { obj["created_at"] = time.Now().Unix() })
			}),
		},
		{
			Name:     "token never expires",
			Scenario: "The token no longer works six minutes after it was sent",
			Options:  func(o *sandbox.Options) { o.ConfirmationTTL = 1000 * time.Hour },
		},
		{
			Name:     "old token keeps working",
			Scenario: "The new token replaces the old one",
			Wrap:     acceptOldTokens,
		},
		{
			Name:     "duplicate phone number accepted",
			Scenario: "A phone number that another customer holds is rejected",
			Wrap: rewriteResponses(isCreate, func(_ *http.Request, rec *recorded) {
				if rec.errorCode() == "phone_number_taken" {
					rec.status = http.StatusCreated
					rec.body = fakeCustomer()
				}
			}),
		},
		{
			Name:     "no limit on wrong tokens",
			Scenario: "Five wrong tokens lock the pending token, even against the right one",
			Options:  func(o *sandbox.Options) { o.MaxConfirmAttempts = 1000 },
		},
		{
			Name:     "no limit on SMS sends",
			Scenario: "A sixth SMS within ten minutes answers 429 too_many_requests with Retry-After",
			Options:  func(o *sandbox.Options) { o.MaxSends = 1000 },
		},
		{
			Name:     "no Request-Id header",
			Scenario: "Every response carries a Request-Id header that the error body repeats",
			Wrap: rewriteResponses(always, func(_ *http.Request, rec *recorded) {
				rec.header.Del("Request-Id")
			}),
		},
		{
			Name:     "another error code for a missing parameter",
			Scenario: "A create request with missing parameters answers 400 parameter_missing",
			Wrap: rewriteResponses(isCreate, func(_ *http.Request, rec *recorded) {
				rec.body = []byte(strings.Replace(string(rec.body), `"parameter_missing"`, `"missing_parameter"`, 1))
			}),
		},
		{
			Name:     "generate_confirmation answers 200 with a body",
			Scenario: "Requesting a new token answers 201 with an empty body",
			Wrap: rewriteResponses(isGenerate, func(_ *http.Request, rec *recorded) {
				if rec.status == http.StatusCreated {
					rec.status = http.StatusOK
					rec.body = []byte(`{"sent":true}`)
					rec.header.Set("Content-Type", "application/json")
				}
			}),
		},
		{
			Name:     "confirm keeps the unconfirmed number",
			Scenario: "Confirming with the token that was sent confirms the phone number",
			Wrap: rewriteResponses(isConfirm, func(_ *http.Request, rec *recorded) {
				if rec.status == http.StatusOK {
					rec.editJSON(func(obj map[string]any) { obj["unconfirmed_phone_number"] = obj["phone_number"] })
				}
			}),
		},
		{
			Name:     "trailing slash redirects",
			Scenario: "A path the API does not define answers 404 route_missing, never a redirect",
			Wrap:     redirectTrailingSlash,
		},
		{
			Name:     "clock control ignores advance",
			Scenario: "Advancing the clock moves it forward",
			Wrap:     ignoreClockAdvance,
		},
		{
			Name:     "country code stored as sent",
			Scenario: "The country code is accepted in any case and stored in upper case",
			Wrap: rewriteResponses(isCreate, func(r *http.Request, rec *recorded) {
				var in struct {
					CountryCode string `json:"country_code"`
				}
				_ = json.Unmarshal(readBody(r), &in)
				rec.editJSON(func(obj map[string]any) { obj["country_code"] = in.CountryCode })
			}),
		},
		{
			Name:     "nine-digit US numbers accepted",
			Scenario: "A phone number or country code that is not acceptable answers 422 parameter_invalid",
			Options:  func(o *sandbox.Options) { o.PhoneValidation = "loose" },
		},
		{
			Name:     "SMS body without the token",
			Scenario: "Creating a customer puts one SMS with its token in the outbox",
			Wrap: rewriteResponses(isLatestSMS, func(_ *http.Request, rec *recorded) {
				rec.editJSON(func(obj map[string]any) { obj["body"] = "Your Dirty Lemon code is on its way." })
			}),
		},
	}
}

// Tolerated returns deviations that break only what this project decided
// where the documentation is silent. The suite must pass every scenario
// without @assumed against them and fail the @assumed Scenario of each.
func Tolerated() []Deviation {
	return []Deviation{
		{
			Name:     "errors carry only a message",
			Scenario: "A taken phone number answers 409 phone_number_taken",
			Wrap:     rewriteResponses(isAPI, replaceErrorBody),
		},
		{
			Name:     "customer has an extra attribute",
			Scenario: "A new customer's timestamps come from one reading of the clock",
			Wrap: rewriteResponses(isAPI, func(_ *http.Request, rec *recorded) {
				if rec.status < http.StatusMultipleChoices {
					rec.editJSON(func(obj map[string]any) { obj["loyalty_points"] = 0 })
				}
			}),
		},
	}
}

// replaceErrorBody turns an error body into {"message": "..."}, the shape
// many web frameworks send.
func replaceErrorBody(_ *http.Request, rec *recorded) {
	if rec.status < http.StatusBadRequest {
		return
	}
	var env struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal(rec.body, &env)
	rec.body, _ = json.Marshal(map[string]string{"message": env.Error.Message})
}

func always(*http.Request) bool { return true }

// isAPI reports whether the request is for the customers API, not the
// sandbox controls.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/v1/")
}

func isCreate(r *http.Request) bool {
	return r.Method == http.MethodPost && r.URL.Path == "/v1/customers"
}

func isConfirm(r *http.Request) bool {
	return isCustomerRoute(r, http.MethodPost, "/confirm")
}

func isGenerate(r *http.Request) bool {
	return isCustomerRoute(r, http.MethodPost, "/generate_confirmation")
}

func isLatestSMS(r *http.Request) bool {
	return r.Method == http.MethodGet && r.URL.Path == "/_sandbox/sms/latest"
}

// fakeCustomer returns a customer body that matches the schema, for a
// create the server should have rejected.
func fakeCustomer() []byte {
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	body, _ := json.Marshal(map[string]any{
		"id": "cus_duplicate", "phone_number": nil, "unconfirmed_phone_number": "+12025550100",
		"country_code": "US", "email": nil, "first_name": nil, "last_name": nil,
		"confirmation_token": "123456", "confirmed_at": nil, "confirmation_sent_at": now,
		"created_at": now, "updated_at": now,
	})
	return body
}
