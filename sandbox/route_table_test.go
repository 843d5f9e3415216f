package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// routeTablePaths are request paths, as sent, for comparing the route
// table with the router: every template filled in, and near misses.
var routeTablePaths = []string{
	"/", "", "/healthz", "/healthz/", "//healthz", "/metrics", "/openapi.json",
	"/v1", "/v1/", "/v1/customers", "/v1/customers/", "/v1/customers//",
	"/v1/customers/cus_1", "/v1/customers/cus_1/", "/v1/customers/cus%5F1",
	"/v1/customers/cus%2F1", "/v1/customers/a%20b", "/v1/customers/%7Bid%7D",
	"/v1/customers/cus_1/confirm", "/v1/customers/cus_1/confirm/", "/v1/customers//confirm",
	"/v1/customers/cus_1/generate_confirmation", "/v1/customers/cus_1/other",
	"/v1/customers/cus_1/confirm/extra", "/V1/customers", "/v1/Customers/cus_1",
	"/_sandbox", "/_sandbox/", "/_sandbox//", "/_sandbox/sms", "/_sandbox/sms/latest",
	"/_sandbox/sms/latest/", "/_sandbox/customers", "/_sandbox/reset", "/_sandbox/clock",
	"/_sandbox/state", "/_sandbox/capabilities", "/_sandbox/requests", "/_sandbox/events",
	"/_sandbox/faults", "/_sandbox/faults/flt_1", "/_sandbox/faults/", "/_sandbox/faults/a/b",
	"/v1/customers/" + strings.Repeat("x", 300),
}

func TestRouteTableMatchesRouter(t *testing.T) {
	for _, opts := range []Options{{}, {NoAdmin: true}} {
		s := newTestSandbox(t, opts)
		for _, path := range routeTablePaths {
			wantTemplate, wantVars := routerMatch(t, s.router, path)

			route, vars, ok := s.table.match(path, nil)
			gotTemplate := ""
			if ok {
				gotTemplate = route.template
			}
			if gotTemplate != wantTemplate {
				t.Errorf("NoAdmin=%v, path %q: table matched %q, router matched %q", opts.NoAdmin, path, gotTemplate, wantTemplate)
				continue
			}
			for _, v := range vars {
				if wantVars[v.name] != v.value {
					t.Errorf("path %q: table variable %s = %q, router has %q", path, v.name, v.value, wantVars[v.name])
				}
			}
			if len(vars) != len(wantVars) {
				t.Errorf("path %q: table has %d variables, router has %d", path, len(vars), len(wantVars))
			}
		}
	}
}

// newTestSandbox returns a sandbox with opts that is closed when t ends.
func newTestSandbox(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// routerMatch returns the template and variables of the route that the
// router matches for path, or "" when none matches.
func routerMatch(t *testing.T, router *mux.Router, path string) (string, map[string]string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.URL.Path = path
	r.URL.RawPath = ""
	if strings.Contains(path, "%") {
		r.URL.Path = mustUnescapePath(t, path)
		r.URL.RawPath = path
	}
	if r.URL.EscapedPath() != path {
		t.Fatalf("path %q: request has escaped path %q", path, r.URL.EscapedPath())
	}

	var match mux.RouteMatch
	if !router.Match(r, &match) || match.MatchErr != nil || match.Route == nil {
		return "", nil
	}
	template, err := match.Route.GetPathTemplate()
	if err != nil {
		t.Fatalf("path %q: matched route has no template: %v", path, err)
	}
	return template, match.Vars
}

func mustUnescapePath(t *testing.T, path string) string {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, "http://host"+path, nil)
	if err != nil {
		t.Fatalf("parse path %q: %v", path, err)
	}
	return r.URL.Path
}

func TestRouteTableRejectsOtherMatchers(t *testing.T) {
	tests := []struct {
		name  string
		route func(r *mux.Router)
	}{
		{name: "methods", route: func(r *mux.Router) { r.Handle("/a", http.NotFoundHandler()).Methods(http.MethodGet) }},
		{name: "host", route: func(r *mux.Router) { r.Handle("/a", http.NotFoundHandler()).Host("example.com") }},
		{name: "queries", route: func(r *mux.Router) { r.Handle("/a", http.NotFoundHandler()).Queries("q", "1") }},
		{name: "variable pattern", route: func(r *mux.Router) { r.Handle("/a/{id:[0-9]+}", http.NotFoundHandler()) }},
		{name: "no path", route: func(r *mux.Router) { r.NewRoute().Handler(http.NotFoundHandler()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			router := mux.NewRouter()
			tt.route(router)
			if _, err := newRouteTable(router); err == nil {
				t.Error("got no error, want one")
			}
		})
	}
}

func TestPathVariableReachesHandlers(t *testing.T) {
	s := newTestSandbox(t, Options{TokenMode: TokenModeFixed})
	ts := httptest.NewServer(s)
	defer ts.Close()

	resp, err := http.Post(ts.URL+"/v1/customers", "application/json",
		strings.NewReader(`{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	location := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusCreated || location == "" {
		t.Fatalf("create: got status %d and Location %q, want 201 and a Location", resp.StatusCode, location)
	}

	tests := []struct {
		name string
		path string
		want int
	}{
		{name: "customer by id", path: location, want: http.StatusOK},
		{name: "encoded underscore is the same id", path: strings.Replace(location, "_", "%5F", 1), want: http.StatusOK},
		{name: "unknown id", path: "/v1/customers/cus_missing", want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("GET %s: got status %d, want %d", tt.path, resp.StatusCode, tt.want)
			}
		})
	}
}
