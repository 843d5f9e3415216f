package sandbox

import (
	"fmt"
	"time"

	"github.com/hashicorp/go-memdb"
)

// deliverSMS puts a message into the outbox inside txn, unless one of the
// tenant's SMS faults makes it late, drops it or doubles it. It is the
// only path by which the API's messages reach the outbox.
func (s *Server) deliverSMS(txn *memdb.Txn, row *smsRow) error {
	f, ok := s.faults.takeSMS(row.Tenant)
	if !ok {
		return s.insertSMS(txn, row)
	}

	s.metrics.faultInjected(f.kind())
	s.log.Info("sms fault injected", "fault", f.ID, "kind", f.kind(), "sms", row.ID,
		"customer", row.CustomerID, "tenant", tenantHash(row.Tenant))
	switch f.SMS {
	case smsDrop:
		return nil
	case smsLate:
		s.scheduleLateSMS(row, f.Delay)
		return nil
	}

	if err := s.insertSMS(txn, row); err != nil {
		return err
	}
	again := *row
	again.ID = s.entropyFor(row.Tenant).newID("sms_")
	again.Seq = s.seq.Add(1)
	return s.insertSMS(txn, &again)
}

// insertSMS stores a message in the outbox and counts it as sent.
func (s *Server) insertSMS(txn *memdb.Txn, row *smsRow) error {
	id, err := uniqueID(txn, tableSMS, row.Tenant, row.ID, "sms_", s.entropyFor(row.Tenant))
	if err != nil {
		return err
	}
	row.ID = id
	if err := txn.Insert(tableSMS, row); err != nil {
		return fmt.Errorf("store sms: %w", err)
	}
	s.metrics.smsSent.Inc()
	return nil
}

// lateSMS is a message waiting for its delay to pass. cancelled is set
// under the fault store's lock when the tenant is reset or the server
// closes, so a timer that already fired delivers nothing.
type lateSMS struct {
	timer     *time.Timer
	cancelled bool
}

// scheduleLateSMS delivers row after delay of wall-clock time. The tenant
// clock does not count: moving it does not deliver the message sooner.
// row keeps its sent_at, the time the API sent it, and gets its place in
// the outbox order when it arrives.
func (s *Server) scheduleLateSMS(row *smsRow, delay time.Duration) {
	fs := s.faults
	fs.mu.Lock()
	defer fs.mu.Unlock()

	late := &lateSMS{}
	fs.tenant(row.Tenant).pending[late] = struct{}{}
	late.timer = time.AfterFunc(delay, func() { s.deliverLateSMS(row, late) })
}

// deliverLateSMS stores a late message unless it was cancelled. It takes
// the write transaction before the fault store's lock, the same order as
// a reset, which cancels inside its own write transaction.
func (s *Server) deliverLateSMS(row *smsRow, late *lateSMS) {
	txn := s.db.Txn(true)
	defer txn.Abort()

	if !s.faults.finishPending(row.Tenant, late) {
		return
	}
	row.Seq = s.seq.Add(1)
	if err := s.insertSMS(txn, row); err != nil {
		s.log.Error("deliver late sms", "sms", row.ID, "tenant", tenantHash(row.Tenant), "error", err)
		return
	}
	txn.Commit()
}

// finishPending removes a late message from the pending set and reports
// whether it is still to be delivered.
func (fs *faultStore) finishPending(tenant string, late *lateSMS) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	if late.cancelled {
		return false
	}
	if t := fs.tenants[tenant]; t != nil {
		delete(t.pending, late)
	}
	return true
}

// reset deletes a tenant's faults and cancels its late messages, so
// nothing from before a reset reaches the emptied outbox.
func (fs *faultStore) reset(tenant string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	fs.dropTenant(tenant)
}

// stop cancels every late message, for Close.
func (fs *faultStore) stop() {
	fs.mu.Lock()
	defer fs.mu.Unlock()

	for name := range fs.tenants {
		fs.dropTenant(name)
	}
}

// dropTenant deletes a tenant's faults and cancels its late messages.
// The caller holds mu.
func (fs *faultStore) dropTenant(name string) {
	t := fs.tenants[name]
	if t == nil {
		return
	}
	for late := range t.pending {
		late.cancelled = true
		late.timer.Stop()
	}
	fs.active.Add(-int64(len(t.faults)))
	delete(fs.tenants, name)
}
