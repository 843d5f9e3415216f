package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	mathrand "math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// Token modes choose where confirmation tokens come from.
const (
	TokenModeRandom = "random" // crypto/rand, what a real deployment does
	TokenModeFixed  = "fixed"  // the same token for every send
	TokenModeSeeded = "seeded" // a reproducible sequence per tenant
)

const (
	idLength    = 24
	idAlphabet  = "abcdefghijklmnopqrstuvwxyz0123456789"
	tokenDigits = 6
)

// entropy produces the ids and tokens of one tenant. In seeded modes it is a
// PCG stream derived from the seed and the tenant's key, so one tenant's
// traffic never shifts another tenant's sequence.
type entropy struct {
	tenant     string // the tenant's name, one copy shared by its rows
	tenantHash string // tenantHash(tenant), for the log line of each request

	mu     sync.Mutex
	ids    *mathrand.Rand // nil: crypto/rand
	reqs   *mathrand.Rand // request ids; nil: crypto/rand
	tokens *mathrand.Rand // nil: crypto/rand, unless fixed is set
	fixed  string
}

func newEntropy(opts *Options, tenant string) *entropy {
	e := &entropy{tenant: strings.Clone(tenant), tenantHash: tenantHash(tenant)}
	if opts.Deterministic {
		e.ids = seededRand(opts.Seed, tenant, "ids")
		e.reqs = seededRand(opts.Seed, tenant, "requests")
	}
	switch opts.TokenMode {
	case TokenModeFixed:
		e.fixed = opts.FixedToken
	case TokenModeSeeded:
		e.tokens = seededRand(opts.Seed, tenant, "tokens")
	}
	return e
}

// seededRand derives an independent stream for one tenant and purpose.
func seededRand(seed int64, tenant, purpose string) *mathrand.Rand {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s\x00%s", seed, tenant, purpose)))
	return mathrand.New(mathrand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16])))
}

// newID returns prefix followed by random lowercase letters and digits.
func (e *entropy) newID(prefix string) string {
	return e.draw(e.ids, prefix)
}

// newRequestID returns a request id from its own stream, so error responses
// do not shift the ids of the customers created after them.
func (e *entropy) newRequestID() string {
	return e.draw(e.reqs, "req_")
}

func (e *entropy) draw(r *mathrand.Rand, prefix string) string {
	buf := make([]byte, len(prefix)+idLength)
	copy(buf, prefix)
	out := buf[len(prefix):]

	if r == nil {
		cryptoAlphabet(out)
		return string(buf)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range out {
		out[i] = idAlphabet[r.IntN(len(idAlphabet))]
	}
	return string(buf)
}

// newToken returns a six-digit confirmation token; leading zeros are kept.
func (e *entropy) newToken() string {
	if e.fixed != "" {
		return e.fixed
	}

	var n int
	if e.tokens == nil {
		n = cryptoIntN(1_000_000)
	} else {
		e.mu.Lock()
		n = e.tokens.IntN(1_000_000)
		e.mu.Unlock()
	}
	return fmt.Sprintf("%0*d", tokenDigits, n)
}

// cryptoAlphabet fills out with unbiased characters from idAlphabet, using
// rejection sampling so no character is more likely than another.
func cryptoAlphabet(out []byte) {
	const limit = 256 - 256%len(idAlphabet)
	var pool [64]byte
	filled := 0
	for filled < len(out) {
		if _, err := rand.Read(pool[:]); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		for _, b := range pool {
			if int(b) >= limit || filled == len(out) {
				continue
			}
			out[filled] = idAlphabet[int(b)%len(idAlphabet)]
			filled++
		}
	}
}

// cryptoIntN returns a uniform integer in [0, n) from crypto/rand.
func cryptoIntN(n int) int {
	var b [8]byte
	limit := ^uint64(0) - ^uint64(0)%uint64(n)
	for {
		if _, err := rand.Read(b[:]); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		v := binary.LittleEndian.Uint64(b[:])
		if v < limit {
			return int(v % uint64(n))
		}
	}
}

// tokensEqual compares a submitted token with the pending one in constant
// time, so response timing reveals nothing about how many digits matched.
// No token matches an empty (destroyed) pending token.
func tokensEqual(submitted, pending string) bool {
	if pending == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(submitted), []byte(pending)) == 1
}

// validFixedToken reports whether s can be used as the fixed token.
func validFixedToken(s string) bool {
	if len(s) != tokenDigits {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil && s[0] != '+' && s[0] != '-'
}
