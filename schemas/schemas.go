package schemas

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// BaseURL is the prefix of every schema's $id, which is BaseURL followed by
// the file name.
const BaseURL = "https://schemas.dirtylemon.dev/"

// defsFile holds the shared definitions. It describes no body, so it has no
// name in Names and Validate rejects it.
const defsFile = "defs.json"

// FS contains the raw schema files, for code that serves or transforms them.
//
//go:embed *.json
var FS embed.FS

// ErrUnknownSchema is wrapped by Validate when the name has no schema.
var ErrUnknownSchema = errors.New("unknown schema")

// compiled is the result of compiling every embedded schema, built once.
type compiled struct {
	schemas map[string]*jsonschema.Schema // by name
	raw     map[string]any                // decoded documents, by $id
	names   []string                      // sorted
}

var (
	compileOnce   sync.Once
	compileResult *compiled
	compileErr    error
)

// load compiles the embedded schemas on first use and returns the result.
// A broken embedded schema is a build defect that the package tests catch,
// so its error is returned from every call instead of panicking.
func load() (*compiled, error) {
	compileOnce.Do(func() {
		compileResult, compileErr = compileAll(FS)
	})

	return compileResult, compileErr
}

// Names returns the names of the body schemas, sorted, e.g. "customer".
// It returns nil when the embedded schemas do not compile.
func Names() []string {
	c, err := load()
	if err != nil {
		return nil
	}

	return slices.Clone(c.names)
}

// Validate checks body, a JSON document, against the schema called name.
// It returns nil when the body matches, a *ValidationError listing every
// failure when it does not, an error wrapping ErrInvalidJSON when body is not
// exactly one JSON value, and an error wrapping ErrUnknownSchema when no
// schema has that name.
func Validate(name string, body []byte) error {
	c, err := load()
	if err != nil {
		return err
	}

	schema, err := c.lookup(name)
	if err != nil {
		return err
	}

	doc, err := decodeJSON(body)
	if err != nil {
		return err
	}

	return c.validate(name, schema, doc)
}

// ValidateValue checks v against the schema called name after encoding it
// with encoding/json, so v may be a struct with JSON tags as well as a
// decoded document. Errors are as for Validate.
func ValidateValue(name string, v any) error {
	body, err := marshalJSON(v)
	if err != nil {
		return fmt.Errorf("schema %q: encode %T as JSON: %w", name, v, err)
	}

	return Validate(name, body)
}

func (c *compiled) lookup(name string) (*jsonschema.Schema, error) {
	schema, ok := c.schemas[name]
	if !ok {
		return nil, fmt.Errorf("%w %q: use one of %s", ErrUnknownSchema, name, strings.Join(c.names, ", "))
	}

	return schema, nil
}

func (c *compiled) validate(name string, schema *jsonschema.Schema, doc any) error {
	err := schema.Validate(doc)
	if err == nil {
		return nil
	}

	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("schema %q: %w", name, err)
	}

	return &ValidationError{Schema: name, Failures: c.failures(verr, doc)}
}

// compileAll compiles every *.json file in fsys. References resolve only
// among those files: the compiler never loads a schema from the network or
// the disk.
func compileAll(fsys fs.FS) (*compiled, error) {
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("list schema files: %w", err)
	}

	compiler := newCompiler()
	c := &compiled{schemas: map[string]*jsonschema.Schema{}, raw: map[string]any{}}

	for _, file := range files {
		if err := c.addResource(compiler, fsys, file); err != nil {
			return nil, err
		}
	}

	for _, file := range files {
		if file == defsFile {
			continue
		}

		schema, err := compiler.Compile(BaseURL + file)
		if err != nil {
			return nil, fmt.Errorf("compile schema %s: %w", file, err)
		}

		name := strings.TrimSuffix(file, path.Ext(file))
		c.schemas[name] = schema
		c.names = append(c.names, name)
	}

	slices.Sort(c.names)

	return c, nil
}

func newCompiler() *jsonschema.Compiler {
	compiler := jsonschema.NewCompiler()
	compiler.Draft = jsonschema.Draft2020
	compiler.AssertFormat = true
	compiler.LoadURL = func(url string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not embedded: references must name a file in this package, e.g. \"defs.json\"", url)
	}

	return compiler
}

// addResource registers one file with the compiler under BaseURL + file,
// after checking that its $id is that URL, and keeps the decoded document
// for building failure messages.
func (c *compiled) addResource(compiler *jsonschema.Compiler, fsys fs.FS, file string) error {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return fmt.Errorf("read schema %s: %w", file, err)
	}

	doc, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("schema %s: %w", file, err)
	}

	url := BaseURL + file
	root, _ := doc.(map[string]any)
	if id, _ := root["$id"].(string); id != url {
		return fmt.Errorf("schema %s has $id %q, want %q", file, id, url)
	}

	if err := compiler.AddResource(url, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("add schema %s: %w", file, err)
	}

	c.raw[url] = doc

	return nil
}
