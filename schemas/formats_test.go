package schemas

import (
	"errors"
	"testing"
	"time"
)

// These tests feed values that Go code produces into the schemas, so the
// patterns accept what the server's own formatting writes.

func TestTimestampsFromGoFormat(t *testing.T) {
	t.Parallel()

	// The layout that writes exactly three fractional digits and Z for UTC.
	const layout = "2006-01-02T15:04:05.000Z07:00"

	times := []time.Time{
		time.Date(2026, 12, 4, 15, 27, 45, 120_000_000, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 1_000_000, time.UTC),
		time.Now().UTC(),
	}

	for _, tm := range times {
		doc := clockDoc()
		doc["now"] = tm.Format(layout)

		if err := Validate("clock", mustJSON(t, doc)); err != nil {
			t.Errorf("now %s: got %v, want nil", doc["now"], err)
		}
	}
}

func TestTimestampRejectsRFC3339Nano(t *testing.T) {
	t.Parallel()

	// time.RFC3339Nano trims trailing zeros, so .120 becomes .12: a common
	// way for a server to break the three-digit rule.
	doc := clockDoc()
	doc["now"] = time.Date(2026, 12, 4, 15, 27, 45, 120_000_000, time.UTC).Format(time.RFC3339Nano)

	requireFailure(t, Validate("clock", mustJSON(t, doc)), "/now", "pattern")
}

func TestOffsetsFromDurationString(t *testing.T) {
	t.Parallel()

	durations := []time.Duration{
		0,
		time.Nanosecond,
		1500 * time.Microsecond,
		250 * time.Millisecond,
		time.Second,
		1500 * time.Millisecond,
		90 * time.Second,
		5 * time.Minute,
		time.Hour + time.Millisecond,
		-time.Hour,
		-5 * time.Minute,
		-999 * time.Microsecond,
		1000 * time.Hour,
	}

	for _, d := range durations {
		doc := clockDoc()
		doc["offset"] = d.String()

		if err := Validate("clock", mustJSON(t, doc)); err != nil {
			t.Errorf("offset %s: got %v, want nil", d, err)
		}
	}
}

// healthBody is a Go value with JSON tags, as a server would encode.
type healthBody struct {
	Status string `json:"status"`
}

func TestValidateValue(t *testing.T) {
	t.Parallel()

	if err := ValidateValue("health", healthBody{Status: "ok"}); err != nil {
		t.Errorf("struct: got %v, want nil", err)
	}

	if err := ValidateValue("customer", customerDoc()); err != nil {
		t.Errorf("map: got %v, want nil", err)
	}

	requireFailure(t, ValidateValue("health", healthBody{Status: "down"}), "/status", "const")

	err := ValidateValue("health", make(chan int))
	var verr *ValidationError
	if err == nil || errors.As(err, &verr) {
		t.Errorf("channel: got %v, want an encoding error", err)
	}
}
