package main

import (
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
		{"tags leave the feature out", qaFeature, []string{"--tags", "~@qa"}, exitPassed},
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
