package testkit_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
)

const taggedFeature = `@qa
Feature: Tagged checks
  Scenario: Plain
    Given a customer with a new phone number

  @sandbox
  Scenario Outline: Outline
    When I advance the clock by "<d>"

    @slow
    Examples:
      | d  |
      | 1m |
      | 2m |
`

func TestParseScenarios(t *testing.T) {
	all, err := testkit.ParseScenarios(oneFeature("qa/tagged.feature", taggedFeature))
	if err != nil {
		t.Fatal(err)
	}

	want := []struct {
		name, location, step string
		stepLine             int
		tags                 []string
	}{
		{"Plain", "qa/tagged.feature:3", "a customer with a new phone number", 4, []string{"@qa"}},
		{"Outline", "qa/tagged.feature:13", `I advance the clock by "1m"`, 8, []string{"@qa", "@sandbox", "@slow"}},
		{"Outline", "qa/tagged.feature:14", `I advance the clock by "2m"`, 8, []string{"@qa", "@sandbox", "@slow"}},
	}
	if len(all) != len(want) {
		t.Fatalf("got %d scenarios, want %d", len(all), len(want))
	}
	for i, w := range want {
		got := all[i]
		if got.Name != w.name || got.Location() != w.location || got.Feature != "Tagged checks" {
			t.Errorf("scenario %d: got %q at %s in %q, want %q at %s in \"Tagged checks\"",
				i, got.Name, got.Location(), got.Feature, w.name, w.location)
		}
		if !slices.Equal(got.Tags, w.tags) {
			t.Errorf("scenario %d: got tags %q, want %q", i, got.Tags, w.tags)
		}
		if step := got.Steps[0]; step.Text != w.step || step.Line != w.stepLine {
			t.Errorf("scenario %d: got step %q on line %d, want %q on line %d", i, step.Text, step.Line, w.step, w.stepLine)
		}
	}
}

func TestParseScenariosRejectsBadGherkin(t *testing.T) {
	_, err := testkit.ParseScenarios(oneFeature("qa/bad.feature", "Feature: x\n  Scenario: y\n    Given a\n  | not | a table |\n  Oops\n"))

	if err == nil {
		t.Fatal("got no error, want one for invalid Gherkin")
	}
	for _, want := range []string{"qa/bad.feature", "(5:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the error %q has more than one line", err)
	}
}

func TestSelectScenarios(t *testing.T) {
	all, err := testkit.ParseScenarios(oneFeature("qa/tagged.feature", taggedFeature))
	if err != nil {
		t.Fatal(err)
	}
	sandbox := []testkit.Exclusion{{Tag: "@sandbox", Reason: "no controls"}}

	cases := []struct {
		title       string
		tags        string
		exclusions  []testkit.Exclusion
		wantRun     int
		wantLeftOut int
		wantErr     string
	}{
		{"everything", "", nil, 3, 0, ""},
		{"one tag", "@slow", nil, 2, 0, ""},
		{"negation", "~@sandbox", nil, 1, 0, ""},
		{"or", "@slow, ~@sandbox", nil, 3, 0, ""},
		{"and", "@qa && ~@slow", nil, 1, 0, ""},
		{"exclusion", "", sandbox, 1, 2, ""},
		{"misspelt tag", "@slwo", nil, 0, 0, `--tags "@slwo" selects no scenario; check the spelling, the tags are: @qa, @sandbox, @slow`},
		{"all left out", "@slow", sandbox, 0, 0, `--tags "@slow" selects 2 scenarios, but the target cannot run any of them: each is tagged @sandbox`},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			sel, err := testkit.SelectScenarios(all, tc.tags, tc.exclusions)

			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(sel.Run) != tc.wantRun {
				t.Errorf("got %d scenarios to run, want %d", len(sel.Run), tc.wantRun)
			}
			if len(sel.LeftOut) != tc.wantLeftOut {
				t.Errorf("got %d scenarios left out, want %d", len(sel.LeftOut), tc.wantLeftOut)
			}
		})
	}
}
