package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const qaFeature = `@qa
Feature: A QA engineer's own checks
  Scenario: A customer can set a last name only
    Given a customer with a new phone number
    When I update the customer with ` + "`" + `{"last_name":"Dionne"}` + "`" + `
    Then the response status is 200
    And the customer's "last_name" is "Dionne"
    And the customer's "first_name" is null
`

const failingFeature = `Feature: A check that cannot pass
  Scenario: A new customer is already confirmed
    Given a customer with a new phone number
    Then the customer's "confirmed_at" is not null
`

const undefinedFeature = `Feature: A step nobody wrote
  Scenario: The step is undefined
    Given a customer with a new phone number
    Then the customer is happy
`

func TestRunExtraFeatures(t *testing.T) {
	cases := []struct {
		title   string
		feature string
		args    []string
		want    int
	}{
		{"passing feature", qaFeature, nil, exitPassed},
		{"failing feature", failingFeature, nil, exitFailed},
		{"undefined step in strict mode", undefinedFeature, nil, exitFailed},
		{"undefined step without strict mode", undefinedFeature, []string{"--strict=false"}, exitPassed},
		{"tags leave every scenario out", qaFeature, []string{"--tags", "~@qa"}, exitUsage},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			args := append([]string{"--builtin=false", "--features", writeFeature(t, tc.feature), "--format", "progress"}, tc.args...)

			status, stdout, stderr := runCommand(t, args...)

			if status != tc.want {
				t.Errorf("got exit status %d, want %d\nstderr:\n%s\nstdout:\n%s", status, tc.want, stderr, stdout)
			}
		})
	}
}

func TestRunWritesJUnitReport(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.xml")

	status, _, stderr := runCommand(t, "--builtin=false", "--features", writeFeature(t, qaFeature), "--format", "junit:"+report)
	if status != exitPassed {
		t.Fatalf("got exit status %d, want %d\nstderr:\n%s", status, exitPassed, stderr)
	}

	xml, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<testsuites", `tests="1"`, `failures="0"`, "A customer can set a last name only"} {
		if !strings.Contains(string(xml), want) {
			t.Errorf("the JUnit report does not contain %q:\n%s", want, xml)
		}
	}
}

const misspeltFeature = `Feature: Steps with mistakes
  Scenario: Mistakes
    Given a customer with a new phone numbr
    When I update the customer with "{\"first_name\":\"Philippe\"}"
`

func TestRunReportsUndefinedSteps(t *testing.T) {
	dir := writeFeature(t, misspeltFeature)
	for _, format := range []string{"progress", "pretty"} {
		t.Run(format, func(t *testing.T) {
			status, stdout, stderr := runCommand(t, "--builtin=false", "--features", dir, "--format", format)

			if status != exitFailed {
				t.Errorf("got exit status %d, want %d", status, exitFailed)
			}
			wants := []string{
				"contract: " + dir + "/qa.feature:3: undefined step: Given a customer with a new phone numbr\n" +
					"contract:   closest defined step: Given a customer with a new phone number (see docs/steps.md or run contract --list-steps)\n",
				`qa.feature:4: undefined step: When I update the customer with "{\"first_name\":\"Philippe\"}"`,
				"closest defined step: When I update the customer with `{\"first_name\":\"Philippe\"}`",
			}
			for _, want := range wants {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, stderr)
				}
			}
			for _, unwanted := range []string{"You can implement step definitions", "func "} {
				if strings.Contains(stdout, unwanted) {
					t.Errorf("stdout contains %q, want no Go snippets:\n%s", unwanted, stdout)
				}
			}
		})
	}
}

const mixedFeature = `Feature: Mixed outcomes
  Scenario: Passes anywhere
    Given a customer with a new phone number
    Then the response status is 201

  @sandbox
  Scenario: Needs the controls
    Given I freeze the clock

  @assumed
  Scenario: Fails on purpose
    Given a customer with a new phone number
    Then the customer's "confirmed_at" is not null
`

// TestRunJUnitReportAgainstDeployment checks the JUnit report of a run
// that leaves a scenario out and fails another.
func TestRunJUnitReportAgainstDeployment(t *testing.T) {
	target := startNoAdminSandbox(t)
	path := filepath.Join(t.TempDir(), "report.xml")

	status, stdout, stderr := runCommand(t, "--base-url", target.URL, "--builtin=false", "--features", writeFeature(t, mixedFeature),
		"--format", "junit:"+path)

	if status != exitFailed {
		t.Errorf("got exit status %d, want %d\nstderr:\n%s", status, exitFailed, stderr)
	}
	if !strings.Contains(stdout, "2 scenarios (1 passed, 1 failed)") {
		t.Errorf("stdout does not show the counts of the run:\n%s", stdout)
	}
	if !strings.Contains(stderr, "contract: failed: ") || !strings.Contains(stderr, "qa.feature:11: Fails on purpose [@assumed]") {
		t.Errorf("stderr does not list the failed scenario with its tags:\n%s", stderr)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var report junitSuites
	if err := xml.Unmarshal(raw, &report); err != nil {
		t.Fatalf("the report is not valid XML: %v\n%s", err, raw)
	}
	checkMixedReport(t, report, string(raw))
}

func checkMixedReport(t *testing.T, report junitSuites, raw string) {
	t.Helper()
	if report.Tests != 3 || report.Failures != 1 || report.Skipped != 1 || report.Errors != 0 {
		t.Errorf("got tests=%d failures=%d skipped=%d errors=%d, want 3, 1, 1 and 0",
			report.Tests, report.Failures, report.Skipped, report.Errors)
	}
	if strings.Contains(raw, "<error") {
		t.Errorf("the report has an error element, want failures and skips only:\n%s", raw)
	}
	if len(report.Suites) != 1 || len(report.Suites[0].Cases) != 3 {
		t.Fatalf("got %d suites, want 1 with 3 cases:\n%s", len(report.Suites), raw)
	}

	cases := report.Suites[0].Cases
	for _, tc := range cases {
		if tc.ClassName != "Mixed outcomes" {
			t.Errorf("case %q has classname %q, want the feature name", tc.Name, tc.ClassName)
		}
	}
	if cases[1].Skipped == nil || !strings.HasPrefix(cases[1].Skipped.Message, "leaving out @sandbox: ") {
		t.Errorf("got %+v for the left-out case, want a skip naming @sandbox and why", cases[1].Skipped)
	}
	failure := cases[2].Failure
	if failure == nil {
		t.Fatalf("the failed case has no failure element:\n%s", raw)
	}
	for _, want := range []string{"qa.feature:11", "[@assumed]", `step "the customer's \"confirmed_at\" is not null"`, "want a value"} {
		if !strings.Contains(failure.Message, want) {
			t.Errorf("the failure message %q does not contain %q", failure.Message, want)
		}
	}
}
