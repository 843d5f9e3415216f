package sandbox

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox/phone"
)

// Defaults for Options fields left at their zero value.
const (
	DefaultFixedToken         = "123456"
	DefaultConfirmationTTL    = 5 * time.Minute
	DefaultMaxConfirmAttempts = 5
	DefaultMaxSends           = 5
	DefaultSendWindow         = 10 * time.Minute
	DefaultMaxBodyBytes       = 64 << 10
	DefaultMaxStateBytes      = 16 << 20
	DefaultJournalSize        = 1000
	DefaultTenant             = "default"
)

// Options configures a Server. The zero value is a usable sandbox with the
// documented defaults; New fills in every field left at zero.
type Options struct {
	// Logger receives one line per request and the server's events; nil
	// discards them.
	Logger *slog.Logger

	TokenMode     string // TokenModeRandom (default), TokenModeFixed or TokenModeSeeded
	FixedToken    string // six digits, used by TokenModeFixed; default "123456"
	Seed          int64  // seeds TokenModeSeeded and Deterministic
	Deterministic bool   // seeded ids, tokens and request ids, and a frozen clock

	ConfirmationTTL    time.Duration // how long a token stays valid; default 5m
	MaxConfirmAttempts int           // wrong tokens before the pending one is destroyed; default 5
	MaxSends           int           // SMS per customer within SendWindow; default 5
	SendWindow         time.Duration // default 10m

	PhoneValidation string // "possible" (default), "valid" or "loose"

	RequireAPIKey         bool     // reject requests without a bearer key
	APIKeys               []string // when set, only these keys are accepted
	HideConfirmationToken bool     // always send confirmation_token as null
	NoAdmin               bool     // turn off /_sandbox, like a real deployment
	CORSOrigins           []string // origins allowed to call from a browser; default ["*"]

	MaxBodyBytes  int64 // API request body limit; default 64 KiB
	MaxStateBytes int64 // PUT /_sandbox/state body limit; default 16 MiB
	JournalSize   int   // requests kept per tenant in the journal; default 1000

	FixturesFile string // an export loaded into the tenants it names at start
	StateFile    string // restored at start when it exists, written by Close

	Version string // reported by the capabilities endpoint
}

// withDefaults returns a copy of o with zero fields set to their defaults,
// or an error naming the first invalid field.
func (o Options) withDefaults() (Options, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}

	// Deterministic runs need reproducible tokens; only fixed ones qualify
	// besides seeded ones.
	if o.Deterministic && o.TokenMode != TokenModeFixed {
		o.TokenMode = TokenModeSeeded
	}
	if o.TokenMode == "" {
		o.TokenMode = TokenModeRandom
	}
	if o.FixedToken == "" {
		o.FixedToken = DefaultFixedToken
	}

	setDuration(&o.ConfirmationTTL, DefaultConfirmationTTL)
	setDuration(&o.SendWindow, DefaultSendWindow)
	setInt(&o.MaxConfirmAttempts, DefaultMaxConfirmAttempts)
	setInt(&o.MaxSends, DefaultMaxSends)
	setInt(&o.JournalSize, DefaultJournalSize)

	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxStateBytes == 0 {
		o.MaxStateBytes = DefaultMaxStateBytes
	}
	if len(o.CORSOrigins) == 0 {
		o.CORSOrigins = []string{"*"}
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	return o, o.validate()
}

func (o Options) validate() error {
	switch o.TokenMode {
	case TokenModeRandom, TokenModeFixed, TokenModeSeeded:
	default:
		return fmt.Errorf("invalid token mode %q: use %q, %q or %q", o.TokenMode, TokenModeRandom, TokenModeFixed, TokenModeSeeded)
	}
	if !validFixedToken(o.FixedToken) {
		return fmt.Errorf("invalid fixed token %q: use exactly six digits, such as 123456", o.FixedToken)
	}
	if _, err := phone.ParseLevel(o.PhoneValidation); err != nil {
		return err
	}
	if o.ConfirmationTTL < 0 || o.SendWindow < 0 {
		return fmt.Errorf("invalid durations: confirmation TTL %s and send window %s must be positive", o.ConfirmationTTL, o.SendWindow)
	}
	if o.MaxConfirmAttempts < 0 || o.MaxSends < 0 || o.JournalSize < 0 {
		return fmt.Errorf("invalid limits: max confirm attempts %d, max sends %d and journal size %d must be positive", o.MaxConfirmAttempts, o.MaxSends, o.JournalSize)
	}
	if o.MaxBodyBytes < 0 || o.MaxStateBytes < 0 {
		return fmt.Errorf("invalid body limits %d and %d: use a positive number of bytes", o.MaxBodyBytes, o.MaxStateBytes)
	}
	for _, origin := range o.CORSOrigins {
		if !validOrigin(origin) {
			return fmt.Errorf("invalid CORS origin %q: use scheme://host[:port], such as http://localhost:3000, or *", origin)
		}
	}
	return nil
}

// validOrigin reports whether origin is "*" or has the form of the Origin
// header a browser sends: a scheme and a host, with no path, query or
// user. Anything else would match no request.
func validOrigin(origin string) bool {
	if origin == "*" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Scheme != "" && u.Host != "" && u.User == nil &&
		u.Path == "" && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" && !strings.HasSuffix(origin, "#")
}

func setDuration(d *time.Duration, def time.Duration) {
	if *d == 0 {
		*d = def
	}
}

func setInt(n *int, def int) {
	if *n == 0 {
		*n = def
	}
}
