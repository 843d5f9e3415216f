package sandbox_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

var (
	customerIDPattern = regexp.MustCompile(`^cus_[a-z0-9]+$`)
	tokenPattern      = regexp.MustCompile(`^[0-9]{6}$`)
)

func TestCreateCustomer(t *testing.T) {
	tests := []struct {
		name        string
		number      string
		country     string
		opts        sandbox.Options
		wantNumber  string
		wantCountry string
		wantToken   bool
	}{
		{name: "E.164", number: "+12025550143", country: "US", wantNumber: "+12025550143", wantCountry: "US", wantToken: true},
		{name: "national punctuation", number: "(202) 555-0143", country: "US", wantNumber: "+12025550143", wantCountry: "US", wantToken: true},
		{name: "lower-case country", number: "202.555.0143", country: "us", wantNumber: "+12025550143", wantCountry: "US", wantToken: true},
		{name: "GB trunk prefix", number: "020 7946 0018", country: "gb", wantNumber: "+442079460018", wantCountry: "GB", wantToken: true},
		{name: "Arabic-Indic digits", number: "٠٥٠ ١٢٣ ٤٥٦٧", country: "AE", wantNumber: "+971501234567", wantCountry: "AE", wantToken: true},
		{name: "hidden token", number: "+12025550143", country: "US", opts: sandbox.Options{HideConfirmationToken: true},
			wantNumber: "+12025550143", wantCountry: "US", wantToken: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client("")

			r := c.do(t, http.MethodPost, "/v1/customers", createBody(tt.number, tt.country))
			r.wantStatus(t, http.StatusCreated)
			var cus customerBody
			r.decode(t, &cus)

			if !customerIDPattern.MatchString(cus.ID) {
				t.Errorf("got id %q, want cus_ and lowercase letters and digits", cus.ID)
			}
			if got, want := r.Header.Get("Location"), "/v1/customers/"+cus.ID; got != want {
				t.Errorf("got Location %q, want %q", got, want)
			}
			wantPending(t, cus, tt.wantNumber, tt.wantCountry)
			if got := cus.ConfirmationToken != nil; got != tt.wantToken {
				t.Errorf("got confirmation_token %q, want present=%v", str(cus.ConfirmationToken), tt.wantToken)
			}
			if str(cus.CreatedAt) != str(cus.UpdatedAt) || str(cus.CreatedAt) != str(cus.ConfirmationSentAt) {
				t.Errorf("got created_at %s, updated_at %s, confirmation_sent_at %s, want all equal",
					str(cus.CreatedAt), str(cus.UpdatedAt), str(cus.ConfirmationSentAt))
			}
			wantOneSMS(t, c, cus)
		})
	}
}

// wantPending checks the attributes of a customer that has not confirmed.
func wantPending(t *testing.T, cus customerBody, number, country string) {
	t.Helper()
	if got := str(cus.UnconfirmedPhoneNumber); got != number {
		t.Errorf("got unconfirmed_phone_number %q, want %q", got, number)
	}
	if got := str(cus.CountryCode); got != country {
		t.Errorf("got country_code %q, want %q", got, country)
	}
	for name, v := range map[string]*string{
		"phone_number": cus.PhoneNumber, "confirmed_at": cus.ConfirmedAt,
		"email": cus.Email, "first_name": cus.FirstName, "last_name": cus.LastName,
	} {
		if v != nil {
			t.Errorf("got %s %q, want null", name, *v)
		}
	}
	if cus.ConfirmationToken != nil && !tokenPattern.MatchString(*cus.ConfirmationToken) {
		t.Errorf("got confirmation_token %q, want six digits", *cus.ConfirmationToken)
	}
}

