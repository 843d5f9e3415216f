package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/dirtylemon/api-sandbox/testkit"
)

// The JUnit report follows the layout Jenkins and GitLab read: a
// testsuite per feature and a testcase per scenario, with the feature's
// name as the classname. Scenarios the probe left out are skipped cases
// with the reason, so every target reports the same totals.

type junitSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	Name    string   `xml:"name,attr"`
	junitCounts
	Suites []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name string `xml:"name,attr"`
	junitCounts
	Cases []junitCase `xml:"testcase"`
}

// junitCounts are the totals a testsuite and the testsuites root carry.
type junitCounts struct {
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Errors   int    `xml:"errors,attr"`
	Skipped  int    `xml:"skipped,attr"`
	Time     string `xml:"time,attr"`
}

// count adds one testcase to the totals.
func (c *junitCounts) count(tc junitCase) {
	c.Tests++
	switch {
	case tc.Failure != nil:
		c.Failures++
	case tc.Skipped != nil:
		c.Skipped++
	}
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit writes the report to path, "-" meaning w.
func writeJUnit(path string, w io.Writer, report junitSuites) error {
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("writing the JUnit report failed: %w", err)
		}
		defer f.Close()
		w = f
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing the JUnit report to %s failed: %w", path, err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(report); err != nil {
		return fmt.Errorf("writing the JUnit report to %s failed: %w", path, err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// buildJUnit builds the report of a run: the scenarios the user's tags
// select, in file order, whether they ran or were left out.
func buildJUnit(sel *testkit.Selection, r *recorder, elapsed time.Duration) junitSuites {
	leftOut := map[string]testkit.Exclusion{}
	for _, lo := range sel.LeftOut {
		leftOut[lo.Location()] = lo.Exclusion
	}

	report := junitSuites{Name: "contract", junitCounts: junitCounts{Time: seconds(elapsed)}}
	index := map[string]int{} // suite position by feature file
	var took []time.Duration  // time per suite

	for _, sc := range sel.Selected {
		i, ok := index[sc.URI]
		if !ok {
			i = len(report.Suites)
			index[sc.URI] = i
			report.Suites = append(report.Suites, junitSuite{Name: sc.Feature})
			took = append(took, 0)
		}
		suite := &report.Suites[i]

		exclusion, isLeftOut := leftOut[sc.Location()]
		tc, d := junitCaseFor(sc, exclusion, isLeftOut, r)
		suite.Cases = append(suite.Cases, tc)
		took[i] += d
		suite.count(tc)
		report.count(tc)
	}

	for i := range report.Suites {
		report.Suites[i].Time = seconds(took[i])
	}
	numberRepeatedNames(report.Suites)
	return report
}

// junitCaseFor returns the testcase of one scenario and how long it took.
func junitCaseFor(sc testkit.ScenarioInfo, exclusion testkit.Exclusion, isLeftOut bool, r *recorder) (junitCase, time.Duration) {
	tc := junitCase{ClassName: sc.Feature, Name: sc.Name, File: sc.URI, Time: seconds(0)}
	if isLeftOut {
		tc.Skipped = &junitSkipped{Message: fmt.Sprintf("leaving out %s: %s", exclusion.Tag, exclusion.Reason)}
		return tc, 0
	}

	res := r.result(sc.Location())
	if res == nil {
		tc.Skipped = &junitSkipped{Message: "the scenario did not run"}
		return tc, 0
	}
	took := res.ended.Sub(res.started)
	tc.Time = seconds(took)

	switch res.outcome {
	case outcomeFailed:
		tc.Failure = &junitFailure{
			Message: fmt.Sprintf("%s%s: step %q: %s", sc.Location(), tagSuffix(sc.Tags), res.step, errorText(res.err)),
			Type:    res.kind,
			Text:    fmt.Sprintf("%s\n%s\ntags: %s\n", sc.Location(), errorText(res.err), tagList(sc.Tags)),
		}
	case outcomeSkipped:
		tc.Skipped = &junitSkipped{Message: skipMessage(res)}
	}
	return tc, took
}

func skipMessage(res *scenarioResult) string {
	if res.step == "" {
		return "every step was skipped"
	}
	return fmt.Sprintf("step %q is %s", res.step, res.kind)
}

func tagList(tags []string) string {
	if len(tags) == 0 {
		return "(none)"
	}
	return fmt.Sprint(tags)
}

// numberRepeatedNames appends " #N" to the rows of a Scenario Outline,
// which share one name, so each testcase has its own.
func numberRepeatedNames(suites []junitSuite) {
	for s := range suites {
		count := map[string]int{}
		for _, tc := range suites[s].Cases {
			count[tc.Name]++
		}
		seen := map[string]int{}
		for c := range suites[s].Cases {
			tc := &suites[s].Cases[c]
			if count[tc.Name] > 1 {
				seen[tc.Name]++
				tc.Name += " #" + strconv.Itoa(seen[tc.Name])
			}
		}
	}
}

func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}
