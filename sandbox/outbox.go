package sandbox

import (
	"strconv"
	"time"

	"github.com/hashicorp/go-memdb"
)

// SMS is a message the sandbox "sent": it lands in the tenant's outbox
// instead of on a phone.
type SMS struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	To         string `json:"to"`
	Body       string `json:"body"`
	Token      string `json:"token"`
	SentAt     string `json:"sent_at"`
}

// smsRow is a stored SMS.
type smsRow struct {
	Tenant     string
	ID         string
	Seq        uint64
	CustomerID string
	To         string
	Body       string // empty for the confirmation text, which smsJSON builds from Token
	Token      string
	SentAt     time.Time
}

// smsJSON returns the wire form of m. The confirmation text is built when
// it is read, from the token and the server's fixed token lifetime,
// instead of being stored with each of possibly millions of messages.
func (s *Server) smsJSON(m *smsRow) SMS {
	body := m.Body
	if body == "" {
		body = smsBody(m.Token, s.opts.ConfirmationTTL)
	}
	return SMS{
		ID:         m.ID,
		CustomerID: m.CustomerID,
		To:         m.To,
		Body:       body,
		Token:      m.Token,
		SentAt:     formatTime(m.SentAt),
	}
}

// smsBody is the text of a confirmation message.
func smsBody(token string, ttl time.Duration) string {
	return "Your Dirty Lemon confirmation code is " + token + ". It expires in " + humanDuration(ttl) + "."
}

// humanDuration renders a TTL the way a person writes it in a message.
func humanDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0 && d >= time.Hour:
		return plural(int(d/time.Hour), "hour")
	case d%time.Minute == 0 && d >= time.Minute:
		return plural(int(d/time.Minute), "minute")
	default:
		return plural(int(d.Round(time.Second)/time.Second), "second")
	}
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// sendSMS puts a confirmation message for c into the outbox inside txn,
// subject to the tenant's SMS faults.
func (s *Server) sendSMS(txn *memdb.Txn, c *customer, id string, now time.Time) error {
	row := &smsRow{
		Tenant:     c.Tenant,
		ID:         id,
		Seq:        s.seq.Add(1),
		CustomerID: c.ID,
		To:         c.UnconfirmedPhoneNumber,
		Token:      c.ConfirmationToken,
		SentAt:     now,
	}
	return s.deliverSMS(txn, row)
}

// smsFilter selects outbox messages; empty fields match everything.
type smsFilter struct {
	To         string
	CustomerID string
}

func (f smsFilter) match(m *smsRow) bool {
	return (f.To == "" || m.To == f.To) && (f.CustomerID == "" || m.CustomerID == f.CustomerID)
}

// outbox returns a tenant's messages matching f, oldest first, and a
// channel that is closed when the outbox changes.
func (s *Server) outbox(tenant string, f smsFilter) ([]*smsRow, <-chan struct{}, error) {
	txn := s.db.Txn(false)
	defer txn.Abort()

	// With a customer_id, the customer index finds the customer's few
	// messages, and the channel then only fires for those.
	index, args := tenantScan, []any{tenantPrefix(tenant)}
	if f.CustomerID != "" {
		index, args = indexCustomer, []any{tenant, f.CustomerID}
	}
	rows, it, err := listMatching(txn, tableSMS, index, args, f.match)
	if err != nil {
		return nil, nil, err
	}
	return rows, it.WatchCh(), nil
}

// Outbox returns the messages sent in the tenant of apiKey, oldest first;
// "" is the default tenant.
func (s *Server) Outbox(apiKey string) []SMS {
	rows, _, err := s.outbox(tenantName(apiKey), smsFilter{})
	if err != nil {
		s.log.Error("read outbox", "error", err)
		return nil
	}
	out := make([]SMS, len(rows))
	for i, m := range rows {
		out[i] = s.smsJSON(m)
	}
	return out
}

// tenantName maps an API key to its tenant; no key is the default tenant.
func tenantName(apiKey string) string {
	if apiKey == "" {
		return DefaultTenant
	}
	return apiKey
}
