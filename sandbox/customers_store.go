package sandbox

import (
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/hashicorp/go-memdb"
)

// insertCustomer stores a new unconfirmed customer and sends its first
// token. Ids and the token are drawn before the write transaction, so
// writers do not queue behind the random source.
func (s *Server) insertCustomer(info *requestInfo, in createInput) (*customer, error) {
	id := info.entropy.newID("cus_")
	smsID := info.entropy.newID("sms_")
	token := info.entropy.newToken()

	txn := s.db.Txn(true)
	defer txn.Abort()

	holder, err := numberHolder(txn, info.tenant, in.Number)
	if err != nil {
		return nil, err
	}
	if id, err = uniqueID(txn, tableCustomers, info.tenant, id, "cus_", info.entropy); err != nil {
		return nil, err
	}
	if holder != "" {
		// Naming the holder lets a client whose first create timed out
		// find the customer it created; other tenants are never named.
		return nil, newError(http.StatusConflict, codePhoneNumberTaken, "unconfirmed_phone_number",
			"The phone number %s already belongs to customer %s. Use another number, or retrieve that customer with GET /v1/customers/%s.",
			in.Number, holder, holder)
	}
	clock, err := s.clockIn(txn, info.tenant)
	if err != nil {
		return nil, err
	}
	now := clock.now(s.realNow())

	c := &customer{
		Tenant:                 info.tenant,
		ID:                     id,
		Seq:                    s.seq.Add(1),
		UnconfirmedPhoneNumber: in.Number,
		CountryCode:            in.Country,
		ConfirmationToken:      token,
		ConfirmationSentAt:     now,
		CreatedAt:              now,
		UpdatedAt:              now,
		Sends:                  []time.Time{now},
	}
	if err := s.storeAndSend(txn, c, smsID, now); err != nil {
		return nil, err
	}
	txn.Commit()
	return c, nil
}

// storeAndSend inserts c and its confirmation SMS.
func (s *Server) storeAndSend(txn *memdb.Txn, c *customer, smsID string, now time.Time) error {
	if err := txn.Insert(tableCustomers, c); err != nil {
		return err
	}
	return s.sendSMS(txn, c, smsID, now)
}

// applyUpdate sets or clears profile fields. A request that changes no value
// leaves updated_at alone and writes nothing.
func (s *Server) applyUpdate(tenant, id string, changes []field) (*customer, error) {
	txn := s.db.Txn(true)
	defer txn.Abort()

	stored, now, err := s.loadForWrite(txn, tenant, id)
	if err != nil {
		return nil, err
	}
	c := stored.clone()
	changed := false
	for _, f := range changes {
		changed = setProfileField(c, f) || changed
	}
	if !changed {
		return stored, nil
	}

	c.UpdatedAt = now
	if err := txn.Insert(tableCustomers, c); err != nil {
		return nil, err
	}
	txn.Commit()
	return c, nil
}

// setProfileField applies one PATCH field and reports whether it changed.
func setProfileField(c *customer, f field) bool {
	target := map[string]*string{"first_name": &c.FirstName, "last_name": &c.LastName, "email": &c.Email}[f.Name]
	value := f.Value
	if f.Null {
		value = ""
	}
	if *target == value {
		return false
	}
	*target = value
	return true
}

// loadForWrite returns the customer and the tenant's current time inside a
// write transaction, or 404 when the tenant has no such customer.
func (s *Server) loadForWrite(txn *memdb.Txn, tenant, id string) (*customer, time.Time, error) {
	c, err := findCustomer(txn, tenant, id)
	if err != nil {
		return nil, time.Time{}, err
	}
	if c == nil {
		return nil, time.Time{}, errCustomerMissing(id)
	}
	clock, err := s.clockIn(txn, tenant)
	if err != nil {
		return nil, time.Time{}, err
	}
	return c, clock.now(s.realNow()), nil
}

// confirm checks token against the pending one. Checks run in the
// documented order: state (409), attempt limit (429), expiry, then the
// token itself. A wrong token is the only rejection that writes: it counts
// one failed attempt and destroys the token at the limit.
func (s *Server) confirm(tenant, id, token string) (*customer, error) {
	txn := s.db.Txn(true)
	defer txn.Abort()

	stored, now, err := s.loadForWrite(txn, tenant, id)
	if err != nil {
		return nil, err
	}
	if err := s.checkConfirmable(stored, now); err != nil {
		return nil, err
	}

	c := stored.clone()
	if !tokensEqual(token, c.ConfirmationToken) {
		return nil, s.failAttempt(txn, c)
	}

	c.PhoneNumber = c.UnconfirmedPhoneNumber
	c.UnconfirmedPhoneNumber = ""
	c.ConfirmationToken = ""
	c.ConfirmedAt = now
	c.UpdatedAt = now
	c.FailedAttempts = 0
	if err := txn.Insert(tableCustomers, c); err != nil {
		return nil, err
	}
	txn.Commit()
	return c, nil
}

