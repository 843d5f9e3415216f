package testkit

import "time"

// Customer is the customer object. Nullable attributes are pointers, nil
// when the API sent null.
type Customer struct {
	ID                     string     `json:"id"`
	PhoneNumber            *string    `json:"phone_number"`
	UnconfirmedPhoneNumber *string    `json:"unconfirmed_phone_number"`
	CountryCode            string     `json:"country_code"`
	Email                  *string    `json:"email"`
	FirstName              *string    `json:"first_name"`
	LastName               *string    `json:"last_name"`
	ConfirmationToken      *string    `json:"confirmation_token"`
	ConfirmedAt            *time.Time `json:"confirmed_at"`
	ConfirmationSentAt     *time.Time `json:"confirmation_sent_at"`
	CreatedAt              time.Time  `json:"created_at"`
	UpdatedAt              time.Time  `json:"updated_at"`
}

// SMS is one message in the sandbox outbox.
type SMS struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	To         string    `json:"to"`
	Body       string    `json:"body"`
	Token      string    `json:"token"`
	SentAt     time.Time `json:"sent_at"`
}

// Clock is the state of a tenant's sandbox clock. Offset is a Go duration
// string such as "5m0s" or "-1h0m0s".
type Clock struct {
	Now    time.Time `json:"now"`
	Frozen bool      `json:"frozen"`
	Offset string    `json:"offset"`
}

// SMSFilter narrows an outbox query. Empty fields do not filter.
type SMSFilter struct {
	To         string
	CustomerID string
}

// CreateCustomerParams are the arguments of POST /v1/customers.
type CreateCustomerParams struct {
	UnconfirmedPhoneNumber string `json:"unconfirmed_phone_number"`
	CountryCode            string `json:"country_code"`
}

// listBody is the envelope of every list the sandbox returns.
type listBody[T any] struct {
	Data []T `json:"data"`
}
