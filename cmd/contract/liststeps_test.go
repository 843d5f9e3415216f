package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestListStepsShowsEveryExample(t *testing.T) {
	status, stdout, _ := runCommand(t, "--list-steps")
	if status != exitPassed {
		t.Fatalf("got exit status %d, want %d", status, exitPassed)
	}
	for _, st := range testkit.Steps() {
		if !strings.Contains(stdout, st.Example) || !strings.Contains(stdout, st.Pattern) {
			t.Errorf("--list-steps does not show %q with its pattern", st.Example)
		}
	}
}

// TestStepsDocIsCurrent fails when docs/steps.md differs from what
// --list-steps=markdown prints; run go generate ./cmd/contract to fix it.
func TestStepsDocIsCurrent(t *testing.T) {
	var want bytes.Buffer
	if err := writeSteps(&want, "markdown"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../docs/steps.md")
	if err != nil {
		t.Fatalf("reading docs/steps.md failed: %v; run go generate ./cmd/contract", err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("docs/steps.md is out of date; run go generate ./cmd/contract")
	}
}
