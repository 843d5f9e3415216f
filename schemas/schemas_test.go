package schemas

import (
	"strings"
	"testing"
)

// validateCase is one document built from a valid base by a few edits,
// and the failure it must produce. An empty wantKeyword means valid.
type validateCase struct {
	title       string
	base        func() map[string]any
	edits       []edit
	wantPointer string
	wantKeyword string
}

func runValidateCases(t *testing.T, schema string, cases []validateCase) {
	t.Helper()

	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()

			doc := tc.base()
			applyEdits(t, doc, tc.edits)
			err := Validate(schema, mustJSON(t, doc))

			if tc.wantKeyword == "" {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}

				return
			}

			requireFailure(t, err, tc.wantPointer, tc.wantKeyword)
		})
	}
}

func TestValidateCustomer(t *testing.T) {
	t.Parallel()

	long := strings.Repeat("é", 100)

	runValidateCases(t, "customer", []validateCase{
		{title: "pending", base: customerDoc},
		{title: "confirmed", base: confirmedCustomerDoc},
		{title: "pending with redacted token", base: customerDoc, edits: []edit{set("/confirmation_token", nil)}},
		{title: "token with leading zeros", base: customerDoc, edits: []edit{set("/confirmation_token", "000123")}},
		{title: "name of 100 two-byte characters", base: confirmedCustomerDoc, edits: []edit{set("/first_name", long)}},
		{title: "time at a whole second", base: customerDoc, edits: []edit{set("/created_at", "2026-12-04T15:27:45.000Z")}},

		{"missing attribute", customerDoc, []edit{del("/email")}, "/email", "required"},
		{"missing id", customerDoc, []edit{del("/id")}, "/id", "required"},
		{"extra key", customerDoc, []edit{set("/nickname", "phil")}, "/nickname", "additionalProperties"},
		{"key in other case", customerDoc, []edit{set("/Email", nil)}, "/Email", "additionalProperties"},

		{"name as number", customerDoc, []edit{set("/first_name", 42)}, "/first_name", "type"},
		{"token as number", customerDoc, []edit{set("/confirmation_token", 123456)}, "/confirmation_token", "type"},
		{"null id", customerDoc, []edit{set("/id", nil)}, "/id", "type"},
		{"null country_code", customerDoc, []edit{set("/country_code", nil)}, "/country_code", "type"},
		{"null created_at", customerDoc, []edit{set("/created_at", nil)}, "/created_at", "type"},
		{"null updated_at", customerDoc, []edit{set("/updated_at", nil)}, "/updated_at", "type"},

		{"month 13", customerDoc, []edit{set("/created_at", "2026-13-04T15:27:45.120Z")}, "/created_at", "format"},
		{"February 30", customerDoc, []edit{set("/updated_at", "2026-02-30T15:27:45.120Z")}, "/updated_at", "format"},
		{"two fractional digits", customerDoc, []edit{set("/created_at", "2026-12-04T15:27:45.12Z")}, "/created_at", "pattern"},
		{"four fractional digits", customerDoc, []edit{set("/created_at", "2026-12-04T15:27:45.1200Z")}, "/created_at", "pattern"},
		{"no fractional digits", customerDoc, []edit{set("/confirmation_sent_at", "2026-12-04T15:27:45Z")}, "/confirmation_sent_at", "pattern"},
		{"offset instead of Z", customerDoc, []edit{set("/created_at", "2026-12-04T15:27:45.120+00:00")}, "/created_at", "pattern"},
		{"lowercase z", customerDoc, []edit{set("/created_at", "2026-12-04T15:27:45.120z")}, "/created_at", "pattern"},
		{"space for T", customerDoc, []edit{set("/created_at", "2026-12-04 15:27:45.120Z")}, "/created_at", "pattern"},
		{"zero time", customerDoc, []edit{set("/confirmation_sent_at", "0001-01-01T00:00:00.000Z")}, "/confirmation_sent_at", "not"},
		{"zero time without fraction", customerDoc, []edit{set("/created_at", "0001-01-01T00:00:00Z")}, "/created_at", "pattern"},

		{"id with other prefix", customerDoc, []edit{set("/id", "usr_7k2m9x")}, "/id", "pattern"},
		{"id with capitals", customerDoc, []edit{set("/id", "cus_7K2M9X")}, "/id", "pattern"},
		{"id prefix only", customerDoc, []edit{set("/id", "cus_")}, "/id", "pattern"},
		{"country_code lower case", customerDoc, []edit{set("/country_code", "us")}, "/country_code", "pattern"},
		{"country_code three letters", customerDoc, []edit{set("/country_code", "USA")}, "/country_code", "pattern"},
		{"number without plus", customerDoc, []edit{set("/unconfirmed_phone_number", "12025550143")}, "/unconfirmed_phone_number", "pattern"},
		{"number with spaces", customerDoc, []edit{set("/unconfirmed_phone_number", "+1 202 555 0143")}, "/unconfirmed_phone_number", "pattern"},
		{"number of 16 digits", customerDoc, []edit{set("/unconfirmed_phone_number", "+1202555014312345")}, "/unconfirmed_phone_number", "pattern"},
		{"token of 5 digits", customerDoc, []edit{set("/confirmation_token", "12345")}, "/confirmation_token", "pattern"},
		{"token of letters", customerDoc, []edit{set("/confirmation_token", "abcdef")}, "/confirmation_token", "pattern"},
		{"email without at", confirmedCustomerDoc, []edit{set("/email", "phil.example.com")}, "/email", "format"},
		{"email with display name", confirmedCustomerDoc, []edit{set("/email", "Phil <phil@example.com>")}, "/email", "format"},
		{"empty first_name", confirmedCustomerDoc, []edit{set("/first_name", "")}, "/first_name", "minLength"},
		{"last_name of 101 characters", confirmedCustomerDoc, []edit{set("/last_name", long+"x")}, "/last_name", "maxLength"},

		{"pending with phone_number", customerDoc, []edit{set("/phone_number", "+12025550143")}, "/phone_number", "type"},
		{"pending without number", customerDoc, []edit{set("/unconfirmed_phone_number", nil)}, "/unconfirmed_phone_number", "type"},
		{"pending never sent", customerDoc, []edit{set("/confirmation_sent_at", nil)}, "/confirmation_sent_at", "type"},
		{"confirmed without phone_number", confirmedCustomerDoc, []edit{set("/phone_number", nil)}, "/phone_number", "type"},
		{"confirmed with pending number", confirmedCustomerDoc, []edit{set("/unconfirmed_phone_number", "+12025550199")}, "/unconfirmed_phone_number", "type"},
		{"confirmed with token", confirmedCustomerDoc, []edit{set("/confirmation_token", "123456")}, "/confirmation_token", "type"},
	})
}

