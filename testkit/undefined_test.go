package testkit_test

import (
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
)

const misspeltFeature = `Feature: Steps with mistakes
  Scenario: Mistakes
    Given a customer with a new phone numbr
    When I update the customer with "{\"first_name\":\"Philippe\"}"
    Then the response status is 200
`

func TestUndefinedSteps(t *testing.T) {
	all, err := testkit.ParseScenarios(oneFeature("qa/mistakes.feature", misspeltFeature))
	if err != nil {
		t.Fatal(err)
	}

	got := testkit.UndefinedSteps(all)

	want := []struct {
		line    int
		closest string
	}{
		{3, "Given a customer with a new phone number"},
		{4, "When I update the customer with `{\"first_name\":\"Philippe\"}`"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d undefined steps, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Step.Line != w.line {
			t.Errorf("undefined step %d: got line %d, want %d", i, got[i].Step.Line, w.line)
		}
		if got[i].Closest != w.closest {
			t.Errorf("undefined step %d: got closest %q, want %q", i, got[i].Closest, w.closest)
		}
	}
}
