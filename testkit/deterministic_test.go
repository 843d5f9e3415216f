package testkit_test

import (
	"context"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// TestRunAgainstDeterministicSandbox runs the whole suite against a sandbox
// whose clocks start frozen at a fixed time, the --deterministic mode.
func TestRunAgainstDeterministicSandbox(t *testing.T) {
	url := testkit.StartSandbox(t, sandbox.Options{RequireAPIKey: true, Deterministic: true}).BaseURL()

	result := runLikeRunner(t, url, builtinFeatures(t), testkit.SuiteOptions{Concurrency: 4, Strict: true})

	if result.status != testkit.SuitePassed {
		t.Errorf("got suite status %d, want %d (passed); failed scenarios: %v", result.status, testkit.SuitePassed, result.failed)
	}
}

// TestPlanLeavesOutRealTimeClock checks that a deterministic target leaves
// out the scenarios about a clock that starts at real time, with a reason.
func TestPlanLeavesOutRealTimeClock(t *testing.T) {
	url := testkit.StartSandbox(t, sandbox.Options{Deterministic: true}).BaseURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	setup, err := testkit.SetUp(ctx, testkit.ProbeOptions{BaseURL: url}, "", "")
	if err != nil {
		t.Fatal(err)
	}

	for _, e := range setup.Plan.Exclusions {
		if e.Tag == testkit.TagRealTimeClock {
			return
		}
	}
	t.Errorf("got exclusions %v, want %s left out", setup.Plan.Exclusions, testkit.TagRealTimeClock)
}
