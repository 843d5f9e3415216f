package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fence is one fenced block of a Markdown file.
type fence struct {
	lang string
	text string
}

// readFences returns the fenced blocks of path between the heading named
// start and the next heading of the same level.
func readFences(t *testing.T, path, start string) []fence {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	var out []fence
	var cur *fence
	inSection := false
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "## "):
			inSection = line == start
		case !inSection:
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &fence{lang: strings.TrimPrefix(line, "```")}
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		}
	}
	return out
}

// volatile matches the parts of an output that differ run to run.
var volatile = []*regexp.Regexp{
	regexp.MustCompile(`(cus|sms|req)_[a-z0-9]{24}`),
	regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`),
	regexp.MustCompile(`"\d{6}"`),
	regexp.MustCompile(`code is \d{6}`),
	regexp.MustCompile(`(?m)^Date: .*$`),
	regexp.MustCompile(`"offset":"[^"]*"`),
}

func mask(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	for i, re := range volatile {
		s = re.ReplaceAllString(s, fmt.Sprintf("<%d>", i))
	}
	return s
}

// TestReadmeWalkthrough runs the README's walkthrough against the binary
// and compares each command's output with the one the README shows, with
// ids, tokens and times masked.
func TestReadmeWalkthrough(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl is needed to run the README walkthrough: install it")
	}
	fences := readFences(t, "../../README.md", "## Walkthrough")
	if len(fences) < 10 {
		t.Fatalf("found %d blocks in the walkthrough, want at least 10", len(fences))
	}
	addr := startBinary(t)

	var script strings.Builder
	script.WriteString("set -eu\n")
	var want []string
	for i, f := range fences {
		if f.lang != "sh" {
			continue
		}
		fmt.Fprintf(&script, "echo '@@block@@'\n%s", strings.ReplaceAll(f.text, "localhost:8080", addr))
		expected := ""
		if i+1 < len(fences) && fences[i+1].lang != "sh" {
			expected = fences[i+1].text
		}
		want = append(want, expected)
	}

	out, err := exec.Command("bash", "-c", script.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("walkthrough failed: %v\n%s", err, out)
	}
	got := strings.Split(string(out), "@@block@@\n")[1:]
	if len(got) != len(want) {
		t.Fatalf("got output for %d commands, want %d", len(got), len(want))
	}
	for i := range want {
		if mask(got[i]) != mask(want[i]) {
			t.Errorf("command %d output differs from the README\ngot:\n%s\nwant:\n%s", i+1, got[i], want[i])
		}
	}
}

// TestReferenceListsEveryFlag checks docs/reference.md against the flags.
func TestReferenceListsEveryFlag(t *testing.T) {
	data, err := os.ReadFile("../../docs/reference.md")
	if err != nil {
		t.Fatal(err)
	}
	defineFlags(&config{}).VisitAll(func(f *flag.Flag) {
		row := fmt.Sprintf("| `--%s` | `%s` |", f.Name, envName(f.Name))
		if !strings.Contains(string(data), row) {
			t.Errorf("docs/reference.md has no row starting %q", row)
		}
	})
}

// startBinary builds cmd/sandbox, starts it on a free loopback port and
// returns host:port; the process is killed when the test ends.
func startBinary(t *testing.T, args ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sandbox")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"--addr", addr}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			return addr
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("sandbox on %s not ready after 10s", addr)
	return ""
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestReadmeGoExample checks that the README's testkit example is the
// test file that runs in this repository, so it always compiles and passes.
func TestReadmeGoExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../../testkit/readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(example), "package testkit_test", "package mysdk", 1)
	if !strings.Contains(string(readme), "```go\n"+want+"```") {
		t.Error("README.md does not show testkit/readme_example_test.go verbatim (with package mysdk); copy the file into the README")
	}
}
