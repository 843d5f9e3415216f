package deviant

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// sandboxServer shortens the type in Wrap signatures.
type sandboxServer = sandbox.Server

// recorded is a response of the wrapped handler, kept to be changed before
// it is sent.
type recorded struct {
	status int
	header http.Header
	body   []byte
}

// record runs next and keeps its response.
func record(next http.Handler, r *http.Request) *recorded {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return &recorded{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// send writes the response, with Content-Length set for the body it has now.
func (rec *recorded) send(w http.ResponseWriter) {
	for name, values := range rec.header {
		w.Header()[name] = values
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rec.body)))
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body)
}

// editJSON decodes the body as an object, lets edit change it and encodes
// it again. A body that is not an object is left alone.
func (rec *recorded) editJSON(edit func(map[string]any)) {
	var obj map[string]any
	if json.Unmarshal(rec.body, &obj) != nil {
		return
	}
	edit(obj)
	body, err := json.Marshal(obj)
	if err == nil {
		rec.body = body
	}
}

// errorCode returns error.code of an error body, "" for other bodies.
func (rec *recorded) errorCode() string {
	var env struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(rec.body, &env)
	return env.Error.Code
}

// readBody returns the request body and puts it back for the next handler.
func readBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body
}

// apiKey returns the bearer key of a request.
func apiKey(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// isCustomerRoute reports whether the request is method on a customers
// path ending in suffix ("" for the customer itself, "/confirm"...).
func isCustomerRoute(r *http.Request, method, suffix string) bool {
	if r.Method != method || !strings.HasPrefix(r.URL.Path, "/v1/customers/") {
		return false
	}
	rest := strings.TrimPrefix(r.URL.Path, "/v1/customers/")
	id, tail, _ := strings.Cut(rest, "/")
	if tail != "" {
		tail = "/" + tail
	}
	return id != "" && tail == suffix
}

// rewriteResponses returns a Wrap that records every response matching
// match and lets edit change it.
func rewriteResponses(match func(*http.Request) bool, edit func(*http.Request, *recorded)) func(*sandboxServer, http.Handler) http.Handler {
	return func(_ *sandboxServer, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match(r) {
				next.ServeHTTP(w, r)
				return
			}
			rec := record(next, r)
			edit(r, rec)
			rec.send(w)
		})
	}
}