func TestValidateError(t *testing.T) {
	t.Parallel()

	runValidateCases(t, "error", []validateCase{
		{title: "parameter error", base: errorDoc},
		{title: "null param", base: errorDoc, edits: []edit{set("/error/param", nil)}},
		{title: "authentication error", base: errorDoc, edits: []edit{
			set("/error/type", "authentication_error"), set("/error/code", "api_key_invalid"), set("/error/param", nil),
		}},
		{title: "rate limit error", base: errorDoc, edits: []edit{
			set("/error/type", "rate_limit_error"), set("/error/code", "too_many_attempts"),
		}},

		{"missing request_id", errorDoc, []edit{del("/error/request_id")}, "/error/request_id", "required"},
		{"missing param", errorDoc, []edit{del("/error/param")}, "/error/param", "required"},
		{"missing envelope", errorDoc, []edit{del("/error")}, "/error", "required"},
		{"extra key in error", errorDoc, []edit{set("/error/status", 400)}, "/error/status", "additionalProperties"},
		{"extra key beside error", errorDoc, []edit{set("/request_id", "req_1")}, "/request_id", "additionalProperties"},
		{"unknown type", errorDoc, []edit{set("/error/type", "card_error")}, "/error/type", "enum"},
		{"code in camel case", errorDoc, []edit{set("/error/code", "parameterMissing")}, "/error/code", "pattern"},
		{"empty param", errorDoc, []edit{set("/error/param", "")}, "/error/param", "minLength"},
		{"null message", errorDoc, []edit{set("/error/message", nil)}, "/error/message", "type"},
		{"empty message", errorDoc, []edit{set("/error/message", "")}, "/error/message", "minLength"},
		{"request_id without prefix", errorDoc, []edit{set("/error/request_id", "4f8k2m9x")}, "/error/request_id", "pattern"},
		{"api_key_invalid as request error", errorDoc, []edit{set("/error/code", "api_key_invalid")}, "/error/type", "const"},
		{"too_many_requests as request error", errorDoc, []edit{set("/error/code", "too_many_requests")}, "/error/type", "const"},
		{"internal_error as request error", errorDoc, []edit{set("/error/code", "internal_error")}, "/error/type", "const"},
	})
}

