package testkit

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"testing"

	"github.com/cucumber/godog"
)

// Exit statuses of RunSuite, the same as godog's.
const (
	SuitePassed    = 0
	SuiteFailed    = 1
	SuiteBadOption = 2
)

// SuiteOptions configures one run of feature files.
type SuiteOptions struct {
	// Features are the feature files to run; see LoadFeatures.
	Features []godog.Feature

	// Tags is a godog tag expression, for example "@assumed && ~@sandbox".
	Tags string

	// Format is a godog format list: pretty, progress, junit or cucumber,
	// each optionally followed by ":FILE", separated by commas. Empty
	// means progress.
	Format string

	// Output receives formats written without a file; nil discards them.
	Output io.Writer

	// Concurrency is how many scenarios run at once; below 1 means 1.
	Concurrency int

	// Strict fails the run on undefined, pending or ambiguous steps.
	Strict bool

	// NoColors turns off ANSI colours in the pretty format.
	NoColors bool

	// TestingT runs each scenario as a subtest of t.
	TestingT *testing.T

	// AfterScenario, when set, is called after each scenario with its
	// error, nil when it passed. It may be called concurrently.
	AfterScenario func(sc *godog.Scenario, err error)

	// Register, when set, registers further steps after the suite's own,
	// for feature files that need steps of their own.
	Register func(sc *godog.ScenarioContext)
}

// RunSuite runs the feature files against the target cfg describes with
// the steps of this package and returns SuitePassed, SuiteFailed or
// SuiteBadOption.
func RunSuite(cfg Config, opts SuiteOptions) int {
	init, err := ScenarioInitializer(cfg)
	if err != nil {
		if opts.Output != nil {
			fmt.Fprintln(opts.Output, err)
		}
		return SuiteBadOption
	}

	output := opts.Output
	if output == nil {
		output = io.Discard
	}
	if opts.Format == "" {
		opts.Format = "progress"
	}
	suite := godog.TestSuite{
		Name: "contract",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			init(sc)
			if opts.Register != nil {
				opts.Register(sc)
			}
			if opts.AfterScenario != nil {
				sc.After(func(ctx context.Context, scn *godog.Scenario, err error) (context.Context, error) {
					opts.AfterScenario(scn, err)
					return ctx, nil
				})
			}
		},
		Options: &godog.Options{
			FeatureContents: opts.Features,
			Tags:            opts.Tags,
			Format:          opts.Format,
			Output:          output,
			Concurrency:     opts.Concurrency,
			Strict:          opts.Strict,
			NoColors:        opts.NoColors,
			TestingT:        opts.TestingT,
		},
	}
	return suite.Run()
}

// LoadFeatures reads every *.feature file under dir in fsys, in path order.
// Each feature is named prefix followed by its path, so files from two
// sources with the same name stay apart in reports.
func LoadFeatures(fsys fs.FS, dir, prefix string) ([]godog.Feature, error) {
	var paths []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".feature" {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading feature files failed: %w", err)
	}
	sort.Strings(paths)

	features := make([]godog.Feature, 0, len(paths))
	for _, p := range paths {
		content, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("reading feature file %s failed: %w", p, err)
		}
		features = append(features, godog.Feature{Name: path.Join(prefix, p), Contents: content})
	}
	return features, nil
}
