package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// TestInternalError serves handlers that fail with a plain error or a
// panic, which no route does on purpose, through the real middleware: the
// client gets the 500 envelope with no detail, and the log gets the
// request id.
func TestInternalError(t *testing.T) {
	const secret = "database password is hunter2"
	tests := []struct {
		name    string
		handler handlerFunc
		wantLog string
	}{
		{name: "returned error", wantLog: "internal error", handler: func(http.ResponseWriter, *http.Request) error {
			return errors.New(secret)
		}},
		{name: "panic", wantLog: "handler panicked", handler: func(http.ResponseWriter, *http.Request) error {
			panic(secret)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &syncBuffer{}
			s, err := New(Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			hs := httptest.NewServer(s.middleware(s.handle(tt.handler)))
			defer hs.Close()

			res, err := http.Get(hs.URL + "/v1/customers/cus_x")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()

			if res.StatusCode != http.StatusInternalServerError {
				t.Fatalf("got status %d, want 500\nbody: %s", res.StatusCode, body)
			}
			if err := schemas.Validate("error", body); err != nil {
				t.Errorf("body %s: %v", body, err)
			}
			var env errorEnvelope
			if err := json.Unmarshal(body, &env); err != nil {
				t.Fatal(err)
			}
			id := res.Header.Get("Request-Id")
			if env.Error.Code != "internal_error" || env.Error.Type != "api_error" || env.Error.RequestID != id {
				t.Errorf("got code %q, type %q, request_id %q, want internal_error, api_error, %q",
					env.Error.Code, env.Error.Type, env.Error.RequestID, id)
			}
			if strings.Contains(string(body), "hunter2") || strings.Contains(string(body), "goroutine") {
				t.Errorf("got body %s, want no internal detail", body)
			}
			log := logs.String()
			if !strings.Contains(log, tt.wantLog) || !strings.Contains(log, id) {
				t.Errorf("got log %q, want %q with request id %s", log, tt.wantLog, id)
			}
		})
	}
}
