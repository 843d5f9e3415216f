package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/dirtylemon/api-sandbox/sandbox/phone"
)

// maxWait caps the long-poll of GET /_sandbox/sms/latest.
const maxWait = 30 * time.Second

// adminRoutes registers the /_sandbox controls.
func (s *Server) adminRoutes(r *mux.Router) {
	s.route(r, "/_sandbox/sms", methods{http.MethodGet: s.listSMS, http.MethodDelete: s.clearSMS})
	s.route(r, "/_sandbox/sms/latest", methods{http.MethodGet: s.latestSMS})
	s.route(r, "/_sandbox/customers", methods{http.MethodGet: s.listCustomers})
	s.route(r, "/_sandbox/reset", methods{http.MethodPost: s.reset})
	s.route(r, "/_sandbox/clock", methods{http.MethodGet: s.getClock, http.MethodPost: s.moveClock})
	s.route(r, "/_sandbox/state", methods{http.MethodGet: s.exportState, http.MethodPut: s.importState})
	s.route(r, "/_sandbox/capabilities", methods{http.MethodGet: s.capabilities})
	s.route(r, "/_sandbox/requests", methods{http.MethodGet: s.listRequests, http.MethodDelete: s.clearRequests})
	s.route(r, "/_sandbox/faults", methods{http.MethodGet: s.listFaults, http.MethodPost: s.addFault, http.MethodDelete: s.clearFaults})
	s.route(r, "/_sandbox/faults/{id}", methods{http.MethodDelete: s.deleteFault})
}

func (s *Server) listSMS(w http.ResponseWriter, r *http.Request) error {
	f, err := readSMSFilter(r.URL.Query())
	if err != nil {
		return err
	}
	rows, _, err := s.outbox(requestInfoFrom(r.Context()).tenant, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.smsList(rows))
}

func (s *Server) smsList(rows []*smsRow) list[SMS] {
	out := list[SMS]{Data: make([]SMS, len(rows))}
	for i, m := range rows {
		out.Data[i] = s.smsJSON(m)
	}
	return out
}

// readSMSFilter reads the outbox filters from the query, which
// withQueryCheck has already checked for unknown, repeated and empty
// parameters.
func readSMSFilter(q url.Values) (smsFilter, error) {
	f := smsFilter{CustomerID: q.Get("customer_id")}
	if to := q.Get("to"); to != "" {
		e164, err := normalizeToFilter(to, q.Get("country_code"))
		if err != nil {
			return smsFilter{}, err
		}
		f.To = e164
	}
	return f, nil
}

// normalizeToFilter reads the "to" filter like the API reads numbers, so
// any spelling of a stored number finds it. A number in national form
// needs the country_code parameter, as it does on create. The loose level
// is used, so a filter never rejects a number the server stored.
func normalizeToFilter(to, country string) (string, error) {
	if country == "" {
		e164, err := phone.NormalizeInternational(to)
		if err != nil {
			return "", errInvalid("to", "The \"to\" filter %q is not a phone number in international form. Send it as +12025550143, or add country_code=US for a national number.", truncate(to, 100))
		}
		return e164, nil
	}
	e164, err := phone.Normalize(to, country, phone.LevelLoose)
	var pe *phone.Error
	if errors.As(err, &pe) {
		param := "to"
		if pe.Param == phone.ParamCountry {
			param = "country_code"
		}
		return "", errInvalid(param, "%s", pe.Message)
	}
	return e164, err
}

func (s *Server) clearSMS(w http.ResponseWriter, r *http.Request) error {
	tenant := requestInfoFrom(r.Context()).tenant
	txn := s.db.Txn(true)
	defer txn.Abort()

	if _, err := txn.DeletePrefix(tableSMS, tenantScan, tenantPrefix(tenant)); err != nil {
		return err
	}
	txn.Commit()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// latestSMS returns the newest matching message. With wait, it holds the
// request until one arrives, the time runs out, the client goes away or
// the server closes.
func (s *Server) latestSMS(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := readSMSFilter(q)
	if err != nil {
		return err
	}
	wait, err := parseWait(q.Get("wait"))
	if err != nil {
		return err
	}

	if wait > 0 {
		defer extendWriteDeadline(w, wait)()
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	tenant := requestInfoFrom(r.Context()).tenant
	for {
		rows, changed, err := s.outbox(tenant, f)
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			return writeJSON(w, http.StatusOK, s.smsJSON(rows[len(rows)-1]))
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return errNoSMS(wait)
		case <-s.closing:
			return errNoSMS(wait)
		}
	}
}

func errNoSMS(wait time.Duration) error {
	if wait > 0 {
		return newError(http.StatusNotFound, codeResourceMissing, "",
			"No matching SMS arrived within %s. Check the filters, or create the customer first.", wait)
	}
	return newError(http.StatusNotFound, codeResourceMissing, "",
		"No matching SMS in the outbox. Check the filters, or add wait=5s to wait for one.")
}

// parseWait reads the wait parameter: a Go duration such as 2s or 500ms,
// or a plain number of seconds, at most maxWait.
func parseWait(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, numErr := strconv.ParseFloat(v, 64)
		if numErr != nil {
			return 0, errInvalid("wait", "Invalid wait %q. Send a duration such as 2s or 500ms.", truncate(v, 50))
		}
		d = time.Duration(secs * float64(time.Second))
		if !(secs >= 0 && secs <= maxWait.Seconds()) {
			// Go leaves the conversion of NaN or an out-of-range float to
			// an integer up to the platform, so such input is marked out
			// of range here instead of trusting the converted value.
			d = -1
		}
	}
	if d < 0 || d > maxWait {
		return 0, errInvalid("wait", "Invalid wait %q. Send a duration from 0s to %s.", truncate(v, 50), maxWait)
	}
	return d, nil
}

func (s *Server) listCustomers(w http.ResponseWriter, r *http.Request) error {
	txn := s.db.Txn(false)
	defer txn.Abort()

	rows, _, err := listTenant[*customer](txn, tableCustomers, requestInfoFrom(r.Context()).tenant)
	if err != nil {
		return err
	}
	out := list[customerJSON]{Data: make([]customerJSON, len(rows))}
	for i, c := range rows {
		out.Data[i] = c.toJSON(s.opts.HideConfirmationToken)
	}
	return writeJSON(w, http.StatusOK, out)
}

// reset empties the tenant: customers, outbox, limits, clock, request
// journal and faults, and restarts its deterministic sequences.
func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	tenant := requestInfoFrom(r.Context()).tenant
	if err := s.resetTenant(tenant); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) resetTenant(tenant string) error {
	txn := s.db.Txn(true)
	defer txn.Abort()

	for _, table := range []string{tableCustomers, tableSMS} {
		if _, err := txn.DeletePrefix(table, tenantScan, tenantPrefix(tenant)); err != nil {
			return err
		}
	}
	if _, err := txn.DeleteAll(tableTenants, indexID, tenant); err != nil {
		return err
	}
	for _, hook := range s.resetHooks {
		hook(tenant)
	}
	txn.Commit()
	s.resetEntropy(tenant)
	return nil
}
