package sandbox

import (
	"encoding/json"
	"net/http"
	"testing"
)

// createBodyFor returns a create request body with number and country
// encoded as JSON strings, so any character can be sent.
func createBodyFor(t *testing.T, number, country string) string {
	t.Helper()

	data, err := json.Marshal(map[string]string{"unconfirmed_phone_number": number, "country_code": country})
	if err != nil {
		t.Fatalf("encode body: %v", err)
	}
	return string(data)
}

func TestPhoneNumbersOverAPI(t *testing.T) {
	cases := []struct {
		name        string
		number      string
		country     string
		level       string
		wantNumber  string // stored E.164 on success
		wantCountry string
		wantParam   string // blamed parameter on a 422
	}{
		{"parentheses and dash", "(202) 555-0143", "US", "", "+12025550143", "US", ""},
		{"dots", "202.555.0143", "US", "", "+12025550143", "US", ""},
		{"spaces around", "  202 555 0143  ", "US", "", "+12025550143", "US", ""},
		{"no-break spaces", "+1\u00a0202\u00a0555\u00a00143", "US", "", "+12025550143", "US", ""},
		{"trunk prefix 1", "1 202 555 0143", "US", "", "+12025550143", "US", ""},
		{"trunk prefix 0", "020 7946 0018", "GB", "", "+442079460018", "GB", ""},
		{"international form", "+44 20 7946 0018", "GB", "", "+442079460018", "GB", ""},
		{"international dialling prefix", "00 44 20 7946 0018", "GB", "", "+442079460018", "GB", ""},
		{"lower-case country", "+1 202 555 0143", "us", "", "+12025550143", "US", ""},
		{"mixed-case country", "202 555 0143", "uS", "", "+12025550143", "US", ""},
		{"Arabic-Indic digits", "٢٠٢٥٥٥٠١٤٣", "US", "", "+12025550143", "US", ""},
		{"fullwidth digits", "２０２５５５０１４３", "US", "", "+12025550143", "US", ""},
		{"Persian digits", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR", "", "+989123456789", "IR", ""},
		{"full validation", "416 979 0000", "CA", "valid", "+14169790000", "CA", ""},
		{"nine digits loose", "333-333-333", "US", "loose", "+1333333333", "US", ""},
		{"nine digits possible", "333-333-333", "US", "", "", "", "unconfirmed_phone_number"},
		{"letters", "202-555-CALL", "US", "", "", "", "unconfirmed_phone_number"},
		{"vanity number", "1-800-FLOWERS", "US", "", "", "", "unconfirmed_phone_number"},
		{"extension ext.", "202 555 0143 ext. 7", "US", "", "", "", "unconfirmed_phone_number"},
		{"extension x", "202 555 0143 x7", "US", "", "", "", "unconfirmed_phone_number"},
		{"extension RFC 3966", "+1 (202) 555-0143;ext=7", "US", "", "", "", "unconfirmed_phone_number"},
		{"two plus signs", "++1 202 555 0143", "US", "", "", "", "unconfirmed_phone_number"},
		{"unknown calling code", "+0 202 555 0143", "US", "", "", "", "unconfirmed_phone_number"},
		{"bidi override", "\u202e2025550143", "US", "", "", "", "unconfirmed_phone_number"},
		{"NUL", "2025550143\x00", "US", "", "", "", "unconfirmed_phone_number"},
		{"empty number", "", "US", "", "", "", "unconfirmed_phone_number"},
		{"too many digits", "+1 202 555 0143 0143 0143", "US", "", "", "", "unconfirmed_phone_number"},
		{"valid in GB not US", "020 7946 0018", "US", "", "", "", "unconfirmed_phone_number"},
		{"calling code of another country", "+44 20 7946 0018", "US", "", "", "", "country_code"},
		{"other region sharing +1", "+1 416 979 0000", "US", "", "", "", "country_code"},
		{"valid GB not JE", "07400 123456", "JE", "valid", "", "", "country_code"},
		{"unknown country", "2025550143", "ZZ", "", "", "", "country_code"},
		{"three-letter country", "2025550143", "USA", "", "", "", "country_code"},
		{"empty country", "2025550143", "", "", "", "", "country_code"},
		{"numeric country", "2025550143", "01", "", "", "", "country_code"},
		{"number blamed before country", "202-555-CALL", "ZZ", "", "", "", "unconfirmed_phone_number"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := startHostile(t, Options{PhoneValidation: tc.level})
			resp := h.post(t, "", "/v1/customers", createBodyFor(t, tc.number, tc.country))

			if tc.wantParam != "" {
				wantError(t, resp, http.StatusUnprocessableEntity, codeParameterInvalid, tc.wantParam)
				if got := h.storedData(t, ""); got != `{"customers":[],"sms":[]}` {
					t.Errorf("stored data: got %s, want none", got)
				}
				return
			}
			if resp.status != http.StatusCreated {
				t.Fatalf("status: got %d, want 201; body %s", resp.status, resp.body)
			}
			var c customerJSON
			decodeJSON(t, resp.body, &c)
			if c.UnconfirmedPhoneNumber == nil || *c.UnconfirmedPhoneNumber != tc.wantNumber {
				t.Errorf("unconfirmed_phone_number: got %v, want %s", orNull(c.UnconfirmedPhoneNumber), tc.wantNumber)
			}
			if c.CountryCode == nil || *c.CountryCode != tc.wantCountry {
				t.Errorf("country_code: got %v, want %s", orNull(c.CountryCode), tc.wantCountry)
			}
		})
	}
}

// TestPhoneNumberTakenHoweverWritten creates a number once and sends it
// again in other notations: each is the same number, so each is a 409.
func TestPhoneNumberTakenHoweverWritten(t *testing.T) {
	h := startHostile(t, Options{})
	h.create(t, "", "+12025550143")
	before := h.storedData(t, "")

	for _, number := range []string{"+12025550143", "(202) 555-0143", "1 202 555 0143", "٢٠٢٥٥٥٠١٤٣", "２０２-５５５-０１４３"} {
		t.Run(number, func(t *testing.T) {
			resp := h.post(t, "", "/v1/customers", createBodyFor(t, number, "us"))
			wantError(t, resp, http.StatusConflict, codePhoneNumberTaken, "unconfirmed_phone_number")
			if after := h.storedData(t, ""); after != before {
				t.Errorf("stored data changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func orNull(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
