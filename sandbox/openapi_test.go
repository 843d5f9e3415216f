package sandbox

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dirtylemon/api-sandbox/schemas"
)

// openAPIServer starts a sandbox with opts behind a loopback listener and
// stops both when the test ends.
func openAPIServer(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(testLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	sb, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	hs := httptest.NewServer(sb)
	t.Cleanup(func() {
		sb.Close()
		hs.Close()
	})
	return sb, hs.URL
}

// testLogWriter sends the server's log lines to the test log, so a 500
// shows its cause.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// fetchOpenAPI returns the body of GET /openapi.json.
func fetchOpenAPI(t *testing.T, baseURL string) []byte {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Get(baseURL + "/openapi.json")
	if err != nil {
		t.Fatalf("GET /openapi.json: %v", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET /openapi.json: read body: %v", err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /openapi.json: got status %d, want 200\nbody: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET /openapi.json: got Content-Type %q, want application/json", ct)
	}
	return body
}

// validatedDocs records the documents that passed validation, by content,
// because validating takes about a second under the race detector and
// most tests load the same document.
var validatedDocs sync.Map

// loadOpenAPI parses and validates the document with kin-openapi, which
// checks OpenAPI 3.1 structure, resolves every $ref and validates the
// examples against their schemas.
func loadOpenAPI(t *testing.T, body []byte) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		t.Fatalf("kin-openapi cannot load the document: %v", err)
	}
	if _, ok := validatedDocs.Load(string(body)); ok {
		return doc
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("kin-openapi rejects the document: %v", err)
	}
	validatedDocs.Store(string(body), true)
	return doc
}

// documentedOperations returns "METHOD path" for every operation of doc.
func documentedOperations(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

// servedOperations returns "METHOD path" for every method the router of
// sb serves, HEAD and OPTIONS aside.
func servedOperations(t *testing.T, sb *Server) []string {
	t.Helper()
	routes, err := listRoutes(sb.routes())
	if err != nil {
		t.Fatalf("listRoutes: %v", err)
	}
	var out []string
	for _, r := range routes {
		for _, m := range r.Methods {
			out = append(out, m+" "+r.Path)
		}
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIDocumentLoads(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	doc := loadOpenAPI(t, fetchOpenAPI(t, url))

	if doc.OpenAPI != openAPIVersion {
		t.Errorf("got openapi %q, want %q", doc.OpenAPI, openAPIVersion)
	}
	if doc.OpenAPIMajorMinor() != "3.1" {
		t.Errorf("kin-openapi does not read the document as OpenAPI 3.1")
	}
	for _, name := range schemas.Names() {
		if doc.Components.Schemas[name] == nil {
			t.Errorf("schema %q of the schemas package is not a component", name)
		}
	}
	if _, ok := doc.Components.SecuritySchemes[securitySchemeName]; !ok {
		t.Errorf("security scheme %q is missing", securitySchemeName)
	}
}

func TestOpenAPIRoutesDescribed(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"default", Options{}},
		{"no admin", Options{NoAdmin: true}},
		{"api keys required", Options{APIKeys: []string{"key_a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, url := openAPIServer(t, tt.opts)
			served := servedOperations(t, sb)
			documented := documentedOperations(loadOpenAPI(t, fetchOpenAPI(t, url)))

			for _, op := range served {
				if !slices.Contains(documented, op) {
					t.Errorf("%s is served but not in the document", op)
				}
			}
			for _, op := range documented {
				if !slices.Contains(served, op) {
					t.Errorf("%s is in the document but not served", op)
				}
			}
		})
	}
}

// TestOpenAPISpecsServed checks that every description is of an operation
// the default server serves, so no description outlives its route.
func TestOpenAPISpecsServed(t *testing.T) {
	sb, _ := openAPIServer(t, Options{})
	served := servedOperations(t, sb)

	for _, spec := range operationSpecs() {
		op := spec.method + " " + spec.path
		if !slices.Contains(served, op) {
			t.Errorf("operationSpecs describes %s, which the server does not serve: remove the description or register the route", op)
		}
	}
}

// TestOpenAPIOperationsAnswer sends every documented operation to the
// server and checks that the route exists: the response is neither
// route_missing nor method_not_allowed, and its status is documented.
func TestOpenAPIOperationsAnswer(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	doc := loadOpenAPI(t, fetchOpenAPI(t, url))
	client := &http.Client{Timeout: 10 * time.Second}

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			t.Run(method+" "+path, func(t *testing.T) {
				if op.Tags[0] == tagPage && strings.HasSuffix(path, "/events") {
					t.Skip("the event stream has its own tests")
				}
				concrete := templateVar.ReplaceAllString(path, "cus_missing")
				res, body, env := sendOperation(t, client, method, url+concrete)
				if res.StatusCode == http.StatusMethodNotAllowed || env.Error.Code == codeRouteMissing {
					t.Fatalf("%s %s: got %d %s, want the route to exist", method, concrete, res.StatusCode, body)
				}
				if op.Responses.Status(res.StatusCode) == nil {
					t.Errorf("%s %s: got status %d, which the document does not list\nbody: %s", method, concrete, res.StatusCode, body)
				}
			})
		}
	}
}