// wantOneSMS checks that the outbox contains exactly the confirmation SMS of
// a new customer.
func wantOneSMS(t *testing.T, c apiClient, cus customerBody) {
	t.Helper()
	sms := c.outbox(t, "")
	if len(sms) != 1 {
		t.Fatalf("got %d SMS in the outbox, want 1", len(sms))
	}
	m := sms[0]
	if m.CustomerID != cus.ID {
		t.Errorf("got SMS customer_id %q, want %q", m.CustomerID, cus.ID)
	}
	if m.To != str(cus.UnconfirmedPhoneNumber) {
		t.Errorf("got SMS to %q, want %q", m.To, str(cus.UnconfirmedPhoneNumber))
	}
	if !tokenPattern.MatchString(m.Token) || !strings.Contains(m.Body, m.Token) {
		t.Errorf("got SMS token %q and body %q, want six digits contained in the body", m.Token, m.Body)
	}
	if cus.ConfirmationToken != nil && m.Token != *cus.ConfirmationToken {
		t.Errorf("got SMS token %q, want the customer's token %q", m.Token, *cus.ConfirmationToken)
	}
	if m.SentAt != str(cus.ConfirmationSentAt) {
		t.Errorf("got sent_at %q, want confirmation_sent_at %q", m.SentAt, str(cus.ConfirmationSentAt))
	}
}

func TestGetCustomer(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	created := c.do(t, http.MethodPost, "/v1/customers", createBody("+12025550143", "US"))
	created.wantStatus(t, http.StatusCreated)
	var cus customerBody
	created.decode(t, &cus)

	got := c.do(t, http.MethodGet, "/v1/customers/"+cus.ID, "")
	got.wantStatus(t, http.StatusOK)
	if string(got.Body) != string(created.Body) {
		t.Errorf("got %s, want the create response %s", got.Body, created.Body)
	}
}

// longestEmail is an address of 254 characters with a local part of 64,
// the longest SMTP allows.
var longestEmail = strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 57) + ".com"

func TestUpdateCustomer(t *testing.T) {
	const full = `{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}`
	tests := []struct {
		name        string
		before      string // PATCH body sent first, "" for none
		patch       string
		wantFirst   string
		wantLast    string
		wantEmail   string
		wantUpdated bool
	}{
		{name: "sets all three", patch: full,
			wantFirst: "Ada", wantLast: "Lovelace", wantEmail: "ada@example.com", wantUpdated: true},
		{name: "sets one", patch: `{"email": "ada@example.com"}`,
			wantFirst: "<null>", wantLast: "<null>", wantEmail: "ada@example.com", wantUpdated: true},
		{name: "null clears", before: full, patch: `{"first_name": null, "email": null}`,
			wantFirst: "<null>", wantLast: "Lovelace", wantEmail: "<null>", wantUpdated: true},
		{name: "empty object changes nothing", before: full, patch: `{}`,
			wantFirst: "Ada", wantLast: "Lovelace", wantEmail: "ada@example.com", wantUpdated: false},
		{name: "same value changes nothing", before: full, patch: `{"first_name": "Ada", "email": "ada@example.com"}`,
			wantFirst: "Ada", wantLast: "Lovelace", wantEmail: "ada@example.com", wantUpdated: false},
		{name: "null on unset changes nothing", patch: `{"last_name": null}`,
			wantFirst: "<null>", wantLast: "<null>", wantEmail: "<null>", wantUpdated: false},
		{name: "email of 3 characters", patch: `{"email": "a@b"}`,
			wantFirst: "<null>", wantLast: "<null>", wantEmail: "a@b", wantUpdated: true},
		{name: "email of 254 characters", patch: `{"email": "` + longestEmail + `"}`,
			wantFirst: "<null>", wantLast: "<null>", wantEmail: longestEmail, wantUpdated: true},
		{name: "hundred characters", patch: `{"first_name": "` + strings.Repeat("é", 100) + `"}`,
			wantFirst: strings.Repeat("é", 100), wantLast: "<null>", wantEmail: "<null>", wantUpdated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{Deterministic: true}).client("")
			cus := c.create(t, "+12025550143", "US")
			if tt.before != "" {
				c.moveClock(t, `{"advance": "1s"}`)
				c.do(t, http.MethodPatch, "/v1/customers/"+cus.ID, tt.before).wantStatus(t, http.StatusOK)
			}
			before := c.get(t, cus.ID)
			c.moveClock(t, `{"advance": "1s"}`)

			r := c.do(t, http.MethodPatch, "/v1/customers/"+cus.ID, tt.patch)
			r.wantStatus(t, http.StatusOK)
			var got customerBody
			r.decode(t, &got)

			if str(got.FirstName) != tt.wantFirst || str(got.LastName) != tt.wantLast || str(got.Email) != tt.wantEmail {
				t.Errorf("got first_name %q, last_name %q, email %q, want %q, %q, %q",
					str(got.FirstName), str(got.LastName), str(got.Email), tt.wantFirst, tt.wantLast, tt.wantEmail)
			}
			if moved := str(got.UpdatedAt) != str(before.UpdatedAt); moved != tt.wantUpdated {
				t.Errorf("got updated_at %s (was %s), want moved=%v", str(got.UpdatedAt), str(before.UpdatedAt), tt.wantUpdated)
			}
			if str(got.CreatedAt) != str(before.CreatedAt) {
				t.Errorf("got created_at %s, want it unchanged at %s", str(got.CreatedAt), str(before.CreatedAt))
			}
			if stored := c.do(t, http.MethodGet, "/v1/customers/"+cus.ID, ""); string(stored.Body) != string(r.Body) {
				t.Errorf("GET after PATCH got %s, want the PATCH response %s", stored.Body, r.Body)
			}
		})
	}
}

