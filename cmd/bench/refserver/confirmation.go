package refserver

import (
	"encoding/json"
	"net/http"
)

// newMessage builds the confirmation SMS for c's pending number and sets c's
// token. c must not be stored yet, or must be a fresh copy.
func (s *Server) newMessage(c *customer, at string) *sms {
	token := newToken()
	c.ConfirmationToken = &token
	return &sms{
		ID:         s.newID("sms_"),
		CustomerID: c.ID,
		To:         *c.UnconfirmedPhoneNumber,
		Body:       "Your confirmation code is " + token,
		Token:      token,
		SentAt:     at,
	}
}

// storeMessage records m as the newest message. The caller holds s.mu.
func (s *Server) storeMessage(m *sms) {
	s.latestSMS[m.CustomerID] = m
	s.newest = m
}

func (s *Server) confirmCustomer(w http.ResponseWriter, r *http.Request) {
	var req confirmRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "body_invalid", "The body is not a JSON object: "+err.Error())
		return
	}

	s.mu.Lock()
	old, ok := s.customers[r.PathValue("id")]
	if !ok {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "resource_missing", "No such customer: "+r.PathValue("id"))
		return
	}
	if old.ConfirmationToken == nil || *old.ConfirmationToken != req.ConfirmationToken {
		s.mu.Unlock()
		writeError(w, http.StatusUnprocessableEntity, "confirmation_token_invalid", "The confirmation token does not match the pending one.")
		return
	}
	at := now()
	c := *old
	c.PhoneNumber, c.UnconfirmedPhoneNumber = c.UnconfirmedPhoneNumber, nil
	c.ConfirmationToken = nil
	c.ConfirmedAt = &at
	c.UpdatedAt = at
	s.customers[c.ID] = &c
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, &c)
}

func (s *Server) generateConfirmation(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	old, ok := s.customers[r.PathValue("id")]
	if !ok || old.UnconfirmedPhoneNumber == nil {
		writeError(w, http.StatusNotFound, "resource_missing", "No such customer with a pending number: "+r.PathValue("id"))
		return
	}
	at := now()
	c := *old
	c.ConfirmationSentAt = &at
	c.UpdatedAt = at
	s.storeMessage(s.newMessage(&c, at))
	s.customers[c.ID] = &c

	w.WriteHeader(http.StatusCreated)
}

// latestMessage returns the newest SMS, of one customer when the customer_id
// query parameter is set. The sandbox's wait parameter is not supported.
func (s *Server) latestMessage(w http.ResponseWriter, r *http.Request) {
	customerID := r.URL.Query().Get("customer_id")

	s.mu.RLock()
	m := s.newest
	if customerID != "" {
		m = s.latestSMS[customerID]
	}
	s.mu.RUnlock()

	if m == nil {
		writeError(w, http.StatusNotFound, "resource_missing", "No matching SMS in the outbox.")
		return
	}
	writeJSON(w, http.StatusOK, m)
}
