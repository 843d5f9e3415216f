package sandbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// requestInfo is the per-request state the middleware sets before routing.
type requestInfo struct {
	id        string
	tenant    string
	entropy   *entropy
	route     string       // the matched path template; empty when none matched
	errorCode string       // set when the response is an error, for the log line
	fault     string       // the kind of HTTP fault injected, for the journal and the log
	body      *bodyCapture // the body as the handler read it; nil when not journaled
}

// tenantHash returns the logged hash of the request's tenant. The hash of
// a tenant is computed once, with its entropy.
func (info *requestInfo) tenantHash() string {
	if info.entropy != nil && info.entropy.tenant == info.tenant {
		return info.entropy.tenantHash
	}
	return tenantHash(info.tenant)
}

// routeName returns the route template, so logs and metrics group requests
// by endpoint instead of by customer id.
func (info *requestInfo) routeName() string {
	if info.route == "" {
		return "unmatched"
	}
	return info.route
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) *requestInfo {
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{tenant: DefaultTenant}
}

// middleware wraps the router with, from the outside in: request id and
// logging, panic recovery, CORS, API key checks and path checks.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		key, keyErr := s.apiKey(r)
		info := &requestInfo{tenant: key}
		if keyErr == nil {
			info.entropy = s.entropyFor(key)
			// Every row stores its tenant; the name kept with the entropy
			// is shared, so rows do not each hold a copy of the header.
			info.tenant = info.entropy.tenant
		} else {
			info.entropy = s.anonymous
		}
		info.id = info.entropy.newRequestID()
		r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))

		if !s.opts.NoAdmin && journaled(r) {
			info.body = captureBody(r)
		}

		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		rec.Header().Set("Request-Id", info.id)
		s.setCORSHeaders(rec, r)

		defer s.finishRequest(rec, r, info, start)
		defer s.recoverPanic(rec, r)

		switch {
		case isPreflight(r):
			s.preflight(rec, r)
		case keyErr != nil && !isPublic(r):
			s.writeError(rec, r, keyErr)
		case hasEncodedSlash(r):
			s.writeError(rec, r, errRouteMissing(r.Method, r.URL.EscapedPath()))
		default:
			next.ServeHTTP(rec, r)
		}
	})
}

// apiKey returns the tenant named by the bearer key, or the default
// tenant when no key is sent and none is required.
func (s *Server) apiKey(r *http.Request) (string, error) {
	values := r.Header.Values("Authorization")
	if len(values) > 1 {
		return DefaultTenant, newError(http.StatusUnauthorized, codeAPIKeyInvalid, "",
			"The request has %d Authorization headers. Send one Authorization header, as \"Bearer YOUR_KEY\".", len(values))
	}
	header := r.Header.Get("Authorization")
	if header == "" {
		if s.opts.RequireAPIKey || s.keys != nil {
			return DefaultTenant, newError(http.StatusUnauthorized, codeAPIKeyInvalid, "",
				"No API key provided. Send it in the Authorization header as \"Bearer YOUR_KEY\".")
		}
		return DefaultTenant, nil
	}

	scheme, key, ok := strings.Cut(header, " ")
	key = strings.Trim(key, " \t") // optional whitespace in HTTP is spaces and tabs only
	if !ok || !strings.EqualFold(scheme, "Bearer") || key == "" {
		return DefaultTenant, newError(http.StatusUnauthorized, codeAPIKeyInvalid, "",
			"The Authorization header is malformed. Send it as \"Bearer YOUR_KEY\".")
	}
	if !validKey(key) {
		return DefaultTenant, newError(http.StatusUnauthorized, codeAPIKeyInvalid, "",
			"The Authorization header is malformed: the key contains whitespace, a control character or invalid UTF-8. Send it as \"Bearer YOUR_KEY\".")
	}
	if s.keys != nil && !s.keys[key] {
		return DefaultTenant, newError(http.StatusUnauthorized, codeAPIKeyInvalid, "",
			"Invalid API key %s. Use one of the keys the sandbox was started with.", maskKey(key))
	}
	return key, nil
}

