package main

import (
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestRunAgainstStagingLikeTarget runs the built-in suite against a
// sandbox configured like a staging deployment: one issued API key, no
// controls, the pending token hidden and a fixed test token.
func TestRunAgainstStagingLikeTarget(t *testing.T) {
	ts := startSandboxServer(t, sandbox.Options{
		APIKeys:               []string{"ci-key"},
		NoAdmin:               true,
		HideConfirmationToken: true,
		TokenMode:             "fixed",
	})

	status, stdout, stderr := runCommand(t, "--base-url", ts.URL, "--api-key", "ci-key", "--token-source", "fixed:123456", "--format", "pretty")

	if status != exitPassed {
		t.Fatalf("got exit status %d, want %d\nstderr:\n%s\nstdout:\n%s", status, exitPassed, stderr, stdout)
	}
	for _, tag := range []string{"@sandbox", "@tenants", "@token-in-response", "@distinct-tokens"} {
		if !strings.Contains(stderr, "leaving out "+tag+":") {
			t.Errorf("stderr does not say it leaves out %s:\n%s", tag, stderr)
		}
	}
	for _, scenario := range []string{"An API key the target did not issue answers 401 api_key_invalid", "A request without an API key answers 401 api_key_invalid"} {
		if !strings.Contains(stdout, scenario) {
			t.Errorf("the report does not show the scenario %q", scenario)
		}
	}
}
