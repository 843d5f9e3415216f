package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// hostileBodyCase is a request body that must be rejected with a 4xx that
// names the right code and parameter, and leaves the stored data alone.
type hostileBodyCase struct {
	name        string
	body        string
	contentType string
	status      int
	code        string
	param       string
}

// checkRejectedBodies sends each case to method and path, and checks the
// error and that the tenant's customers and outbox did not change.
func checkRejectedBodies(t *testing.T, h *hostileServer, method, path string, cases []hostileBodyCase) {
	t.Helper()

	before := h.storedData(t, "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.do(t, hostileRequest{method: method, path: path, body: tc.body, contentType: tc.contentType})
			e := wantError(t, resp, tc.status, tc.code, tc.param)
			if len(e.Message) > 1000 {
				t.Errorf("message is %d bytes, want at most 1000 whatever the input", len(e.Message))
			}
			if after := h.storedData(t, ""); after != before {
				t.Errorf("stored data changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

const validCreate = `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`

func TestHostileCreateBodies(t *testing.T) {
	cases := []hostileBodyCase{
		{"malformed", `{"unconfirmed_phone_number": "+1202`, "", 400, codeBodyInvalid, ""},
		{"missing colon", `{"unconfirmed_phone_number" "+12025550143"}`, "", 400, codeBodyInvalid, ""},
		{"trailing comma", `{"country_code": "US",}`, "", 400, codeBodyInvalid, ""},
		{"single quotes", `{'country_code': 'US'}`, "", 400, codeBodyInvalid, ""},
		{"unquoted key", `{country_code: "US"}`, "", 400, codeBodyInvalid, ""},
		{"empty", "", "", 400, codeBodyInvalid, ""},
		{"whitespace only", " \n\t ", "", 400, codeBodyInvalid, ""},
		{"null", "null", "", 400, codeBodyInvalid, ""},
		{"empty array", "[]", "", 400, codeBodyInvalid, ""},
		{"array of object", "[" + validCreate + "]", "", 400, codeBodyInvalid, ""},
		{"bare string", `"+12025550143"`, "", 400, codeBodyInvalid, ""},
		{"bare number", "12025550143", "", 400, codeBodyInvalid, ""},
		{"bare boolean", "true", "", 400, codeBodyInvalid, ""},
		{"trailing data", validCreate + " x", "", 400, codeBodyInvalid, ""},
		{"trailing bracket", validCreate + "}", "", 400, codeBodyInvalid, ""},
		{"two objects", validCreate + validCreate, "", 400, codeBodyInvalid, ""},
		{"two objects on lines", validCreate + "\n" + validCreate, "", 400, codeBodyInvalid, ""},
		{"mismatched close", `{"country_code": "US"]`, "", 400, codeBodyInvalid, ""},
		{"duplicate key", `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "country_code": "CA"}`, "", 400, codeBodyInvalid, "country_code"},
		{"duplicate key escaped", `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "country\u005fcode": "US"}`, "", 400, codeBodyInvalid, "country_code"},
		{"key in other case", `{"unconfirmed_phone_number": "+12025550143", "Country_Code": "US"}`, "", 400, codeParameterUnknown, "Country_Code"},
		{"key in upper case", `{"UNCONFIRMED_PHONE_NUMBER": "+12025550143", "country_code": "US"}`, "", 400, codeParameterUnknown, "UNCONFIRMED_PHONE_NUMBER"},
		{"both cases of a key", `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "COUNTRY_CODE": "US"}`, "", 400, codeParameterUnknown, "COUNTRY_CODE"},
		{"unknown key", `{"unconfirmed_phone_number": "+12025550143", "country_code": "US", "nickname": "x"}`, "", 400, codeParameterUnknown, "nickname"},
		{"empty key", `{"": 1, "unconfirmed_phone_number": "+12025550143", "country_code": "US"}`, "", 400, codeParameterUnknown, ""},
		{"number for phone", `{"unconfirmed_phone_number": 12025550143, "country_code": "US"}`, "", 400, codeParameterInvalidType, "unconfirmed_phone_number"},
		{"float for phone", `{"unconfirmed_phone_number": 1.2e10, "country_code": "US"}`, "", 400, codeParameterInvalidType, "unconfirmed_phone_number"},
		{"object for phone", `{"unconfirmed_phone_number": {"number": "+12025550143"}, "country_code": "US"}`, "", 400, codeParameterInvalidType, "unconfirmed_phone_number"},
		{"array for phone", `{"unconfirmed_phone_number": ["+12025550143"], "country_code": "US"}`, "", 400, codeParameterInvalidType, "unconfirmed_phone_number"},
		{"boolean for phone", `{"unconfirmed_phone_number": true, "country_code": "US"}`, "", 400, codeParameterInvalidType, "unconfirmed_phone_number"},
		{"number for country", `{"unconfirmed_phone_number": "+12025550143", "country_code": 1}`, "", 400, codeParameterInvalidType, "country_code"},
		{"boolean for country", `{"unconfirmed_phone_number": "+12025550143", "country_code": false}`, "", 400, codeParameterInvalidType, "country_code"},
		{"null phone", `{"unconfirmed_phone_number": null, "country_code": "US"}`, "", 400, codeParameterMissing, "unconfirmed_phone_number"},
		{"missing phone", `{"country_code": "US"}`, "", 400, codeParameterMissing, "unconfirmed_phone_number"},
		{"missing country", `{"unconfirmed_phone_number": "+12025550143"}`, "", 400, codeParameterMissing, "country_code"},
		{"empty object", `{}`, "", 400, codeParameterMissing, "unconfirmed_phone_number"},
		{"invalid UTF-8 in value", "{\"unconfirmed_phone_number\": \"+1202555\xff0143\", \"country_code\": \"US\"}", "", 400, codeBodyInvalid, ""},
		{"invalid UTF-8 in key", "{\"unconfirmed_phone_number\": \"+12025550143\", \"country\xc3_code\": \"US\"}", "", 400, codeBodyInvalid, ""},
		{"overlong UTF-8 encoding", "{\"unconfirmed_phone_number\": \"+12025550143\", \"country_code\": \"\xc0\xafUS\"}", "", 400, codeBodyInvalid, ""},
		{"BOM then malformed", "\xef\xbb\xbf{", "", 400, codeBodyInvalid, ""},
		{"two BOMs", "\xef\xbb\xbf\xef\xbb\xbf" + validCreate, "", 400, codeBodyInvalid, ""},
		{"deep array at top", strings.Repeat("[", 60_000), "", 400, codeBodyInvalid, ""},
		{"deep array in value", `{"unconfirmed_phone_number": ` + strings.Repeat("[", 60_000), "", 400, codeBodyInvalid, ""},
		{"deep object in value", `{"country_code": ` + strings.Repeat(`{"a":`, 10_000), "", 400, codeBodyInvalid, ""},
		{"deep but closed", `{"x": ` + strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000) + `}`, "", 400, codeBodyInvalid, ""},
		{"long phone", `{"unconfirmed_phone_number": "` + strings.Repeat("5", 60_000) + `", "country_code": "US"}`, "", 422, codeParameterInvalid, "unconfirmed_phone_number"},
		{"long country", `{"unconfirmed_phone_number": "+12025550143", "country_code": "` + strings.Repeat("U", 60_000) + `"}`, "", 422, codeParameterInvalid, "country_code"},
		{"long unknown key", `{"` + strings.Repeat("k", 60_000) + `": 1}`, "", 400, codeParameterUnknown, strings.Repeat("k", 60_000)},
		{"text/plain", validCreate, "text/plain", 415, codeUnsupportedMediaType, ""},
		{"form encoded", "unconfirmed_phone_number=%2B12025550143&country_code=US", "application/x-www-form-urlencoded", 415, codeUnsupportedMediaType, ""},
		{"multipart", "--x\r\n\r\n--x--", "multipart/form-data; boundary=x", 415, codeUnsupportedMediaType, ""},
		{"json lookalike type", validCreate, "application/jsonx", 415, codeUnsupportedMediaType, ""},
		{"malformed type", validCreate, "application/json; charset", 415, codeUnsupportedMediaType, ""},
		{"wildcard type", validCreate, "*/*", 415, codeUnsupportedMediaType, ""},
		{"structured json type", validCreate, "application/merge-patch+json", 415, codeUnsupportedMediaType, ""},
	}

	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	h.create(t, "", "+12025550100")
	checkRejectedBodies(t, h, http.MethodPost, "/v1/customers", cases)
}

func TestHostileUpdateBodies(t *testing.T) {
	long := strings.Repeat("é", maxNameLength+1)
	cases := []hostileBodyCase{
		{"malformed", `{"first_name": `, "", 400, codeBodyInvalid, ""},
		{"empty", "", "", 400, codeBodyInvalid, ""},
		{"null", "null", "", 400, codeBodyInvalid, ""},
		{"array", `[{"first_name": "Ann"}]`, "", 400, codeBodyInvalid, ""},
		{"two objects", `{"first_name": "Ann"}{"last_name": "Lee"}`, "", 400, codeBodyInvalid, ""},
		{"duplicate key", `{"first_name": "Ann", "first_name": "Bea"}`, "", 400, codeBodyInvalid, "first_name"},
		{"key in other case", `{"First_Name": "Ann"}`, "", 400, codeParameterUnknown, "First_Name"},
		{"unknown key", `{"phone_number": "+12025550143"}`, "", 400, codeParameterUnknown, "phone_number"},
		{"read-only attribute", `{"confirmed_at": null}`, "", 400, codeParameterUnknown, "confirmed_at"},
		{"number for name", `{"first_name": 5}`, "", 400, codeParameterInvalidType, "first_name"},
		{"object for name", `{"last_name": {"value": "Lee"}}`, "", 400, codeParameterInvalidType, "last_name"},
		{"array for email", `{"email": ["a@example.com"]}`, "", 400, codeParameterInvalidType, "email"},
		{"boolean for email", `{"email": false}`, "", 400, codeParameterInvalidType, "email"},
		{"invalid UTF-8 in value", "{\"first_name\": \"A\xffn\"}", "", 400, codeBodyInvalid, ""},
		{"invalid UTF-8 in key", "{\"first\xfe_name\": \"Ann\"}", "", 400, codeBodyInvalid, ""},
		{"empty name", `{"first_name": ""}`, "", 422, codeParameterInvalid, "first_name"},
		{"over-long name", `{"first_name": "` + long + `"}`, "", 422, codeParameterInvalid, "first_name"},
		{"over-long last name", `{"last_name": "` + strings.Repeat("x", 50_000) + `"}`, "", 422, codeParameterInvalid, "last_name"},
		{"over-long email", `{"email": "` + strings.Repeat("a", 250) + `@example.com"}`, "", 422, codeParameterInvalid, "email"},
		{"huge email", `{"email": "` + strings.Repeat("a", 60_000) + `@example.com"}`, "", 422, codeParameterInvalid, "email"},
		{"control character", `{"first_name": "Ann\nLee"}`, "", 422, codeParameterInvalid, "first_name"},
		{"escaped NUL", `{"first_name": "Ann\u0000"}`, "", 422, codeParameterInvalid, "first_name"},
		{"display name email", `{"email": "Ann <ann@example.com>"}`, "", 422, codeParameterInvalid, "email"},
		{"second field invalid", `{"first_name": "Ann", "email": "nope"}`, "", 422, codeParameterInvalid, "email"},
		{"deep nesting", `{"first_name": ` + strings.Repeat("[", 60_000), "", 400, codeBodyInvalid, ""},
		{"text/plain", `{"first_name": "Ann"}`, "text/plain", 415, codeUnsupportedMediaType, ""},
	}

	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550100")
	checkRejectedBodies(t, h, http.MethodPatch, "/v1/customers/"+c.ID, cases)
}

func TestHostileConfirmBodies(t *testing.T) {
	cases := []hostileBodyCase{
		{"malformed", `{"confirmation_token": "12`, "", 400, codeBodyInvalid, ""},
		{"empty", "", "", 400, codeBodyInvalid, ""},
		{"null", "null", "", 400, codeBodyInvalid, ""},
		{"array", `["123456"]`, "", 400, codeBodyInvalid, ""},
		{"bare token", `"123456"`, "", 400, codeBodyInvalid, ""},
		{"two objects", `{"confirmation_token": "123456"}{"confirmation_token": "123456"}`, "", 400, codeBodyInvalid, ""},
		{"duplicate key", `{"confirmation_token": "000000", "confirmation_token": "123456"}`, "", 400, codeBodyInvalid, "confirmation_token"},
		{"key in other case", `{"Confirmation_Token": "123456"}`, "", 400, codeParameterUnknown, "Confirmation_Token"},
		{"unknown key", `{"confirmation_token": "123456", "code": "123456"}`, "", 400, codeParameterUnknown, "code"},
		{"number token", `{"confirmation_token": 123456}`, "", 400, codeParameterInvalidType, "confirmation_token"},
		{"zero-led number token", `{"confirmation_token": 012345}`, "", 400, codeBodyInvalid, ""},
		{"array token", `{"confirmation_token": ["123456"]}`, "", 400, codeParameterInvalidType, "confirmation_token"},
		{"object token", `{"confirmation_token": {}}`, "", 400, codeParameterInvalidType, "confirmation_token"},
		{"boolean token", `{"confirmation_token": true}`, "", 400, codeParameterInvalidType, "confirmation_token"},
		{"null token", `{"confirmation_token": null}`, "", 400, codeParameterMissing, "confirmation_token"},
		{"missing token", `{}`, "", 400, codeParameterMissing, "confirmation_token"},
		{"invalid UTF-8 token", "{\"confirmation_token\": \"12345\xff\"}", "", 400, codeBodyInvalid, ""},
		{"form encoded", "confirmation_token=123456", "application/x-www-form-urlencoded", 415, codeUnsupportedMediaType, ""},
	}

	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550100")
	checkRejectedBodies(t, h, http.MethodPost, "/v1/customers/"+c.ID+"/confirm", cases)
}

func TestHostileGenerateConfirmationBodies(t *testing.T) {
	cases := []hostileBodyCase{
		{"malformed", `{`, "", 400, codeBodyInvalid, ""},
		{"null", "null", "", 400, codeBodyInvalid, ""},
		{"array", `[]`, "", 400, codeBodyInvalid, ""},
		{"any parameter", `{"phone_number": "+12025550143"}`, "", 400, codeParameterUnknown, "phone_number"},
		{"two objects", `{}{}`, "", 400, codeBodyInvalid, ""},
		{"text/plain", `{}`, "text/plain", 415, codeUnsupportedMediaType, ""},
	}

	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550100")
	checkRejectedBodies(t, h, http.MethodPost, "/v1/customers/"+c.ID+"/generate_confirmation", cases)
}

// TestHostileBodiesAccepted covers the unusual bodies that are valid.
func TestHostileBodiesAccepted(t *testing.T) {
	cases := []struct {
		name          string
		body          string
		contentType   string
		noContentType bool
	}{
		{"leading BOM", "\xef\xbb\xbf" + validCreate, "", false},
		{"no content type", validCreate, "", true},
		{"charset parameter", validCreate, "application/json; charset=utf-8", false},
		{"upper-case type", validCreate, "Application/JSON", false},
		{"escaped key", `{"unconfirmed\u005fphone_number": "+12025550143", "country_code": "US"}`, "", false},
		{"surrounding whitespace", "\n\t " + validCreate + " \r\n", "", false},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := startHostile(t, Options{TokenMode: TokenModeFixed})
			resp := h.do(t, hostileRequest{method: http.MethodPost, path: "/v1/customers", body: tc.body,
				contentType: tc.contentType, noContentType: tc.noContentType})
			if resp.status != http.StatusCreated {
				t.Fatalf("status: got %d, want 201; body %s", resp.status, resp.body)
			}
			var c customerJSON
			decodeJSON(t, resp.body, &c)
			if c.UnconfirmedPhoneNumber == nil || *c.UnconfirmedPhoneNumber != "+12025550143" {
				t.Errorf("unconfirmed_phone_number: got %v, want +12025550143", c.UnconfirmedPhoneNumber)
			}
		})
	}
}

func TestHostileClockBodies(t *testing.T) {
	cases := []hostileBodyCase{
		{"malformed", `{"advance": `, "", 400, codeBodyInvalid, ""},
		{"null", `null`, "", 400, codeBodyInvalid, ""},
		{"empty object", `{}`, "", 400, codeParameterMissing, "advance"},
		{"number advance", `{"advance": 60}`, "", 400, codeParameterInvalidType, "advance"},
		{"string freeze", `{"freeze": "yes"}`, "", 400, codeParameterInvalidType, "freeze"},
		{"unknown key", `{"speed": 2}`, "", 400, codeParameterUnknown, "speed"},
		{"negative advance", `{"advance": "-5m"}`, "", 422, codeParameterInvalid, "advance"},
		{"garbage set", `{"set": "tomorrow"}`, "", 422, codeParameterInvalid, "set"},
	}

	h := startHostile(t, Options{Deterministic: true})
	before := h.get(t, "", "/_sandbox/clock")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.post(t, "", "/_sandbox/clock", tc.body)
			wantError(t, resp, tc.status, tc.code, tc.param)
			if after := h.get(t, "", "/_sandbox/clock"); string(after.body) != string(before.body) {
				t.Errorf("clock changed: before %s, after %s", before.body, after.body)
			}
		})
	}
}

