package sandbox

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// handlerFunc is a handler that returns its failure instead of writing it,
// so every error goes through one envelope writer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// methods maps an HTTP method to its handler on one path.
type methods map[string]handlerFunc

// route registers path with its methods, each of which rejects query
// parameters it does not take.
func (s *Server) route(r *mux.Router, path string, m methods) {
	checked := methods{}
	for method, h := range m {
		checked[method] = s.withQueryCheck(path, h)
	}
	s.register(r, path, checked)
}

// register registers path with its methods as given. HEAD is served
// wherever GET is, OPTIONS lists the methods, and any other method gets
// 405 with Allow.
func (s *Server) register(r *mux.Router, path string, m methods) {
	allow := allowedMethods(m)
	s.allow[path] = allow
	r.Handle(path, s.handle(func(w http.ResponseWriter, req *http.Request) error {
		requestInfoFrom(req.Context()).route = path
		method := req.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		if h, ok := m[method]; ok {
			return h(w, req)
		}
		w.Header().Set("Allow", allow)
		if req.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		return newError(http.StatusMethodNotAllowed, codeMethodNotAllowed, "",
			"The method %s is not allowed on %s. Allowed methods: %s.", truncate(req.Method, 20), path, allow)
	}))
}

func allowedMethods(m methods) string {
	list := []string{http.MethodOptions}
	for method := range m {
		list = append(list, method)
		if method == http.MethodGet {
			list = append(list, http.MethodHead)
		}
	}
	slices.Sort(list)
	return strings.Join(list, ", ")
}

// handle adapts a handlerFunc to http.Handler, writing any error it returns.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// writeError writes err as the JSON error envelope. Errors that are not an
// *apiError are bugs: they are logged and the client sees a bare 500.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	info := requestInfoFrom(r.Context())

	var apiErr *apiError
	if !errors.As(err, &apiErr) {
		s.log.Error("internal error", "request_id", info.id, "method", r.Method, "route", info.routeName(), "error", err)
		apiErr = errInternal()
	}
	if apiErr.RetryAfter > 0 {
		w.Header().Set("Retry-After", itoa(apiErr.RetryAfter))
	}
	if apiErr.Status == http.StatusRequestEntityTooLarge {
		// Without this, net/http reads up to 256 KiB of the unread body
		// (its maxPostHandlerReadBytes) before it sends the reply, so a
		// client that stalls mid-body would wait for its 413 until the
		// read timeout.
		w.Header().Set("Connection", "close")
	}

	body := errorEnvelope{Error: errorBody{
		Type:      errorType(apiErr.Status),
		Code:      apiErr.Code,
		Message:   apiErr.Message,
		RequestID: info.id,
	}}
	if apiErr.Param != "" {
		body.Error.Param = &apiErr.Param
	}
	info.errorCode = apiErr.Code
	_ = writeJSON(w, apiErr.Status, body)
}
