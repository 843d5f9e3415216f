package sandbox

import (
	"time"
)

// customer is a stored customer. Rows read from memdb are shared with every
// later reader, so code changes a copy (see clone) and inserts the copy.
// Empty strings and zero times stand for null: the API rejects empty strings
// and never sends a zero time, so neither can be a real value.
type customer struct {
	Tenant string
	ID     string
	Seq    uint64

	PhoneNumber            string
	UnconfirmedPhoneNumber string
	CountryCode            string
	Email                  string
	FirstName              string
	LastName               string

	ConfirmationToken  string
	ConfirmedAt        time.Time
	ConfirmationSentAt time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time

	// FailedAttempts counts wrong tokens against the pending one; it is the
	// only state a rejected request may change.
	FailedAttempts int

	// Sends holds the times of the SMS sent to this customer inside the
	// current send window, oldest first, for the send limit.
	Sends []time.Time
}

// clone returns a copy that can be changed without touching the stored row.
func (c *customer) clone() *customer {
	out := *c
	out.Sends = append([]time.Time(nil), c.Sends...)
	return &out
}

// phoneKey qualifies a number by tenant: numbers are unique per tenant only.
func phoneKey(tenant, e164 string) string {
	return tenant + "\x00" + e164
}

// customerJSON is the wire form of a customer: all twelve documented
// attributes, null when unset.
type customerJSON struct {
	ID                     string  `json:"id"`
	PhoneNumber            *string `json:"phone_number"`
	UnconfirmedPhoneNumber *string `json:"unconfirmed_phone_number"`
	CountryCode            *string `json:"country_code"`
	Email                  *string `json:"email"`
	FirstName              *string `json:"first_name"`
	LastName               *string `json:"last_name"`
	ConfirmationToken      *string `json:"confirmation_token"`
	ConfirmedAt            *string `json:"confirmed_at"`
	ConfirmationSentAt     *string `json:"confirmation_sent_at"`
	CreatedAt              *string `json:"created_at"`
	UpdatedAt              *string `json:"updated_at"`
}

// toJSON returns the wire form; hideToken mimics a deployment that redacts
// the pending token.
func (c *customer) toJSON(hideToken bool) customerJSON {
	out := customerJSON{
		ID:                     c.ID,
		PhoneNumber:            nullString(c.PhoneNumber),
		UnconfirmedPhoneNumber: nullString(c.UnconfirmedPhoneNumber),
		CountryCode:            nullString(c.CountryCode),
		Email:                  nullString(c.Email),
		FirstName:              nullString(c.FirstName),
		LastName:               nullString(c.LastName),
		ConfirmationToken:      nullString(c.ConfirmationToken),
		ConfirmedAt:            nullTime(c.ConfirmedAt),
		ConfirmationSentAt:     nullTime(c.ConfirmationSentAt),
		CreatedAt:              nullTime(c.CreatedAt),
		UpdatedAt:              nullTime(c.UpdatedAt),
	}
	if hideToken {
		out.ConfirmationToken = nil
	}
	return out
}

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := formatTime(t)
	return &s
}
