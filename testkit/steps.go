package testkit

import (
	"context"
	"regexp"

	"github.com/cucumber/godog"
)

// StepInfo documents one step for the catalogue printed by --list-steps.
type StepInfo struct {
	Group   string
	Pattern string
	Example string
	Help    string
}

// stepDef is a step with the function that binds it to a scenario.
type stepDef struct {
	StepInfo
	bind func(s *scenario) any
}

// RegisterSteps registers every step of the contract suite on sc. Call it
// from a godog scenario initializer; each call makes the state of one
// scenario, which the Before hook resets. Prefer ScenarioInitializer, which
// fills in the defaults of cfg once for the whole run.
func RegisterSteps(sc *godog.ScenarioContext, cfg Config) {
	cfg, err := cfg.withDefaults()
	s := &scenario{cfg: cfg}
	sc.Before(func(ctx context.Context, sn *godog.Scenario) (context.Context, error) {
		if err != nil {
			return ctx, err
		}
		return s.begin(ctx, sn)
	})
	sc.After(s.end)

	for i, def := range stepDefs {
		sc.Step(stepPatterns[i], def.bind(s))
	}
}

// stepPatterns are the compiled patterns of stepDefs, in the same order.
// Compiling them once instead of per scenario saves most of the CPU time
// a scenario spends outside HTTP.
var stepPatterns = compilePatterns()

func compilePatterns() []*regexp.Regexp {
	patterns := make([]*regexp.Regexp, len(stepDefs))
	for i, def := range stepDefs {
		patterns[i] = regexp.MustCompile(def.Pattern)
	}
	return patterns
}

// Steps returns the catalogue of steps in registration order.
func Steps() []StepInfo {
	infos := make([]StepInfo, len(stepDefs))
	for i, def := range stepDefs {
		infos[i] = def.StepInfo
	}
	return infos
}
