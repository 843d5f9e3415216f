package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// tenantState is the export of one tenant: what GET /_sandbox/state
// returns, PUT /_sandbox/state takes, and fixture and state files list.
type tenantState struct {
	Tenant    string          `json:"tenant"`
	Clock     clockJSON       `json:"clock"`
	Customers []stateCustomer `json:"customers"`
	SMS       []SMS           `json:"sms"`
}

// stateCustomer is a customer with the counters the API does not show, so
// an import restores limits exactly. The token is always included.
type stateCustomer struct {
	customerJSON
	FailedConfirmAttempts int      `json:"failed_confirm_attempts"`
	Sends                 []string `json:"sends"`
}

// stateFile is the whole server: the state file and a multi-tenant fixture.
type stateFile struct {
	Tenants []tenantState `json:"tenants"`
}

// exportTenant reads a tenant's state in one consistent snapshot.
func (s *Server) exportTenant(tenant string) (tenantState, error) {
	txn := s.db.Txn(false)
	defer txn.Abort()

	clock, err := s.clockIn(txn, tenant)
	if err != nil {
		return tenantState{}, err
	}
	customers, _, err := listTenant[*customer](txn, tableCustomers, tenant)
	if err != nil {
		return tenantState{}, err
	}
	messages, _, err := listTenant[*smsRow](txn, tableSMS, tenant)
	if err != nil {
		return tenantState{}, err
	}

	out := tenantState{Tenant: tenant, Clock: s.clockJSON(clock), Customers: []stateCustomer{}, SMS: s.smsList(messages).Data}
	for _, c := range customers {
		sc := stateCustomer{customerJSON: c.toJSON(false), FailedConfirmAttempts: c.FailedAttempts, Sends: []string{}}
		for _, t := range c.Sends {
			sc.Sends = append(sc.Sends, formatTime(t))
		}
		out.Customers = append(out.Customers, sc)
	}
	return out, nil
}

func (s *Server) exportState(w http.ResponseWriter, r *http.Request) error {
	st, err := s.exportTenant(requestInfoFrom(r.Context()).tenant)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}

// importState replaces the caller's tenant with the body's customers,
// outbox and clock. The body's "tenant" field is ignored: the API key
// decides where data goes.
func (s *Server) importState(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r, s.opts.MaxStateBytes)
	if err != nil {
		return err
	}
	st, err := decodeTenantState(body)
	if err != nil {
		return err
	}

	tenant := requestInfoFrom(r.Context()).tenant
	if err := s.replaceTenant(tenant, st); err != nil {
		return err
	}
	out, err := s.exportTenant(tenant)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// requiredStateKeys are the keys every tenant's state must have, so that
// an empty object or a forgotten key cannot wipe a tenant by accident.
var requiredStateKeys = []string{"clock", "customers", "sms"}

// decodeTenantState decodes one tenant's state: one JSON object in the
// export format, with every key of requiredStateKeys set.
func decodeTenantState(data []byte) (tenantState, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return tenantState{}, newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body is empty. Send a tenant's export, as GET /_sandbox/state returns it.")
	}
	p, err := parseObject(data)
	if err != nil {
		return tenantState{}, err
	}
	if _, ok := p.values["tenants"]; ok {
		return tenantState{}, newError(http.StatusBadRequest, codeParameterUnknown, "tenants",
			"Unknown parameter \"tenants\". The {\"tenants\": [...]} form is for --fixtures and --state-file files; send one tenant's export, as GET /_sandbox/state returns it.")
	}
	var st tenantState
	if err := decodeStrict(data, &st); err != nil {
		return tenantState{}, newError(http.StatusBadRequest, codeBodyInvalid, "", "The state does not match the export format: %s. Start from the output of GET /_sandbox/state.", err)
	}
	for _, key := range requiredStateKeys {
		if raw, ok := p.values[key]; !ok || string(raw) == "null" {
			return tenantState{}, newError(http.StatusBadRequest, codeParameterMissing, key,
				"Missing %q: a state needs \"clock\", \"customers\" and \"sms\", with [] for an empty list. Start from the output of GET /_sandbox/state.", key)
		}
	}
	return st, nil
}

// decodeStrict decodes JSON and rejects keys the target does not have.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, utf8BOM)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeDecodeError(err)
	}
	return nil
}

// describeDecodeError rewords decoding errors in JSON terms, without Go
// type names.
func describeDecodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Errorf("%q has the wrong JSON type (%s)", typeErr.Field, typeErr.Value)
	}
	// The decoder reports an unknown key only as text, such as
	// `json: unknown field "version"`, so its Go prefix is cut off here.
	return errors.New(strings.TrimPrefix(err.Error(), "json: "))
}

// replaceTenant validates st and swaps it in for the tenant's data in one
// transaction; invalid state changes nothing.
func (s *Server) replaceTenant(tenant string, st tenantState) error {
	clock, err := parseClockState(st.Clock)
	if err != nil {
		return err
	}
	customers, err := s.customersFromState(tenant, st.Customers)
	if err != nil {
		return err
	}
	messages, err := s.smsFromState(tenant, st.SMS, customers)
	if err != nil {
		return err
	}

	txn := s.db.Txn(true)
	defer txn.Abort()
	for _, table := range []string{tableCustomers, tableSMS} {
		if _, err := txn.DeletePrefix(table, tenantScan, tenantPrefix(tenant)); err != nil {
			return err
		}
	}
	if err := setClock(txn, tenant, clock); err != nil {
		return err
	}
	for _, c := range customers {
		if err := txn.Insert(tableCustomers, c); err != nil {
			return err
		}
	}
	for _, m := range messages {
		if err := txn.Insert(tableSMS, m); err != nil {
			return err
		}
	}
	txn.Commit()
	return nil
}

// parseClockState restores a clock: a frozen one at its "now", a running
// one at its offset from real time. Both fields are checked whatever
// "frozen" says, so a hand-edited field is never dropped without an error.
func parseClockState(c clockJSON) (clockState, error) {
	now, err := parseClockNow(c.Now)
	if err != nil {
		return clockState{}, err
	}
	offset, err := time.ParseDuration(c.Offset)
	if err != nil {
		return clockState{}, errInvalid("clock.offset", "Invalid clock.offset %q. Send a Go duration such as \"0s\" or \"-1h\".", truncate(c.Offset, 50))
	}
	if c.Frozen {
		return clockState{Frozen: true, FrozenAt: now}, nil
	}
	return clockState{Offset: offset}, nil
}

// parseClockNow reads the "now" of an exported clock.
func parseClockNow(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, errInvalid("clock.now", "Invalid clock.now %q. Send an RFC 3339 time.", truncate(v, 50))
	}
	if t.Before(minClock) || t.After(maxClock) {
		return time.Time{}, errInvalid("clock.now", "Invalid clock.now %q. Send a time between %s and %s.",
			truncate(v, 50), formatTime(minClock), formatTime(maxClock))
	}
	return t.UTC(), nil
}
