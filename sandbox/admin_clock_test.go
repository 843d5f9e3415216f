package sandbox_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// parseNow parses the clock's now and fails the test when it is not in
// the wire format.
func parseNow(t *testing.T, clock clockBody) time.Time {
	t.Helper()
	now, err := time.Parse("2006-01-02T15:04:05.000Z", clock.Now)
	if err != nil {
		t.Fatalf("got now %q, want RFC 3339 UTC with milliseconds: %v", clock.Now, err)
	}
	return now
}

// wantNear fails unless got is within a second of want.
func wantNear(t *testing.T, got, want time.Time) {
	t.Helper()
	if d := got.Sub(want); d < -time.Second || d > time.Second {
		t.Errorf("got now %s, want about %s", got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
	}
}

func TestClockGet(t *testing.T) {
	tests := []struct {
		name       string
		opts       sandbox.Options
		wantFrozen bool
		wantNow    string // "" is real time
	}{
		{name: "real time by default"},
		{name: "deterministic starts frozen", opts: sandbox.Options{Deterministic: true}, wantFrozen: true, wantNow: "2026-01-01T00:00:00.000Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client("")

			r := c.do(t, http.MethodGet, "/_sandbox/clock", "")

			r.wantStatus(t, http.StatusOK)
			var clock clockBody
			r.decode(t, &clock)
			if clock.Frozen != tt.wantFrozen || clock.Offset != "0s" {
				t.Errorf("got frozen %v, offset %q, want %v, 0s", clock.Frozen, clock.Offset, tt.wantFrozen)
			}
			if tt.wantNow == "" {
				wantNear(t, parseNow(t, clock), time.Now())
			} else if clock.Now != tt.wantNow {
				t.Errorf("got now %s, want %s", clock.Now, tt.wantNow)
			}
		})
	}
}

// TestClockMoves applies a sequence of changes to one tenant's clock.
func TestClockMoves(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	const instant = "2030-01-02T03:04:05.678Z"

	steps := []struct {
		name       string
		body       string
		wantFrozen bool
		wantOffset string    // "" skips the check
		wantNow    string    // exact, for a frozen clock
		wantAbout  time.Time // for a running clock; zero skips the check
	}{
		{name: "advance", body: `{"advance": "1h"}`, wantOffset: "1h0m0s", wantAbout: time.Now().Add(time.Hour)},
		{name: "advance zero", body: `{"advance": "0s"}`, wantOffset: "1h0m0s", wantAbout: time.Now().Add(time.Hour)},
		{name: "set back in time", body: `{"set": "2020-06-01T12:00:00Z"}`, wantAbout: time.Date(2020, 6, 1, 12, 0, 0, 0, time.UTC)},
		{name: "set and freeze", body: `{"set": "` + instant + `", "freeze": true}`, wantFrozen: true, wantOffset: "0s", wantNow: instant},
		{name: "advance while frozen", body: `{"advance": "90s"}`, wantFrozen: true, wantNow: "2030-01-02T03:05:35.678Z"},
		{name: "set with an offset", body: `{"set": "2030-01-02T05:00:00.5+02:00"}`, wantFrozen: true, wantNow: "2030-01-02T03:00:00.500Z"},
		{name: "set, advance and freeze at once", body: `{"freeze": true, "advance": "1ms", "set": "` + instant + `"}`,
			wantFrozen: true, wantNow: "2030-01-02T03:04:05.679Z"},
		{name: "unfreeze", body: `{"freeze": false}`, wantAbout: time.Date(2030, 1, 2, 3, 4, 5, 679e6, time.UTC)},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			clock := c.moveClock(t, step.body)

			if clock.Frozen != step.wantFrozen {
				t.Errorf("got frozen %v, want %v", clock.Frozen, step.wantFrozen)
			}
			if step.wantOffset != "" && clock.Offset != step.wantOffset {
				t.Errorf("got offset %q, want %q", clock.Offset, step.wantOffset)
			}
			if step.wantNow != "" && clock.Now != step.wantNow {
				t.Errorf("got now %s, want %s", clock.Now, step.wantNow)
			}
			if !step.wantAbout.IsZero() {
				wantNear(t, parseNow(t, clock), step.wantAbout)
			}
			var got clockBody
			c.do(t, http.MethodGet, "/_sandbox/clock", "").decode(t, &got)
			if step.wantFrozen && got != clock {
				t.Errorf("GET got %+v, want the POST's %+v", got, clock)
			}
		})
	}
}

