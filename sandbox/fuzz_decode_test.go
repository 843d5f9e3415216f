package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// decodeErrorCodes are the codes request decoding may return.
var decodeErrorCodes = []string{codeBodyInvalid, codeBodyTooLarge, codeUnsupportedMediaType}

// FuzzDecodeBody feeds arbitrary bytes to the request body decoder and to
// the three endpoints that take a body, over real HTTP. The decoder must
// return either params with unique keys and valid JSON values or a 4xx
// *apiError, and no endpoint may answer 5xx. The seed corpus is in
// testdata/fuzz/FuzzDecodeBody.
func FuzzDecodeBody(f *testing.F) {
	h := startHostile(f, Options{TokenMode: TokenModeFixed, MaxConfirmAttempts: 1 << 30})
	target := h.createForFuzz(f)

	f.Fuzz(func(t *testing.T, body []byte) {
		checkDecode(t, body)

		for _, req := range []hostileRequest{
			{method: http.MethodPost, path: "/v1/customers", body: string(body)},
			{method: http.MethodPatch, path: "/v1/customers/" + target, body: string(body)},
			{method: http.MethodPost, path: "/v1/customers/" + target + "/confirm", body: string(body)},
			{method: http.MethodPost, path: "/v1/customers/" + target + "/generate_confirmation", body: string(body)},
		} {
			resp := h.do(t, req)
			if resp.status >= 500 {
				t.Fatalf("%s %s with body %q: got status %d; body %s", req.method, req.path, body, resp.status, resp.body)
			}
			if resp.status >= 400 {
				e := apiErrorOf(t, resp)
				checkNoGoNames(t, e.Message)
			}
		}
	})
}

// checkDecode checks the result of readParams on body.
func checkDecode(t *testing.T, body []byte) {
	t.Helper()

	r := httptest.NewRequest(http.MethodPost, "/v1/customers", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	p, err := readParams(r, DefaultMaxBodyBytes, false)
	if err != nil {
		var apiErr *apiError
		if !errors.As(err, &apiErr) {
			t.Fatalf("readParams(%q): got error %v of type %T, want *apiError", body, err, err)
		}
		if apiErr.Status < 400 || apiErr.Status > 499 {
			t.Fatalf("readParams(%q): got status %d, want 4xx", body, apiErr.Status)
		}
		if !slices.Contains(decodeErrorCodes, apiErr.Code) {
			t.Fatalf("readParams(%q): got code %q, want one of %v", body, apiErr.Code, decodeErrorCodes)
		}
		checkNoGoNames(t, apiErr.Message)
		return
	}

	if len(p.keys) != len(p.values) {
		t.Fatalf("readParams(%q): %d keys but %d values, so a key repeats", body, len(p.keys), len(p.values))
	}
	for _, key := range p.keys {
		if !json.Valid(p.values[key]) {
			t.Fatalf("readParams(%q): value of %q is %q, not valid JSON", body, key, p.values[key])
		}
	}
}

// createForFuzz creates the customer that the fuzzed PATCH, confirm and
// generate_confirmation requests target.
func (h *hostileServer) createForFuzz(f *testing.F) string {
	f.Helper()

	resp, err := http.Post(h.ts.URL+"/v1/customers", "application/json", bytes.NewReader([]byte(validCreate)))
	if err != nil {
		f.Fatalf("create: %v", err)
	}
	defer resp.Body.Close()
	var c customerJSON
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil || c.ID == "" {
		f.Fatalf("create: status %d, decode error %v", resp.StatusCode, err)
	}
	return c.ID
}
