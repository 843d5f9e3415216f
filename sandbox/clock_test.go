package sandbox

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestClockStateTransitions(t *testing.T) {
	real := time.Date(2026, 12, 4, 15, 0, 0, 123456789, time.UTC)
	target := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	tests := []struct {
		name       string
		clock      clockState
		wantNow    time.Time
		wantOffset time.Duration
	}{
		{"real time truncated to ms", clockState{}, real.Truncate(time.Millisecond), 0},
		{"advance running", clockState{}.advance(time.Hour), real.Add(time.Hour).Truncate(time.Millisecond), time.Hour},
		{"set running into the past", clockState{}.set(target, real), target, target.Sub(real)},
		{"freeze keeps the instant", clockState{}.advance(time.Minute).freeze(true, real), real.Add(time.Minute).Truncate(time.Millisecond), 0},
		{"advance frozen", clockState{Frozen: true, FrozenAt: target}.advance(5 * time.Minute), target.Add(5 * time.Minute), 0},
		{"set frozen", clockState{Frozen: true, FrozenAt: target}.set(target.Add(time.Hour), real), target.Add(time.Hour), 0},
		{"unfreeze resumes from the frozen instant", clockState{Frozen: true, FrozenAt: target}.freeze(false, real), target, target.Sub(real)},
		{"freeze twice is a no-op", clockState{Frozen: true, FrozenAt: target}.freeze(true, real), target, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.clock.now(real); !got.Equal(tt.wantNow) {
				t.Errorf("now = %s, want %s", formatTime(got), formatTime(tt.wantNow))
			}
			if got := tt.clock.offset(); got != tt.wantOffset {
				t.Errorf("offset = %s, want %s", got, tt.wantOffset)
			}
		})
	}
}

func TestFormatTimeHasThreeFractionalDigits(t *testing.T) {
	tests := map[time.Time]string{
		time.Date(2026, 12, 4, 15, 27, 45, 120_000_000, time.UTC):                    "2026-12-04T15:27:45.120Z",
		time.Date(2026, 12, 4, 15, 27, 45, 0, time.UTC):                              "2026-12-04T15:27:45.000Z",
		time.Date(2026, 12, 4, 16, 27, 45, 999_000_000, time.FixedZone("CET", 3600)): "2026-12-04T15:27:45.999Z",
	}
	for in, want := range tests {
		if got := formatTime(in); got != want {
			t.Errorf("formatTime(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestAppendTimeMatchesFormat(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
	}{
		{name: "epoch", t: time.Unix(0, 0)},
		{name: "deterministic epoch", t: deterministicEpoch},
		{name: "fraction is cut, not rounded", t: time.Date(2026, 12, 31, 23, 59, 59, 999_999_999, time.UTC)},
		{name: "offset zone", t: time.Date(2026, 3, 29, 1, 30, 0, 5_000_000, time.FixedZone("east", 14*3600))},
		{name: "year 1", t: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "year 0", t: time.Date(0, 6, 15, 12, 0, 0, 0, time.UTC)},
		{name: "year 9999", t: time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)},
		{name: "year 10000", t: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "negative year", t: time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC)},
		{name: "zero time", t: time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.t.UTC().Format(timeLayout)
			if got := formatTime(tt.t); got != want {
				t.Errorf("formatTime(%v) = %q, want %q", tt.t, got, want)
			}
		})
	}
}

func TestAppendTimeRandomInstants(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		instant := time.Unix(rng.Int64N(1<<38)-1<<37, rng.Int64N(int64(time.Second)))
		want := instant.UTC().Format(timeLayout)
		if got := string(appendTime(nil, instant)); got != want {
			t.Fatalf("appendTime(%d, %d) = %q, want %q", instant.Unix(), instant.Nanosecond(), got, want)
		}
	}
}
