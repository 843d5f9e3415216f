package sandbox

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// servedRoute is one path template of the router with the methods it
// serves, without HEAD and OPTIONS, which every path serves alongside GET
// and for CORS.
type servedRoute struct {
	Path    string
	Methods []string
}

// implicitMethods are served on every path without an operation of their
// own: HEAD wherever GET is, and OPTIONS everywhere.
var implicitMethods = []string{http.MethodHead, http.MethodOptions}

// listRoutes walks router and returns each path template with its methods,
// sorted by path. A route registered with Methods(...) reports those. Any
// other route gets an OPTIONS request and reports the methods in its Allow
// header, which Server.route sets. A route that does neither is an error,
// so a new route cannot slip past the OpenAPI document.
func listRoutes(router *mux.Router) ([]servedRoute, error) {
	var routes []servedRoute
	err := router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		path, err := route.GetPathTemplate()
		if err != nil {
			return nil // a subrouter or a matcher without a path serves nothing itself
		}
		methods, err := routeMethods(route, path)
		if err != nil {
			return err
		}
		routes = append(routes, servedRoute{Path: path, Methods: methods})
		return nil
	})
	if err != nil {
		return nil, err
	}

	slices.SortFunc(routes, func(a, b servedRoute) int { return strings.Compare(a.Path, b.Path) })
	return routes, nil
}

func routeMethods(route *mux.Route, path string) ([]string, error) {
	methods, err := route.GetMethods()
	if err != nil {
		methods, err = probeAllow(route, path)
		if err != nil {
			return nil, err
		}
	}

	out := []string{}
	for _, m := range methods {
		m = strings.ToUpper(strings.TrimSpace(m))
		if m != "" && !slices.Contains(implicitMethods, m) && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("route %s serves no method besides HEAD and OPTIONS", path)
	}
	return out, nil
}

// templateVar matches a path variable such as {id} or {id:[0-9]+}.
var templateVar = regexp.MustCompile(`\{[^}]*\}`)

// probeAllow returns the methods in the Allow header of the route's
// response to an OPTIONS request, sent straight to its handler, past the
// middleware.
func probeAllow(route *mux.Route, path string) ([]string, error) {
	handler := route.GetHandler()
	if handler == nil {
		return nil, fmt.Errorf("route %s has no handler", path)
	}
	req, err := http.NewRequest(http.MethodOptions, templateVar.ReplaceAllString(path, "x"), nil)
	if err != nil {
		return nil, fmt.Errorf("route %s: build OPTIONS request: %w", path, err)
	}

	w := &headerRecorder{header: http.Header{}}
	handler.ServeHTTP(w, req)
	allow := w.header.Get("Allow")
	if allow == "" {
		return nil, fmt.Errorf("route %s lists no methods: register it with Server.route, or give it Methods(...)", path)
	}
	return strings.Split(allow, ","), nil
}

// headerRecorder is a ResponseWriter that keeps the headers and drops
// the body.
type headerRecorder struct {
	header http.Header
}

func (w *headerRecorder) Header() http.Header         { return w.header }
func (w *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerRecorder) WriteHeader(int)             {}
