// Package deviant serves the customers API with one deliberate deviation
// from the contract, so tests can prove the contract suite notices it. Each
// deviation is the sandbox with other options, or the sandbox behind a
// handler that rewrites requests or responses.
package deviant

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// Deviation is one way a server breaks the contract.
type Deviation struct {
	// Name is a short title for the test case.
	Name string

	// Scenario is the name of a scenario the suite must fail on.
	Scenario string

	// Options changes the sandbox's options; nil keeps them.
	Options func(*sandbox.Options)

	// Wrap puts a handler in front of the sandbox; nil serves it as is.
	Wrap func(srv *sandbox.Server, next http.Handler) http.Handler
}

// Start serves the deviation on a loopback port until the test ends and
// returns its URL. The sandbox requires an API key, like the runner's own.
func Start(t testing.TB, d Deviation) string {
	t.Helper()

	opts := sandbox.Options{RequireAPIKey: true}
	if d.Options != nil {
		d.Options(&opts)
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("starting the sandbox for deviation %q failed: %v", d.Name, err)
	}

	var handler http.Handler = srv
	if d.Wrap != nil {
		handler = d.Wrap(srv, srv)
	}
	ts := httptest.NewServer(handler)
	t.Cleanup(func() {
		_ = srv.Close()
		ts.Close()
	})
	return ts.URL
}
