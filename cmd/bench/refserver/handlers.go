package refserver

import (
	"encoding/json"
	"net/http"
)

// createRequest is the body of POST /v1/customers.
type createRequest struct {
	UnconfirmedPhoneNumber string `json:"unconfirmed_phone_number"`
	CountryCode            string `json:"country_code"`
}

// updateRequest is the body of PATCH /v1/customers/{id}. An absent key keeps
// its value; the reference server cannot tell null from absent and keeps it.
type updateRequest struct {
	FirstName *string `json:"first_name"`
	LastName  *string `json:"last_name"`
	Email     *string `json:"email"`
}

// confirmRequest is the body of POST /v1/customers/{id}/confirm.
type confirmRequest struct {
	ConfirmationToken string `json:"confirmation_token"`
}

func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "body_invalid", "The body is not a JSON object: "+err.Error())
		return
	}

	at := now()
	c := &customer{
		ID:                     s.newID("cus_"),
		UnconfirmedPhoneNumber: &req.UnconfirmedPhoneNumber,
		CountryCode:            req.CountryCode,
		ConfirmationSentAt:     &at,
		CreatedAt:              at,
		UpdatedAt:              at,
	}
	message := s.newMessage(c, at)

	s.mu.Lock()
	s.customers[c.ID] = c
	s.storeMessage(message)
	s.mu.Unlock()

	w.Header().Set("Location", "/v1/customers/"+c.ID)
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request) {
	c, ok := s.lookup(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, "resource_missing", "No such customer: "+r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) updateCustomer(w http.ResponseWriter, r *http.Request) {
	var req updateRequest
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
	c := *old
	c.FirstName = keepOrReplace(c.FirstName, req.FirstName)
	c.LastName = keepOrReplace(c.LastName, req.LastName)
	c.Email = keepOrReplace(c.Email, req.Email)
	c.UpdatedAt = now()
	s.customers[c.ID] = &c
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, &c)
}

func keepOrReplace(old, replacement *string) *string {
	if replacement == nil {
		return old
	}
	return replacement
}

// lookup returns a copy of the stored customer.
func (s *Server) lookup(id string) (customer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	c, ok := s.customers[id]
	if !ok {
		return customer{}, false
	}
	return *c, true
}