// checkConfirmable returns why c cannot be confirmed now, or nil.
func (s *Server) checkConfirmable(c *customer, now time.Time) error {
	switch {
	case c.UnconfirmedPhoneNumber == "":
		return errNothingPending(c.ID)
	case c.FailedAttempts >= s.opts.MaxConfirmAttempts:
		return newError(http.StatusTooManyRequests, codeTooManyAttempts, "confirmation_token",
			"The confirmation token has had %d wrong attempts and was destroyed. Request a new one with POST /v1/customers/%s/generate_confirmation.",
			s.opts.MaxConfirmAttempts, c.ID)
	case !now.Before(c.ConfirmationSentAt.Add(s.opts.ConfirmationTTL)):
		return newError(http.StatusUnprocessableEntity, codeConfirmationTokenExpired, "confirmation_token",
			"The confirmation token expired at %s. Request a new one with POST /v1/customers/%s/generate_confirmation.",
			formatTime(c.ConfirmationSentAt.Add(s.opts.ConfirmationTTL)), c.ID)
	}
	return nil
}

// failAttempt records a wrong token and returns the error to send.
func (s *Server) failAttempt(txn *memdb.Txn, c *customer) error {
	c.FailedAttempts++
	left := s.opts.MaxConfirmAttempts - c.FailedAttempts
	if left <= 0 {
		c.ConfirmationToken = ""
	}
	if err := txn.Insert(tableCustomers, c); err != nil {
		return err
	}
	txn.Commit()

	if left <= 0 {
		return newError(http.StatusUnprocessableEntity, codeConfirmationTokenInvalid, "confirmation_token",
			"The confirmation token is incorrect, and after %s the token is now destroyed; request a new one with POST /v1/customers/%s/generate_confirmation.",
			plural(c.FailedAttempts, "wrong attempt"), c.ID)
	}
	return newError(http.StatusUnprocessableEntity, codeConfirmationTokenInvalid, "confirmation_token",
		"The confirmation token is incorrect; %s left before it is destroyed. Check the code in the latest SMS.", plural(left, "attempt"))
}

func errNothingPending(id string) error {
	return newError(http.StatusConflict, codeAlreadyConfirmed, "",
		"Customer %s has no pending confirmation: the phone number is already confirmed.", id)
}

// regenerate replaces the pending token with a new one and sends it, within
// the per-customer send limit.
func (s *Server) regenerate(info *requestInfo, id string) error {
	smsID := info.entropy.newID("sms_")
	token := info.entropy.newToken()

	txn := s.db.Txn(true)
	defer txn.Abort()

	stored, now, err := s.loadForWrite(txn, info.tenant, id)
	if err != nil {
		return err
	}
	if stored.UnconfirmedPhoneNumber == "" {
		return errNothingPending(stored.ID)
	}
	c := stored.clone()
	c.Sends = sendsWithin(c.Sends, now, s.opts.SendWindow)
	if len(c.Sends) >= s.opts.MaxSends {
		return s.errSendLimit(c, now)
	}

	c.ConfirmationToken = token
	c.ConfirmationSentAt = now
	c.UpdatedAt = now
	c.FailedAttempts = 0
	c.Sends = append(c.Sends, now)
	if err := s.storeAndSend(txn, c, smsID, now); err != nil {
		return err
	}
	txn.Commit()
	return nil
}

// sendsWithin returns the send times inside the window that ends at now,
// oldest first. A send recorded after now, which happens when the tenant's
// clock was moved back, counts as sent now, so the wait for the limit never
// exceeds the window.
func sendsWithin(sends []time.Time, now time.Time, window time.Duration) []time.Time {
	kept := sends[:0:0]
	for _, t := range sends {
		if t.After(now) {
			t = now
		}
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	slices.SortFunc(kept, time.Time.Compare)
	return kept
}

// errSendLimit returns the 429 for a full send window, with Retry-After set
// to when the oldest send leaves it.
func (s *Server) errSendLimit(c *customer, now time.Time) error {
	wait := c.Sends[0].Add(s.opts.SendWindow).Sub(now)
	seconds := int(math.Ceil(wait.Seconds()))
	err := newError(http.StatusTooManyRequests, codeTooManyRequests, "",
		"Customer %s has been sent %d SMS in the last %s, the limit. Retry after %d seconds.",
		c.ID, len(c.Sends), s.opts.SendWindow, seconds)
	err.RetryAfter = max(seconds, 1)
	return err
}