// TestClockStampsCustomers checks that the API reads the tenant's clock.
func TestClockStampsCustomers(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	c.moveClock(t, `{"set": "2031-02-03T04:05:06.789Z", "freeze": true}`)

	cus := c.create(t, "+12025550143", "US")

	if str(cus.CreatedAt) != "2031-02-03T04:05:06.789Z" {
		t.Errorf("got created_at %s, want the frozen clock's 2031-02-03T04:05:06.789Z", str(cus.CreatedAt))
	}
}

func TestClockRejected(t *testing.T) {
	post := http.MethodPost
	const path = "/_sandbox/clock"
	frozen := func(t *testing.T, c apiClient) string {
		t.Helper()
		c.moveClock(t, `{"set": "2030-01-01T00:00:00Z", "freeze": true}`)
		return ""
	}

	runErrorCases(t, []errorCase{
		{name: "negative advance", setup: frozen, method: post, path: path, body: `{"advance": "-1s"}`,
			status: 422, code: "parameter_invalid", param: "advance", message: "set"},
		{name: "advance not a duration", setup: frozen, method: post, path: path, body: `{"advance": "tomorrow"}`,
			status: 422, code: "parameter_invalid", param: "advance"},
		{name: "advance as a number", setup: frozen, method: post, path: path, body: `{"advance": 60}`,
			status: 400, code: "parameter_invalid_type", param: "advance"},
		{name: "set not RFC 3339", setup: frozen, method: post, path: path, body: `{"set": "2030-01-01 00:00:00"}`,
			status: 422, code: "parameter_invalid", param: "set"},
		{name: "freeze as a string", setup: frozen, method: post, path: path, body: `{"freeze": "yes"}`,
			status: 400, code: "parameter_invalid_type", param: "freeze"},
		{name: "valid set with invalid advance", setup: frozen, method: post, path: path, body: `{"set": "2031-01-01T00:00:00Z", "advance": "-1h"}`,
			status: 422, code: "parameter_invalid", param: "advance"},
		{name: "empty object", setup: frozen, method: post, path: path, body: `{}`,
			status: 400, code: "parameter_missing", param: "advance"},
		{name: "set null", setup: frozen, method: post, path: path, body: `{"set": null}`,
			status: 400, code: "parameter_missing", param: "advance", message: "null"},
		{name: "only nulls", setup: frozen, method: post, path: path, body: `{"advance": null, "set": null, "freeze": null}`,
			status: 400, code: "parameter_missing", param: "advance"},
		{name: "unknown key", setup: frozen, method: post, path: path, body: `{"offset": "1h"}`,
			status: 400, code: "parameter_unknown", param: "offset"},
		{name: "other method", setup: frozen, method: http.MethodPut, path: path, body: `{"advance": "1s"}`,
			status: 405, code: "method_not_allowed", allow: "GET, HEAD, OPTIONS, POST"},
	})
}

