package testkit

import (
	"fmt"
	"regexp"
	"strings"
)

// TagAssumed marks a scenario that checks what this project decided where
// the documentation is silent: statuses, error codes and bodies,
// normalisation and limits. Only these scenarios check error bodies of the
// API against the error schema, and reject attributes a customer has
// beyond the documented twelve, unless Config.StrictSchemas is set.
const TagAssumed = "@assumed"

// Tags the runner may leave out, with what a scenario carrying them needs.
const (
	TagSandbox         = "@sandbox"           // the /_sandbox controls, one sandbox per API key
	TagToken           = "@token"             // a token source
	TagDistinctTokens  = "@distinct-tokens"   // tokens that differ between sends
	TagTokenInResponse = "@token-in-response" // confirmation_token showing the pending token
	TagAPIKeyRequired  = "@api-key-required"  // a target that rejects requests without a key
	TagAPIKeyList      = "@api-key-list"      // a target that rejects keys it did not issue
	TagTenants         = "@tenants"           // one tenant per API key
	TagRealTimeClock   = "@real-time-clock"   // a new API key's clock running at real time
	TagUSNumbers       = "@us-numbers"        // a US phone template, for numbers in US layouts
)

// Exclusion is a tag the run leaves out and why.
type Exclusion struct {
	Tag    string
	Reason string
}

// Plan is the token source and the tags left out for one target.
type Plan struct {
	// TokenSource is the source the steps use, nil when there is none.
	TokenSource TokenSource

	// TokenNote is the reason for that choice.
	TokenNote string

	// Exclusions are the tags left out, in a fixed order.
	Exclusions []Exclusion
}

// PlanRun picks the token source and the tags to leave out. tokenSpec is
// the --token-source value, empty to choose by what the target has. A
// source the target cannot serve is an error.
func PlanRun(t *Target, tokenSpec string) (*Plan, error) {
	plan := &Plan{}
	if err := plan.pickTokenSource(t, tokenSpec); err != nil {
		return nil, err
	}

	exclude := func(tag, reason string) {
		plan.Exclusions = append(plan.Exclusions, Exclusion{Tag: tag, Reason: reason})
	}
	switch {
	case !t.Controls:
		exclude(TagSandbox, "the target has no sandbox controls: "+t.ControlsNote)
	case !t.PerScenarioKeys:
		exclude(TagSandbox, "the target does not give each API key its own sandbox, so resets and clock moves would disturb other scenarios: "+t.TenantsNote)
	}
	if plan.TokenSource == nil {
		exclude(TagToken, "no token source: "+plan.TokenNote)
	}
	if _, fixed := plan.TokenSource.(FixedToken); fixed {
		exclude(TagDistinctTokens, "the token source "+plan.TokenSource.Name()+" gives the same token for every send")
	} else if t.TokenMode == "fixed" {
		exclude(TagDistinctTokens, "the target's token mode is fixed, so every send has the same token")
	}
	if !t.TokenInResponse {
		exclude(TagTokenInResponse, "the create response carried confirmation_token null")
	}
	if !t.KeysRequired {
		exclude(TagAPIKeyRequired, "the target does not require an API key: "+t.KeysNote)
	}
	if !t.UnknownKeysRejected {
		exclude(TagAPIKeyList, "the target accepts made-up API keys: "+t.UnknownKeysNote)
	}
	if !t.PerScenarioKeys {
		exclude(TagTenants, "the target does not keep each API key's data apart: "+t.TenantsNote)
	}
	if t.PhoneRegion != "" && t.PhoneRegion != "US" {
		exclude(TagUSNumbers, fmt.Sprintf("the phone template %s is a %s range, and these scenarios write US numbers or the country code us",
			t.PhoneTemplate, t.PhoneRegion))
	}
	if t.Deterministic {
		exclude(TagRealTimeClock, "GET /_sandbox/capabilities reports deterministic: true, so a new API key's clock starts frozen at a fixed time")
	}
	return plan, nil
}

