package schemas

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// maxListedFailures bounds how many failures ValidationError.Error prints,
// so one wrong list of a thousand items does not flood a test log. The
// Failures field always has them all.
const maxListedFailures = 20

// ValidationError reports a body that does not match its schema.
type ValidationError struct {
	Schema   string    // schema name, e.g. "customer"
	Failures []Failure // sorted by Pointer, then Keyword, then Message
}

// Failure is one rule that one value of the body breaks.
type Failure struct {
	Pointer string // JSON pointer (RFC 6901) to the value, "" for the whole body
	Keyword string // the JSON Schema keyword that failed, e.g. "format"
	Message string // what is wrong, e.g. `does not match format "date-time"`
}

// String returns the failure as "pointer: message".
func (f Failure) String() string {
	return displayPointer(f.Pointer) + ": " + f.Message
}

// Error returns one line for a single failure, and one line per failure
// after a heading line otherwise.
func (e *ValidationError) Error() string {
	heading := fmt.Sprintf("body does not match schema %q", e.Schema)
	if len(e.Failures) == 1 {
		return heading + ": " + e.Failures[0].String()
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d failures):", heading, len(e.Failures))

	for i, f := range e.Failures {
		if i == maxListedFailures {
			fmt.Fprintf(&b, "\n  ... and %d more", len(e.Failures)-i)
			break
		}

		b.WriteString("\n  ")
		b.WriteString(f.String())
	}

	return b.String()
}

// failures flattens the validator's tree of errors into one Failure per
// broken rule, sorted so the output does not depend on map order.
func (c *compiled) failures(verr *jsonschema.ValidationError, doc any) []Failure {
	var out []Failure
	for _, leaf := range leafErrors(verr, nil) {
		out = append(out, c.describe(leaf, doc)...)
	}

	slices.SortFunc(out, func(a, b Failure) int {
		return cmp.Or(
			strings.Compare(a.Pointer, b.Pointer),
			strings.Compare(a.Keyword, b.Keyword),
			strings.Compare(a.Message, b.Message),
		)
	})

	return slices.Compact(out)
}

// leafErrors returns the errors in the tree that have no causes: the
// keywords that failed, as opposed to the schemas that contain them.
func leafErrors(verr *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(verr.Causes) == 0 {
		return append(out, verr)
	}

	for _, cause := range verr.Causes {
		out = leafErrors(cause, out)
	}

	return out
}

// keywordContext is the information describe gathers about one failed
// keyword.
type keywordContext struct {
	keyword  string         // e.g. "pattern"
	holder   map[string]any // the schema object that contains the keyword
	pointer  []string       // unescaped tokens of the failing value's location
	value    any            // the failing value
	fallback string         // the validator's own message
}

// describe turns one failed keyword into failures with plain messages. It
// reads the keyword's schema object from the raw documents, because the
// validator's messages quote values and escape patterns in ways that are
// hard to read. When that lookup fails, it keeps the validator's message.
func (c *compiled) describe(leaf *jsonschema.ValidationError, doc any) []Failure {
	schemaURL, fragment, _ := strings.Cut(leaf.AbsoluteKeywordLocation, "#")
	keywordPath := splitPointer(fragment)

	ctx := keywordContext{fallback: leaf.Message}
	if n := len(keywordPath); n > 0 {
		ctx.keyword = keywordPath[n-1]
		holder, _ := resolvePointer(c.raw[schemaURL], keywordPath[:n-1])
		ctx.holder, _ = holder.(map[string]any)
	}

	ctx.pointer = splitPointer(leaf.InstanceLocation)
	ctx.value, _ = resolvePointer(doc, ctx.pointer)

	switch ctx.keyword {
	case "required":
		return missingProperties(ctx)
	case "additionalProperties":
		return unknownProperties(ctx)
	}

	// The description of the schema that contains the keyword states what
	// the rule is for. A document's own description is left out, because it
	// describes the whole body at length.
	message := ruleMessage(ctx)
	description, ok := ctx.holder["description"].(string)
	if ok && ctx.keyword != "not" && len(keywordPath) > 1 {
		message += " (" + description + ")"
	}

	return []Failure{{Pointer: joinPointer(ctx.pointer), Keyword: ctx.keyword, Message: message}}
}

