package sandbox

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Kinds of HTTP fault, as the journal's "fault" field and the metrics
// name them.
const (
	faultError = "error" // respond with an error status instead of running the handler
	faultDelay = "delay" // respond normally, but late
	faultDrop  = "drop"  // close the connection without a response
)

// SMS fault modes: what happens to the next messages the tenant sends.
const (
	smsLate   = "late"   // the message reaches the outbox after a delay
	smsDrop   = "drop"   // the message never reaches the outbox
	smsDouble = "double" // the message reaches the outbox twice
)

// fault is one rule of POST /_sandbox/faults. It applies to the next
// Count matching requests, or SMS sends when SMS is set.
type fault struct {
	ID        string
	Method    string // "" matches every method of the route
	Path      string // a route template, or an exact path when Template is false
	Template  bool
	SMS       string // an SMS mode; HTTP fields are empty when set
	Status    int
	Error     faultErrorBody
	Retry     int // Retry-After seconds; 0 sends none
	Delay     time.Duration
	Drop      bool
	Count     int
	Remaining int
}

// faultErrorBody is the code, message and param of an error fault's
// error envelope.
type faultErrorBody struct {
	Code    string
	Message string
	Param   string
}

// kind returns the fault's kind as the journal and metrics name it.
func (f *fault) kind() string {
	switch {
	case f.SMS != "":
		return "sms_" + f.SMS
	case f.Drop:
		return faultDrop
	case f.Status != 0:
		return faultError
	}
	return faultDelay
}

// matches reports whether the HTTP fault applies to a request. A GET
// fault also applies to HEAD, which the GET handler serves.
func (f *fault) matches(method, route, path string) bool {
	if f.SMS != "" {
		return false
	}
	if f.Method != "" && f.Method != method && !(f.Method == http.MethodGet && method == http.MethodHead) {
		return false
	}
	if f.Template {
		return f.Path == route
	}
	return f.Path == path
}

// apiError returns the error that an error fault responds with.
func (f *fault) apiError() *apiError {
	err := newError(f.Status, f.Error.Code, f.Error.Param, "%s", f.Error.Message)
	err.RetryAfter = f.Retry
	return err
}

// faultStore holds every tenant's faults and the late SMS waiting to be
// delivered. Taking a fault and decrementing its count happen under one
// lock, so parallel requests never use a fault more than Count times.
type faultStore struct {
	// active counts faults across tenants, so requests skip the lock
	// while no fault is set, which is almost always.
	active atomic.Int64

	mu      sync.Mutex
	tenants map[string]*tenantFaults
}

type tenantFaults struct {
	faults  []*fault // in the order they were added; the first match wins
	lastID  int
	pending map[*lateSMS]struct{}
}

func newFaultStore() *faultStore {
	return &faultStore{tenants: map[string]*tenantFaults{}}
}

// tenant returns a tenant's faults, creating them; the caller holds mu.
func (fs *faultStore) tenant(name string) *tenantFaults {
	t := fs.tenants[name]
	if t == nil {
		t = &tenantFaults{pending: map[*lateSMS]struct{}{}}
		fs.tenants[name] = t
	}
	return t
}

// add stores f with a new id and returns a copy of it.
func (fs *faultStore) add(tenant string, f fault) fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	t := fs.tenant(tenant)
	t.lastID++
	f.ID = "flt_" + strconv.Itoa(t.lastID)
	f.Remaining = f.Count
	t.faults = append(t.faults, &f)
	fs.active.Add(1)
	return f
}

// list returns copies of a tenant's active faults, oldest first.
func (fs *faultStore) list(tenant string) []fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	t := fs.tenants[tenant]
	if t == nil {
		return nil
	}
	out := make([]fault, len(t.faults))
	for i, f := range t.faults {
		out[i] = *f
	}
	return out
}

// remove deletes one fault and reports whether it existed.
func (fs *faultStore) remove(tenant, id string) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	t := fs.tenants[tenant]
	if t == nil {
		return false
	}
	for i, f := range t.faults {
		if f.ID == id {
			t.faults = append(t.faults[:i], t.faults[i+1:]...)
			fs.active.Add(-1)
			return true
		}
	}
	return false
}

// clear deletes a tenant's faults. Late SMS already on their way still
// arrive.
func (fs *faultStore) clear(tenant string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	if t := fs.tenants[tenant]; t != nil {
		fs.active.Add(-int64(len(t.faults)))
		t.faults = nil
	}
}

// take finds the first of a tenant's faults that match, uses one of its
// count and returns a copy. The fault is deleted when its count runs out.
func (fs *faultStore) take(tenant string, match func(*fault) bool) (fault, bool) {
	if fs.active.Load() == 0 {
		return fault{}, false
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()

	t := fs.tenants[tenant]
	if t == nil {
		return fault{}, false
	}
	for i, f := range t.faults {
		if !match(f) {
			continue
		}
		f.Remaining--
		if f.Remaining == 0 {
			t.faults = append(t.faults[:i], t.faults[i+1:]...)
			fs.active.Add(-1)
		}
		return *f, true
	}
	return fault{}, false
}

// takeHTTP uses the first fault that matches a request.
func (fs *faultStore) takeHTTP(tenant, method, route, path string) (fault, bool) {
	return fs.take(tenant, func(f *fault) bool { return f.matches(method, route, path) })
}

// takeSMS uses the first SMS fault of a tenant.
func (fs *faultStore) takeSMS(tenant string) (fault, bool) {
	return fs.take(tenant, func(f *fault) bool { return f.SMS != "" })
}