// sendOperation sends method url without a body and returns the
// response, its body and, for an error, its envelope.
func sendOperation(t *testing.T, client *http.Client, method, url string) (*http.Response, []byte, errorEnvelope) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatalf("build request: %v", err)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()

	var env errorEnvelope
	_ = json.Unmarshal(body, &env)
	return res, body, env
}

// TestOpenAPIErrorExamples checks each error example against the error
// schema, with the status its code has.
func TestOpenAPIErrorExamples(t *testing.T) {
	for code, ex := range errorExamples {
		t.Run(code, func(t *testing.T) {
			if err := schemas.ValidateValue("error", errorEnvelopeExample(code)); err != nil {
				t.Errorf("example of %s: %v", code, err)
			}
			if ex.status < 400 || ex.status > 599 {
				t.Errorf("example of %s: got status %d, want an error status", code, ex.status)
			}
		})
	}
}

// TestOpenAPIErrorCodesListed checks that every error code constant has an
// example, by reading the constants from errors.go, so adding a code
// without describing it fails here.
func TestOpenAPIErrorCodesListed(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatalf("parse errors.go: %v", err)
	}

	var codes []string
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Names) != 1 || !strings.HasPrefix(spec.Names[0].Name, "code") || len(spec.Values) != 1 {
			return true
		}
		if lit, ok := spec.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			code, _ := strconv.Unquote(lit.Value)
			codes = append(codes, code)
		}
		return true
	})
	if len(codes) < 10 {
		t.Fatalf("found %d error codes in errors.go, want the whole list; has the file moved?", len(codes))
	}
	for _, code := range codes {
		if _, ok := errorExamples[code]; !ok {
			t.Errorf("error code %q has no entry in errorExamples", code)
		}
	}
}

