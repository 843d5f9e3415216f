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
	status int
	failed map[string]error // scenario name to its error
	passed int
}

// runLikeRunner runs the feature files against baseURL the way the
// contract runner does: probe, plan, tag filter, then the suite.
func runLikeRunner(t *testing.T, baseURL string, files []godog.Feature, opts testkit.SuiteOptions) suiteResult {
	t.Helper()

	phones, err := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	target, err := testkit.Probe(ctx, testkit.ProbeOptions{BaseURL: baseURL, Phones: phones, HTTPClient: testkit.NewHTTPClient()})
	if err != nil {
		t.Fatalf("probe failed: %v", err)
	}
	plan, err := testkit.PlanRun(target, "")
	if err != nil {
		t.Fatalf("planning the run failed: %v", err)
	}
	tags, err := testkit.TagFilter(opts.Tags, plan.Exclusions)
	if err != nil {
		t.Fatal(err)
	}

	result := suiteResult{failed: map[string]error{}}
	var mu sync.Mutex
	opts.Features = files
	opts.Tags = tags
	opts.AfterScenario = func(sc *godog.Scenario, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			result.failed[sc.Name] = err
			return
		}
		result.passed++
	}

	cfg := testkit.Config{
		BaseURL:         baseURL,
		PerScenarioKeys: target.PerScenarioKeys,
		TokenSource:     plan.TokenSource,
		Phones:          phones,
	}
	result.status = testkit.RunSuite(cfg, opts)
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
