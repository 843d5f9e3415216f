package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/mux"
)

//go:generate go test -run ^TestOpenAPIFile$ -update-openapi .

// openAPIVersion is the OpenAPI version of the document. 3.1 is the first
// whose schemas are plain JSON Schema 2020-12, the dialect of the schemas
// package, so those files are used as they are.
const openAPIVersion = "3.1.0"

// jsonSchemaDialect is the dialect of the document's schemas.
const jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// securitySchemeName names the bearer API key scheme in the document.
const securitySchemeName = "apiKey"

const openAPIDescription = `A local stand-in for the Dirty Lemon customers API, with controls for tests under /_sandbox.

**API keys and tenants.** Send the key as ` + "`Authorization: Bearer KEY`" + `. Each key is a tenant: data created with one key is not found with another. Without a header requests use the tenant "default", unless the server runs with --require-api-key or --api-keys, which answer 401 api_key_invalid.

**Bodies.** Requests and responses are JSON objects. A body without Content-Type is read as JSON; another media type, or a charset other than UTF-8, is 415. Unknown parameters, duplicate keys and trailing data are 400. The API takes no query parameters, and the controls only those they list: any other query parameter is 400 parameter_unknown, a repeated one 400 parameter_invalid_type and an empty one 422 parameter_invalid. Times are RFC 3339 in UTC with exactly three fractional digits, such as 2026-12-04T15:27:45.120Z. An unset attribute is null, never left out.

**Errors.** Every error has the body {"error": {"type", "code", "param", "message", "request_id"}}, and every response has a Request-Id header. Checks run in this order and the first failure answers: API key (401), route and method (404 route_missing, 405 method_not_allowed with an Allow header), body size and media type (413, 415), body syntax and parameter presence and types (400), parameter values (422), the customer (404 resource_missing), its state (409), limits (429), then the confirmation token (422).

**Paths and methods.** Paths are matched as sent: a trailing slash, a double slash or an encoded slash is 404 route_missing, never a redirect. HEAD is served wherever GET is. OPTIONS answers with the Allow header, and CORS preflights get 204 without an API key.`

// buildOpenAPI returns the OpenAPI document of a server that serves
// routes. It fails when a served method has no description in
// operationSpecs, so the document cannot miss a route.
func buildOpenAPI(routes []servedRoute, version string) (*openAPIDoc, error) {
	schemaComponents, err := openAPISchemas()
	if err != nil {
		return nil, err
	}

	doc := &openAPIDoc{
		OpenAPI: openAPIVersion,
		Info: openAPIInfo{
			Title:       "Dirty Lemon customers API sandbox",
			Version:     version,
			Summary:     "The customers API and the sandbox controls, as this server serves them.",
			Description: openAPIDescription,
		},
		JSONSchemaDialect: jsonSchemaDialect,
		Security:          []securityRequirement{{securitySchemeName: {}}, {}},
		Tags:              openAPITags,
		Paths:             map[string]*pathItem{},
		Components: openAPIComponents{
			Schemas:    schemaComponents,
			Responses:  componentErrorResponses(),
			Parameters: componentParameters(),
			Headers:    componentHeaders(),
			SecuritySchemes: map[string]securityScheme{securitySchemeName: {
				Type:        "http",
				Scheme:      "bearer",
				Description: "The API key, which also selects the tenant. Optional unless the server runs with --require-api-key or --api-keys.",
			}},
		},
	}

	specs := map[string]operationSpec{}
	for _, spec := range operationSpecs() {
		specs[spec.method+" "+spec.path] = spec
	}
	for _, route := range routes {
		for _, method := range route.Methods {
			spec, ok := specs[method+" "+route.Path]
			if !ok {
				return nil, fmt.Errorf("route %s %s has no OpenAPI description: add it to operationSpecs", method, route.Path)
			}
			if err := doc.addOperation(spec); err != nil {
				return nil, fmt.Errorf("describe %s %s: %w", method, route.Path, err)
			}
		}
	}
	return doc, nil
}

// addOperation adds spec to the document's paths, with its schemas.
func (doc *openAPIDoc) addOperation(spec operationSpec) error {
	op, err := doc.newOperation(spec)
	if err != nil {
		return err
	}

	item := doc.Paths[spec.path]
	if item == nil {
		item = &pathItem{}
		doc.Paths[spec.path] = item
	}
	slot := item.slot(spec.method)
	if slot == nil {
		return fmt.Errorf("method %s has no field in the path item", spec.method)
	}
	*slot = op
	return nil
}

