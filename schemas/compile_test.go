package schemas

import (
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// readSchemaFile decodes one embedded schema file.
func readSchemaFile(t *testing.T, file string) map[string]any {
	t.Helper()

	data, err := fs.ReadFile(FS, file)
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}

	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("decode %s: %v", file, err)
	}

	return doc
}

func schemaFiles(t *testing.T) []string {
	t.Helper()

	files, err := fs.Glob(FS, "*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("got files %v and error %v, want embedded schema files", files, err)
	}

	return files
}

func TestEmbeddedSchemasCompile(t *testing.T) {
	t.Parallel()

	if _, err := compileAll(FS); err != nil {
		t.Fatalf("got %v, want every embedded schema to compile", err)
	}
}

func TestNames(t *testing.T) {
	t.Parallel()

	names := Names()

	if !slices.IsSorted(names) {
		t.Errorf("got %v, want sorted names", names)
	}

	for _, want := range []string{"clock", "customer", "customer_list", "error", "health", "sms", "sms_list", "state"} {
		if !slices.Contains(names, want) {
			t.Errorf("got %v, want it to contain %q", names, want)
		}
	}

	if slices.Contains(names, "defs") {
		t.Errorf("got %v, want no %q: it describes no body", names, "defs")
	}

	if got, want := len(names), len(schemaFiles(t))-1; got != want {
		t.Errorf("got %d names, want %d: one per file except %s", got, want, defsFile)
	}

	names[0] = "changed"
	if Names()[0] == "changed" {
		t.Errorf("got a shared slice from Names, want a copy")
	}
}

func TestSchemaFileHeaders(t *testing.T) {
	t.Parallel()

	for _, file := range schemaFiles(t) {
		t.Run(file, func(t *testing.T) {
			t.Parallel()

			doc := readSchemaFile(t, file)

			if got := doc["$schema"]; got != draft2020 {
				t.Errorf("got $schema %v, want %q", got, draft2020)
			}

			if got, want := doc["$id"], BaseURL+file; got != want {
				t.Errorf("got $id %v, want %q", got, want)
			}

			if title, _ := doc["title"].(string); title == "" {
				t.Errorf("got title %v, want a non-empty string", doc["title"])
			}

			if examples, _ := doc["examples"].([]any); file != defsFile && len(examples) == 0 {
				t.Errorf("got no examples, want at least one valid body")
			}
		})
	}
}

// TestObjectSchemasClosed checks the rule every body follows: an object
// schema lists each property as required and allows no others.
func TestObjectSchemasClosed(t *testing.T) {
	t.Parallel()

	for _, file := range schemaFiles(t) {
		walkSchemas(readSchemaFile(t, file), "#", func(schema map[string]any, location string) {
			if schema["type"] != "object" {
				return
			}

			if got := schema["additionalProperties"]; got != false {
				t.Errorf("%s%s: got additionalProperties %v, want false", file, location, got)
			}

			properties, _ := schema["properties"].(map[string]any)
			required := toStrings(schema["required"])
			slices.Sort(required)

			if want := slices.Sorted(maps.Keys(properties)); !slices.Equal(required, want) {
				t.Errorf("%s%s: got required %v, want every property %v", file, location, required, want)
			}
		})
	}
}

// TestStateCustomerMatchesCustomer checks that the state export's customer
// record has every customer attribute, so adding one to customer.json
// without state.json fails here.
func TestStateCustomerMatchesCustomer(t *testing.T) {
	t.Parallel()

	customer, _ := readSchemaFile(t, "customer.json")["properties"].(map[string]any)
	record, ok := resolvePointer(readSchemaFile(t, "state.json"), []string{"$defs", "customer_record", "properties"})
	if !ok {
		t.Fatalf("got no $defs/customer_record/properties in state.json")
	}

	recordProperties, _ := record.(map[string]any)
	for name := range customer {
		property, _ := recordProperties[name].(map[string]any)
		if want := "customer.json#/properties/" + name; property["$ref"] != want {
			t.Errorf("got state customer %q = %v, want {\"$ref\": %q}", name, property, want)
		}
	}

	if got, want := len(recordProperties), len(customer)+2; got != want {
		t.Errorf("got %d state customer properties, want %d: the customer's and the two counters", got, want)
	}
}