func TestValidateSMS(t *testing.T) {
	t.Parallel()

	runValidateCases(t, "sms", []validateCase{
		{title: "sent message", base: smsDoc},

		{"missing body", smsDoc, []edit{del("/body")}, "/body", "required"},
		{"extra key", smsDoc, []edit{set("/from", "+15550000000")}, "/from", "additionalProperties"},
		{"null token", smsDoc, []edit{set("/token", nil)}, "/token", "type"},
		{"token as number", smsDoc, []edit{set("/token", 123456)}, "/token", "type"},
		{"token of 7 digits", smsDoc, []edit{set("/token", "1234567")}, "/token", "pattern"},
		{"to not in E.164", smsDoc, []edit{set("/to", "(202) 555-0143")}, "/to", "pattern"},
		{"sent_at with two fractional digits", smsDoc, []edit{set("/sent_at", "2026-12-04T15:27:45.12Z")}, "/sent_at", "pattern"},
		{"sent_at not a time", smsDoc, []edit{set("/sent_at", "2026-12-04T25:27:45.120Z")}, "/sent_at", "format"},
		{"id with other prefix", smsDoc, []edit{set("/id", "msg_3n6b5c")}, "/id", "pattern"},
		{"customer_id with other prefix", smsDoc, []edit{set("/customer_id", "sms_3n6b5c")}, "/customer_id", "pattern"},
		{"empty body", smsDoc, []edit{set("/body", "")}, "/body", "minLength"},
	})
}

func TestValidateLists(t *testing.T) {
	t.Parallel()

	customers := func() map[string]any {
		return map[string]any{"data": []any{customerDoc(), confirmedCustomerDoc()}}
	}
	messages := func() map[string]any {
		return map[string]any{"data": []any{smsDoc(), smsDoc()}}
	}
	empty := func() map[string]any { return map[string]any{"data": []any{}} }

	runValidateCases(t, "customer_list", []validateCase{
		{title: "two customers", base: customers},
		{title: "no customers", base: empty},

		{"missing data", customers, []edit{del("/data")}, "/data", "required"},
		{"null data", customers, []edit{set("/data", nil)}, "/data", "type"},
		{"data as object", customers, []edit{set("/data", map[string]any{})}, "/data", "type"},
		{"extra key", customers, []edit{set("/has_more", false)}, "/has_more", "additionalProperties"},
		{"bad item time", customers, []edit{set("/data/1/created_at", "2026-12-04T15:27:45Z")}, "/data/1/created_at", "pattern"},
		{"item missing attribute", customers, []edit{del("/data/0/last_name")}, "/data/0/last_name", "required"},
		{"item with extra key", customers, []edit{set("/data/1/sends", []any{})}, "/data/1/sends", "additionalProperties"},
	})

	runValidateCases(t, "sms_list", []validateCase{
		{title: "two messages", base: messages},
		{title: "no messages", base: empty},

		{"missing data", messages, []edit{del("/data")}, "/data", "required"},
		{"null item", messages, []edit{set("/data/0", nil)}, "/data/0", "type"},
		{"bad item token", messages, []edit{set("/data/1/token", "12345")}, "/data/1/token", "pattern"},
	})
}

