// Package sandbox is an in-memory implementation of the Dirty Lemon
// customers API with controls for tests: a readable SMS outbox, a movable
// clock, deterministic tokens and isolated tenants per API key.
package sandbox

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/mux"
	"github.com/hashicorp/go-memdb"

	"github.com/dirtylemon/api-sandbox/sandbox/phone"
)

// Server is the sandbox: an http.Handler serving the API and the /_sandbox
// controls. Create it with New and release it with Close.
type Server struct {
	opts    Options
	log     *slog.Logger
	db      *memdb.MemDB
	handler http.Handler
	level   phone.Level
	keys    map[string]bool // allowed API keys; nil allows any

	// realNow is the wall clock that tenant clocks are offsets of.
	realNow func() time.Time

	// seq orders rows by insertion across all tenants.
	seq atomic.Uint64

	entropyMu sync.Mutex
	entropies map[string]*entropy
	anonymous *entropy // request ids for requests rejected before a tenant is known

	// resetHooks run when a tenant is reset, for per-tenant state kept
	// outside the database.
	resetHooks []func(tenant string)

	journal   *journal       // the requests of each tenant, for GET /_sandbox/requests
	faults    *faultStore    // the rules of POST /_sandbox/faults and late SMS
	metrics   *serverMetrics // served at /metrics
	apiRoutes []apiRouteInfo // the API's path templates, filled by routes

	router *mux.Router       // matches a preflight's path to its route
	allow  map[string]string // the Allow header of each path template

	closing   chan struct{} // closed by Close to end long-polls
	closeOnce sync.Once
	closeErr  error
}

// New returns a sandbox configured by opts, with the fixtures or state file
// loaded when opts names one.
func New(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	db, err := memdb.NewMemDB(dbSchema())
	if err != nil {
		return nil, fmt.Errorf("build database schema: %w", err)
	}
	level, _ := phone.ParseLevel(opts.PhoneValidation)

	s := &Server{
		opts:      opts,
		log:       opts.Logger,
		db:        db,
		level:     level,
		realNow:   time.Now,
		entropies: map[string]*entropy{},
		anonymous: newEntropy(&opts, "\x00anonymous"),
		closing:   make(chan struct{}),
		journal:   newJournal(opts.JournalSize),
		faults:    newFaultStore(),
		allow:     map[string]string{},
	}
	s.metrics = newServerMetrics(s)
	s.resetHooks = append(s.resetHooks, s.journal.clear, s.faults.reset)
	if len(opts.APIKeys) > 0 {
		s.keys = map[string]bool{}
		for _, k := range opts.APIKeys {
			s.keys[k] = true
		}
	}
	if err := s.loadStartupState(); err != nil {
		return nil, err
	}
	s.router = s.routes()
	s.handler = s.middleware(s.router)
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Close ends pending long-polls and writes the state file when one is set.
// It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.faults.stop()
		if s.opts.StateFile != "" {
			s.closeErr = s.writeStateFile(s.opts.StateFile)
		}
	})
	return s.closeErr
}

// entropyFor returns the id and token source of a tenant, creating it on
// first use.
func (s *Server) entropyFor(tenant string) *entropy {
	s.entropyMu.Lock()
	defer s.entropyMu.Unlock()

	e, ok := s.entropies[tenant]
	if !ok {
		e = newEntropy(&s.opts, tenant)
		s.entropies[tenant] = e
	}
	return e
}

// resetEntropy restarts a tenant's sequences, so a deterministic test that
// resets first gets the same ids however much traffic came before.
func (s *Server) resetEntropy(tenant string) {
	s.entropyMu.Lock()
	defer s.entropyMu.Unlock()
	delete(s.entropies, tenant)
}

// routes returns the router of the API and, unless turned off, the
// controls. Paths are matched as sent: no cleaning and no redirects.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	r.SkipClean(true)
	r.UseEncodedPath()
	r.NotFoundHandler = s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errRouteMissing(r.Method, r.URL.EscapedPath())
	})

	s.route(r, "/healthz", methods{http.MethodGet: s.health})
	s.route(r, "/metrics", methods{http.MethodGet: s.serveMetrics})
	s.apiRoute(r, "/v1/customers", methods{http.MethodPost: s.createCustomer})
	s.apiRoute(r, "/v1/customers/{id}", methods{http.MethodGet: s.getCustomer, http.MethodPatch: s.updateCustomer})
	s.apiRoute(r, "/v1/customers/{id}/confirm", methods{http.MethodPost: s.confirmCustomer})
	s.apiRoute(r, "/v1/customers/{id}/generate_confirmation", methods{http.MethodPost: s.generateConfirmation})
	s.route(r, "/openapi.json", methods{http.MethodGet: s.serveOpenAPI(r)})
	if !s.opts.NoAdmin {
		s.adminRoutes(r)
		s.pageRoutes(r)
	}
	return r
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
