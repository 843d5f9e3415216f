// Package refserver is the benchmark's reference server: the sandbox's routes
// and JSON shapes over a map under a lock, with no validation, no tenants and
// no limits. It shows what the same requests cost with almost no work behind
// them, so sandbox figures can be read as a ratio to it on the same machine.
package refserver

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// timeLayout is RFC 3339 in UTC with exactly three fractional digits, the
// sandbox's time format.
const timeLayout = "2006-01-02T15:04:05.000Z"

// customer has the twelve attributes of the API's customer object; nil
// pointers encode as null.
type customer struct {
	ID                     string  `json:"id"`
	PhoneNumber            *string `json:"phone_number"`
	UnconfirmedPhoneNumber *string `json:"unconfirmed_phone_number"`
	CountryCode            string  `json:"country_code"`
	Email                  *string `json:"email"`
	FirstName              *string `json:"first_name"`
	LastName               *string `json:"last_name"`
	ConfirmationToken      *string `json:"confirmation_token"`
	ConfirmedAt            *string `json:"confirmed_at"`
	ConfirmationSentAt     *string `json:"confirmation_sent_at"`
	CreatedAt              string  `json:"created_at"`
	UpdatedAt              string  `json:"updated_at"`
}

// sms is one message in the outbox.
type sms struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	To         string `json:"to"`
	Body       string `json:"body"`
	Token      string `json:"token"`
	SentAt     string `json:"sent_at"`
}

// Server is the reference handler. Stored values are never changed in place:
// an update stores a new copy, so a copy taken under the lock can be encoded
// after the lock is released.
type Server struct {
	mux       *http.ServeMux
	nextID    atomic.Uint64
	mu        sync.RWMutex
	customers map[string]*customer
	latestSMS map[string]*sms // newest message per customer id
	newest    *sms            // newest message of all
}

// New returns an empty reference server.
func New() *Server {
	s := &Server{
		mux:       http.NewServeMux(),
		customers: map[string]*customer{},
		latestSMS: map[string]*sms{},
	}
	s.mux.HandleFunc("POST /v1/customers", s.createCustomer)
	s.mux.HandleFunc("GET /v1/customers/{id}", s.getCustomer)
	s.mux.HandleFunc("PATCH /v1/customers/{id}", s.updateCustomer)
	s.mux.HandleFunc("POST /v1/customers/{id}/confirm", s.confirmCustomer)
	s.mux.HandleFunc("POST /v1/customers/{id}/generate_confirmation", s.generateConfirmation)
	s.mux.HandleFunc("GET /_sandbox/sms/latest", s.latestMessage)
	s.mux.HandleFunc("GET /healthz", s.health)
	s.mux.HandleFunc("/", routeMissing)
	return s
}

// ServeHTTP sets a Request-Id header, as the sandbox does on every response,
// and routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Request-Id", s.newID("req_"))
	s.mux.ServeHTTP(w, r)
}

// newID returns prefix followed by a base-36 sequence number.
func (s *Server) newID(prefix string) string {
	return prefix + strconv.FormatUint(s.nextID.Add(1), 36)
}

// newToken returns a random six-digit confirmation token.
func newToken() string {
	return fmt.Sprintf("%06d", rand.IntN(1_000_000))
}

// now returns the current time in the API's format.
func now() string {
	return time.Now().UTC().Format(timeLayout)
}

// writeJSON sends v with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError sends the API's error envelope.
func writeError(w http.ResponseWriter, status int, code, message string) {
	body := map[string]any{"error": map[string]any{
		"type":       "invalid_request_error",
		"code":       code,
		"param":      nil,
		"message":    message,
		"request_id": w.Header().Get("Request-Id"),
	}}
	writeJSON(w, status, body)
}

func routeMissing(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "route_missing", "No route for "+r.Method+" "+r.URL.Path)
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
