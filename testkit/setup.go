package testkit

import "context"

// Setup is a probed target with a run adapted to it, ready for RunSuite.
type Setup struct {
	Target *Target
	Plan   *Plan

	// Config is the step configuration for the target.
	Config Config

	// Tags is the user's tag expression with the left-out tags added.
	Tags string
}

// SetUp probes the target, picks the token source (tokenSpec, empty to
// choose) and combines the user's tag expression with the tags the target
// cannot serve.
func SetUp(ctx context.Context, opts ProbeOptions, tokenSpec, tags string) (*Setup, error) {
	if opts.Phones == nil {
		phones, err := NewPhoneGenerator(DefaultPhoneTemplate)
		if err != nil {
			return nil, err
		}
		opts.Phones = phones
	}
	target, err := Probe(ctx, opts)
	if err != nil {
		return nil, err
	}
	plan, err := PlanRun(target, tokenSpec)
	if err != nil {
		return nil, err
	}
	filter, err := TagFilter(tags, plan.Exclusions)
	if err != nil {
		return nil, err
	}

	cfg := Config{
		BaseURL:         opts.BaseURL,
		APIKey:          opts.APIKey,
		PerScenarioKeys: target.PerScenarioKeys,
		TokenSource:     plan.TokenSource,
		Phones:          opts.Phones,
		HTTPClient:      opts.HTTPClient,
	}
	return &Setup{Target: target, Plan: plan, Config: cfg, Tags: filter}, nil
}
