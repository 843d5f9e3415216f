package sandbox

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clockMove is one POST /_sandbox/clock body: set, advance or both.
type clockMove struct {
	set     string
	advance string
	freeze  bool
}

func (m clockMove) body() string {
	parts := []string{}
	if m.set != "" {
		parts = append(parts, `"set": "`+m.set+`"`)
	}
	if m.advance != "" {
		parts = append(parts, `"advance": "`+m.advance+`"`)
	}
	if m.freeze {
		parts = append(parts, `"freeze": true`)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// TestClockMovesSurviveRestart moves the clock to extreme instants, creates
// a customer there and restarts on the state file. Each move must either
// be rejected with a 422 on its parameter, leaving the clock alone, or
// show the requested time. The customer must get real timestamps and
// survive the restart unchanged.
func TestClockMovesSurviveRestart(t *testing.T) {
	cases := []struct {
		name  string
		moves []clockMove
	}{
		{"frozen past year 9999", []clockMove{{set: "9999-12-31T23:59:59Z", freeze: true}, {advance: "48h"}}},
		{"frozen at year 1", []clockMove{{set: "0001-01-01T00:00:00Z", freeze: true}}},
		{"frozen at year 10000", []clockMove{{set: "9999-12-31T23:59:59.999Z", freeze: true}, {advance: "1ms"}}},
		{"running at year 2500", []clockMove{{set: "2500-01-01T00:00:00Z"}}},
		{"running at year 1500", []clockMove{{set: "1500-01-01T00:00:00Z"}}},
		{"running advanced twice past its range", []clockMove{{advance: "2562047h"}, {advance: "2562047h"}}},
		{"largest advance", []clockMove{{advance: "2562047h47m16.854775807s"}}},
		{"before 1970", []clockMove{{set: "1969-12-31T23:59:59Z", freeze: true}}},
		{"far but fine", []clockMove{{set: "2199-01-01T00:00:00Z", freeze: true}, {advance: "24h"}}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{StateFile: filepath.Join(t.TempDir(), "state.json")}
			var created customerJSON
			second := restartServer(t, opts, func(h *hostileServer) {
				for _, move := range tc.moves {
					h.checkClockMove(t, move)
				}
				created = h.create(t, "", "+12025550143")
			})

			for name, v := range map[string]*string{"created_at": created.CreatedAt, "updated_at": created.UpdatedAt} {
				if v == nil {
					t.Errorf("%s is null", name)
					continue
				}
				if at, err := time.Parse(time.RFC3339, *v); err != nil || at.IsZero() {
					t.Errorf("%s %q is not a real RFC 3339 time (%v)", name, *v, err)
				}
			}
			resp := second.get(t, "", "/v1/customers/"+created.ID)
			if resp.status != http.StatusOK {
				t.Fatalf("after restart: got status %d, want 200", resp.status)
			}
			var restored customerJSON
			decodeJSON(t, resp.body, &restored)
			if orNull(restored.CreatedAt) != orNull(created.CreatedAt) {
				t.Errorf("created_at after restart: got %s, want %s", orNull(restored.CreatedAt), orNull(created.CreatedAt))
			}
		})
	}
}

// checkClockMove sends move and checks that it was either rejected on its
// parameter with the clock left alone, or applied: the clock shows the
// set time plus the advance, within a few seconds for a running clock.
func (h *hostileServer) checkClockMove(t *testing.T, move clockMove) {
	t.Helper()

	before := h.clockNow(t)
	resp := h.post(t, "", "/_sandbox/clock", move.body())
	if resp.status != http.StatusOK {
		param := "advance"
		if move.set != "" {
			param = "set"
		}
		wantError(t, resp, http.StatusUnprocessableEntity, codeParameterInvalid, param)
		if after := h.clockNow(t); after.Sub(before).Abs() > 5*time.Second {
			t.Errorf("rejected move %s changed the clock from %s to %s", move.body(), before, after)
		}
		return
	}

	want := before
	if move.set != "" {
		var err error
		if want, err = time.Parse(time.RFC3339Nano, move.set); err != nil {
			t.Fatal(err)
		}
	}
	if move.advance != "" {
		d, err := time.ParseDuration(move.advance)
		if err != nil {
			t.Fatal(err)
		}
		want = want.Add(d)
	}
	if got := h.clockNow(t); got.Sub(want).Abs() > 5*time.Second {
		t.Errorf("after %s the clock shows %s, want %s", move.body(), got.Format(time.RFC3339), want.Format(time.RFC3339))
	}
}

// clockNow returns the default tenant's clock reading.
func (h *hostileServer) clockNow(t *testing.T) time.Time {
	t.Helper()

	var c clockJSON
	decodeJSON(t, h.get(t, "", "/_sandbox/clock").body, &c)
	now, err := time.Parse(time.RFC3339Nano, c.Now)
	if err != nil {
		t.Fatalf("clock now %q: %v", c.Now, err)
	}
	return now
}

// TestRunningClockShowsSetTime checks that a running clock set to a far
// instant shows that instant, instead of one capped by the offset's range.
func TestRunningClockShowsSetTime(t *testing.T) {
	h := startHostile(t, Options{})
	resp := h.post(t, "", "/_sandbox/clock", `{"set": "2199-06-01T00:00:00Z"}`)
	if resp.status != http.StatusOK {
		t.Fatalf("set: got status %d, want 200; body %s", resp.status, resp.body)
	}
	var c clockJSON
	decodeJSON(t, resp.body, &c)
	now, err := time.Parse(time.RFC3339, c.Now)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2199, 6, 1, 0, 0, 0, 0, time.UTC)
	if d := now.Sub(want); d < 0 || d > time.Minute {
		t.Errorf("now: got %s, want %s", c.Now, want.Format(time.RFC3339))
	}
}