func (doc *openAPIDoc) newOperation(spec operationSpec) (*operation, error) {
	op := &operation{
		OperationID: spec.id,
		Tags:        []string{spec.tag},
		Summary:     spec.summary,
		Description: spec.description,
		Parameters:  spec.params,
		RequestBody: spec.body,
		Responses:   map[string]*openAPIResp{},
	}
	if spec.public {
		op.Security = &[]securityRequirement{}
	}

	for name, schema := range spec.schemas {
		if _, exists := doc.Components.Schemas[name]; !exists {
			doc.Components.Schemas[name] = schema
		}
	}
	for status, resp := range spec.responses {
		op.Responses[strconv.Itoa(status)] = doc.withSchemaExample(resp)
	}

	codes := append([]string{}, spec.errors...)
	codes = append(codes, queryErrors(spec.method, spec.path)...)
	if !spec.public {
		codes = append(codes, codeAPIKeyInvalid)
	}
	codes = append(codes, codeInternalError)
	if err := addErrorResponses(op.Responses, uniqueCodes(codes)); err != nil {
		return nil, err
	}
	return op, nil
}

// queryErrors returns the codes that the query string check can return:
// parameter_unknown on every operation, and on those that take query
// parameters parameter_invalid_type for a repeated one and
// parameter_invalid for an empty one.
func queryErrors(method, path string) []string {
	if len(queryParamsOf(method, path)) == 0 {
		return []string{codeParameterUnknown}
	}
	return []string{codeParameterUnknown, codeParameterInvalidType, codeParameterInvalid}
}

// uniqueCodes returns codes without repeats, in their first order.
func uniqueCodes(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		if !slices.Contains(out, code) {
			out = append(out, code)
		}
	}
	return out
}

// withSchemaExample returns resp with the first example of its component
// schema copied to the JSON media type, where most tools look for it.
func (doc *openAPIDoc) withSchemaExample(resp *openAPIResp) *openAPIResp {
	media, ok := resp.Content["application/json"]
	if !ok || media.Example != nil {
		return resp
	}
	ref, _ := media.Schema.(map[string]any)["$ref"].(string)
	schema, _ := doc.Components.Schemas[strings.TrimPrefix(ref, componentsPrefix)].(map[string]any)
	examples, _ := schema["examples"].([]any)
	if len(examples) == 0 {
		return resp
	}

	out := *resp
	out.Content = map[string]mediaType{"application/json": {Schema: media.Schema, Example: examples[0]}}
	return &out
}

// slot returns the field of item that holds method's operation.
func (item *pathItem) slot(method string) **operation {
	switch method {
	case http.MethodGet:
		return &item.Get
	case http.MethodPut:
		return &item.Put
	case http.MethodPost:
		return &item.Post
	case http.MethodDelete:
		return &item.Delete
	case http.MethodPatch:
		return &item.Patch
	}
	return nil
}

// encodeOpenAPI returns doc as indented JSON ending in a newline. Map keys
// come out sorted, so the same document always encodes to the same bytes.
func encodeOpenAPI(doc *openAPIDoc) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode OpenAPI document: %w", err)
	}
	return buf.Bytes(), nil
}

// openAPIJSON returns the encoded document of the routes router serves.
func (s *Server) openAPIJSON(router *mux.Router) ([]byte, error) {
	routes, err := listRoutes(router)
	if err != nil {
		return nil, err
	}
	doc, err := buildOpenAPI(routes, s.opts.Version)
	if err != nil {
		return nil, err
	}
	return encodeOpenAPI(doc)
}

// serveOpenAPI returns the handler of GET /openapi.json. The document is
// built on the first request, once every route is registered, and kept.
func (s *Server) serveOpenAPI(router *mux.Router) handlerFunc {
	var (
		once sync.Once
		body []byte
		err  error
	)
	return func(w http.ResponseWriter, r *http.Request) error {
		once.Do(func() { body, err = s.openAPIJSON(router) })
		if err != nil {
			return fmt.Errorf("build OpenAPI document: %w", err)
		}

		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
		return nil
	}
}
