package main

import (
	"flag"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// fakeEnv returns a getenv that reads from vars.
func fakeEnv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestParseFlagsEnvAndFlags(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(cfg *config) (got, want any)
	}{
		{name: "default address", check: func(c *config) (any, any) { return c.addr, "127.0.0.1:8080" }},
		{name: "default token mode", check: func(c *config) (any, any) { return c.opts.TokenMode, sandbox.TokenModeRandom }},
		{name: "default CORS origins", check: func(c *config) (any, any) { return c.opts.CORSOrigins, []string{"*"} }},
		{name: "env sets a string", env: map[string]string{"SANDBOX_TOKEN_MODE": "fixed"},
			check: func(c *config) (any, any) { return c.opts.TokenMode, "fixed" }},
		{name: "env sets a number", env: map[string]string{"SANDBOX_MAX_SENDS": "9"},
			check: func(c *config) (any, any) { return c.opts.MaxSends, 9 }},
		{name: "env sets a duration", env: map[string]string{"SANDBOX_CONFIRMATION_TTL": "90s"},
			check: func(c *config) (any, any) { return c.opts.ConfirmationTTL, 90 * time.Second }},
		{name: "env sets a bool", env: map[string]string{"SANDBOX_NO_ADMIN": "true"},
			check: func(c *config) (any, any) { return c.opts.NoAdmin, true }},
		{name: "env sets a list", env: map[string]string{"SANDBOX_API_KEYS": "key-one, key-two,"},
			check: func(c *config) (any, any) { return c.opts.APIKeys, []string{"key-one", "key-two"} }},
		{name: "env sets the address", env: map[string]string{"SANDBOX_ADDR": "127.0.0.1:9999"},
			check: func(c *config) (any, any) { return c.addr, "127.0.0.1:9999" }},
		{name: "env sets a timeout", env: map[string]string{"SANDBOX_SHUTDOWN_TIMEOUT": "3s"},
			check: func(c *config) (any, any) { return c.timeouts.shutdown, 3 * time.Second }},
		{name: "flag wins over env string", env: map[string]string{"SANDBOX_TOKEN_MODE": "fixed"}, args: []string{"--token-mode", "seeded"},
			check: func(c *config) (any, any) { return c.opts.TokenMode, "seeded" }},
		{name: "flag wins over env number", env: map[string]string{"SANDBOX_MAX_SENDS": "9"}, args: []string{"-max-sends=3"},
			check: func(c *config) (any, any) { return c.opts.MaxSends, 3 }},
		{name: "flag wins over env bool", env: map[string]string{"SANDBOX_NO_ADMIN": "true"}, args: []string{"--no-admin=false"},
			check: func(c *config) (any, any) { return c.opts.NoAdmin, false }},
		{name: "flag wins over env list", env: map[string]string{"SANDBOX_CORS_ORIGINS": "https://a.example"}, args: []string{"--cors-origins", "https://b.example"},
			check: func(c *config) (any, any) { return c.opts.CORSOrigins, []string{"https://b.example"} }},
		{name: "env and flags combine", env: map[string]string{"SANDBOX_SEED": "42"}, args: []string{"--deterministic"},
			check: func(c *config) (any, any) { return [2]any{c.opts.Seed, c.opts.Deterministic}, [2]any{int64(42), true} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseFlags(tt.args, fakeEnv(tt.env))
			if err != nil {
				t.Fatalf("parseFlags(%q) with env %v: %v", tt.args, tt.env, err)
			}

			got, want := tt.check(cfg)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// TestEveryFlagHasEnvTwin sets each flag's environment variable to a value
// other than its default and checks that the parsed flag took it.
func TestEveryFlagHasEnvTwin(t *testing.T) {
	defineFlags(&config{}).VisitAll(func(f *flag.Flag) {
		t.Run(f.Name, func(t *testing.T) {
			value := otherValue(f)
			fs := defineFlags(&config{})
			if err := applyEnv(fs, fakeEnv(map[string]string{envName(f.Name): value}), map[string]string{}); err != nil {
				t.Fatalf("%s=%q: %v", envName(f.Name), value, err)
			}

			if got := fs.Lookup(f.Name).Value.String(); got != value {
				t.Errorf("got --%s %q from %s, want %q", f.Name, got, envName(f.Name), value)
			}
		})
	})
}

// otherValue returns a valid value for f that differs from its default,
// written the way flag.Value.String writes it back.
func otherValue(f *flag.Flag) string {
	if n, err := strconv.ParseInt(f.DefValue, 10, 64); err == nil {
		return strconv.FormatInt(n+1, 10)
	}
	if _, err := strconv.ParseBool(f.DefValue); err == nil {
		return strconv.FormatBool(f.DefValue != "true")
	}
	if d, err := time.ParseDuration(f.DefValue); err == nil {
		return (d + time.Second).String()
	}
	return f.DefValue + "x"
}

func TestParseFlagsRejects(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // a substring of the error
	}{
		{name: "number flag", args: []string{"--max-sends", "many"}, want: `invalid --max-sends "many": use a whole number`},
		{name: "seed", args: []string{"--seed", "abc"}, want: `invalid --seed "abc": use a whole number`},
		{name: "duration flag", args: []string{"--confirmation-ttl", "5"}, want: `invalid --confirmation-ttl "5": use a Go duration such as 90s or 5m`},
		{name: "bool flag", args: []string{"--no-admin=maybe"}, want: `invalid --no-admin "maybe": use true or false`},
		{name: "unknown flag", args: []string{"--token"}, want: "unknown flag --token"},
		{name: "flag without value", args: []string{"--addr"}, want: "--addr needs a value"},
		{name: "argument", args: []string{"serve"}, want: `"serve"`},
		{name: "env number", env: map[string]string{"SANDBOX_MAX_SENDS": "many"}, want: `SANDBOX_MAX_SENDS="many" (--max-sends): use a whole number`},
		{name: "env bool", env: map[string]string{"SANDBOX_DETERMINISTIC": "yes please"}, want: `SANDBOX_DETERMINISTIC="yes please" (--deterministic): use true or false`},
		{name: "env duration", env: map[string]string{"SANDBOX_CONFIRMATION_TTL": "5"}, want: `SANDBOX_CONFIRMATION_TTL="5" (--confirmation-ttl): use a Go duration such as 90s or 5m`},
		{name: "zero limit", args: []string{"--max-confirm-attempts", "0"}, want: "--max-confirm-attempts 0: use a positive value"},
		{name: "zero duration", args: []string{"--confirmation-ttl=0"}, want: "--confirmation-ttl 0s: use a positive value"},
		{name: "negative limit", args: []string{"--max-sends", "-1"}, want: "--max-sends -1: use a positive value"},
		{name: "negative duration", args: []string{"--confirmation-ttl", "-5m"}, want: "--confirmation-ttl -5m0s: use a positive value"},
		{name: "negative timeout", args: []string{"--read-timeout", "-1s"}, want: "--read-timeout -1s: use zero (no limit) or a positive value"},
		{name: "zero header limit", args: []string{"--max-header-bytes", "0"}, want: "--max-header-bytes 0: use a positive value"},
		{name: "zero from env", env: map[string]string{"SANDBOX_JOURNAL_SIZE": "0"}, want: `SANDBOX_JOURNAL_SIZE="0" (--journal-size): use a positive value`},
		{name: "empty fixed token", args: []string{"--token-mode", "fixed", "--fixed-token", ""}, want: `--fixed-token "": use exactly six digits`},
		{name: "deterministic with random tokens", args: []string{"--deterministic", "--token-mode", "random"},
			want: "--deterministic needs --token-mode seeded or fixed"},
		{name: "deterministic with random tokens from env", env: map[string]string{"SANDBOX_TOKEN_MODE": "random"}, args: []string{"--deterministic"},
			want: `SANDBOX_TOKEN_MODE="random" (--token-mode)`},
		{name: "API keys comma", args: []string{"--api-keys", ","}, want: "--api-keys lists no key"},
		{name: "API keys empty", args: []string{"--api-keys", ""}, want: "--api-keys lists no key"},
		{name: "API keys blank", args: []string{"--api-keys", " , "}, want: "--api-keys lists no key"},
		{name: "API keys from env", env: map[string]string{"SANDBOX_API_KEYS": ",,"}, want: `SANDBOX_API_KEYS=",," (--api-keys)`},
		{name: "CORS origins empty", args: []string{"--cors-origins", ""}, want: "--cors-origins lists no origin"},
		{name: "CORS origins commas", args: []string{"--cors-origins", ",,"}, want: "--cors-origins lists no origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFlags(tt.args, fakeEnv(tt.env))

			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
			if err != nil && singleDashFlag.MatchString(err.Error()) {
				t.Errorf("got error %q, want flags named with two dashes", err)
			}
		})
	}
}

// singleDashFlag matches a flag named the way the flag package names it.
var singleDashFlag = regexp.MustCompile(`(^|\s)-[a-z]{2,}`)

// TestParseFlagsTokenModes checks the token flags that are accepted, and
// the warning for a fixed token that has no effect.
func TestParseFlagsTokenModes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		warnings int
	}{
		{name: "deterministic alone", args: []string{"--deterministic"}},
		{name: "deterministic with fixed tokens", args: []string{"--deterministic", "--token-mode", "fixed", "--fixed-token", "654321"}},
		{name: "deterministic with seeded tokens", args: []string{"--deterministic", "--token-mode", "seeded"}},
		{name: "fixed token in random mode", args: []string{"--fixed-token", "654321"}, warnings: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseFlags(tt.args, fakeEnv(nil))
			if err != nil {
				t.Fatalf("parseFlags(%q): %v", tt.args, err)
			}

			if len(cfg.warnings) != tt.warnings {
				t.Errorf("got warnings %q, want %d", cfg.warnings, tt.warnings)
			}
		})
	}
}
