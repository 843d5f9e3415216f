package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// clockJSON is the wire form of a tenant's clock.
type clockJSON struct {
	Now    string `json:"now"`
	Frozen bool   `json:"frozen"`
	Offset string `json:"offset"`
}

func (s *Server) clockJSON(c clockState) clockJSON {
	real := s.realNow()
	// The offset is shown at the millisecond precision of every time.
	return clockJSON{Now: formatTime(c.now(real)), Frozen: c.Frozen, Offset: c.offset().Truncate(time.Millisecond).String()}
}

func (s *Server) getClock(w http.ResponseWriter, r *http.Request) error {
	txn := s.db.Txn(false)
	defer txn.Abort()

	c, err := s.clockIn(txn, requestInfoFrom(r.Context()).tenant)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.clockJSON(c))
}

// clockChange is a validated POST /_sandbox/clock body. The parts apply in
// the order set, advance, freeze, so one request can do all three.
type clockChange struct {
	set     *time.Time
	advance time.Duration
	freeze  *bool
}

func (s *Server) moveClock(w http.ResponseWriter, r *http.Request) error {
	change, err := readClockChange(r, s.opts.MaxBodyBytes)
	if err != nil {
		return err
	}

	tenant := requestInfoFrom(r.Context()).tenant
	c, err := s.changeClock(tenant, change)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.clockJSON(c))
}

func readClockChange(r *http.Request, limit int64) (clockChange, error) {
	p, err := readParams(r, limit, false)
	if err != nil {
		return clockChange{}, err
	}
	if err := p.rejectUnknown("advance", "set", "freeze"); err != nil {
		return clockChange{}, err
	}
	// null is no value here, as for a missing required parameter, so a
	// body of nulls asks for nothing.
	if !slices.ContainsFunc(p.keys, func(k string) bool { return string(p.values[k]) != "null" }) {
		return clockChange{}, newError(http.StatusBadRequest, codeParameterMissing, "advance",
			"Send at least one of \"advance\" (a duration such as \"5m\"), \"set\" (an RFC 3339 time) or \"freeze\" (true or false); null is not a value here.")
	}

	var change clockChange
	if f, err := p.stringField("advance"); err != nil {
		return change, err
	} else if f.Present && !f.Null {
		d, err := time.ParseDuration(f.Value)
		if err != nil || d < 0 {
			return change, errInvalid("advance", "Invalid advance %q. Send a non-negative Go duration such as \"90s\" or \"5m\"; use \"set\" to go back in time.", truncate(f.Value, 50))
		}
		change.advance = d
	}
	if f, err := p.stringField("set"); err != nil {
		return change, err
	} else if f.Present && !f.Null {
		t, err := time.Parse(time.RFC3339Nano, f.Value)
		if err != nil {
			return change, errInvalid("set", "Invalid set %q. Send an RFC 3339 time such as \"2026-12-04T15:27:45.120Z\".", truncate(f.Value, 50))
		}
		change.set = &t
	}
	if raw, ok := p.values["freeze"]; ok && string(raw) != "null" {
		var frozen bool
		if err := json.Unmarshal(raw, &frozen); err != nil {
			return change, newError(http.StatusBadRequest, codeParameterInvalidType, "freeze",
				"Invalid type for \"freeze\": expected a boolean, got %s.", jsonKind(raw))
		}
		change.freeze = &frozen
	}
	return change, nil
}

// changeClock applies change to a tenant's clock and returns the result.
func (s *Server) changeClock(tenant string, change clockChange) (clockState, error) {
	txn := s.db.Txn(true)
	defer txn.Abort()

	c, err := s.clockIn(txn, tenant)
	if err != nil {
		return clockState{}, err
	}
	c, err = applyClockChange(c, change, s.realNow())
	if err != nil {
		return clockState{}, err
	}
	if err := setClock(txn, tenant, c); err != nil {
		return clockState{}, err
	}
	txn.Commit()
	return c, nil
}

// Range of a tenant clock: the wire format has four-digit years, and the
// zero instant is how Go marks an unset time, which is sent as null.
var (
	minClock = time.Date(1, 1, 1, 0, 0, 0, int(time.Millisecond), time.UTC)
	maxClock = time.Date(9999, 12, 31, 23, 59, 59, int(999*time.Millisecond), time.UTC)
)

// applyClockChange returns c after change, or a 422 when the result is a
// time the clock cannot show. A running clock is an offset from real time,
// which time.Duration bounds to about 292 years, so a move past that is
// rejected instead of silently clipped or wrapped.
func applyClockChange(c clockState, change clockChange, real time.Time) (clockState, error) {
	param := "advance"
	if change.set != nil {
		param = "set"
	}

	// Freezing first lets "set" reach any instant in range.
	if change.freeze != nil && *change.freeze {
		c = c.freeze(true, real)
	}
	if change.set != nil {
		c = c.set(*change.set, real)
		if !c.now(real).Equal(change.set.UTC().Truncate(time.Millisecond)) {
			return c, errClockUnreachable(param)
		}
	}
	if !c.Frozen && c.Offset+change.advance < c.Offset {
		return c, errClockUnreachable("advance")
	}
	c = c.advance(change.advance)
	if change.freeze != nil && !*change.freeze {
		frozenAt := c.now(real)
		c = c.freeze(false, real)
		if !c.now(real).Equal(frozenAt) {
			return c, errClockUnreachable("freeze")
		}
	}

	if now := c.now(real); now.Before(minClock) || now.After(maxClock) {
		return c, errInvalid(param, "The clock would show %s. Keep it between %s and %s.",
			now.Format(time.RFC3339Nano), formatTime(minClock), formatTime(maxClock))
	}
	return c, nil
}

func errClockUnreachable(param string) error {
	return errInvalid(param, "A running clock can only show times within about 292 years of the real time. Freeze the clock first with \"freeze\": true.")
}

// Now returns the current time of the tenant of apiKey; "" is the default
// tenant.
func (s *Server) Now(apiKey string) time.Time {
	txn := s.db.Txn(false)
	defer txn.Abort()

	c, err := s.clockIn(txn, tenantName(apiKey))
	if err != nil {
		s.log.Error("read clock", "error", err)
	}
	return c.now(s.realNow())
}

// AdvanceClock moves the clock of the tenant of apiKey forward by d.
func (s *Server) AdvanceClock(apiKey string, d time.Duration) error {
	_, err := s.changeClock(tenantName(apiKey), clockChange{advance: d})
	return err
}
