package features_test

import (
	"testing"

	"github.com/dirtylemon/api-sandbox/features"
	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// TestSuiteInProcess runs every feature against a sandbox started in this
// process, each scenario as a subtest.
func TestSuiteInProcess(t *testing.T) {
	client := testkit.StartSandbox(t, sandbox.Options{RequireAPIKey: true})
	phones, err := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
	if err != nil {
		t.Fatal(err)
	}
	files, err := testkit.LoadFeatures(features.FS, ".", "features")
	if err != nil {
		t.Fatal(err)
	}

	cfg := testkit.Config{
		BaseURL:         client.BaseURL(),
		PerScenarioKeys: true,
		TokenSource:     testkit.OutboxTokens{},
		Phones:          phones,
	}
	status := testkit.RunSuite(cfg, testkit.SuiteOptions{
		Features: files,
		Format:   "progress",
		Strict:   true,
		TestingT: t,
	})
	if status != testkit.SuitePassed {
		t.Fatalf("got suite status %d, want %d (passed)", status, testkit.SuitePassed)
	}
}
