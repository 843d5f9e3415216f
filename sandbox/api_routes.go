package sandbox

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// apiRouteInfo is one path template of the customers API and the methods
// it serves. Fault rules and journal filters are checked against this
// table, so a typo in a path is rejected instead of matching nothing.
type apiRouteInfo struct {
	Template string
	Methods  []string // sorted; HEAD is listed wherever GET is
}

// apiRoute registers an API path like route does, records it in the
// table of API routes, and wraps its handlers so that the tenant's
// injected faults are served first, before any check of the request.
func (s *Server) apiRoute(r *mux.Router, path string, m methods) {
	wrapped := methods{}
	list := []string{}
	for method, h := range m {
		wrapped[method] = s.withFaults(s.withQueryCheck(path, h))
		list = append(list, method)
		if method == http.MethodGet {
			list = append(list, http.MethodHead)
		}
	}
	slices.Sort(list)

	s.apiRoutes = append(s.apiRoutes, apiRouteInfo{Template: path, Methods: list})
	s.register(r, path, wrapped)
}

// findAPIRoute returns the API route that path names: the template
// itself when path is one, else the template that path matches.
func (s *Server) findAPIRoute(path string) (apiRouteInfo, bool) {
	for _, route := range s.apiRoutes {
		if route.Template == path {
			return route, true
		}
	}
	if strings.Contains(path, "{") {
		return apiRouteInfo{}, false
	}
	for _, route := range s.apiRoutes {
		if matchTemplate(route.Template, path) {
			return route, true
		}
	}
	return apiRouteInfo{}, false
}

// apiTemplates lists the API route templates, for error messages.
func (s *Server) apiTemplates() string {
	names := make([]string, len(s.apiRoutes))
	for i, route := range s.apiRoutes {
		names[i] = route.Template
	}
	return strings.Join(names, ", ")
}

// matchTemplate reports whether path fits template segment by segment,
// where a {name} segment matches any non-empty segment.
func matchTemplate(template, path string) bool {
	for {
		tSeg, tRest, tMore := strings.Cut(template, "/")
		pSeg, pRest, pMore := strings.Cut(path, "/")
		isVar := strings.HasPrefix(tSeg, "{") && strings.HasSuffix(tSeg, "}")
		switch {
		case isVar && pSeg == "":
			return false
		case !isVar && tSeg != pSeg:
			return false
		case tMore != pMore:
			return false
		case !tMore:
			return true
		}
		template, path = tRest, pRest
	}
}
