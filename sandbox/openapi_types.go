package sandbox

// The types below are the parts of an OpenAPI 3.1 document this server
// writes. Field order follows the specification's, so the encoded file
// reads top-down. Schemas stay decoded JSON (any), because they are JSON
// Schema 2020-12 documents copied from the schemas package.

// openAPIDoc is the root OpenAPI object.
type openAPIDoc struct {
	OpenAPI           string                `json:"openapi"`
	Info              openAPIInfo           `json:"info"`
	JSONSchemaDialect string                `json:"jsonSchemaDialect"`
	Security          []securityRequirement `json:"security"`
	Tags              []openAPITag          `json:"tags"`
	Paths             map[string]*pathItem  `json:"paths"`
	Components        openAPIComponents     `json:"components"`
}

type openAPIInfo struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
}

type openAPITag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// securityRequirement maps a security scheme name to its scopes; the empty
// requirement {} means "no credentials".
type securityRequirement map[string][]string

type openAPIComponents struct {
	Schemas         map[string]any            `json:"schemas"`
	Responses       map[string]*openAPIResp   `json:"responses"`
	Parameters      map[string]*parameter     `json:"parameters"`
	Headers         map[string]*header        `json:"headers"`
	SecuritySchemes map[string]securityScheme `json:"securitySchemes"`
}

type securityScheme struct {
	Type        string `json:"type"`
	Scheme      string `json:"scheme"`
	Description string `json:"description"`
}

// pathItem holds the operations of one path, one field per method.
type pathItem struct {
	Get    *operation `json:"get,omitempty"`
	Put    *operation `json:"put,omitempty"`
	Post   *operation `json:"post,omitempty"`
	Delete *operation `json:"delete,omitempty"`
	Patch  *operation `json:"patch,omitempty"`
}

type operation struct {
	OperationID string   `json:"operationId"`
	Tags        []string `json:"tags"`
	Summary     string   `json:"summary"`
	Description string   `json:"description,omitempty"`

	// Security, when not nil, replaces the document's requirement; an
	// empty list means the operation needs no API key.
	Security *[]securityRequirement `json:"security,omitempty"`

	Parameters  []*parameter            `json:"parameters,omitempty"`
	RequestBody *requestBody            `json:"requestBody,omitempty"`
	Responses   map[string]*openAPIResp `json:"responses"`
}

// parameter is a Parameter Object, or a reference to one when Ref is set.
type parameter struct {
	Ref         string `json:"$ref,omitempty"`
	Name        string `json:"name,omitempty"`
	In          string `json:"in,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
	Schema      any    `json:"schema,omitempty"`
	Example     any    `json:"example,omitempty"`
}

type requestBody struct {
	Description string               `json:"description"`
	Required    bool                 `json:"required"`
	Content     map[string]mediaType `json:"content"`
}

// openAPIResp is a Response Object, or a reference to one when Ref is set.
type openAPIResp struct {
	Ref         string               `json:"$ref,omitempty"`
	Description string               `json:"description,omitempty"`
	Headers     map[string]*header   `json:"headers,omitempty"`
	Content     map[string]mediaType `json:"content,omitempty"`
}

// header is a Header Object, or a reference to one when Ref is set.
type header struct {
	Ref         string `json:"$ref,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
	Schema      any    `json:"schema,omitempty"`
	Example     any    `json:"example,omitempty"`
}

type mediaType struct {
	Schema   any                 `json:"schema"`
	Example  any                 `json:"example,omitempty"`
	Examples map[string]*example `json:"examples,omitempty"`
}

type example struct {
	Summary string `json:"summary"`
	Value   any    `json:"value"`
}

// schemaRef returns a reference to the component schema called name.
func schemaRef(name string) map[string]any {
	return map[string]any{"$ref": componentsPrefix + name}
}