func TestOpenAPIBuildErrors(t *testing.T) {
	tests := []struct {
		name   string
		routes []servedRoute
		want   string
	}{
		{
			name:   "undescribed route",
			routes: []servedRoute{{Path: "/v1/orders", Methods: []string{http.MethodGet}}},
			want:   "route GET /v1/orders has no OpenAPI description",
		},
		{
			name:   "undescribed method",
			routes: []servedRoute{{Path: "/v1/customers", Methods: []string{http.MethodPut}}},
			want:   "route PUT /v1/customers has no OpenAPI description",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildOpenAPI(tt.routes, "test")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestListRoutesRejectsSilentRoute(t *testing.T) {
	sb, _ := openAPIServer(t, Options{})
	router := sb.routes()
	router.Handle("/v1/silent", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	_, err := listRoutes(router)
	want := "route /v1/silent lists no methods"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got error %v, want one containing %q", err, want)
	}
}

func TestListRoutesMethods(t *testing.T) {
	sb, _ := openAPIServer(t, Options{})
	router := sb.routes()
	router.Handle("/v1/explicit", http.NotFoundHandler()).Methods(http.MethodPut, http.MethodHead)

	routes, err := listRoutes(router)
	if err != nil {
		t.Fatalf("listRoutes: %v", err)
	}
	tests := []struct {
		path string
		want []string
	}{
		{"/v1/customers/{id}", []string{http.MethodGet, http.MethodPatch}},
		{"/v1/explicit", []string{http.MethodPut}},
		{"/healthz", []string{http.MethodGet}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			i := slices.IndexFunc(routes, func(r servedRoute) bool { return r.Path == tt.path })
			if i < 0 {
				t.Fatalf("route %s not listed", tt.path)
			}
			if !slices.Equal(routes[i].Methods, tt.want) {
				t.Errorf("got methods %v, want %v", routes[i].Methods, tt.want)
			}
		})
	}
}

func TestOpenAPISchemaRefs(t *testing.T) {
	components, err := openAPISchemas()
	if err != nil {
		t.Fatalf("openAPISchemas: %v", err)
	}
	body, err := json.Marshal(components)
	if err != nil {
		t.Fatalf("encode components: %v", err)
	}

	text := string(body)
	for _, unwanted := range []string{`.json"`, `.json#`, `"$id"`, `"$schema"`, `"$defs"`} {
		if strings.Contains(text, unwanted) {
			t.Errorf("components still contain %s, want every file reference rewritten", unwanted)
		}
	}
	tests := []struct {
		component string
		want      string
	}{
		{"timestamp", "pattern"},
		{"customer_lifecycle", `"if"`},
		{"state_customer_record", `"failed_confirm_attempts"`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(components[tt.component])
		if err != nil || !strings.Contains(string(got), tt.want) {
			t.Errorf("component %s = %s, want it to contain %s", tt.component, got, tt.want)
		}
	}
}

func TestComponentRef(t *testing.T) {
	files := schemaFiles{"customer.json": {}, "defs.json": {}}
	tests := []struct {
		name string
		ref  string
		want string
		err  string
	}{
		{name: "file", ref: "customer.json", want: "#/components/schemas/customer"},
		{name: "shared definition", ref: "defs.json#/$defs/timestamp", want: "#/components/schemas/timestamp"},
		{name: "local definition", ref: "#/$defs/lifecycle", want: "#/components/schemas/customer_lifecycle"},
		{name: "absolute URL", ref: schemas.BaseURL + "customer.json", want: "#/components/schemas/customer"},
		{name: "unknown file", ref: "order.json", err: "not a file of the schemas package"},
		{name: "outside the package", ref: "https://example.com/x.json", err: "must name a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := map[string]any{"$ref": tt.ref}
			err := files.rewriteRef(v, "customer.json", 0)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("rewriteRef: %v", err)
			}
			if v["$ref"] != tt.want {
				t.Errorf("got $ref %v, want %s", v["$ref"], tt.want)
			}
		})
	}
}

// TestOpenAPIQueryParameters checks that the query parameters each
// operation lists in the document are the ones its query check accepts.
func TestOpenAPIQueryParameters(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	doc := loadOpenAPI(t, fetchOpenAPI(t, url))

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			var listed []string
			for _, p := range op.Parameters {
				if p.Value != nil && p.Value.In == "query" {
					listed = append(listed, p.Value.Name)
				}
			}
			want := slices.Clone(queryParamsOf(method, path))
			slices.Sort(listed)
			slices.Sort(want)
			if !slices.Equal(listed, want) {
				t.Errorf("%s %s: the document lists query parameters %q, want %q", method, path, listed, want)
			}
		}
	}
}

// TestUnknownQueryOnEveryOperation sends every documented operation with
// a query parameter none of them takes: each answers 400
// parameter_unknown, which the document lists.
func TestUnknownQueryOnEveryOperation(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	doc := loadOpenAPI(t, fetchOpenAPI(t, url))
	client := &http.Client{Timeout: 10 * time.Second}

	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			t.Run(method+" "+path, func(t *testing.T) {
				concrete := templateVar.ReplaceAllString(path, "cus_missing") + "?expand=customer"
				res, body, env := sendOperation(t, client, method, url+concrete)
				if res.StatusCode != http.StatusBadRequest || env.Error.Code != codeParameterUnknown {
					t.Errorf("%s %s: got %d %s, want 400 parameter_unknown", method, concrete, res.StatusCode, body)
				}
				if op.Responses.Status(res.StatusCode) == nil {
					t.Errorf("%s %s: status %d is not in the document", method, concrete, res.StatusCode)
				}
			})
		}
	}
}