// TestHostileDeepNesting sends 100,000 levels of nesting under a raised
// body limit: the decoder must stop at its depth limit with a 400 instead
// of exhausting the stack.
func TestHostileDeepNesting(t *testing.T) {
	cases := []struct {
		name string
		body string
	}{
		{"arrays at top", strings.Repeat("[", 100_000)},
		{"arrays in value", `{"unconfirmed_phone_number": ` + strings.Repeat("[", 100_000)},
		{"closed arrays in value", `{"x": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`},
		{"objects in value", `{"country_code": ` + strings.Repeat(`{"a":`, 100_000)},
	}

	h := startHostile(t, Options{MaxBodyBytes: 1 << 20})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := h.post(t, "", "/v1/customers", tc.body)
			wantError(t, resp, http.StatusBadRequest, codeBodyInvalid, "")
		})
	}
}

func TestHostileStateBodies(t *testing.T) {
	customer := func(extra string) string {
		return `{"tenant": "default", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "sms": [], "customers": [{"id": "cus_a", "unconfirmed_phone_number": "+12025550143", "country_code": "US", "confirmation_token": "123456", "confirmation_sent_at": "2026-01-01T00:00:00.000Z", "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"` + extra + `}]}`
	}
	cases := []hostileBodyCase{
		{"unknown top-level key", `{"tenant": "default", "version": 2}`, "", 400, codeBodyInvalid, ""},
		{"unknown customer key", customer(`, "nickname": "x"`), "", 400, codeBodyInvalid, ""},
		{"wrong type", `{"customers": "none"}`, "", 400, codeBodyInvalid, ""},
		{"number too big", customer(`, "failed_confirm_attempts": 1e99`), "", 400, codeBodyInvalid, ""},
		{"duplicate key", `{"customers": [], "customers": []}`, "", 400, codeBodyInvalid, "customers"},
		{"negative attempts", customer(`, "failed_confirm_attempts": -1000000`), "", 422, codeParameterInvalid, "customers[0].failed_confirm_attempts"},
		{"bad id", strings.Replace(customer(""), "cus_a", "cus_A/../b", 1), "", 422, codeParameterInvalid, "customers[0].id"},
		{"bad number", strings.Replace(customer(""), "+12025550143", "202-555-0143", 1), "", 422, codeParameterInvalid, "customers[0].unconfirmed_phone_number"},
		{"bad time", strings.Replace(customer(""), `"created_at": "2026-01-01T00:00:00.000Z"`, `"created_at": "soon"`, 1), "", 422, codeParameterInvalid, "customers[0].created_at"},
	}

	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	h.create(t, "", "+12025550100")
	checkRejectedBodies(t, h, http.MethodPut, "/_sandbox/state", cases)
}