func TestExamplesValidate(t *testing.T) {
	t.Parallel()

	for _, name := range Names() {
		examples, _ := readSchemaFile(t, name+".json")["examples"].([]any)

		for i, example := range examples {
			if err := ValidateValue(name, example); err != nil {
				t.Errorf("%s example %d: got %v, want nil", name, i, err)
			}
		}
	}
}

func TestCompileRejectsBrokenSchema(t *testing.T) {
	t.Parallel()

	header := func(file string) string {
		return `"$schema": "` + draft2020 + `", "$id": "` + BaseURL + file + `"`
	}

	cases := []struct {
		title   string
		content string
		want    string
	}{
		{"malformed JSON", `{` + header("body.json") + `,}`, "body.json"},
		{"wrong $id", `{"$schema": "` + draft2020 + `", "$id": "https://example.com/body.json"}`, `want "` + BaseURL + `body.json"`},
		{"keyword of wrong type", `{` + header("body.json") + `, "type": 5}`, "body.json"},
		{"bad pattern", `{` + header("body.json") + `, "pattern": "("}`, "body.json"},
		{"reference to a file not embedded", `{` + header("body.json") + `, "$ref": "missing.json"}`, "not embedded"},
		{"reference to a remote schema", `{` + header("body.json") + `, "$ref": "https://example.com/x.json"}`, "not embedded"},
	}

	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()

			fsys := fstest.MapFS{"body.json": {Data: []byte(tc.content)}}

			_, err := compileAll(fsys)
			if err == nil {
				t.Fatalf("got nil, want an error containing %q", tc.want)
			}

			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestValidateUnknownSchema(t *testing.T) {
	t.Parallel()

	for _, name := range []string{"nope", "defs", "customer.json", ""} {
		err := Validate(name, []byte(`{}`))

		if !errors.Is(err, ErrUnknownSchema) {
			t.Errorf("Validate(%q): got %v, want ErrUnknownSchema", name, err)
			continue
		}

		if !strings.Contains(err.Error(), "customer, customer_list") {
			t.Errorf("Validate(%q): got %q, want it to list the valid names", name, err)
		}
	}
}

// walkSchemas calls visit for schema and every schema nested in it, with
// its JSON pointer. It follows only keywords whose values are schemas, so
// examples and const values are never taken for schemas.
func walkSchemas(schema map[string]any, location string, visit func(map[string]any, string)) {
	visit(schema, location)

	for _, keyword := range []string{"items", "not", "if", "then", "else", "additionalProperties", "contains"} {
		if sub, ok := schema[keyword].(map[string]any); ok {
			walkSchemas(sub, location+"/"+keyword, visit)
		}
	}

	for _, keyword := range []string{"properties", "patternProperties", "$defs"} {
		subs, _ := schema[keyword].(map[string]any)
		for name, sub := range subs {
			if sub, ok := sub.(map[string]any); ok {
				walkSchemas(sub, location+"/"+keyword+"/"+escapePointerToken(name), visit)
			}
		}
	}

	for _, keyword := range []string{"allOf", "anyOf", "oneOf", "prefixItems"} {
		subs, _ := schema[keyword].([]any)
		for i, sub := range subs {
			if sub, ok := sub.(map[string]any); ok {
				walkSchemas(sub, location+"/"+keyword+"/"+strconv.Itoa(i), visit)
			}
		}
	}
}

func toStrings(v any) []string {
	items, _ := v.([]any)

	out := make([]string, 0, len(items))
	for _, item := range items {
		s, _ := item.(string)
		out = append(out, s)
	}

	return out
}
