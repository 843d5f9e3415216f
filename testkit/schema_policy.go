package testkit

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// strictSchemas reports whether the scenario checks bodies against the
// project's own shapes. It does in @assumed scenarios, and in every
// scenario when Config.StrictSchemas marks the target as this project's
// sandbox.
func (s *scenario) strictSchemas() bool {
	return s.assumed || s.cfg.StrictSchemas
}

// schemaFor picks the schema of a response for the scenario. The API's
// documentation describes no error body, so outside strict checking an
// error from the API is not checked. Errors of the /_sandbox controls are
// always checked, because the controls are this project's own.
func (s *scenario) schemaFor(method, path string, status int) string {
	name := SchemaFor(method, path, status)
	if name == "error" && !s.strictSchemas() && !strings.HasPrefix(path, "/_sandbox") {
		return ""
	}
	return name
}

// validate checks a body against its schema. Outside strict checking, a
// customer's attributes beyond the documented ones are dropped first. The
// documentation lists the attributes a customer has but does not promise
// there are no others, and a client that ignores unknown attributes keeps
// working when one is added. The schema itself is closed, so @assumed
// scenarios still reject an extra attribute.
func (s *scenario) validate(schema string, body []byte) error {
	if schema == "customer" && !s.strictSchemas() {
		body = withoutExtraAttributes(body)
	}
	return s.cfg.validator()(schema, body)
}

// withoutExtraAttributes returns the customer body with only the
// attributes the customer schema lists. A body that is not a JSON object
// is returned as it is, for the validator to report.
func withoutExtraAttributes(body []byte) []byte {
	var object map[string]json.RawMessage
	if json.Unmarshal(body, &object) != nil {
		return body
	}

	documented := customerAttributes()
	for name := range object {
		if !slices.Contains(documented, name) {
			delete(object, name)
		}
	}
	trimmed, err := json.Marshal(object)
	if err != nil {
		return body
	}
	return trimmed
}

// customerAttributes returns the attribute names customer.json lists, the
// twelve of the documentation. It returns nil when the embedded schema
// cannot be read, which the schemas package's own tests rule out.
var customerAttributes = sync.OnceValue(func() []string {
	raw, err := schemas.FS.ReadFile("customer.json")
	if err != nil {
		return nil
	}
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if json.Unmarshal(raw, &doc) != nil {
		return nil
	}
	return slices.Sorted(maps.Keys(doc.Properties))
})
