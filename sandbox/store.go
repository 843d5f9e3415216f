package sandbox

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hashicorp/go-memdb"
)

// tenantRow is a tenant's stored settings. A tenant without a row has the
// default clock.
type tenantRow struct {
	Name  string
	Clock clockState
}

// defaultClock is real time, or in deterministic mode a clock frozen at a
// fixed instant that only the controls move.
func (s *Server) defaultClock() clockState {
	if s.opts.Deterministic {
		return clockState{Frozen: true, FrozenAt: deterministicEpoch}
	}
	return clockState{}
}

// clockIn returns a tenant's clock as seen by txn.
func (s *Server) clockIn(txn *memdb.Txn, tenant string) (clockState, error) {
	raw, err := txn.First(tableTenants, indexID, tenant)
	if err != nil {
		return clockState{}, fmt.Errorf("read tenant: %w", err)
	}
	if raw == nil {
		return s.defaultClock(), nil
	}
	return raw.(*tenantRow).Clock, nil
}

// setClock stores a tenant's clock inside a write transaction.
func setClock(txn *memdb.Txn, tenant string, c clockState) error {
	if err := txn.Insert(tableTenants, &tenantRow{Name: tenant, Clock: c}); err != nil {
		return fmt.Errorf("store tenant clock: %w", err)
	}
	return nil
}

// tenantPrefix is the argument for a prefix scan of one tenant's rows in a
// tenant-first compound index. The trailing NUL ends the tenant string the
// way the string indexer does, so tenant "a" never matches tenant "ab".
func tenantPrefix(tenant string) string {
	return tenant + "\x00"
}

// findCustomer returns a tenant's customer by id, or nil.
func findCustomer(txn *memdb.Txn, tenant, id string) (*customer, error) {
	raw, err := txn.First(tableCustomers, indexID, tenant, id)
	if err != nil {
		return nil, fmt.Errorf("read customer: %w", err)
	}
	if raw == nil {
		return nil, nil
	}
	return raw.(*customer), nil
}

// numberHolder returns the id of the customer of tenant that holds e164,
// pending or confirmed, or "" when the number is free. memdb does not
// enforce unique indexes, so this check runs inside the write transaction
// before every insert.
func numberHolder(txn *memdb.Txn, tenant, e164 string) (string, error) {
	raw, err := txn.First(tableCustomers, indexPhone, phoneKey(tenant, e164))
	if err != nil {
		return "", fmt.Errorf("read phone index: %w", err)
	}
	if raw == nil {
		return "", nil
	}
	return raw.(*customer).ID, nil
}

// sequenced is a row with an insertion sequence number.
type sequenced interface {
	sequence() uint64
}

func (c *customer) sequence() uint64 { return c.Seq }
func (m *smsRow) sequence() uint64   { return m.Seq }

// tenantScan is the index argument that selects one tenant's rows.
const tenantScan = indexID + "_prefix"

// listTenant returns every row of table belonging to tenant, oldest first.
func listTenant[T sequenced](txn *memdb.Txn, table, tenant string) ([]T, memdb.ResultIterator, error) {
	return listTenantMatching(txn, table, tenant, func(T) bool { return true })
}

// listTenantMatching returns the rows of table belonging to tenant for
// which keep is true, oldest first. Rows are filtered before they are
// sorted, so a filter that keeps few rows, such as one customer's
// messages, sorts only those.
func listTenantMatching[T sequenced](txn *memdb.Txn, table, tenant string, keep func(T) bool) ([]T, memdb.ResultIterator, error) {
	return listMatching(txn, table, tenantScan, []any{tenantPrefix(tenant)}, keep)
}

// listMatching returns the rows of table that index finds for args and
// keep accepts, oldest first.
func listMatching[T sequenced](txn *memdb.Txn, table, index string, args []any, keep func(T) bool) ([]T, memdb.ResultIterator, error) {
	it, err := txn.Get(table, index, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("list %s: %w", table, err)
	}
	var out []T
	for raw := it.Next(); raw != nil; raw = it.Next() {
		if row := raw.(T); keep(row) {
			out = append(out, row)
		}
	}
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(a.sequence(), b.sequence()) })
	return out, it, nil
}

// uniqueID returns id, or a new one drawn from e when a row of table in
// the tenant already has it. Random ids do not repeat in practice, but a
// deterministic tenant's sequence starts again after a reset or a restart
// and then runs into the ids of imported or restored rows, which an insert
// would silently replace.
func uniqueID(txn *memdb.Txn, table, tenant, id, prefix string, e *entropy) (string, error) {
	for {
		raw, err := txn.First(table, indexID, tenant, id)
		if err != nil {
			return "", fmt.Errorf("read %s ids: %w", table, err)
		}
		if raw == nil {
			return id, nil
		}
		id = e.newID(prefix)
	}
}
