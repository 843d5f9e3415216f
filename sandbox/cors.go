package sandbox

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// corsExposedHeaders are the response headers browser clients may read.
const corsExposedHeaders = "Request-Id, Location, Retry-After"

// setCORSHeaders lets the configured origins call the API from a browser.
func (s *Server) setCORSHeaders(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return
	}
	allowed := s.allowedOrigin(origin)
	if allowed == "" {
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", allowed)
	h.Set("Access-Control-Expose-Headers", corsExposedHeaders)
	if allowed != "*" {
		h.Add("Vary", "Origin")
	}
}

func (s *Server) allowedOrigin(origin string) string {
	if slices.Contains(s.opts.CORSOrigins, "*") {
		return "*"
	}
	// Scheme and host are case-insensitive, and browsers send them in
	// lower case, so a configured origin matches in any case.
	if slices.ContainsFunc(s.opts.CORSOrigins, func(allowed string) bool { return strings.EqualFold(allowed, origin) }) {
		return origin
	}
	return ""
}

// isPreflight reports whether r is a CORS preflight, which browsers send
// without credentials, so it must not need an API key.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions &&
		r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// anyRouteMethods are the methods some route serves, allowed by the
// preflight of a path that matches no route.
const anyRouteMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"

// preflight responds to a CORS preflight with 204 and the allowed methods and
// headers.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", s.preflightMethods(r))
	if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
		h.Set("Access-Control-Allow-Headers", req)
	} else {
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	}
	h.Set("Access-Control-Max-Age", "600")
	h.Add("Vary", "Access-Control-Request-Method")
	h.Add("Vary", "Access-Control-Request-Headers")
	w.WriteHeader(http.StatusNoContent)
}

// preflightMethods returns the methods of the route that r's path
// matches. A path that matches no route gets every method some route
// serves, so the browser sends the real request and the client can read
// its JSON 404, which a failed preflight would hide.
func (s *Server) preflightMethods(r *http.Request) string {
	var match mux.RouteMatch
	if hasEncodedSlash(r) || !s.router.Match(r, &match) || match.MatchErr != nil || match.Route == nil {
		return anyRouteMethods
	}
	path, err := match.Route.GetPathTemplate()
	if allow, ok := s.allow[path]; err == nil && ok {
		return allow
	}
	return anyRouteMethods
}
