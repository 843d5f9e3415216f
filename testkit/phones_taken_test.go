package testkit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nyaruka/phonenumbers"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// takenRange is a 1,000-number range for the tests of taken numbers.
const takenRange = "+12025550###"

// takenByEarlierRuns reports whether a number of takenRange is taken on
// the simulated target: 60 % of the range, in blocks of 150 like those an
// earlier run leaves behind.
func takenByEarlierRuns(e164 string) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(e164, "+12025550"))
	return err == nil && len(e164) == len(takenRange) && n%250 < 150
}

// takenKey is the one API key of the target with taken numbers.
const takenKey = "shared-staging"

// startWithTakenNumbers serves a sandbox with one tenant, like a shared
// staging deployment, behind a handler that responds with 409
// phone_number_taken to each create of a number that taken reports.
func startWithTakenNumbers(t *testing.T, taken func(e164 string) bool) string {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{APIKeys: []string{takenKey}, TokenMode: "fixed"})
	if err != nil {
		t.Fatal(err)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/v1/customers" && taken(createdNumber(r)) {
			writeTaken(w)
			return
		}
		srv.ServeHTTP(w, r)
	})
	ts := httptest.NewServer(handler)
	t.Cleanup(func() {
		_ = srv.Close()
		ts.Close()
	})
	return ts.URL
}

// createdNumber returns the number of a create request with the country
// code US, in E.164 form, and puts the body back for the sandbox. It
// returns "" for a request the sandbox rejects for its form, such as a
// number with letters or an extension, so those keep their own error.
func createdNumber(r *http.Request) string {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))

	var in struct {
		Phone   any `json:"unconfirmed_phone_number"`
		Country any `json:"country_code"`
	}
	_ = json.Unmarshal(body, &in)
	written, _ := in.Phone.(string)
	country, _ := in.Country.(string)
	if !strings.EqualFold(country, "US") || strings.ContainsFunc(written, unicode.IsLetter) {
		return ""
	}

	digits := phonenumbers.NormalizeDigitsOnly(written)
	switch {
	case len(digits) == 10:
		return "+1" + digits
	case len(digits) == 11 && digits[0] == '1':
		return "+" + digits
	}
	return ""
}

func writeTaken(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_takenbyanearlierrun")
	w.WriteHeader(http.StatusConflict)
	_, _ = w.Write([]byte(`{"error":{"type":"invalid_request_error","code":"phone_number_taken","param":"unconfirmed_phone_number",` +
		`"message":"An earlier run holds this number.","request_id":"req_takenbyanearlierrun"}}`))
}

// TestRunWithMostNumbersTaken runs the whole suite against a target where
// 60 % of the phone range is taken and checks that it still passes.
func TestRunWithMostNumbersTaken(t *testing.T) {
	url := startWithTakenNumbers(t, takenByEarlierRuns)
	phones, err := testkit.NewPhoneGenerator(takenRange)
	if err != nil {
		t.Fatal(err)
	}

	probe := testkit.ProbeOptions{BaseURL: url, APIKey: takenKey, Phones: phones}
	result := runWithProbe(t, probe, builtinFeatures(t), testkit.SuiteOptions{Concurrency: 4, Strict: true})

	if result.status != testkit.SuitePassed {
		t.Errorf("got suite status %d, want %d (passed); failed scenarios: %v", result.status, testkit.SuitePassed, result.failed)
	}
	if result.passed < 100 {
		t.Errorf("got %d passed scenarios, want at least 100 of the built-in ones", result.passed)
	}
}

// TestRunWithFullRange checks the message of a run whose range is full.
func TestRunWithFullRange(t *testing.T) {
	url := startWithTakenNumbers(t, func(string) bool { return true })
	phones, err := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = testkit.SetUp(ctx, testkit.ProbeOptions{BaseURL: url, APIKey: takenKey, Phones: phones}, "", "")

	if err == nil {
		t.Fatal("the probe passed against a full range, want an error")
	}
	for _, want := range []string{"200 fresh numbers in a row were taken", "nearly full", "--phone-template", "area code"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not contain %q", err, want)
		}
	}
}
