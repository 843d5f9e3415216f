package workload

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/cmd/bench/loadgen"
	"github.com/dirtylemon/api-sandbox/cmd/bench/refserver"
)

// newTarget starts a reference server and returns a target with pool
// pre-created customers.
func newTarget(t *testing.T, pool int) *Target {
	t.Helper()
	srv := httptest.NewServer(refserver.New())
	t.Cleanup(srv.Close)

	api := NewAPI(srv.URL, 4)
	t.Cleanup(api.Close)
	target := &Target{API: api, Phones: &Phones{}}
	if err := target.Populate(context.Background(), pool, 4); err != nil {
		t.Fatalf("populate: %v", err)
	}
	return target
}

func TestWorkloadsAgainstReference(t *testing.T) {
	target := newTarget(t, 50)

	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			newOp, err := target.NewOp(name)
			if err != nil {
				t.Fatalf("new op: %v", err)
			}
			r, err := loadgen.Run(context.Background(), loadgen.Config{Clients: 4, Duration: 30 * time.Millisecond}, newOp)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if r.Ops == 0 {
				t.Errorf("ops: got 0, want > 0")
			}
			if r.Errors != 0 {
				t.Errorf("errors: got %d (%v, first %q), want 0", r.Errors, r.ErrorKinds, r.FirstError)
			}
			if _, ok := Descriptions[name]; !ok {
				t.Errorf("description missing")
			}
		})
	}
}

func TestPopulateFillsPool(t *testing.T) {
	target := newTarget(t, 25)

	if got := len(target.Pool); got != 25 {
		t.Fatalf("pool: got %d ids, want 25", got)
	}
	seen := map[string]bool{}
	for _, id := range target.Pool {
		if id == "" || seen[id] {
			t.Errorf("pool id %q empty or repeated", id)
		}
		seen[id] = true
	}
}

func TestNewOpErrors(t *testing.T) {
	empty := &Target{API: NewAPI("http://127.0.0.1:1", 1), Phones: &Phones{}}

	tests := []struct {
		name     string
		workload string
	}{
		{"unknown workload", "delete"},
		{"get without pool", "get"},
		{"mix without pool", "mix"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := empty.NewOp(tc.workload); err == nil {
				t.Errorf("got no error, want one")
			}
		})
	}
}

func TestStatusErrorKind(t *testing.T) {
	target := newTarget(t, 1)

	err := target.API.GetCustomer(context.Background(), "cus_missing")
	var status *StatusError
	if !errors.As(err, &status) {
		t.Fatalf("got error %v, want a *StatusError", err)
	}
	if status.Status != http.StatusNotFound {
		t.Errorf("status: got %d, want 404", status.Status)
	}
	if got := status.Kind(); got != "HTTP 404" {
		t.Errorf("kind: got %q, want %q", got, "HTTP 404")
	}
}
