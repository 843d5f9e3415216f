package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// withFaults wraps an API handler so that a matching fault of the tenant
// is served in its place, or delays its response.
func (s *Server) withFaults(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		info := requestInfoFrom(r.Context())
		f, ok := s.faults.takeHTTP(info.tenant, r.Method, info.route, r.URL.EscapedPath())
		if !ok {
			return h(w, r)
		}
		return s.injectFault(w, r, h, f)
	}
}

// injectFault serves one request with fault f. An error or a drop replaces
// the handler, so the request changes nothing. A delay alone runs the
// handler at once and holds its response, the way a slow server that
// already did the work behaves. With an error or a drop, the delay comes
// first.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, h handlerFunc, f fault) error {
	info := requestInfoFrom(r.Context())
	info.fault = f.kind()
	s.metrics.faultInjected(info.fault)
	if f.Delay > 0 {
		defer extendWriteDeadline(w, f.Delay)()
	}
	s.log.Info("fault injected", "fault", f.ID, "kind", info.fault, "request_id", info.id,
		"method", r.Method, "route", info.routeName(), "tenant", tenantHash(info.tenant))

	switch {
	case f.Drop:
		s.consumeBody(r)
		s.waitFaultDelay(r, f.Delay)
		// The server closes the connection without writing a response,
		// and recovers this panic without logging it.
		panic(http.ErrAbortHandler)
	case f.Status != 0:
		s.consumeBody(r)
		s.waitFaultDelay(r, f.Delay)
		return f.apiError()
	}

	pending := &heldResponse{ResponseWriter: w}
	if err := h(pending, r); err != nil {
		s.writeError(pending, r, err)
	}
	s.waitFaultDelay(r, f.Delay)
	pending.release()
	return nil
}

// consumeBody reads a body within the API's size limit, so the journal of a
// faulted request shows what the client sent although no handler read it.
// A body declared over the limit is left unread, as the handler would.
func (s *Server) consumeBody(r *http.Request) {
	if r.Body == nil || r.ContentLength > s.opts.MaxBodyBytes {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, s.opts.MaxBodyBytes))
}

// waitFaultDelay waits for d, or less when the client goes away or the
// server closes.
func (s *Server) waitFaultDelay(r *http.Request, d time.Duration) {
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-timer.C:
	case <-r.Context().Done():
	case <-s.closing:
	}
}

// heldResponse keeps a handler's status and body until release writes
// them. Headers go straight to the real header map, which is not sent
// before release.
type heldResponse struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (h *heldResponse) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldResponse) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.body.Write(b)
}

// release sends the held response.
func (h *heldResponse) release() {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	h.ResponseWriter.WriteHeader(h.status)
	_, _ = h.ResponseWriter.Write(h.body.Bytes())
}
