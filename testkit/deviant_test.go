package testkit_test

import (
	"slices"
	"testing"

	"github.com/cucumber/godog"

	"github.com/dirtylemon/api-sandbox/testkit"
	"github.com/dirtylemon/api-sandbox/testkit/internal/deviant"
)

// TestSuiteFailsOnDeviations runs the suite against servers that each
// break the contract in one way and checks the run fails on the scenario
// written for that way. Each run holds only the feature file of that
// scenario, which keeps the test fast; TestSuiteToleratesUndocumentedDifferences
// and the in-process runs cover whole runs.
func TestSuiteFailsOnDeviations(t *testing.T) {
	files := builtinFeatures(t)

	for _, d := range deviant.All() {
		t.Run(d.Name, func(t *testing.T) {
			result := runDeviation(t, d, featureOf(t, files, d.Scenario))

			if result.status != testkit.SuiteFailed {
				t.Errorf("got suite status %d, want %d (failed)", result.status, testkit.SuiteFailed)
			}
			if _, ok := result.failed[d.Scenario]; !ok {
				t.Errorf("scenario %q passed, want it to fail; failed scenarios: %q", d.Scenario, failedNames(result))
			}
		})
	}
}

// TestSuiteToleratesUndocumentedDifferences runs the whole suite against
// servers that differ only where the documentation is silent and checks
// that only @assumed scenarios fail, the named one among them.
func TestSuiteToleratesUndocumentedDifferences(t *testing.T) {
	files := builtinFeatures(t)

	for _, d := range deviant.Tolerated() {
		t.Run(d.Name, func(t *testing.T) {
			result := runDeviation(t, d, files)

			for name, tags := range result.failedTags {
				if !slices.Contains(tags, testkit.TagAssumed) {
					t.Errorf("scenario %q with tags %q failed, want only @assumed ones to fail: %v", name, tags, result.failed[name])
				}
			}
			if _, ok := result.failed[d.Scenario]; !ok {
				t.Errorf("scenario %q passed, want it to fail; failed scenarios: %q", d.Scenario, failedNames(result))
			}
		})
	}
}

// runDeviation runs files against the deviation in parallel with the
// other subtests.
func runDeviation(t *testing.T, d deviant.Deviation, files []godog.Feature) suiteResult {
	t.Helper()
	t.Parallel()
	url := deviant.Start(t, d)
	return runLikeRunner(t, url, files, testkit.SuiteOptions{Concurrency: 4, Strict: true})
}

// featureOf returns the feature file that holds the scenario called name.
func featureOf(t *testing.T, files []godog.Feature, name string) []godog.Feature {
	t.Helper()
	scenarios, err := testkit.ParseScenarios(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios {
		if sc.Name != name {
			continue
		}
		for _, f := range files {
			if f.Name == sc.URI {
				return []godog.Feature{f}
			}
		}
	}
	t.Fatalf("no feature file holds a scenario called %q", name)
	return nil
}

func TestDeviationsAreDistinct(t *testing.T) {
	all := deviant.All()
	if len(all) < 10 {
		t.Errorf("got %d deviations, want at least 10", len(all))
	}
	seen := map[string]bool{}
	for _, d := range all {
		if seen[d.Name] {
			t.Errorf("deviation %q is listed twice", d.Name)
		}
		seen[d.Name] = true
	}
}

func failedNames(r suiteResult) []string {
	names := make([]string, 0, len(r.failed))
	for name := range r.failed {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
