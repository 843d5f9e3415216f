package workload

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// timeLayout is the API's time format: RFC 3339 in UTC with milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z"

// idLength is the length of the part after "cus_" or "sms_" in the ids
// that the sandbox generates, so generated states hold ids of the same size.
const idLength = 24

// StateBuilder writes PUT /_sandbox/state bodies whose customers look as
// POST /v1/customers leaves them: a pending number, a token, one send and
// one confirmation SMS in the outbox. Safe for concurrent use.
type StateBuilder struct {
	Phones *Phones
	nextID atomic.Uint64
}

// Build returns a tenant state with n new customers, sent at the given time.
func (b *StateBuilder) Build(n int, at time.Time) []byte {
	sentAt := at.UTC().Format(timeLayout)
	var customers, messages strings.Builder
	customers.Grow(n * 520)
	messages.Grow(n * 240)

	for i := range n {
		seq := b.nextID.Add(1)
		id := paddedID("cus_", seq)
		phone := b.Phones.Next()
		token := fmt.Sprintf("%06d", seq%1_000_000)
		if i > 0 {
			customers.WriteByte(',')
			messages.WriteByte(',')
		}
		writeStateCustomer(&customers, id, phone, token, sentAt)
		writeStateSMS(&messages, paddedID("sms_", seq), id, phone, token, sentAt)
	}

	return []byte(`{"tenant":"bench","clock":{"now":"` + sentAt + `","frozen":false,"offset":"0s"},` +
		`"customers":[` + customers.String() + `],"sms":[` + messages.String() + `]}`)
}

func writeStateCustomer(sb *strings.Builder, id, phone, token, at string) {
	sb.WriteString(`{"id":"` + id + `","phone_number":null,"unconfirmed_phone_number":"` + phone + `",`)
	sb.WriteString(`"country_code":"US","email":null,"first_name":null,"last_name":null,`)
	sb.WriteString(`"confirmation_token":"` + token + `","confirmed_at":null,"confirmation_sent_at":"` + at + `",`)
	sb.WriteString(`"created_at":"` + at + `","updated_at":"` + at + `","failed_confirm_attempts":0,"sends":["` + at + `"]}`)
}

func writeStateSMS(sb *strings.Builder, id, customerID, phone, token, at string) {
	sb.WriteString(`{"id":"` + id + `","customer_id":"` + customerID + `","to":"` + phone + `",`)
	sb.WriteString(`"body":"Your Dirty Lemon confirmation code is ` + token + `. It expires in 5 minutes.",`)
	sb.WriteString(`"token":"` + token + `","sent_at":"` + at + `"}`)
}

// paddedID returns prefix and seq in base 36, left-padded with zeros to
// idLength characters.
func paddedID(prefix string, seq uint64) string {
	digits := strconv.FormatUint(seq, 36)
	return prefix + strings.Repeat("0", max(idLength-len(digits), 0)) + digits
}

// importTimeout bounds one state import, which stores thousands of customers
// and waits behind the other imports' write transactions.
const importTimeout = time.Minute

// ImportState replaces the state of the tenant of apiKey with body through
// PUT /_sandbox/state and drops the response.
func (a *API) ImportState(ctx context.Context, apiKey string, body []byte) error {
	slow := &API{BaseURL: a.BaseURL, HTTP: &http.Client{Transport: a.HTTP.Transport, Timeout: importTimeout}}
	return slow.doWithKey(ctx, http.MethodPut, "/_sandbox/state", apiKey, body, nil)
}
