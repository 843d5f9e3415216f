package testkit_test

import (
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// TestRunWithBritishNumbers runs the whole suite with numbers from a UK
// range and checks that it passes, leaving out the scenarios that write
// US numbers.
func TestRunWithBritishNumbers(t *testing.T) {
	url := testkit.StartSandbox(t, sandbox.Options{RequireAPIKey: true}).BaseURL()
	phones, err := testkit.NewPhoneGenerator("+44207946####")
	if err != nil {
		t.Fatal(err)
	}
	if got := phones.Region(); got != "GB" {
		t.Errorf("got region %q, want GB", got)
	}

	probe := testkit.ProbeOptions{BaseURL: url, Phones: phones}
	result := runWithProbe(t, probe, builtinFeatures(t), testkit.SuiteOptions{Concurrency: 4, Strict: true})

	if result.status != testkit.SuitePassed {
		t.Errorf("got suite status %d, want %d (passed); failed scenarios: %v", result.status, testkit.SuitePassed, result.failed)
	}
}
