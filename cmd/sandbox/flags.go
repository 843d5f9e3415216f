package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// envPrefix is the prefix of every flag's environment variable twin:
// --token-mode is SANDBOX_TOKEN_MODE.
const envPrefix = "SANDBOX_"

// config is everything the command line sets.
type config struct {
	addr      string
	logFormat string
	logLevel  string
	opts      sandbox.Options
	apiKeys   string
	cors      string
	timeouts  serverTimeouts

	// sources maps each flag given explicitly to where it was set: "--name"
	// on the command line or its environment variable, for error messages.
	sources map[string]string

	// warnings are logged once the logger exists.
	warnings []string
}

// serverTimeouts bound how long a client may hold a connection.
type serverTimeouts struct {
	readHeader     time.Duration
	read           time.Duration
	write          time.Duration
	idle           time.Duration
	shutdown       time.Duration
	maxHeaderBytes int
}

// envName returns the environment variable twin of a flag.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseFlags reads the flags of args, with environment variables for the
// flags that args leave out, so a flag on the command line always wins.
func parseFlags(args []string, getenv func(string) string) (*config, error) {
	cfg := &config{sources: map[string]string{}}
	fs := defineFlags(cfg)
	if err := fs.Parse(args); err != nil {
		return nil, describeParseError(fs, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: every option is a flag, see -h", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) { cfg.sources[f.Name] = "--" + f.Name })
	if err := applyEnv(fs, getenv, cfg.sources); err != nil {
		return nil, err
	}

	if err := checkValues(fs, cfg); err != nil {
		return nil, err
	}
	cfg.opts.APIKeys = splitList(cfg.apiKeys)
	cfg.opts.CORSOrigins = splitList(cfg.cors)
	return cfg, nil
}

// defineFlags returns the flag set that fills cfg.
func defineFlags(cfg *config) *flag.FlagSet {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	o := &cfg.opts
	t := &cfg.timeouts

	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; listening beyond loopback (e.g. 0.0.0.0:8080) must be asked for here")
	fs.StringVar(&o.TokenMode, "token-mode", sandbox.TokenModeRandom, "where confirmation tokens come from: random, fixed or seeded")
	fs.StringVar(&o.FixedToken, "fixed-token", sandbox.DefaultFixedToken, "the six-digit token every send uses in fixed mode")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the seeded token mode and of --deterministic")
	fs.BoolVar(&o.Deterministic, "deterministic", false, "seeded ids, tokens and request ids and a frozen clock, for byte-identical responses")
	fs.DurationVar(&o.ConfirmationTTL, "confirmation-ttl", sandbox.DefaultConfirmationTTL, "how long a confirmation token stays valid (Go duration)")
	fs.IntVar(&o.MaxConfirmAttempts, "max-confirm-attempts", sandbox.DefaultMaxConfirmAttempts, "wrong tokens before the pending token is destroyed")
	fs.IntVar(&o.MaxSends, "max-sends", sandbox.DefaultMaxSends, "SMS per customer allowed within --send-window")
	fs.DurationVar(&o.SendWindow, "send-window", sandbox.DefaultSendWindow, "window of the send limit (Go duration)")
	fs.StringVar(&o.PhoneValidation, "phone-validation", "possible", "phone number check: possible (plausible length), valid (full check) or loose (4 to 15 digits)")
	fs.BoolVar(&o.RequireAPIKey, "require-api-key", false, "reject requests without an Authorization: Bearer key")
	fs.StringVar(&cfg.apiKeys, "api-keys", "", "comma-separated `keys` to accept; any other key is rejected (implies --require-api-key)")
	fs.BoolVar(&o.HideConfirmationToken, "hide-confirmation-token", false, "always send confirmation_token as null, like a deployment that redacts it")
	fs.BoolVar(&o.NoAdmin, "no-admin", false, "turn off the /_sandbox controls, to behave like a real deployment")
	fs.StringVar(&cfg.cors, "cors-origins", "*", "comma-separated origins allowed to call the API from a browser")
	fs.Int64Var(&o.MaxBodyBytes, "max-body-bytes", sandbox.DefaultMaxBodyBytes, "largest API request body, in bytes")
	fs.Int64Var(&o.MaxStateBytes, "max-state-bytes", sandbox.DefaultMaxStateBytes, "largest PUT /_sandbox/state body, in bytes")
	fs.IntVar(&o.JournalSize, "journal-size", sandbox.DefaultJournalSize, "requests kept per tenant in the request journal")
	fs.StringVar(&o.FixturesFile, "fixtures", "", "`file` with a state export to load at start")
	fs.StringVar(&o.StateFile, "state-file", "", "`file` restored at start and written on shutdown; wins over --fixtures when it exists")
	fs.DurationVar(&t.readHeader, "read-header-timeout", 5*time.Second, "time allowed to read request headers")
	fs.DurationVar(&t.read, "read-timeout", 30*time.Second, "time allowed to read a whole request")
	fs.DurationVar(&t.write, "write-timeout", 60*time.Second, "time allowed to write a response; a long-poll or fault delay adds its wait to it")
	fs.DurationVar(&t.idle, "idle-timeout", 120*time.Second, "time an idle keep-alive connection stays open")
	fs.DurationVar(&t.shutdown, "shutdown-timeout", 10*time.Second, "time in-flight requests get to finish on SIGINT or SIGTERM")
	fs.IntVar(&t.maxHeaderBytes, "max-header-bytes", 64<<10, "largest request header block, in bytes")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&cfg.logLevel, "log-level", "info", "log level: debug, info, warn or error")

	// Parse errors and -h are reported by the caller, in the --flag form
	// the help text uses, so the flag package prints nothing itself.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// applyEnv sets each flag not in sources from its environment variable
// twin, when that is set, and records the variable in sources. An empty
// variable counts as unset.
func applyEnv(fs *flag.FlagSet, getenv func(string) string, sources map[string]string) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v := getenv(envName(f.Name))
		if _, given := sources[f.Name]; given || v == "" || err != nil {
			return
		}
		if fs.Set(f.Name, v) != nil {
			err = fmt.Errorf("invalid %s=%q (--%s): %s", envName(f.Name), v, f.Name, valueHint(f))
			return
		}
		sources[f.Name] = envName(f.Name)
	})
	return err
}

// usage writes the help text of the flags in fs to out.
func usage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprintf(out, "Usage: sandbox [flags]\n\nServes the Dirty Lemon customers API in memory, with /_sandbox controls for tests.\nEvery flag can also be set by the environment variable shown beside it.\n\n")
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		fmt.Fprintf(out, "  --%s %s\n    \t%s (default %s) [%s]\n", f.Name, name, help, strconv.Quote(f.DefValue), envName(f.Name))
	})
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// osGetenv is the real environment, replaced in tests.
var osGetenv = os.Getenv
