package testkit_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

// stepKeywords are the Gherkin keywords an example may start with.
var stepKeywords = []string{"Given ", "When ", "Then ", "And ", "But "}

// TestStepExamplesMatchOnePattern checks every example of the catalogue
// against every pattern: each must match its own pattern and no other, so
// the examples are usable as written and no two steps are ambiguous.
func TestStepExamplesMatchOnePattern(t *testing.T) {
	steps := testkit.Steps()
	patterns := make([]*regexp.Regexp, len(steps))
	for i, st := range steps {
		patterns[i] = regexp.MustCompile(st.Pattern)
	}

	for i, st := range steps {
		t.Run(st.Example, func(t *testing.T) {
			text, ok := stripKeyword(st.Example)
			if !ok {
				t.Fatalf("example %q does not start with Given, When, Then, And or But", st.Example)
			}
			if !patterns[i].MatchString(text) {
				t.Errorf("example %q does not match its pattern %s", text, st.Pattern)
			}
			for j, other := range patterns {
				if j != i && other.MatchString(text) {
					t.Errorf("example %q also matches %s", text, steps[j].Pattern)
				}
			}
		})
	}
}

func TestStepCatalogueIsComplete(t *testing.T) {
	for _, st := range testkit.Steps() {
		if st.Group == "" || st.Help == "" {
			t.Errorf("step %s: got group %q and help %q, want both set", st.Pattern, st.Group, st.Help)
		}
		if !strings.HasPrefix(st.Pattern, "^") || !strings.HasSuffix(st.Pattern, "$") {
			t.Errorf("step %s is not anchored with ^ and $", st.Pattern)
		}
	}
}

func stripKeyword(example string) (string, bool) {
	for _, k := range stepKeywords {
		if rest, ok := strings.CutPrefix(example, k); ok {
			return rest, true
		}
	}
	return "", false
}

const untaggedSandboxFeature = `Feature: Sandbox steps without the tag
  Scenario: Clock
    Given I freeze the clock

  Scenario: Outbox
    When I list the SMS outbox
    Then the list is empty
`

// TestSandboxStepsWithoutTag checks that a sandbox step in a scenario
// without @sandbox, against a target without controls, says to add the
// tag instead of showing only the 404.
func TestSandboxStepsWithoutTag(t *testing.T) {
	url := testkit.StartSandbox(t, sandbox.Options{NoAdmin: true}).BaseURL()

	result := runLikeRunner(t, url, oneFeature("untagged.feature", untaggedSandboxFeature), testkit.SuiteOptions{Strict: true})

	for _, name := range []string{"Clock", "Outbox"} {
		err, failed := result.failed[name]
		if !failed {
			t.Errorf("scenario %q passed, want it to fail without the controls", name)
			continue
		}
		if !strings.Contains(err.Error(), "tag the scenario @sandbox") {
			t.Errorf("scenario %q failed with %q, want a hint to tag it @sandbox", name, err)
		}
	}
}
