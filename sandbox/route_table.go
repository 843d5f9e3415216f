package sandbox

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// routeTable matches request paths to the handlers of the server's
// mux.Router, with the same result as the router. The router runs one
// regular expression per route until one matches, and then copies the
// request twice with Request.WithContext to attach the path variables and
// the route. The table compares path segments and keeps the variables in
// the request's requestInfo, which in BenchmarkServeGet saves 8 of 64
// allocations per request. The router still serves the 404 of a path that
// matches no route, describes the routes for the OpenAPI document and
// matches CORS preflights.
type routeTable []tableRoute

// tableRoute is one route: its template split at "/", and its handler.
type tableRoute struct {
	template string
	segments []routeSegment
	handler  http.Handler
}

// routeSegment is a literal path segment, or a {name} variable that
// matches any non-empty segment, as mux's default pattern [^/]+ does.
type routeSegment struct {
	literal  string
	variable string // the name of a {name} segment; empty for a literal
}

// pathVar is the value of one {name} segment of the matched route, still
// percent-encoded, because the router matches the encoded path.
type pathVar struct {
	name  string
	value string
}

// newRouteTable lists the routes of router in the order the router tries
// them. Every route must be a bare path template, which is what register
// adds. A route with other matchers, such as methods or a host, or with
// a variable that has its own pattern is rejected, because the table
// would match it differently.
func newRouteTable(router *mux.Router) (routeTable, error) {
	var table routeTable
	err := router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		template, err := route.GetPathTemplate()
		if err != nil {
			return fmt.Errorf("route without a path template: %w", err)
		}
		if err := checkPathOnly(route, template); err != nil {
			return err
		}
		segments, err := parseTemplate(template)
		if err != nil {
			return err
		}
		table = append(table, tableRoute{template: template, segments: segments, handler: route.GetHandler()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build the route table: %w", err)
	}
	return table, nil
}

// checkPathOnly returns an error when route matches more than its path.
func checkPathOnly(route *mux.Route, template string) error {
	if _, err := route.GetMethods(); err == nil {
		return fmt.Errorf("route %s matches methods; add it with register, which checks methods in its handler", template)
	}
	if _, err := route.GetHostTemplate(); err == nil {
		return fmt.Errorf("route %s matches a host; the route table matches paths only", template)
	}
	if queries, err := route.GetQueriesTemplates(); err == nil && len(queries) > 0 {
		return fmt.Errorf("route %s matches query parameters; the route table matches paths only", template)
	}
	return nil
}

// parseTemplate splits a path template such as /v1/customers/{id} into
// its segments.
func parseTemplate(template string) ([]routeSegment, error) {
	parts := strings.Split(template, "/")
	segments := make([]routeSegment, len(parts))
	for i, part := range parts {
		if !strings.HasPrefix(part, "{") || !strings.HasSuffix(part, "}") {
			segments[i] = routeSegment{literal: part}
			continue
		}
		name := part[1 : len(part)-1]
		if name == "" || strings.ContainsAny(name, ":{}") {
			return nil, fmt.Errorf("route %s: segment %s is not a plain {name} variable", template, part)
		}
		segments[i] = routeSegment{variable: name}
	}
	return segments, nil
}

// match returns the first route that path, which is percent-encoded,
// matches, and the route's variables appended to vars.
func (t routeTable) match(path string, vars []pathVar) (*tableRoute, []pathVar, bool) {
	for i := range t {
		if found, ok := t[i].match(path, vars); ok {
			return &t[i], found, true
		}
	}
	return nil, vars, false
}

// match reports whether path has the route's segments, and appends the
// variables to vars when it does.
func (route *tableRoute) match(path string, vars []pathVar) ([]pathVar, bool) {
	start := len(vars)
	rest := path
	for i, segment := range route.segments {
		part := rest
		if i < len(route.segments)-1 {
			var found bool
			part, rest, found = strings.Cut(rest, "/")
			if !found {
				return vars[:start], false
			}
		} else if strings.Contains(part, "/") {
			return vars[:start], false
		}

		switch {
		case segment.variable == "" && part != segment.literal:
			return vars[:start], false
		case segment.variable != "" && part == "":
			return vars[:start], false
		case segment.variable != "":
			vars = append(vars, pathVar{name: segment.variable, value: part})
		}
	}
	return vars, true
}

// dispatch serves r with the handler of the first route its path matches.
// A path that matches none goes to the router, which returns the 404.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	info := requestInfoFrom(r.Context())
	route, vars, ok := s.table.match(r.URL.EscapedPath(), info.pathVarsBuffer[:0])
	if !ok {
		s.router.ServeHTTP(w, r)
		return
	}
	info.pathVars = vars
	route.handler.ServeHTTP(w, r)
}

// pathVariable returns the {name} segment of the matched route, still
// percent-encoded, or "" when the route has no such variable.
func pathVariable(r *http.Request, name string) string {
	for _, v := range requestInfoFrom(r.Context()).pathVars {
		if v.name == name {
			return v.value
		}
	}
	return ""
}