// pickTokenSource applies --token-source, or picks the outbox, then the
// response, when it is empty.
func (plan *Plan) pickTokenSource(t *Target, spec string) error {
	if spec != "" {
		source, err := ParseTokenSource(spec)
		if err != nil {
			return err
		}
		if _, ok := source.(OutboxTokens); ok && !t.Controls {
			return fmt.Errorf("--token-source outbox needs the sandbox outbox, which %s does not have (%s)", t.BaseURL, t.ControlsNote)
		}
		if _, ok := source.(ResponseTokens); ok && !t.TokenInResponse {
			return fmt.Errorf("--token-source response needs the pending token in confirmation_token, which %s sends as null", t.BaseURL)
		}
		plan.TokenSource = source
		plan.TokenNote = "given with --token-source"
		return nil
	}

	switch {
	case t.Controls:
		plan.TokenSource = OutboxTokens{}
		plan.TokenNote = "the target has the sandbox outbox"
	case t.TokenInResponse:
		plan.TokenSource = ResponseTokens{}
		plan.TokenNote = "the target has no outbox but shows the pending token in confirmation_token"
	default:
		plan.TokenNote = "the target has no outbox and shows confirmation_token as null; pass --token-source fixed:CODE or exec:CMD"
	}
	return nil
}

// tagTerm is one term of a godog tag expression: a tag, perhaps negated.
var tagTerm = regexp.MustCompile(`^~?@[^\s,&~@()]+$`)

// TagFilter combines the user's --tags expression with the exclusions into
// one godog expression. godog reads "," as OR, "&&" as AND and "~" as NOT,
// without parentheses; "and", "or" and "not" are accepted and rewritten.
func TagFilter(user string, exclusions []Exclusion) (string, error) {
	var excluded []string
	for _, e := range exclusions {
		excluded = append(excluded, "~"+e.Tag)
	}

	clauses, err := parseTagExpression(user)
	if err != nil {
		return "", err
	}
	if len(clauses) == 0 {
		return strings.Join(excluded, " && "), nil
	}

	out := make([]string, len(clauses))
	for i, clause := range clauses {
		out[i] = strings.Join(append(clause, excluded...), " && ")
	}
	return strings.Join(out, ", "), nil
}

// parseTagExpression splits an expression into OR clauses of AND terms.
func parseTagExpression(expr string) ([][]string, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	if strings.ContainsAny(expr, "()") {
		return nil, fmt.Errorf("tag expression %q: parentheses are not supported; write OR as \",\" and AND as \"&&\", like \"@assumed && ~@sandbox, @token\"", expr)
	}
	spaced := strings.NewReplacer("&&", " && ", ",", " , ", "~", " ~ ").Replace(expr)

	p := tagParser{expr: expr, expectTag: true}
	for _, token := range strings.Fields(spaced) {
		if err := p.read(token); err != nil {
			return nil, err
		}
	}
	return p.finish()
}

// tagParser reads the tokens of a tag expression one at a time.
type tagParser struct {
	expr      string
	clauses   [][]string
	terms     []string
	negate    bool
	expectTag bool // true at the start and after an operator
}

func (p *tagParser) read(token string) error {
	switch strings.ToLower(token) {
	case "&&", "and":
		return p.operator(token)
	case ",", "or":
		if err := p.operator(token); err != nil {
			return err
		}
		p.clauses = append(p.clauses, p.terms)
		p.terms = nil
		return nil
	case "~", "not":
		if !p.expectTag {
			return fmt.Errorf("tag expression %q: %q follows a tag without && or , between them", p.expr, token)
		}
		p.negate = !p.negate
		return nil
	}

	if !p.expectTag {
		return fmt.Errorf("tag expression %q: %q follows a tag without && or , between them", p.expr, token)
	}
	term := "@" + strings.TrimPrefix(token, "@")
	if p.negate {
		term = "~" + term
	}
	if !tagTerm.MatchString(term) {
		return fmt.Errorf("tag expression %q: %q is not a tag like @assumed", p.expr, token)
	}
	p.terms = append(p.terms, term)
	p.negate, p.expectTag = false, false
	return nil
}

// operator checks that a binary operator follows a tag.
func (p *tagParser) operator(token string) error {
	if p.expectTag {
		return fmt.Errorf("tag expression %q: %q needs a tag on each side", p.expr, token)
	}
	p.expectTag = true
	return nil
}

func (p *tagParser) finish() ([][]string, error) {
	if p.expectTag {
		return nil, fmt.Errorf("tag expression %q ends without a tag", p.expr)
	}
	return append(p.clauses, p.terms), nil
}
