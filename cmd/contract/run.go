package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/cucumber/godog"

	"github.com/dirtylemon/api-sandbox/features"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// Exit statuses.
const (
	exitPassed = 0
	exitFailed = 1
	exitUsage  = 2
)

// probeTimeout bounds the probe of the target, unless --request-timeout
// is longer.
const probeTimeout = 60 * time.Second

// run runs the command and returns its exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitPassed
	}
	if err != nil {
		return usageError(stderr, err)
	}
	if cfg.listSteps != "" {
		if err := writeSteps(stdout, string(cfg.listSteps)); err != nil {
			return usageError(stderr, err)
		}
		return exitPassed
	}

	suite, err := prepare(cfg, stderr)
	if err != nil {
		return usageError(stderr, err)
	}
	defer suite.close(stderr)

	return suite.run(cfg, stdout, stderr)
}

// run runs the selected scenarios, then prints the undefined steps and
// the failed scenarios to stderr and writes the JUnit report.
func (p *preparedSuite) run(cfg config, stdout, stderr io.Writer) int {
	rec := newRecorder(p.selection, cfg.strict)
	output := p.reports.godogOutput(stdout)
	started := time.Now()

	status := testkit.RunSuite(p.config, testkit.SuiteOptions{
		Features:    p.features,
		Tags:        p.tags,
		Format:      p.reports.godog,
		Output:      output,
		Concurrency: cfg.concurrency,
		Strict:      cfg.strict,
		NoColors:    cfg.noColor || !isTerminal(stdout),
		Register:    rec.register,
	})
	if filter, ok := output.(*snippetFilter); ok {
		_ = filter.flush()
	}

	reportUndefined(stderr, p.selection)
	rec.reportFailed(stderr, p.selection)
	if p.reports.junit != "" {
		report := buildJUnit(p.selection, rec, time.Since(started))
		if err := writeJUnit(p.reports.junit, stdout, report); err != nil {
			return usageError(stderr, err)
		}
	}
	return status
}

// usageError prints the one-line reason and returns the usage status.
func usageError(stderr io.Writer, err error) int {
	hint := ""
	if isTimeout(err) {
		hint = "; raise --request-timeout if the target is slow"
	}
	fmt.Fprintf(stderr, "contract: %v%s\n", err, hint)
	return exitUsage
}

// isTimeout reports whether err is a request that ran out of time.
func isTimeout(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
}

// preparedSuite is everything a run needs once the target is known.
type preparedSuite struct {
	config    testkit.Config
	features  []godog.Feature
	scenarios []testkit.ScenarioInfo
	selection *testkit.Selection
	tags      string
	reports   reportPlan
	stop      func() error
}

func (p *preparedSuite) close(stderr io.Writer) {
	if p.stop == nil {
		return
	}
	if err := p.stop(); err != nil {
		fmt.Fprintf(stderr, "contract: stopping the in-process sandbox failed: %v\n", err)
	}
}

// prepare checks the options, starts the sandbox when no target is given,
// probes the target and prints what the run leaves out and why.
func prepare(cfg config, stderr io.Writer) (*preparedSuite, error) {
	reports, err := planReports(cfg.format)
	if err != nil {
		return nil, err
	}
	phones, err := testkit.NewPhoneGenerator(cfg.phoneTemplate)
	if err != nil {
		return nil, err
	}
	files, err := loadFeatures(cfg)
	if err != nil {
		return nil, err
	}

	// Check the feature files and the tag expression before the probe
	// sends anything.
	scenarios, err := testkit.ParseScenarios(files)
	if err != nil {
		return nil, err
	}
	if _, err := testkit.SelectScenarios(scenarios, cfg.tags, nil); err != nil {
		return nil, err
	}

	suite := &preparedSuite{features: files, scenarios: scenarios, reports: reports}
	baseURL, where := cfg.baseURL, cfg.baseURL
	if baseURL == "" {
		baseURL, suite.stop, err = startSandbox()
		if err != nil {
			return nil, err
		}
		where = baseURL + " (sandbox started in-process)"
	}

	if err := suite.plan(cfg, baseURL, phones, where, stderr); err != nil {
		suite.close(stderr)
		return nil, err
	}

	// The sandbox's error bodies and closed customer object are its own
	// design, so every scenario checks them, not only the @assumed ones.
	suite.config.StrictSchemas = cfg.baseURL == ""
	return suite, nil
}

// plan probes the target, picks the token source, builds the tag filter
// and prints the outcome.
func (p *preparedSuite) plan(cfg config, baseURL string, phones *testkit.PhoneGenerator, where string, stderr io.Writer) error {
	httpClient := testkit.NewHTTPClient()
	httpClient.Timeout = cfg.timeout
	ctx, cancel := context.WithTimeout(context.Background(), max(probeTimeout, cfg.timeout))
	defer cancel()

	opts := testkit.ProbeOptions{BaseURL: baseURL, APIKey: cfg.apiKey, HTTPClient: httpClient, Phones: phones}
	setup, err := testkit.SetUp(ctx, opts, cfg.tokenSource, cfg.tags)
	if err != nil {
		return err
	}

	p.config, p.tags = setup.Config, setup.Tags
	printPlan(stderr, where, setup.Target, setup.Plan)

	p.selection, err = testkit.SelectScenarios(p.scenarios, cfg.tags, setup.Plan.Exclusions)
	return err
}

// printPlan prints what the probe found and which tags the run leaves out,
// one line each.
func printPlan(w io.Writer, where string, t *testkit.Target, plan *testkit.Plan) {
	fmt.Fprintf(w, "contract: target %s\n", where)
	fmt.Fprintf(w, "contract: sandbox controls: %s (%s)\n", yesNo(t.Controls), t.ControlsNote)
	fmt.Fprintf(w, "contract: one tenant per API key: %s (%s)\n", yesNo(t.PerScenarioKeys), t.TenantsNote)
	if plan.TokenSource != nil {
		fmt.Fprintf(w, "contract: token source: %s (%s)\n", plan.TokenSource.Name(), plan.TokenNote)
	}
	for _, e := range plan.Exclusions {
		fmt.Fprintf(w, "contract: leaving out %s: %s\n", e.Tag, e.Reason)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// loadFeatures reads the built-in features and those under --features.
func loadFeatures(cfg config) ([]godog.Feature, error) {
	var files []godog.Feature
	if cfg.builtin {
		builtin, err := testkit.LoadFeatures(features.FS, ".", "features")
		if err != nil {
			return nil, err
		}
		files = append(files, builtin...)
	}
	if cfg.featuresDir == "" {
		return files, nil
	}

	info, err := os.Stat(cfg.featuresDir)
	if err != nil || !info.IsDir() {
		return nil, fmt.Errorf("--features %q: not a readable directory", cfg.featuresDir)
	}
	extra, err := testkit.LoadFeatures(os.DirFS(cfg.featuresDir), ".", cfg.featuresDir)
	if err != nil {
		return nil, err
	}
	if len(extra) == 0 {
		return nil, fmt.Errorf("--features %q: no .feature files found", cfg.featuresDir)
	}
	return append(files, extra...), nil
}

// isTerminal reports whether w is a character device, where colours help.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
