package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// rejectUnknown fails on the first key, in body order, that is not one of
// known. Keys are case-sensitive; a near miss gets a hint.
func (p *params) rejectUnknown(known ...string) error {
	for _, key := range p.keys {
		if slices.Contains(known, key) {
			continue
		}
		for _, k := range known {
			if strings.EqualFold(k, key) {
				return newError(http.StatusBadRequest, codeParameterUnknown, key,
					"Unknown parameter %q. Parameter names are case-sensitive: did you mean %q?", truncate(key, 100), k)
			}
		}
		return newError(http.StatusBadRequest, codeParameterUnknown, key,
			"Unknown parameter %q. This endpoint accepts: %s.", truncate(key, 100), quoteList(known))
	}
	return nil
}

// field is one string parameter as sent: absent, null, or a value.
type field struct {
	Name    string
	Present bool
	Null    bool
	Value   string
}

// stringField reads name, which must be a JSON string or null when present.
func (p *params) stringField(name string) (field, error) {
	raw, ok := p.values[name]
	if !ok {
		return field{Name: name}, nil
	}
	f := field{Name: name, Present: true}
	if string(raw) == "null" {
		f.Null = true
		return f, nil
	}
	if err := json.Unmarshal(raw, &f.Value); err != nil {
		return f, newError(http.StatusBadRequest, codeParameterInvalidType, name,
			"Invalid type for %q: expected a string, got %s. Send it as a JSON string, for example %q.", name, jsonKind(raw), `"`+name+`": "..."`)
	}
	return f, nil
}

// requiredString reads a parameter that must be a non-null JSON string.
func (p *params) requiredString(name string) (string, error) {
	f, err := p.stringField(name)
	if err != nil {
		return "", err
	}
	if !f.Present || f.Null {
		return "", errMissing(name)
	}
	return f.Value, nil
}

// jsonKind names the JSON type of a raw value for error messages.
func jsonKind(raw json.RawMessage) string {
	switch {
	case len(raw) == 0:
		return "nothing"
	case raw[0] == '{':
		return "an object"
	case raw[0] == '[':
		return "an array"
	case raw[0] == 't' || raw[0] == 'f':
		return "a boolean"
	case raw[0] == 'n':
		return "null"
	case raw[0] == '"':
		return "a string"
	default:
		return "a number"
	}
}

func quoteList(list []string) string {
	if len(list) == 0 {
		return "no parameters"
	}
	quoted := make([]string, len(list))
	for i, s := range list {
		quoted[i] = `"` + s + `"`
	}
	return strings.Join(quoted, ", ")
}