func TestConfirmCustomer(t *testing.T) {
	c := startServer(t, sandbox.Options{Deterministic: true}).client("")
	cus := c.create(t, "(202) 555-0143", "US")
	c.moveClock(t, `{"advance": "30s"}`)

	r := c.confirm(t, cus.ID, c.latestToken(t, cus.ID))
	r.wantStatus(t, http.StatusOK)
	var got customerBody
	r.decode(t, &got)

	if str(got.PhoneNumber) != "+12025550143" {
		t.Errorf("got phone_number %q, want +12025550143", str(got.PhoneNumber))
	}
	if got.UnconfirmedPhoneNumber != nil || got.ConfirmationToken != nil {
		t.Errorf("got unconfirmed_phone_number %q and confirmation_token %q, want both null",
			str(got.UnconfirmedPhoneNumber), str(got.ConfirmationToken))
	}
	if got.ConfirmedAt == nil || str(got.ConfirmedAt) != str(got.UpdatedAt) {
		t.Errorf("got confirmed_at %s and updated_at %s, want both set to the confirm time", str(got.ConfirmedAt), str(got.UpdatedAt))
	}
	if str(got.ConfirmedAt) == str(cus.CreatedAt) {
		t.Errorf("got confirmed_at %s, want a time after created_at", str(got.ConfirmedAt))
	}
	if str(got.ConfirmationSentAt) != str(cus.ConfirmationSentAt) {
		t.Errorf("got confirmation_sent_at %s, want it unchanged at %s", str(got.ConfirmationSentAt), str(cus.ConfirmationSentAt))
	}
	if stored := c.do(t, http.MethodGet, "/v1/customers/"+cus.ID, ""); string(stored.Body) != string(r.Body) {
		t.Errorf("GET after confirm got %s, want the confirm response %s", stored.Body, r.Body)
	}
}

func TestGenerateConfirmation(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{name: "no body", body: ""},
		{name: "empty object", body: "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{Deterministic: true}).client("")
			cus := c.create(t, "+12025550143", "US")
			oldToken := c.latestToken(t, cus.ID)
			c.confirm(t, cus.ID, wrongToken(oldToken)).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
			c.moveClock(t, `{"advance": "1m"}`)

			r := c.do(t, http.MethodPost, "/v1/customers/"+cus.ID+"/generate_confirmation", tt.body)
			r.wantStatus(t, http.StatusCreated)
			if got := r.Header.Get("Content-Length"); got != "0" {
				t.Errorf("got Content-Length %q, want 0", got)
			}

			got := c.get(t, cus.ID)
			newToken := c.latestToken(t, cus.ID)
			if newToken == oldToken || str(got.ConfirmationToken) != newToken {
				t.Errorf("got token %q and SMS token %q after %q, want a new token in both", str(got.ConfirmationToken), newToken, oldToken)
			}
			if str(got.ConfirmationSentAt) == str(cus.ConfirmationSentAt) || str(got.UpdatedAt) != str(got.ConfirmationSentAt) {
				t.Errorf("got confirmation_sent_at %s and updated_at %s (created %s), want both reset to now",
					str(got.ConfirmationSentAt), str(got.UpdatedAt), str(cus.CreatedAt))
			}
			if n := c.failedAttempts(t, cus.ID); n != 0 {
				t.Errorf("got %d failed attempts after generate_confirmation, want 0", n)
			}
			if sms := c.outbox(t, ""); len(sms) != 2 {
				t.Errorf("got %d SMS, want 2", len(sms))
			}

			c.confirm(t, cus.ID, oldToken).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
			c.confirm(t, cus.ID, newToken).wantStatus(t, http.StatusOK)
		})
	}
}

