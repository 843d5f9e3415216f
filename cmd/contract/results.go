package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/dirtylemon/api-sandbox/testkit"
)

// Scenario outcomes in the run's reports. Undefined, pending and ambiguous
// steps fail a scenario in strict mode and skip it otherwise.
const (
	outcomePassed  = "passed"
	outcomeFailed  = "failed"
	outcomeSkipped = "skipped"
)

// scenarioResult is the outcome of one scenario that ran.
type scenarioResult struct {
	info    testkit.ScenarioInfo
	started time.Time
	ended   time.Time

	// outcome is one of the outcome constants, and kind the step status
	// behind a failure or skip, like "failed" or "undefined".
	outcome string
	kind    string

	// decided reports whether a step that did not pass has set the
	// outcome; step and err are that step's text and error.
	decided bool
	step    string
	err     error
}

// recorder collects the outcome of each scenario from godog's hooks.
type recorder struct {
	strict bool
	infos  map[string]testkit.ScenarioInfo // by file:line

	mu      sync.Mutex
	results map[string]*scenarioResult // by file:line
}

func newRecorder(sel *testkit.Selection, strict bool) *recorder {
	r := &recorder{strict: strict, infos: map[string]testkit.ScenarioInfo{}, results: map[string]*scenarioResult{}}
	for _, sc := range sel.Run {
		r.infos[sc.Location()] = sc
	}
	return r
}

// resultKey is the context key of the running scenario's result.
type resultKey struct{}

// register adds the hooks that record each scenario's outcome.
func (r *recorder) register(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, sn *godog.Scenario) (context.Context, error) {
		return context.WithValue(ctx, resultKey{}, r.start(sn)), nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		if res, ok := ctx.Value(resultKey{}).(*scenarioResult); ok {
			r.step(res, st, status, err)
		}
		return ctx, nil
	})
}

// start records that the scenario began.
func (r *recorder) start(sn *godog.Scenario) *scenarioResult {
	location := sn.Uri
	if sn.Location != nil {
		location = fmt.Sprintf("%s:%d", sn.Uri, sn.Location.Line)
	}
	info, ok := r.infos[location]
	if !ok {
		info = testkit.ScenarioInfo{URI: sn.Uri, Name: sn.Name}
	}

	res := &scenarioResult{info: info, started: time.Now(), outcome: outcomeSkipped, kind: "skipped"}
	res.ended = res.started
	r.mu.Lock()
	r.results[location] = res
	r.mu.Unlock()
	return res
}

// step records one step's status. The first step that neither passes
// nor is skipped decides the scenario's outcome.
func (r *recorder) step(res *scenarioResult, st *godog.Step, status godog.StepResultStatus, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	res.ended = time.Now()
	switch {
	case res.decided:
		return
	case status == godog.StepPassed:
		res.outcome = outcomePassed
		return
	case status == godog.StepSkipped:
		return
	}

	res.decided = true
	res.kind = status.String()
	res.step = st.Text
	res.err = err
	res.outcome = outcomeFailed
	if status != godog.StepFailed && !r.strict {
		res.outcome = outcomeSkipped
	}
}

// result returns the outcome of the scenario at location, nil when it
// did not run.
func (r *recorder) result(location string) *scenarioResult {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.results[location]
}

// reportFailed prints each failed scenario with its location and tags,
// so a CI log shows whether it is an @assumed one.
func (r *recorder) reportFailed(w io.Writer, sel *testkit.Selection) {
	for _, sc := range sel.Run {
		res := r.result(sc.Location())
		if res == nil || res.outcome != outcomeFailed {
			continue
		}
		fmt.Fprintf(w, "contract: failed: %s: %s%s\n", sc.Location(), sc.Name, tagSuffix(sc.Tags))
	}
}

// tagSuffix returns " [@a @b]", or "" for a scenario without tags.
func tagSuffix(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return " [" + strings.Join(tags, " ") + "]"
}

// reportUndefined prints each step no definition matches with its file
// and line, and on a second line the closest defined step. The step text
// is printed as written, because quoting it would escape its own quotes.
func reportUndefined(w io.Writer, sel *testkit.Selection) {
	for _, u := range testkit.UndefinedSteps(sel.Run) {
		fmt.Fprintf(w, "contract: %s:%d: undefined step: %s\n", u.Scenario.URI, u.Step.Line, strings.TrimSpace(u.Step.Keyword+" "+u.Step.Text))
		fmt.Fprintf(w, "contract:   closest defined step: %s (see docs/steps.md or run contract --list-steps)\n", u.Closest)
	}
}

// errorText returns err's message, or "" for nil.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, godog.ErrUndefined) {
		return "the step is undefined"
	}
	return err.Error()
}
