package sandbox_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestPhoneUniqueness creates a customer, optionally confirms it, and then
// creates another with the same number written another way.
func TestPhoneUniqueness(t *testing.T) {
	tests := []struct {
		name      string
		opts      sandbox.Options
		first     string
		confirm   bool
		secondKey string
		second    string
		country   string
		status    int
	}{
		{name: "same form pending", first: "+12025550143", second: "+12025550143", country: "US", status: 409},
		{name: "national form pending", first: "+12025550143", second: "(202) 555-0143", country: "US", status: 409},
		{name: "dots and calling code", first: "202-555-0143", second: "1.202.555.0143", country: "us", status: 409},
		{name: "fullwidth digits", first: "+12025550143", second: "＋１ ２０２ ５５５ ０１４３", country: "US", status: 409},
		{name: "confirmed", first: "+12025550143", confirm: true, second: "202 555 0143", country: "US", status: 409},
		{name: "GB trunk prefix", first: "+44 20 7946 0018", second: "020 7946 0018", country: "GB", status: 409},
		{name: "loose form", opts: sandbox.Options{PhoneValidation: "loose"}, first: "333-333-333", second: "+1 333 333 333", country: "US", status: 409},
		{name: "other tenant pending", first: "+12025550143", secondKey: "tenant-b", second: "(202) 555-0143", country: "US", status: 201},
		{name: "other tenant confirmed", first: "+12025550143", confirm: true, secondKey: "tenant-b", second: "+12025550143", country: "US", status: 201},
		{name: "other number", first: "+12025550143", second: "+12025550144", country: "US", status: 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := startServer(t, tt.opts)
			owner := ts.client("tenant-a")
			cus := owner.create(t, tt.first, tt.country)
			if tt.confirm {
				owner.confirm(t, cus.ID, owner.latestToken(t, cus.ID)).wantStatus(t, http.StatusOK)
			}
			second := ts.client("tenant-a")
			if tt.secondKey != "" {
				second = ts.client(tt.secondKey)
			}
			before := second.snapshot(t)

			r := second.do(t, http.MethodPost, "/v1/customers", createBody(tt.second, tt.country))

			if tt.status == 201 {
				r.wantStatus(t, http.StatusCreated)
				return
			}
			e := r.wantError(t, http.StatusConflict, "phone_number_taken", "unconfirmed_phone_number")
			if want := "GET /v1/customers/" + cus.ID; !strings.Contains(e.Message, want) {
				t.Errorf("got message %q, want it to name the holder with %q", e.Message, want)
			}
			second.wantUnchanged(t, before)
		})
	}
}

func TestPhoneRejected(t *testing.T) {
	const create = "/v1/customers"
	post := http.MethodPost
	number := "unconfirmed_phone_number"

	runErrorCases(t, []errorCase{
		{name: "calling code of another country", method: post, path: create, body: createBody("+44 20 7946 0018", "US"),
			status: 422, code: "parameter_invalid", param: "country_code", message: "+44"},
		{name: "CA number sent with US", method: post, path: create, body: createBody("+1 416 555 0123", "US"),
			status: 422, code: "parameter_invalid", param: "country_code", message: "CA"},
		{name: "CA number in national form with US", method: post, path: create, body: createBody("(416) 555-0123", "US"),
			status: 422, code: "parameter_invalid", param: "country_code", message: "CA"},
		{name: "US number sent with CA", method: post, path: create, body: createBody("+1 202 555 0143", "CA"),
			status: 422, code: "parameter_invalid", param: "country_code", message: "US"},
		{name: "documentation example by default", method: post, path: create, body: createBody("333-333-333", "US"),
			status: 422, code: "parameter_invalid", param: number, message: "A US number looks like"},
		{name: "documentation example when valid", opts: sandbox.Options{PhoneValidation: "valid"}, method: post, path: create,
			body: createBody("333-333-333", "US"), status: 422, code: "parameter_invalid", param: number},
		{name: "letters", method: post, path: create, body: createBody("1-800-FLOWERS", "US"),
			status: 422, code: "parameter_invalid", param: number},
		{name: "extension", method: post, path: create, body: createBody("202-555-0143 ext. 7", "US"),
			status: 422, code: "parameter_invalid", param: number},
		{name: "empty number", method: post, path: create, body: createBody("", "US"),
			status: 422, code: "parameter_invalid", param: number},
		{name: "unknown country", method: post, path: create, body: createBody("+12025550143", "XX"),
			status: 422, code: "parameter_invalid", param: "country_code"},
		{name: "three-letter country", method: post, path: create, body: createBody("+12025550143", "USA"),
			status: 422, code: "parameter_invalid", param: "country_code"},
		{name: "loose too short", opts: sandbox.Options{PhoneValidation: "loose"}, method: post, path: create,
			body: createBody("123", "US"), status: 422, code: "parameter_invalid", param: number},
	})
}

func TestPhoneAccepted(t *testing.T) {
	tests := []struct {
		name    string
		opts    sandbox.Options
		number  string
		country string
		want    string
	}{
		{name: "documentation example when loose", opts: sandbox.Options{PhoneValidation: "loose"},
			number: "333-333-333", country: "US", want: "+1333333333"},
		{name: "loose keeps the calling code", opts: sandbox.Options{PhoneValidation: "loose"},
			number: "+33 6 12 34 56 78", country: "FR", want: "+33612345678"},
		{name: "valid US number when valid", opts: sandbox.Options{PhoneValidation: "valid"},
			number: "(201) 555-0123", country: "US", want: "+12015550123"},
		{name: "fullwidth digits", number: "（２０２）５５５－０１４３", country: "US", want: "+12025550143"},
		{name: "Extended Arabic-Indic digits", number: "۰۵۰ ۱۲۳ ۴۵۶۷", country: "AE", want: "+971501234567"},
		{name: "Devanagari digits", number: "८१२३४ ५६७८९", country: "in", want: "+918123456789"},
		{name: "CA number with CA", number: "+1 416 555 0123", country: "CA", want: "+14165550123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client("")

			cus := c.create(t, tt.number, tt.country)

			if got := str(cus.UnconfirmedPhoneNumber); got != tt.want {
				t.Errorf("got unconfirmed_phone_number %q, want %q", got, tt.want)
			}
			if got := str(cus.CountryCode); got != strings.ToUpper(tt.country) {
				t.Errorf("got country_code %q, want %q", got, strings.ToUpper(tt.country))
			}
			if sms := c.outbox(t, ""); len(sms) != 1 || sms[0].To != tt.want {
				t.Errorf("got outbox %+v, want one SMS to %s", sms, tt.want)
			}
		})
	}
}
