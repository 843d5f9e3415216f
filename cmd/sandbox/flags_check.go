package main

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// positiveFlags are the limits whose zero value sandbox.Options or
// net/http reads as "use the default", so an explicit 0 would be silently
// replaced.
var positiveFlags = []string{
	"confirmation-ttl", "max-confirm-attempts", "max-sends", "send-window",
	"max-body-bytes", "max-state-bytes", "journal-size", "max-header-bytes",
}

// nonNegativeFlags have no meaning below zero; net/http would read a
// negative timeout as no timeout at all. Zero turns a timeout off.
var nonNegativeFlags = []string{
	"read-header-timeout", "read-timeout", "write-timeout", "idle-timeout",
	"shutdown-timeout",
}

// checkValues rejects values that parse but cannot be meant, and collects
// warnings about flags that have no effect.
func checkValues(fs *flag.FlagSet, cfg *config) error {
	if err := checkSigns(fs, cfg); err != nil {
		return err
	}
	if err := checkLists(cfg); err != nil {
		return err
	}
	return checkTokenFlags(cfg)
}

// checkSigns rejects a zero value for any of positiveFlags and a negative
// value for them and for nonNegativeFlags.
func checkSigns(fs *flag.FlagSet, cfg *config) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v := f.Value.String()
		positive := slices.Contains(positiveFlags, f.Name)
		negative := len(v) > 0 && v[0] == '-'
		switch {
		case err != nil:
		case positive && (v == "0" || v == "0s" || negative):
			err = fmt.Errorf("invalid %s: use a positive value (default %s)", cfg.describe(f.Name, v), f.DefValue)
		case negative && slices.Contains(nonNegativeFlags, f.Name):
			err = fmt.Errorf("invalid %s: use zero (no limit) or a positive value (default %s)", cfg.describe(f.Name, v), f.DefValue)
		}
	})
	return err
}

// checkLists rejects --api-keys and --cors-origins given with no entry,
// such as "," or "". The defaults accept any key and any origin, so an
// empty list by mistake would loosen what the user meant to tighten.
func checkLists(cfg *config) error {
	if _, given := cfg.sources["api-keys"]; given && len(splitList(cfg.apiKeys)) == 0 {
		return fmt.Errorf("invalid %s: --api-keys lists no key; give at least one, or leave the flag out to accept any key",
			cfg.describe("api-keys", cfg.apiKeys))
	}
	if _, given := cfg.sources["cors-origins"]; given && len(splitList(cfg.cors)) == 0 {
		return fmt.Errorf("invalid %s: --cors-origins lists no origin; give at least one, such as http://localhost:3000, or *",
			cfg.describe("cors-origins", cfg.cors))
	}
	return nil
}

// checkTokenFlags rejects an explicit empty --fixed-token, which would
// otherwise fall back to the default, and an explicit --token-mode random
// with --deterministic, which would otherwise be overridden.
func checkTokenFlags(cfg *config) error {
	o := &cfg.opts
	if _, given := cfg.sources["fixed-token"]; given && o.FixedToken == "" {
		return fmt.Errorf("invalid %s: use exactly six digits, such as 123456", cfg.describe("fixed-token", ""))
	}
	if _, given := cfg.sources["token-mode"]; given && o.Deterministic && o.TokenMode == sandbox.TokenModeRandom {
		return fmt.Errorf("invalid %s: --deterministic needs --token-mode seeded or fixed", cfg.describe("token-mode", o.TokenMode))
	}
	if _, given := cfg.sources["fixed-token"]; given && o.TokenMode != sandbox.TokenModeFixed {
		cfg.warnings = append(cfg.warnings, fmt.Sprintf("%s has no effect unless --token-mode is fixed", cfg.sources["fixed-token"]))
	}
	return nil
}

// describe names a flag's value the way the user set it: "--name value"
// from the command line, or "SANDBOX_NAME=value (--name)" from the
// environment.
func (cfg *config) describe(name, value string) string {
	if source := cfg.sources[name]; source != "" && source != "--"+name {
		return fmt.Sprintf("%s=%q (--%s)", source, value, name)
	}
	if !plainValue.MatchString(value) {
		return fmt.Sprintf("--%s %q", name, value)
	}
	return fmt.Sprintf("--%s %s", name, value)
}

// plainValue matches a value that reads clearly without quotes.
var plainValue = regexp.MustCompile(`^[A-Za-z0-9.+-]+$`)

// valueHint returns the advice for a flag's value, by the value's type.
func valueHint(f *flag.Flag) string {
	getter, _ := f.Value.(flag.Getter)
	if getter == nil {
		return "see -h"
	}
	switch getter.Get().(type) {
	case time.Duration:
		return "use a Go duration such as 90s or 5m"
	case bool:
		return "use true or false"
	case int, int64:
		return fmt.Sprintf("use a whole number, such as %s", f.DefValue)
	}
	return "see -h"
}

// Errors of the flag package, which name a flag with a single dash.
var (
	invalidValueError = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([^:]+): `)
	unknownFlagError  = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	missingValueError = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
)

// describeParseError rewrites an error of fs.Parse in the --flag form of
// the help text, with a hint for the value. flag.ErrHelp passes through.
func describeParseError(fs *flag.FlagSet, err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	text := err.Error()
	if m := invalidValueError.FindStringSubmatch(text); m != nil {
		if f := fs.Lookup(m[2]); f != nil {
			return fmt.Errorf("invalid --%s %s: %s", f.Name, m[1], valueHint(f))
		}
	}
	if m := unknownFlagError.FindStringSubmatch(text); m != nil {
		return fmt.Errorf("unknown flag --%s: run sandbox -h for the list", m[1])
	}
	if m := missingValueError.FindStringSubmatch(text); m != nil {
		return fmt.Errorf("--%s needs a value: see -h", m[1])
	}
	return fmt.Errorf("%s: see -h", text)
}
