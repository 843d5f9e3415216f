package testkit_test

import (
	"context"
	"testing"

	"github.com/cucumber/godog"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

const undefinedStepFeature = `Feature: A step nobody wrote
  Scenario: The step is undefined
    When I retrieve the customer with the id "cus_x"
    Then the moon is made of cheese
`

const ambiguousStepFeature = `Feature: A step two patterns match
  Scenario: The step is ambiguous
    When I retrieve the customer with the id "cus_x"
    Then the response status is 404
`

// registerOverlap adds a pattern that overlaps the suite's own status step.
func registerOverlap(sc *godog.ScenarioContext) {
	sc.Step(`^the response status is 404$`, func(context.Context) error { return nil })
}

func TestStrictModeFailsOnBadSteps(t *testing.T) {
	client := testkit.StartSandbox(t, sandbox.Options{})
	cases := []struct {
		title    string
		feature  string
		register func(*godog.ScenarioContext)
		strict   bool
		want     int
	}{
		{"undefined step in strict mode", undefinedStepFeature, nil, true, testkit.SuiteFailed},
		{"undefined step without strict mode", undefinedStepFeature, nil, false, testkit.SuitePassed},
		{"ambiguous step in strict mode", ambiguousStepFeature, registerOverlap, true, testkit.SuiteFailed},
		{"defined step in strict mode", ambiguousStepFeature, nil, true, testkit.SuitePassed},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			cfg := testkit.Config{BaseURL: client.BaseURL(), PerScenarioKeys: true}
			got := testkit.RunSuite(cfg, testkit.SuiteOptions{
				Features: oneFeature("strict.feature", tc.feature),
				Strict:   tc.strict,
				Register: tc.register,
			})
			if got != tc.want {
				t.Errorf("got suite status %d, want %d", got, tc.want)
			}
		})
	}
}