// ruleMessage states which rule a value breaks, naming the rule's own
// value: the format, the pattern, the types or the allowed values.
func ruleMessage(ctx keywordContext) string {
	rule := ctx.holder[ctx.keyword]

	switch ctx.keyword {
	case "type":
		return fmt.Sprintf("has type %s, want %s", jsonType(ctx.value), listTypes(rule))
	case "format":
		return fmt.Sprintf("does not match format \"%v\"", rule)
	case "pattern":
		// Printed as written, without JSON's doubled backslashes.
		return fmt.Sprintf("does not match pattern \"%v\"", rule)
	case "const":
		return fmt.Sprintf("must be %s", jsonText(rule))
	case "enum":
		return fmt.Sprintf("must be one of %s", listValues(rule))
	case "not":
		return forbiddenValueMessage(rule)
	}

	return ctx.keyword + ": " + ctx.fallback
}

// forbiddenValueMessage describes a value that matched a "not" rule, with
// the reason the rule's own description gives.
func forbiddenValueMessage(rule any) string {
	notSchema, _ := rule.(map[string]any)

	message := `matches the schema under "not", which it must not`
	if forbidden, ok := notSchema["const"]; ok {
		message = "must not be " + jsonText(forbidden)
	}

	if description, ok := notSchema["description"].(string); ok {
		message += " (" + description + ")"
	}

	return message
}

// missingProperties returns one failure per required property the object
// lacks, located at the property, so each one reads like any other failure.
func missingProperties(ctx keywordContext) []Failure {
	object, _ := ctx.value.(map[string]any)
	required, _ := ctx.holder["required"].([]any)

	var missing []string
	for _, item := range required {
		name, _ := item.(string)
		if _, present := object[name]; !present {
			missing = append(missing, name)
		}
	}

	return propertyFailures(ctx, missing, "required property is missing")
}

// unknownProperties returns one failure per property the schema does not
// list, located at the property.
func unknownProperties(ctx keywordContext) []Failure {
	object, _ := ctx.value.(map[string]any)
	known, _ := ctx.holder["properties"].(map[string]any)

	// With patternProperties, which names are allowed is a matter of
	// regular expressions, so the validator's message is kept instead.
	if _, hasPatterns := ctx.holder["patternProperties"]; hasPatterns {
		return propertyFailures(ctx, nil, "")
	}

	var unknown []string
	for name := range object {
		if _, ok := known[name]; !ok {
			unknown = append(unknown, name)
		}
	}

	return propertyFailures(ctx, unknown,
		"property is not allowed (the schema lists every property the body may have)")
}

// propertyFailures returns a failure with message for each named property
// of the object at ctx.pointer. With no names, it returns the validator's
// own message at the object.
func propertyFailures(ctx keywordContext, names []string, message string) []Failure {
	if len(names) == 0 {
		return []Failure{{Pointer: joinPointer(ctx.pointer), Keyword: ctx.keyword, Message: ctx.fallback}}
	}

	out := make([]Failure, len(names))
	for i, name := range names {
		out[i] = Failure{
			Pointer: joinPointer(append(slices.Clone(ctx.pointer), name)),
			Keyword: ctx.keyword,
			Message: message,
		}
	}

	return out
}

// jsonType returns the JSON type name of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}

	return fmt.Sprintf("%T", v)
}

// listTypes renders a "type" keyword's value, a name or a list of names.
func listTypes(rule any) string {
	switch types := rule.(type) {
	case string:
		return types
	case []any:
		names := make([]string, len(types))
		for i, t := range types {
			names[i] = fmt.Sprint(t)
		}

		return strings.Join(names, " or ")
	}

	return jsonText(rule)
}

// listValues renders an "enum" keyword's values as JSON, comma-separated.
func listValues(rule any) string {
	values, ok := rule.([]any)
	if !ok {
		return jsonText(rule)
	}

	texts := make([]string, len(values))
	for i, v := range values {
		texts[i] = jsonText(v)
	}

	return strings.Join(texts, ", ")
}

// jsonText renders a value from a schema as compact JSON.
func jsonText(v any) string {
	data, err := marshalJSON(v)
	if err != nil {
		return fmt.Sprint(v)
	}

	return strings.TrimSpace(string(data))
}