// wrongToken returns a six-digit token that differs from token.
func wrongToken(token string) string {
	if token == "000000" {
		return "000001"
	}
	return "000000"
}

// TestNameCharactersRejected patches names that look empty or hide what
// they say: each is a 422 naming the field, and nothing changes.
func TestNameCharactersRejected(t *testing.T) {
	patch := http.MethodPatch
	const path = "/v1/customers/{id}"
	name := func(field, value string) string { return `{"` + field + `": ` + jsonString(value) + `}` }
	runErrorCases(t, []errorCase{
		{name: "one space", setup: pendingCustomer, method: patch, path: path, body: name("first_name", " "),
			status: 422, code: "parameter_invalid", param: "first_name", message: "whitespace"},
		{name: "no-break spaces", setup: pendingCustomer, method: patch, path: path, body: name("last_name", "\u00a0\u3000"),
			status: 422, code: "parameter_invalid", param: "last_name", message: "whitespace"},
		{name: "zero-width space", setup: pendingCustomer, method: patch, path: path, body: name("first_name", "a\u200bb"),
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "soft hyphen alone", setup: pendingCustomer, method: patch, path: path, body: name("first_name", "\u00ad"),
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "right-to-left override", setup: pendingCustomer, method: patch, path: path, body: name("last_name", "\u202eevil"),
			status: 422, code: "parameter_invalid", param: "last_name"},
		{name: "byte order mark", setup: pendingCustomer, method: patch, path: path, body: name("last_name", "Lee\ufeff"),
			status: 422, code: "parameter_invalid", param: "last_name"},
		{name: "joiner at the start", setup: pendingCustomer, method: patch, path: path, body: name("first_name", "\u200cAli"),
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "line separator", setup: pendingCustomer, method: patch, path: path, body: name("first_name", "Ann\u2028Lee"),
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "C1 control", setup: pendingCustomer, method: patch, path: path, body: name("first_name", "Ann\u0085"),
			status: 422, code: "parameter_invalid", param: "first_name"},
		{name: "51 decomposed accents", setup: pendingCustomer, method: patch, path: path, body: name("first_name", strings.Repeat("e\u0301", 51)),
			status: 422, code: "parameter_invalid", param: "first_name", message: "U+0301"},
	})
}

// TestNameCharactersAccepted patches names that must be taken and stored
// exactly as sent.
func TestNameCharactersAccepted(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	id := pendingCustomer(t, c)
	names := map[string]string{
		"50 decomposed accents": strings.Repeat("e\u0301", 50),
		"100 composed accents":  strings.Repeat("é", 100),
		"Persian non-joiner":    "می\u200cخواهم",
		"Devanagari joiner":     "क्\u200dष",
		"inner spaces":          "Mary Ann",
	}
	for title, value := range names {
		t.Run(title, func(t *testing.T) {
			r := c.do(t, http.MethodPatch, "/v1/customers/"+id, `{"first_name": `+jsonString(value)+`}`)

			r.wantStatus(t, http.StatusOK)
			var cus customerBody
			r.decode(t, &cus)
			if str(cus.FirstName) != value {
				t.Errorf("got first_name %q, want it stored as sent, %q", str(cus.FirstName), value)
			}
		})
	}
}
