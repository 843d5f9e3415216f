package sandbox

import (
	"time"
)

// timeLayout is the wire format of every timestamp: RFC 3339 in UTC with
// exactly three fractional digits, so clients can compare strings.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// deterministicEpoch is the instant a deterministic tenant's clock starts
// frozen at, so golden files do not depend on the day they were recorded.
var deterministicEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// clockState is one tenant's view of time: real time moved by Offset, or,
// while Frozen, the fixed instant FrozenAt.
type clockState struct {
	Offset   time.Duration
	Frozen   bool
	FrozenAt time.Time
}

// now returns the tenant's current time, truncated to the millisecond
// because that is the precision timestamps are stored and sent with.
func (c clockState) now(real time.Time) time.Time {
	if c.Frozen {
		return c.FrozenAt.UTC().Truncate(time.Millisecond)
	}
	return real.Add(c.Offset).UTC().Truncate(time.Millisecond)
}

// advance moves the clock forward by d, frozen or not.
func (c clockState) advance(d time.Duration) clockState {
	if c.Frozen {
		c.FrozenAt = c.FrozenAt.Add(d)
		return c
	}
	c.Offset += d
	return c
}

// set moves the clock to t, which may be in the past.
func (c clockState) set(t, real time.Time) clockState {
	if c.Frozen {
		c.FrozenAt = t
		return c
	}
	c.Offset = t.Sub(real)
	return c
}

// freeze stops or restarts the clock at the instant it currently shows.
func (c clockState) freeze(frozen bool, real time.Time) clockState {
	if frozen == c.Frozen {
		return c
	}
	now := c.now(real)
	if frozen {
		return clockState{Frozen: true, FrozenAt: now}
	}
	return clockState{Offset: now.Sub(real)}
}

// offset returns how far a running clock is from real time. A frozen clock
// reports zero: its distance from real time changes every instant, and a
// constant keeps deterministic responses byte-identical.
func (c clockState) offset() time.Duration {
	if c.Frozen {
		return 0
	}
	return c.Offset
}

// formatTime renders t in the wire format.
func formatTime(t time.Time) string {
	return string(appendTime(make([]byte, 0, len(timeLayout)), t))
}

// appendTime appends t in the wire format. It writes the digits itself
// for the years 0 to 9999, because time.Time.AppendFormat interprets the
// layout on every call, and leaves other years to AppendFormat. Both give
// the same bytes.
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, timeLayout)
	}
	hour, minute, second := t.Clock()

	dst = appendPadded(dst, year, 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, int(month), 2)
	dst = append(dst, '-')
	dst = appendPadded(dst, day, 2)
	dst = append(dst, 'T')
	dst = appendPadded(dst, hour, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, minute, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, second, 2)
	dst = append(dst, '.')
	dst = appendPadded(dst, t.Nanosecond()/int(time.Millisecond), 3) // cut, not rounded, like ".000"
	return append(dst, 'Z')
}

// appendPadded appends n, which is not negative and has at most width
// digits, with leading zeros to fill width.
func appendPadded(dst []byte, n, width int) []byte {
	var digits [4]byte
	for i := width - 1; i >= 0; i-- {
		digits[i] = byte('0' + n%10)
		n /= 10
	}
	return append(dst, digits[:width]...)
}
