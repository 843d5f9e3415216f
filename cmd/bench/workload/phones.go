package workload

import (
	"fmt"
	"sync/atomic"
)

// phoneCapacity is how many distinct numbers Phones hands out: 800 exchanges
// (200 to 999) of 10,000 line numbers each.
const phoneCapacity = 800 * 10_000

// Phones hands out distinct US numbers in the 202 area code, in E.164 form,
// from +12022000000 up. Exchanges start at 2 because NANP exchanges starting
// with 0 or 1 are invalid, so every number passes the sandbox's "possible"
// (default) and "valid" phone validation. Safe for concurrent use.
type Phones struct {
	next atomic.Uint64
}

// Next returns a number no earlier call returned. After phoneCapacity numbers
// it wraps around, and the server returns 409 phone_number_taken.
func (p *Phones) Next() string {
	n := (p.next.Add(1) - 1) % phoneCapacity
	exchange := 200 + n/10_000
	line := n % 10_000
	return fmt.Sprintf("+1202%03d%04d", exchange, line)
}
