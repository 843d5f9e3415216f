package testkit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/dirtylemon/api-sandbox/features"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// suiteResult is the outcome of one run of feature files.
type suiteResult struct {
	status     int
	failed     map[string]error    // scenario name to its error
	failedTags map[string][]string // scenario name to its tags
	passed     int
}

// runLikeRunner runs the feature files against baseURL the way the
// contract runner does: probe, plan, tag filter, then the suite.
func runLikeRunner(t *testing.T, baseURL string, files []godog.Feature, opts testkit.SuiteOptions) suiteResult {
	t.Helper()
	return runWithProbe(t, testkit.ProbeOptions{BaseURL: baseURL}, files, opts)
}

// runWithProbe is runLikeRunner with the probe's options, for a run that
// needs its own phone numbers.
func runWithProbe(t *testing.T, probe testkit.ProbeOptions, files []godog.Feature, opts testkit.SuiteOptions) suiteResult {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	setup, err := testkit.SetUp(ctx, probe, "", opts.Tags)
	if err != nil {
		t.Fatalf("setting up the run failed: %v", err)
	}

	result := suiteResult{failed: map[string]error{}, failedTags: map[string][]string{}}
	var mu sync.Mutex
	opts.Features = files
	opts.Tags = setup.Tags
	opts.AfterScenario = func(sc *godog.Scenario, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			result.failed[sc.Name] = err
			for _, tag := range sc.Tags {
				result.failedTags[sc.Name] = append(result.failedTags[sc.Name], tag.Name)
			}
			return
		}
		result.passed++
	}

	result.status = testkit.RunSuite(setup.Config, opts)
	return result
}

// builtinFeatures returns the embedded feature files.
func builtinFeatures(t *testing.T) []godog.Feature {
	t.Helper()
	files, err := testkit.LoadFeatures(features.FS, ".", "features")
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// oneFeature returns a feature file made of text.
func oneFeature(name, text string) []godog.Feature {
	return []godog.Feature{{Name: name, Contents: []byte(text)}}
}
