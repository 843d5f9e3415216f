package deviant

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// acceptOldTokens confirms a customer with any token it was ever sent: a
// rejected earlier token is replaced with the newest one and sent again.
func acceptOldTokens(srv *sandboxServer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isConfirm(r) {
			next.ServeHTTP(w, r)
			return
		}

		body := readBody(r)
		rec := record(next, r)
		if rec.errorCode() != "confirmation_token_invalid" {
			rec.send(w)
			return
		}

		newest, ok := oldToken(srv, r, body)
		if !ok {
			rec.send(w)
			return
		}
		retry := r.Clone(r.Context())
		retryBody, _ := json.Marshal(map[string]string{"confirmation_token": newest})
		retry.Body = io.NopCloser(bytes.NewReader(retryBody))
		retry.ContentLength = int64(len(retryBody))
		next.ServeHTTP(w, retry)
	})
}

// oldToken reports whether the request's token was sent to the customer
// before, and returns the newest token sent to it.
func oldToken(srv *sandboxServer, r *http.Request, body []byte) (string, bool) {
	var in struct {
		Token string `json:"confirmation_token"`
	}
	if json.Unmarshal(body, &in) != nil {
		return "", false
	}
	id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/v1/customers/"), "/confirm")

	var sent []string
	for _, sms := range srv.Outbox(apiKey(r)) {
		if sms.CustomerID == id {
			sent = append(sent, sms.Token)
		}
	}
	for _, token := range sent {
		if token == in.Token && len(sent) > 1 {
			return sent[len(sent)-1], true
		}
	}
	return "", false
}

// redirectTrailingSlash sends a path with a trailing slash to the path
// without it, as many web frameworks do.
func redirectTrailingSlash(_ *sandboxServer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) > 1 && strings.HasSuffix(r.URL.Path, "/") && strings.HasPrefix(r.URL.Path, "/v1/") {
			http.Redirect(w, r, strings.TrimSuffix(r.URL.Path, "/"), http.StatusMovedPermanently)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ignoreClockAdvance responds to a clock change with the unchanged clock, a
// control that claims to work and does not.
func ignoreClockAdvance(_ *sandboxServer, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/_sandbox/clock" {
			next.ServeHTTP(w, r)
			return
		}
		var change map[string]any
		if json.Unmarshal(readBody(r), &change) == nil && change["advance"] != nil {
			get := r.Clone(r.Context())
			get.Method = http.MethodGet
			get.Body = http.NoBody
			get.ContentLength = 0
			next.ServeHTTP(w, get)
			return
		}
		next.ServeHTTP(w, r)
	})
}