// TestClockLimits moves the clock to the ends of what it can show: years
// 0001 to 9999 when frozen, about 292 years either side of real time
// when running.
func TestClockLimits(t *testing.T) {
	post := http.MethodPost
	const path = "/_sandbox/clock"
	moveFirst := func(body string) func(t *testing.T, c apiClient) string {
		return func(t *testing.T, c apiClient) string {
			t.Helper()
			c.moveClock(t, body)
			return ""
		}
	}
	frozen := moveFirst(`{"set": "2030-01-01T00:00:00Z", "freeze": true}`)

	runErrorCases(t, []errorCase{
		{name: "running set far in the past", method: post, path: path, body: `{"set": "1500-01-01T00:00:00Z"}`,
			status: 422, code: "parameter_invalid", param: "set", message: "freeze"},
		{name: "running set far in the future", method: post, path: path, body: `{"set": "2500-01-01T00:00:00Z"}`,
			status: 422, code: "parameter_invalid", param: "set", message: "freeze"},
		{name: "running advance past the offset limit", setup: moveFirst(`{"advance": "2562047h"}`), method: post, path: path,
			body: `{"advance": "1h"}`, status: 422, code: "parameter_invalid", param: "advance"},
		{name: "unfreeze far from real time", setup: moveFirst(`{"set": "1500-01-01T00:00:00Z", "freeze": true}`), method: post, path: path,
			body: `{"freeze": false}`, status: 422, code: "parameter_invalid", param: "freeze"},
		{name: "frozen set to the zero instant", setup: frozen, method: post, path: path, body: `{"set": "0001-01-01T00:00:00Z"}`,
			status: 422, code: "parameter_invalid", param: "set"},
		{name: "frozen set to year 0", setup: frozen, method: post, path: path, body: `{"set": "0000-06-01T00:00:00Z"}`,
			status: 422, code: "parameter_invalid", param: "set"},
		{name: "frozen advance past year 9999", setup: moveFirst(`{"set": "9999-12-31T23:59:59.999Z", "freeze": true}`), method: post, path: path,
			body: `{"advance": "1ms"}`, status: 422, code: "parameter_invalid", param: "advance"},
	})

	accepted := []struct {
		name string
		body string
		want string
	}{
		{name: "earliest instant", body: `{"set": "0001-01-01T00:00:00.001Z", "freeze": true}`, want: "0001-01-01T00:00:00.001Z"},
		{name: "latest instant", body: `{"set": "9999-12-31T23:59:59.999Z", "freeze": true}`, want: "9999-12-31T23:59:59.999Z"},
		{name: "far past then advance", body: `{"set": "1500-01-01T00:00:00Z", "advance": "24h", "freeze": true}`, want: "1500-01-02T00:00:00.000Z"},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{}).client("")

			clock := c.moveClock(t, tt.body)

			if clock.Now != tt.want || !clock.Frozen {
				t.Errorf("got %+v, want frozen at %s", clock, tt.want)
			}
			cus := c.create(t, "+12025550143", "US")
			if str(cus.CreatedAt) != tt.want {
				t.Errorf("got created_at %s, want %s", str(cus.CreatedAt), tt.want)
			}
		})
	}
}

// TestClockNullBesideValue checks that a null part of a clock move is
// left out, like an absent one, when another part has a value.
func TestClockNullBesideValue(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	c.moveClock(t, `{"set": "2030-01-01T00:00:00Z", "freeze": true}`)

	clock := c.moveClock(t, `{"set": null, "advance": "1m", "freeze": null}`)

	if clock.Now != "2030-01-01T00:01:00.000Z" || !clock.Frozen {
		t.Errorf("got %+v, want frozen at 2030-01-01T00:01:00.000Z", clock)
	}
}

// TestClockOffsetMilliseconds checks that a running clock's offset is
// shown at millisecond precision, like every time.
func TestClockOffsetMilliseconds(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	offsetPattern := regexp.MustCompile(`^-?([0-9]+h)?([0-9]+m)?[0-9]+(\.[0-9]{1,3})?s$`)

	for _, body := range []string{`{"set": "2020-01-01T00:00:00.123Z"}`, `{"advance": "1.5s"}`} {
		clock := c.moveClock(t, body)

		if clock.Frozen || !offsetPattern.MatchString(clock.Offset) {
			t.Errorf("after %s: got offset %q frozen %v, want a running clock's offset with at most three fractional digits", body, clock.Offset, clock.Frozen)
		}
	}
}
