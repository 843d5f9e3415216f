package sandbox

import (
	"fmt"

	"github.com/hashicorp/go-memdb"
)

// Table and index names, used both as map keys and as Name fields because
// go-memdb requires the two to match.
const (
	tableCustomers = "customers"
	tableSMS       = "sms"
	tableTenants   = "tenants"

	indexID       = "id"
	indexPhone    = "phone"
	indexCustomer = "customer"
)

// dbSchema returns the database schema; memdb.NewMemDB validates it.
func dbSchema() *memdb.DBSchema {
	return &memdb.DBSchema{
		Tables: map[string]*memdb.TableSchema{
			tableCustomers: customersTableSchema(),
			tableSMS:       smsTableSchema(),
			tableTenants:   tenantsTableSchema(),
		},
	}
}

// tenantIDIndex finds a row by tenant and id; ids are only unique within a
// tenant because deterministic tenants draw them from their own sequences.
// A prefix scan on the tenant alone lists the tenant's rows. There is no
// separate index by insertion order: every index entry costs several
// hundred bytes of radix-tree nodes per row, so lists sort by Seq instead.
func tenantIDIndex() *memdb.IndexSchema {
	return &memdb.IndexSchema{
		Name:   indexID,
		Unique: true,
		Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "Tenant"},
			&memdb.StringFieldIndex{Field: "ID"},
		}},
	}
}

// customersTableSchema returns the schema of the customers table.
func customersTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{
		Name: tableCustomers,
		Indexes: map[string]*memdb.IndexSchema{
			indexID: tenantIDIndex(),
			// phone serves the uniqueness check: every number a customer
			// holds, pending or confirmed, keyed by tenant. Unique is not set
			// because memdb would silently replace the entry instead of
			// rejecting a duplicate; the create path checks it instead.
			indexPhone: {
				Name:         indexPhone,
				AllowMissing: true,
				Indexer:      phoneIndexer{},
			},
		},
	}
}

// smsTableSchema returns the schema of the outbox.
func smsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{
		Name: tableSMS,
		Indexes: map[string]*memdb.IndexSchema{
			indexID: tenantIDIndex(),
			// customer finds one customer's messages for the outbox's
			// customer_id filter, which the confirmation flow reads once
			// per customer. Without it each such read scans the tenant's
			// whole outbox. Its entries add about 500 bytes of live heap
			// per message (BenchmarkStoreInsert: 1,891 to 2,400 bytes per
			// customer with one message).
			indexCustomer: {
				Name: indexCustomer,
				Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
					&memdb.StringFieldIndex{Field: "Tenant"},
					&memdb.StringFieldIndex{Field: "CustomerID"},
				}},
			},
		},
	}
}

// tenantsTableSchema returns the schema of the per-tenant settings: the
// clock and the sequence counters.
func tenantsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{
		Name: tableTenants,
		Indexes: map[string]*memdb.IndexSchema{
			indexID: {
				Name:    indexID,
				Unique:  true,
				Indexer: &memdb.StringFieldIndex{Field: "Name"},
			},
		},
	}
}

// phoneIndexer indexes a customer under each number it holds, pending or
// confirmed, qualified by tenant: the key is phoneKey(tenant, number)
// followed by a NUL, as memdb's string indexers end their keys. The keys
// are built from the customer's fields when memdb indexes the row, so the
// row does not store them.
type phoneIndexer struct{}

// FromObject returns the index keys of a *customer; a customer without a
// number has none.
func (phoneIndexer) FromObject(raw any) (bool, [][]byte, error) {
	c, ok := raw.(*customer)
	if !ok {
		return false, nil, fmt.Errorf("phone index: got %T, want *customer", raw)
	}
	var keys [][]byte
	for _, number := range []string{c.PhoneNumber, c.UnconfirmedPhoneNumber} {
		if number != "" {
			key := make([]byte, 0, len(c.Tenant)+len(number)+2)
			key = append(append(key, c.Tenant...), 0)
			keys = append(keys, append(append(key, number...), 0))
		}
	}
	return len(keys) > 0, keys, nil
}

// FromArgs returns the index key of one phoneKey argument.
func (phoneIndexer) FromArgs(args ...any) ([]byte, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("phone index: got %d arguments, want 1", len(args))
	}
	key, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("phone index: got argument of type %T, want string", args[0])
	}
	return append([]byte(key), 0), nil
}
