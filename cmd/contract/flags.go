package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dirtylemon/api-sandbox/testkit"
)

// config is the parsed command line.
type config struct {
	baseURL       string
	apiKey        string
	tags          string
	format        string
	featuresDir   string
	builtin       bool
	tokenSource   string
	phoneTemplate string
	concurrency   int
	timeout       time.Duration
	strict        bool
	noColor       bool
	listSteps     listStepsFlag
}

// listStepsFlag is --list-steps: a bool flag that also takes the value
// "markdown" for the documentation page.
type listStepsFlag string

func (f *listStepsFlag) String() string   { return string(*f) }
func (f *listStepsFlag) IsBoolFlag() bool { return true }

func (f *listStepsFlag) Set(v string) error {
	switch v {
	case "true", "text":
		*f = "text"
	case "markdown":
		*f = "markdown"
	case "false":
		*f = ""
	default:
		return fmt.Errorf("want text or markdown, got %q", v)
	}
	return nil
}

// usageHeader opens the --help text.
const usageHeader = `Usage: contract [flags]

Runs the contract suite of the customers API against --base-url, or against
a sandbox started in-process when it is empty. Exit status: 0 all passed,
1 a scenario failed, 2 usage or connection error.

`

// defaultRequestTimeout bounds one request: longer than the longest
// long-poll the sandbox allows (30 s).
const defaultRequestTimeout = 40 * time.Second

// parseFlags reads the command line. Environment variables named CONTRACT_
// and the flag in upper case give the defaults, so CI can set them once.
// --help prints the usage to stdout; errors are left to the caller to
// print on one line, without the usage.
func parseFlags(args []string, stdout io.Writer) (config, error) {
	cfg := config{}
	fs := flag.NewFlagSet("contract", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}

	concurrency, err := envInt("CONTRACT_CONCURRENCY", 1)
	if err != nil {
		return cfg, err
	}
	timeout, err := envDuration("CONTRACT_REQUEST_TIMEOUT", defaultRequestTimeout)
	if err != nil {
		return cfg, err
	}
	strict, err := envBool("CONTRACT_STRICT", true)
	if err != nil {
		return cfg, err
	}

	fs.StringVar(&cfg.baseURL, "base-url", os.Getenv("CONTRACT_BASE_URL"),
		"API root to test, like https://api.staging.example; empty starts a sandbox in-process on a loopback port (env CONTRACT_BASE_URL)")
	fs.StringVar(&cfg.apiKey, "api-key", os.Getenv("CONTRACT_API_KEY"),
		"API key sent as a bearer token; against a target with tenants it prefixes each scenario's own key (env CONTRACT_API_KEY)")
	fs.StringVar(&cfg.tags, "tags", os.Getenv("CONTRACT_TAGS"),
		`godog tag expression that narrows the run: "," is OR, "&&" is AND, "~" is NOT, like "@assumed && ~@sandbox" (env CONTRACT_TAGS)`)
	fs.StringVar(&cfg.format, "format", envString("CONTRACT_FORMAT", "pretty"),
		"report formats, comma-separated: pretty, progress, junit, cucumber; add :FILE to write one to a file, like junit:report.xml; at most one may write to stdout (env CONTRACT_FORMAT)")
	fs.StringVar(&cfg.featuresDir, "features", os.Getenv("CONTRACT_FEATURES"),
		"directory of extra .feature files, read recursively and run with the same steps (env CONTRACT_FEATURES)")
	fs.BoolVar(&cfg.builtin, "builtin", true,
		"run the built-in features; --builtin=false runs only those from --features")
	fs.StringVar(&cfg.tokenSource, "token-source", os.Getenv("CONTRACT_TOKEN_SOURCE"),
		"where confirmation tokens come from: outbox, response, fixed:CODE or exec:CMD; empty picks outbox, then response (env CONTRACT_TOKEN_SOURCE)")
	fs.StringVar(&cfg.phoneTemplate, "phone-template", envString("CONTRACT_PHONE_TEMPLATE", testkit.DefaultPhoneTemplate),
		"range new phone numbers come from, each # a digit; its country is the country_code sent (env CONTRACT_PHONE_TEMPLATE)")
	fs.IntVar(&cfg.concurrency, "concurrency", concurrency,
		"scenarios run at once (env CONTRACT_CONCURRENCY)")
	fs.DurationVar(&cfg.timeout, "request-timeout", timeout,
		"time one request may take before it fails, like 10s; keep it above the longest wait a feature asks for, 5s in the built-in ones (env CONTRACT_REQUEST_TIMEOUT)")
	fs.BoolVar(&cfg.strict, "strict", strict,
		"fail on undefined, pending or ambiguous steps (env CONTRACT_STRICT)")
	fs.BoolVar(&cfg.noColor, "no-color", os.Getenv("NO_COLOR") != "",
		"plain output without ANSI colours; also set by NO_COLOR and when stdout is not a terminal")
	fs.Var(&cfg.listSteps, "list-steps",
		"print every step with an example and exit; --list-steps=markdown prints the documentation page")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprint(stdout, usageHeader)
			fs.PrintDefaults()
			return cfg, err
		}
		return cfg, fmt.Errorf("%w (see --help)", err)
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q; pass feature directories with --features", fs.Arg(0))
	}
	return cfg, cfg.validate()
}

func (cfg config) validate() error {
	if cfg.concurrency < 1 {
		return fmt.Errorf("--concurrency %d: want 1 or more", cfg.concurrency)
	}
	if !cfg.builtin && cfg.featuresDir == "" {
		return errors.New("--builtin=false leaves nothing to run; pass --features DIR")
	}
	if cfg.baseURL != "" && !strings.HasPrefix(cfg.baseURL, "http://") && !strings.HasPrefix(cfg.baseURL, "https://") {
		return fmt.Errorf("--base-url %q: want an http:// or https:// URL", cfg.baseURL)
	}
	if root, ok := strings.CutSuffix(strings.TrimRight(cfg.baseURL, "/"), "/v1"); ok {
		return fmt.Errorf("--base-url %q ends in /v1, but the runner adds /v1 to every API path; pass the API root %q", cfg.baseURL, root)
	}
	if cfg.timeout <= 0 {
		return fmt.Errorf("--request-timeout %s: want a positive duration like 40s", cfg.timeout)
	}
	return nil
}

func envString(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func envInt(name string, fallback int) (int, error) {
	v := os.Getenv(name)
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a whole number", name, v)
	}
	return n, nil
}

func envDuration(name string, fallback time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return fallback, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a duration like 40s", name, v)
	}
	return d, nil
}

func envBool(name string, fallback bool) (bool, error) {
	v := os.Getenv(name)
	if v == "" {
		return fallback, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q is not true or false", name, v)
	}
	return b, nil
}