func TestValidateClock(t *testing.T) {
	t.Parallel()

	runValidateCases(t, "clock", []validateCase{
		{title: "running clock", base: clockDoc},
		{title: "frozen clock behind", base: clockDoc, edits: []edit{set("/frozen", true), set("/offset", "-1h0m0s")}},
		{title: "no offset", base: clockDoc, edits: []edit{set("/offset", "0s")}},

		{"missing frozen", clockDoc, []edit{del("/frozen")}, "/frozen", "required"},
		{"frozen as string", clockDoc, []edit{set("/frozen", "true")}, "/frozen", "type"},
		{"null now", clockDoc, []edit{set("/now", nil)}, "/now", "type"},
		{"now with two fractional digits", clockDoc, []edit{set("/now", "2026-12-04T15:32:45.12Z")}, "/now", "pattern"},
		{"offset without seconds", clockDoc, []edit{set("/offset", "5m")}, "/offset", "pattern"},
		{"offset in seconds as number", clockDoc, []edit{set("/offset", 300)}, "/offset", "type"},
		{"offset without unit", clockDoc, []edit{set("/offset", "300")}, "/offset", "pattern"},
		{"offset in ISO 8601", clockDoc, []edit{set("/offset", "PT5M")}, "/offset", "pattern"},
		{"extra key", clockDoc, []edit{set("/zone", "UTC")}, "/zone", "additionalProperties"},
	})
}

func TestValidateHealth(t *testing.T) {
	t.Parallel()

	health := func() map[string]any { return map[string]any{"status": "ok"} }

	runValidateCases(t, "health", []validateCase{
		{title: "ok", base: health},

		{"other status", health, []edit{set("/status", "OK")}, "/status", "const"},
		{"missing status", health, []edit{del("/status")}, "/status", "required"},
		{"extra key", health, []edit{set("/version", "1.0.0")}, "/version", "additionalProperties"},
	})
}

func TestValidateState(t *testing.T) {
	t.Parallel()

	empty := func() map[string]any {
		doc := stateDoc()
		doc["customers"] = []any{}
		doc["sms"] = []any{}

		return doc
	}

	runValidateCases(t, "state", []validateCase{
		{title: "one customer and sms", base: stateDoc},
		{title: "empty tenant", base: empty},
		{title: "confirmed customer", base: stateDoc, edits: []edit{
			set("/customers/0/phone_number", "+12025550143"),
			set("/customers/0/unconfirmed_phone_number", nil),
			set("/customers/0/confirmation_token", nil),
			set("/customers/0/confirmed_at", "2026-12-04T15:29:02.007Z"),
		}},

		{"missing tenant", stateDoc, []edit{del("/tenant")}, "/tenant", "required"},
		{"empty tenant name", stateDoc, []edit{set("/tenant", "")}, "/tenant", "minLength"},
		{"missing counter", stateDoc, []edit{del("/customers/0/failed_confirm_attempts")}, "/customers/0/failed_confirm_attempts", "required"},
		{"missing sends", stateDoc, []edit{del("/customers/0/sends")}, "/customers/0/sends", "required"},
		{"negative counter", stateDoc, []edit{set("/customers/0/failed_confirm_attempts", -1)}, "/customers/0/failed_confirm_attempts", "minimum"},
		{"fractional counter", stateDoc, []edit{set("/customers/0/failed_confirm_attempts", 1.5)}, "/customers/0/failed_confirm_attempts", "type"},
		{"null send time", stateDoc, []edit{set("/customers/0/sends/0", nil)}, "/customers/0/sends/0", "type"},
		{"send time without fraction", stateDoc, []edit{set("/customers/0/sends/0", "2026-12-04T15:27:45Z")}, "/customers/0/sends/0", "pattern"},
		{"customer attribute missing", stateDoc, []edit{del("/customers/0/country_code")}, "/customers/0/country_code", "required"},
		{"customer attribute invalid", stateDoc, []edit{set("/customers/0/id", "cus_UPPER")}, "/customers/0/id", "pattern"},
		{"customer extra key", stateDoc, []edit{set("/customers/0/tenant", "default")}, "/customers/0/tenant", "additionalProperties"},
		{"customer lifecycle broken", stateDoc, []edit{set("/customers/0/phone_number", "+12025550143")}, "/customers/0/phone_number", "type"},
		{"bad clock offset", stateDoc, []edit{set("/clock/offset", "5 minutes")}, "/clock/offset", "pattern"},
		{"bad sms token", stateDoc, []edit{set("/sms/0/token", "12345")}, "/sms/0/token", "pattern"},
		{"sms missing", stateDoc, []edit{del("/sms")}, "/sms", "required"},
	})
}
