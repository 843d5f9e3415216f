package sandbox

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

const (
	logKey     = "sk_test_logcheck_Z7q2W9x4"
	unknownKey = "sk_test_unknown_P3m8K1v6"
)

// TestLogsHoldNoSecrets runs a full flow, with errors, 401s and a panic,
// and checks that the log never contains an API key or a token.
func TestLogsHoldNoSecrets(t *testing.T) {
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := startHostile(t, Options{Logger: logger, APIKeys: []string{logKey}})

	c := h.create(t, logKey, "+12025550143")
	other := h.create(t, logKey, "+12025550144")
	path := "/v1/customers/" + c.ID
	requests := []hostileRequest{
		{method: http.MethodGet, path: path},
		{method: http.MethodPatch, path: path, body: `{"first_name": "Ann"}`},
		{method: http.MethodPatch, path: path, body: `{"email": "nope"}`},
		{method: http.MethodPost, path: path + "/confirm", body: `{"confirmation_token": "000000"}`},
		{method: http.MethodPost, path: path + "/confirm", body: `{"confirmation_token": 5}`},
		{method: http.MethodPost, path: path + "/generate_confirmation"},
		{method: http.MethodPost, path: "/v1/customers/" + other.ID + "/confirm", body: `{"confirmation_token": "` + *other.ConfirmationToken + `"}`},
		{method: http.MethodPost, path: "/v1/customers/" + other.ID + "/confirm", body: `{"confirmation_token": "` + *other.ConfirmationToken + `"}`},
		{method: http.MethodGet, path: "/v1/customers/cus_missing"},
		{method: http.MethodDelete, path: path},
		{method: http.MethodGet, path: "/_sandbox/sms"},
		{method: http.MethodGet, path: "/_sandbox/state"},
		{method: http.MethodPost, path: "/v1/customers", body: strings.Repeat(" ", 70_000)},
	}
	for _, r := range requests {
		r.key = logKey
		h.do(t, r)
	}
	h.do(t, hostileRequest{method: http.MethodGet, path: path, key: unknownKey})
	h.do(t, hostileRequest{method: http.MethodGet, path: path, header: map[string]string{"Authorization": "Basic " + logKey}})
	h.do(t, hostileRequest{method: http.MethodGet, path: path, header: map[string]string{"Authorization": logKey}})
	h.do(t, hostileRequest{method: http.MethodGet, path: path})

	panicky := startPanicking(t, logger)
	if resp := panicky.do(t, hostileRequest{method: http.MethodGet, path: "/v1/panic", key: logKey}); resp.status != http.StatusInternalServerError {
		t.Errorf("panicking handler: got status %d, want 500", resp.status)
	}

	if journal := h.get(t, logKey, "/_sandbox/requests"); strings.Contains(string(journal.body), logKey) {
		t.Errorf("the request journal shows the API key unmasked")
	}

	secrets := []string{logKey, unknownKey}
	for _, m := range h.sb.Outbox(logKey) {
		secrets = append(secrets, m.Token)
	}
	checkLogSecrets(t, logs.String(), secrets)

	for _, want := range []string{`"status":401`, `"status":500`, `"msg":"handler panicked"`, `"tenant":"` + tenantHash(logKey) + `"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s, so the flow did not run as planned", want)
		}
	}
}

// checkLogSecrets fails when any string in any JSON log line contains a
// secret. Numbers are left out: a duration in nanoseconds may contain six
// digits that look like a token by chance.
func checkLogSecrets(t *testing.T, log string, secrets []string) {
	t.Helper()

	scanner := bufio.NewScanner(strings.NewReader(log))
	scanner.Buffer(nil, 1<<20)
	lines := 0
	for scanner.Scan() {
		lines++
		var entry map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &entry); err != nil {
			t.Fatalf("log line %q is not JSON: %v", scanner.Text(), err)
		}
		for _, s := range logStrings(entry) {
			for _, secret := range secrets {
				if strings.Contains(s, secret) {
					t.Errorf("log line contains the secret %q: %s", secret, scanner.Text())
				}
			}
		}
	}
	if lines < 20 {
		t.Errorf("log has %d lines, want one per request", lines)
	}
}

// logStrings returns the keys and string values of a decoded log line,
// nested groups included.
func logStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for k, inner := range v {
			out = append(out, k)
			out = append(out, logStrings(inner)...)
		}
		return out
	case []any:
		var out []string
		for _, inner := range v {
			out = append(out, logStrings(inner)...)
		}
		return out
	}
	return nil
}

// startPanicking serves a sandbox's middleware in front of a router whose
// /v1/panic handler panics, logging to logger. /healthz works as usual.
func startPanicking(t *testing.T, logger *slog.Logger) *hostileServer {
	t.Helper()

	sb, err := New(Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	router := mux.NewRouter()
	sb.route(router, "/v1/panic", methods{http.MethodGet: func(http.ResponseWriter, *http.Request) error {
		panic("injected failure")
	}})
	sb.route(router, "/healthz", methods{http.MethodGet: sb.health})
	ts := httptest.NewServer(sb.middleware(router))
	t.Cleanup(func() {
		ts.Close()
		sb.Close()
	})
	return &hostileServer{sb: sb, ts: ts, client: &http.Client{}}
}

// TestPanicBecomesLogged500 checks that a panicking handler gives a JSON
// 500 with the request id, logged with that id and without a stack trace
// in the body, and that the server keeps serving on the same connection.
func TestPanicBecomesLogged500(t *testing.T) {
	logs := &syncBuffer{}
	h := startPanicking(t, slog.New(slog.NewTextHandler(logs, nil)))

	resp := h.do(t, hostileRequest{method: http.MethodGet, path: "/v1/panic"})
	e := wantError(t, resp, http.StatusInternalServerError, codeInternalError, "")
	if strings.Contains(string(resp.body), "injected failure") {
		t.Errorf("body reveals the panic value: %s", resp.body)
	}
	wantLine := `msg="handler panicked" request_id=` + e.RequestID
	if !strings.Contains(logs.String(), wantLine) {
		t.Errorf("log lacks %q:\n%s", wantLine, logs.String())
	}

	for range 3 {
		if resp := h.get(t, "", "/healthz"); resp.status != http.StatusOK {
			t.Errorf("after the panic /healthz: got status %d, want 200", resp.status)
		}
	}
	if resp := h.do(t, hostileRequest{method: http.MethodGet, path: "/v1/panic"}); resp.status != http.StatusInternalServerError {
		t.Errorf("second panic: got status %d, want 500", resp.status)
	}
}