// validKey reports whether key can name a tenant. A key with whitespace
// or control characters is a malformed header, and one that is not valid
// UTF-8 could not be written to a state file and read back as the same
// tenant.
func validKey(key string) bool {
	if !utf8.ValidString(key) {
		return false
	}
	return strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) < 0
}

// isPublic reports whether a path is served without an API key: health
// checks and the outbox page, which requests the key in its own form.
func isPublic(r *http.Request) bool {
	switch r.URL.Path {
	case "/healthz", "/_sandbox", "/_sandbox/", "/openapi.json", "/metrics":
		return true
	}
	return false
}

// hasEncodedSlash reports whether the path hides a slash inside a segment;
// such paths are rejected so an id can never smuggle in another route.
func hasEncodedSlash(r *http.Request) bool {
	// EscapedPath, not RawPath: RawPath is empty when the path is written
	// in Go's default encoding, which is the case for "%5C".
	raw := strings.ToLower(r.URL.EscapedPath())
	return strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c")
}

// tenantHash returns a short hash of a tenant key, safe to log.
func tenantHash(tenant string) string {
	sum := sha256.Sum256([]byte(tenant))
	return hex.EncodeToString(sum[:4])
}

// maskKey shows only enough of a key to tell keys apart in a message.
func maskKey(key string) string {
	if len(key) <= 4 {
		return "****"
	}
	return "****" + key[len(key)-4:]
}

// finishRequest runs when a request ends, also when its handler panics:
// it logs the request, counts it in the metrics and adds it to the
// journal. Status 0 stands for a connection dropped by a fault.
func (s *Server) finishRequest(rec *statusRecorder, r *http.Request, info *requestInfo, start time.Time) {
	duration := time.Since(start)
	status := rec.status
	if info.fault == faultDrop {
		status = 0
	}

	s.logRequest(r, info, status, duration)
	s.metrics.observe(info.routeName(), r.Method, status, duration)
	s.recordRequest(r, info, status, start)
}

// logRequest writes the one log line of a request. It builds the record
// the way slog.Logger.LogAttrs does, with typed attributes that need no
// boxing, but without looking up the caller's program counter: that costs
// a stack walk per request, and the source it names would always be this
// function.
func (s *Server) logRequest(r *http.Request, info *requestInfo, status int, duration time.Duration) {
	ctx := context.Background()
	if !s.log.Enabled(ctx, slog.LevelInfo) {
		return
	}

	record := slog.NewRecord(time.Now(), slog.LevelInfo, "request", 0)
	record.AddAttrs(
		slog.String("method", r.Method),
		slog.String("route", info.routeName()),
		slog.Int("status", status),
		slog.Duration("duration", duration.Round(time.Microsecond)),
		slog.String("request_id", info.id),
		slog.String("tenant", info.tenantHash()),
	)
	if info.errorCode != "" {
		record.AddAttrs(slog.String("code", info.errorCode))
	}
	if info.fault != "" {
		record.AddAttrs(slog.String("fault", info.fault))
	}
	_ = s.log.Handler().Handle(ctx, record)
}

// recoverPanic turns a panicking handler into a logged 500, so one bug
// fails one request and the server keeps serving.
func (s *Server) recoverPanic(rec *statusRecorder, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	info := requestInfoFrom(r.Context())
	s.log.Error("handler panicked", "request_id", info.id, "method", r.Method, "route", info.routeName(), "panic", v)
	if !rec.wroteHeader {
		s.writeError(rec, r, errInternal())
	}
}

// statusRecorder remembers the status written, for the log line.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (rec *statusRecorder) WriteHeader(status int) {
	if !rec.wroteHeader {
		rec.status = status
		rec.wroteHeader = true
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	rec.wroteHeader = true
	return rec.ResponseWriter.Write(b)
}

// Flush lets server-sent events through the recorder.
func (rec *statusRecorder) Flush() {
	if f, ok := rec.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController access to the connection.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
