package schemas

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestValidationErrorSingleLine(t *testing.T) {
	t.Parallel()

	doc := confirmedCustomerDoc()
	doc["confirmed_at"] = "2026-12-04T25:29:02.007Z"

	err := Validate("customer", mustJSON(t, doc))
	if err == nil {
		t.Fatal("got nil, want a failure for hour 25")
	}

	want := `body does not match schema "customer": /confirmed_at: does not match format "date-time" (UTC time in RFC 3339`
	if got := err.Error(); !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want it to start with %q", got, want)
	}

	if strings.Contains(err.Error(), "\n") {
		t.Errorf("got %q, want one line for one failure", err)
	}
}

func TestValidationErrorListsEveryFailure(t *testing.T) {
	t.Parallel()

	doc := customerDoc()
	delete(doc, "id")
	doc["created_at"] = "2026-12-04T15:27:45.12Z"
	doc["email"] = 7
	doc["extra"] = true

	var verr *ValidationError
	if err := Validate("customer", mustJSON(t, doc)); !errors.As(err, &verr) {
		t.Fatalf("got %v, want *ValidationError", err)
	}

	want := []Failure{
		{"/created_at", "pattern", `does not match pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$" (UTC time in RFC 3339 with exactly three fractional digits and Z, e.g. 2026-12-04T15:27:45.120Z)`},
		{"/email", "type", "has type number, want string or null (one address in addr-spec form, 3 to 254 characters)"},
		{"/extra", "additionalProperties", "property is not allowed (the schema lists every property the body may have)"},
		{"/id", "required", "required property is missing"},
	}

	if len(verr.Failures) != len(want) {
		t.Fatalf("got failures %q, want %q", verr.Failures, want)
	}

	for i := range want {
		if verr.Failures[i] != want[i] {
			t.Errorf("failure %d: got %q, want %q", i, verr.Failures[i], want[i])
		}
	}

	lines := strings.Split(verr.Error(), "\n")
	if got, want := lines[0], `body does not match schema "customer" (4 failures):`; got != want {
		t.Errorf("got heading %q, want %q", got, want)
	}

	if got, want := len(lines), 5; got != want {
		t.Errorf("got %d lines, want %d: a heading and one per failure", got, want)
	}
}

func TestValidationErrorWrongObjectInList(t *testing.T) {
	t.Parallel()

	body := mustJSON(t, map[string]any{"data": []any{smsDoc()}})

	var verr *ValidationError
	if err := Validate("customer_list", body); !errors.As(err, &verr) {
		t.Fatalf("got %v, want *ValidationError", err)
	}

	for _, pointer := range []string{"/data/0/created_at", "/data/0/sent_at"} {
		if !strings.Contains(verr.Error(), "\n  "+pointer+": ") {
			t.Errorf("got %q, want a line for %s", verr.Error(), pointer)
		}
	}
}

func TestValidationErrorTruncatesLongLists(t *testing.T) {
	t.Parallel()

	items := make([]any, 30)
	for i := range items {
		items[i] = map[string]any{"status": "bad"}
	}

	var verr *ValidationError
	if err := Validate("sms_list", mustJSON(t, map[string]any{"data": items})); !errors.As(err, &verr) {
		t.Fatalf("got %v, want *ValidationError", err)
	}

	lines := strings.Split(verr.Error(), "\n")
	if got, want := len(lines), maxListedFailures+2; got != want {
		t.Errorf("got %d lines, want %d: heading, %d failures and a count of the rest", got, want, maxListedFailures)
	}

	wantLast := "  ... and " + strconv.Itoa(len(verr.Failures)-maxListedFailures) + " more"
	if got := lines[len(lines)-1]; got != wantLast {
		t.Errorf("got last line %q, want %q", got, wantLast)
	}
}

func TestValidationErrorRootPointer(t *testing.T) {
	t.Parallel()

	err := Validate("health", []byte(`["ok"]`))

	requireFailure(t, err, "", "type")

	if want := "(root): has type array, want object"; !strings.Contains(err.Error(), want) {
		t.Errorf("got %q, want it to contain %q", err, want)
	}
}

func TestValidationErrorEscapesPointer(t *testing.T) {
	t.Parallel()

	err := Validate("health", []byte(`{"status": "ok", "a/b~c d": 1}`))

	requireFailure(t, err, "/a~1b~0c d", "additionalProperties")
}

func TestValidationErrorOmitsTokenValue(t *testing.T) {
	t.Parallel()

	doc := smsDoc()
	doc["token"] = "98765x"

	err := Validate("sms", mustJSON(t, doc))

	requireFailure(t, err, "/token", "pattern")

	if strings.Contains(err.Error(), "98765x") {
		t.Errorf("got %q, want the failing value left out of the message", err)
	}
}
