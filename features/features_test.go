package features_test

import (
	"context"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/features"
	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// TestSuiteInProcess runs every feature against a sandbox started in this
// process, each scenario as a subtest, leaving out what the runner would.
func TestSuiteInProcess(t *testing.T) {
	client := testkit.StartSandbox(t, sandbox.Options{RequireAPIKey: true})
	files, err := testkit.LoadFeatures(features.FS, ".", "features")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	setup, err := testkit.SetUp(ctx, testkit.ProbeOptions{BaseURL: client.BaseURL()}, "", "")
	if err != nil {
		t.Fatal(err)
	}

	// The target is this project's sandbox, so its own shapes hold in
	// every scenario.
	setup.Config.StrictSchemas = true
	status := testkit.RunSuite(setup.Config, testkit.SuiteOptions{
		Features: files,
		Tags:     setup.Tags,
		Strict:   true,
		TestingT: t,
	})
	if status != testkit.SuitePassed {
		t.Fatalf("got suite status %d, want %d (passed)", status, testkit.SuitePassed)
	}
}
