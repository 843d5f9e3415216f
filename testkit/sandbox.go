package testkit

import (
	"net/http/httptest"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// StartSandbox starts the sandbox in-process on a loopback port and returns
// a client for it with no API key set. The server is closed when the test
// ends. Use Client.WithKey to act as a tenant.
func StartSandbox(t testing.TB, opts sandbox.Options) *Client {
	t.Helper()

	srv, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("starting the sandbox failed: %v", err)
	}
	ts := httptest.NewServer(srv)

	// Close the sandbox first so pending long-polls return and the HTTP
	// server does not wait for them.
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the sandbox failed: %v", err)
		}
		ts.Close()
	})
	return NewClient(ts.URL)
}
