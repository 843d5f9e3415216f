package testkit

import (
	"fmt"
	"net/http"
)

// Bounds on retrying a create whose fresh number the target reports as
// taken, which happens when earlier runs against a deployment that never
// deletes used it. With 60 % of a range taken, 200 tries all fail with a
// probability of 0.6^200, below 1e-44, so hitting a bound means the range
// is nearly full.
const (
	// maxTakenInARow is how many taken numbers one create tries before it
	// gives up.
	maxTakenInARow = 200

	// maxTakenPerRun is how many taken numbers a whole run tries, so a
	// full range fails the run quickly instead of once per scenario.
	maxTakenPerRun = 5000
)

// isTaken reports whether resp rejects a create because the phone number
// is taken: a 409, whatever its body, or a 4xx with the error code
// phone_number_taken. The documentation says the number is unique but not
// which status a duplicate gets, so both are read as taken.
func isTaken(resp *Response) bool {
	if resp == nil || resp.Status < 400 || resp.Status > 499 {
		return false
	}
	return resp.Status == http.StatusConflict || newAPIError(resp).Code == "phone_number_taken"
}

// retryTaken calls attempt, which sends a request with a fresh number, until
// attempt reports the number was not taken or returns an error. It fails
// with a message saying the range is nearly full when too many numbers in
// a row, or in the run, were taken.
func (g *PhoneGenerator) retryTaken(attempt func() (taken bool, err error)) error {
	for range maxTakenInARow {
		taken, err := attempt()
		if err != nil || !taken {
			return err
		}
		if err := g.noteTaken(); err != nil {
			return err
		}
	}
	return g.rangeFullError(fmt.Sprintf("%d fresh numbers in a row were taken", maxTakenInARow))
}

// noteTaken counts one taken number and fails once the run has met
// maxTakenPerRun of them.
func (g *PhoneGenerator) noteTaken() error {
	g.mu.Lock()
	g.taken++
	taken := g.taken
	g.mu.Unlock()

	if taken >= maxTakenPerRun {
		return g.rangeFullError(fmt.Sprintf("this run has met %d taken numbers", taken))
	}
	return nil
}

// rangeFullError returns an error saying that the template's range is
// nearly full, because of cause, and how to pick another one.
func (g *PhoneGenerator) rangeFullError(cause string) error {
	g.mu.Lock()
	drawn, taken := g.drawn, g.taken
	g.mu.Unlock()

	return fmt.Errorf("phone template %q: %s (%d of the %d numbers this run tried), so the target's range is nearly full; "+
		"pick another range with --phone-template, for example with another area code in the template",
		g.template, cause, taken, drawn)
}
