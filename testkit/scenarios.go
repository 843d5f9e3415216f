package testkit

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// ScenarioInfo is one scenario of a feature file as godog runs it: a
// Scenario, or one Examples row of a Scenario Outline.
type ScenarioInfo struct {
	// Feature is the feature's name and URI the file as LoadFeatures
	// named it.
	Feature string
	URI     string

	// Line is the line of the Scenario keyword, or of the Examples row.
	Line int

	Name string

	// Tags are the scenario's tags with those of its feature, rule and
	// examples, like "@assumed".
	Tags []string

	Steps []ScenarioStep
}

// Location returns "file:line" of the scenario.
func (sc ScenarioInfo) Location() string {
	return fmt.Sprintf("%s:%d", sc.URI, sc.Line)
}

// ScenarioStep is one step of a scenario, with outline values filled in.
type ScenarioStep struct {
	// Line is the line of the step in the feature file.
	Line int

	// Keyword is Given, When, Then, And, But or *, and Text the rest of
	// the line, which step patterns match.
	Keyword string
	Text    string
}

// ParseScenarios parses the feature files into their scenarios, in file
// order. A file that is not valid Gherkin gives an error naming it and the
// line.
func ParseScenarios(features []godog.Feature) ([]ScenarioInfo, error) {
	var all []ScenarioInfo
	for _, f := range features {
		newID := (&messages.Incrementing{}).NewId
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(f.Contents), newID)
		if err != nil {
			return nil, fmt.Errorf("feature file %s is not valid Gherkin: %s", f.Name, oneLine(err.Error()))
		}
		if doc.Feature == nil {
			continue
		}

		steps := stepLocations(doc.Feature)
		for _, p := range gherkin.Pickles(*doc, f.Name, newID) {
			all = append(all, scenarioInfo(doc.Feature.Name, p, steps))
		}
	}
	return all, nil
}

// oneLine joins the lines of a parser message, which lists one error per
// line after a heading.
func oneLine(msg string) string {
	msg = strings.TrimPrefix(msg, "Parser errors:\n")
	return strings.ReplaceAll(msg, "\n", "; ")
}

// stepLocations maps the id of every step in the feature to the step.
func stepLocations(feature *messages.Feature) map[string]*messages.Step {
	steps := map[string]*messages.Step{}
	add := func(list []*messages.Step) {
		for _, st := range list {
			steps[st.Id] = st
		}
	}
	for _, child := range feature.Children {
		if child.Background != nil {
			add(child.Background.Steps)
		}
		if child.Scenario != nil {
			add(child.Scenario.Steps)
		}
		if child.Rule == nil {
			continue
		}
		for _, rc := range child.Rule.Children {
			if rc.Background != nil {
				add(rc.Background.Steps)
			}
			if rc.Scenario != nil {
				add(rc.Scenario.Steps)
			}
		}
	}
	return steps
}

func scenarioInfo(feature string, p *messages.Pickle, steps map[string]*messages.Step) ScenarioInfo {
	sc := ScenarioInfo{Feature: feature, URI: p.Uri, Name: p.Name}
	if p.Location != nil {
		sc.Line = int(p.Location.Line)
	}
	for _, tag := range p.Tags {
		sc.Tags = append(sc.Tags, tag.Name)
	}
	for _, ps := range p.Steps {
		step := ScenarioStep{Text: ps.Text}
		if len(ps.AstNodeIds) > 0 {
			if st, ok := steps[ps.AstNodeIds[0]]; ok {
				step.Line = int(st.Location.Line)
				step.Keyword = strings.TrimSpace(st.Keyword)
			}
		}
		sc.Steps = append(sc.Steps, step)
	}
	return sc
}

// LeftOut is a scenario the run leaves out and the exclusion that did.
type LeftOut struct {
	ScenarioInfo
	Exclusion Exclusion
}

// Selection is the split of a run's scenarios into those it runs and
// those it leaves out.
type Selection struct {
	// Selected are the scenarios the user's tags select, in file order.
	// Run and LeftOut split them.
	Selected []ScenarioInfo

	// Run are the scenarios the run executes.
	Run []ScenarioInfo

	// LeftOut are the scenarios the user's tags select but an exclusion
	// leaves out.
	LeftOut []LeftOut
}

// SelectScenarios applies the user's tag expression and the exclusions,
// as TagFilter's combined expression does. An expression that selects no
// scenario is an error naming the expression and the tags there are, so
// a misspelt tag does not pass as an empty run.
func SelectScenarios(all []ScenarioInfo, userTags string, exclusions []Exclusion) (*Selection, error) {
	clauses, err := parseTagExpression(userTags)
	if err != nil {
		return nil, err
	}

	sel := &Selection{}
	for _, sc := range all {
		if len(clauses) > 0 && !matchesClauses(clauses, sc.Tags) {
			continue
		}
		sel.Selected = append(sel.Selected, sc)
		if e, ok := firstExclusion(exclusions, sc.Tags); ok {
			sel.LeftOut = append(sel.LeftOut, LeftOut{ScenarioInfo: sc, Exclusion: e})
			continue
		}
		sel.Run = append(sel.Run, sc)
	}

	switch {
	case len(sel.LeftOut) > 0 && len(sel.Run) == 0:
		return nil, allLeftOutError(sel.LeftOut, userTags)
	case len(sel.Run) == 0:
		return nil, noScenarioError(all, userTags)
	}
	return sel, nil
}

// allLeftOutError returns an error stating that every scenario the
// expression selects needs something the target lacks, naming the tags
// that left them out.
func allLeftOutError(leftOut []LeftOut, userTags string) error {
	var tags []string
	for _, lo := range leftOut {
		if !slices.Contains(tags, lo.Exclusion.Tag) {
			tags = append(tags, lo.Exclusion.Tag)
		}
	}
	selected := "the feature files hold"
	if userTags != "" {
		selected = fmt.Sprintf("--tags %q selects", userTags)
	}
	return fmt.Errorf("%s %d scenarios, but the target cannot run any of them: each is tagged %s, which the probe left out",
		selected, len(leftOut), strings.Join(tags, " or "))
}

// matchesClauses reports whether tags satisfy an OR of AND terms, where a
// term is a tag or a negated tag like "~@sandbox".
func matchesClauses(clauses [][]string, tags []string) bool {
	for _, clause := range clauses {
		if matchesAll(clause, tags) {
			return true
		}
	}
	return false
}

func matchesAll(terms, tags []string) bool {
	for _, term := range terms {
		tag, negated := strings.CutPrefix(term, "~")
		if slices.Contains(tags, tag) == negated {
			return false
		}
	}
	return true
}

// firstExclusion returns the first exclusion whose tag the scenario has.
func firstExclusion(exclusions []Exclusion, tags []string) (Exclusion, bool) {
	for _, e := range exclusions {
		if slices.Contains(tags, e.Tag) {
			return e, true
		}
	}
	return Exclusion{}, false
}

// noScenarioError returns an error stating that the expression selects
// nothing, listing the tags the feature files use.
func noScenarioError(all []ScenarioInfo, userTags string) error {
	if len(all) == 0 {
		return fmt.Errorf("the feature files hold no scenario")
	}

	var tags []string
	for _, sc := range all {
		for _, tag := range sc.Tags {
			if !slices.Contains(tags, tag) {
				tags = append(tags, tag)
			}
		}
	}
	slices.Sort(tags)
	return fmt.Errorf("--tags %q selects no scenario; check the spelling, the tags are: %s", userTags, strings.Join(tags, ", "))
}
