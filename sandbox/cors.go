package sandbox

import (
	"net/http"
	"slices"
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
	if slices.Contains(s.opts.CORSOrigins, origin) {
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

// preflight answers a CORS preflight with 204 and the allowed methods and
// headers.
func (s *Server) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PATCH, PUT, DELETE, OPTIONS")
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
