package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

const (
	// snapshotLimit caps the customers and the messages in one event, so
	// a tenant with a huge outbox cannot make every change cost megabytes.
	snapshotLimit = 500

	// streamHeartbeat is how often an idle stream sends a comment, so
	// proxies keep it open and a vanished client is noticed.
	streamHeartbeat = 15 * time.Second

	// streamWriteTimeout bounds each write to the stream, replacing the
	// server's write timeout, which would otherwise end every stream.
	streamWriteTimeout = 10 * time.Second

	// streamLifetime ends every stream after a while. The page reconnects,
	// so no stream keeps a connection forever.
	streamLifetime = 10 * time.Minute
)

// outboxSnapshot is the data of one "snapshot" event: the tenant's
// customers and messages, newest first, at most snapshotLimit of each.
type outboxSnapshot struct {
	Customers      []customerJSON `json:"customers"`
	CustomersTotal int            `json:"customers_total"`
	SMS            []SMS          `json:"sms"`
	SMSTotal       int            `json:"sms_total"`
}

// outboxSnapshotSchema describes outboxSnapshot for the OpenAPI document.
func outboxSnapshotSchema() map[string]any {
	list := func(item string) map[string]any {
		return map[string]any{"type": "array", "maxItems": snapshotLimit, "items": schemaRef(item)}
	}
	count := map[string]any{"type": "integer", "minimum": 0}
	return object("Data of a snapshot event of GET /_sandbox/events: the tenant's customers and SMS, newest first, and how many there are in all.",
		[]string{"customers", "customers_total", "sms", "sms_total"},
		map[string]any{
			"customers":       list("customer"),
			"customers_total": count,
			"sms":             list("sms"),
			"sms_total":       count,
		})
}

// outboxEvents streams the tenant's customers and outbox as server-sent
// events: a snapshot now and another after every change. It returns when
// the client goes away, the server closes or streamLifetime passes.
func (s *Server) outboxEvents(w http.ResponseWriter, r *http.Request) error {
	rc := http.NewResponseController(w)
	// The server's read timeout would cancel the request while it streams;
	// a stream reads nothing more, so reading needs no deadline.
	if err := rc.SetReadDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return fmt.Errorf("clear the read deadline: %w", err)
	}

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // keeps buffering proxies from holding events back
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}

	stream := &eventStream{w: w, rc: rc, done: r.Context().Done(), closing: s.closing}
	s.streamSnapshots(stream, requestInfoFrom(r.Context()))
	return nil
}

// eventStream is one open server-sent event response.
type eventStream struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	done    <-chan struct{} // closed when the client goes away
	closing <-chan struct{} // closed when the server closes
}

// streamSnapshots writes snapshots until the stream ends. A failed read of
// the outbox is logged, because after the status line it cannot reach the
// client as JSON. A failed write means the client went away.
func (s *Server) streamSnapshots(stream *eventStream, info *requestInfo) {
	heartbeat := time.NewTicker(streamHeartbeat)
	defer heartbeat.Stop()
	lifetime := time.NewTimer(streamLifetime)
	defer lifetime.Stop()

	for {
		snapshot, customersChanged, smsChanged, err := s.snapshotOutbox(info.tenant)
		if err != nil {
			s.log.Error("read the outbox for the event stream", "request_id", info.id, "error", err)
			return
		}
		if err := stream.event("snapshot", snapshot); err != nil {
			return // the client went away
		}

		if !stream.await(heartbeat.C, lifetime.C, customersChanged, smsChanged) {
			return
		}
	}
}

// await waits until customersChanged or smsChanged is closed, writing a
// comment on every heartbeat. It reports false when the stream must end
// instead.
func (stream *eventStream) await(heartbeat, lifetime <-chan time.Time, customersChanged, smsChanged <-chan struct{}) bool {
	for {
		select {
		case <-customersChanged:
			return true
		case <-smsChanged:
			return true
		case <-heartbeat:
			if err := stream.write(": keep-alive\n\n"); err != nil {
				return false
			}
		case <-lifetime:
			return false
		case <-stream.done:
			return false
		case <-stream.closing:
			return false
		}
	}
}

// snapshotOutbox reads the tenant's customers and messages in one
// transaction, with a channel for each that is closed when it changes.
func (s *Server) snapshotOutbox(tenant string) (outboxSnapshot, <-chan struct{}, <-chan struct{}, error) {
	txn := s.db.Txn(false)
	defer txn.Abort()

	customers, customerIt, err := listTenant[*customer](txn, tableCustomers, tenant)
	if err != nil {
		return outboxSnapshot{}, nil, nil, err
	}
	messages, smsIt, err := listTenant[*smsRow](txn, tableSMS, tenant)
	if err != nil {
		return outboxSnapshot{}, nil, nil, err
	}

	out := outboxSnapshot{
		Customers:      []customerJSON{},
		CustomersTotal: len(customers),
		SMS:            []SMS{},
		SMSTotal:       len(messages),
	}
	for _, c := range newestFirst(customers) {
		out.Customers = append(out.Customers, c.toJSON(s.opts.HideConfirmationToken))
	}
	for _, m := range newestFirst(messages) {
		out.SMS = append(out.SMS, s.smsJSON(m))
	}
	return out, customerIt.WatchCh(), smsIt.WatchCh(), nil
}

// newestFirst returns the last snapshotLimit rows of an oldest-first list,
// newest first.
func newestFirst[T any](rows []T) []T {
	start := max(len(rows)-snapshotLimit, 0)
	out := slices.Clone(rows[start:])
	slices.Reverse(out)
	return out
}

// event writes one server-sent event whose data is v as JSON. JSON from
// encoding/json has no raw newlines, so the data fits on one line.
func (stream *eventStream) event(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s event: %w", name, err)
	}
	return stream.write("event: " + name + "\ndata: " + string(data) + "\n\n")
}

// write writes text and flushes it to the client within
// streamWriteTimeout.
func (stream *eventStream) write(text string) error {
	err := stream.rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
	if err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	if _, err := io.WriteString(stream.w, text); err != nil {
		return err
	}
	return stream.rc.Flush()
}
