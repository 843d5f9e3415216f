package testkit

import (
	"fmt"
	"strings"
)

// maxComparedRunes bounds how much of a step's text the closest-step hint
// compares, so a step with a long body stays cheap.
const maxComparedRunes = 120

// UndefinedStep is a step of a feature file that no step of this package
// matches.
type UndefinedStep struct {
	Scenario ScenarioInfo
	Step     ScenarioStep

	// Closest is the example of the defined step whose text is nearest to
	// the step's, for a hint.
	Closest string
}

// UndefinedSteps returns the steps of the scenarios that no step pattern
// of this package matches, once per line of a feature file. Steps that
// a godog initializer registers besides RegisterSteps are not known here.
func UndefinedSteps(scenarios []ScenarioInfo) []UndefinedStep {
	var undefined []UndefinedStep
	seen := map[string]bool{}
	for _, sc := range scenarios {
		for _, st := range sc.Steps {
			key := fmt.Sprintf("%s:%d", sc.URI, st.Line)
			if seen[key] || isDefined(st.Text) {
				continue
			}
			seen[key] = true
			undefined = append(undefined, UndefinedStep{Scenario: sc, Step: st, Closest: closestStep(st.Text)})
		}
	}
	return undefined
}

func isDefined(text string) bool {
	for _, pattern := range stepPatterns {
		if pattern.MatchString(text) {
			return true
		}
	}
	return false
}

// closestStep returns the example of the step whose text has the smallest
// edit distance to text.
func closestStep(text string) string {
	best, bestDistance := "", -1
	for _, def := range stepDefs {
		_, example, _ := strings.Cut(def.Example, " ")
		d := editDistance(strings.ToLower(text), strings.ToLower(example))
		if bestDistance < 0 || d < bestDistance {
			best, bestDistance = def.Example, d
		}
	}
	return best
}

// editDistance returns the Levenshtein distance between the first
// maxComparedRunes runes of a and b.
func editDistance(a, b string) int {
	ra, rb := truncateRunes(a), truncateRunes(b)
	previous := make([]int, len(rb)+1)
	current := make([]int, len(rb)+1)
	for j := range previous {
		previous[j] = j
	}

	for i := 1; i <= len(ra); i++ {
		current[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			current[j] = min(previous[j]+1, current[j-1]+1, previous[j-1]+cost)
		}
		previous, current = current, previous
	}
	return previous[len(rb)]
}

func truncateRunes(s string) []rune {
	r := []rune(s)
	if len(r) > maxComparedRunes {
		r = r[:maxComparedRunes]
	}
	return r
}
