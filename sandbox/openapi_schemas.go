package sandbox

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// componentsPrefix is the JSON pointer prefix of OpenAPI's reusable schemas.
const componentsPrefix = "#/components/schemas/"

// sharedDefsFile is the schema file that holds only shared definitions and
// describes no body, so its definitions become components under their own
// names.
const sharedDefsFile = "defs.json"

// maxInlineDepth bounds how deeply inlined references may nest, so a
// reference cycle fails the build instead of recursing forever.
const maxInlineDepth = 8

// schemaFiles is the decoded content of every file of the schemas
// package, by file name.
type schemaFiles map[string]map[string]any

// openAPISchemas returns the component schemas built from the files of the
// schemas package. OpenAPI 3.1 schemas are JSON Schema 2020-12, so each
// file is copied whole except for what ties it to its own URL:
//
//   - $schema and $id are dropped;
//   - the file becomes the component named like the file ("customer");
//   - each entry of its $defs becomes the component FILE_DEF
//     ("customer_lifecycle"), and each entry of defs.json keeps its own
//     name ("timestamp");
//   - a $ref to a file or to a $defs entry points at that component;
//   - a $ref to any other part of a file ("customer.json#/properties/id")
//     is replaced by a copy of that part. OpenAPI tools do not resolve
//     pointers into a component reliably, and kin-openapi v0.153.0 fails
//     on them when the component has a $ref of its own.
func openAPISchemas() (map[string]any, error) {
	files, err := readSchemaFiles()
	if err != nil {
		return nil, err
	}

	out := map[string]any{}
	for file, original := range files {
		doc := deepCopy(original).(map[string]any)
		if err := files.rewriteRefs(doc, file, 0); err != nil {
			return nil, fmt.Errorf("schema %s: %w", file, err)
		}
		if err := addSchemaComponents(out, file, doc); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readSchemaFiles() (schemaFiles, error) {
	names, err := fs.Glob(schemas.FS, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list schema files: %w", err)
	}

	files := schemaFiles{}
	for _, file := range names {
		data, err := fs.ReadFile(schemas.FS, file)
		if err != nil {
			return nil, fmt.Errorf("read schema %s: %w", file, err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("decode schema %s: %w", file, err)
		}
		delete(doc, "$schema")
		delete(doc, "$id")
		files[file] = doc
	}
	return files, nil
}

// addSchemaComponents adds one rewritten file to out: the file itself
// unless it is the shared definitions file, then each of its $defs.
func addSchemaComponents(out map[string]any, file string, doc map[string]any) error {
	defs, _ := doc["$defs"].(map[string]any)
	delete(doc, "$defs")

	prefix := schemaName(file) + "_"
	if file == sharedDefsFile {
		prefix = ""
	} else if err := addComponent(out, schemaName(file), doc, file); err != nil {
		return err
	}

	for name, def := range defs {
		if err := addComponent(out, prefix+name, def, file); err != nil {
			return err
		}
	}
	return nil
}

func addComponent(out map[string]any, name string, schema any, file string) error {
	if _, taken := out[name]; taken {
		return fmt.Errorf("schema component %q from %s is defined twice: rename the file or the definition", name, file)
	}
	out[name] = schema
	return nil
}

// schemaName returns the component name of a schema file: its name
// without the extension, the same name schemas.Validate takes.
func schemaName(file string) string {
	return strings.TrimSuffix(file, path.Ext(file))
}

// rewriteRefs rewrites every $ref below v, which comes from file, in
// place. Keywords that would set a new base URI are rejected, because the
// rewritten references assume there is none.
func (files schemaFiles) rewriteRefs(v any, file string, depth int) error {
	switch v := v.(type) {
	case map[string]any:
		for _, keyword := range []string{"$id", "$anchor", "$dynamicAnchor", "$dynamicRef"} {
			if _, ok := v[keyword]; ok {
				return fmt.Errorf("%s below the root is not supported: refer to other schemas by file name and JSON pointer", keyword)
			}
		}
		for _, child := range v {
			if err := files.rewriteRefs(child, file, depth); err != nil {
				return err
			}
		}
		// The children are rewritten first, because rewriting this $ref
		// may add a copy whose references are already rewritten.
		if _, ok := v["$ref"]; ok {
			return files.rewriteRef(v, file, depth)
		}
	case []any:
		for _, child := range v {
			if err := files.rewriteRefs(child, file, depth); err != nil {
				return err
			}
		}
	}
	return nil
}

// rewriteRef rewrites the $ref of the schema object v: to a component
// reference when it names a file or a definition, else to an allOf with
// a copy of the part of the file it points at.
func (files schemaFiles) rewriteRef(v map[string]any, file string, depth int) error {
	ref, ok := v["$ref"].(string)
	if !ok {
		return fmt.Errorf("$ref %v is not a string", v["$ref"])
	}
	target, pointer, err := splitRef(ref, file)
	if err != nil {
		return err
	}

	if name, ok := componentFor(target, pointer); ok {
		if _, exists := files[target]; !exists {
			return fmt.Errorf("$ref %q names %s, which is not a file of the schemas package", ref, target)
		}
		v["$ref"] = componentsPrefix + name
		return nil
	}

	part, err := files.inlinePart(ref, target, pointer, depth)
	if err != nil {
		return err
	}
	delete(v, "$ref")
	allOf, _ := v["allOf"].([]any)
	v["allOf"] = append([]any{part}, allOf...)
	return nil
}

// inlinePart returns a copy of the part of target at pointer, with its
// own references rewritten.
func (files schemaFiles) inlinePart(ref, target, pointer string, depth int) (any, error) {
	if depth >= maxInlineDepth {
		return nil, fmt.Errorf("$ref %q nests more than %d references deep; check for a cycle", ref, maxInlineDepth)
	}
	doc, ok := files[target]
	if !ok {
		return nil, fmt.Errorf("$ref %q names %s, which is not a file of the schemas package", ref, target)
	}
	part, err := lookupPointer(doc, pointer)
	if err != nil {
		return nil, fmt.Errorf("$ref %q: %w", ref, err)
	}

	part = deepCopy(part)
	if err := files.rewriteRefs(part, target, depth+1); err != nil {
		return nil, err
	}
	return part, nil
}

// splitRef splits a $ref written in file into the file it names and the
// JSON pointer inside it.
func splitRef(ref, file string) (target, pointer string, err error) {
	target, fragment, _ := strings.Cut(strings.TrimPrefix(ref, schemas.BaseURL), "#")
	if target == "" {
		target = file
	}
	if strings.Contains(target, "/") || path.Ext(target) != ".json" {
		return "", "", fmt.Errorf("$ref %q must name a file of the schemas package, such as \"customer.json\" or \"defs.json#/$defs/timestamp\"", ref)
	}
	pointer, err = url.PathUnescape(fragment)
	if err != nil {
		return "", "", fmt.Errorf("$ref %q has an invalid fragment: %w", ref, err)
	}
	return target, pointer, nil
}

// componentFor returns the component name for a reference to a whole file
// or to one of its $defs entries.
func componentFor(target, pointer string) (string, bool) {
	if pointer == "" && target != sharedDefsFile {
		return schemaName(target), true
	}
	def, ok := strings.CutPrefix(pointer, "/$defs/")
	if !ok || strings.Contains(def, "/") {
		return "", false
	}
	def = unescapePointerToken(def)
	if target == sharedDefsFile {
		return def, true
	}
	return schemaName(target) + "_" + def, true
}

// lookupPointer returns the value at a JSON pointer (RFC 6901) in doc.
func lookupPointer(doc any, pointer string) (any, error) {
	if pointer == "" {
		return doc, nil
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, fmt.Errorf("JSON pointer %q must start with /", pointer)
	}

	v := doc
	for _, token := range strings.Split(pointer[1:], "/") {
		token = unescapePointerToken(token)
		switch node := v.(type) {
		case map[string]any:
			child, ok := node[token]
			if !ok {
				return nil, fmt.Errorf("JSON pointer %q: no member %q", pointer, token)
			}
			v = child
		case []any:
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 || i >= len(node) {
				return nil, fmt.Errorf("JSON pointer %q: no array index %q", pointer, token)
			}
			v = node[i]
		default:
			return nil, fmt.Errorf("JSON pointer %q: %q is below a value that is not an object or array", pointer, token)
		}
	}
	return v, nil
}

func unescapePointerToken(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
}

// deepCopy copies a decoded JSON value, so rewriting the copy leaves the
// original intact for later lookups.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, child := range v {
			out[key] = deepCopy(child)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, child := range v {
			out[i] = deepCopy(child)
		}
		return out
	default:
		return v
	}
}
