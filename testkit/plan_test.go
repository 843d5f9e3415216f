package testkit_test

import (
	"slices"
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestTagFilter(t *testing.T) {
	excluded := []testkit.Exclusion{{Tag: "@sandbox"}, {Tag: "@tenants"}}
	cases := []struct {
		title      string
		user       string
		exclusions []testkit.Exclusion
		want       string
	}{
		{"nothing", "", nil, ""},
		{"exclusions only", "", excluded, "~@sandbox && ~@tenants"},
		{"user only", "@assumed", nil, "@assumed"},
		{"and", "@assumed && ~@token", excluded, "@assumed && ~@token && ~@sandbox && ~@tenants"},
		{"or", "@token, @assumed", excluded[:1], "@token && ~@sandbox, @assumed && ~@sandbox"},
		{"words", "assumed and not sandbox or token", nil, "@assumed && ~@sandbox, @token"},
		{"no spaces", "@a&&~@b,@c", nil, "@a && ~@b, @c"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			got, err := testkit.TagFilter(tc.user, tc.exclusions)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTagFilterRejectsBadExpressions(t *testing.T) {
	for _, expr := range []string{"(@a)", "@a,", "@a && && @b", "@a b", "@a ~@b", "&& @a", "not"} {
		t.Run(expr, func(t *testing.T) {
			if got, err := testkit.TagFilter(expr, nil); err == nil {
				t.Errorf("got %q, want an error", got)
			}
		})
	}
}

func TestPlanRun(t *testing.T) {
	sandbox := testkit.Target{Controls: true, PerScenarioKeys: true, KeysRequired: true, TokenInResponse: true}
	deployment := testkit.Target{TokenInResponse: false}
	fixedSandbox := sandbox
	fixedSandbox.TokenMode = "fixed"
	shared := sandbox
	shared.PerScenarioKeys = false
	issuedKeys := testkit.Target{TokenInResponse: true, KeysRequired: true, UnknownKeysRejected: true}
	british := sandbox
	british.PhoneTemplate, british.PhoneRegion = "+44207946####", "GB"
	deterministic := sandbox
	deterministic.Deterministic = true

	cases := []struct {
		title      string
		target     testkit.Target
		spec       string
		wantSource string
		wantTags   []string
	}{
		{"full sandbox", sandbox, "", "outbox", []string{"@api-key-list"}},
		{"deployment without tokens", deployment, "", "", []string{"@sandbox", "@token", "@token-in-response", "@api-key-required", "@api-key-list", "@tenants"}},
		{"deployment with fixed tokens", deployment, "fixed:123456", "fixed:123456", []string{"@sandbox", "@distinct-tokens", "@token-in-response", "@api-key-required", "@api-key-list", "@tenants"}},
		{"deployment showing tokens", issuedKeys, "", "response", []string{"@sandbox", "@tenants"}},
		{"sandbox in fixed token mode", fixedSandbox, "", "outbox", []string{"@distinct-tokens", "@api-key-list"}},
		{"sandbox with one shared tenant", shared, "", "outbox", []string{"@sandbox", "@api-key-list", "@tenants"}},
		{"exec source", sandbox, "exec:cat token", "exec:cat token", []string{"@api-key-list"}},
		{"UK phone template", british, "", "outbox", []string{"@api-key-list", "@us-numbers"}},
		{"deterministic sandbox", deterministic, "", "outbox", []string{"@api-key-list", "@real-time-clock"}},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			plan, err := testkit.PlanRun(&tc.target, tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			gotSource := ""
			if plan.TokenSource != nil {
				gotSource = plan.TokenSource.Name()
			}
			if gotSource != tc.wantSource {
				t.Errorf("got token source %q, want %q", gotSource, tc.wantSource)
			}
			var gotTags []string
			for _, e := range plan.Exclusions {
				gotTags = append(gotTags, e.Tag)
				if e.Reason == "" {
					t.Errorf("exclusion of %s has no reason", e.Tag)
				}
			}
			if !slices.Equal(gotTags, tc.wantTags) {
				t.Errorf("got exclusions %q, want %q", gotTags, tc.wantTags)
			}
		})
	}
}

func TestPlanRunRejectsUnservableSource(t *testing.T) {
	cases := []struct {
		title string
		spec  string
	}{
		{"outbox without controls", "outbox"},
		{"response with the token hidden", "response"},
		{"unknown source", "carrier-pigeon"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			if _, err := testkit.PlanRun(&testkit.Target{}, tc.spec); err == nil {
				t.Errorf("source %q was accepted, want an error", tc.spec)
			}
		})
	}
}
